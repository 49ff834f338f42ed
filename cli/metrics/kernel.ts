/**
 * The kernel's aggregation map, read out: one row per (cgroup, syscall,
 * errno) with a count, the total time and the log2 latency buckets of
 * bpf/metrics.bpf.h, already summed over CPUs by the shim. In per-process
 * mode (swoll top) rows also carry the process, its exec generation and
 * the comm the kernel recorded when the entry was created.
 */
import { metricsLayout, type MetricsLayout, type Probe } from "../../ffi/probe";
import { commFrom } from "../decode/strings";
import type { CgroupId } from "../decode/cgroup-id";
import { u64At } from "../decode/event";

export interface KernelRow {
  cgroupId: CgroupId;
  nr: number;
  /** 0 for success */
  errno: number;
  count: number;
  totalNs: bigint;
  /** per-bucket (not cumulative) counts; bucket i ≤ LATENCY_BOUNDS_NS[i], the last is unbounded */
  buckets: number[];
  /** Per-process mode only: process id (initial pid namespace). */
  tgid?: number;
  /** Per-process mode only: exec generation (low 32 bits of the task's self_exec_id). */
  execGen?: number;
  /** Per-process mode only: the process's comm when the entry was created. Untrusted bytes. */
  comm?: string;
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

/** Where the fields of one map's records are. */
interface RecordShape {
  map: string;
  keySize: number;
  cgroup: number;
  nr: number;
  err: number;
  /** -1: not in this key */
  tgid: number;
  execGen: number;
  valueSize: number;
  /** offset of struct swoll_metric_value in the value */
  metric: number;
  /** -1: no comm */
  comm: number;
}

/** Which map: serve's, top's live processes, or top's exited processes (comm in the key). */
export type KernelMap = "agg" | "proc" | "exited";

function shapeOf(l: MetricsLayout, map: KernelMap): RecordShape {
  if (map === "proc")
    return { map: "metrics_proc", keySize: l.procKeySize, cgroup: l.procKeyCgroup, nr: l.procKeyNr, err: l.procKeyErr, tgid: l.procKeyTgid, execGen: l.procKeyExecGen, valueSize: l.procValueSize, metric: l.procValueMetric, comm: l.procValueComm };
  if (map === "exited")
    return { map: "metrics_exited", keySize: l.exitedKeySize, cgroup: l.exitedKeyCgroup, nr: l.exitedKeyNr, err: l.exitedKeyErr, tgid: -1, execGen: -1, valueSize: l.valueSize, metric: 0, comm: l.exitedKeyComm - l.exitedKeySize };
  return { map: "metrics_agg", keySize: l.keySize, cgroup: l.keyCgroup, nr: l.keyNr, err: l.keyErr, tgid: -1, execGen: -1, valueSize: l.valueSize, metric: 0, comm: -1 };
}

/** Slot of metrics_budget that user space writes: keys it deleted from metrics_agg (enum swoll_budget_slot). */
const BUDGET_AGG_RELEASED = 1;

/**
 * Reads the whole map per call into one buffer sized for its capacity:
 * metrics_agg, or metrics_proc when `byProcess` (the probe must have been
 * loaded with the same metricsByProcess).
 */
export class MetricsMapReader {
  private readonly buf: Uint8Array;
  private readonly dv: DataView;
  private readonly l = kernelLayout();
  private readonly shape: RecordShape;
  private readonly which: KernelMap;

  private released = 0n;
  readonly byProcess: boolean;

  constructor(private readonly probe: Probe, readonly capacity: number, map: boolean | KernelMap = false) {
    const which: KernelMap = map === true ? "proc" : map === false ? "agg" : map;
    this.byProcess = which === "proc";
    this.which = which;
    this.shape = shapeOf(this.l, which);
    this.buf = new Uint8Array(capacity * (this.shape.keySize + this.shape.valueSize));
    this.dv = new DataView(this.buf.buffer);
  }

  read(): KernelRow[] {
    const n = this.probe.readMetrics(this.buf, this.which);
    const { dv, l, shape: sh } = this;
    const rec = sh.keySize + sh.valueSize;
    const rows: KernelRow[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const k = i * rec;
      const v = k + sh.keySize + sh.metric;
      const buckets = new Array<number>(l.buckets);
      for (let b = 0; b < l.buckets; b++) buckets[b] = u64(dv, v + l.valueBuckets + 8 * b);
      const row: KernelRow = {
        cgroupId: u64At(dv, k + sh.cgroup),
        nr: dv.getUint32(k + sh.nr, true),
        errno: dv.getUint32(k + sh.err, true),
        count: u64(dv, v + l.valueCount),
        totalNs: dv.getBigUint64(v + l.valueTotal, true),
        buckets,
      };
      if (sh.tgid >= 0) {
        row.tgid = dv.getUint32(k + sh.tgid, true);
        row.execGen = dv.getUint32(k + sh.execGen, true);
      }
      // the exited map's comm is in its key, before the value: a negative offset from it
      if (sh.comm !== -1) row.comm = commFrom(this.buf, k + sh.keySize + sh.comm);
      rows[i] = row;
    }
    return rows;
  }

  /** How many entries the map holds now: the records are copied but not decoded. */
  count(): number {
    return this.probe.readMetrics(this.buf, this.byProcess);
  }

  /**
   * Drop the rows of cgroups that no longer exist from serve's map, and give
   * their keys back to the map's budget and the cgroups' key counts.
   */
  release(rows: KernelRow[], cgroups: Iterable<CgroupId>): void {
    this.forget(rows);
    this.released += BigInt(rows.length);
    this.probe.updateMap("metrics_budget", u32(BUDGET_AGG_RELEASED), new Uint8Array(new BigUint64Array([this.released]).buffer));
    for (const id of cgroups) {
      try {
        this.probe.deleteFromMap("metrics_cgroup_keys", new Uint8Array(new BigUint64Array([BigInt(id)]).buffer));
      } catch {
        // never charged: the cgroup made no key since the bounds were on
      }
    }
  }

  /** Drop these rows' entries from the kernel map. */
  forget(rows: KernelRow[]): void {
    const sh = this.shape;
    const key = new Uint8Array(sh.keySize);
    const kv = new DataView(key.buffer);
    for (const r of rows) {
      kv.setBigUint64(sh.cgroup, BigInt(r.cgroupId), true);
      kv.setUint32(sh.nr, r.nr, true);
      kv.setUint32(sh.err, r.errno, true);
      if (sh.tgid >= 0) {
        kv.setUint32(sh.tgid, r.tgid ?? 0, true);
        kv.setUint32(sh.execGen, r.execGen ?? 0, true);
      }
      this.probe.deleteFromMap(sh.map, key);
    }
  }
}

function u32(v: number): Uint8Array {
  return new Uint8Array(new Uint32Array([v]).buffer);
}

/** A u64 counter as a number, without a BigInt per read (a scrape reads 32 per row); exact below 2^53. */
function u64(dv: DataView, at: number): number {
  return dv.getUint32(at, true) + dv.getUint32(at + 4, true) * 4294967296;
}
