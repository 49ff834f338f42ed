/**
 * Constant sets (cli/decode/data/consts.in) → cli/decode/tables/consts-*.ts.
 * Each set's members are the macros (or enum constants) of its headers
 * that its patterns select, evaluated by the C compiler.
 */
import { readFileSync } from "node:fs";
import { dataLines, evalC, fail, globToRegExp, header, includes, macros, preprocess } from "./common.ts";

export const CONSTS_SOURCE = "cli/decode/data/consts.in";
const ARCHES = ["x86_64", "aarch64"] as const;

interface SetSpec {
  name: string;
  kind: "flags" | "values";
  file: string;
  where: string;
  headers: string[];
  defines: string[];
  match: string[];
  enums: string[];
  exclude: string[];
  arch: Map<string, string>; // name glob -> arch
  add: { name: string; value: number; arch?: string; why: string }[];
  order: "ascending" | "descending" | "header" | "listed";
  /** `order NAME…`: these first, in this order (the rest after, ascending). */
  listed: string[];
  /** The comment on unknown bits: `/* X_??? *\/` (default: the names' common prefix and ???). */
  unknown?: string;
}

function parse(text: string): SetSpec[] {
  const sets: SetSpec[] = [];
  let file = "";
  let cur: SetSpec | undefined;
  for (const { n, line, comment } of dataLines(text)) {
    const where = `${CONSTS_SOURCE}:${n}`;
    const words = line.split(/\s+/);
    const [head, ...rest] = words as [string, ...string[]];
    if (head === "@file") {
      file = rest[0] ?? fail(`${where}: @file needs a name`);
      continue;
    }
    const open = /^\[([a-z0-9_]+)\]$/.exec(head);
    if (open) {
      if (!file) fail(`${where}: a set before any @file`);
      const kind = rest[0];
      if (kind !== "flags" && kind !== "values") fail(`${where}: kind must be flags or values, got ${kind}`);
      if (sets.some((s) => s.name === open[1])) fail(`${where}: set ${open[1]} defined twice`);
      cur = { name: open[1]!, kind: kind as "flags" | "values", file, where, headers: [], defines: [], match: [], enums: [], exclude: [], arch: new Map(), add: [], order: "ascending", listed: [] };
      sets.push(cur);
      continue;
    }
    if (!cur) fail(`${where}: "${head}" outside a set`);
    const s = cur!;
    switch (head) {
      case "include": s.headers.push(...rest); break;
      case "define": s.defines.push(...rest); break;
      case "match": s.match.push(...rest); break;
      case "enum": s.enums.push(...rest); break;
      case "exclude": s.exclude.push(...rest); break;
      case "order":
        if (s.kind !== "flags") fail(`${where}: only flags have an order`);
        if (rest.length > 1 || /^[A-Z_][A-Z0-9_]*$/.test(rest[0] ?? "")) {
          s.order = "listed";
          s.listed.push(...rest);
        } else if (rest[0] === "descending" || rest[0] === "ascending" || rest[0] === "header") s.order = rest[0];
        else fail(`${where}: order is ascending, descending, header, or the names in order`);
        break;
      case "unknown":
        if (rest.length !== 1 || !/^([A-Z?_]+|-)$/.test(rest[0]!)) fail(`${where}: unknown takes one word, e.g. ?_OK, or - for no comment`);
        s.unknown = rest[0] === "-" ? "" : rest[0];
        break;
      case "arch": {
        const [arch, ...names] = rest;
        if (!(ARCHES as readonly string[]).includes(arch ?? "")) fail(`${where}: unknown arch ${arch}`);
        for (const nm of names) s.arch.set(nm, arch!);
        break;
      }
      case "add": {
        let arch: string | undefined;
        let items = rest;
        if ((ARCHES as readonly string[]).includes(items[0] ?? "")) [arch, ...items] = items as [string, ...string[]];
        if (!comment) fail(`${where}: add needs a comment naming its source`);
        for (const it of items) {
          const m = /^([A-Z_][A-Z0-9_]*)=(-?(?:0x[0-9a-f]+|\d+))$/i.exec(it) ?? fail(`${where}: bad add item ${it}`);
          s.add.push({ name: m[1]!, value: Number(m[2]), arch, why: comment });
        }
        break;
      }
      default:
        fail(`${where}: unknown directive ${head}`);
    }
  }
  return sets;
}

/** Names of the constants of `enum tag { … }` in preprocessed text. */
function enumMembers(text: string, tag: string): string[] {
  const m = new RegExp(`enum\\s+${tag}\\s*\\{([^}]*)\\}`).exec(text) ?? fail(`enum ${tag} not found`);
  return m[1]!
    .split(",")
    .map((x) => x.trim().split(/\s|=/)[0]!)
    .filter((x) => /^[A-Za-z_]\w*$/.test(x));
}

/** Macro bodies that cannot be an integer constant expression. */
const NOT_INTEGER = /__attribute__|sizeof|"|\bstruct\b|^$/;

type Entry = { name: string; value: number; arch?: string; pos?: number };

/** Where each macro is first defined in the headers' text (`cc -E -dD`), for `order header`. */
function definitionOrder(prelude: string): Map<string, number> {
  const pos = new Map<string, number>();
  preprocess(prelude, ["-dD"]).split("\n").forEach((line, i) => {
    const m = /^#define ([A-Za-z_]\w*)/.exec(line);
    if (m && !pos.has(m[1]!)) pos.set(m[1]!, i);
  });
  return pos;
}

function evaluate(s: SetSpec, cache: Map<string, Map<string, string>>): Entry[] {
  const entries: Entry[] = [];
  if (s.headers.length) {
    const prelude = includes(s.headers, s.defines);
    let m = cache.get(prelude);
    if (!m) cache.set(prelude, (m = macros(prelude)));
    const excluded = s.exclude.map(globToRegExp);
    const isExcluded = (n: string) => excluded.some((r) => r.test(n));
    const names = new Set<string>();
    for (const pat of s.match) {
      if (!pat.includes("*")) {
        if (!m.has(pat)) fail(`${s.where}: [${s.name}] ${pat} is not defined by ${s.headers.join(" ")}`);
        names.add(pat);
        continue;
      }
      const re = globToRegExp(pat);
      for (const k of m.keys()) if (re.test(k) && !NOT_INTEGER.test(m.get(k)!)) names.add(k);
    }
    if (s.enums.length) {
      const text = preprocess(prelude);
      for (const tag of s.enums) for (const n of enumMembers(text, tag)) names.add(n);
    }
    const list = [...names].filter((n) => !isExcluded(n)).sort();
    const pos = s.order === "header" ? definitionOrder(prelude) : undefined;
    if (list.length) {
      const v = evalC(prelude, list);
      for (const n of list) entries.push({ name: n, value: v.get(n) ?? fail(`${s.where}: ${n} not evaluated`), pos: pos ? (pos.get(n) ?? fail(`${s.where}: ${n} has no #define`)) : undefined });
    }
  }
  for (const a of s.add) entries.push({ name: a.name, value: a.value, arch: a.arch });
  // a flag is a bit: (1<<31) is an int in C, but the bit is 0x80000000
  if (s.kind === "flags") for (const e of entries) if (e.value < 0 && e.value >= -(2 ** 31)) e.value += 2 ** 32;
  for (const e of entries) {
    for (const [glob, arch] of s.arch) if (globToRegExp(glob).test(e.name)) e.arch = arch;
  }
  if (entries.length === 0) fail(`${s.where}: [${s.name}] has no members`);
  const seen = new Map<string, string>();
  for (const e of entries) {
    for (const arch of e.arch ? [e.arch] : ARCHES) {
      const key = `${arch}:${e.value}`;
      const other = seen.get(key);
      if (other) fail(`${s.where}: [${s.name}] ${e.name} and ${other} are both ${e.value}; exclude one`);
      seen.set(key, e.name);
    }
  }
  if (s.order === "header") return entries.sort((a, b) => (a.pos ?? Infinity) - (b.pos ?? Infinity) || a.value - b.value);
  if (s.order === "listed") {
    for (const n of s.listed) if (!entries.some((e) => e.name === n)) fail(`${s.where}: [${s.name}] order names ${n}, which is not a member`);
    const rank = (e: Entry) => (s.listed.includes(e.name) ? s.listed.indexOf(e.name) : s.listed.length);
    return entries.sort((a, b) => rank(a) - rank(b) || a.value - b.value || a.name.localeCompare(b.name));
  }
  return entries.sort((a, b) => a.value - b.value || a.name.localeCompare(b.name));
}

function render(s: SetSpec, entries: Entry[]): string {
  const num = (v: number) => (s.kind === "flags" && v >= 0 ? `0x${v.toString(16)}` : String(v));
  const row = (e: Entry) => `[${JSON.stringify(e.name)}, ${num(e.value)}${e.arch ? `, ${JSON.stringify(e.arch)}` : ""}]`;
  const from = [...s.headers, ...new Set(s.add.map((a) => a.why))].join(", ");
  const lines = [`// ${s.name}: ${from}`, `export const ${s.name.toUpperCase()}: ConstSet = {`, `  kind: ${JSON.stringify(s.kind)},`];
  // header and listed orders are the order of the entries
  if (s.order !== "ascending") lines.push(`  order: ${JSON.stringify(s.order === "descending" ? "descending" : "listed")},`);
  if (s.unknown !== undefined) lines.push(`  unknown: ${JSON.stringify(s.unknown)},`);
  lines.push("  entries: [");
  let line = "   ";
  for (const e of entries) {
    const r = ` ${row(e)},`;
    if (line.length + r.length > 110) {
      lines.push(line);
      line = "   ";
    }
    line += r;
  }
  if (line.trim()) lines.push(line);
  lines.push("  ],", "};", "");
  return lines.join("\n");
}

/** file name → contents, for every @file in consts.in. */
export function constsFiles(root: string): Map<string, string> {
  const sets = parse(readFileSync(`${root}/${CONSTS_SOURCE}`, "utf8"));
  const cache = new Map<string, Map<string, string>>();
  const files = new Map<string, SetSpec[]>();
  for (const s of sets) files.set(s.file, [...(files.get(s.file) ?? []), s]);
  const out = new Map<string, string>();
  for (const [file, list] of files) {
    const headers = [...new Set(list.flatMap((s) => s.headers))].map((h) => `<${h}>`);
    const body = list.map((s) => render(s, evaluate(s, cache)));
    out.set(
      `${file}.ts`,
      [
        header([...headers, CONSTS_SOURCE]),
        "// [name, value] or [name, value, arch] for members that exist on one arch only.",
        "type ConstSet = {",
        '  readonly kind: "flags" | "values";',
        "  /** Flags show ascending by value, or descending, or in the order of the entries (listed). */",
        '  readonly order?: "descending" | "listed";',
        "  /** The comment on unknown bits when it is not the names' common prefix followed by ??? (access: ?_OK). */",
        "  readonly unknown?: string;",
        "  readonly entries: readonly (readonly [string, number] | readonly [string, number, string])[];",
        "};",
        "",
        ...body,
      ].join("\n"),
    );
  }
  return out;
}
