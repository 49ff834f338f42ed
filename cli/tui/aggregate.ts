/**
 * Source rows → table rows: grouping by one dimension, narrowing by the
 * drill-down path and the text filter, window rates and quantiles, and
 * sorting. Pure functions of their inputs.
 */
import { addBuckets, quantileNs, relativeChange, type Delta } from "./stats";
import type { Column, Dimension, GroupRow, Names, SourceRow } from "./types";
import type { PodIdentity } from "../metadata/identity";
import type { CgroupId } from "../decode/cgroup-id";

/** One step of the drill-down path: rows must have `key` in `dim`. */
export interface Constraint {
  dim: Dimension;
  key: string;
  label: string;
}

export interface Group {
  key: string;
  label: string;
  /** The pod identity of a namespace, pod or container group. */
  pod?: PodIdentity;
}

export interface Lookup {
  names: Names;
  identity: (cgroupId: CgroupId) => PodIdentity;
}

/** Dimensions only sources that count per process can group by. */
export const PROCESS_DIMENSIONS: ReadonlySet<Dimension> = new Set(["comm", "process"]);

/** The name of the calls made outside any pod. */
export const HOST = "(host)";
/** The process grouping's row for the calls of processes that have exited. */
export const EXITED = "(exited)";

/** The group of `row` in `dim`; null when the row does not carry that dimension. */
export function groupOf(dim: Dimension, row: SourceRow, look: Lookup): Group | null {
  switch (dim) {
    case "syscall":
      return { key: String(row.nr), label: look.names.syscall(row.nr).name };
    case "errno":
      return { key: String(row.errno), label: look.names.errno(row.errno) };
    case "class": {
      const cls = look.names.syscall(row.nr).class;
      return { key: cls, label: cls };
    }
    case "comm":
      if (row.comm === undefined) return null;
      return { key: row.comm, label: row.comm || "?" };
    case "process":
      if (row.tgid === undefined) return null;
      if (row.tgid === 0) return { key: "0", label: EXITED };
      return { key: String(row.tgid), label: `${row.processName || row.comm || "?"}(${row.tgid})` };
    case "namespace": {
      const id = look.identity(row.cgroupId);
      return { key: id.namespace, label: id.namespace || HOST, pod: { namespace: id.namespace, pod: "", container: "" } };
    }
    case "pod": {
      const id = look.identity(row.cgroupId);
      return { key: `${id.namespace}/${id.pod}`, label: id.pod ? (id.namespace ? `${id.namespace}/${id.pod}` : id.pod) : HOST, pod: { namespace: id.namespace, pod: id.pod, container: "" } };
    }
    case "container": {
      const id = look.identity(row.cgroupId);
      const label = id.container ? (id.pod ? `${id.pod}/${id.container}` : id.container) : HOST;
      return { key: `${id.namespace}/${id.pod}/${id.container}`, label, pod: id };
    }
  }
}

export function matches(row: SourceRow, path: readonly Constraint[], look: Lookup): boolean {
  for (const c of path) if (groupOf(c.dim, row, look)?.key !== c.key) return false;
  return true;
}

export interface AggregateInput {
  /** Cumulative rows by rowKey. */
  latest: ReadonlyMap<string, SourceRow>;
  /** This window's deltas by rowKey. */
  window: ReadonlyMap<string, Delta>;
  /** The previous window's deltas, when there was one. */
  previous: ReadonlyMap<string, Delta> | null;
  windowMs: number;
  previousMs: number;
  boundsNs: number[];
}

interface Acc {
  group: Group;
  count: number;
  errors: number;
  errnos: Map<number, number>;
  wCount: number;
  wErrors: number;
  wTotalNs: number;
  wBuckets: number[];
  pErrors: number;
}

/** Groups the rows on `path` by `dim`. Rows without that dimension are left out. */
export function aggregate(input: AggregateInput, dim: Dimension, path: readonly Constraint[], look: Lookup): GroupRow[] {
  const groups = new Map<string, Acc>();
  for (const [k, row] of input.latest) {
    if (!matches(row, path, look)) continue;
    const g = groupOf(dim, row, look);
    if (!g) continue;
    let a = groups.get(g.key);
    if (!a) {
      a = { group: g, count: 0, errors: 0, errnos: new Map(), wCount: 0, wErrors: 0, wTotalNs: 0, wBuckets: [], pErrors: 0 };
      groups.set(g.key, a);
    }
    a.count += row.count;
    if (row.errno !== 0) {
      a.errors += row.count;
      a.errnos.set(row.errno, (a.errnos.get(row.errno) ?? 0) + row.count);
    }
    const w = input.window.get(k);
    if (w) {
      a.wCount += w.count;
      a.wTotalNs += w.totalNs;
      addBuckets(a.wBuckets, w.buckets);
      if (row.errno !== 0) a.wErrors += w.count;
    }
    const p = input.previous?.get(k);
    if (p && row.errno !== 0) a.pErrors += p.count;
  }
  const secs = Math.max(input.windowMs, 1) / 1000;
  const prevSecs = Math.max(input.previousMs, 1) / 1000;
  const out: GroupRow[] = [];
  for (const a of groups.values()) {
    let top: number | null = null;
    const timed = a.wCount > 0 && a.wTotalNs > 0;
    for (const [errno, n] of a.errnos) if (top === null || n > a.errnos.get(top)! || (n === a.errnos.get(top)! && errno < top)) top = errno;
    out.push({
      key: a.group.key,
      label: a.group.label,
      ...(a.group.pod ? { pod: a.group.pod } : {}),
      count: a.count,
      rate: a.wCount / secs,
      errors: a.errors,
      errPct: a.wCount > 0 ? (100 * a.wErrors) / a.wCount : null,
      topErrno: top === null ? null : look.names.errno(top),
      // calls that never return (exit_group) are counted with no time: no latency
      avgNs: timed ? a.wTotalNs / a.wCount : null,
      p50Ns: timed ? quantileNs(a.wBuckets, input.boundsNs, 0.5) : null,
      p99Ns: timed ? quantileNs(a.wBuckets, input.boundsNs, 0.99) : null,
      change: input.previous ? relativeChange(a.wErrors / secs, a.pErrors / prevSecs) : null,
    });
  }
  return out;
}

/**
 * Case-insensitive substring match on the label, or on the namespace, pod
 * or container shown in their own columns; an empty filter keeps everything.
 */
export function filterRows(rows: GroupRow[], text: string): GroupRow[] {
  const t = text.trim().toLowerCase();
  const has = (s: string | undefined) => !!s && s.toLowerCase().includes(t);
  return t ? rows.filter((r) => has(r.label) || has(r.pod?.namespace) || has(r.pod?.pod) || has(r.pod?.container)) : rows;
}

const VALUE: Record<Column, (r: GroupRow) => number | string | null> = {
  name: (r) => r.label,
  count: (r) => r.count,
  rate: (r) => r.rate,
  errors: (r) => r.errors,
  errPct: (r) => r.errPct,
  topErrno: (r) => r.topErrno,
  avg: (r) => r.avgNs,
  p50: (r) => r.p50Ns,
  p99: (r) => r.p99Ns,
  change: (r) => r.change,
};

/** Sorted copy; empty values go last whichever the direction, ties by label. */
export function sortRows(rows: GroupRow[], column: Column, descending: boolean): GroupRow[] {
  const get = VALUE[column];
  const dir = descending ? -1 : 1;
  return [...rows].sort((x, y) => {
    const a = get(x);
    const b = get(y);
    if (a === null || b === null) {
      if (a !== b) return a === null ? 1 : -1;
    } else if (a !== b) {
      const c = typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
      if (c !== 0 && !Number.isNaN(c)) return c * dir;
    }
    return x.label.localeCompare(y.label) || x.key.localeCompare(y.key);
  });
}

/** Where Enter goes from a grouping: namespace → pod → container → syscall → errno → trace. */
const CHAIN: Dimension[] = ["namespace", "pod", "container", "syscall", "errno"];

/** The next grouping when drilling into a row of `dim`; null means the trace view. */
export function nextGrouping(dim: Dimension, path: readonly Constraint[]): Dimension | null {
  const taken = new Set(path.map((c) => c.dim));
  taken.add(dim);
  const i = CHAIN.indexOf(dim);
  const rest = i >= 0 ? CHAIN.slice(i + 1) : CHAIN.slice(CHAIN.indexOf("syscall"));
  return rest.find((d) => !taken.has(d)) ?? null;
}
