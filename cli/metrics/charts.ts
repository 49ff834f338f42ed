/**
 * JSON for the charts page (/metrics/charts/data) and for per-cgroup
 * inspection (/metrics/cgroups). The page aggregates label rows itself,
 * so one endpoint serves every stage order and namespace focus.
 */
import type { KernelRow } from "./kernel";
import { errLabel, LABELS, metricSyscall, quantileNs, type Labels, type Series } from "./series";
import type { SyscallTable } from "../decode/syscalls";
import type { CgroupId } from "../decode/cgroup-id";

export interface LatencySummary {
  syscall: string;
  count: number;
  mean_ns: number;
  /** upper bound of the log2 bucket; null when beyond the last finite bound */
  p50_ns: number | null;
  p99_ns: number | null;
}

export interface ChartsData {
  time: string;
  stages: readonly string[];
  rows: (Labels & { count: number })[];
  latency: LatencySummary[];
  lost: number;
  overflow: number;
}

function finite(n: number | null): number | null {
  return n === null || !Number.isFinite(n) ? null : n;
}

export function chartsData(series: Series[], boundsNs: number[], lost: number, overflow: number, now = new Date()): ChartsData {
  const bySyscall = new Map<string, { count: number; totalNs: bigint; buckets: number[] }>();
  for (const s of series) {
    const agg = bySyscall.get(s.labels.syscall) ?? { count: 0, totalNs: 0n, buckets: s.buckets.map(() => 0) };
    agg.count += s.count;
    agg.totalNs += s.totalNs;
    s.buckets.forEach((n, i) => (agg.buckets[i] = (agg.buckets[i] ?? 0) + n));
    bySyscall.set(s.labels.syscall, agg);
  }
  const latency = [...bySyscall.entries()]
    .filter(([, a]) => a.count > 0)
    .map(([syscall, a]) => ({
      syscall,
      count: a.count,
      mean_ns: Math.round(Number(a.totalNs) / a.count),
      p50_ns: finite(quantileNs(a.buckets, boundsNs, 0.5)),
      p99_ns: finite(quantileNs(a.buckets, boundsNs, 0.99)),
    }))
    .sort((a, b) => b.mean_ns - a.mean_ns);
  return {
    time: now.toISOString(),
    stages: LABELS,
    rows: series.filter((s) => s.count > 0).map((s) => ({ ...s.labels, count: s.count })),
    latency,
    lost,
    overflow,
  };
}

export interface CgroupRow {
  /** cgroup v2 id, as a decimal string (the endpoint's format since it began) */
  cgroup: string;
  /** path under the cgroup2 mount; null if it no longer exists */
  path: string | null;
  syscall: string;
  err: string;
  count: number;
  time_ns: string;
}

/** One row per kernel map entry, optionally for one cgroup only. */
export function cgroupRows(rows: KernelRow[], table: SyscallTable, pathOf: (id: CgroupId) => string | undefined, only?: CgroupId): CgroupRow[] {
  return rows
    .filter((r) => only === undefined || r.cgroupId === only)
    .map((r) => ({
      cgroup: String(r.cgroupId),
      path: pathOf(r.cgroupId) ?? null,
      syscall: metricSyscall(table, r.nr).fullName,
      err: errLabel(r.errno),
      count: r.count,
      time_ns: r.totalNs.toString(),
    }))
    .sort((a, b) => (a.cgroup === b.cgroup ? b.count - a.count : a.cgroup < b.cgroup ? -1 : 1));
}
