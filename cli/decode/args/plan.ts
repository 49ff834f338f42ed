/**
 * Per-syscall plans, worked out once per syscall from the family specs
 * (or, for calls no family names, from the kernel's argument names and C
 * types), so the hot path runs no regexes and looks nothing up by name.
 * The same plan gives the probe its capture spec.
 */
import type { Capture } from "../capture";
import { ArgCapture, ArgTiming, SizeFlag } from "../layout";
import type { SyscallInfo } from "../syscalls";
import { dirfd, int, long, path, ptr, size, uid, uint } from "./common";
import { FD } from "./fd";
import { FS } from "./fs";
import { IO } from "./io";
import { MM } from "./mm";
import { NET } from "./net";
import { POLL } from "./poll";
import { PROC } from "./proc";
import { hex } from "./render";
import { SIGNALS } from "./signal";
import { SYS } from "./sys";
import { TIME } from "./time";
import type { ArgType, Call, CallSpec, CallSpecs, CaptureReq, DecodedArg, Shown } from "./types";

const FAMILIES: CallSpecs[] = [FS, FD, IO, NET, POLL, MM, SIGNALS, PROC, TIME, SYS];

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

/** Names the kernel uses for NUL-terminated path/name arguments (calls no family covers). */
const STRING_ARG_NAMES = new Set([
  "filename", "pathname", "path", "oldname", "newname", "name", "specialfile", "dev_name",
  "dir_name", "new_root", "put_old", "library", "oldpath", "newpath", "type",
]);
const DIRFD_NAMES = new Set(["dfd", "dirfd", "olddfd", "newdfd"]);
/** Descriptors are ints, whatever C type the kernel declares (strace prints -1, not 4294967295). */
const FD_NAME = /^(fd|fildes|[a-z]*fd|fd_[a-z]+|[a-z]+_fd)$/;

/** An argument no family describes: decoded from its name and C type. */
function fromType(name: string, type: string): ArgType {
  if (/char\s*\*/.test(type) && !/\*\s*\*|\*\s*const\s*\*/.test(type) && STRING_ARG_NAMES.has(name)) return path;
  if (type.includes("*") || /^cap_user_\w+_t$/.test(type)) return ptr;
  if (DIRFD_NAMES.has(name)) return dirfd;
  if (FD_NAME.test(name)) return int;
  if (/\b(uid_t|gid_t)\b/.test(type)) return uid;
  if (/\bsize_t\b/.test(type) && !/ssize_t/.test(type)) return size;
  const narrow = /\b(int|u32|__u32|s32|__s32|umode_t|pid_t|mode_t|key_serial_t|timer_t|mqd_t|clockid_t|qid_t|unsigned)\b/.test(type) && !/long/.test(type);
  if (!narrow) return long;
  return /unsigned|u32|umode_t|key_serial_t/.test(type) ? uint : int;
}

interface PlannedArg {
  idx: number;
  name: string;
  type: ArgType;
}

export interface Plan {
  args: PlannedArg[];
  spec: CallSpec | undefined;
  /** The kernel's capture spec: one ArgCapture kind and size per argument. */
  kinds: number[];
  sizes: number[];
}

function captureOf(t: ArgType, info: SyscallInfo, names: readonly string[]): [number, number] {
  const c = t.capture;
  if (!c) return [ArgCapture.None, 0];
  const [kind, size] = captureKind(c, info, names);
  const when = c.when === "entry" ? ArgTiming.AtEntry : c.when === "both" ? ArgTiming.AtBoth : 0;
  return [kind | when, size];
}

function captureKind(c: CaptureReq, info: SyscallInfo, names: readonly string[]): [number, number] {
  const idx = (n: string) => {
    const k = names.indexOf(n);
    if (k < 0) throw new Error(`decode: ${info.name} has no argument ${n}`);
    return k;
  };
  const bound = (out: boolean | undefined) => (out ? SizeFlag.RetBound : 0);
  switch (c.kind) {
    case "cstr": return [ArgCapture.CStr, 0];
    case "argv": return [ArgCapture.Argv, 0];
    case "argvCount": return [ArgCapture.ArgvCount, 0];
    case "fixed": return [ArgCapture.BytesFixed, typeof c.size === "function" ? c.size(info.arch) : c.size];
    case "argLen": return [ArgCapture.BytesArgLen, idx(c.arg)];
    case "retLen": return [ArgCapture.BytesRetLen, 0];
    case "ptrLen": return [ArgCapture.BytesPtrLen, idx(c.arg)];
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
  }
}

function makePlan(info: SyscallInfo): Plan {
  const spec = SPECS[info.name];
  let names = info.argNames;
  let types = info.argTypes;
  if (info.argsUnknown && spec?.params) {
    names = spec.params.map(([n]) => n);
    types = spec.params.map(([, t]) => t);
  } else if (info.argsUnknown) {
    // No argument names for this call: show the registers the ABI may use.
    const args = [0, 1, 2, 3, 4, 5].map((idx) => ({ idx, name: `arg${idx}`, type: long }));
    return { args, spec, kinds: [0, 0, 0, 0, 0, 0], sizes: [0, 0, 0, 0, 0, 0] };
  }
  const kinds = [0, 0, 0, 0, 0, 0];
  const sizes = [0, 0, 0, 0, 0, 0];
  const args = names.map((kernelName, idx) => {
    const type = spec?.args?.[kernelName] ?? fromType(kernelName, types[idx] ?? "unsigned long");
    [kinds[idx], sizes[idx]] = captureOf(type, info, names);
    return { idx, name: spec?.names?.[kernelName] ?? kernelName, type };
  });
  return { args, spec, kinds, sizes };
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
function fallback(v: number): Shown {
  return { json: v, text: hex(v) };
}

export interface DecodedCall {
  args: DecodedArg[];
  /** strace's text between the parentheses (only when text was asked for). */
  argsText?: string;
  /** strace's rendering of a successful return value (only when text was asked for). */
  retText?: string;
}

const NOTHING: DecodedCall = Object.freeze({ args: Object.freeze([]) as unknown as DecodedArg[] });

/** Decode one call. `ret` is null for calls that did not return. */
export function decodeCall(info: SyscallInfo, raw: readonly number[], caps: readonly Capture[], text: boolean, ret: number | null): DecodedCall {
  const plan = planFor(info);
  if (plan.args.length === 0 && !plan.spec?.ret) return NOTHING; // getpid, getppid, …
  const failed = ret !== null && ret < 0 && ret >= -4095;
  const c: Call = { raw, caps, text, ret, failed, arch: info.arch, info };
  const args: DecodedArg[] = new Array(plan.args.length);
  for (let k = 0; k < plan.args.length; k++) {
    const a = plan.args[k]!;
    let s: Shown;
    try {
      s = a.type.show(c, a.idx, firstCapture(caps, a.idx));
    } catch {
      s = fallback(raw[a.idx] ?? 0);
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

