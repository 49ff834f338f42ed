/**
 * The snapshot source of `swoll top` on the real kernel: the probe in
 * counting mode (nothing streamed) with the command's filters, read out
 * through the metrics module's KernelTable, and cgroup ids resolved to
 * containers by the attributor.
 */
import { readFileSync } from "node:fs";
import { Probe, defaultSpec } from "../../../ffi/probe";
import type { Attributor, ContainerMeta } from "../../containers/attributor";
import { KernelTable, latencyBoundsNs, type KernelRow } from "../../metrics/kernel";
import type { Identity, SnapshotSource, SourceRow, SourceSnapshot } from "../types";

export interface KernelSourceOptions {
  /** Syscall numbers to count; null counts all. */
  syscalls: number[] | null;
  pids: number[];
  comms: string[];
  /** Turn the cgroup filter on (a Kubernetes selection fills it). */
  filterCgroups: boolean;
  /** Capacity of the kernel map, in (cgroup, syscall, errno) entries. */
  maxSeries: number;
  /** exit and exit_group: counted at entry. */
  noReturnNrs: number[];
  attributor: Attributor | null;
  verbose: boolean;
}

const HOST: Identity = Object.freeze({ namespace: "", pod: "", container: "" });
const NO_POD = "(no pod info)";
const PROGRAMS = ["swoll_enter", "swoll_exit"];

function bpfStatsEnabled(): boolean {
  try {
    return readFileSync("/proc/sys/kernel/bpf_stats_enabled", "utf8").trim() === "1";
  } catch {
    return false;
  }
}

/** A container's names; placeholders where Kubernetes metadata is missing. */
export function identityOf(m: ContainerMeta | null): Identity {
  if (!m) return HOST;
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
  private readonly table: KernelTable;
  private readonly comms = new Map<number, string>();

  private constructor(readonly probe: Probe, private readonly opts: KernelSourceOptions) {
    this.table = new KernelTable(probe, opts.maxSeries);
    this.startedAtMs = performance.now();
  }

  /** Load and attach the probe: counting on, streaming off, our own calls excluded. */
  static open(opts: KernelSourceOptions): KernelSource {
    const probe = Probe.load({
      ...defaultSpec(),
      stream: false,
      metrics: true,
      metricsEntries: opts.maxSeries,
      noReturnNrs: opts.noReturnNrs,
      ringBytes: 4096,
      filterSyscalls: opts.syscalls !== null,
      filterTgids: opts.pids.length > 0,
      filterComms: opts.comms.length > 0,
      filterCgroups: opts.filterCgroups,
      verbose: opts.verbose,
    });
    try {
      for (const nr of opts.syscalls ?? []) probe.allowSyscall(nr);
      for (const pid of opts.pids) probe.allowTgid(pid);
      for (const comm of opts.comms) probe.allowComm(comm);
    } catch (e) {
      probe.close();
      throw e;
    }
    return new KernelSource(probe, opts);
  }

  /** Rows carry a process only once the kernel key has one (see toSourceRow). */
  get perProcess(): boolean {
    return false;
  }

  read(): SourceSnapshot {
    const rows = this.table.read().map((r) => this.toSourceRow(r));
    const atMs = performance.now();
    const c = this.probe.counters();
    const snap: SourceSnapshot = { rows, atMs, lost: { "aggregation map full": c.metrics_full, "task storage full": c.task_storage } };
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

  /** A kernel row; tgid and comm pass through when the kernel key carries them. */
  private toSourceRow(r: KernelRow): SourceRow {
    const row: SourceRow = { cgroupId: r.cgroupId, nr: r.nr, errno: r.errno, count: r.count, totalNs: Number(r.totalNs), buckets: r.buckets };
    const extra = r as KernelRow & { tgid?: number; comm?: string };
    if (typeof extra.tgid === "number") {
      row.tgid = extra.tgid;
      row.comm = typeof extra.comm === "string" ? extra.comm : this.commOf(extra.tgid);
    }
    return row;
  }

  private commOf(tgid: number): string {
    let c = this.comms.get(tgid);
    if (c === undefined) {
      try {
        c = readFileSync(`/proc/${tgid}/comm`, "utf8").replace(/\n$/, "");
      } catch {
        c = "?";
      }
      if (this.comms.size > 65536) this.comms.clear();
      this.comms.set(tgid, c);
    }
    return c;
  }

  identity(cgroupId: bigint): Identity {
    return identityOf(this.opts.attributor?.lookup(Number(cgroupId), 0) ?? null);
  }

  close(): void {
    this.probe.close();
  }
}
