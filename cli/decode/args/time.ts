/**
 * Time and waiting: nanosleep/clock_nanosleep (timespec, CLOCK_*),
 * clock_gettime and friends, timerfd_*, [gs]etitimer, alarm, and futex
 * (FUTEX_* commands with the arguments each one uses).
 */
import { valuesOf } from "../consts";
import { CLOCK_ID, FUTEX_CMD, FUTEX_WAKE_CMP, FUTEX_WAKE_OP, ITIMER_WHICH, TIMER_FLAGS, TIMERFD_FLAGS } from "../tables/consts-mm";
import { fd, flags, int, intRef, memory, ptr, signalName, u32, uint, value, u32a } from "./common";
import { hex, pointer, struct, u64Json } from "./render";
import { itimerspec, itimerval, structArg, timespec, timeval } from "./structs";
import type { ArgType, Call, CallSpecs, Shown } from "./types";

const EINTR = -4;

/** The time left, which the kernel writes only when a sleep is interrupted. */
function remaining(): ArgType {
  const inner = timespec();
  return { ...inner, show: (c, i, cap) => (c.ret === EINTR ? inner.show(c, i, cap) : pointer(c.raw[i]!)) };
}

// -------------------------------------------------------------------- futex --

const FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256, FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
const FUTEX_BITSET_MATCH_ANY = 0xffffffff;

/** FUTEX_WAIT_PRIVATE, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, … */
function futexOp(v: number, c: Call): Shown {
  const cmd = v & FUTEX_CMD_MASK;
  const name = valuesOf(FUTEX_CMD, c.arch).name(cmd);
  let text = name ? `${name}${v & FUTEX_PRIVATE_FLAG ? "_PRIVATE" : ""}` : `${cmd}`;
  if (!name && v & FUTEX_PRIVATE_FLAG) text += "|FUTEX_PRIVATE_FLAG";
  if (v & FUTEX_CLOCK_REALTIME) text += "|FUTEX_CLOCK_REALTIME";
  return { json: text.split("|"), text };
}

/**
 * What each command does with the registers after op (val, utime, uaddr2,
 * val3), in order; strace prints the arguments up to the last one used,
 * leaving out those the command ignores ("skip").
 */
type Role = "val" | "timeout" | "val2" | "uaddr2" | "val3" | "bitset" | "wakeop" | "hex" | "skip";
const FUTEX_ARGS: Record<string, Role[]> = {
  FUTEX_WAIT: ["val", "timeout"],
  FUTEX_WAKE: ["val"],
  FUTEX_FD: ["val"],
  FUTEX_REQUEUE: ["val", "val2", "uaddr2"],
  FUTEX_CMP_REQUEUE: ["val", "val2", "uaddr2", "val3"],
  FUTEX_WAKE_OP: ["val", "val2", "uaddr2", "wakeop"],
  FUTEX_LOCK_PI: ["skip", "timeout"],
  FUTEX_LOCK_PI2: ["skip", "timeout"],
  FUTEX_UNLOCK_PI: [],
  FUTEX_TRYLOCK_PI: [],
  FUTEX_WAIT_BITSET: ["val", "timeout", "skip", "bitset"],
  FUTEX_WAKE_BITSET: ["val", "skip", "skip", "bitset"],
  FUTEX_WAIT_REQUEUE_PI: ["val", "timeout", "uaddr2"],
  FUTEX_CMP_REQUEUE_PI: ["val", "val2", "uaddr2", "val3"],
};
const FUTEX_OP_OPARG_SHIFT = 8;

/** FUTEX_WAKE_OP's val3: `FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1`. */
function wakeOp(v: number, c: Call): string {
  const op = (v >>> 28) & 0xf, oparg = (v >>> 12) & 0xfff, cmp = (v >>> 24) & 0xf, cmparg = v & 0xfff;
  const ops = valuesOf(FUTEX_WAKE_OP, c.arch), cmps = valuesOf(FUTEX_WAKE_CMP, c.arch);
  const opText = (op & FUTEX_OP_OPARG_SHIFT ? "FUTEX_OP_OPARG_SHIFT|" : "") + (ops.name(op & 7) ?? String(op & 7));
  return `${opText}<<28|${oparg}<<12|${cmps.name(cmp) ?? String(cmp)}<<24|0x${cmparg.toString(16)}`;
}

const timeoutArg = timespec();

function futexArg(k: number): ArgType {
  return {
    capture: k === 1 ? timeoutArg.capture : undefined,
    show(c, i, cap) {
      const v = c.raw[i]!;
      const cmd = valuesOf(FUTEX_CMD, c.arch).name(u32a(c, 1) & FUTEX_CMD_MASK);
      // a command nobody knows: every register, in hex after val
      const roles: Role[] = (cmd && FUTEX_ARGS[cmd]) || ["val", "hex", "hex", "hex"];
      const role = roles[k] ?? "skip";
      const n = u32a(c, i);
      switch (role) {
        case "timeout":
          return timeoutArg.show(c, i, cap);
        case "uaddr2":
          return pointer(v, c.wide?.[i]);
        case "bitset":
          return { json: n, text: n === FUTEX_BITSET_MATCH_ANY ? "FUTEX_BITSET_MATCH_ANY" : `0x${n.toString(16)}` };
        case "hex":
          return { json: k === 1 || k === 2 ? pointer(v, c.wide?.[i]).json : n, text: hex(v, c.wide?.[i]) };
        case "wakeop":
          return { json: n, text: c.text ? wakeOp(n, c) : "" };
        case "skip":
          return { json: k === 1 || k === 2 ? pointer(v, c.wide?.[i]).json : n, text: "" };
        default:
          return { json: n, text: String(n) };
      }
    },
  };
}

const clock = value(CLOCK_ID);

const SIGEV_NOTIFY: Record<number, string> = { 0: "SIGEV_SIGNAL", 1: "SIGEV_NONE", 2: "SIGEV_THREAD", 4: "SIGEV_THREAD_ID" };
const SIGEV_SIGNAL = 0, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;

/**
 * struct sigevent as strace prints it (its first 32 bytes, what strace reads): the value when its pointer
 * is set, the signal (a number for notifications without one), how to
 * notify, and the thread (SIGEV_THREAD_ID) or function and attributes (SIGEV_THREAD).
 */
export const sigevent: ArgType = memory({ kind: "fixed", size: 32 }, (m, c, i) => {
  const val = m.u64n(0), signo = m.s32(8), notify = m.s32(12);
  if (val === undefined || signo === undefined || notify === undefined) return pointer(c.raw[i]!);
  const withSignal = notify === SIGEV_SIGNAL || notify === SIGEV_THREAD || notify === SIGEV_THREAD_ID;
  const sig = withSignal ? (signalName(signo, c.arch) ?? String(signo)) : String(signo >>> 0);
  const how = SIGEV_NOTIFY[notify];
  const fields: [string, string][] = [];
  const json: Record<string, unknown> = { sigev_signo: withSignal ? (signalName(signo, c.arch) ?? signo) : signo >>> 0, sigev_notify: how ?? hex(notify >>> 0) };
  if (val !== 0n) {
    fields.push(["sigev_value", `{sival_int=${Number(BigInt.asIntN(32, val))}, sival_ptr=0x${val.toString(16)}}`]);
    json.sigev_value = u64Json(val);
  }
  fields.push(["sigev_signo", sig], ["sigev_notify", how ?? `${hex(notify >>> 0)} /* SIGEV_??? */`]);
  if (notify === SIGEV_THREAD_ID) {
    const tid = m.s32(16) ?? 0;
    fields.push(["sigev_notify_thread_id", String(tid)]);
    json.sigev_notify_thread_id = tid;
  } else if (notify === SIGEV_THREAD) {
    const fn = m.u64n(16) ?? 0n, attr = m.u64n(24) ?? 0n;
    const p = (v: bigint) => (v === 0n ? "NULL" : `0x${v.toString(16)}`);
    fields.push(["sigev_notify_function", p(fn)], ["sigev_notify_attributes", p(attr)]);
    json.sigev_notify_function = fn === 0n ? null : p(fn);
    json.sigev_notify_attributes = attr === 0n ? null : p(attr);
  }
  return { json, text: struct(fields) };
});

/** struct timezone (two ints): gettimeofday/settimeofday's second argument. */
const TIMEZONE = { size: 8, fields: { tz_minuteswest: [0, 4, 1], tz_dsttime: [4, 4, 1] } } as const;
const timezone = (out = false): ArgType =>
  structArg(TIMEZONE, (m) => {
    const w = m.field(TIMEZONE.fields.tz_minuteswest)!, d = m.field(TIMEZONE.fields.tz_dsttime)!;
    return { json: { tz_minuteswest: w, tz_dsttime: d }, text: struct([["tz_minuteswest", String(w)], ["tz_dsttime", String(d)]]) };
  }, { out });

export const TIME: CallSpecs = {
  gettimeofday: { args: { tv: timeval(true), tz: timezone(true) } },
  settimeofday: { args: { tv: timeval(), tz: timezone() } },
  sched_rr_get_interval: { args: { pid: int, interval: timespec(true) } },
  nanosleep: { args: { rqtp: timespec(), rmtp: remaining() } },
  clock_nanosleep: { args: { which_clock: clock, flags: flags(TIMER_FLAGS), rqtp: timespec(), rmtp: remaining() } },
  clock_gettime: { args: { which_clock: clock, tp: timespec(true) } },
  clock_getres: { args: { which_clock: clock, tp: timespec(true) } },
  clock_settime: { args: { which_clock: clock, tp: timespec() } },
  timerfd_create: { args: { clockid: clock, flags: flags(TIMERFD_FLAGS) } },
  timer_create: { args: { which_clock: clock, timer_event_spec: sigevent, created_timer_id: intRef({ out: true }) } },
  timer_settime: { args: { timer_id: int, flags: flags(TIMER_FLAGS), new_setting: itimerspec(), old_setting: itimerspec(true) } },
  timer_gettime: { args: { timer_id: int, setting: itimerspec(true) } },
  timerfd_settime: { args: { ufd: fd, flags: flags(TIMERFD_FLAGS), utmr: itimerspec(), otmr: itimerspec(true) } },
  timerfd_gettime: { args: { ufd: fd, otmr: itimerspec(true) } },
  getitimer: { args: { which: value(ITIMER_WHICH), value: itimerval(true) } },
  setitimer: { args: { which: value(ITIMER_WHICH), value: itimerval(), ovalue: itimerval(true) } },
  alarm: { args: { seconds: uint } },
  futex: {
    args: {
      uaddr: ptr,
      op: { show: (c, i) => futexOp(u32a(c, i), c) },
      val: futexArg(0),
      utime: futexArg(1),
      uaddr2: futexArg(2),
      val3: futexArg(3),
    },
  },
};

