/**
 * Structs read from captured memory, with layouts from the generator:
 * time values (utimensat's and utimes' pairs too, dates as strace comments
 * them), stat/statx, rlimit, epoll_event, utsname, sysinfo, open_how,
 * struct flock, winsize and termios, and arrays as strace's print_array
 * shows them (I/O vectors and message headers are in ./vectors.ts). JSON uses the kernel's member names; text is strace's
 * (abbreviated where strace abbreviates, e.g. stat's `...`).
 */
import { flagsOf, valuesOf } from "../consts";
import { formatOpenFlags } from "../flags";
import { bytesToString } from "../strings";
import { EPOLL_EVENTS, POLL_EVENTS } from "../tables/consts-net";
import { FILE_TYPE, LOCK_TYPE, RESOLVE, SEEK_WHENCE, STATX_ATTR, STATX_MASK } from "../tables/consts-fs";
import {
  EPOLL_EVENT_AARCH64, EPOLL_EVENT_X86_64, ITIMERSPEC, ITIMERVAL, OPEN_HOW, POLLFD, RLIMIT64, STAT_AARCH64,
  STAT_X86_64, STATX, STATX_TIMESTAMP, SYSINFO, TIMESPEC, TIMEVAL, UTSNAME, type StructLayout,
} from "../tables/structs";
import type { Arch } from "../syscalls";
import {
  TERM_BSDLY, TERM_CFLAG, TERM_CRDLY, TERM_CSIZE, TERM_FFDLY, TERM_IFLAG, TERM_LFLAG, TERM_NLDLY, TERM_OFLAG, TERM_SPEED,
  TERM_TABDLY, TERM_VTDLY,
} from "../tables/consts-term";
import { memory } from "./common";
import { cString, CapturedMemory, type Field } from "./captured-memory";
import { cutShort, hex, octal, pointer, quoteBytes, quoted, struct, u64Json, unreadable } from "./render";
import { CaptureKind } from "../layout";
import type { Capture } from "../capture";
import type { ArgType, Call, CaptureReq, Shown } from "./types";


/** A struct argument: captured whole at exit; shown by `decode` once all its bytes are there. */
export function structArg(
  layout: StructLayout | ((arch: Arch) => StructLayout),
  decode: (m: CapturedMemory, c: Call, i: number) => Shown,
  opts: { out?: boolean } = {},
): ArgType {
  const at = typeof layout === "function" ? layout : () => layout;
  const capture: CaptureReq = { kind: "fixed", size: (arch) => at(arch).size };
  return memory(capture, (m, c, i) => (m.holds(at(c.arch)) ? decode(m, c, i) : cutShort(c.raw[i]!, c.wide?.[i])), opts);
}

// --------------------------------------------------------------------- time --

function timePair(m: CapturedMemory, off: number, sub: string, layout: StructLayout): [Record<string, number>, string] {
  const [secF, subF] = [layout.fields.tv_sec!, layout.fields[sub]!];
  const secAt: Field = [off + secF[0], secF[1], secF[2]], subAt: Field = [off + subF[0], subF[1], subF[2]];
  const sec = m.field(secAt) ?? 0;
  const frac = m.field(subAt) ?? 0;
  // text exact past 2^53, the sub-second part unsigned (as strace prints both); JSON keeps the schema's integers
  return [{ tv_sec: sec, [sub]: frac }, struct([["tv_sec", m.fieldText(secAt) ?? "0"], [sub, m.fieldText([subAt[0], subAt[1], 0]) ?? "0"]])];
}

export const timespecShown = (m: CapturedMemory, off = 0): Shown => {
  const [json, text] = timePair(m, off, "tv_nsec", TIMESPEC);
  return { json, text };
};
export const timevalShown = (m: CapturedMemory, off = 0): Shown => {
  const [json, text] = timePair(m, off, "tv_usec", TIMEVAL);
  return { json, text };
};

export const timespec = (out = false): ArgType => structArg(TIMESPEC, (m) => timespecShown(m), { out });

const UTIME_NOW = (1 << 30) - 1, UTIME_OMIT = (1 << 30) - 2;

/**
 * 2023-11-14T22:13:20.000000005+0000: a time as strace comments it (UTC);
 * undefined where strace leaves the comment out: the epoch itself (0 and
 * no fraction), a fraction past `maxFrac`, or a date beyond the calendar.
 * `width`: the fraction's digits (9 for nanoseconds, 6 for microseconds).
 */
export function isoTime(sec: number, frac: number, maxFrac = 999_999_999, width = 9): string | undefined {
  if ((sec === 0 && frac === 0) || frac < 0 || frac > maxFrac) return undefined;
  const d = new Date(sec * 1000);
  if (!Number.isFinite(d.getTime())) return undefined;
  const base = d.toISOString().slice(0, 19);
  return `${base}${frac ? `.${String(frac).padStart(width, "0")}` : ""}+0000`;
}

/** A time in whole seconds with its date as strace comments it: `1492350678 /* 2017-04-16T13:51:18+0000 *\/`. */
export function secondsText(text: string, sec: number): string {
  const iso = isoTime(sec, 0);
  return iso ? `${text} /* ${iso} */` : text;
}

/** The sub-second part as a Number, unsigned as the kernel's check reads it (past 2^53: never a valid fraction). */
function fracOf(m: CapturedMemory, off: number, layout: StructLayout, sub: string): number {
  const f = layout.fields[sub]!;
  return m.field([off + f[0], f[1], 0]) ?? -1;
}

/**
 * A struct timespec[2] or timeval[2] (utimensat, utimes, futimesat): each
 * a time with its date, or (timespec) UTIME_NOW / UTIME_OMIT by name.
 */
function timePairArray(layout: StructLayout, sub: "tv_nsec" | "tv_usec"): ArgType {
  const [maxFrac, width] = sub === "tv_nsec" ? [999_999_999, 9] : [999_999, 6];
  const one = sub === "tv_nsec" ? timespecShown : timevalShown;
  return structArg({ size: 2 * layout.size, fields: {} }, (m) => {
    const json: unknown[] = [];
    const parts: string[] = [];
    for (let k = 0; k < 2; k++) {
      const off = k * layout.size;
      const t = one(m, off);
      const frac = fracOf(m, off, layout, sub);
      if (sub === "tv_nsec" && (frac === UTIME_NOW || frac === UTIME_OMIT)) {
        const name = frac === UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT";
        json.push(name);
        parts.push(name);
        continue;
      }
      const iso = isoTime((t.json as { tv_sec: number }).tv_sec, frac, maxFrac, width);
      json.push(t.json);
      parts.push(iso ? `${t.text} /* ${iso} */` : t.text);
    }
    return { json, text: `[${parts.join(", ")}]` };
  });
}

/** utimensat's struct timespec[2]. */
export const utimes: ArgType = timePairArray(TIMESPEC, "tv_nsec");
/** utimes/futimesat's struct timeval[2]. */
export const utimesTimeval: ArgType = timePairArray(TIMEVAL, "tv_usec");

export const timeval = (out = false): ArgType => structArg(TIMEVAL, (m) => timevalShown(m), { out });

function intervalPair(m: CapturedMemory, layout: StructLayout, one: (m: CapturedMemory, off: number) => Shown): Shown {
  const a = one(m, layout.fields.it_interval![0]);
  const b = one(m, layout.fields.it_value![0]);
  return { json: { it_interval: a.json, it_value: b.json }, text: struct([["it_interval", a.text], ["it_value", b.text]]) };
}
export const itimerspec = (out = false): ArgType => structArg(ITIMERSPEC, (m) => intervalPair(m, ITIMERSPEC, timespecShown), { out });
export const itimerval = (out = false): ArgType => structArg(ITIMERVAL, (m) => intervalPair(m, ITIMERVAL, timevalShown), { out });

// --------------------------------------------------------------------- stat --

const S_ISUID = 0o4000, S_ISGID = 0o2000, S_ISVTX = 0o1000, S_IFMT = 0o170000;

/** S_IFREG|0644, S_IFDIR|S_ISVTX|0777; a file type with no name makes the whole mode one octal number (0177777). */
export function modeText(mode: number, arch: Arch): string {
  const parts: string[] = [];
  const type = mode & S_IFMT;
  if (type) {
    const name = valuesOf(FILE_TYPE, arch).name(type);
    if (name === undefined) return octal(mode);
    parts.push(name);
  }
  if (mode & S_ISUID) parts.push("S_ISUID");
  if (mode & S_ISGID) parts.push("S_ISGID");
  if (mode & S_ISVTX) parts.push("S_ISVTX");
  parts.push(octal(mode & 0o777));
  return parts.join("|");
}

const hexOrZero = (n: number) => (n === 0 ? "0" : `0x${n.toString(16)}`);

/** glibc's dev_t encoding, as strace shows it: makedev(0x88, 0x1). */
export function makedev(dev: number): string {
  const d = BigInt(dev);
  const major = Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn));
  const minor = Number((d & 0xffn) | ((d >> 12n) & ~0xffn));
  return `makedev(${hexOrZero(major)}, ${hexOrZero(minor)})`;
}

const isDevice = (mode: number) => (mode & S_IFMT) === 0o020000 || (mode & S_IFMT) === 0o060000;

export const statLayout = (arch: Arch): StructLayout => (arch === "aarch64" ? STAT_AARCH64 : STAT_X86_64);

function statShown(m: CapturedMemory, c: Call): Shown {
  const f = statLayout(c.arch).fields;
  const n = (k: string) => m.field(f[k]!) ?? 0;
  const json: Record<string, unknown> = {};
  for (const k of ["st_dev", "st_ino", "st_mode", "st_nlink", "st_uid", "st_gid", "st_rdev", "st_size", "st_blksize", "st_blocks"]) json[k] = n(k);
  for (const t of ["atime", "mtime", "ctime"]) json[`st_${t}`] = { tv_sec: n(`st_${t}`), tv_nsec: n(`st_${t}_nsec`) };
  const mode = n("st_mode");
  const text = c.text
    ? struct([["st_mode", modeText(mode, c.arch)], isDevice(mode) ? ["st_rdev", makedev(n("st_rdev"))] : ["st_size", String(n("st_size"))]], true)
    : "";
  return { json, text };
}

/** struct stat the call fills in (stat, fstat, lstat, newfstatat). */
export const statOut: ArgType = structArg(statLayout, (m, c) => statShown(m, c), { out: true });

function statxShown(m: CapturedMemory, c: Call): Shown {
  const f = STATX.fields;
  const n = (k: keyof typeof f) => m.field(f[k]) ?? 0;
  const ts = (k: "stx_atime" | "stx_btime" | "stx_ctime" | "stx_mtime") => {
    const sec = STATX_TIMESTAMP.fields.tv_sec, nsec = STATX_TIMESTAMP.fields.tv_nsec;
    return { tv_sec: m.field([f[k][0] + sec[0], sec[1], sec[2]]) ?? 0, tv_nsec: m.field([f[k][0] + nsec[0], nsec[1], nsec[2]]) ?? 0 };
  };
  const mask = flagsOf(STATX_MASK, c.arch).format(n("stx_mask"));
  const attrs = flagsOf(STATX_ATTR, c.arch).format(n("stx_attributes"));
  const json = {
    stx_mask: mask.names, stx_blksize: n("stx_blksize"), stx_attributes: attrs.names, stx_nlink: n("stx_nlink"),
    stx_uid: n("stx_uid"), stx_gid: n("stx_gid"), stx_mode: n("stx_mode"), stx_ino: n("stx_ino"), stx_size: n("stx_size"),
    stx_blocks: n("stx_blocks"), stx_atime: ts("stx_atime"), stx_btime: ts("stx_btime"), stx_ctime: ts("stx_ctime"),
    stx_mtime: ts("stx_mtime"), stx_rdev_major: n("stx_rdev_major"), stx_rdev_minor: n("stx_rdev_minor"),
    stx_dev_major: n("stx_dev_major"), stx_dev_minor: n("stx_dev_minor"), stx_mnt_id: n("stx_mnt_id"),
  };
  const text = c.text
    ? struct([["stx_mask", mask.text], ["stx_attributes", attrs.text], ["stx_mode", modeText(n("stx_mode"), c.arch)], ["stx_size", String(n("stx_size"))]], true)
    : "";
  return { json, text };
}

export const statxOut: ArgType = structArg(STATX, (m, c) => statxShown(m, c), { out: true });

// ------------------------------------------------------------------- rlimit --

const RLIM_INFINITY = 0xffffffffffffffffn;

function rlim(v: bigint): [unknown, string] {
  if (v === RLIM_INFINITY) return ["RLIM64_INFINITY", "RLIM64_INFINITY"];
  const text = v > 1024n && v % 1024n === 0n ? `${v / 1024n}*1024` : String(v);
  return [u64Json(v), text];
}

export const rlimit = (out = false): ArgType =>
  structArg(
    RLIMIT64,
    (m) => {
      const [cj, ct] = rlim(m.u64n(RLIMIT64.fields.rlim_cur[0])!);
      const [mj, mt] = rlim(m.u64n(RLIMIT64.fields.rlim_max[0])!);
      return { json: { rlim_cur: cj, rlim_max: mj }, text: struct([["rlim_cur", ct], ["rlim_max", mt]]) };
    },
    { out },
  );

// -------------------------------------------------------------------- epoll --

export const epollLayout = (arch: Arch): StructLayout => (arch === "x86_64" ? EPOLL_EVENT_X86_64 : EPOLL_EVENT_AARCH64);

export function epollEventShown(m: CapturedMemory, off: number, c: Call): Shown {
  const f = epollLayout(c.arch).fields;
  const ev = flagsOf(EPOLL_EVENTS, c.arch).format(m.u32(off + f.events![0]) ?? 0);
  const data = m.u64n(off + f.data![0]) ?? 0n;
  const u32 = Number(data & 0xffffffffn);
  return { json: { events: ev.names, data: u64Json(data) }, text: `{events=${ev.text}, data={u32=${u32}, u64=${data}}}` };
}

/** An array of `count` structs of `layout` from m; `more` when the call had more than were captured. */
export function array(m: CapturedMemory, size: number, count: number, one: (off: number) => Shown): Shown & { more: boolean } {
  const have = Math.min(count, Math.floor(m.length / size));
  const items: Shown[] = [];
  for (let k = 0; k < have; k++) items.push(one(k * size));
  const more = have < count;
  const parts = items.map((s) => s.text);
  if (more) parts.push("...");
  return { json: items.map((s) => s.json), text: `[${parts.join(", ")}]`, more, truncated: more || undefined };
}

/**
 * An array argument of `count` elements of `elem` bytes as strace's
 * print_array shows it, from what the probe captured (an "array" capture:
 * at most --strsize elements): the elements, `...` after the last one kept
 * (or after `limit`, a call's own bound), `... /* addr *\/` where the
 * memory stopped being readable, the address when not even the first
 * element was.
 */
export function arrayShow(elem: number, count: (c: Call) => number, one: (m: CapturedMemory, off: number, c: Call) => Shown, opts: { limit?: number; out?: boolean } = {}): (c: Call, i: number, cap: Capture | undefined) => Shown {
  return (c, i, cap) => {
    const v = c.raw[i]!, w = c.wide?.[i];
    if (v === 0) return { json: null, text: "NULL" };
    if (opts.out && c.failed) return pointer(v, w);
    const n = count(c);
    if (n === 0) return { json: [], text: "[]" };
    if (!cap || cap.kind !== CaptureKind.Bytes) return pointer(v, w);
    const m = new CapturedMemory(cap.bytes);
    const have = Math.floor(m.length / elem);
    if (have === 0) return cap.fault ? unreadable(v, w) : cutShort(v, w);
    const json: unknown[] = [];
    const parts: string[] = [];
    let k = 0;
    for (; k < Math.min(have, n); k++) {
      if (opts.limit !== undefined && k >= opts.limit) break;
      const s = one(m, k * elem, c);
      json.push(s.json);
      parts.push(s.text);
    }
    let truncated = false;
    if (k < n) {
      truncated = true;
      // the element after the last one read could not be: its address, as strace comments it
      const stop = cap.fault && k === have && (opts.limit === undefined || k < opts.limit);
      parts.push(stop ? `... /* ${hex(0, (w ?? BigInt(v)) + BigInt(k * elem))} */` : "...");
    }
    return { json, text: `[${parts.join(", ")}]`, truncated: truncated || undefined };
  };
}

// --------------------------------------------------------------------- poll --

// ------------------------------------------------------------------ utsname --

export const utsnameOut: ArgType = structArg(
  UTSNAME,
  (m) => {
    const json: Record<string, string> = {};
    for (const [k, f] of Object.entries(UTSNAME.fields)) json[k] = bytesToString(cString(m.slice(f)!));
    return { json, text: struct([["sysname", quoted(json.sysname!)], ["nodename", quoted(json.nodename!)]], true) };
  },
  { out: true },
);

// ------------------------------------------------------------------ sysinfo --

const SYSINFO_AFTER_LOADS = ["totalram", "freeram", "sharedram", "bufferram", "totalswap", "freeswap", "procs", "totalhigh", "freehigh", "mem_unit"] as const;

/** struct sysinfo, every member as strace prints it (the three load averages as loads=[…]). */
export const sysinfoOut: ArgType = structArg(
  SYSINFO,
  (m) => {
    const f = SYSINFO.fields;
    const loads = [f.loads0, f.loads1, f.loads2];
    const json: Record<string, unknown> = { uptime: m.fieldJson(f.uptime), loads: loads.map((x) => m.fieldJson(x)) };
    const text: [string, string][] = [["uptime", m.fieldText(f.uptime)!], ["loads", `[${loads.map((x) => m.fieldText(x)).join(", ")}]`]];
    for (const k of SYSINFO_AFTER_LOADS) {
      json[k] = m.fieldJson(f[k]);
      text.push([k, m.fieldText(f[k])!]);
    }
    return { json, text: struct(text) };
  },
  { out: true },
);

// ----------------------------------------------------------------- open_how --

const O_CREAT = 0o100, O_TMPFILE_DIR = 0o20000000;

/** What the probe reads of a struct open_how: the struct and what a newer caller may append after it. */
const OPEN_HOW_READ = 64;
const PAGE = 4096;

/** A 64-bit value as strace's %#llo: 0777, 000 for zero. */
const octal64 = (v: bigint): string => (v === 0n ? "000" : `0${v.toString(8).padStart(2, "0")}`);

/**
 * Bytes a caller put after the struct the kernel knows (openat2's and
 * clone3's size beyond it), as strace shows them: nothing when all zero,
 * `/* bytes 24..31 *\/ "\x80…"` when not, `???` when they could not be read.
 */
export function trailingBytes(b: Uint8Array, from: number, to: number, fault: boolean): { json: unknown; text: string } | undefined {
  if (from >= to) return undefined;
  if (b.length < to) return fault ? { json: { error: "EFAULT" }, text: "???" } : undefined;
  const rest = b.subarray(from, to);
  if (rest.every((x) => x === 0)) return undefined;
  const shown = rest.subarray(0, 32);
  return { json: bytesToString(rest), text: `/* bytes ${from}..${to - 1} */ ${quoteBytes(shown, rest.length > shown.length, true)}` };
}

/** openat2's struct open_how, as long as its size argument says (the address below the first version's 24 bytes); 64-bit members exact. */
export const openHow: ArgType = {
  capture: { kind: "fixed", size: OPEN_HOW_READ },
  show(c, i, cap) {
    const v = c.raw[i]!;
    if (v === 0) return { json: null, text: "NULL" };
    const size = c.wide?.[i + 1] ?? BigInt.asUintN(64, BigInt(Math.trunc(c.raw[i + 1] ?? 0)));
    const usize = size > BigInt(PAGE) ? PAGE : Number(size);
    if (usize < OPEN_HOW.size || !cap || cap.kind !== CaptureKind.Bytes) return pointer(v, c.wide?.[i]);
    const m = new CapturedMemory(cap.bytes);
    if (m.length < OPEN_HOW.size) return cap.fault ? unreadable(v, c.wide?.[i]) : cutShort(v, c.wide?.[i]);
    const f = OPEN_HOW.fields;
    const flags = m.u64n(f.flags[0])!, mode = m.u64n(f.mode[0])!;
    const resolve = flagsOf(RESOLVE, c.arch).formatWide(m.u64n(f.resolve[0])!);
    const names = formatOpenFlags(Number(flags & 0xffffffffn), c.arch);
    if (flags >> 32n) {
      // bits above the 32 open(2) knows: with the unknown low bits, one hex remainder
      const last = names[names.length - 1];
      const low = last?.startsWith("0x") ? BigInt(names.pop()!) : 0n;
      names.push(`0x${((flags >> 32n) << 32n | low).toString(16)}`);
    }
    const parts = [`flags=${names.join("|")}`];
    if (flags & BigInt(O_CREAT | O_TMPFILE_DIR) || mode) parts.push(`mode=${octal64(mode)}`);
    parts.push(`resolve=${resolve.text}`);
    const json: Record<string, unknown> = { flags: names, mode: u64Json(mode), resolve: resolve.names };
    const extra = trailingBytes(cap.bytes, OPEN_HOW.size, usize, cap.fault);
    if (extra) {
      parts.push(extra.text);
      json.extra = extra.json;
    }
    return { json, text: `{${parts.join(", ")}}` };
  },
};

export { hex };

// -------------------------------------------------------------------- flock --

/** struct flock (64-bit: the same on x86_64 and arm64). */
const FLOCK = { size: 32, l_type: 0, l_whence: 2, l_start: 8, l_len: 16, l_pid: 24 } as const;
const F_GETLK = 5, F_OFD_GETLK = 36;

/** fcntl's lock: the one to take, or (F_GETLK) the one in the way, with its holder. */
export function flockShown(b: Uint8Array, c: Call): Shown | undefined {
  const m = new CapturedMemory(b);
  if (m.length < FLOCK.size) return undefined;
  const cmd = c.raw[1]! >>> 0;
  const type = valuesOf(LOCK_TYPE, c.arch), whence = valuesOf(SEEK_WHENCE, c.arch);
  const t = (m.u16(FLOCK.l_type)! << 16) >> 16, w = (m.u16(FLOCK.l_whence)! << 16) >> 16;
  const start = m.s64(FLOCK.l_start)!, len = m.s64(FLOCK.l_len)!;
  const json: Record<string, unknown> = { l_type: type.json(t), l_whence: whence.json(w), l_start: start, l_len: len };
  const fields: [string, string][] = [["l_type", type.text(t)], ["l_whence", whence.text(w)], ["l_start", m.fieldText([FLOCK.l_start, 8, 1])!], ["l_len", m.fieldText([FLOCK.l_len, 8, 1])!]];
  if (cmd === F_GETLK || cmd === F_OFD_GETLK) {
    json.l_pid = m.s32(FLOCK.l_pid)!;
    fields.push(["l_pid", String(json.l_pid)]);
  }
  return { json, text: struct(fields) };
}

/** The capture fcntl's argument needs: struct flock, read at exit, for the lock commands only. */
export const FLOCK_CAPTURE = { kind: "flock", size: FLOCK.size } as const;

// -------------------------------------------------------------------- ioctl --

/** TIOCGWINSZ/TIOCSWINSZ's struct winsize. */
export function winsizeShown(b: Uint8Array): Shown | undefined {
  const m = new CapturedMemory(b);
  if (m.length < 8) return undefined;
  const json = { ws_row: m.u16(0)!, ws_col: m.u16(2)!, ws_xpixel: m.u16(4)!, ws_ypixel: m.u16(6)! };
  return { json, text: struct(Object.entries(json).map(([k, v]) => [k, String(v)])) };
}

/** Multi-bit fields of the termios mode words (asm-generic/termbits.h). */
const NLDLY = 0x100, CRDLY = 0x600, TABDLY = 0x1800, BSDLY = 0x2000, VTDLY = 0x4000, FFDLY = 0x8000;
const CSIZE = 0x30, CBAUD = 0x100f;
const TERMIOS_SIZE = 36; // struct termios: four tcflag_t, c_line, c_cc[19]

/**
 * TCGETS/TCSETS*'s struct termios as strace summarises it: the four mode
 * words by name (delays, character size and speed by value), `...` for
 * the line discipline and control characters (all of them in JSON).
 */
export function termiosShown(b: Uint8Array, arch: Arch): Shown | undefined {
  const m = new CapturedMemory(b);
  if (m.length < TERMIOS_SIZE) return undefined;
  const [iflag, oflag, cflag, lflag] = [0, 4, 8, 12].map((o) => m.u32(o)!) as [number, number, number, number];
  const words = (parts: string[], rest: number, set: Parameters<typeof flagsOf>[0]) => {
    if (rest || !parts.length) parts.push(...flagsOf(set, arch).format(rest).names);
    return parts.join("|") || "0";
  };
  const val = (set: Parameters<typeof valuesOf>[0], v: number) => valuesOf(set, arch).text(v);
  const o = words(
    [val(TERM_NLDLY, oflag & NLDLY), val(TERM_CRDLY, oflag & CRDLY), val(TERM_TABDLY, oflag & TABDLY), val(TERM_BSDLY, oflag & BSDLY), val(TERM_VTDLY, oflag & VTDLY), val(TERM_FFDLY, oflag & FFDLY)],
    oflag & ~(NLDLY | CRDLY | TABDLY | BSDLY | VTDLY | FFDLY),
    TERM_OFLAG,
  );
  const cf = words([val(TERM_SPEED, cflag & CBAUD), val(TERM_CSIZE, cflag & CSIZE)], cflag & ~(CBAUD | CSIZE), TERM_CFLAG);
  const text = struct(
    [["c_iflag", words([], iflag, TERM_IFLAG)], ["c_oflag", o], ["c_cflag", cf], ["c_lflag", words([], lflag, TERM_LFLAG)]],
    true,
  );
  const cc = Array.from(b.subarray(17, TERMIOS_SIZE), (x) => x.toString(16).padStart(2, "0")).join("");
  return { json: { c_iflag: iflag, c_oflag: oflag, c_cflag: cflag, c_lflag: lflag, c_line: m.u8(16)!, c_cc: cc }, text };
}
