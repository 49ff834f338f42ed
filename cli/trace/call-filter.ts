/**
 * The argument filters that run in user space, on decoded calls: -P PATH
 * (calls naming PATH, and calls on the file descriptors opened with it,
 * as strace's -P) and --fd N. Failed-only and successful-only are the
 * kernel's (RuleSpec.result), and so is --errno (RuleSpec.errnos).
 */
import type { Decoded } from "../decode/event";

/** Which arguments name a path and which hold a file descriptor (the kernel's tracefs names). */
const PATH_ARGS = new Set(["filename", "pathname", "path", "oldname", "newname", "oldpath", "newpath", "old_filename", "new_filename", "dev_name", "dir_name", "special", "library", "name"]);
const FD_ARGS = new Set(["fd", "dfd", "dir_fd", "dirfd", "oldfd", "newfd", "olddfd", "newdfd", "fd_in", "fd_out", "ufd", "epfd", "in_fd", "out_fd", "fdin", "fdout", "mfd", "pidfd", "from_dfd", "to_dfd"]);
/** Calls whose result is a new descriptor for the path they name, or a copy of their fd argument. */
const OPENS = new Set(["open", "openat", "openat2", "creat", "open_tree"]);
const DUPS = new Set(["dup", "dup2", "dup3"]);
const F_DUPFD = 0;
const F_DUPFD_CLOEXEC = 1030;

/** Descriptors known to refer to PATH, per process; bounded (oldest forgotten first). */
const MAX_TRACKED_FDS = 4096;

export interface CallFilterOptions {
  /** strace -P: calls naming one of these paths or using a descriptor opened with one. */
  paths?: readonly string[] | null;
  /** Calls whose file descriptor argument is one of these. */
  fds?: ReadonlySet<number> | null;
}

/** null when there is nothing to filter in user space. */
export function callFilter(opts: CallFilterOptions): ((d: Decoded) => boolean) | null {
  const { fds } = opts;
  const paths = opts.paths?.length ? new Set(opts.paths) : null;
  if (!paths && !fds?.size) return null;
  const tracked = new Map<string, true>();
  const track = (pid: number, fd: number) => {
    if (tracked.size >= MAX_TRACKED_FDS) tracked.delete(tracked.keys().next().value!);
    tracked.set(`${pid}:${fd}`, true);
  };
  return (d) => {
    const e = d.event;
    if (fds?.size && !fdArgs(d).some((fd) => fds.has(fd))) return false;
    if (!paths) return true;
    const name = d.info.name;
    if (d.argList.some((a) => PATH_ARGS.has(a.name) && typeof a.json === "string" && paths.has(a.json))) {
      if (OPENS.has(name) && typeof e.return === "number" && e.return >= 0) track(e.pid, e.return);
      return true;
    }
    const used = fdArgs(d).filter((fd) => tracked.has(`${e.pid}:${fd}`));
    if (used.length === 0) return false;
    if (name === "close" && e.return === 0) tracked.delete(`${e.pid}:${used[0]}`);
    const dupFcntl = name === "fcntl" && (argNumber(d, "cmd") === F_DUPFD || argNumber(d, "cmd") === F_DUPFD_CLOEXEC);
    if ((DUPS.has(name) || dupFcntl) && typeof e.return === "number" && e.return >= 0) track(e.pid, e.return);
    return true;
  };
}

function fdArgs(d: Decoded): number[] {
  const out: number[] = [];
  for (const a of d.argList) if (FD_ARGS.has(a.name) && typeof a.json === "number") out.push(a.json);
  return out;
}

function argNumber(d: Decoded, name: string): number | null {
  const a = d.argList.find((x) => x.name === name);
  return a && typeof a.json === "number" ? a.json : null;
}
