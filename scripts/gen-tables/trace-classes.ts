/**
 * strace-style syscall classes (%file, %process, …) as a generated table:
 * cli/decode/data/trace-classes.in lists each syscall's classes; the output
 * maps each class to its member names, keeping only names some arch knows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fail, header, need } from "./common.ts";

export const TRACE_CLASSES_SRC = "cli/decode/data/trace-classes.in";
export const TRACE_CLASS_NAMES = [
  "%clock", "%creds", "%desc", "%file", "%fstat", "%fstatfs", "%ipc", "%lstat",
  "%memory", "%network", "%process", "%pure", "%signal", "%stat", "%statfs",
] as const;

export function traceClassesFile(root: string, known: Set<string>): string {
  const members = new Map<string, string[]>(TRACE_CLASS_NAMES.map((c) => [c, []]));
  const seen = new Set<string>();
  readFileSync(need(join(root, TRACE_CLASSES_SRC)), "utf8")
    .split("\n")
    .forEach((raw, i) => {
      const line = raw.replace(/#.*/, "").trim();
      if (!line) return;
      const where = `${TRACE_CLASSES_SRC}:${i + 1}`;
      const [name, ...classes] = line.split(/\s+/) as [string, ...string[]];
      if (!/^\w+$/.test(name) || classes.length === 0) fail(`${where}: expected "name %class…", got "${line}"`);
      if (seen.has(name)) fail(`${where}: ${name} listed twice`);
      seen.add(name);
      for (const c of classes) {
        const list = members.get(c) ?? fail(`${where}: unknown class ${c} (known: ${TRACE_CLASS_NAMES.join(" ")})`);
        if (known.has(name)) list.push(name);
      }
    });
  for (const [c, list] of members) if (list.length === 0) fail(`${TRACE_CLASSES_SRC}: class ${c} has no member any arch knows`);
  return [
    header([TRACE_CLASSES_SRC]),
    "// strace's syscall classes → member names (any arch; a name missing from an arch's table is skipped there).",
    "export const TRACE_CLASS_MEMBERS: Readonly<Record<string, readonly string[]>> = {",
    ...[...members].map(([c, list]) => `  ${JSON.stringify(c)}: ${JSON.stringify(list.sort())},`),
    "};",
    "",
  ].join("\n");
}
