/**
 * The probe in counting mode plus what turns its map into series: the
 * syscall table, the cgroup tracker (pruning) and the identity resolver.
 */
import { readFileSync } from "node:fs";
import { PROCESS_PROGRAMS, type MetricsBounds, type Probe } from "../../ffi/probe";
import type { SyscallTable } from "../decode/syscalls";
import { ProbeHost, type StreamingOptions } from "../probe/host";
import type { KernelRule, RuleSpec } from "../probe/rules";
import { VERSION } from "../version";
import { CgroupTracker } from "./cgroups";
import { cgroup2Mount } from "../containers/cgroupfs";
import type { CgroupId } from "../decode/cgroup-id";
import { MetricsMapReader, latencyBoundsNs, type KernelRow } from "./kernel";
import type { SelfStats } from "./prometheus";
import { toSeries, type IdentityResolver, type Series } from "./series";

export interface CollectorOptions {
  /** Capacity of the kernel map, in (cgroup, syscall, errno) entries. */
  maxSeries: number;
  /** How long a removed cgroup's series are kept. */
  graceMs: number;
  identity: IdentityResolver;
  verbose?: boolean;
  /** cgroup2 mount; found in /proc/mounts when undefined. */
  cgroupRoot?: string | null;
  /** Kernel filters: count only these (absent: count everything, as serve does). */
  filters?: CollectorFilters;
  /** Key rows by process too (tgid, exec generation, comm); serve keys by cgroup only. */
  byProcess?: boolean;
  /** Keys one cgroup may hold in the kernel map (default DEFAULT_CGROUP_KEYS). */
  maxSeriesPerCgroup?: number;
  /**
   * Load the streaming half too, so that streams share this probe
   * (host.addStream; serve's stream API); absent: count only. The programs
   * that follow forks are attached at once, so a stream may name pids
   * after privileges are dropped.
   */
  streaming?: StreamingOptions | null;
}

/** Keys one cgroup may hold: a busy container makes a few hundred (syscall, errno) pairs. */
export const DEFAULT_CGROUP_KEYS = 512;
/** Keys one process may hold in top's per-process map. */
export const DEFAULT_PROCESS_KEYS = 256;

/**
 * The kernel's bounds on what a tenant can add (bpf/metrics.h): numbers
 * outside `table` fold into sys_unknown, a cgroup holds at most
 * `perCgroup` keys, and an eighth of the map is kept for the overflow key
 * of each cgroup that runs out, so a new container is still counted.
 */
export function metricsBounds(table: SyscallTable, perCgroup = DEFAULT_CGROUP_KEYS, capacity = 16384): MetricsBounds {
  return {
    knownSyscalls: table.all().map((s) => s.nr),
    cgroupKeyLimit: perCgroup,
    reserve: Math.max(1, Math.floor(capacity / 8)),
    procKeyLimit: DEFAULT_PROCESS_KEYS,
  };
}

/** Each set: null or absent, no filter; [] turns the filter on empty (to be filled later). */
export type CollectorFilters = RuleSpec;

export interface Snapshot {
  rows: KernelRow[];
  series: Series[];
}

const PROGRAMS = ["swoll_enter", "swoll_exit"] as const;

function bpfStatsEnabled(): boolean {
  try {
    return readFileSync("/proc/sys/kernel/bpf_stats_enabled", "utf8").trim() === "1";
  } catch {
    return false;
  }
}

export class MetricsCollector {
  readonly boundsNs = latencyBoundsNs();
  readonly cgroups: CgroupTracker;
  private readonly kernel: MetricsMapReader;
  private pruned = 0;
  private lastWalk = 0;
  /** Losses counted outside the probe, by cause (the stream API's stream_slow). */
  readonly extraLost: Record<string, number> = {};

  private constructor(readonly host: ProbeHost, readonly table: SyscallTable, readonly opts: CollectorOptions) {
    this.kernel = new MetricsMapReader(host.probe, opts.maxSeries, !!opts.byProcess);
    const root = opts.cgroupRoot === undefined ? cgroup2Mount() : opts.cgroupRoot;
    this.cgroups = new CgroupTracker({ root, graceMs: opts.graceMs });
  }

  /** Load and attach the probe: counting on, streaming off. */
  static open(table: SyscallTable, opts: CollectorOptions): MetricsCollector {
    const rule = opts.filters ?? {};
    const host = ProbeHost.open(table, {
      // Nothing is streamed, so swoll's own calls cannot feed back: count them too.
      counting: {
        byCgroup: opts.byProcess ? null : rule,
        byProcess: opts.byProcess ? rule : null,
        maxSeries: opts.maxSeries,
        countSelf: true,
        bounds: metricsBounds(table, opts.maxSeriesPerCgroup, opts.maxSeries),
      },
      verbose: opts.verbose,
      streaming: opts.streaming ?? null,
      processRules: !!opts.streaming,
    });
    try {
      // attaching needs CAP_BPF+CAP_PERFMON: done now, while they are held
      if (opts.streaming) for (const name of PROCESS_PROGRAMS) host.probe.attachProgram(name);
    } catch (e) {
      host.close();
      throw e;
    }
    return new MetricsCollector(host, table, opts);
  }

  get probe(): Probe {
    return this.host.probe;
  }

  /** The rule of what is counted, to change it while attached. */
  get countRule(): KernelRule {
    return this.host.countRule(this.opts.byProcess ? "process" : "cgroup")!;
  }

  snapshot(): Snapshot {
    const rows = this.kernel.read();
    return { rows, series: toSeries(rows, this.table, this.opts.identity) };
  }

  /** Walk the cgroups and drop entries of those gone for the grace period; returns entries dropped. */
  prune(): number {
    if (!this.cgroups.enabled) return 0;
    this.cgroups.refresh();
    const rows = this.kernel.read();
    const gone = this.cgroups.expired(rows.map((r) => r.cgroupId));
    if (gone.size === 0) return 0;
    const drop = rows.filter((r) => gone.has(r.cgroupId));
    this.kernel.release(drop, gone);
    this.pruned += drop.length;
    return drop.length;
  }

  /** Path of a cgroup under the mount; walks the tree again (at most once a second) for ids not seen yet. */
  cgroupPath(id: CgroupId): string | undefined {
    const known = this.cgroups.path(id);
    if (known !== undefined || Date.now() - this.lastWalk < 1000) return known;
    this.lastWalk = Date.now();
    this.cgroups.refresh();
    return this.cgroups.path(id);
  }

  /** Entries in the kernel map now, without decoding them. */
  entries(): number {
    return this.kernel.count();
  }

  selfStats(mapEntries: number): SelfStats {
    const c = this.probe.counters();
    const lost: Record<string, number> = {};
    for (const cause of ["ringbuf_full", "task_storage"] as const) lost[cause] = c[cause];
    const stats = PROGRAMS.map((name) => ({ name, ...this.probe.programStats(name) }));
    // a skipped entry or exit leaves that call uncounted
    lost.recursion = stats.reduce((n, p) => n + p.recursionMisses, 0);
    // the map had room, but a new entry could not be allocated at that moment
    lost.map_alloc_failed = c.metrics_nomem;
    // not even the cgroup's overflow key found room: the map's reserve is used up
    lost.map_full = c.metrics_full;
    const f = this.probe.folds();
    Object.assign(lost, this.extraLost);
    return {
      version: VERSION,
      arch: this.table.arch,
      lost,
      mapOverflow: c.metrics_full,
      folded: { unknown_syscall: f.unknown_syscall, cgroup_limit: f.cgroup_limit, map_reserve: f.map_reserve },
      mapEntries,
      mapCapacity: this.opts.maxSeries,
      seriesPruned: this.pruned,
      programs: bpfStatsEnabled() ? stats.map(({ name, runTimeNs, runCount }) => ({ name, runTimeNs, runCount })) : null,
    };
  }

  get closed(): boolean {
    return this.probe.closed;
  }

  close(): void {
    this.host.close();
  }
}
