/**
 * Raw registers + captured memory → named, typed arguments, in JSON and
 * in strace's text. Every syscall gets its kernel argument names; the
 * family specs (fs, fd, io, net, poll, mm, signal, proc, time, sys) add
 * strings, flags, structs and socket addresses.
 */
import type { Capture } from "../capture";
import { ArgTiming, SpecFd, SpecFlag } from "../layout";
import { FD_RESULTS } from "./fd";
import type { SyscallInfo } from "../syscalls";
import { decodeCall, planFor } from "./plan";
import type { DecodedArg } from "./types";

export { decodeCall, planFor, SPECS, type DecodedCall } from "./plan";
export { hex } from "./render";
export type { ArgType, Call, CallSpec, DecodedArg, Shown } from "./types";

/** Number of raw registers the decoder reads for this syscall. */
export function argCount(info: SyscallInfo): number {
  return planFor(info).args.length;
}

/**
 * Decode every argument; `text` also renders strace-style text (else text is "").
 * `ret` (null: did not return, or unknown) lets output arguments of a failed call show as addresses.
 */
export function decodeArgs(info: SyscallInfo, raw: readonly number[], captures: readonly Capture[], text = true, ret: number | null = null): DecodedArg[] {
  return decodeCall(info, raw, captures, text, ret).args;
}

/** The caller's memory is replaced on success, so read it at entry. */
export const CAPTURE_AT_ENTER = new Set(["execve", "execveat"]);


/**
 * What the probe captures for one syscall: per argument an ArgCapture kind
 * and its size (a byte count, an argument index, or index | elem << 8 for
 * BytesArgCount), plus the SpecFlag bits. Ready to be written into the
 * kernel's capture_spec map as is.
 */
export interface CaptureSpec {
  kinds: number[];
  sizes: number[];
  flags: number;
  /** SpecFd bits: which descriptors the probe describes (strace -y); 0 unless asked for. */
  fds: number;
}

/** The capture spec for `info`, as the kernel's capture_spec map takes it. */
export function captureSpecFor(info: SyscallInfo, describeFds = false): CaptureSpec {
  const p = planFor(info);
  let fds = 0;
  if (describeFds) {
    for (const a of p.args) {
      if (a.type.fd === "pair") fds |= (1 << a.idx) | SpecFd.Pair;
      else if (a.type.fd) fds |= 1 << a.idx;
    }
    if (FD_RESULTS[info.name] !== undefined) fds |= SpecFd.Result;
    // a pair is the only descriptor the probe reads of such a call
    if (fds & SpecFd.Pair) fds &= SpecFd.Pair | SpecFd.Result | p.args.filter((a) => a.type.fd === "pair").reduce((m, a) => m | (1 << a.idx), 0);
  }
  const someAtEntry = p.kinds.some((k) => k & (ArgTiming.AtEntry | ArgTiming.AtBoth));
  const flags =
    (info.noReturn ? SpecFlag.EmitAtEnter : 0) | (CAPTURE_AT_ENTER.has(info.name) ? SpecFlag.CaptureAtEnter : 0) | (someAtEntry ? SpecFlag.SomeAtEnter : 0);
  return { kinds: [...p.kinds], sizes: [...p.sizes], flags, fds };
}
