// Flag rendering over the generated constants (cli/decode/tables/open-flags.ts).
import { currentArch, type Arch } from "./syscalls.ts";
import { AT_CONSTANTS, OPEN_FLAGS_AARCH64, OPEN_FLAGS_X86_64, type OpenFlagSet } from "./tables/open-flags.ts";

const TWO32 = 2 ** 32;

const highBit = (v: number): number => 31 - Math.clz32(v);
const popcount = (v: number): number => {
  let c = 0;
  for (let x = v >>> 0; x; x &= x - 1) c++;
  return c;
};

interface Prepared {
  set: OpenFlagSet;
  /** Composite flags first so O_SYNC claims O_DSYNC's bit, O_TMPFILE claims O_DIRECTORY's. */
  claimOrder: (readonly [string, number])[];
}

function prepare(set: OpenFlagSet): Prepared {
  const claimOrder = set.flags
    .filter(([, v]) => v > 0)
    .sort((a, b) => popcount(b[1]) - popcount(a[1]) || a[1] - b[1]);
  return { set, claimOrder };
}

const OPEN: Record<Arch, Prepared> = {
  x86_64: prepare(OPEN_FLAGS_X86_64),
  aarch64: prepare(OPEN_FLAGS_AARCH64),
};

/** Splits a flags value into [high 32 bits, low 32 bits]; negatives are taken as int32. */
function split(flags: number): [number, number] {
  if (!Number.isInteger(flags)) throw new TypeError(`flags must be an integer, got ${flags}`);
  if (flags < 0 || flags < TWO32) return [0, flags >>> 0];
  return [Math.floor(flags / TWO32), flags >>> 0];
}

const hex = (hi: number, lo: number): string => `0x${(hi * TWO32 + lo).toString(16)}`;

/**
 * The order strace prints open(2) flags in (not by value: O_DIRECTORY and
 * FASYNC come last), checked against strace 6.1 by test/e2e/strace-diff.test.ts.
 * Flags not listed follow, by value.
 */
const OPEN_ORDER = [
  "O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK", "O_SYNC", "O_DSYNC", "O_DIRECT", "O_LARGEFILE",
  "O_NOFOLLOW", "O_NOATIME", "O_CLOEXEC", "O_PATH", "O_TMPFILE", "O_DIRECTORY", "O_ASYNC",
];
/** strace's names where the header has two (O_ASYNC is FASYNC). */
const OPEN_NAMES: Record<string, string> = { O_ASYNC: "FASYNC" };
const openRank = (name: string, value: number) => {
  const k = OPEN_ORDER.indexOf(name);
  return k >= 0 ? k : OPEN_ORDER.length + highBit(value) / 64;
};

/** Claims known bits (composites first), returns names in ascending-bit order and the leftover bits. */
function claim(lo: number, known: readonly (readonly [string, number])[]): [string[], number] {
  let rest = lo >>> 0;
  const hits: (readonly [string, number])[] = [];
  for (const entry of known) {
    const v = entry[1];
    if ((rest & v) >>> 0 === v) {
      hits.push(entry);
      rest = (rest & ~v) >>> 0;
    }
  }
  hits.sort((a, b) => highBit(a[1]) - highBit(b[1]) || a[1] - b[1]);
  return [hits.map(([n]) => n), rest];
}

/**
 * open(2)/openat(2) flags as names: the access mode (a value of flags & O_ACCMODE,
 * so O_RDONLY appears for 0), then known bits in strace's order, then any unknown
 * bits as a single hex string, e.g. ["O_WRONLY", "O_CREAT", "0x80000000"].
 */
export function formatOpenFlags(flags: number, arch: Arch = currentArch()): string[] {
  const { set, claimOrder } = OPEN[arch];
  const [hi, lo] = split(flags);
  const mode = lo & set.accmode;
  const out = [set.accessModes.find(([, v]) => v === mode)?.[0] ?? "O_ACCMODE"];
  const [names, rest] = claim(lo & ~set.accmode, claimOrder);
  const value = new Map(set.flags);
  names.sort((a, b) => openRank(a, value.get(a)!) - openRank(b, value.get(b)!));
  out.push(...names.map((n) => OPEN_NAMES[n] ?? n));
  if (rest || hi) out.push(hex(hi, rest));
  return out;
}

const atValue = (name: string): number | undefined => AT_CONSTANTS.find(([n]) => n === name)?.[1];

const AT_FDCWD = atValue("AT_FDCWD") ?? -100;

/** dirfd argument: "AT_FDCWD" for -100 (also as an unsigned 32-bit value), else the signed fd. */
export function formatDirFd(fd: number): string | number {
  const v = fd >= 2 ** 31 && fd < TWO32 ? fd - TWO32 : fd;
  return v === AT_FDCWD ? "AT_FDCWD" : v;
}

/** Generic *at() flag names rendered by formatAtFlags (others in the header are call-specific). */
const AT_FLAG_NAMES = [
  "AT_SYMLINK_NOFOLLOW",
  "AT_REMOVEDIR",
  "AT_SYMLINK_FOLLOW",
  "AT_NO_AUTOMOUNT",
  "AT_EMPTY_PATH",
  "AT_STATX_FORCE_SYNC",
  "AT_STATX_DONT_SYNC",
  "AT_RECURSIVE",
];
/** Syscalls for which a shared value has a different name (AT_EACCESS == AT_REMOVEDIR). */
const AT_RENAMES: Record<string, Record<string, string>> = {
  faccessat: { AT_REMOVEDIR: "AT_EACCESS" },
  faccessat2: { AT_REMOVEDIR: "AT_EACCESS" },
};

const AT_FLAGS = AT_FLAG_NAMES.flatMap((n) => {
  const v = atValue(n);
  return v !== undefined && v > 0 ? [[n, v] as const] : [];
});

/**
 * AT_* flags in ascending bit order, unknown bits last as one hex string; [] for 0.
 * Pass the syscall name (e.g. "faccessat2") to name 0x200 AT_EACCESS instead of AT_REMOVEDIR.
 */
export function formatAtFlags(flags: number, syscall?: string): string[] {
  const [hi, lo] = split(flags);
  const [names, rest] = claim(lo, AT_FLAGS);
  const renames = syscall ? AT_RENAMES[syscall.replace(/^sys_/, "")] : undefined;
  const out = renames ? names.map((n) => renames[n] ?? n) : names;
  if (rest || hi) out.push(hex(hi, rest));
  return out;
}
