/**
 * Time and waiting: nanosleep/clock_nanosleep (timespec, CLOCK_*, the time
 * left when interrupted), time/times (dates and clock ticks as strace
 * comments them), adjtimex/clock_adjtime (struct timex), clock_gettime and
 * friends, timerfd_*, [gs]etitimer, alarm, futex (FUTEX_* commands with the
 * arguments each one uses) and futex_waitv's waiters.
 */
import { flagsOf, valuesOf } from "../consts";
import { TIMEX } from "../tables/structs";
import { ADJTIMEX_MODES, ADJTIMEX_STATE, ADJTIMEX_STATUS, CLOCK_ID, FUTEX_CMD, FUTEX_WAITER_FLAGS, FUTEX_WAKE_CMP, FUTEX_WAKE_OP, ITIMER_WHICH, TIMER_FLAGS, TIMERFD_FLAGS } from "../tables/consts-mm";
import { fd, flags, hexNum32, int, intRef, memory, ptr, signalName, u32, u32a, uint, value } from "./common";
import type { CapturedMemory } from "./captured-memory";
import { hex, pointer, struct, u64Json } from "./render";
import { arrayShow, isoTime, itimerspec, itimerval, secondsText, structArg, timespec, timeval } from "./structs";
import type { ArgType, Call, CallSpecs, Shown } from "./types";

const EINTR = -4, ERESTARTSYS = -512, ERESTART_RESTARTBLOCK = -516;

/** The call was interrupted by a signal (ERESTARTSYS..ERESTART_RESTARTBLOCK are what the probe sees before the restart logic runs). */
const interrupted = (ret: number | null) => ret !== null && (ret === EINTR || (ret <= ERESTARTSYS && ret >= ERESTART_RESTARTBLOCK));

/**
 * The time left, which the kernel writes only when a sleep is interrupted
 * (and, for clock_nanosleep, only for a relative sleep: `flagsArg` is 0).
 */
function remaining(flagsArg?: number): ArgType {
  const inner = timespec();
  return {
    ...inner,
    show: (c, i, cap) => (interrupted(c.ret) && (flagsArg === undefined || u32a(c, flagsArg) === 0) ? inner.show(c, i, cap) : pointer(c.raw[i]!, c.wide?.[i])),
  };
}

// --------------------------------------------------------------- time, times --

/** time_t and struct tms: 64-bit longs on both arches. */
const TIME_T = { size: 8, fields: { t: [0, 8, 1] } } as const;
const TMS = { size: 32, fields: { tms_utime: [0, 8, 0], tms_stime: [8, 8, 0], tms_cutime: [16, 8, 0], tms_cstime: [24, 8, 0] } } as const;

/** time()'s result with its date: `1796598842 (2026-12-06T23:14:02+0000)`. */
const timeRet = (c: Call): string | undefined => {
  const iso = isoTime(c.ret!, 0);
  return iso ? `${c.ret} (${iso})` : undefined;
};

/** time()'s *tloc: `[1796598842 /* 2026-12-06T23:14:02+0000 *\/]`. */
const timeOut: ArgType = structArg(TIME_T, (m) => {
  const f = TIME_T.fields.t;
  return { json: m.fieldJson(f), text: `[${secondsText(m.fieldText(f)!, m.field(f)!)}]` };
}, { out: true });

const CLK_TCK = 100;

/** A clock_t in ticks, with its seconds as strace comments them (USER_HZ is 100 on Linux): `31 /* 0.31 s *\/`. */
export function clockText(v: bigint): string {
  if (v === 0n) return "0";
  const hz = BigInt(CLK_TCK);
  return `${v} /* ${v / hz}.${String(v % hz).padStart(2, "0")} s */`;
}

/** times()'s struct tms: four clock_t tick counts. */
const tmsOut: ArgType = structArg(TMS, (m) => {
  const json: Record<string, unknown> = {};
  const text: [string, string][] = [];
  for (const [k, f] of Object.entries(TMS.fields)) {
    json[k] = u64Json(m.u64n(f[0])!);
    text.push([k, clockText(m.u64n(f[0])!)]);
  }
  return { json, text: struct(text) };
}, { out: true });

// ----------------------------------------------------------------- adjtimex --

const TIMEX_LONGS_1 = ["offset", "freq", "maxerror", "esterror"] as const;
const TIMEX_LONGS_2 = ["constant", "precision", "tolerance"] as const;
const TIMEX_LONGS_3 = ["tick", "ppsfreq", "jitter", "shift", "stabil", "jitcnt", "calcnt", "errcnt", "stbcnt", "tai"] as const;

/** struct timex as the kernel leaves it (adjtimex, clock_adjtime): every member, modes and status by name. */
const timexOut: ArgType = structArg(TIMEX, (m, c) => {
  const f = TIMEX.fields;
  const json: Record<string, unknown> = {};
  const text: [string, string][] = [];
  const nums = (keys: readonly (keyof typeof f)[]) => {
    for (const k of keys) {
      json[k] = m.fieldJson(f[k]);
      text.push([k, m.fieldText(f[k])!]);
    }
  };
  const modes = flagsOf(ADJTIMEX_MODES, c.arch).format(m.field(f.modes)!);
  json.modes = modes.names;
  text.push(["modes", modes.text]);
  nums(TIMEX_LONGS_1);
  const status = flagsOf(ADJTIMEX_STATUS, c.arch).format(m.field(f.status)! >>> 0);
  json.status = status.names;
  text.push(["status", status.text]);
  nums(TIMEX_LONGS_2);
  json.time = { tv_sec: m.fieldJson(f.time_sec), tv_usec: m.fieldJson([f.time_usec[0], 8, 0]) };
  text.push(["time", struct([["tv_sec", m.fieldText(f.time_sec)!], ["tv_usec", m.fieldText([f.time_usec[0], 8, 0])!]])]);
  nums(TIMEX_LONGS_3);
  return { json, text: struct(text) };
}, { out: true });

/** adjtimex's result: the clock state by name, `5 (TIME_ERROR)`. */
const clockStateRet = (c: Call): string | undefined => {
  const name = valuesOf(ADJTIMEX_STATE, c.arch).name(c.ret!);
  return name ? `${c.ret} (${name})` : undefined;
};

// -------------------------------------------------------------- futex_waitv --

/** struct futex_waitv: u64 val, u64 uaddr, u32 flags, u32 __reserved. */
const FUTEX_WAITV_SIZE = 24;
const FUTEX_WAITV_MAX = 128;

function waiterShown(m: CapturedMemory, off: number, c: Call): Shown {
  const val = m.u64n(off)!, uaddr = m.u64w(off + 8)!, fl = m.u32(off + 16)!, reserved = m.u32(off + 20)!;
  const flags = flagsOf(FUTEX_WAITER_FLAGS, c.arch).format(fl);
  const addr = pointer(uaddr[0], uaddr[1]);
  const json: Record<string, unknown> = { val: u64Json(val), uaddr: addr.json, flags: flags.names };
  const text: [string, string][] = [["val", val === 0n ? "0" : `0x${val.toString(16)}`], ["uaddr", addr.text], ["flags", flags.text]];
  if (reserved) {
    json.__reserved = reserved;
    text.push(["__reserved", `0x${reserved.toString(16)}`]);
  }
  return { json, text: struct(text) };
}

/** futex_waitv's waiters: at most FUTEX_WAITV_MAX of them are shown, as the kernel takes no more. */
const waiters: ArgType = {
  capture: { kind: "array", arg: "nr_futexes", elem: FUTEX_WAITV_SIZE },
  show: arrayShow(FUTEX_WAITV_SIZE, (c) => u32a(c, 1), waiterShown, { limit: FUTEX_WAITV_MAX }),
};

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
/** A clockid_t strace reads unsigned: an unknown one in hex, `0xffffffff /* CLOCK_??? *\/`. */
const clockU32: ArgType = {
  show(c, i) {
    const v = u32a(c, i);
    const vs = valuesOf(CLOCK_ID, c.arch);
    const name = vs.name(v);
    return { json: name ?? v, text: name ?? `0x${v.toString(16)} /* CLOCK_??? */` };
  },
};

const SIGEV_NOTIFY: Record<number, string> = { 0: "SIGEV_SIGNAL", 1: "SIGEV_NONE", 2: "SIGEV_THREAD", 4: "SIGEV_THREAD_ID" };
const SIGEV_SIGNAL = 0, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;

/**
 * struct sigevent as strace prints it (its first 32 bytes, what strace reads): the value when its pointer
 * is set, the signal (a number for notifications without one), how to
 * notify, and the thread (SIGEV_THREAD_ID) or function and attributes (SIGEV_THREAD).
 */
export const sigevent: ArgType = memory({ kind: "fixed", size: 32 }, (m, c, i) => {
  const val = m.u64n(0), signo = m.s32(8), notify = m.s32(12);
  if (val === undefined || signo === undefined || notify === undefined) return pointer(c.raw[i]!, c.wide?.[i]);
  const withSignal = notify === SIGEV_SIGNAL || notify === SIGEV_THREAD || notify === SIGEV_THREAD_ID;
  const sig = withSignal ? (signalName(signo, c.arch) ?? String(signo)) : String(signo >>> 0);
  const how = SIGEV_NOTIFY[notify];
  const fields: [string, string][] = [];
  const json: Record<string, unknown> = { sigev_signo: withSignal ? (signalName(signo, c.arch) ?? signo) : signo >>> 0, sigev_notify: how ?? hex(notify >>> 0) };
  if (val !== 0n) {
    fields.push(["sigev_value", `{sival_int=${Number(BigInt.asIntN(32, val))}, sival_ptr=0x${val.toString(16)}}`]);
    json.sigev_value = `0x${val.toString(16)}`;
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
  clock_nanosleep: { args: { which_clock: clock, flags: flags(TIMER_FLAGS), rqtp: timespec(), rmtp: remaining(1) } },
  time: { args: { tloc: timeOut }, ret: timeRet },
  adjtimex: { args: { txc_p: timexOut }, ret: clockStateRet },
  clock_adjtime: { args: { which_clock: clock, utx: timexOut }, ret: clockStateRet },
  times: { args: { tbuf: tmsOut } },
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
  futex_waitv: { args: { waiters, nr_futexes: uint, flags: hexNum32, timeout: timespec(), clockid: clockU32 } },
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

