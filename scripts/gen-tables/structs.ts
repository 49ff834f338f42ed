/**
 * Struct layouts (cli/decode/data/structs.in) → cli/decode/tables/structs.ts:
 * size, and each member's offset, size and signedness, measured by the C
 * compiler so that decoding never hard-codes an offset.
 */
import { readFileSync } from "node:fs";
import { dataLines, evalC, fail, header, includes } from "./common.ts";

export const STRUCTS_SOURCE = "cli/decode/data/structs.in";

interface StructSpec {
  name: string;
  arch: string;
  where: string;
  headers: string[];
  defines: string[];
  undefs: string[];
  type: string;
  fields: { name: string; path: string }[];
}

function parse(text: string): StructSpec[] {
  const out: StructSpec[] = [];
  let cur: StructSpec | undefined;
  for (const { n, line } of dataLines(text)) {
    const where = `${STRUCTS_SOURCE}:${n}`;
    const open = /^\[([a-z0-9_]+)\]\s+(x86_64|aarch64|any)$/.exec(line);
    if (open) {
      if (out.some((s) => s.name === open[1] && (s.arch === open[2] || s.arch === "any" || open[2] === "any")))
        fail(`${where}: ${open[1]} for ${open[2]} defined twice`);
      cur = { name: open[1]!, arch: open[2]!, where, headers: [], defines: [], undefs: [], type: "", fields: [] };
      out.push(cur);
      continue;
    }
    if (!cur) fail(`${where}: "${line}" outside a struct`);
    const [head, ...rest] = line.split(/\s+/) as [string, ...string[]];
    const s = cur!;
    if (head === "include") s.headers.push(...rest);
    else if (head === "define") s.defines.push(...rest);
    else if (head === "undef") s.undefs.push(...rest);
    else if (head === "type") s.type = rest.join(" ");
    else if (head === "fields")
      for (const f of rest) {
        const [name, path] = f.split("=");
        s.fields.push({ name: name!, path: path ?? name! });
      }
    else fail(`${where}: unknown directive ${head}`);
  }
  for (const s of out) if (!s.type || !s.fields.length) fail(`${s.where}: ${s.name} needs a type and fields`);
  return out;
}

const SIGNED = "signed char: 1, short: 1, int: 1, long: 1, long long: 1, default: 0";

function measure(s: StructSpec): string {
  let prelude = includes(s.headers, s.defines);
  if (s.undefs.length) {
    // The basic types keep this machine's view; only the struct's own header loses the macro.
    const push = s.undefs.map((u) => `#pragma push_macro("${u}")\n#undef ${u}\n`).join("");
    const pop = s.undefs.map((u) => `#pragma pop_macro("${u}")\n`).join("");
    prelude = `#include <linux/types.h>\n${push}${prelude}${pop}`;
  }
  const flags: string[] = [];
  const T = s.type;
  const exprs = [`sizeof(${T})`];
  for (const f of s.fields) {
    exprs.push(`offsetof(${T}, ${f.path})`, `sizeof(((${T} *)0)->${f.path})`, `_Generic((((${T} *)0)->${f.path}), ${SIGNED})`);
  }
  const v = evalC(prelude, exprs, flags);
  const get = (e: string) => v.get(e) ?? fail(`${s.where}: ${e} not evaluated`);
  const fields = s.fields.map((f) => {
    const off = get(`offsetof(${T}, ${f.path})`);
    const size = get(`sizeof(((${T} *)0)->${f.path})`);
    const signed = get(`_Generic((((${T} *)0)->${f.path}), ${SIGNED})`);
    return `    ${f.name}: [${off}, ${size}, ${signed}],`;
  });
  const id = `${s.name.toUpperCase()}${s.arch === "any" ? "" : `_${s.arch.toUpperCase()}`}`;
  return [
    `// ${T}${s.arch === "any" ? "" : ` on ${s.arch}`}: ${s.headers.map((h) => `<${h}>`).join(" ")}${s.undefs.length ? ` without ${s.undefs.join(", ")}` : ""}`,
    `export const ${id} = {`,
    `  size: ${get(`sizeof(${T})`)},`,
    "  fields: {",
    ...fields,
    "  },",
    "} as const satisfies StructLayout;",
    "",
  ].join("\n");
}

export function structsFile(root: string): string {
  const specs = parse(readFileSync(`${root}/${STRUCTS_SOURCE}`, "utf8"));
  const headers = [...new Set(specs.flatMap((s) => s.headers))].map((h) => `<${h}>`);
  return [
    header([...headers, STRUCTS_SOURCE]),
    "// Each member is [offset, size, signed]; sizes are in bytes.",
    "export interface StructLayout {",
    "  readonly size: number;",
    "  readonly fields: Readonly<Record<string, readonly [number, number, number]>>;",
    "}",
    "",
    ...specs.map(measure),
  ].join("\n");
}
