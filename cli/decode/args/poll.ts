/**
 * Waiting on descriptors: poll/ppoll (pollfd arrays as passed, ready
 * entries after the return as strace shows them), select/pselect6 (fd_sets
 * as passed, the ready ones after the return; pselect6's sigmask pair),
 * epoll_create*, epoll_ctl, epoll_wait/epoll_pwait*.
 */
import { flagsOf } from "../consts";
import { EPOLL_FLAGS, EPOLL_OP, POLL_EVENTS } from "../tables/consts-net";
import { POLLFD, TIMESPEC, TIMEVAL } from "../tables/structs";
import { CaptureKind } from "../layout";
import { entryExit, fd, flags, int, memory, ptr, s32, size, sigset, u32, u64Of, uint, value } from "./common";
import { cutShort, hex, pointer, struct, u64Json } from "./render";
import { CapturedMemory } from "./captured-memory";
import type { Capture } from "../capture";
import { array, arrayShow, epollEventShown, epollLayout, structArg, timespec, timespecShown, timevalShown } from "./structs";
import type { ArgType, Call, CallSpecs, CaptureReq, Shown } from "./types";

/** The item of argument `i` read at exit (value-result arguments also have one read at entry). */
const capOf = (c: Call, i: number): Capture | undefined => {
  for (const x of c.caps) if (x.arg === i && !x.entry) return x;
  return undefined;
};
const usable = (cap: Capture | undefined): cap is Capture => cap !== undefined && cap.kind === CaptureKind.Bytes && !cap.fault;

/** One pollfd as passed: the fd and the events asked for. */
function pollfdShown(m: CapturedMemory, off: number, c: Call): Shown {
  const f = POLLFD.fields;
  const fl = flagsOf(POLL_EVENTS, c.arch);
  const fd = m.s32(off + f.fd[0])!;
  const events = fl.format(m.u16(off + f.events[0])!);
  // the kernel ignores an entry with a negative fd, and so does strace's text
  if (fd < 0) return { json: { fd, events: events.names }, text: `{fd=${fd}}` };
  return { json: { fd, events: events.names }, text: `{fd=${fd}, events=${events.text}}` };
}

const showPollfds = arrayShow(POLLFD.size, (c) => u32(c.raw[1]!), pollfdShown);

/**
 * pollfd array: fds and the events asked for, as passed (at most --strsize
 * of them); read again at exit, whole, for the revents listed after the
 * return value.
 */
const ufds: ArgType = {
  capture: { kind: "array", arg: "nfds", elem: POLLFD.size, exitAll: true, when: "both" },
  show(c, i) {
    const { entry, exit } = entryExit(c, i);
    const shown = showPollfds(c, i, entry);
    // JSON: each entry's revents too, as the call left them
    if (Array.isArray(shown.json) && exit && !c.failed) {
      const m = new CapturedMemory(exit.bytes);
      const fl = flagsOf(POLL_EVENTS, c.arch);
      shown.json.forEach((e: Record<string, unknown>, k) => {
        const rev = m.u16(k * POLLFD.size + POLLFD.fields.revents[0]);
        if (rev !== undefined) e.revents = fl.format(rev).names;
      });
    }
    return shown;
  },
};

/** A sigset_t argument (8 bytes on 64-bit). */
export const sigsetArg = (out = false): ArgType => memory({ kind: "fixed", size: 8 }, (m, c) => sigset(m.bytes, c.arch), { out });

const SIGSET_BYTES = 8;

/**
 * A sigset_t whose size the call takes in argument `sizeIdx`: as many bytes
 * as that says, decoded when it is from `min` (default: a word) to the
 * kernel's 8 bytes, else only the address, as strace does.
 */
export function sizedSigset(sizeIdx: number, opts: { out?: boolean; min?: number } = {}): ArgType {
  const min = opts.min ?? 8;
  // only 8 bytes are ever shown when a word is the least: read them whole (the size as given may be short of a page's end)
  const capture: CaptureReq = min === SIGSET_BYTES ? { kind: "fixed", size: SIGSET_BYTES } : { kind: "argLen", arg: "sigsetsize" };
  const inner = memory(capture, (m, c) => sigset(m.bytes.subarray(0, Math.min(m.length, c.raw[sizeIdx]!)), c.arch), { out: opts.out });
  return {
    ...inner,
    show(c, i, cap) {
      const len = c.wide?.[sizeIdx] !== undefined ? Infinity : c.raw[sizeIdx]!;
      if (c.raw[i] !== 0 && (len < min || len > SIGSET_BYTES)) return pointer(c.raw[i]!, c.wide?.[i]);
      if (cap && !cap.fault && cap.bytes.length < len) return cutShort(c.raw[i]!, c.wide?.[i]);
      return inner.show(c, i, cap);
    },
  };
}

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
      if (!entry || entry.fault || entry.bytes.length < layout.size) return pointer(v, c.wide?.[i]);
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

/**
 * What poll left: `N ([{fd=4, revents=POLLOUT}], left {…})` as strace
 * builds it: the entries with revents set (no more than it showed of the
 * array), where the array stopped being readable, and the time left.
 */
function pollRet(tsArg: number | undefined): (c: Call) => string | undefined {
  return (c) => {
    if (c.ret === 0) return "0 (Timeout)";
    const nfds = u32(c.raw[1]!);
    const { entry, exit } = entryExit(c, 0);
    const out: string[] = [];
    let list = "";
    if (c.raw[0] && nfds && exit) {
      // the entries shown of the argument are as many as strace prints (-s): no more ready ones either
      const shown = entry && !entry.fault && !entry.truncated ? Math.floor(entry.bytes.length / POLLFD.size) : nfds;
      const max = shown < nfds ? shown : Infinity;
      const m = new CapturedMemory(exit.bytes);
      const have = Math.min(nfds, Math.floor(m.length / POLLFD.size));
      const fl = flagsOf(POLL_EVENTS, c.arch);
      const parts: string[] = [];
      let k = 0;
      for (; k < have; k++) {
        const off = k * POLLFD.size;
        const rev = m.u16(off + POLLFD.fields.revents[0])!;
        if (!rev) continue;
        if (parts.length >= max) {
          parts.push("...");
          break;
        }
        parts.push(`{fd=${m.s32(off + POLLFD.fields.fd[0])}, revents=${fl.text(rev)}}`);
      }
      if (k === have && have < nfds && (exit.fault || exit.truncated)) parts.push(exit.fault ? hex(0, u64Of(c, 0) + BigInt(have * POLLFD.size)) : "...");
      if (parts.length) list = `[${parts.join(", ")}]`;
    }
    if (list) out.push(list);
    if (tsArg !== undefined && c.raw[tsArg]) out.push(left(c, tsArg, "timespec") ?? `left ${pointer(c.raw[tsArg]!, c.wide?.[tsArg]).text}`);
    return out.length ? `${c.ret} (${out.join(", ")})` : undefined;
  };
}

/** The descriptors select looks at: (int) nfds, none when negative, at most 2^20 (as strace bounds it). */
const selectNfds = (c: Call): number => Math.min(Math.max(s32(c.raw[0]!), 0), 1 << 20);

/** The descriptors set in an fd_set, below nfds. */
function setBits(b: Uint8Array, nfds: number): number[] {
  const fds: number[] = [];
  const n = Math.min(nfds, b.length * 8);
  for (let k = 0; k < n; k++) if ((b[k >> 3]! >> (k & 7)) & 1) fds.push(k);
  return fds;
}

/**
 * An fd_set: read at entry (the descriptors asked about, the argument as
 * strace shows it) and at exit (the ready ones, listed after the return);
 * only the address when nfds is 0 or less (nothing is read).
 */
const fdSet: ArgType = {
  capture: { kind: "fdset", arg: "n", when: "both" },
  show(c, i) {
    const v = c.raw[i]!;
    if (v === 0) return { json: null, text: "NULL" };
    const { entry } = entryExit(c, i);
    if (selectNfds(c) === 0 || !entry || entry.fault) return pointer(v, c.wide?.[i]);
    const nfds = selectNfds(c);
    const fds = setBits(entry.bytes, nfds);
    // the probe keeps at most 4096 descriptors of a set (the event's budget): more were asked about
    const cut = entry.bytes.length < Math.ceil(nfds / 64) * 8;
    const list = fds.join(" ");
    return { json: fds, text: `[${list}${cut ? (list ? " ..." : "...") : ""}]`, truncated: cut || undefined };
  },
};

const SET_LABELS = ["in", "out", "except"] as const;

/**
 * What select left: `N (in [3], out [1 2 4], left {…})`, as strace builds
 * it: the ready descriptors of each set as long as the count lasts (a `]`
 * after each set once anything is written), then the time left whenever
 * a timeout was passed.
 */
function selectRet(timeout: "timespec" | "timeval"): (c: Call) => string | undefined {
  return (c) => {
    if (c.ret === 0) return "0 (Timeout)";
    const nfds = selectNfds(c);
    let out = "";
    let sep = "";
    let ready = c.ret!;
    for (let k = 0; k < 3 && ready > 0; k++) {
      const i = k + 1;
      const cap = capOf(c, i);
      if (!c.raw[i] || !usable(cap)) continue;
      let first = true;
      for (const fd of setBits(cap.bytes, nfds)) {
        out += first ? `${sep}${SET_LABELS[k]} [${fd}` : ` ${fd}`;
        first = false;
        sep = ", ";
        if (--ready === 0) break;
      }
      if (out !== "") out += "]";
    }
    if (c.raw[4]) out += `${sep}${left(c, 4, timeout) ?? `left ${pointer(c.raw[4]!, c.wide?.[4]).text}`}`;
    return `${c.ret} (${out})`;
  };
}

const epollEventIn: ArgType = structArg(epollLayout, (m, c) => epollEventShown(m, 0, c));
const EPOLL_CTL_DEL = 2;

/** epoll_ctl's event; EPOLL_CTL_DEL ignores it, and strace shows its address. */
const epollEvent: ArgType = {
  ...epollEventIn,
  show: (c, i, cap) => ((c.raw[1]! | 0) === EPOLL_CTL_DEL ? pointer(c.raw[i]!, c.wide?.[i]) : epollEventIn.show(c, i, cap)),
};

/**
 * epoll_pwait's sigmask, which strace reads after the call: the address
 * when the call failed or when sigsetsize is not the kernel's 8 bytes.
 */
function epollSigmask(): ArgType {
  const inner = sigsetArg(true);
  return {
    ...inner,
    show: (c, i, cap) => (c.raw[i + 1] !== SIGSET_BYTES && c.raw[i] !== 0 ? pointer(c.raw[i]!, c.wide?.[i]) : inner.show(c, i, cap)),
  };
}

/** pselect6's sixth argument: struct { const sigset_t *ss; size_t ss_len; }, the mask decoded when the size is the kernel's. */
export const pselectSigmask: ArgType = {
  capture: { kind: "ptrLenPair", max: 8 },
  show(c, i) {
    const v = c.raw[i]!;
    if (v === 0) return { json: null, text: "NULL" };
    let pair: Capture | undefined, mask: Capture | undefined;
    for (const x of c.caps) {
      if (x.arg !== i) continue;
      if (x.kind === CaptureKind.Bytes) pair ??= x;
      else if (x.kind === CaptureKind.Field) mask ??= x;
    }
    if (!usable(pair) || pair.bytes.length < 16) return pointer(v, c.wide?.[i]);
    const m = new CapturedMemory(pair.bytes);
    const [p, pw] = m.u64w(0)!;
    const size = m.u64n(8)!;
    let maskShown: Shown;
    if (p === 0) maskShown = { json: null, text: "NULL" };
    else if (size !== 8n || !mask || mask.fault || mask.bytes.length !== 8) maskShown = pointer(p, pw);
    else maskShown = sigset(mask.bytes, c.arch);
    return { json: { sigmask: maskShown.json, sigsetsize: u64Json(size) }, text: struct([["sigmask", maskShown.text], ["sigsetsize", String(size)]]) };
  },
};

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
  poll: { args: { ufds, nfds: uint, timeout_msecs: int }, ret: pollRet(undefined) },
  ppoll: { args: { ufds, nfds: uint, tsp: leftTimeout("timespec"), sigmask: sizedSigset(4), sigsetsize: size }, ret: pollRet(2) },
  select: { args: { n: int, inp: fdSet, outp: fdSet, exp: fdSet, tvp: leftTimeout("timeval") }, ret: selectRet("timeval") },
  pselect6: { args: { n: int, inp: fdSet, outp: fdSet, exp: fdSet, tsp: leftTimeout("timespec"), sig: pselectSigmask }, ret: selectRet("timespec") },
  epoll_create: { args: { size: int } },
  epoll_create1: { args: { flags: flags(EPOLL_FLAGS) } },
  epoll_ctl: { args: { epfd: fd, op: value(EPOLL_OP), fd, event: epollEvent } },
  epoll_wait: { args: { epfd: fd, events: epollEvents, maxevents: int, timeout: int } },
  epoll_pwait: { args: { epfd: fd, events: epollEvents, maxevents: int, timeout: int, sigmask: epollSigmask(), sigsetsize: size } },
  // strace reads the timeout after the call too: a failed call shows its address
  epoll_pwait2: { args: { epfd: fd, events: epollEvents, maxevents: int, timeout: timespec(true), sigmask: epollSigmask(), sigsetsize: size } },
};
