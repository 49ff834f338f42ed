/**
 * The snapshot source of `swoll top` on the real kernel: the probe in
 * counting mode (nothing streamed), per process, with the command's
 * filters, read out through the metrics module's MetricsMapReader, and cgroup
 * ids resolved to containers by the attributor.
 *
 * Processes come and go, and their entries must not fill the kernel map.
 * The kernel moves an exited process's entries itself, when its last
 * thread exits, into one entry per cgroup, syscall, errno and comm
 * (bpf/metrics.bpf.h); those are the pid-0 ("exited") rows here, so no
 * total goes down and a fork/exec storm keeps the map flat.
 */
import { readFileSync } from "node:fs";
import type { Probe } from "../../../ffi/probe";
import { syscallTable, type SyscallTable } from "../../decode/syscalls";
import { metricsBounds } from "../../metrics/collector";
import { ProbeHost } from "../../probe/host";
import type { KernelRule } from "../../probe/rules";
import type { Attributor, ContainerMeta } from "../../containers/attributor";
import { MetricsMapReader, latencyBoundsNs, type KernelRow } from "../../metrics/kernel";
import { rowKey } from "../stats";
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
  /** Result filter on the counters (-Z, -z, --errno): which errno (0: success) rows are shown. */
  keepErrno?: (errno: number) => boolean;
}

const NO_POD = "(no pod info)";
const PROGRAMS = ["swoll_enter", "swoll_exit", "swoll_proc_exit"];

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

export class KernelSource implements SnapshotSource {
  readonly boundsNs = latencyBoundsNs();
  readonly startedAtMs: number;
  readonly perProcess = true;
  private readonly table: MetricsMapReader;
  private readonly exitedTable: MetricsMapReader;
  /** The live-process rows of the previous read, by rowKey: those gone since moved to pid 0. */
  private previous = new Map<string, KernelRow>();

  private constructor(readonly host: ProbeHost, private readonly opts: KernelSourceOptions) {
    this.table = new MetricsMapReader(host.probe, opts.maxSeries, "proc");
    this.exitedTable = new MetricsMapReader(host.probe, opts.maxSeries, "exited");
    this.startedAtMs = performance.now();
  }

  /** Entries the kernel has moved out of the per-process map at process exit. */
  get folded(): number {
    return this.probe.folds().process_exited;
  }

  /** Load and attach the probe: counting on, streaming off, our own calls excluded, the filters in before attach. */
  static open(opts: KernelSourceOptions): KernelSource {
    const table = opts.table ?? syscallTable();
    const host = ProbeHost.open(table, {
      counting: {
        byProcess: {
          syscalls: opts.syscalls,
          pids: opts.pids.length > 0 ? opts.pids : null,
          comms: opts.comms.length > 0 ? opts.comms : null,
          // a Kubernetes selection fills it once its pods are known
          cgroups: opts.filterCgroups ? [] : null,
        },
        maxSeries: opts.maxSeries,
        bounds: metricsBounds(table, undefined, opts.maxSeries),
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
    const keep = this.opts.keepErrno;
    const kernel = keep ? this.table.read().filter((r) => keep(r.errno)) : this.table.read();
    const exited = keep ? this.exitedTable.read().filter((r) => keep(r.errno)) : this.exitedTable.read();
    const atMs = performance.now();
    const rows = this.rowsOf(kernel, exited);
    const c = this.probe.counters();
    const f = this.probe.folds();
    const lost = {
      "aggregation map full": c.metrics_full + f.lost_calls,
      "aggregation entry not allocated": c.metrics_nomem,
      "task storage full": c.task_storage,
    };
    const snap: SourceSnapshot = { rows: rows.rows, atMs, moved: rows.moved, lost };
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
   * exec generation, then the exited aggregate as pid-0 rows. A live row
   * of the previous read that is gone now was moved by the kernel into
   * the pid-0 row of its comm: say so, so that its calls are not new.
   */
  private rowsOf(kernel: KernelRow[], exited: KernelRow[]): { rows: SourceRow[]; moved: [string, string][] } {
    const latest = new Map<number, { gen: number; comm: string }>();
    for (const r of kernel) {
      const l = latest.get(r.tgid!);
      if (!l || r.execGen! > l.gen) latest.set(r.tgid!, { gen: r.execGen!, comm: r.comm! });
    }
    const rows: SourceRow[] = [];
    const now = new Map<string, KernelRow>();
    for (const r of kernel) {
      const row: SourceRow = { cgroupId: r.cgroupId, nr: r.nr, errno: r.errno, count: r.count, totalNs: Number(r.totalNs), buckets: r.buckets, tgid: r.tgid, execGen: r.execGen, comm: r.comm, processName: latest.get(r.tgid!)!.comm };
      const k = rowKey(row);
      now.set(k, r);
      rows.push(row);
    }
    const moved: [string, string][] = [];
    for (const [k, r] of this.previous)
      if (!now.has(k)) moved.push([k, rowKey({ cgroupId: r.cgroupId, nr: r.nr, errno: r.errno, count: 0, totalNs: 0, buckets: [], tgid: 0, comm: r.comm })]);
    this.previous = now;
    for (const r of exited)
      rows.push({ cgroupId: r.cgroupId, nr: r.nr, errno: r.errno, count: r.count, totalNs: Number(r.totalNs), buckets: r.buckets, tgid: 0, comm: r.comm });
    return { rows, moved };
  }

  identity(cgroupId: CgroupId): PodIdentity {
    return identityOf(this.opts.attributor?.lookup(cgroupId, 0) ?? null);
  }

  close(): void {
    this.host.close();
  }
}
