/**
 * The kernel's aggregation map, read out: one row per (cgroup, syscall,
 * errno) with a count, the total time and the log2 latency buckets of
 * bpf/metrics.bpf.h, already summed over CPUs by the shim.
 */
import { metricsLayout, type MetricsLayout, type Probe } from "../../ffi/probe";

export interface KernelRow {
  cgroupId: bigint;
  nr: number;
  /** 0 for success */
  errno: number;
  count: number;
  totalNs: bigint;
  /** per-bucket (not cumulative) counts; bucket i ≤ LATENCY_BOUNDS_NS[i], the last is unbounded */
  buckets: number[];
}

let layout: MetricsLayout | undefined;

export function kernelLayout(): MetricsLayout {
  layout ??= metricsLayout();
  return layout;
}

/** Upper bounds (ns, inclusive) of every bucket but the last, which is +Inf. */
export function latencyBoundsNs(l: Pick<MetricsLayout, "buckets" | "minShift"> = kernelLayout()): number[] {
  return Array.from({ length: l.buckets - 1 }, (_, i) => 2 ** (i + l.minShift));
}

/** Which bucket the kernel puts a call of `ns` nanoseconds in (mirror of latency_bucket()). */
export function bucketOf(ns: number, l: Pick<MetricsLayout, "buckets" | "minShift"> = kernelLayout()): number {
  const bits = ns > 1 ? Math.floor(Math.log2(ns - 1)) + 1 : 0;
  return Math.min(Math.max(bits - l.minShift, 0), l.buckets - 1);
}

/** Reads the whole map per call into one buffer sized for its capacity. */
export class KernelTable {
  private readonly buf: Uint8Array;
  private readonly dv: DataView;
  private readonly l = kernelLayout();

  constructor(private readonly probe: Probe, readonly capacity: number) {
    this.buf = new Uint8Array(capacity * (this.l.keySize + this.l.valueSize));
    this.dv = new DataView(this.buf.buffer);
  }

  read(): KernelRow[] {
    const n = this.probe.readMetrics(this.buf);
    const { dv, l } = this;
    const rec = l.keySize + l.valueSize;
    const rows: KernelRow[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const k = i * rec;
      const v = k + l.keySize;
      const buckets = new Array<number>(l.buckets);
      for (let b = 0; b < l.buckets; b++) buckets[b] = Number(dv.getBigUint64(v + l.valueBuckets + 8 * b, true));
      rows[i] = {
        cgroupId: dv.getBigUint64(k + l.keyCgroup, true),
        nr: dv.getUint32(k + l.keyNr, true),
        errno: dv.getUint32(k + l.keyErr, true),
        count: Number(dv.getBigUint64(v + l.valueCount, true)),
        totalNs: dv.getBigUint64(v + l.valueTotal, true),
        buckets,
      };
    }
    return rows;
  }

  /** Drop every entry of these cgroups from the kernel map. */
  forget(rows: KernelRow[]): void {
    const key = new Uint8Array(this.l.keySize);
    const kv = new DataView(key.buffer);
    for (const r of rows) {
      kv.setBigUint64(this.l.keyCgroup, r.cgroupId, true);
      kv.setUint32(this.l.keyNr, r.nr, true);
      kv.setUint32(this.l.keyErr, r.errno, true);
      this.probe.deleteFromMap("metrics_agg", key);
    }
  }
}
