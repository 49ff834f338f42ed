/**
 * strace's -y and -yy on decoded calls: each file descriptor argument and
 * each descriptor a call returns gets what it refers to, in the event's
 * `fds` (JSON: by argument name, `return` for the result) and after the
 * number in text (`read(3</etc/hostname>, …)`, `= 4<TCP:[…]>`).
 *
 * Which arguments are descriptors is the decode tables' (ArgType.fd), and
 * so is which calls return one (FD_RESULTS). The probe describes each of
 * them as the call found it (Decoded.fdInfo: inode, type, a socket's
 * protocol and addresses), so sockets, pipes and anonymous inodes are
 * named without asking /proc, whenever the process has exited; a file's
 * path is walked up its dentries to the root of its mount namespace (and
 * AT_FDCWD's from the working directory). When the probe could not say
 * (its per-event budget ran out, a path deeper than it walks), the open
 * calls the stream itself carried, kept per process in the fd table
 * (./fd-table.ts) in stream order with the inode to tell a stale entry,
 * name the descriptor; what the table lacks is looked up in /proc
 * (./fd-proc.ts).
 */
import { planFor } from "../decode/args";
import { FD_RESULTS } from "../decode/args/fd";
import { ipv4, ipv6 } from "../decode/args/sockaddr";
import type { DecodedArg } from "../decode/args";
import type { Decoded } from "../decode/event";
import { FD_RET, type FdInfo } from "../decode/fd-info";
import { escapeForTerminal } from "../decode/strings";
import { FdTable, type FdEntry } from "./fd-table";
import { procFds, type ProcFds } from "./fd-proc";

/** The calls whose effects keep the table right; with -y the kernel streams them whatever else is selected. */
export const FD_TRACKING_CALLS = [
  "open", "openat", "openat2", "creat", "close", "close_range", "dup", "dup2", "dup3", "fcntl",
  "socket", "socketpair", "accept", "accept4", "execve", "execveat", "exit_group",
];

const OPENS = new Set(["open", "openat", "openat2", "creat"]);
const DUPS = new Set(["dup", "dup2", "dup3", "fcntl"]);
const AT_FDCWD = -100;
const CLOSE_RANGE_CLOEXEC = 4;
const S_IFMT = 0o170000, S_IFSOCK = 0o140000, S_IFIFO = 0o010000, S_IFCHR = 0o020000, S_IFBLK = 0o060000;
const AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
const SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_SEQPACKET = 5;
const IPPROTO_TCP = 6, IPPROTO_UDP = 17;

/** What fds an event has: by argument name (and `return`), a name or a pair of names. */
export type FdNames = Record<string, string | string[]>;

export class FdAnnotator {
  constructor(
    /** 1: -y; 2: -yy (sockets by protocol and address, devices by number). */
    private readonly level: 1 | 2,
    readonly table = new FdTable(),
    private readonly proc: ProcFds = procFds,
  ) {}

  /** Adds `fds` to the event (and the text of each to `d.fdText`), and applies the call's effect to the table. */
  annotate(d: Decoded): void {
    const e = d.event;
    const pid = e.pid;
    const name = d.info.name;
    const args = d.argList;
    const plan = planFor(d.info);
    const infoOf = (arg: number, index = 0) => d.fdInfo?.find((f) => f.arg === arg && f.index === index);
    let json: FdNames | undefined;
    let text: FdNames | undefined;
    const put = (key: string, [j, t]: [string | string[], string | string[]]) => {
      (json ??= {})[key] = j;
      (text ??= {})[key] = t;
    };
    // arguments: what they referred to when the call was made
    for (let k = 0; k < plan.args.length && k < args.length; k++) {
      const kind = plan.args[k]!.type.fd;
      const v = args[k]!.json;
      if (kind === undefined || kind === "pair" || typeof v !== "number") continue;
      if (kind === "dir" && v === AT_FDCWD) {
        const info = infoOf(plan.args[k]!.idx);
        const cwd = info?.path && !info.pathTruncated ? info.path : this.proc.cwd(pid);
        if (cwd !== null) put(args[k]!.name, [cwd, escapeForTerminal(cwd)]);
        continue;
      }
      const shown = v >= 0 ? this.describe(pid, v, infoOf(plan.args[k]!.idx)) : null;
      if (shown) put(args[k]!.name, shown);
    }
    const ret = typeof e.return === "number" && e.error === "OK" ? e.return : null;
    this.apply(d, name, args, ret, infoOf(FD_RET));
    // results: what the call made
    const returns = FD_RESULTS[name];
    if (ret !== null && ret >= 0 && returns !== undefined && (returns === true || returns(args))) {
      const shown = this.describe(pid, ret, infoOf(FD_RET));
      if (shown) put("return", shown);
    }
    for (let k = 0; k < plan.args.length && k < args.length; k++) {
      const v = args[k]!.json;
      if (plan.args[k]!.type.fd !== "pair" || ret !== 0 || !Array.isArray(v)) continue;
      const both = (v as number[]).map((fd, i): [string, string] => this.describe(pid, fd, infoOf(plan.args[k]!.idx, i)) ?? ["", ""]);
      put(args[k]!.name, [both.map((s) => s[0]), both.map((s) => s[1])]);
    }
    if (json) {
      e.fds = json;
      d.fdText = text;
    }
    if (name === "exit_group") this.table.forgetProcess(pid);
  }

  /** Events were lost: the table may have missed opens and closes. */
  lost(): void {
    this.table.clear();
  }

  /** [JSON, text] naming pid's descriptor `fd`; null when it cannot be named (or did not exist). */
  private describe(pid: number, fd: number, info: FdInfo | undefined): [string, string] | null {
    if (info && info.ino === 0) return null;
    const entry = this.entry(pid, fd, info);
    if (!entry) return null;
    const type = (info?.mode ?? 0) & S_IFMT;
    if (this.level === 2) {
      if (info && type === S_IFSOCK) {
        const s = this.socketText(pid, info) ?? `socket:[${info.ino}]`;
        return [s, this.escapeSocket(s)];
      }
      if (!info && entry.inode !== null) {
        const s = this.proc.socket(pid, entry.inode, entry.proto) ?? `${entry.proto ?? "socket"}:[${entry.inode}]`;
        return [s, this.escapeSocket(s)];
      }
      if (info && (type === S_IFCHR || type === S_IFBLK)) {
        const dev = `${type === S_IFCHR ? "char" : "block"} ${info.rdev >>> 20}:${info.rdev & 0xfffff}`;
        return [`${entry.name}<${dev}>`, `${escapeForTerminal(entry.name)}<${dev}>`];
      }
    }
    return [entry.name, escapeForTerminal(entry.name)];
  }

  /** A unix socket's path is quoted, as strace quotes it; the rest escaped as any name. */
  private escapeSocket(s: string): string {
    const q = /^(UNIX-\w+:\[[^,"]*,")(.*)("\])$/s.exec(s);
    return q ? `${q[1]}${escapeForTerminal(q[2]!)}${q[3]}` : escapeForTerminal(s);
  }

  /**
   * The table's entry when it is still the same file (the probe's inode
   * agrees), else one made from the probe's description (sockets, pipes,
   * anonymous inodes), else /proc's name (kept in the table).
   */
  private entry(pid: number, fd: number, info: FdInfo | undefined): FdEntry | null {
    if (info?.path && !info.pathTruncated) {
      const walked: FdEntry = { name: info.path, ino: info.ino, inode: null, proto: null };
      this.table.set(pid, fd, walked);
      return walked;
    }
    const known = this.table.get(pid, fd);
    if (known && (!info || known.ino === null || known.ino === info.ino)) return known;
    const made = info ? entryOfInfo(info) : null;
    if (made) {
      this.table.set(pid, fd, made);
      return made;
    }
    const link = this.proc.fdLink(pid, fd);
    // /proc names what the descriptor is now: used only when it is the file the call saw
    if (link === null || (info && this.proc.fdInode(pid, fd) !== info.ino)) {
      this.table.delete(pid, fd);
      // the probe's walk, cut short, is better than nothing
      return info?.path ? { name: info.path, ino: info.ino, inode: null, proto: null } : null;
    }
    const entry = entryOfLink(link, info?.ino ?? null);
    this.table.set(pid, fd, entry);
    return entry;
  }

  /** -yy's text for a socket the probe described; null when swoll has no name for its family. */
  private socketText(pid: number, f: FdInfo): string | null {
    if (f.family === AF_INET || f.family === AF_INET6) {
      const v6 = f.family === AF_INET6;
      const proto = f.type === SOCK_STREAM && f.protocol === IPPROTO_TCP ? "TCP" : f.type === SOCK_DGRAM && f.protocol === IPPROTO_UDP ? "UDP" : null;
      if (!proto) return null;
      const name = v6 ? `${proto}v6` : proto;
      const addr = (b: Uint8Array, port: number) => (v6 ? `[${ipv6(b)}]:${port}` : `${ipv4(b)}:${port}`);
      const unbound = f.sport === 0 && f.saddr.every((x) => x === 0);
      if (unbound && f.dport === 0) return `${name}:[${f.ino}]`;
      return f.dport === 0 ? `${name}:[${addr(f.saddr, f.sport)}]` : `${name}:[${addr(f.saddr, f.sport)}->${addr(f.daddr, f.dport)}]`;
    }
    if (f.family === AF_UNIX) {
      const type = f.type === SOCK_STREAM ? "STREAM" : f.type === SOCK_DGRAM ? "DGRAM" : f.type === SOCK_SEQPACKET ? "SEQPACKET" : null;
      if (!type) return null;
      if (f.peerIno) return `UNIX-${type}:[${f.ino}->${f.peerIno}]`;
      // a listening socket's path: from the namespace's table
      return this.proc.socket(pid, f.ino, `UNIX-${type}`) ?? `UNIX-${type}:[${f.ino}]`;
    }
    return null;
  }

  /** What the call did to the process's descriptors. */
  private apply(d: Decoded, name: string, args: readonly DecodedArg[], ret: number | null, retInfo: FdInfo | undefined): void {
    const pid = d.event.pid;
    const arg = (n: string) => args.find((a) => a.name === n)?.json;
    if (name === "close") {
      // the descriptor is gone even when close reports an error
      const fd = arg("fd");
      if (typeof fd === "number") this.table.delete(pid, fd);
      return;
    }
    if (name === "close_range") {
      const first = arg("fd"), last = arg("max_fd"), flags = arg("flags");
      const cloexec = Array.isArray(flags) ? flags.includes("CLOSE_RANGE_CLOEXEC") : typeof flags === "number" && (flags & CLOSE_RANGE_CLOEXEC) !== 0;
      if (ret === 0 && typeof first === "number" && typeof last === "number" && !cloexec) this.table.deleteRange(pid, first >>> 0, last >>> 0);
      return;
    }
    if ((name === "execve" || name === "execveat") && ret === 0) {
      // descriptors opened close-on-exec are gone; the rest are looked up again
      this.table.forgetProcess(pid);
      return;
    }
    if (ret === null || ret < 0) return;
    if (OPENS.has(name)) {
      const path = this.openedPath(pid, ret, args, retInfo);
      if (path !== null) this.table.set(pid, ret, { name: path, ino: retInfo?.ino ?? null, inode: null, proto: null });
      else this.table.delete(pid, ret);
      return;
    }
    const returns = FD_RESULTS[name];
    if (DUPS.has(name) && (returns === true || returns?.(args))) {
      const from = arg(name === "dup" ? "fildes" : name === "fcntl" ? "fd" : "oldfd");
      const src = typeof from === "number" && from !== ret ? this.table.get(pid, from) : undefined;
      if (src) this.table.set(pid, ret, src);
      else if (from !== ret) this.table.delete(pid, ret);
      return;
    }
    if (name === "socket") {
      const link = retInfo ? null : this.proc.fdLink(pid, ret);
      const entry = retInfo ? entryOfInfo(retInfo) : link !== null ? entryOfLink(link, null) : null;
      if (entry) this.table.set(pid, ret, { ...entry, proto: protocolOf(arg("family"), arg("type")) });
      else this.table.delete(pid, ret);
      return;
    }
    // any other new descriptor: named from the probe's description (or /proc) when used, not from a stale entry
    if (returns !== undefined) this.table.delete(pid, ret);
  }

  /**
   * The path an open* call opened: /proc's name for the new descriptor
   * (symbolic links resolved, as strace shows it) when it is still the
   * file the call opened (same inode); else the path as asked for, made
   * absolute from its directory.
   */
  private openedPath(pid: number, fd: number, args: readonly DecodedArg[], info: FdInfo | undefined): string | null {
    if (info && info.ino === 0) return null;
    if (info?.path && !info.pathTruncated) return info.path;
    const asked = args.find((a) => a.name === "pathname" || a.name === "filename")?.json;
    const link = this.proc.fdLink(pid, fd);
    if (link !== null && (info ? this.proc.fdInode(pid, fd) === info.ino : typeof asked !== "string")) return link;
    if (typeof asked !== "string") return null;
    if (asked.startsWith("/")) return asked;
    const dir = args.find((a) => a.name === "dir_fd" || a.name === "dfd")?.json;
    const from = typeof dir === "number" && dir !== AT_FDCWD ? (this.table.get(pid, dir)?.name ?? null) : this.proc.cwd(pid);
    return from === null ? asked : `${from.replace(/\/$/, "")}/${asked}`;
  }
}

/** An entry from the probe's description alone: sockets, pipes and anonymous inodes; null for files (their path is not in it). */
function entryOfInfo(f: FdInfo): FdEntry | null {
  const type = f.mode & S_IFMT;
  if (type === S_IFSOCK) return { name: `socket:[${f.ino}]`, ino: f.ino, inode: f.ino, proto: null };
  // pipefs names no dentry; a named FIFO has its name (and a path, from its open)
  if (type === S_IFIFO && f.name === "") return { name: `pipe:[${f.ino}]`, ino: f.ino, inode: null, proto: null };
  // anon_inode's dentries are named "[eventfd]", "[eventpoll]", …
  if (/^\[[^\]/]*\]$/.test(f.name)) return { name: `anon_inode:${f.name}`, ino: f.ino, inode: null, proto: null };
  return null;
}

/** An entry for a /proc link; sockets keep their inode. */
function entryOfLink(link: string, ino: number | null): FdEntry {
  const m = /^socket:\[(\d+)\]$/.exec(link);
  return { name: link, ino, inode: m ? Number(m[1]) : null, proto: null };
}

/** strace -yy's protocol name for socket()'s family and type, when it has one. */
function protocolOf(family: unknown, type: unknown): string | null {
  const types = Array.isArray(type) ? type : [type];
  const stream = types.includes("SOCK_STREAM"), dgram = types.includes("SOCK_DGRAM");
  if (family === "AF_INET") return stream ? "TCP" : dgram ? "UDP" : null;
  if (family === "AF_INET6") return stream ? "TCPv6" : dgram ? "UDPv6" : null;
  if (family === "AF_UNIX") return stream ? "UNIX-STREAM" : dgram ? "UNIX-DGRAM" : types.includes("SOCK_SEQPACKET") ? "UNIX-SEQPACKET" : null;
  return null;
}
