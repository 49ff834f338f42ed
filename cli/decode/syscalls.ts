// Syscall lookup over the generated per-arch tables (cli/decode/tables/).
// The tables are data produced by scripts/gen-tables.ts; this module only indexes them.
import { SYSCALLS_AARCH64 } from "./tables/syscalls-aarch64.ts";
import { SYSCALLS_X86_64, type SyscallRow } from "./tables/syscalls-x86_64.ts";

export interface SyscallInfo {
  nr: number;
  /** kernel name without prefix, e.g. "openat" */
  name: string;
  /** "sys_openat" */
  fullName: string;
  class: string;
  group: string;
  argNames: string[];
  argTypes: string[];
  /** The architecture whose table this entry comes from (struct layouts differ). */
  arch: Arch;
  /**
   * Set (true) when argument names/types are unknown: the generating kernel had no
   * tracefs format for this syscall, or the number is not in the table. Callers should
   * then print raw arg0..arg5. Absent means argNames/argTypes are authoritative.
   */
  argsUnknown?: true;
  /** The call never returns to its caller (exit, exit_group): the probe emits and counts it at entry. */
  noReturn?: true;
}

export type Arch = "x86_64" | "aarch64";


export const SYSCALL_CLASSES = [
  "FileSystem",
  "Network",
  "Time",
  "System",
  "Signals",
  "IPC",
  "ProcessManagement",
] as const;

const ROWS: Record<Arch, readonly SyscallRow[]> = {
  x86_64: SYSCALLS_X86_64,
  aarch64: SYSCALLS_AARCH64,
};

export function currentArch(): Arch {
  switch (process.arch) {
    case "x64":
      return "x86_64";
    case "arm64":
      return "aarch64";
    default:
      throw new Error(`swoll: unsupported CPU architecture "${process.arch}" (supported: x86_64, aarch64)`);
  }
}

function toInfo(row: SyscallRow, arch: Arch): SyscallInfo {
  const [nr, name, cls, group, argNames, argTypes, attribute] = row;
  const info: SyscallInfo = {
    nr,
    name,
    fullName: `sys_${name}`,
    class: cls,
    group,
    argNames: argNames ? [...argNames] : [],
    argTypes: argTypes ? [...argTypes] : [],
    arch,
  };
  if (!argNames) info.argsUnknown = true;
  if (attribute === "noreturn") info.noReturn = true;
  return info;
}

/** Levenshtein distance, two-row variant. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

function stripPrefix(name: string): string {
  const n = name.trim().toLowerCase();
  return n.startsWith("sys_") ? n.slice(4) : n;
}

export class SyscallTable {
  readonly arch: Arch;
  private readonly list: SyscallInfo[];
  private readonly nrIndex = new Map<number, SyscallInfo>();
  private readonly nameIndex = new Map<string, SyscallInfo>();

  constructor(arch: Arch) {
    this.arch = arch;
    this.list = ROWS[arch].map((r) => toInfo(r, arch));
    for (const s of this.list) {
      this.nrIndex.set(s.nr, s);
      this.nameIndex.set(s.name, s);
    }
  }

  byNr(nr: number): SyscallInfo | undefined {
    return this.nrIndex.get(nr);
  }

  /** Accepts "openat" and "sys_openat" (case-insensitive). */
  byName(name: string): SyscallInfo | undefined {
    return this.nameIndex.get(stripPrefix(name));
  }

  /** All syscalls, sorted by number. Returns a fresh array. */
  all(): SyscallInfo[] {
    return [...this.list];
  }

  /** Up to n valid names nearest to `name` by edit distance (for "did you mean"). */
  closest(name: string, n = 3): string[] {
    const want = stripPrefix(name);
    if (n <= 0 || want === "") return [];
    const limit = Math.max(2, Math.floor(want.length / 2));
    return this.list
      .map((s) => ({ name: s.name, d: editDistance(want, s.name) }))
      .filter((c) => c.d <= limit || c.name.startsWith(want))
      .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
      .slice(0, n)
      .map((c) => c.name);
  }

  /** Calls that never return (exit, exit_group): the probe emits and counts them at entry. */
  noReturnNrs(): number[] {
    return this.list.filter((s) => s.noReturn).map((s) => s.nr);
  }

  maxNr(): number {
    return this.list.reduce((m, s) => Math.max(m, s.nr), -1);
  }
}

const cache = new Map<Arch, SyscallTable>();

/** The (cached) table for `arch`, defaulting to the machine's architecture. */
export function syscallTable(arch: Arch = currentArch()): SyscallTable {
  let t = cache.get(arch);
  if (!t) {
    if (!(arch in ROWS)) throw new Error(`swoll: unsupported architecture "${String(arch)}"`);
    t = new SyscallTable(arch);
    cache.set(arch, t);
  }
  return t;
}

/** Placeholder for a number missing from the table (e.g. newer than the headers). */
export function unknownSyscall(nr: number, arch: Arch = currentArch()): SyscallInfo {
  return {
    nr,
    name: `syscall_${nr}`,
    fullName: `sys_syscall_${nr}`,
    class: "System",
    group: "Misc",
    argNames: [],
    argTypes: [],
    arch,
    argsUnknown: true,
  };
}
