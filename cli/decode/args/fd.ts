/**
 * Descriptors: close, dup*, pipe*, fcntl (commands and their arguments),
 * ioctl (common requests by name, others as _IOC(…)), flock, inotify,
 * fanotify, memfd_create.
 */
import { flagsOf, valuesOf, type ConstSet } from "../consts";
import { formatOpenFlags } from "../flags";
import {
  CLOSE_RANGE, DNOTIFY, F_OWNER_TYPE, FAN_CLASS, FAN_EVENTS, FAN_INIT, FAN_MARK, FCNTL_CMD, FD_FLAGS, FLOCK_OP, INOTIFY_INIT,
  INOTIFY_MASK, IOCTL_REQUEST, LOCK_TYPE, SEALS,
} from "../tables/consts-fs";
import { MEMFD_FLAGS } from "../tables/consts-mm";
import { OPEN_FLAGS_AARCH64, OPEN_FLAGS_X86_64 } from "../tables/open-flags";
import type { Arch } from "../syscalls";
import { cstrMax, dirfd, fd, fdPair, flags, int, intRef, path, s32, s32a, signal, signalName, u32, u32a, uint } from "./common";
import { CapturedMemory } from "./captured-memory";
import { openFlags } from "./fs";
import { hex, pointer, struct, unreadable } from "./render";
import { FLOCK_CAPTURE, flockShown, termiosShown, winsizeShown } from "./structs";

const TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404;
import type { ArgType, Call, CallSpecs, DecodedArg, Shown } from "./types";

/** open(2) bits without the access mode, for pipe2/dup3/event_f_flags-style arguments. */
const OPEN_BITS: Record<Arch, ConstSet> = {
  x86_64: { kind: "flags", entries: OPEN_FLAGS_X86_64.flags },
  aarch64: { kind: "flags", entries: OPEN_FLAGS_AARCH64.flags },
};
export const openBits: ArgType = {
  show(c, i) {
    const f = flagsOf(OPEN_BITS[c.arch], c.arch).format(u32a(c, i));
    return { json: f.names, text: f.text };
  },
};

// -------------------------------------------------------------------- fcntl --

const fcntlName = (c: Call) => valuesOf(FCNTL_CMD, c.arch).name(u32a(c, 1));

const set = (s: ConstSet, v: number, c: Call): Shown => {
  const f = flagsOf(s, c.arch).format(v);
  return { json: f.names, text: f.text };
};

/** fcntl's third argument means what the command says. */
const fcntlArg: ArgType = {
  capture: FLOCK_CAPTURE,
  out: true,
  show(c, i, cap) {
    const v = u32a(c, i);
    switch (fcntlName(c)) {
      case "F_GETFD": case "F_GETFL": case "F_GETOWN": case "F_GETSIG": case "F_GETLEASE":
      case "F_GETPIPE_SZ": case "F_GET_SEALS":
        return { json: v, text: "" };
      case "F_SETFD":
        return set(FD_FLAGS, v, c);
      case "F_SETFL": {
        const names = formatOpenFlags(v, c.arch);
        return { json: names, text: names.join("|") };
      }
      case "F_ADD_SEALS":
        return set(SEALS, v, c);
      case "F_NOTIFY":
        return set(DNOTIFY, v, c);
      case "F_SETLEASE": {
        const vs = valuesOf(LOCK_TYPE, c.arch);
        return { json: vs.json(v | 0), text: vs.text(v | 0) };
      }
      case "F_SETSIG":
        return signal.show(c, i, undefined);
      case "F_GETLK": case "F_SETLK": case "F_SETLKW": case "F_OFD_GETLK": case "F_OFD_SETLK": case "F_OFD_SETLKW": {
        // a failed F_GETLK wrote nothing; the other lock commands only read theirs
        const getlk = fcntlName(c) === "F_GETLK" || fcntlName(c) === "F_OFD_GETLK";
        const lock = cap && !cap.fault && !(getlk && c.failed) ? flockShown(cap.bytes, c) : undefined;
        return lock ?? pointer(c.raw[i]!, c.wide?.[i]);
      }
      case "F_GETOWN_EX": case "F_SETOWN_EX": {
        // the probe reads a struct flock's worth: an f_owner_ex before an unreadable page is there in full
        const m = cap && !(fcntlName(c) === "F_GETOWN_EX" && c.failed) ? new CapturedMemory(cap.bytes) : undefined;
        const type = m?.s32(0), pid = m?.s32(4);
        if (type === undefined || pid === undefined) return cap?.fault ? unreadable(c.raw[i]!, c.wide?.[i]) : pointer(c.raw[i]!, c.wide?.[i]);
        const vs = valuesOf(F_OWNER_TYPE, c.arch);
        return { json: { type: vs.json(type), pid }, text: struct([["type", vs.name(type) ?? `${hex(type >>> 0)} /* F_OWNER_??? */`], ["pid", String(pid)]]) };
      }
      case "F_GETOWNER_UIDS": case "F_GET_RW_HINT": case "F_SET_RW_HINT":
        return pointer(c.raw[i]!, c.wide?.[i]);
      default:
        return { json: v | 0, text: String(v | 0) };
    }
  },
};

function fcntlRet(c: Call): string | undefined {
  const r = c.ret!;
  const h = r === 0 ? "0" : hex(r);
  switch (fcntlName(c)) {
    case "F_GETFD":
      return r === 0 ? undefined : `${h} (flags ${flagsOf(FD_FLAGS, c.arch).text(r)})`;
    case "F_GETFL":
      return `${h} (flags ${formatOpenFlags(r >>> 0, c.arch).join("|")})`;
    case "F_GET_SEALS":
      return `${h} (seals ${flagsOf(SEALS, c.arch).text(r)})`;
    case "F_GETLEASE": {
      const n = valuesOf(LOCK_TYPE, c.arch).name(r);
      return n ? `${h} (${n})` : h;
    }
    case "F_GETSIG": {
      const n = r ? signalName(r, c.arch) : undefined;
      return n ? `${r} (${n})` : undefined;
    }
  }
  return undefined;
}

// -------------------------------------------------------------------- ioctl --

const IOC_DIRS = ["_IOC_NONE", "_IOC_WRITE", "_IOC_READ", "_IOC_READ|_IOC_WRITE"];

/** A request without a name: _IOC(dir, type, nr, size) when it is one, else hex. */
export function iocText(cmd: number): string {
  const dir = (cmd >>> 30) & 3, sz = (cmd >>> 16) & 0x3fff, type = (cmd >>> 8) & 0xff, nr = cmd & 0xff;
  if (dir === 0 && sz === 0) return hex(cmd);
  return `_IOC(${IOC_DIRS[dir]}, ${hex(type)}, ${hex(nr)}, ${hex(sz)})`;
}

const ioctlCmd: ArgType = {
  show(c, i) {
    const v = u32a(c, i);
    const name = valuesOf(IOCTL_REQUEST, c.arch).name(v);
    return { json: name ?? v, text: c.text ? (name ?? iocText(v)) : "" };
  },
};

const INT_OUT = new Set(["FIONREAD", "TIOCOUTQ", "TIOCGPGRP", "TIOCGPTN", "TIOCGSID", "TIOCGETD", "TIOCGPKT", "TIOCGPTLCK", "TIOCGEXCL", "TIOCMGET", "TIOCGSOFTCAR"]);
const INT_IN = new Set(["FIONBIO", "FIOASYNC", "TIOCSPGRP", "TIOCSPTLCK", "TIOCSETD", "TIOCMBIS", "TIOCMBIC", "TIOCMSET", "TIOCSSOFTCAR", "TIOCPKT"]);
const NO_ARG = new Set(["FIOCLEX", "FIONCLEX", "TIOCNOTTY", "TIOCEXCL", "TIOCNXCL", "TIOCSBRK", "TIOCCBRK", "TIOCCONS", "TIOCVHANGUP"]);
const INT_VALUE = new Set(["TCSBRK", "TCXONC", "TCFLSH", "TIOCSCTTY", "TIOCSIG"]);

const intOut = intRef({ out: true });
const intIn = intRef();

/** ioctl's argument: an int behind a pointer for the common int requests, else the raw value in hex. */
const ioctlArg: ArgType = {
  capture: { kind: "ioctl" },
  show(c, i, cap) {
    const name = valuesOf(IOCTL_REQUEST, c.arch).name(u32a(c, 1)) ?? "";
    const v = c.raw[i]!;
    if ((name === "TIOCGWINSZ" && !c.failed) || name === "TIOCSWINSZ") {
      const ws = cap && !cap.fault && v ? winsizeShown(cap.bytes) : undefined;
      if (ws) return ws;
    }
    const req = u32(c.raw[1]!);
    if ((req === TCGETS && !c.failed) || req === TCSETS || req === TCSETSW || req === TCSETSF) {
      const t = cap && !cap.fault && v ? termiosShown(cap.bytes, c.arch) : undefined;
      if (t) return t;
    }
    if (NO_ARG.has(name)) return { json: v, text: "" };
    if (INT_OUT.has(name)) return intOut.show(c, i, cap);
    if (INT_IN.has(name)) return intIn.show(c, i, cap);
    if (INT_VALUE.has(name)) return { json: s32(v), text: String(s32(v)) };
    return pointer(v, c.wide?.[i]);
  },
};

// ---------------------------------------------------------------- fanotify --

const FAN_CLASS_MASK = 0xc;

const fanInit: ArgType = {
  show(c, i) {
    const v = u32a(c, i);
    const cls = valuesOf(FAN_CLASS, c.arch);
    const bits = (v & ~FAN_CLASS_MASK) >>> 0;
    const rest = flagsOf(FAN_INIT, c.arch).format(bits);
    const names = [cls.json(v & FAN_CLASS_MASK), ...(bits ? rest.names : [])];
    const text = [cls.text(v & FAN_CLASS_MASK), ...(bits ? [rest.text] : [])].join("|");
    return { json: names, text };
  },
};

/** The longest memfd name: 255 bytes less the "memfd:" the kernel puts before it. */
const MFD_NAME_MAX_LEN = 249;
const MFD_HUGE_SHIFT = 26, MFD_HUGE_MASK = 0x3f;

/** memfd_create's flags: MFD_* bits, then a huge page size as N<<MFD_HUGE_SHIFT. */
const memfdFlags: ArgType = {
  show(c, i) {
    const v = u32a(c, i);
    const huge = (v >>> MFD_HUGE_SHIFT) & MFD_HUGE_MASK;
    const bits = (v & ~(MFD_HUGE_MASK << MFD_HUGE_SHIFT)) >>> 0;
    const names: string[] = [];
    const texts: string[] = [];
    if (bits || !huge) {
      const f = flagsOf(MEMFD_FLAGS, c.arch).format(bits);
      names.push(...f.names);
      texts.push(f.text);
    }
    if (huge) {
      names.push(`${huge}<<MFD_HUGE_SHIFT`);
      texts.push(`${huge}<<MFD_HUGE_SHIFT`);
    }
    return { json: names, text: texts.join("|") };
  },
};

/** fanotify_mark's directory: -1 is FAN_NOFD (no directory: the path alone, or the mark's fd), else as any dirfd. */
const FAN_NOFD = -1;
const fanDirfd: ArgType = {
  ...dirfd,
  show(c, i, cap) {
    return s32a(c, i) === FAN_NOFD ? { json: FAN_NOFD, text: "FAN_NOFD" } : dirfd.show(c, i, cap);
  },
};

export const FD: CallSpecs = {
  close: { args: { fd } },
  close_range: { args: { fd: uint, max_fd: uint, flags: flags(CLOSE_RANGE) } },
  dup: { args: { fildes: fd } },
  dup2: { args: { oldfd: fd, newfd: fd } },
  dup3: { args: { oldfd: fd, newfd: fd, flags: openBits } },
  pipe: { args: { fildes: fdPair } },
  pipe2: { args: { fildes: fdPair, flags: openBits } },
  fcntl: { args: { fd, cmd: { show: (c, i) => { const vs = valuesOf(FCNTL_CMD, c.arch); const v = u32a(c, i); return { json: vs.json(v), text: vs.text(v) }; } }, arg: fcntlArg }, ret: fcntlRet },
  ioctl: { args: { fd, cmd: ioctlCmd, arg: ioctlArg } },
  flock: { args: { fd, cmd: flags(FLOCK_OP) } },
  inotify_init1: { args: { flags: flags(INOTIFY_INIT) } },
  inotify_add_watch: { args: { fd, pathname: path, mask: flags(INOTIFY_MASK) } },
  inotify_rm_watch: { args: { fd, wd: int } },
  fanotify_init: { args: { flags: fanInit, event_f_flags: openFlags } },
  fanotify_mark: { args: { fanotify_fd: fd, flags: flags(FAN_MARK), mask: flags(FAN_EVENTS, true), dfd: fanDirfd, pathname: path } },
  memfd_create: { args: { uname: cstrMax(MFD_NAME_MAX_LEN + 1), flags: memfdFlags } },
};

/**
 * Calls whose result, when not an error, is a new file descriptor (strace -y
 * names what it refers to: `= 3</etc/hostname>`); a function decides from
 * the decoded arguments (fcntl's F_DUPFD). By kernel name.
 */
export const FD_RESULTS: Readonly<Record<string, true | ((args: readonly DecodedArg[]) => boolean)>> = {
  open: true, openat: true, openat2: true, creat: true, open_by_handle_at: true, open_tree: true,
  socket: true, accept: true, accept4: true,
  dup: true, dup2: true, dup3: true,
  fcntl: (args) => { const cmd = args.find((a) => a.name === "cmd")?.json; return cmd === "F_DUPFD" || cmd === "F_DUPFD_CLOEXEC"; },
  eventfd: true, eventfd2: true, epoll_create: true, epoll_create1: true, memfd_create: true, memfd_secret: true,
  timerfd_create: true, signalfd: true, signalfd4: true, inotify_init: true, inotify_init1: true, fanotify_init: true,
  pidfd_open: true, pidfd_getfd: true, fsopen: true, fsmount: true, fspick: true, userfaultfd: true,
  perf_event_open: true, io_uring_setup: true, landlock_create_ruleset: true,
};
