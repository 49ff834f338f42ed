#!/usr/bin/env bun
/**
 * Regenerates the decoding tables in cli/decode/tables/ ("decoding is data").
 *
 *   bun scripts/gen-tables.ts [--out DIR] [--classes FILE]
 *
 * Sources (all read on this machine; nothing is downloaded):
 *   - syscall numbers: x86_64 asm/unistd_64.h, and asm-generic/unistd.h
 *     evaluated with the __ARCH_WANT_* switches arm64's asm/unistd.h sets;
 *   - argument names/types: tracefs sys_enter_<name>/format files;
 *   - errno: asm-generic/errno{-base,}.h names, glibc strerror() messages;
 *   - open(2) and AT_* constants: the fcntl headers, evaluated by the C compiler;
 *   - flag and constant sets (AF_*, MAP_*, CLONE_*, signals, …): the UAPI and
 *     glibc headers named in cli/decode/data/consts.in, evaluated the same way;
 *   - struct layouts: offsetof/sizeof of the types in cli/decode/data/structs.in;
 *   - argument C types' sizes and signedness: cli/decode/data/ctypes.in;
 *   - classification: cli/decode/data/classes.in (hand-written);
 *   - strace's classes (%file, %process, …): cli/decode/data/trace-classes.in.
 * Output is sorted and contains no timestamps, so reruns are byte-identical.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { evalC, fail, header, macros, need, SCRIPT, strerrors } from "./gen-tables/common.ts";
import { constsFiles } from "./gen-tables/consts.ts";
import { ctypesFile } from "./gen-tables/ctypes.ts";
import { structsFile } from "./gen-tables/structs.ts";
import { traceClassesFile } from "./gen-tables/trace-classes.ts";

const ROOT = resolve(import.meta.dir, "..");

const SRC = {
  x86Unistd: "/usr/include/x86_64-linux-gnu/asm/unistd_64.h",
  genericUnistd: "/usr/include/asm-generic/unistd.h",
  errnoBase: "/usr/include/asm-generic/errno-base.h",
  errno: "/usr/include/asm-generic/errno.h",
  x86Fcntl: "/usr/include/x86_64-linux-gnu/asm/fcntl.h",
  genericFcntl: "/usr/include/asm-generic/fcntl.h",
  linuxFcntl: "/usr/include/linux/fcntl.h",
  tracefs: "/sys/kernel/tracing/events/syscalls",
  classes: "cli/decode/data/classes.in",
  kernelErrno: "cli/decode/data/errno-kernel.in",
} as const;

/** What arm64's uapi asm/unistd.h defines before including asm-generic/unistd.h. */
const ARM64_UNISTD_WANTS = [
  "__ARCH_WANT_RENAMEAT",
  "__ARCH_WANT_NEW_STAT",
  "__ARCH_WANT_SET_GET_RLIMIT",
  "__ARCH_WANT_TIME32_SYSCALLS",
  "__ARCH_WANT_SYS_CLONE3",
  "__ARCH_WANT_MEMFD_SECRET",
];
/** arm64's asm/fcntl.h overrides these before including asm-generic/fcntl.h. */
const ARM64_FCNTL_OVERRIDES: Record<string, string> = {
  O_DIRECTORY: "040000",
  O_NOFOLLOW: "0100000",
  O_DIRECT: "0200000",
  O_LARGEFILE: "0400000",
};
/** __NR_ name -> kernel entry name used by tracefs when they differ. */
const TRACEFS_ALIASES: Record<string, string> = {
  fstat: "newfstat",
  stat: "newstat",
  lstat: "newlstat",
  uname: "newuname",
  umount2: "umount",
  sendfile: "sendfile64",
};
/**
 * Argument order that differs by arch even though the kernel name is the same.
 * arm64 selects CONFIG_CLONE_BACKWARDS (tls before child_tidptr); x86_64 does not.
 * Rows are reordered by field name, so this works whichever arch generated tracefs.
 */
const ARG_ORDER: Record<string, Record<string, string[]>> = {
  x86_64: { clone: ["clone_flags", "newsp", "parent_tidptr", "child_tidptr", "tls"] },
  aarch64: { clone: ["clone_flags", "newsp", "parent_tidptr", "tls", "child_tidptr"] },
};
/** Known-good numbers; generation aborts if evaluation disagrees. */
const SANITY: Record<string, Record<string, number>> = {
  x86_64: { read: 0, openat: 257, execve: 59, getppid: 110, exit_group: 231, clone3: 435 },
  aarch64: { openat: 56, execve: 221, getppid: 173, exit_group: 94, clone3: 435, newfstatat: 79, mmap: 222 },
};
export const CLASSES = ["FileSystem", "Network", "Time", "System", "Signals", "IPC", "ProcessManagement"] as const;

/** Overridable with --classes FILE (used by tests to prove unclassified syscalls are fatal). */
let classesPath = join(ROOT, SRC.classes);

// ---------------------------------------------------------------- syscalls --

function resolveInt(m: Map<string, string>, name: string, depth = 0): number {
  const body = m.get(name) ?? fail(`macro ${name} is not defined`);
  const lit = /^\(?\s*(\d+)\s*\)?$/.exec(body);
  if (lit) return Number(lit[1]);
  const ref = /^\(?\s*([A-Za-z_]\w*)\s*\)?$/.exec(body);
  if (ref && depth < 8) return resolveInt(m, ref[1]!, depth + 1);
  return fail(`cannot evaluate ${name} = ${body}`);
}

function syscallNumbers(m: Map<string, string>, arch: string): Map<string, number> {
  const res = new Map<string, number>();
  for (const key of [...m.keys()].sort()) {
    const r = /^__NR_(\w+)$/.exec(key);
    if (!r || r[1] === "syscalls" || r[1] === "arch_specific_syscall") continue;
    res.set(r[1]!, resolveInt(m, key));
  }
  for (const [name, nr] of Object.entries(SANITY[arch] ?? {})) {
    if (res.get(name) !== nr) fail(`${arch}: ${name} evaluated to ${res.get(name)}, expected ${nr}`);
  }
  const seen = new Map<number, string>();
  for (const [name, nr] of res) {
    if (seen.has(nr)) fail(`${arch}: ${name} and ${seen.get(nr)} share number ${nr}`);
    seen.set(nr, name);
  }
  return res;
}

interface ArgInfo {
  names: string[];
  types: string[];
}

function tracefsArgs(): Map<string, ArgInfo> {
  const dir = need(SRC.tracefs);
  const res = new Map<string, ArgInfo>();
  const entries = readdirSync(dir)
    .filter((e) => e.startsWith("sys_enter_"))
    .sort();
  if (entries.length === 0) fail(`${dir} has no sys_enter_* events (kernel without CONFIG_FTRACE_SYSCALLS?)`);
  for (const ev of entries) {
    const text = readFileSync(join(dir, ev, "format"), "utf8");
    const info: ArgInfo = { names: [], types: [] };
    let afterNr = false;
    for (const line of text.split("\n")) {
      const f = /^\s*field:(.*?);\s*offset:/.exec(line);
      if (!f) continue;
      const decl = /^(.*?)\s*([A-Za-z_]\w*)$/.exec(f[1]!.trim()) ?? fail(`${ev}: cannot parse field "${f[1]}"`);
      if (decl[2] === "__syscall_nr") {
        afterNr = true;
        continue;
      }
      if (!afterNr) continue;
      info.names.push(decl[2]!);
      info.types.push(decl[1]!.replace(/\s+/g, " ").replace(/\*\s+(?=\*)/g, "*"));
    }
    res.set(ev.slice("sys_enter_".length), info);
  }
  return res;
}

/** Attributes a syscall may carry in classes.in after its group. */
const ATTRIBUTES = ["noreturn"] as const;

function readClasses(): Map<string, [string, string, string[]]> {
  const path = need(classesPath);
  const res = new Map<string, [string, string, string[]]>();
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((raw, i) => {
      const line = raw.replace(/#.*/, "").trim();
      if (!line) return;
      const parts = line.split(/\s+/);
      const where = `${SRC.classes}:${i + 1}`;
      if (parts.length < 3) fail(`${where}: expected "name Class Group [attribute...]", got "${line}"`);
      const [name, cls, group, ...attrs] = parts as [string, string, string, ...string[]];
      for (const a of attrs) if (!(ATTRIBUTES as readonly string[]).includes(a)) fail(`${where}: unknown attribute ${a} (known: ${ATTRIBUTES.join(", ")})`);
      if (!(CLASSES as readonly string[]).includes(cls)) fail(`${where}: unknown class ${cls}`);
      if (!/^[A-Z][A-Za-z]*$/.test(group)) fail(`${where}: bad group name ${group}`);
      if (res.has(name)) fail(`${where}: ${name} classified twice`);
      res.set(name, [cls, group, attrs]);
    });
  return res;
}

function reorder(arch: string, name: string, info: ArgInfo | undefined): ArgInfo | undefined {
  const order = ARG_ORDER[arch]?.[name];
  if (!info || !order) return info;
  const idx = order.map((n) => info.names.indexOf(n));
  if (idx.includes(-1) || order.length !== info.names.length) {
    fail(`${arch}: ${name} tracefs fields [${info.names}] do not match expected [${order}]`);
  }
  return { names: idx.map((i) => info.names[i]!), types: idx.map((i) => info.types[i]!) };
}

function syscallFile(arch: string, constName: string, nrs: Map<string, number>, sources: string[]): string {
  const args = tracefsArgs();
  const classes = readClasses();
  const missing = [...nrs.keys()].filter((n) => !classes.has(n)).sort();
  if (missing.length) fail(`${arch}: syscalls missing from ${SRC.classes}: ${missing.join(", ")}`);
  const rows = [...nrs.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([name, nr]) => {
      const [cls, group, attrs] = classes.get(name)!;
      const info = reorder(arch, name, args.get(TRACEFS_ALIASES[name] ?? name) ?? args.get(name));
      const a = info ? `${JSON.stringify(info.names)}, ${JSON.stringify(info.types)}` : "null, null";
      const extra = attrs.length ? `, ${attrs.map((x) => JSON.stringify(x)).join(", ")}` : "";
      return `  [${nr}, ${JSON.stringify(name)}, ${JSON.stringify(cls)}, ${JSON.stringify(group)}, ${a}${extra}],`;
    });
  return [
    header([...sources, `${SRC.tracefs}/sys_enter_*/format`, SRC.classes]),
    `// ${arch}: [nr, name, class, group, argNames, argTypes, attribute?]; argNames/argTypes are null`,
    "// when the generating kernel had no tracefs format for the syscall (args unknown);",
    '// "noreturn": the call never returns to its caller.',
    'export type SyscallRow = readonly [number, string, string, string, readonly string[] | null, readonly string[] | null, "noreturn"?];',
    "",
    `export const ${constName}: readonly SyscallRow[] = [`,
    ...rows,
    "];",
    "",
  ].join("\n");
}

// ------------------------------------------------------------------- errno --

function errnoFile(): string {
  need(SRC.errnoBase);
  const m = macros(`#include "${need(SRC.errno)}"\n`);
  const primary = new Map<number, string>();
  const aliases: [string, string][] = [];
  for (const name of [...m.keys()].sort()) {
    if (!/^E[A-Z0-9]+$/.test(name)) continue;
    const body = m.get(name)!;
    if (/^\d+$/.test(body)) {
      const n = Number(body);
      if (primary.has(n)) fail(`errno ${n} defined as both ${primary.get(n)} and ${name}`);
      primary.set(n, name);
    } else if (/^E[A-Z0-9]+$/.test(body)) {
      aliases.push([name, body]);
    } else fail(`cannot evaluate errno ${name} = ${body}`);
  }
  if (primary.get(2) !== "ENOENT" || primary.get(11) !== "EAGAIN") fail("errno headers look wrong (ENOENT/EAGAIN)");
  const nums = [...primary.keys()].sort((a, b) => a - b);
  const msgs = strerrors(nums);
  const rows = nums.map((n) => {
    const msg = msgs.get(n) ?? "";
    if (!msg || msg.startsWith("Unknown error")) fail(`strerror(${n}) has no message`);
    return [n, primary.get(n)!, msg] as const;
  });
  const kernelPath = need(join(ROOT, SRC.kernelErrno));
  for (const raw of readFileSync(kernelPath, "utf8").split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) continue;
    const r = /^(\d+)\s+(E[A-Z0-9_]+)\s+(.+)$/.exec(line) ?? fail(`${SRC.kernelErrno}: bad line "${line}"`);
    if (primary.has(Number(r[1]))) fail(`${SRC.kernelErrno}: ${r[1]} clashes with ${primary.get(Number(r[1]))}`);
    rows.push([Number(r[1]), r[2]!, r[3]!]);
  }
  rows.sort((a, b) => a[0] - b[0]);
  return [
    header([SRC.errnoBase, SRC.errno, "glibc strerror()", SRC.kernelErrno]),
    "// [errno, name, message]; aliases map an alternative name to its primary name.",
    "export const ERRNO: readonly (readonly [number, string, string])[] = [",
    ...rows.map(([n, name, msg]) => `  [${n}, ${JSON.stringify(name)}, ${JSON.stringify(msg)}],`),
    "];",
    "",
    "export const ERRNO_ALIASES: readonly (readonly [string, string])[] = [",
    ...aliases.sort().map(([a, p]) => `  [${JSON.stringify(a)}, ${JSON.stringify(p)}],`),
    "];",
    "",
  ].join("\n");
}

// -------------------------------------------------------------- open flags --

const ACCESS_MODES = ["O_RDONLY", "O_WRONLY", "O_RDWR"];
/** Header spelling -> the name open(2) documents. */
const FLAG_RENAMES: Record<string, string> = { FASYNC: "O_ASYNC" };

function openFlagSet(prelude: string): string {
  const m = macros(prelude);
  const names = [...m.keys()]
    .filter((k) => (/^O_[A-Z]+$/.test(k) || k in FLAG_RENAMES) && !/^[A-Za-z_]\w*$/.test(m.get(k)!))
    .sort();
  const v = evalC(prelude, names);
  const get = (k: string) => v.get(k) ?? fail(`${k} not evaluated`);
  const flags = names
    .filter((k) => k !== "O_ACCMODE" && !ACCESS_MODES.includes(k))
    .map((k) => [FLAG_RENAMES[k] ?? k, get(k)] as const)
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  const oct = (n: number) => `0o${n.toString(8)}`;
  return [
    "{",
    `  accmode: ${oct(get("O_ACCMODE"))},`,
    `  accessModes: [${ACCESS_MODES.map((k) => `[${JSON.stringify(k)}, ${oct(get(k))}]`).join(", ")}],`,
    "  flags: [",
    ...flags.map(([k, n]) => `    [${JSON.stringify(k)}, ${oct(n)}],`),
    "  ],",
    "}",
  ].join("\n");
}

function openFlagsFile(): string {
  const x86 = openFlagSet(`#include "${need(SRC.x86Fcntl)}"\n`);
  const armDefs = Object.entries(ARM64_FCNTL_OVERRIDES)
    .map(([k, val]) => `#define ${k} ${val}\n`)
    .join("");
  const arm = openFlagSet(`${armDefs}#include "${need(SRC.genericFcntl)}"\n`);
  const atPrelude = `#include "${need(SRC.linuxFcntl)}"\n`;
  const atNames = [...macros(atPrelude).keys()].filter((k) => /^AT_[A-Z_]+$/.test(k)).sort();
  const at = evalC(atPrelude, atNames);
  const atRows = atNames
    .map((k) => [k, at.get(k)!] as const)
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  if (at.get("AT_FDCWD") !== -100) fail("AT_FDCWD is not -100");
  const hex = (n: number) => (n < 0 ? String(n) : `0x${n.toString(16)}`);
  return [
    header([SRC.x86Fcntl, SRC.genericFcntl, "arm64 asm/fcntl.h overrides", SRC.linuxFcntl]),
    "// Per-arch open(2) flags. accessModes are VALUES of (flags & accmode), not bits.",
    "// Composite flags (O_SYNC includes O_DSYNC, O_TMPFILE includes O_DIRECTORY) keep all their bits.",
    "export interface OpenFlagSet {",
    "  readonly accmode: number;",
    "  readonly accessModes: readonly (readonly [string, number])[];",
    "  readonly flags: readonly (readonly [string, number])[];",
    "}",
    "",
    `export const OPEN_FLAGS_X86_64: OpenFlagSet = ${x86};`,
    "",
    `export const OPEN_FLAGS_AARCH64: OpenFlagSet = ${arm};`,
    "",
    "// AT_* constants from linux/fcntl.h (several share a value; meaning depends on the syscall).",
    "export const AT_CONSTANTS: readonly (readonly [string, number])[] = [",
    ...atRows.map(([k, n]) => `  [${JSON.stringify(k)}, ${hex(n)}],`),
    "];",
    "",
  ].join("\n");
}

// -------------------------------------------------------------------- main --

export function generate(): Map<string, string> {
  const files = new Map<string, string>();
  const x86 = syscallNumbers(macros(`#include "${need(SRC.x86Unistd)}"\n`), "x86_64");
  files.set("syscalls-x86_64.ts", syscallFile("x86_64", "SYSCALLS_X86_64", x86, [SRC.x86Unistd]));
  const armPrelude = ARM64_UNISTD_WANTS.map((w) => `#define ${w}\n`).join("") + `#include "${need(SRC.genericUnistd)}"\n`;
  const armMacros = macros(armPrelude);
  if (armMacros.get("__BITS_PER_LONG") !== "64") fail("asm-generic/unistd.h must be evaluated with __BITS_PER_LONG 64");
  const arm = syscallNumbers(armMacros, "aarch64");
  const armSrc = `${SRC.genericUnistd} (arm64 __ARCH_WANT_*)`;
  files.set("syscalls-aarch64.ts", syscallFile("aarch64", "SYSCALLS_AARCH64", arm, [armSrc]));
  files.set("syscall-classes.ts", traceClassesFile(ROOT, new Set([...x86.keys(), ...arm.keys()])));
  files.set("errno.ts", errnoFile());
  files.set("open-flags.ts", openFlagsFile());
  for (const [name, text] of constsFiles(ROOT)) files.set(name, text);
  files.set("structs.ts", structsFile(ROOT));
  files.set("ctypes.ts", ctypesFile(ROOT, [...tracefsArgs().values()].flatMap((a) => a.types)));
  return files;
}

function main(argv: string[]): void {
  let out = join(ROOT, "cli/decode/tables");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--out") out = resolve(argv[++i] ?? fail("--out needs a directory"));
    else if (a.startsWith("--out=")) out = resolve(a.slice("--out=".length));
    else if (a === "--classes") classesPath = resolve(argv[++i] ?? fail("--classes needs a file"));
    else fail(`unknown argument ${a} (usage: bun ${SCRIPT} [--out DIR] [--classes FILE])`);
  }
  const files = generate();
  mkdirSync(out, { recursive: true });
  for (const [name, text] of files) {
    writeFileSync(join(out, name), text);
    console.log(`wrote ${join(out, name)} (${text.split("\n").length - 1} lines)`);
  }
}

if (import.meta.main) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
