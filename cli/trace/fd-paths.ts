/**
 * strace's -y and -yy on decoded calls: each file descriptor argument and
 * each descriptor a call returns gets what it refers to, in the event's
 * `fds` (JSON: by argument name, `return` for the result) and after the
 * number in text (`read(3</etc/hostname>, …)`, `= 4<TCP:[…]>`).
 *
 * Which arguments are descriptors is the decode tables' (ArgType.fd), and
 * so is which calls return one (FD_RESULTS). The calls that open, copy and
 * close descriptors keep the fd table (./fd-table.ts) in step, in stream
 * order; a descriptor the table lacks is looked up in /proc (./fd-proc.ts).
 */
import { planFor } from "../decode/args";
import { FD_RESULTS } from "../decode/args/fd";
import type { DecodedArg } from "../decode/args";
import type { Decoded } from "../decode/event";
import { escapeForTerminal } from "../decode/strings";
import { FdTable, type FdEntry } from "./fd-table";
import { procFds, type ProcFds } from "./fd-proc";

/** The calls whose effects keep the table right; with -y the kernel streams them whatever else is selected. */
export const FD_TRACKING_CALLS = [
  "open", "openat", "openat2", "creat", "close", "close_range", "dup", "dup2", "dup3", "fcntl",
  "socket", "socketpair", "accept", "accept4", "pipe", "pipe2", "execve", "execveat", "exit_group",
];

const OPENS = new Set(["open", "openat", "openat2", "creat"]);
const AT_FDCWD = -100;
const CLOSE_RANGE_CLOEXEC = 4;

/** What fds an event has: by argument name (and `return`), a name or a pair of names. */
export type FdNames = Record<string, string | string[]>;

export class FdAnnotator {
  constructor(
    /** 1: -y; 2: -yy (sockets by protocol and address). */
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
    let json: FdNames | undefined;
    let text: FdNames | undefined;
    const put = (key: string, j: string | string[], t: string | string[]) => {
      (json ??= {})[key] = j;
      (text ??= {})[key] = t;
    };
    // arguments name what they referred to when the call was made
    for (let k = 0; k < plan.args.length && k < args.length; k++) {
      const kind = plan.args[k]!.type.fd;
      const v = args[k]!.json;
      if (kind === undefined || kind === "pair" || typeof v !== "number") continue;
      if (kind === "dir" && v === AT_FDCWD) {
        const cwd = this.proc.cwd(pid);
        if (cwd !== null) put(args[k]!.name, cwd, escapeForTerminal(cwd));
        continue;
      }
      const entry = v >= 0 ? this.entry(pid, v) : null;
      if (entry) put(args[k]!.name, ...this.shown(pid, entry));
    }
    const ret = typeof e.return === "number" && e.error === "OK" ? e.return : null;
    this.apply(d, name, args, ret);
    // results name what the call made
    const returns = FD_RESULTS[name];
    if (ret !== null && ret >= 0 && returns !== undefined && (returns === true || returns(args))) {
      const entry = this.entry(pid, ret);
      if (entry) put("return", ...this.shown(pid, entry));
    }
    for (let k = 0; k < plan.args.length && k < args.length; k++) {
      const v = args[k]!.json;
      if (plan.args[k]!.type.fd !== "pair" || ret !== 0 || !Array.isArray(v)) continue;
      const shown = (v as number[]).map((fd) => this.entry(pid, fd)).map((en): [string, string] => (en ? this.shown(pid, en) : ["", ""]));
      put(args[k]!.name, shown.map((s) => s[0]), shown.map((s) => s[1]));
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

  /** The table's entry, else /proc's (kept in the table). */
  private entry(pid: number, fd: number): FdEntry | null {
    const known = this.table.get(pid, fd);
    if (known) return known;
    const link = this.proc.fdLink(pid, fd);
    if (link === null) return null;
    const entry = entryOf(link, null);
    this.table.set(pid, fd, entry);
    return entry;
  }

  /** [JSON, text] for an entry: -y's name, or -yy's protocol and addresses. */
  private shown(pid: number, entry: FdEntry): [string, string] {
    if (this.level === 2 && entry.inode !== null) {
      const s = this.proc.socket(pid, entry.inode, entry.proto) ?? `${entry.proto ?? "socket"}:[${entry.inode}]`;
      // a unix socket's path is quoted, as strace quotes it
      const q = /^(UNIX-\w+:\[\d+,")(.*)("\])$/s.exec(s);
      return [s, q ? `${q[1]}${escapeForTerminal(q[2]!)}${q[3]}` : escapeForTerminal(s)];
    }
    return [entry.name, escapeForTerminal(entry.name)];
  }

  /** What the call did to the process's descriptors. */
  private apply(d: Decoded, name: string, args: readonly DecodedArg[], ret: number | null): void {
    const pid = d.event.pid;
    const arg = (n: string) => args.find((a) => a.name === n)?.json;
    if (name === "close") {
      // the descriptor is gone even when close reports an error (other than EBADF, when there was none)
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
      this.table.set(pid, ret, entryOf(this.openedPath(pid, ret, args), null));
      return;
    }
    const returns = FD_RESULTS[name];
    if (name === "dup" || name === "dup2" || name === "dup3" || (name === "fcntl" && returns !== true && returns?.(args))) {
      const from = arg(name === "dup" ? "fildes" : name === "fcntl" ? "fd" : "oldfd");
      const src = typeof from === "number" ? this.entry(pid, from) : null;
      if (src && from !== ret) this.table.set(pid, ret, src);
      else if (!src) this.table.delete(pid, ret);
      return;
    }
    if (name === "socket") {
      const link = this.proc.fdLink(pid, ret);
      if (link !== null) this.table.set(pid, ret, entryOf(link, protocolOf(arg("family"), arg("type"))));
      else this.table.delete(pid, ret);
      return;
    }
    if (name === "accept" || name === "accept4") {
      const listening = arg("fd");
      const proto = typeof listening === "number" ? (this.table.get(pid, listening)?.proto ?? null) : null;
      const link = this.proc.fdLink(pid, ret);
      if (link !== null) this.table.set(pid, ret, entryOf(link, proto));
      else this.table.delete(pid, ret);
      return;
    }
    if (name === "socketpair" || name === "pipe" || name === "pipe2") {
      const pair = arg(name === "socketpair" ? "usockvec" : "fildes");
      const proto = name === "socketpair" ? protocolOf(arg("family"), arg("type")) : null;
      if (ret === 0 && Array.isArray(pair))
        for (const fd of pair as number[]) {
          const link = this.proc.fdLink(pid, fd);
          if (link !== null) this.table.set(pid, fd, entryOf(link, proto));
          else this.table.delete(pid, fd);
        }
      return;
    }
    if (FD_RESULTS[name] === true) {
      // any other new descriptor: its name from /proc now, not a stale entry of a closed one
      this.table.delete(pid, ret);
    }
  }

  /**
   * The path an open* call opened: /proc's name for the new descriptor
   * (symbolic links resolved, as strace shows it) when it still ends as
   * the path asked for does (the descriptor was not closed and reused
   * since); else the path as asked for, made absolute from its directory.
   */
  private openedPath(pid: number, fd: number, args: readonly DecodedArg[]): string {
    const asked = args.find((a) => a.name === "pathname" || a.name === "filename")?.json;
    const link = this.proc.fdLink(pid, fd);
    if (typeof asked !== "string") return link ?? "?";
    const base = asked.replace(/\/+$/, "").split("/").pop() ?? "";
    if (link !== null && (base === "" || base === "." || base === ".." || link.split("/").pop() === base)) return link;
    if (asked.startsWith("/")) return asked;
    const dir = args.find((a) => a.name === "dir_fd" || a.name === "dfd")?.json;
    const from = typeof dir === "number" && dir !== AT_FDCWD ? (this.table.get(pid, dir)?.name ?? null) : this.proc.cwd(pid);
    return from === null ? asked : `${from.replace(/\/$/, "")}/${asked}`;
  }
}

/** An entry for a /proc link; sockets keep their inode. */
function entryOf(link: string, proto: string | null): FdEntry {
  const m = /^socket:\[(\d+)\]$/.exec(link);
  return { name: link, inode: m ? Number(m[1]) : null, proto };
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
