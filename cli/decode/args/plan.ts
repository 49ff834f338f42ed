/**
 * Per-syscall plans, worked out once per syscall from the family specs
 * (or, for calls no family names, from the kernel's argument names and C
 * types), so the hot path runs no regexes and looks nothing up by name.
 * The same plan gives the probe its capture spec.
 */
import type { Capture } from "../capture";
import { ArgCapture, ArgTiming, SizeFlag } from "../layout";
import type { SyscallInfo } from "../syscalls";
import { cstr, dirfd, fd, int, long, path, ptr, size, uid, uint, ulong } from "./common";

const nameString = cstr();
import { CTYPES } from "../tables/ctypes";
import { FD } from "./fd";
import { FS } from "./fs";
import { IO } from "./io";
import { MM } from "./mm";
import { NET } from "./net";
import { POLL } from "./poll";
import { PROC } from "./proc";
import { QUOTA } from "./quota";
import { hex, int64Json } from "./render";
import { ARG_SETS, VALUES } from "./sets";
import { SIGNALS } from "./signal";
import { SYS } from "./sys";
import { TIME } from "./time";
import type { ArgType, Call, CallSpec, CallSpecs, CaptureReq, DecodedArg, Shown } from "./types";

const FAMILIES: CallSpecs[] = [FS, FD, IO, NET, POLL, MM, SIGNALS, PROC, TIME, SYS, QUOTA, VALUES];

/** Every syscall with a decoder of its own, by kernel name. */
export const SPECS: Readonly<CallSpecs> = (() => {
  const all: CallSpecs = {};
  for (const f of FAMILIES)
    for (const [name, spec] of Object.entries(f)) {
      if (all[name]) throw new Error(`decode: ${name} is specified twice`);
      all[name] = spec;
    }
  return all;
})();

/** Names the kernel uses for NUL-terminated path arguments (calls no family covers): kept in full, as strace's printpath. */
const PATH_ARG_NAMES = new Set([
  "filename", "pathname", "path", "oldname", "newname", "specialfile", "dev_name",
  "dir_name", "new_root", "put_old", "library", "oldpath", "newpath",
]);
/** Names of NUL-terminated string arguments that are not paths (xattr names, mount's type): cut at --strsize, as strace's printstr. */
const STRING_ARG_NAMES = new Set(["name", "type"]);
const DIRFD_NAMES = new Set(["dfd", "dirfd", "olddfd", "newdfd"]);
/** Descriptors are ints, whatever C type the kernel declares (strace prints -1, not 4294967295). */
const FD_NAME = /^(fd|fildes|[a-z]*fd|fd_[a-z]+|[a-z]+_fd)$/;

/** An argument no family describes: decoded from its name and C type. */
function fromType(name: string, type: string): ArgType {
  if (/char\s*\*/.test(type) && !/\*\s*\*|\*\s*const\s*\*/.test(type)) {
    if (PATH_ARG_NAMES.has(name)) return path;
    if (STRING_ARG_NAMES.has(name)) return nameString;
  }
  if (type.includes("*") || /^cap_user_\w+_t$/.test(type)) return ptr;
  if (DIRFD_NAMES.has(name)) return dirfd;
  if (FD_NAME.test(name)) return fd;
  if (/\b(uid_t|gid_t)\b/.test(type)) return uid;
  if (/\bsize_t\b/.test(type) && !/ssize_t/.test(type)) return size;
  const ct = cType(type);
  if (!ct || ct.bytes === 8) return ct && !ct.signed ? ulong : long;
  return ct.signed ? int : uint;
}

interface CType {
  bytes: number;
  signed: boolean;
}

/** Size and signedness of the scalar C types syscall arguments are declared with (generated). */
const C_TYPES = new Map<string, CType>(CTYPES.map(([t, bytes, signed]) => [t, { bytes, signed }]));

/** An argument's C type; undefined for pointers and types the table does not know (full registers). */
function cType(type: string): CType | undefined {
  if (type.includes("*")) return undefined;
  return C_TYPES.get(type.replace(/\bconst\b|\bvolatile\b/g, " ").replace(/\s+/g, " ").trim());
}

interface PlannedArg {
  idx: number;
  name: string;
  type: ArgType;
}

/** An argument narrower than a register: the kernel uses only its low `bytes`, with this signedness. */
interface Narrow {
  idx: number;
  bytes: number;
  signed: boolean;
}

export interface Plan {
  args: PlannedArg[];
  /** Arguments whose C type is narrower than a register. */
  narrow: Narrow[];
  spec: CallSpec | undefined;
  /** The kernel's capture spec: one ArgCapture kind and size per argument. */
  kinds: number[];
  sizes: number[];
}

function captureOf(t: ArgType, info: SyscallInfo, names: readonly string[], types: readonly string[], at: number): [number, number] {
  const c = t.capture;
  if (!c) return [ArgCapture.None, 0];
  const [kind, size] = captureKind(c, info, names, types, at);
  const when = c.when === "entry" ? ArgTiming.AtEntry : c.when === "both" ? ArgTiming.AtBoth : 0;
  return [kind | when, size];
}

const lenFlags = (c: { name?: boolean; opt?: boolean }) => (c.name ? SizeFlag.Name : 0) | (c.opt ? SizeFlag.Opt : 0);

function captureKind(c: CaptureReq, info: SyscallInfo, names: readonly string[], types: readonly string[], at: number): [number, number] {
  const idx = (n: string) => {
    const k = names.indexOf(n);
    if (k < 0) throw new Error(`decode: ${info.name} has no argument ${n}`);
    return k;
  };
  const bound = (out: boolean | undefined) => (out ? SizeFlag.RetBound : 0);
  switch (c.kind) {
    case "cstr": return [ArgCapture.CStr, 0];
    case "path": return [ArgCapture.Path, 0];
    case "argv": return [ArgCapture.Argv, 0];
    case "argvCount": return [ArgCapture.ArgvCount, 0];
    case "fixed": return [ArgCapture.BytesFixed, typeof c.size === "function" ? c.size(info.arch) : c.size];
    case "argLen": return [ArgCapture.BytesArgLen, idx(c.arg) | lenFlags(c)];
    case "bpfAttr": return [ArgCapture.BpfAttr, idx(c.arg)];
    case "ptraceData": return [ArgCapture.PtraceData, 0];
    case "retLen": {
      // the bound is an argument index + 1 (0: none)
      const whole = c.whole ? SizeFlag.Uncapped : 0;
      if (c.max) return [ArgCapture.BytesRetLen, (idx(c.max) + 1) | whole];
      const next = types[at + 1];
      return [ArgCapture.BytesRetLen, (next !== undefined && !next.includes("*") ? at + 2 : 0) | whole];
    }
    case "ptrLen": return [ArgCapture.BytesPtrLen, idx(c.arg) | lenFlags(c)];
    case "argCount": {
      const elem = typeof c.elem === "function" ? c.elem(info.arch) : c.elem;
      return [ArgCapture.BytesArgCount, idx(c.arg) | (elem << 8)];
    }
    case "iovec": return [ArgCapture.Iovec, idx(c.arg) | bound(c.out)];
    case "msghdr": return [ArgCapture.Msghdr, bound(c.out)];
    case "mmsghdr": return [ArgCapture.Mmsghdr, idx(c.arg) | bound(c.out)];
    case "flock": return [ArgCapture.Flock, c.size];
    case "ioctl": return [ArgCapture.Ioctl, 0];
    case "cloneArgs": return [ArgCapture.CloneArgs, idx(c.arg)];
    case "fdset": return [ArgCapture.Fdset, idx(c.arg)];
    case "array": return [ArgCapture.Array, idx(c.arg) | (c.elem << 8) | (c.exitAll ? SizeFlag.ExitAll : 0)];
    case "ptrLenPair": return [ArgCapture.PtrLen, c.max];
  }
}

/**
 * The plan of a call whose arguments are not known: its six registers. One
 * object for every such call, so that a flood of numbers missing from the
 * table (each event its own SyscallInfo) makes no plan per event.
 */
const REGISTERS_PLAN: Plan = {
  args: [0, 1, 2, 3, 4, 5].map((idx) => ({ idx, name: `arg${idx}`, type: long })),
  spec: undefined,
  narrow: [],
  kinds: [0, 0, 0, 0, 0, 0],
  sizes: [0, 0, 0, 0, 0, 0],
};

function makePlan(info: SyscallInfo): Plan {
  const spec = SPECS[info.name];
  let names = info.argNames;
  let types = info.argTypes;
  // params also name what a call without arguments shows (rt_sigreturn's mask, from its frame)
  if ((info.argsUnknown || names.length === 0) && spec?.params) {
    names = spec.params.map(([n]) => n);
    types = spec.params.map(([, t]) => t);
  } else if (info.argsUnknown) {
    // No argument names for this call: show the registers the ABI may use.
    if (!spec) return REGISTERS_PLAN;
    return { ...REGISTERS_PLAN, spec };
  }
  const kinds = [0, 0, 0, 0, 0, 0];
  const sizes = [0, 0, 0, 0, 0, 0];
  const args = names.map((kernelName, idx) => {
    const type = spec?.args?.[kernelName] ?? ARG_SETS[info.name]?.[kernelName] ?? fromType(kernelName, types[idx] ?? "unsigned long");
    [kinds[idx], sizes[idx]] = captureOf(type, info, names, types, idx);
    return { idx, name: spec?.names?.[kernelName] ?? kernelName, type };
  });
  const narrow: Narrow[] = [];
  types.forEach((t, idx) => {
    const ct = cType(t);
    if (ct && ct.bytes < 8) narrow.push({ idx, ...ct });
  });
  return { args, spec, narrow, kinds, sizes };
}

const plans = new WeakMap<SyscallInfo, Plan>();

export function planFor(info: SyscallInfo): Plan {
  let p = plans.get(info);
  if (!p) plans.set(info, (p = makePlan(info)));
  return p;
}

function firstCapture(caps: readonly Capture[], idx: number): Capture | undefined {
  for (let k = 0; k < caps.length; k++) if (caps[k]!.arg === idx) return caps[k];
  return undefined;
}

/** A decoder that throws on input nobody foresaw still yields the raw register. */
function fallback(v: number, w: bigint | undefined): Shown {
  return { json: w === undefined ? v : int64Json(w), text: hex(v, w) };
}

/** `v` (exactly `w` when given) cut to `bytes` with the type's signedness, as the kernel reads it. */
function narrowed(v: number, w: bigint | undefined, bytes: number, signed: boolean): number {
  const lo = w === undefined ? v : Number(w & 0xffffffffn);
  if (bytes === 4) return signed ? lo | 0 : lo >>> 0;
  if (bytes === 2) return signed ? (lo << 16) >> 16 : lo & 0xffff;
  return signed ? (lo << 24) >> 24 : lo & 0xff;
}

export interface DecodedCall {
  args: DecodedArg[];
  /** strace's text between the parentheses (only when text was asked for). */
  argsText?: string;
  /** strace's rendering of a successful return value (only when text was asked for). */
  retText?: string;
}

const NOTHING: DecodedCall = Object.freeze({ args: Object.freeze([]) as unknown as DecodedArg[] });

/**
 * Decode one call. `ret` is null for calls that did not return. `wide`: the
 * exact values of registers beyond 2^53 (see Call). Each register is first cut
 * to its argument's C type, as the kernel does (garbage above an int is legal).
 */
export function decodeCall(
  info: SyscallInfo, raw: readonly number[], caps: readonly Capture[], text: boolean, ret: number | null,
  wide?: readonly (bigint | undefined)[], strMax?: number,
): DecodedCall {
  const plan = planFor(info);
  if (plan.args.length === 0 && !plan.spec?.ret) return NOTHING; // getpid, getppid, …
  let regs = raw;
  for (let k = 0; k < plan.narrow.length; k++) {
    const { idx, bytes, signed } = plan.narrow[k]!;
    const v = regs[idx] ?? 0;
    const w = wide?.[idx];
    const n = narrowed(v, w, bytes, signed);
    if (n === v && w === undefined) continue;
    if (regs === raw) regs = raw.slice();
    (regs as number[])[idx] = n;
    if (w !== undefined) {
      const copy = wide!.slice();
      copy[idx] = undefined;
      wide = copy;
    }
  }
  const failed = ret !== null && ret < 0 && ret >= -4095;
  const c: Call = { raw: regs, caps, text, ret, failed, arch: info.arch, info };
  if (wide) c.wide = wide;
  if (strMax !== undefined) c.strMax = strMax;
  const args: DecodedArg[] = new Array(plan.args.length);
  for (let k = 0; k < plan.args.length; k++) {
    const a = plan.args[k]!;
    let s: Shown;
    try {
      s = a.type.show(c, a.idx, firstCapture(caps, a.idx));
    } catch {
      s = fallback(regs[a.idx] ?? 0, wide?.[a.idx]);
    }
    const d: DecodedArg = { name: a.name, json: s.json, text: text ? s.text : "" };
    if (s.truncated) d.truncated = true;
    args[k] = d;
  }
  if (!text) return { args };
  const out: DecodedCall = { args };
  const spec = plan.spec;
  if (spec?.text) {
    try {
      out.argsText = spec.text(args, c);
    } catch {
      // fall back to the arguments in order
    }
  }
  if (spec?.ret && ret !== null && !failed) {
    try {
      out.retText = spec.ret(c);
    } catch {
      // plain number
    }
  }
  return out;
}

