/**
 * What `swoll top` consumes: a snapshot source (the kernel's aggregation,
 * read each interval) and a trace source (decoded events for the
 * drill-down view). The TUI depends on these interfaces only; the live
 * implementations over the probe are in live/.
 */
import type { CgroupId } from "../decode/cgroup-id";
import type { PodIdentity } from "../metadata/identity";

/** One aggregated entry, cumulative since the source started. */
export interface SourceRow {
  cgroupId: CgroupId;
  nr: number;
  /** 0 for success */
  errno: number;
  count: number;
  totalNs: number;
  /** per-bucket (not cumulative) latency counts; bounds in SnapshotSource.boundsNs */
  buckets: number[];
  /** Process (tgid), when the source keys its rows by process; 0 for the calls of exited processes. */
  tgid?: number;
  /** Exec generation of the process: its calls after an execve are rows of their own. */
  execGen?: number;
  /** Command name the calls were made under, when known. Untrusted: sanitised before display. */
  comm?: string;
  /** The process's latest name (its rows of the last exec generation), for the process grouping. Untrusted. */
  processName?: string;
}

export interface SourceSnapshot {
  rows: SourceRow[];
  /** Calls the source could not count, cumulative, by cause ("aggregation map full", …). */
  lost: Record<string, number>;
  /** Monotonic ms (performance.now()) when the snapshot was read. */
  atMs: number;
  /** Probe run time and runs, cumulative, when the kernel measures them. */
  cost?: { runTimeNs: number; runCount: number };
  /**
   * Rows (by rowKey) whose counts the source moved into another row since
   * the previous snapshot, [from, to]: an exited process's rows joining
   * its comm's "exited" row. The calls they held are not new.
   */
  moved?: [from: string, to: string][];
}

export interface SnapshotSource {
  /** Inclusive upper bounds (ns) of every bucket but the last, which is unbounded. */
  readonly boundsNs: number[];
  /** Monotonic ms when counting started. */
  readonly startedAtMs: number;
  /** Whether rows carry tgid (and so comm/process groupings work). */
  readonly perProcess: boolean;
  read(): SourceSnapshot;
  identity(cgroupId: CgroupId): PodIdentity;
  close(): void;
}

/** What a drill-down trace shows; null for a dimension means "not narrowed". */
export interface TraceSelection {
  syscalls: number[] | null;
  cgroups: CgroupId[] | null;
  pids: number[] | null;
  comms: string[] | null;
  /** Errno name or "OK": filtered in user space (the kernel filter has no errno). */
  result: string | null;
  /** One line that says what is traced, for the view's title. */
  title: string;
}

/** One decoded call, ready for display (strings still untrusted). */
export interface TraceLine {
  time: string;
  comm: string;
  pid: number;
  tid: number;
  /** `openat(AT_FDCWD, "/etc/hostname", O_RDONLY)`, arguments escaped strace-style */
  call: string;
  /** `3`, `-1 ENOENT (No such file or directory)` or `?` */
  result: string;
  failed: boolean;
  latencyNs: number;
}

export interface TraceBatchRead {
  lines: TraceLine[];
  /** Events lost since the previous read. */
  lost: number;
  /** Matching events read but not kept as lines (a burst larger than the view keeps). */
  skipped?: number;
  /** Bytes the read drained from the kernel (paces the drain loop). */
  bytes?: number;
}

export interface TraceStream {
  /** New events; with `lost()`, `lost` here stays 0 and losses are read by `lost()`. */
  read(): TraceBatchRead;
  /** Events lost since the previous call (a syscall: the drain loop calls it sparingly). */
  lost?(): number;
  /** Bytes one read can drain. */
  readonly capacity?: number;
  close(): void;
}

export interface TraceSource {
  open(selection: TraceSelection): TraceStream;
}

/** Names of syscalls and errnos, and which syscalls form a class. */
export interface Names {
  syscall(nr: number): { name: string; class: string };
  errno(errno: number): string;
  syscallsOfClass(cls: string): number[];
}

export const DIMENSIONS = ["syscall", "errno", "comm", "process", "container", "pod", "namespace", "class"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const COLUMNS = ["name", "count", "rate", "errors", "errPct", "topErrno", "avg", "p50", "p99", "change"] as const;
export type Column = (typeof COLUMNS)[number];

/** One line of the table: a group of source rows. */
export interface GroupRow {
  key: string;
  /** Untrusted text (comm, pod names, …): sanitised when drawn. */
  label: string;
  /** Grouped by namespace, pod or container: the group's identity (empty strings outside pods; untrusted). */
  pod?: PodIdentity;
  /** Calls since the start. */
  count: number;
  /** Calls per second in the last window. */
  rate: number;
  /** Failed calls since the start. */
  errors: number;
  /** Failed share of the last window's calls, in percent; null with no calls. */
  errPct: number | null;
  /** Most frequent errno since the start. */
  topErrno: string | null;
  avgNs: number | null;
  p50Ns: number | null;
  p99Ns: number | null;
  /** Relative change of errors/s vs the previous window (1 = +100%); Infinity from zero; null when unknown. */
  change: number | null;
}
