/**
 * Argument types shared by every family: integers by C type, descriptors,
 * pointers, flags and enumerations over the generated sets, strings,
 * buffers, and the frame around every decoder of captured memory.
 */
import type { Capture } from "../capture";
import { flagsOf, valuesOf, type ConstSet } from "../consts";
import { formatDirFd } from "../flags";
import { CaptureKind } from "../layout";
import { bytesToString } from "../strings";
import { SIGNAL } from "../tables/consts-proc";
import { CapturedMemory } from "./captured-memory";
import { cutShort, hex, int64Json, octal, pointer, quoteBytes, quoted, unreadable } from "./render";
import { simpleJson, valueJson, type ArgType, type Call, type CaptureReq, type Shown } from "./types";

const NULL_SHOWN: Shown = { json: null, text: "NULL" };

/** A register as a signed 32-bit int (the kernel ignores the upper half of an int). */
export const s32 = (v: number): number => v | 0;
/** A register as an unsigned 32-bit int. */
export const u32 = (v: number): number => v >>> 0;
/** Argument i's low 32 bits, unsigned: exact whatever the register's width (see Call.wide). */
export const u32a = (c: Call, i: number): number => {
  const w = c.wide?.[i];
  return w === undefined ? c.raw[i]! >>> 0 : Number(w & 0xffffffffn);
};
/** Argument i's low 32 bits as a signed int. */
export const s32a = (c: Call, i: number): number => u32a(c, i) | 0;

function intShown(v: number, text: boolean): Shown {
  return { json: v, text: text ? String(v) : "" };
}

/** The register's exact unsigned 64-bit value. */
export function u64Of(c: Call, i: number): bigint {
  return c.wide?.[i] ?? BigInt.asUintN(64, BigInt(c.raw[i]!));
}

/** A 64-bit register in decimal, exact, as a signed or an unsigned quantity. */
function int64Shown(c: Call, i: number, signed: boolean): Shown {
  const v = c.raw[i]!;
  const w = c.wide?.[i];
  if (w === undefined && (signed || v >= 0)) return intShown(v, c.text);
  const b = signed ? BigInt.asIntN(64, w!) : (w ?? BigInt.asUintN(64, BigInt(v)));
  const s = b.toString();
  return { json: int64Json(b), text: c.text ? s : "" };
}

export const int: ArgType = simpleJson({ show: (c, i) => intShown(s32a(c, i), c.text) }, "s32");
export const uint: ArgType = simpleJson({ show: (c, i) => intShown(u32a(c, i), c.text) }, "u32");
/** A signed 64-bit value (off_t, loff_t, long), exact. */
export const long: ArgType = simpleJson({ show: (c, i) => int64Shown(c, i, true) }, "raw");
/** An unsigned 64-bit value (unsigned long, u64), exact. */
export const ulong: ArgType = simpleJson({ show: (c, i) => int64Shown(c, i, false) }, "size");
/** A file descriptor: an int, marked as a descriptor (see ArgType.fd). */
export const fd: ArgType = simpleJson({ show: int.show, fd: "fd" }, "s32");

/** size_t: (size_t)-1 is 18446744073709551615, as strace prints it. */
export const size: ArgType = ulong;

/** uid_t/gid_t: -1 ("leave unchanged") shows as -1, like strace. */
export const uid: ArgType = {
  show(c, i) {
    const v = u32a(c, i);
    return intShown(v === 0xffffffff ? -1 : v, c.text);
  },
};

/** A directory fd: AT_FDCWD by name in text, -100 in JSON (the seed's dir_fd). */
export const dirfd: ArgType = simpleJson(
  {
    show(c, i) {
      const v = s32a(c, i);
      return { json: v, text: c.text ? String(formatDirFd(v)) : "" };
    },
    fd: "dir",
  },
  "s32",
);

export const ptr: ArgType = simpleJson({ show: (c, i) => pointer(c.raw[i]!, c.wide?.[i]) }, "ptr");

/** Unsigned, shown in hex (0 as 0): mmap's offset, ioctl's argument. */
export const hexNum: ArgType = {
  show(c, i) {
    const v = c.raw[i]!;
    const w = c.wide?.[i];
    return { json: w === undefined ? v : int64Json(w), text: c.text ? (v === 0 ? "0" : hex(v, w)) : "" };
  },
};

/** An unsigned int in hex (0 as 0), as strace's PRINT_VAL_X: pidfd_send_signal's flags. */
export const hexNum32: ArgType = simpleJson(
  {
    show(c, i) {
      const v = u32a(c, i);
      return { json: v, text: c.text ? (v === 0 ? "0" : `0x${v.toString(16)}`) : "" };
    },
  },
  "u32",
);

/** A permission mode: a number in JSON, octal in text. */
export const mode: ArgType = simpleJson(
  {
    show(c, i) {
      const v = u32a(c, i);
      return { json: v, text: c.text ? octal(v) : "" };
    },
  },
  "u32",
);

/** Leaves an argument out of the text (strace does not print it); JSON keeps it. */
export function hidden(t: ArgType): ArgType {
  return { ...t, show: (c, i, cap) => ({ ...t.show(c, i, cap), text: "" }) };
}

/** Bits over a generated flags set; `wide` for unsigned long arguments (else the low 32 bits). */
export function flags(set: ConstSet, wide = false): ArgType {
  const t: ArgType = {
    show(c, i) {
      const w = wide ? c.wide?.[i] : undefined;
      const f = w !== undefined ? flagsOf(set, c.arch).formatWide(w) : flagsOf(set, c.arch).format(wide ? c.raw[i]! : u32a(c, i));
      return { json: f.names, text: f.text };
    },
  };
  return wide ? t : valueJson(t);
}

/** One of an enumeration: its name, or the number when it has none. */
export function value(set: ConstSet, signed = true): ArgType {
  return valueJson({
    show(c, i) {
      const v = signed ? s32a(c, i) : u32a(c, i);
      const vs = valuesOf(set, c.arch);
      return { json: vs.json(v), text: c.text ? vs.text(v) : "" };
    },
  });
}

// ------------------------------------------------------------------ signals --

const SIGRTMIN = 32;

/** SIGTERM, SIGRTMIN, SIGRT_3; undefined outside 1..64. */
export function signalName(n: number, arch: Call["arch"]): string | undefined {
  if (n > SIGRTMIN && n <= 64) return `SIGRT_${n - SIGRTMIN}`;
  return valuesOf(SIGNAL, arch).name(n);
}

/** A signal number: its name, 0 as 0, others as numbers. */
export const signal: ArgType = valueJson({
  show(c, i) {
    const n = s32a(c, i);
    const name = signalName(n, c.arch);
    return { json: name ?? n, text: name ?? String(n) };
  },
});

/** Decoded 8-byte sigsets by arch and mask: processes use a handful of masks over and over. */
const SIGSETS = new Map<string, Map<number, Shown>>();
/** Masks kept per arch; a process cycling through more only costs the decoding again. */
const SIGSETS_KEPT = 512;

/** A sigset_t: JSON names, text [USR1 TERM] (or ~[…] when most are set, as strace does). */
export function sigset(b: Uint8Array, arch: Call["arch"]): Shown {
  if (b.length !== 8) return decodeSigset(b, arch);
  const lo = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  const hi = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
  if (hi >= 1 << 21) return decodeSigset(b, arch); // past 2^53: no exact Number key
  const key = hi * 0x1_0000_0000 + lo;
  let kept = SIGSETS.get(arch);
  if (kept === undefined) SIGSETS.set(arch, (kept = new Map()));
  let shown = kept.get(key);
  if (shown === undefined) {
    if (kept.size >= SIGSETS_KEPT) kept.clear();
    shown = decodeSigset(b, arch);
    Object.freeze(shown.json);
    kept.set(key, Object.freeze(shown));
  }
  return shown;
}

function decodeSigset(b: Uint8Array, arch: Call["arch"]): Shown {
  const on: number[] = [];
  const off: number[] = [];
  const bits = Math.min(b.length * 8, 64);
  for (let s = 1; s <= bits; s++) ((b[(s - 1) >> 3]! >> ((s - 1) & 7)) & 1 ? on : off).push(s);
  const short = (n: number) => (signalName(n, arch) ?? String(n)).replace(/^SIG/, "");
  const text = on.length > bits / 2 ? `~[${off.map(short).join(" ")}]` : `[${on.map(short).join(" ")}]`;
  return { json: on.map((n) => signalName(n, arch) ?? n), text };
}

// ------------------------------------------------------------------- memory --

/**
 * The frame around a decoder of captured memory: NULL, a failed call's
 * output (not written: the address), no capture (the address), a capture
 * the kernel could not read (address + error marker), else `decode`.
 */
export function memory(
  capture: CaptureReq,
  decode: (m: CapturedMemory, c: Call, i: number, cap: Capture) => Shown,
  opts: { out?: boolean } = {},
): ArgType {
  return {
    capture,
    out: opts.out,
    show(c, i, cap) {
      const v = c.raw[i]!;
      if (v === 0) return NULL_SHOWN;
      const w = c.wide?.[i];
      if (opts.out && c.failed) return pointer(v, w);
      if (!cap || cap.kind !== CaptureKind.Bytes) return pointer(v, w);
      if (cap.fault) return unreadable(v, w);
      return decode(new CapturedMemory(cap.bytes), c, i, cap);
    },
  };
}

/**
 * An array of `count(c)` elements of `size` bytes, as strace's print_array
 * shows one: `[]` for none (nothing read), the elements captured (the probe
 * keeps at most --strsize of them), `...` when more follow, and when the
 * memory ends in an unreadable page, the elements before it and
 * `... /* 0x… *\/` (the first address not read); the address alone when
 * not even the first element could be read. JSON: the elements, then
 * {addr, error} for the unreadable rest.
 */
export function arrayArg(
  capture: CaptureReq,
  size: number,
  count: (c: Call, i: number) => number,
  one: (m: CapturedMemory, off: number, c: Call) => Shown,
  opts: { out?: boolean; when?: (c: Call, i: number) => boolean } = {},
): ArgType {
  return {
    capture,
    out: opts.out,
    show(c, i, cap) {
      const v = c.raw[i]!;
      if (v === 0) return NULL_SHOWN;
      const w = c.wide?.[i];
      if (opts.out && c.failed) return pointer(v, w);
      if (opts.when && !opts.when(c, i)) return pointer(v, w);
      const n = count(c, i);
      if (n === 0) return { json: [], text: "[]" };
      if (!cap || cap.kind !== CaptureKind.Bytes) return pointer(v, w);
      const m = new CapturedMemory(cap.bytes);
      const have = Math.min(n, Math.floor(m.length / size));
      if (have === 0 && cap.fault) return unreadable(v, w);
      const json: unknown[] = [];
      const parts: string[] = [];
      for (let k = 0; k < have; k++) {
        const s = one(m, k * size, c);
        json.push(s.json);
        parts.push(s.text);
      }
      if (have < n && cap.fault) {
        const rest = hex(0, BigInt.asUintN(64, (w ?? BigInt(Math.trunc(v))) + BigInt(have * size)));
        json.push({ addr: rest, error: "EFAULT" });
        parts.push(`... /* ${rest} */`);
        return { json, text: `[${parts.join(", ")}]` };
      }
      if (have < n) parts.push("...");
      return { json, text: `[${parts.join(", ")}]`, truncated: have < n || undefined };
    },
  };
}

/**
 * A NUL-terminated string (a name), cut at --strsize; with `path`, a path,
 * which strace prints in full (up to PATH_MAX) whatever -s says.
 */
export function cstr(opts: { out?: boolean; path?: boolean } = {}): ArgType {
  const t: ArgType = {
    capture: { kind: opts.path ? "path" : "cstr" },
    out: opts.out,
    show(c, i, cap) {
      const v = c.raw[i]!;
      if (v === 0) return NULL_SHOWN;
      const w = c.wide?.[i];
      if (opts.out && c.failed) return pointer(v, w);
      if (!cap || cap.kind !== CaptureKind.Str) return pointer(v, w);
      if (cap.fault) return unreadable(v, w);
      // No NUL in all the probe read, and the kernel could not read the path
      // either: it runs into unmapped memory. strace prints the address.
      if (opts.path && cap.truncated && c.ret === -EFAULT) return pointer(v, w);
      const s = cap.text;
      return { json: s, text: c.text ? quoted(s, cap.truncated) : "", truncated: cap.truncated || undefined };
    },
  };
  return opts.out ? t : simpleJson(t, "cstr");
}

export const path = cstr({ path: true });

const EFAULT = 14;

/**
 * A NUL-terminated string of which the call reads at most `max` bytes
 * (reboot's command, memfd_create's name): cut there with `...` when no NUL
 * comes first, as strace shows it. A string that runs into unreadable memory
 * is still shown when the bytes before it hold all `max`.
 */
export function cstrMax(max: number): ArgType {
  const inner = cstr();
  return {
    ...inner,
    show(c, i, cap) {
      if (cap && cap.kind === CaptureKind.Str && c.raw[i] !== 0) {
        const b = cap.bytes;
        const nul = b.indexOf(0);
        const whole = nul < 0 ? b : b.subarray(0, nul);
        if (whole.length >= max) {
          const s = bytesToString(whole.subarray(0, max));
          return { json: s, text: c.text ? quoted(s, true) : "", truncated: true };
        }
      }
      return inner.show(c, i, cap);
    },
  };
}

function bufferShown(cap: Capture, c: Call, asHex: boolean): Shown {
  const t = cap.truncated;
  return { json: bytesToString(cap.bytes), text: c.text ? quoteBytes(cap.bytes, t, asHex) : "", truncated: t || undefined };
}

/** Data the call reads from the caller (write's buf): as long as argument `len`. */
export function bufIn(len: string, asHex = false): ArgType {
  return simpleJson(memory({ kind: "argLen", arg: len }, (_m, c, _i, cap) => bufferShown(cap, c, asHex)), "bytes");
}

/** Data the call returns (read's buf): as long as the return value; "" for 0. */
export function bufOut(asHex = false): ArgType {
  const inner = memory({ kind: "retLen" }, (_m, c, _i, cap) => bufferShown(cap, c, asHex), { out: true });
  return simpleJson(
    {
      ...inner,
      show(c, i, cap) {
        if (c.ret === 0 && c.raw[i] !== 0 && !cap) return { json: "", text: '""' };
        return inner.show(c, i, cap);
      },
    },
    "bytes",
  );
}

/**
 * A string the call writes into a buffer and whose length it returns (getcwd, readlink);
 * `countsNul`: the length counts the NUL (getcwd), so a cut that left out only the NUL left out nothing.
 */
export function strOut(opts: { countsNul?: boolean } = {}): ArgType {
  return memory(
    { kind: "retLen" },
    (_m, c, _i, cap) => {
      let b = cap.bytes;
      if (b.length && b[b.length - 1] === 0) b = b.subarray(0, b.length - 1); // getcwd counts its NUL
      const cut = cap.truncated && !(opts.countsNul && c.ret === b.length + 1);
      const s = bytesToString(b);
      return { json: s, text: c.text ? quoted(s, cut) : "", truncated: cut || undefined };
    },
    { out: true },
  );
}

/** An int the call reads or writes through a pointer: [N] in text. */
export function intRef(opts: { out?: boolean; show?: (n: number, c: Call) => Shown } = {}): ArgType {
  return memory(
    { kind: "fixed", size: 4 },
    (m, c, i) => {
      const n = m.s32(0);
      if (n === undefined) return cutShort(c.raw[i]!, c.wide?.[i]);
      const inner = opts.show ? opts.show(n, c) : { json: n, text: String(n) };
      return { json: inner.json, text: `[${inner.text}]` };
    },
    { out: opts.out },
  );
}

/** The Bytes items of argument `i` read at entry and at exit (value-result arguments have both). */
export function entryExit(c: Call, i: number): { entry?: Capture; exit?: Capture } {
  let entry: Capture | undefined, exit: Capture | undefined;
  for (const cap of c.caps) {
    if (cap.arg !== i || cap.kind !== CaptureKind.Bytes) continue;
    if (cap.entry) entry ??= cap;
    else exit ??= cap;
  }
  return { entry, exit };
}

/**
 * An int the caller passes in and the call writes back (socklen_t *,
 * getsockopt's optlen): `[in => out]`, or `[out]` when they are equal,
 * as strace shows it; what was passed in when the call failed (`[in]`).
 */
export const intInOut: ArgType = {
  capture: { kind: "fixed", size: 4, when: "both" },
  out: true,
  show(c, i) {
    const v = c.raw[i]!;
    if (v === 0) return NULL_SHOWN;
    const { entry, exit } = entryExit(c, i);
    const a = entry && !entry.fault ? new CapturedMemory(entry.bytes).s32(0) : undefined;
    if (c.failed) return a === undefined ? pointer(v, c.wide?.[i]) : { json: { in: a }, text: `[${a}]` };
    const b = exit && !exit.fault ? new CapturedMemory(exit.bytes).s32(0) : undefined;
    if (b === undefined) return a === undefined ? pointer(v, c.wide?.[i]) : { json: { in: a }, text: `[${a}]` };
    if (a === undefined || a === b) return { json: b, text: `[${b}]` };
    return { json: { in: a, out: b }, text: `[${a} => ${b}]` };
  },
};

/** Two ints written by the call (pipe's and socketpair's descriptors). */
export const fdPair: ArgType = { ...memory(
  { kind: "fixed", size: 8 },
  (m, c, i) => {
    const a = m.s32(0);
    const b = m.s32(4);
    if (a === undefined || b === undefined) return cutShort(c.raw[i]!, c.wide?.[i]);
    return { json: [a, b], text: `[${a}, ${b}]` };
  },
  { out: true },
), fd: "pair" };
