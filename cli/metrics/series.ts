/**
 * Kernel rows (cgroup, syscall nr, errno) → labelled series. Several
 * cgroups can share one label set (every host process has empty pod
 * labels), so rows are summed per label set: no series appears twice.
 */
import { errnoName } from "../decode/errno";
import { unknownSyscall, type SyscallInfo, type SyscallTable } from "../decode/syscalls";
import type { KernelRow } from "./kernel";
import type { IdentityResolver } from "../metadata/identity";

export { hostIdentity, podIdentityOf, type IdentityResolver, type PodIdentity } from "../metadata/identity";

/** Label names in exposition order, as the original swoll exported them. */
export const LABELS = ["syscall", "err", "class", "group", "namespace", "pod", "container"] as const;
export type Labels = Record<(typeof LABELS)[number], string>;

export interface Series {
  labels: Labels;
  count: number;
  totalNs: bigint;
  buckets: number[];
}

/** The kernel's folded keys (bpf/metrics.h): any number outside the table, and any call past a bound. */
export const NR_UNKNOWN = 0xfffffffe;
export const NR_OTHER = 0xffffffff;
export const ERR_OTHER = 0xffffffff;

/** The syscall a kernel row counts: from the table, or sys_unknown / sys_other for the folded keys. */
export function metricSyscall(table: SyscallTable, nr: number): SyscallInfo {
  const known = table.byNr(nr);
  if (known) return known;
  const s = unknownSyscall(nr, table.arch);
  if (nr === NR_UNKNOWN) return { ...s, name: "unknown", fullName: "sys_unknown" };
  if (nr === NR_OTHER) return { ...s, name: "other", fullName: "sys_other" };
  return s;
}

/** "OK" for success, "other" for a folded key, else the errno name (E<n> for a number we have no name for). */
export function errLabel(errno: number): string {
  if (errno === ERR_OTHER) return "other";
  return errno === 0 ? "OK" : (errnoName(errno) ?? `E${errno}`);
}

export function labelsOf(row: KernelRow, table: SyscallTable, identity: IdentityResolver): Labels {
  const sc = metricSyscall(table, row.nr);
  const id = identity(row.cgroupId);
  return {
    syscall: sc.fullName,
    err: errLabel(row.errno),
    class: sc.class,
    group: sc.group,
    namespace: id.namespace,
    pod: id.pod,
    container: id.container,
  };
}

/** Sum rows that share a label set; sorted by labels for a stable output. */
export function toSeries(rows: KernelRow[], table: SyscallTable, identity: IdentityResolver): Series[] {
  const byKey = new Map<string, Series>();
  for (const row of rows) {
    const labels = labelsOf(row, table, identity);
    const key = LABELS.map((l) => labels[l]).join("\0");
    const s = byKey.get(key);
    if (!s) {
      byKey.set(key, { labels, count: row.count, totalNs: row.totalNs, buckets: [...row.buckets] });
      continue;
    }
    s.count += row.count;
    s.totalNs += row.totalNs;
    row.buckets.forEach((n, i) => (s.buckets[i] = (s.buckets[i] ?? 0) + n));
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

/** Latency at quantile q (0..1) from log2 buckets: the upper bound of the bucket it falls in. */
export function quantileNs(buckets: number[], boundsNs: number[], q: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let acc = 0;
  for (let i = 0; i < buckets.length; i++) {
    acc += buckets[i]!;
    if (acc >= rank && acc > 0) return i < boundsNs.length ? boundsNs[i]! : Infinity;
  }
  return Infinity;
}
