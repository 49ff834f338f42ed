/**
 * One drained record → a TraceEvent: the seed's JSON payload plus
 * swoll's additions (time, cgroup_id, truncated). Reads one DataView.
 */
import { CaptureKind, EVENT, EventFlag } from "./layout";
import { threads } from "./thread-cache";
import type { SyscallInfo, SyscallTable } from "./syscalls";
import { unknownSyscall } from "./syscalls";
import { errnoName } from "./errno";
import { argCount, decodeCall, type DecodedArg, type DecodedCall } from "./args";
import { NO_CAPTURES, readCaptures, type Capture } from "./capture";
import { WallClock } from "./clock";
import type { CgroupId } from "./cgroup-id";
import { fdInfoOf, withFdPath, type FdInfo } from "./fd-info";

const isFdItem = (c: Capture) => c.kind === CaptureKind.Fd || c.kind === CaptureKind.FdPath;

export { Capture, makeCapture } from "./capture";

export interface ContainerInfo {
  id: string;
  pod: string | null;
  name: string | null;
  image: string | null;
  namespace: string | null;
  labels: Record<string, string> | null;
  pid: number | null;
  "pid-namespace": number | null;
}

export interface TraceEvent {
  syscall: { nr: number; name: string; class: string; group: string };
  pid: number;
  tid: number;
  uid: number;
  gid: number;
  comm: string;
  session: number;
  container: ContainerInfo | null;
  /** "OK", an errno name, or null when the call never returned. */
  error: string | null;
  /** The return value; beyond 2^53 its exact decimal digits as a string. */
  return: number | string | null;
  pid_ns: number;
  uts_ns: number;
  mount_ns: number;
  /** The process id as its own pid namespace numbers it (what `ps` in the container shows); 0: unknown. */
  pid_in_ns?: number;
  /** The thread id likewise. */
  tid_in_ns?: number;
  start: number;
  finish: number;
  time: string;
  cgroup_id: CgroupId;
  args: Record<string, unknown>;
  /** Names of arguments whose captured memory was cut short. */
  truncated?: string[];
  /** With -y: what each descriptor argument (by name) and a descriptor result (`return`) refers to. */
  fds?: Record<string, string | string[]>;
}

/** A decoded event keeps its argument list for the text renderer. */
export interface Decoded {
  event: TraceEvent;
  info: SyscallInfo;
  argList: DecodedArg[];
  latencyNs: number;
  /** strace's text between the parentheses, when it is not the arguments joined (clone). */
  argsText?: string;
  /** strace's text for a successful return, when it is not the number (mmap's address, fcntl's flags). */
  retText?: string;
  /** With -y: `event.fds` escaped for a terminal. */
  fdText?: Record<string, string | string[]>;
  /** With -y: the probe's descriptions of the call's descriptors. */
  fdInfo?: FdInfo[];
}

/** Reads a u64 as a Number: exact below 2^53, sign-extended 32-bit values stay negative. */
export function u64At(dv: DataView, off: number): number {
  const lo = dv.getUint32(off, true);
  const hi = dv.getUint32(off + 4, true);
  if (hi === 0) return lo;
  if (hi === 0xffffffff && lo >= 0x80000000) return lo - 0x100000000;
  return hi * 0x100000000 + lo;
}

/** Above this a register or result is not exact as a Number (its exact value is read as a BigInt). */
export const MAX_EXACT = Number.MAX_SAFE_INTEGER;

export function s64At(dv: DataView, off: number): number {
  const lo = dv.getUint32(off, true);
  const hi = dv.getInt32(off + 4, true);
  return hi * 0x100000000 + lo;
}

export class EventDecoder {
  private readonly syscallCache: (TraceEvent["syscall"] | undefined)[] = [];

  /**
   * `text`: also render strace-style argument text (the text output needs it, JSON does not).
   * `clock`: turns the probe's monotonic times into wall time (the tracer passes the exact one).
   * `strMax`: the stream's --strsize, which also bounds the elements of arrays shown (as strace's -s).
   */
  constructor(
    private readonly table: SyscallTable, private readonly text = true, private readonly clock = new WallClock(), private readonly strMax?: number,
  ) {}

  /** Call before each batch: keeps the wall-clock offset fresh. */
  beginBatch(): void {
    this.clock.refresh();
  }

  /**
   * Decode the record at `off` (after the frame header) in `buf`; `len` is
   * the frame's length, which bounds every read whatever the record claims.
   */
  decode(buf: Uint8Array, dv: DataView, off: number, len = buf.length - off): Decoded {
    const info = this.infoOf(dv.getUint32(off + EVENT.nr, true));
    const flags = dv.getUint16(off + EVENT.flags, true);
    const noReturn = (flags & EventFlag.NoReturn) !== 0;
    const ret = s64At(dv, off + EVENT.ret);
    const start = u64At(dv, off + EVENT.startNs);
    const finish = u64At(dv, off + EVENT.finishNs);
    let fdInfo: FdInfo[] | undefined;
    const call = this.callOf(buf, dv, off, len, info, noReturn ? null : ret, (c) => {
      if (c.kind === CaptureKind.FdPath) {
        const f = fdInfo?.at(-1);
        if (f && f.arg === c.arg && f.index === c.index) withFdPath(f, c);
        return;
      }
      const f = fdInfoOf(c);
      if (f) (fdInfo ??= []).push(f);
    });
    const argList = call.args;
    const tid = dv.getUint32(off + EVENT.tid, true);
    const args: Record<string, unknown> = {};
    let truncated: string[] | undefined;
    for (const a of argList) {
      args[a.name] = a.json;
      if (a.truncated) (truncated ??= []).push(a.name);
    }
    if (flags & EventFlag.CaptureExhausted) (truncated ??= []).push("*");
    const isError = !noReturn && ret < 0 && ret >= -4095;
    const event: TraceEvent = {
      syscall: this.syscallJson(info),
      pid: dv.getUint32(off + EVENT.tgid, true),
      tid,
      uid: dv.getUint32(off + EVENT.uid, true),
      gid: dv.getUint32(off + EVENT.gid, true),
      comm: threads.comm(buf, dv, off + EVENT.comm, tid),
      session: dv.getUint32(off + EVENT.session, true),
      container: null,
      error: noReturn ? null : isError ? (errnoName(-ret) ?? `E${-ret}`) : "OK",
      return: noReturn ? null : ret > MAX_EXACT || ret < -MAX_EXACT ? dv.getBigInt64(off + EVENT.ret, true).toString() : ret,
      pid_ns: dv.getUint32(off + EVENT.pidNs, true),
      uts_ns: dv.getUint32(off + EVENT.utsNs, true),
      mount_ns: dv.getUint32(off + EVENT.mntNs, true),
      pid_in_ns: dv.getUint32(off + EVENT.nsTgid, true),
      tid_in_ns: dv.getUint32(off + EVENT.nsTid, true),
      start,
      finish,
      time: this.clock.rfc3339(start),
      cgroup_id: u64At(dv, off + EVENT.cgroupId),
      args,
    };
    if (truncated) event.truncated = truncated;
    const d: Decoded = { event, info, argList, latencyNs: finish - start };
    if (call.argsText !== undefined) d.argsText = call.argsText;
    if (call.retText !== undefined) d.retText = call.retText;
    if (fdInfo) d.fdInfo = fdInfo;
    return d;
  }

  /** The syscall numbered `nr` (an entry made up for numbers the table lacks). */
  infoOf(nr: number): SyscallInfo {
    return this.table.byNr(nr) ?? unknownSyscall(nr, this.table.arch);
  }

  /**
   * The arguments of the record at `off` (see decode), decoded from its
   * registers and captures; `ret` is null for a call that did not return.
   */
  callOf(buf: Uint8Array, dv: DataView, off: number, len: number, info: SyscallInfo, ret: number | null, onFd?: (c: Capture) => void): DecodedCall {
    const nargs = argCount(info);
    const raw: number[] = new Array(nargs);
    // exact values only where a Number cannot hold them (no BigInt otherwise)
    let wide: (bigint | undefined)[] | undefined;
    for (let i = 0; i < nargs; i++) {
      const v = u64At(dv, off + EVENT.args + i * 8);
      raw[i] = v;
      if (v > MAX_EXACT) (wide ??= [])[i] = dv.getBigUint64(off + EVENT.args + i * 8, true);
    }
    const capCount = dv.getUint32(off + EVENT.capCount, true);
    let captures: readonly Capture[] =
      capCount === 0 ? NO_CAPTURES : readCaptures(buf, dv, off, capCount, Math.min(dv.getUint32(off + EVENT.recordSize, true), len, buf.length - off));
    // descriptor descriptions (-y) are not argument memory: the argument decoders never see them
    if (captures.some(isFdItem)) {
      if (onFd) for (const c of captures) if (isFdItem(c)) onFd(c);
      captures = captures.filter((c) => !isFdItem(c));
    }
    return decodeCall(info, raw, captures, this.text, ret, wide, this.strMax);
  }

  /** The event's `syscall` object for `info`, one per number (shared by every event of that call). */
  syscallJson(info: SyscallInfo): TraceEvent["syscall"] {
    let s = this.syscallCache[info.nr];
    if (!s) {
      s = { nr: info.nr, name: info.fullName, class: info.class, group: info.group };
      this.syscallCache[info.nr] = s;
    }
    return s;
  }
}

export { CaptureKind };
