/**
 * Waiting on descriptors: poll/ppoll (pollfd arrays, ready entries after
 * the return as strace shows them), select/pselect6 (fd_sets as the call
 * left them), epoll_create*, epoll_ctl, epoll_wait/epoll_pwait*.
 */
import { EPOLL_FLAGS, EPOLL_OP } from "../tables/consts-net";
import { POLLFD, TIMESPEC, TIMEVAL } from "../tables/structs";
import { CaptureKind } from "../layout";
import { entryExit, fd, flags, int, memory, ptr, s32, size, sigset, u32, value } from "./common";
import { pointer } from "./render";
import { CapturedMemory } from "./captured-memory";
import type { Capture } from "../capture";
import { array, epollEventShown, epollLayout, pollfds, pollReady, structArg, timespec, timespecShown, timevalShown } from "./structs";
import type { ArgType, Call, CallSpecs, Shown } from "./types";

/** The item of argument `i` read at exit (value-result arguments also have one read at entry). */
const capOf = (c: Call, i: number): Capture | undefined => {
  for (const x of c.caps) if (x.arg === i && !x.entry) return x;
  return undefined;
};
const usable = (cap: Capture | undefined): cap is Capture => cap !== undefined && cap.kind === CaptureKind.Bytes && !cap.fault;

const nfdsOf = (c: Call) => Math.min(u32(c.raw[1]!), 1 << 16);

/** pollfd array: fds and the events asked for (revents are listed after the return value). */
const ufds: ArgType = memory({ kind: "argCount", arg: "nfds", elem: POLLFD.size }, (m, c) => pollfds(m, nfdsOf(c), c, "events"));

/** A sigset_t argument (8 bytes on 64-bit). */
export const sigsetArg = (out = false): ArgType => memory({ kind: "fixed", size: 8 }, (m, c) => sigset(m.bytes, c.arch), { out });

/**
 * A timeout the kernel rewrites with the time left: read at entry (the
 * value passed, as strace shows it) and at exit (`left {…}` after the
 * return value).
 */
export function leftTimeout(kind: "timespec" | "timeval"): ArgType {
  const layout = kind === "timespec" ? TIMESPEC : TIMEVAL;
  return {
    capture: { kind: "fixed", size: layout.size, when: "both" },
    show(c, i) {
      const v = c.raw[i]!;
      if (v === 0) return { json: null, text: "NULL" };
      const { entry } = entryExit(c, i);
      if (!entry || entry.fault || entry.bytes.length < layout.size) return pointer(v);
      const m = new CapturedMemory(entry.bytes);
      return kind === "timespec" ? timespecShown(m) : timevalShown(m);
    },
  };
}

/** `left {…}`: the time the kernel wrote back into argument i. */
export function left(c: Call, i: number, kind: "timespec" | "timeval"): string | undefined {
  const cap = capOf(c, i);
  if (!usable(cap) || c.raw[i] === 0) return undefined;
  const m = new CapturedMemory(cap.bytes);
  if (m.length < 16) return undefined;
  return `left ${(kind === "timespec" ? timespecShown(m) : timevalShown(m)).text}`;
}

function pollRet(tsArg: number | undefined): (c: Call) => string | undefined {
  return (c) => {
    if (c.ret === 0) return "0 (Timeout)";
    const cap = capOf(c, 0);
    const parts: string[] = [];
    if (usable(cap)) parts.push(pollReady(new CapturedMemory(cap.bytes), nfdsOf(c), c));
    if (tsArg !== undefined) {
      const l = left(c, tsArg, "timespec");
      if (l) parts.push(l);
    }
    return parts.length ? `${c.ret} (${parts.join(", ")})` : undefined;
  };
}

const FD_SETSIZE_BYTES = 128;

function fdSetShown(c: Call, cap: Capture): Shown {
  const m = new CapturedMemory(cap.bytes);
  const n = Math.max(0, Math.min(s32(c.raw[0]!), m.length * 8));
  const fds: number[] = [];
  for (let k = 0; k < n; k++) if ((m.bytes[k >> 3]! >> (k & 7)) & 1) fds.push(k);
  const cut = s32(c.raw[0]!) > m.length * 8 || cap.truncated;
  return { json: fds, text: `[${fds.join(" ")}${cut ? " ..." : ""}]`, truncated: cut || undefined };
}

/**
 * An fd_set: read at entry (the descriptors asked about, the argument as
 * strace shows it) and at exit (the ready ones, listed after the return).
 */
const fdSet: ArgType = {
  capture: { kind: "fixed", size: FD_SETSIZE_BYTES, when: "both" },
  show(c, i) {
    const v = c.raw[i]!;
    if (v === 0) return { json: null, text: "NULL" };
    const { entry } = entryExit(c, i);
    return entry && !entry.fault ? fdSetShown(c, entry) : pointer(v);
  },
};

function selectRet(timeout: "timespec" | "timeval"): (c: Call) => string | undefined {
  return (c) => {
    if (c.ret === 0) return "0 (Timeout)";
    const parts: string[] = [];
    ([[1, "in"], [2, "out"], [3, "except"]] as const).forEach(([i, label]) => {
      const cap = capOf(c, i);
      if (!c.raw[i] || !usable(cap)) return;
      const ready = fdSetShown(c, cap);
      if ((ready.json as number[]).length) parts.push(`${label} ${ready.text}`);
    });
    const l = left(c, 4, timeout);
    if (l) parts.push(l);
    return parts.length ? `${c.ret} (${parts.join(", ")})` : undefined;
  };
}

const epollEvent: ArgType = structArg(epollLayout, (m, c) => epollEventShown(m, 0, c));

/** The events a wait returned: as many as the return value says. */
const epollEvents: ArgType = memory(
  { kind: "argCount", arg: "maxevents", elem: (arch) => epollLayout(arch).size },
  (m, c) => {
    const n = Math.max(0, c.ret ?? 0);
    const sz = epollLayout(c.arch).size;
    return array(m, sz, n, (off) => epollEventShown(m, off, c));
  },
  { out: true },
);

export const POLL: CallSpecs = {
  poll: { args: { ufds, nfds: int, timeout_msecs: int }, ret: pollRet(undefined) },
  ppoll: { args: { ufds, nfds: int, tsp: leftTimeout("timespec"), sigmask: sigsetArg(), sigsetsize: size }, ret: pollRet(2) },
  select: { args: { n: int, inp: fdSet, outp: fdSet, exp: fdSet, tvp: leftTimeout("timeval") }, ret: selectRet("timeval") },
  pselect6: { args: { n: int, inp: fdSet, outp: fdSet, exp: fdSet, tsp: leftTimeout("timespec"), sig: ptr }, ret: selectRet("timespec") },
  epoll_create: { args: { size: int } },
  epoll_create1: { args: { flags: flags(EPOLL_FLAGS) } },
  epoll_ctl: { args: { epfd: fd, op: value(EPOLL_OP), fd, event: epollEvent } },
  epoll_wait: { args: { epfd: fd, events: epollEvents, maxevents: int, timeout: int } },
  epoll_pwait: { args: { epfd: fd, events: epollEvents, maxevents: int, timeout: int, sigmask: sigsetArg(), sigsetsize: size } },
  epoll_pwait2: { args: { epfd: fd, events: epollEvents, maxevents: int, timeout: timespec(), sigmask: sigsetArg(), sigsetsize: size } },
};
