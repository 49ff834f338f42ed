/**
 * The scalar C types of syscall arguments → cli/decode/tables/ctypes.ts:
 * each type's size in bytes and whether it is signed, as the C compiler
 * lays them out (declarations in cli/decode/data/ctypes.in).
 */
import { readFileSync } from "node:fs";
import { dataLines, evalC, fail, header, includes } from "./common.ts";

export const CTYPES_SOURCE = "cli/decode/data/ctypes.in";

/** The scalar part of a declared type: qualifiers dropped; undefined for pointers. */
export function scalarType(t: string): string | undefined {
  if (t.includes("*")) return undefined;
  return t.replace(/\bconst\b|\bvolatile\b/g, " ").replace(/\s+/g, " ").trim();
}

/** `types`: every argument type the syscall tables name. */
export function ctypesFile(root: string, types: Iterable<string>): string {
  const headers: string[] = [];
  const typedefs: string[] = [];
  const kernel = new Map<string, string>();
  for (const { n, line, comment } of dataLines(readFileSync(`${root}/${CTYPES_SOURCE}`, "utf8"))) {
    const [head, ...rest] = line.split(/\s+/);
    if (head === "include") headers.push(...rest);
    else if (head === "typedef") {
      if (!comment) fail(`${CTYPES_SOURCE}:${n}: a typedef needs a comment naming its source`);
      typedefs.push(line.endsWith(";") ? line : `${line};`);
    } else if (head === "kernel" && rest.length === 2) {
      if (!comment) fail(`${CTYPES_SOURCE}:${n}: a kernel type needs a comment naming its source`);
      kernel.set(rest[0]!, rest[1]!);
    } else fail(`${CTYPES_SOURCE}:${n}: unknown directive ${head}`);
  }
  const names = [...new Set([...types].map(scalarType).filter((t): t is string => t !== undefined))].sort();
  const prelude = `${includes(headers, ["_GNU_SOURCE"])}${typedefs.join("\n")}\n`;
  const size = evalC(prelude, names.map((t) => `sizeof(${kernel.get(t) ?? t})`));
  const signed = evalC(prelude, names.map((t) => `(${kernel.get(t) ?? t})-1 < (${kernel.get(t) ?? t})0`));
  const rows = names.map((name) => {
    const t = kernel.get(name) ?? name;
    const bytes = size.get(`sizeof(${t})`) ?? fail(`${CTYPES_SOURCE}: sizeof(${t}) not evaluated`);
    const neg = signed.get(`(${t})-1 < (${t})0`) ?? fail(`${CTYPES_SOURCE}: signedness of ${t} not evaluated`);
    return `  [${JSON.stringify(name)}, ${bytes}, ${neg ? "true" : "false"}],`;
  });
  return [
    header([...headers.map((h) => `<${h}>`), CTYPES_SOURCE]),
    "// [C type, size in bytes, signed] of every scalar argument type in the syscall tables",
    "// (qualifiers dropped; pointers are not listed: they are full registers).",
    "export const CTYPES: readonly (readonly [string, number, boolean])[] = [",
    ...rows,
    "];",
    "",
  ].join("\n");
}
