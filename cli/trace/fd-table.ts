/**
 * What each traced process's file descriptors refer to, as the trace saw
 * them opened (strace's -y). Entries come from the decoded calls of the
 * stream itself (./fd-paths.ts), so a descriptor opened, used and closed
 * between two drains is still named right; descriptors the trace did not
 * see opened are looked up once in /proc and kept.
 *
 * Bounded: at most `perProcess` descriptors per process and `total` in
 * all, the least recently used forgotten first (a forgotten descriptor is
 * looked up in /proc again when next used), and a process's entries go
 * when it exits or execs.
 */

export interface FdEntry {
  /** What strace -y prints between < and >, unescaped: a path, `socket:[N]`, `pipe:[N]`, `anon_inode:[eventfd]`. */
  name: string;
  /** The file's inode number when the probe said (a later description with another inode means the entry is stale). */
  ino: number | null;
  /** A socket's inode (from `socket:[N]`), for -yy's lookup. */
  inode: number | null;
  /** The protocol as strace -yy names it (TCP, UDPv6, UNIX-STREAM), when socket() said. */
  proto: string | null;
}

export const DEFAULT_FDS_PER_PROCESS = 1024;
export const DEFAULT_FDS_TOTAL = 65536;

export class FdTable {
  /** By pid, in least-recently-used order; each map in least-recently-used order too. */
  private readonly procs = new Map<number, Map<number, FdEntry>>();
  private count = 0;

  constructor(readonly perProcess = DEFAULT_FDS_PER_PROCESS, readonly total = DEFAULT_FDS_TOTAL) {}

  get size(): number {
    return this.count;
  }

  get processes(): number {
    return this.procs.size;
  }

  /** The entry for pid's fd (now the most recently used), or undefined. */
  get(pid: number, fd: number): FdEntry | undefined {
    const fds = this.procs.get(pid);
    const e = fds?.get(fd);
    if (e === undefined) return undefined;
    this.touch(pid, fds!);
    fds!.delete(fd);
    fds!.set(fd, e);
    return e;
  }

  set(pid: number, fd: number, e: FdEntry): void {
    let fds = this.procs.get(pid);
    if (!fds) this.procs.set(pid, (fds = new Map()));
    else this.touch(pid, fds);
    if (fds.delete(fd)) this.count--;
    fds.set(fd, e);
    this.count++;
    if (fds.size > this.perProcess) this.evictFrom(pid, fds);
    while (this.count > this.total) {
      const [oldest, its] = this.procs.entries().next().value!;
      this.evictFrom(oldest, its);
    }
  }

  delete(pid: number, fd: number): void {
    const fds = this.procs.get(pid);
    if (fds?.delete(fd)) {
      this.count--;
      if (fds.size === 0) this.procs.delete(pid);
    }
  }

  /** close_range(first, last): every entry of pid in [first, last]. */
  deleteRange(pid: number, first: number, last: number): void {
    const fds = this.procs.get(pid);
    if (!fds) return;
    for (const fd of [...fds.keys()]) if (fd >= first && fd <= last) this.delete(pid, fd);
  }

  /** The process exited or exec'd: all its entries. */
  forgetProcess(pid: number): void {
    const fds = this.procs.get(pid);
    if (!fds) return;
    this.count -= fds.size;
    this.procs.delete(pid);
  }

  /** Events were lost: what the table knows may be stale. */
  clear(): void {
    this.procs.clear();
    this.count = 0;
  }

  private touch(pid: number, fds: Map<number, FdEntry>): void {
    this.procs.delete(pid);
    this.procs.set(pid, fds);
  }

  private evictFrom(pid: number, fds: Map<number, FdEntry>): void {
    fds.delete(fds.keys().next().value!);
    this.count--;
    if (fds.size === 0) this.procs.delete(pid);
  }
}
