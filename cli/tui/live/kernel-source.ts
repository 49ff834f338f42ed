/**
 * The snapshot source of `swoll top` on the real kernel: the probe in
 * counting mode (nothing streamed), per process, with the command's
 * filters, read out through the metrics module's MetricsMapReader, and cgroup
 * ids resolved to containers by the attributor.
 *
 * Processes come and go, and their entries must not fill the kernel map.
 * Once a process has exited (no /proc/<pid>), its rows stay as they are
 * for a grace period, so that a short-lived process can still be seen by
 * name and pid; then they are deleted from the kernel map and their
 * counts kept here, in one row per cgroup, syscall, errno and comm with
 * pid 0 ("exited"), so that no total goes down. When the map is half
 * full, exited processes are folded at once.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Probe } from "../../../ffi/probe";
import { syscallTable, type SyscallTable } from "../../decode/syscalls";
import { ProbeHost } from "../../probe/host";
import type { KernelRule } from "../../probe/rules";
import type { Attributor, ContainerMeta } from "../../containers/attributor";
import { MetricsMapReader, latencyBoundsNs, type KernelRow } from "../../metrics/kernel";
import { addRow, rowKey } from "../stats";
import type { SnapshotSource, SourceRow, SourceSnapshot } from "../types";
import { HOST_IDENTITY, type PodIdentity } from "../../metadata/identity";
import type { CgroupId } from "../../decode/cgroup-id";

export interface KernelSourceOptions {
  /** Syscall numbers to count; null counts all. */
  syscalls: number[] | null;
  pids: number[];
  comms: string[];
  /** Turn the cgroup filter on (a Kubernetes selection fills it). */
  filterCgroups: boolean;
  /** Capacity of the kernel map, in (cgroup, process, syscall, errno) entries. */
  maxSeries: number;
  /** Default: this machine's. */
  table?: SyscallTable;
  attributor: Attributor | null;
  verbose: boolean;
  /** How long an exited process's rows stay its own (default 5 s). */
  exitedGraceMs?: number;
  /** false: never fold exited processes (one read, as with --once). */
  fold?: boolean;
}

const NO_POD = "(no pod info)";
const PROGRAMS = ["swoll_enter", "swoll_exit"];

/**
 * Whether pids the kernel reports (initial pid namespace) can be looked
 * up in our /proc: not when swoll runs in a pid namespace of its own.
 */
function hostPids(): boolean {
  try {
    const line = /^NSpid:\s*(.*)$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return line === undefined || line.trim().split(/\s+/).length === 1;
  } catch {
    return false;
  }
}

function bpfStatsEnabled(): boolean {
  try {
    return readFileSync("/proc/sys/kernel/bpf_stats_enabled", "utf8").trim() === "1";
  } catch {
    return false;
  }
}

/** A container's names; placeholders where Kubernetes metadata is missing. */
export function identityOf(m: ContainerMeta | null): PodIdentity {
  if (!m) return HOST_IDENTITY;
  const uid = m["pod-uid"];
  return {
    namespace: m.namespace ?? NO_POD,
    pod: m.pod ?? (uid ? `pod-${uid.slice(0, 8)}` : NO_POD),
    container: m.name ?? m.id.slice(0, 12),
  };
}

/** Without host pids, a process counts as exited once its counts stood still this long. */
const IDLE_AS_EXITED_MS = 60_000;

export class KernelSource implements SnapshotSource {
  readonly boundsNs = latencyBoundsNs();
  readonly startedAtMs: number;
  readonly perProcess = true;
  private readonly table: MetricsMapReader;
  private readonly graceMs: number;
  private readonly hostPids = hostPids();
  /** Exited processes still in the map: pid → when first seen exited. */
  private readonly gone = new Map<number, number>();
  /** Without host pids: pid → [its calls, when they last changed]. */
  private readonly activity = new Map<number, [number, number]>();
  /** Calls of folded processes, by rowKey of their pid-0 row. Rows are replaced, never changed. */
  private readonly exited = new Map<string, SourceRow>();
  /** Entries deleted from the kernel map so far. */
  folded = 0;

  private constructor(readonly host: ProbeHost, private readonly opts: KernelSourceOptions) {
    this.table = new MetricsMapReader(host.probe, opts.maxSeries, true);
    this.graceMs = opts.exitedGraceMs ?? 5000;
    this.startedAtMs = performance.now();
  }

  /** Load and attach the probe: counting on, streaming off, our own calls excluded, the filters in before attach. */
  static open(opts: KernelSourceOptions): KernelSource {
    const host = ProbeHost.open(opts.table ?? syscallTable(), {
      counting: {
        byProcess: {
          syscalls: opts.syscalls,
          pids: opts.pids.length > 0 ? opts.pids : null,
          comms: opts.comms.length > 0 ? opts.comms : null,
          // a Kubernetes selection fills it once its pods are known
          cgroups: opts.filterCgroups ? [] : null,
        },
        maxSeries: opts.maxSeries,
      },
      verbose: opts.verbose,
    });
    return new KernelSource(host, opts);
  }

  get probe(): Probe {
    return this.host.probe;
  }

  /** The counting rule, whose cgroup set a pod selection keeps current. */
  get cgroupFilter(): KernelRule {
    return this.host.countRule("process")!;
  }

  read(): SourceSnapshot {
    const kernel = this.table.read();
    const atMs = performance.now();
    const { rows, moved } = this.fold(kernel, atMs);
    const c = this.probe.counters();
    const snap: SourceSnapshot = { rows, atMs, moved, lost: { "aggregation map full": c.metrics_full, "aggregation entry not allocated": c.metrics_nomem, "task storage full": c.task_storage } };
    if (bpfStatsEnabled()) {
      let runTimeNs = 0;
      let runCount = 0;
      for (const name of PROGRAMS) {
        const s = this.probe.programStats(name);
        runTimeNs += s.runTimeNs;
        runCount += s.runCount;
      }
      snap.cost = { runTimeNs, runCount };
    }
    return snap;
  }

  /**
   * The kernel's rows as source rows, each process named after its latest
   * exec generation; the rows of processes exited for the grace period
   * (at once under pressure) are deleted from the map and added to the
   * pid-0 rows. Returns every row, those included, and what moved where.
   */
  private fold(kernel: KernelRow[], now: number): { rows: SourceRow[]; moved: [string, string][] } {
    const latest = new Map<number, { gen: number; comm: string }>();
    const calls = new Map<number, number>();
    for (const r of kernel) {
      const l = latest.get(r.tgid!);
      if (!l || r.execGen! > l.gen) latest.set(r.tgid!, { gen: r.execGen!, comm: r.comm! });
      calls.set(r.tgid!, (calls.get(r.tgid!) ?? 0) + r.count);
    }
    const pressure = kernel.length >= this.opts.maxSeries / 2;
    const foldNow = new Set<number>();
    for (const [tgid, n] of calls) {
      if (this.alive(tgid, n, now)) {
        this.gone.delete(tgid);
        continue;
      }
      const since = this.gone.get(tgid) ?? now;
      this.gone.set(tgid, since);
      if (this.opts.fold !== false && (pressure || now - since >= this.graceMs)) foldNow.add(tgid);
    }
    for (const tgid of this.gone.keys()) if (!calls.has(tgid)) this.gone.delete(tgid);
    for (const tgid of this.activity.keys()) if (!calls.has(tgid)) this.activity.delete(tgid);

    const rows: SourceRow[] = [];
    const moved: [string, string][] = [];
    const forget: KernelRow[] = [];
    for (const r of kernel) {
      const row: SourceRow = { cgroupId: r.cgroupId, nr: r.nr, errno: r.errno, count: r.count, totalNs: Number(r.totalNs), buckets: r.buckets, tgid: r.tgid, execGen: r.execGen, comm: r.comm, processName: latest.get(r.tgid!)!.comm };
      if (!foldNow.has(r.tgid!)) {
        rows.push(row);
        continue;
      }
      const target: SourceRow = { cgroupId: r.cgroupId, nr: r.nr, errno: r.errno, count: 0, totalNs: 0, buckets: [], tgid: 0, comm: r.comm };
      const to = rowKey(target);
      this.exited.set(to, addRow(this.exited.get(to) ?? target, row));
      moved.push([rowKey(row), to]);
      forget.push(r);
    }
    if (forget.length) {
      this.table.forget(forget);
      this.folded += forget.length;
    }
    rows.push(...this.exited.values());
    return { rows, moved };
  }

  /** Whether a process still runs: in /proc, or, without host pids, its counts moved within a minute. */
  private alive(tgid: number, calls: number, now: number): boolean {
    if (this.hostPids) return existsSync(`/proc/${tgid}`);
    const a = this.activity.get(tgid);
    if (!a || a[0] !== calls) {
      this.activity.set(tgid, [calls, now]);
      return true;
    }
    return now - a[1] < IDLE_AS_EXITED_MS;
  }

  identity(cgroupId: CgroupId): PodIdentity {
    return identityOf(this.opts.attributor?.lookup(cgroupId, 0) ?? null);
  }

  close(): void {
    this.host.close();
  }
}
