/**
 * What every table generator needs: failing loudly, running the C
 * compiler over the installed headers, and the provenance header line.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SCRIPT = "scripts/gen-tables.ts";

export const fail = (msg: string): never => {
  throw new Error(`gen-tables: ${msg}`);
};

export function need(path: string): string {
  if (!existsSync(path)) fail(`required source ${path} is missing (install linux-libc-dev / mount tracefs?)`);
  return path;
}

export function run(cmd: string[], stdin?: string, env?: Record<string, string>): string {
  const p = Bun.spawnSync({
    cmd,
    stdin: stdin === undefined ? "ignore" : Buffer.from(stdin),
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, LC_ALL: "C", LANG: "C", ...env },
  });
  if (p.exitCode !== 0) fail(`${cmd.join(" ")} failed (${p.exitCode}):\n${p.stderr.toString()}`);
  return p.stdout.toString();
}

export function cc(): string {
  const found = Bun.which("cc") ?? Bun.which("gcc") ?? Bun.which("clang");
  return found ?? fail("no C compiler (cc/gcc/clang) found; it is needed to evaluate header macros");
}

/** Object-like macros visible after `prelude`, via `cc -E -dM`. */
export function macros(prelude: string, flags: string[] = []): Map<string, string> {
  const out = run([cc(), ...flags, "-E", "-dM", "-P", "-x", "c", "-"], prelude);
  const m = new Map<string, string>();
  for (const line of out.split("\n")) {
    const r = /^#define ([A-Za-z_]\w*)(?:\s+(.*))?$/.exec(line);
    if (r) m.set(r[1]!, (r[2] ?? "").trim());
  }
  return m;
}

/** The preprocessed text of `prelude` (for reading enum bodies). */
export function preprocess(prelude: string, flags: string[] = []): string {
  return run([cc(), ...flags, "-E", "-P", "-x", "c", "-"], prelude);
}

/** Evaluates integer C expressions by compiling and running a tiny program. */
export function evalC(prelude: string, exprs: string[], flags: string[] = []): Map<string, number> {
  const dir = mkdtempSync(join(tmpdir(), "swoll-gen-"));
  try {
    const lines = exprs.map((e) => `  printf("%s %lld\\n", ${JSON.stringify(e)}, (long long)(${e}));`);
    const src = `${prelude}\n#include <stdio.h>\n#include <stddef.h>\nint main(void) {\n${lines.join("\n")}\n  return 0;\n}\n`;
    writeFileSync(join(dir, "eval.c"), src);
    run([cc(), ...flags, "-w", "-o", join(dir, "eval"), join(dir, "eval.c")]);
    const res = new Map<string, number>();
    for (const line of run([join(dir, "eval")]).trim().split("\n")) {
      const sp = line.lastIndexOf(" ");
      res.set(line.slice(0, sp), Number(line.slice(sp + 1)));
    }
    return res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function strerrors(nums: number[]): Map<number, string> {
  const dir = mkdtempSync(join(tmpdir(), "swoll-gen-"));
  try {
    const src =
      `#include <stdio.h>\n#include <string.h>\nstatic const int n[] = {${nums.join(", ")}};\n` +
      `int main(void) {\n  for (unsigned i = 0; i < sizeof n / sizeof n[0]; i++)\n` +
      `    printf("%d\\t%s\\n", n[i], strerror(n[i]));\n  return 0;\n}\n`;
    writeFileSync(join(dir, "se.c"), src);
    run([cc(), "-w", "-o", join(dir, "se"), join(dir, "se.c")]);
    const res = new Map<number, string>();
    for (const line of run([join(dir, "se")]).trim().split("\n")) {
      const [num, msg] = line.split("\t");
      res.set(Number(num), msg ?? "");
    }
    return res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function header(sources: string[]): string {
  return `// generated from ${sources.join(", ")} by ${SCRIPT} — do not edit`;
}

/** `*` globs, anchored: "AF_*" matches AF_INET. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
}

/** Reads a data file: lines without `#` comments, with their 1-based numbers. */
export function dataLines(text: string): { n: number; line: string; comment: string }[] {
  const out: { n: number; line: string; comment: string }[] = [];
  text.split("\n").forEach((raw, i) => {
    const hash = raw.indexOf("#");
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    const comment = hash >= 0 ? raw.slice(hash + 1).trim() : "";
    if (line) out.push({ n: i + 1, line, comment });
  });
  return out;
}

/** `<h>` include lines for header names spelled without brackets. */
export function includes(headers: string[], defines: string[] = []): string {
  const d = defines.map((x) => {
    const [k, v] = x.split("=");
    return `#define ${k}${v !== undefined ? ` ${v}` : ""}\n`;
  });
  return d.join("") + headers.map((h) => `#include <${h}>\n`).join("");
}
