/** Window deltas of cumulative rows, and latency quantiles from log2 buckets. */
import type { SourceRow } from "./types";

/** What happened to one source row during one window. */
export interface Delta {
  count: number;
  totalNs: number;
  buckets: number[];
}

export function rowKey(r: SourceRow): string {
  return `${r.cgroupId}/${r.nr}/${r.errno}/${r.tgid ?? ""}/${r.execGen ?? ""}/${r.comm ?? ""}`;
}

/** `a` plus `b`'s calls, as a new row with `a`'s identity. */
export function addRow(a: SourceRow, b: Pick<SourceRow, "count" | "totalNs" | "buckets">): SourceRow {
  const buckets = [...a.buckets];
  addBuckets(buckets, b.buckets);
  return { ...a, count: a.count + b.count, totalNs: a.totalNs + b.totalNs, buckets };
}

/**
 * The calls of `now` that `before` had not seen. A counter that went
 * backwards (the entry was dropped and counted afresh) counts from zero.
 * Null when nothing happened.
 */
export function deltaOf(now: SourceRow, before: SourceRow | undefined): Delta | null {
  if (!before || now.count < before.count) return now.count > 0 ? { count: now.count, totalNs: now.totalNs, buckets: [...now.buckets] } : null;
  const count = now.count - before.count;
  if (count === 0) return null;
  const buckets = now.buckets.map((n, i) => n - (before.buckets[i] ?? 0));
  if (buckets.some((n) => n < 0)) return { count: now.count, totalNs: now.totalNs, buckets: [...now.buckets] };
  return { count, totalNs: Math.max(0, now.totalNs - before.totalNs), buckets };
}

/** Adds `from` into `into` (bucket arrays may differ in length). */
export function addBuckets(into: number[], from: number[]): void {
  for (let i = 0; i < from.length; i++) into[i] = (into[i] ?? 0) + from[i]!;
}

/**
 * Latency at quantile q (0..1). Bucket i holds calls in (bounds[i-1],
 * bounds[i]] (bucket 0 from 0); within a bucket the calls are taken as
 * spread evenly. The unbounded last bucket answers with its lower bound.
 * Null when there are no calls.
 */
export function quantileNs(buckets: number[], boundsNs: number[], q: number): number | null {
  let total = 0;
  for (const n of buckets) total += n;
  if (total === 0) return null;
  const rank = Math.min(Math.max(q, 0), 1) * total;
  let acc = 0;
  for (let i = 0; i < buckets.length; i++) {
    const n = buckets[i]!;
    if (n === 0) continue;
    if (acc + n >= rank) {
      const lo = i === 0 ? 0 : boundsNs[i - 1]!;
      if (i >= boundsNs.length) return lo;
      const hi = boundsNs[i]!;
      return lo + ((hi - lo) * Math.max(rank - acc, 0)) / n;
    }
    acc += n;
  }
  return boundsNs[boundsNs.length - 1] ?? null;
}

/** Relative change from `before` to `now` (1 = +100%); Infinity from zero; null when both are zero. */
export function relativeChange(now: number, before: number): number | null {
  if (before === 0) return now === 0 ? null : Infinity;
  return (now - before) / before;
}
