/**
 * The in-kernel metrics as a library: the probe in counting mode (what
 * `swoll serve` and `swoll top` read), one row per (cgroup, syscall,
 * errno) with its count, total time and log2 latency buckets, attributed
 * to its container and pod. Built on serve's MetricsCollector.
 */
import type { ContainerMeta } from "../containers/attributor";
import type { CgroupId } from "../decode/cgroup-id";
import { ContainerObserver } from "../metadata/observer";
import { syscallTable, type SyscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { MetricsCollector } from "../metrics/collector";
import type { KernelRow } from "../metrics/kernel";
import type { SelfStats } from "../metrics/prometheus";
import { errLabel, metricSyscall, podIdentityOf, quantileNs, toSeries, type Series } from "../metrics/series";
import { KernelFilter, parseFilterOptions, ruleOf } from "../probe/filter";
import type { StreamingOptions } from "../probe/host";

export interface MetricsOptions {
  /** Count only these syscalls (openat, %file, /^open, !futex as -s takes them). Given (even empty), the set can change later. */
  syscalls?: string[];
  /** Only these processes (tgid). Given (even empty), the set can change later. */
  pids?: number[];
  /** Only these command names. Given (even empty), the set can change later. */
  comms?: string[];
  /** Only these cgroup v2 ids. Given (even empty), the set can change later. */
  cgroups?: CgroupId[];
  /** Capacity of the kernel map, in (cgroup, syscall, errno) entries (default 16384). */
  maxSeries?: number;
  /** Keys one cgroup may hold in the kernel map; past it its new ones fold into sys_other (default 512). */
  maxSeriesPerCgroup?: number;
  /** prune() drops the rows of cgroups removed this long ago (ms, default 120000). */
  graceMs?: number;
  /**
   * Where containers and pods come from: an observer (ContainerObserver.open,
   * or a hub's). Default: the cgroup walker alone (container ids, no pods).
   */
  observer?: ContainerObserver;
  /** Also key rows by process: each row then has tgid, execGen and comm. */
  byProcess?: boolean;
  /** libbpf's debug log in ProbeError.log. */
  verbose?: boolean;
  /** Load the streaming half too: streams then share this probe (collector.host.addStream). */
  streaming?: StreamingOptions | null;
}

/** One kernel row, named and attributed. */
export interface MetricsRow {
  cgroupId: CgroupId;
  nr: number;
  /** sys_openat */
  syscall: string;
  class: string;
  group: string;
  /** 0 for success */
  errno: number;
  /** "OK" or the errno name */
  err: string;
  count: number;
  totalNs: bigint;
  /** Per-bucket (not cumulative) counts; bucket i holds calls ≤ boundsNs[i] ns, the last is unbounded. */
  buckets: number[];
  /** The container of the cgroup, with its pod when known; null for host processes. */
  container: ContainerMeta | null;
  /** With byProcess: the process id, its exec generation, and its comm when the row was created. */
  tgid?: number;
  execGen?: number;
  comm?: string;
}

export class Metrics {
  readonly filter: KernelFilter;
  private readonly ownObserver: boolean;

  private constructor(readonly collector: MetricsCollector, readonly observer: ContainerObserver, own: boolean, enabled: ReturnType<typeof parseFilterOptions>["enabled"]) {
    this.filter = new KernelFilter(collector.countRule, collector.table, enabled, "Metrics.open");
    this.ownObserver = own;
  }

  /** Load and attach the probe in counting mode (needs root or CAP_BPF+CAP_PERFMON). */
  static open(opts: MetricsOptions = {}): Metrics {
    const table: SyscallTable = syscallTable();
    const maxSeries = opts.maxSeries ?? 16384;
    if (!Number.isInteger(maxSeries) || maxSeries < 1 || maxSeries > 1 << 20)
      throw new UsageError(`invalid maxSeries ${maxSeries}; use a whole number from 1 to ${1 << 20}`);
    const f = parseFilterOptions(opts, table);
    const own = !opts.observer;
    const observer = opts.observer ?? new ContainerObserver();
    const collector = MetricsCollector.open(table, {
      maxSeries,
      maxSeriesPerCgroup: opts.maxSeriesPerCgroup,
      graceMs: opts.graceMs ?? 120_000,
      identity: (id) => podIdentityOf(observer.lookup(id)),
      verbose: !!opts.verbose,
      byProcess: !!opts.byProcess,
      filters: ruleOf(f),
      streaming: opts.streaming,
    });
    return new Metrics(collector, observer, own, f.enabled);
  }

  /** Upper bounds (ns) of every latency bucket but the last. */
  get boundsNs(): number[] {
    return this.collector.boundsNs;
  }

  /** Every row the kernel holds now: cumulative since open (or since a prune dropped it). */
  read(): MetricsRow[] {
    const { table } = this.collector;
    return this.collector.snapshot().rows.map((r) => this.row(r, table));
  }

  private row(r: KernelRow, table: SyscallTable): MetricsRow {
    const sc = metricSyscall(table, r.nr);
    const out: MetricsRow = {
      cgroupId: r.cgroupId,
      nr: r.nr,
      syscall: sc.fullName,
      class: sc.class,
      group: sc.group,
      errno: r.errno,
      err: errLabel(r.errno),
      count: r.count,
      totalNs: r.totalNs,
      buckets: r.buckets,
      container: this.observer.lookup(r.cgroupId),
    };
    if (r.tgid !== undefined) out.tgid = r.tgid;
    if (r.execGen !== undefined) out.execGen = r.execGen;
    if (r.comm !== undefined) out.comm = r.comm;
    return out;
  }

  /** Rows summed per Prometheus label set (syscall, err, class, group, namespace, pod, container): what /metrics shows. */
  series(): Series[] {
    return this.collector.snapshot().series;
  }

  /** Latency (ns) at quantile q (0..1) of a row or series: the upper bound of its bucket. */
  quantileNs(row: { buckets: number[] }, q: number): number | null {
    return quantileNs(row.buckets, this.boundsNs, q);
  }

  /** Calls not counted (map full), map use, and the probe's own cost when kernel.bpf_stats_enabled=1. */
  stats(): SelfStats {
    return this.collector.selfStats(this.collector.entries());
  }

  /** Drop the rows of cgroups gone for longer than graceMs; returns the rows dropped. */
  prune(): number {
    return this.collector.prune();
  }

  /** Detach and free everything; idempotent. */
  close(): void {
    this.collector.close();
    if (this.ownObserver) this.observer.stop();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
