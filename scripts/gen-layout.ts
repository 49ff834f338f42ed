#!/usr/bin/env bun
/**
 * Generates cli/decode/layout.ts from bpf/events.h, the way bpf2go
 * generates Go types: the header's structs, enums and #defines are read
 * for their names and comments, and a C compiler, given the header
 * itself, prints every offsetof, sizeof and value. Nothing is copied by
 * hand, so the kernel's records and TypeScript's view of them cannot drift.
 *
 *   bun scripts/gen-layout.ts [--out FILE]
 *
 * Run by build.ts; test/decode/freshness.test.ts checks the committed file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const HEADER = "bpf/events.h";
const SCRIPT = "scripts/gen-layout.ts";
const DEFAULT_OUT = "cli/decode/layout.ts";

interface Named {
  name: string;
  doc: string | null;
}
interface Struct extends Named {
  fields: Named[];
}
interface Enum extends Named {
  members: Named[];
}

const TRAILING = /\/\*\s*(.*?)\s*\*\/\s*$/;

function fail(msg: string): never {
  process.stderr.write(`gen-layout: ${msg}\n`);
  process.exit(1);
}

/** The header's #defines, enums and structs, in order, with their trailing comments. */
export function parseHeader(text: string): { defines: Named[]; enums: Enum[]; structs: Struct[] } {
  const defines: Named[] = [];
  for (const m of text.matchAll(/^#define\s+(SWOLL_\w+)[ \t]+(\S[^\n]*)$/gm)) defines.push({ name: m[1]!, doc: TRAILING.exec(m[2]!)?.[1] ?? null });
  const block = (kind: string) =>
    [...text.matchAll(new RegExp(`^(?:/\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\n)?${kind} (swoll_\\w+) \\{\\n([\\s\\S]*?)^\\};`, "gm"))].map((m) => ({
      name: m[2]!,
      doc: m[1] ? m[1].replace(/^\s*\* ?/gm, "").replace(/\s+/g, " ").trim() : null,
      body: m[3]!.split("\n"),
    }));
  const enums = block("enum").map(({ name, doc, body }) => ({
    name,
    doc,
    members: body.flatMap((l) => {
      const m = /^\s*(SWOLL_\w+)\b/.exec(l);
      return m ? [{ name: m[1]!, doc: TRAILING.exec(l)?.[1] ?? null }] : [];
    }),
  }));
  const structs = block("struct").map(({ name, doc, body }) => ({
    name,
    doc,
    fields: body.flatMap((l) => {
      const m = /^\s*(?:struct\s+\w+|\w+)\s+(\w+)(?:\[[^\]]*\])?\s*;/.exec(l);
      return m ? [{ name: m[1]!, doc: TRAILING.exec(l)?.[1] ?? null }] : [];
    }),
  }));
  return { defines, enums, structs };
}

/** Compile a program that prints every value the header defines, and run it. */
function evaluate(h: ReturnType<typeof parseHeader>): Map<string, number> {
  const lines: string[] = [];
  const p = (key: string, expr: string) => lines.push(`\tprintf("%s %lld\\n", "${key}", (long long)(${expr}));`);
  for (const d of h.defines) if (d.name !== "SWOLL_EVENTS_H") p(d.name, d.name);
  for (const e of h.enums) for (const m of e.members) p(m.name, m.name);
  for (const s of h.structs) {
    p(`${s.name}.sizeof`, `sizeof(struct ${s.name})`);
    for (const f of s.fields) p(`${s.name}.${f.name}`, `offsetof(struct ${s.name}, ${f.name})`);
  }
  const src = `#include <stddef.h>\n#include <stdio.h>\n#include <linux/types.h>\n#include "events.h"\nint main(void)\n{\n${lines.join("\n")}\n\treturn 0;\n}\n`;
  const dir = mkdtempSync(join(tmpdir(), "swoll-layout-"));
  try {
    writeFileSync(join(dir, "layout.c"), src);
    const cc = Bun.spawnSync(["cc", "-Wall", "-Werror", `-I${join(ROOT, "bpf")}`, "-o", join(dir, "layout"), join(dir, "layout.c")], { stderr: "pipe" });
    if (cc.exitCode !== 0) fail(`compiling the layout printer failed:\n${cc.stderr}`);
    const run = Bun.spawnSync([join(dir, "layout")], { stdout: "pipe", stderr: "pipe" });
    if (run.exitCode !== 0) fail(`the layout printer failed:\n${run.stderr}`);
    const out = new Map<string, number>();
    for (const line of run.stdout.toString().trim().split("\n")) {
      const [k, v] = line.split(" ");
      out.set(k!, Number(v));
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const camel = (s: string) => s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => camel(s).replace(/^./, (c) => c.toUpperCase());
const docLine = (doc: string | null, indent = "") => (doc ? `${indent}/** ${doc.replace(/\*\//g, "* /")} */\n` : "");
/** SWOLL_EVF_NO_RETURN → NO_RETURN: the prefix is the first two words. */
const memberSuffix = (name: string) => name.split("_").slice(2).join("_");

export function render(h: ReturnType<typeof parseHeader>, v: Map<string, number>): string {
  const get = (k: string) => {
    const n = v.get(k);
    if (n === undefined || !Number.isSafeInteger(n)) fail(`no value for ${k}`);
    return n;
  };
  let out = `// generated from ${HEADER} by ${SCRIPT} — do not edit\n`;
  out += `/* The kernel/user boundary as the C compiler lays it out: offsets and sizes of\n * every struct, every enum and #define of ${HEADER}. */\n\n`;
  for (const d of h.defines) {
    if (d.name === "SWOLL_EVENTS_H") continue;
    out += docLine(d.doc) + `export const ${d.name.slice("SWOLL_".length)} = ${get(d.name)};\n`;
  }
  for (const s of h.structs) {
    const name = s.name.slice("swoll_".length).toUpperCase();
    out += `\n/** Byte offsets of struct ${s.name}'s fields, and its \`size\`.${s.doc ? ` ${s.doc.replace(/\*\//g, "* /")}` : ""} */\n`;
    out += `export const ${name} = {\n  size: ${get(`${s.name}.sizeof`)},\n`;
    for (const f of s.fields) {
      if (f.name === "size") fail(`struct ${s.name} has a field named size, which would shadow its sizeof`);
      out += docLine(f.doc, "  ") + `  ${camel(f.name)}: ${get(`${s.name}.${f.name}`)},\n`;
    }
    out += `} as const;\n`;
  }
  for (const e of h.enums) {
    const members = e.members.filter((m) => !memberSuffix(m.name).startsWith("_"));
    if (e.name === "swoll_counter") {
      members.forEach((m, i) => get(m.name) === i || fail(`${m.name} is not ${i}: counters must be dense from 0`));
      out += `\n${docLine(e.doc ?? "Names of enum swoll_counter, indexed by value.")}export const COUNTER_NAMES = [${members.map((m) => `"${memberSuffix(m.name).toLowerCase()}"`).join(", ")}] as const;\n`;
      out += `export type CounterName = (typeof COUNTER_NAMES)[number];\n`;
      continue;
    }
    out += `\n/** enum ${e.name}.${e.doc ? ` ${e.doc}` : ""} */\nexport const ${pascal(e.name.slice("swoll_".length))} = {\n`;
    for (const m of members) out += docLine(m.doc, "  ") + `  ${pascal(memberSuffix(m.name))}: ${get(m.name)},\n`;
    out += `} as const;\n`;
  }
  return out;
}

if (import.meta.main) {
  const i = process.argv.indexOf("--out");
  const out = resolve(ROOT, i > 0 ? (process.argv[i + 1] ?? fail("--out needs a file")) : DEFAULT_OUT);
  const h = parseHeader(readFileSync(join(ROOT, HEADER), "utf8"));
  if (!h.structs.some((s) => s.name === "swoll_event")) fail(`no struct swoll_event found in ${HEADER}`);
  writeFileSync(out, render(h, evaluate(h)));
}
