/**
 * The one place `swoll top` keeps state: the cumulative rows of the last
 * snapshot, the deltas of the last two windows, the totals, the trace
 * view's lines, and the UI state (grouping, sort, filter, drill-down
 * path, selection, pause, help). Components get read-only views of it.
 */
import { aggregate, filterRows, matches, nextGrouping, PROCESS_DIMENSIONS, sortRows, type Constraint, type Lookup } from "./aggregate";
import { addBuckets, addRow, deltaOf, rowKey, type Delta } from "./stats";
import { COLUMNS, type Column, type Dimension, type GroupRow, type Names, type SourceRow, type SourceSnapshot, type TraceBatchRead, type TraceLine, type TraceSelection } from "./types";
import type { CgroupId } from "../decode/cgroup-id";
import type { PodIdentity } from "../metadata/identity";

export interface Totals {
  callsPerSec: number;
  errorsPerSec: number;
  /** Calls not counted since the start, and in the last window, by cause. */
  lost: number;
  lostWindow: number;
  lostByCause: Record<string, number>;
  lostWindowByCause: Record<string, number>;
  /** Probe cost in the last window, when the kernel measures it. */
  cost: { nsPerCall: number; cpuPct: number } | null;
}

export interface TraceState {
  selection: TraceSelection;
  lines: TraceLine[];
  /** Events matching the selection that the kernel dropped. */
  lost: number;
  /** Lines dropped from the top to keep `maxTraceLines`. */
  scrolledOff: number;
}

/** Everything a frame is drawn from. A new object on every change. */
export interface TopState {
  version: number;
  /** Snapshots ingested so far. */
  windows: number;
  windowMs: number;
  /** Monotonic ms of the last snapshot. */
  atMs: number;
  startedAtMs: number;
  perProcess: boolean;
  totals: Totals;
  grouping: Dimension;
  sort: { column: Column; descending: boolean };
  filter: string;
  /** The filter being typed after `/`; null when not typing. */
  draft: string | null;
  path: readonly Constraint[];
  selectedKey: string | null;
  paused: boolean;
  help: boolean;
  trace: TraceState | null;
  /** One line for the user (a drill-down that cannot open, …). */
  message: string | null;
}

export interface StoreOptions {
  boundsNs: number[];
  startedAtMs: number;
  perProcess: boolean;
  names: Names;
  identity: (cgroupId: CgroupId) => PodIdentity;
  grouping?: Dimension;
  sort?: { column: Column; descending: boolean };
  maxTraceLines?: number;
}

interface Saved {
  grouping: Dimension;
  filter: string;
  selectedKey: string | null;
}

const NO_TOTALS: Totals = { callsPerSec: 0, errorsPerSec: 0, lost: 0, lostWindow: 0, lostByCause: {}, lostWindowByCause: {}, cost: null };

export class TopStore {
  private state: TopState;
  private latest = new Map<string, SourceRow>();
  private window = new Map<string, Delta>();
  private previous: Map<string, Delta> | null = null;
  private previousMs = 0;
  private lastCost: SourceSnapshot["cost"] | undefined;
  private readonly saved: Saved[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly look: Lookup;
  private readonly maxTraceLines: number;
  private rowsCache: { version: number; rows: GroupRow[] } | null = null;

  constructor(private readonly opts: StoreOptions) {
    this.look = { names: opts.names, identity: opts.identity };
    this.maxTraceLines = opts.maxTraceLines ?? 2000;
    this.state = {
      version: 0,
      windows: 0,
      windowMs: 0,
      atMs: opts.startedAtMs,
      startedAtMs: opts.startedAtMs,
      perProcess: opts.perProcess,
      totals: NO_TOTALS,
      grouping: opts.grouping ?? "syscall",
      sort: opts.sort ?? { column: "rate", descending: true },
      filter: "",
      draft: null,
      path: [],
      selectedKey: null,
      paused: false,
      help: false,
      trace: null,
      message: null,
    };
  }

  // --- subscription (useSyncExternalStore) ---

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getState = (): TopState => this.state;

  private set(patch: Partial<TopState>): void {
    this.state = { ...this.state, ...patch, version: this.state.version + 1 };
    for (const fn of this.listeners) fn();
  }

  // --- data ---

  /** A new snapshot: the window since the previous one becomes current. */
  ingest(snap: SourceSnapshot): void {
    const windowMs = Math.max(snap.atMs - this.state.atMs, 1);
    const latest = new Map<string, SourceRow>();
    const window = new Map<string, Delta>();
    const before = this.carry(snap.moved ?? []);
    let calls = 0;
    let errors = 0;
    for (const row of snap.rows) {
      const k = rowKey(row);
      latest.set(k, row);
      const d = deltaOf(row, before.get(k) ?? this.latest.get(k));
      if (!d) continue;
      window.set(k, d);
      calls += d.count;
      if (row.errno !== 0) errors += d.count;
    }
    if (this.state.windows > 0) {
      this.previous = this.window;
      this.previousMs = this.state.windowMs;
    }
    this.latest = latest;
    this.window = window;
    const lost = Object.values(snap.lost).reduce((a, b) => a + b, 0);
    const lostBefore = this.state.totals.lostByCause;
    const lostWindowByCause: Record<string, number> = {};
    for (const [cause, n] of Object.entries(snap.lost)) if (n > (lostBefore[cause] ?? 0)) lostWindowByCause[cause] = n - (lostBefore[cause] ?? 0);
    let cost: Totals["cost"] = null;
    if (snap.cost && this.lastCost) {
      const runs = snap.cost.runCount - this.lastCost.runCount;
      const ns = snap.cost.runTimeNs - this.lastCost.runTimeNs;
      if (runs > 0) cost = { nsPerCall: ns / runs, cpuPct: (100 * ns) / (windowMs * 1e6) };
    }
    this.lastCost = snap.cost;
    const secs = windowMs / 1000;
    this.set({
      perProcess: this.state.perProcess || snap.rows.some((r) => r.tgid !== undefined),
      windows: this.state.windows + 1,
      windowMs,
      atMs: snap.atMs,
      totals: {
        callsPerSec: calls / secs,
        errorsPerSec: errors / secs,
        lost,
        lostWindow: Math.max(0, lost - this.state.totals.lost),
        lostByCause: { ...snap.lost },
        lostWindowByCause,
        cost,
      },
    });
  }

  /**
   * Rows the source merged into others: what each target held before,
   * counting the merged rows' calls as already seen, so that they are not
   * counted again in this window. The last window's deltas move along, for
   * the change column.
   */
  private carry(moved: readonly [string, string][]): Map<string, SourceRow> {
    const before = new Map<string, SourceRow>();
    for (const [from, to] of moved) {
      const prev = this.latest.get(from);
      if (!prev) continue;
      const base = before.get(to) ?? this.latest.get(to) ?? { ...prev, count: 0, totalNs: 0, buckets: [] };
      before.set(to, addRow(base, prev));
      const w = this.window.get(from);
      if (w) {
        const into = this.window.get(to);
        const buckets = [...(into?.buckets ?? [])];
        addBuckets(buckets, w.buckets);
        this.window.set(to, { count: (into?.count ?? 0) + w.count, totalNs: (into?.totalNs ?? 0) + w.totalNs, buckets });
        this.window.delete(from);
      }
    }
    return before;
  }

  /** Table rows for the current grouping, path, filter and sort (cached per version). */
  rows(): GroupRow[] {
    const s = this.state;
    if (this.rowsCache?.version === s.version) return this.rowsCache.rows;
    let rows: GroupRow[] = [];
    if (this.groupingAvailable(s.grouping)) {
      const input = { latest: this.latest, window: this.window, previous: this.previous, windowMs: s.windowMs, previousMs: this.previousMs, boundsNs: this.opts.boundsNs };
      rows = sortRows(filterRows(aggregate(input, s.grouping, s.path, this.look), s.filter), s.sort.column, s.sort.descending);
    }
    this.rowsCache = { version: s.version, rows };
    return rows;
  }

  groupingAvailable(dim: Dimension): boolean {
    return this.state.perProcess || !PROCESS_DIMENSIONS.has(dim);
  }

  /** Index of the selected row (0 when the selection is gone). */
  selectedIndex(): number {
    const i = this.rows().findIndex((r) => r.key === this.state.selectedKey);
    return i < 0 ? 0 : i;
  }

  // --- UI actions ---

  setGrouping(dim: Dimension): void {
    if (dim === this.state.grouping) return;
    this.set({ grouping: dim, selectedKey: null, filter: "", message: null });
  }

  /** Sort by the column `step` places right (positive) or left of the current one. */
  moveSort(step: number): void {
    const i = COLUMNS.indexOf(this.state.sort.column);
    const column = COLUMNS[(i + step + COLUMNS.length * 4) % COLUMNS.length]!;
    this.setSort(column);
  }

  /** Numbers sort largest first, text A to Z; `reverse` flips it. */
  setSort(column: Column): void {
    this.set({ sort: { column, descending: column !== "name" && column !== "topErrno" } });
  }

  reverse(): void {
    const { column, descending } = this.state.sort;
    this.set({ sort: { column, descending: !descending } });
  }

  startFilter(): void {
    this.set({ draft: this.state.filter });
  }

  editFilter(text: string): void {
    if (this.state.draft !== null) this.set({ draft: text });
  }

  commitFilter(): void {
    if (this.state.draft !== null) this.set({ filter: this.state.draft, draft: null, selectedKey: null });
  }

  cancelFilter(): void {
    this.set({ draft: null });
  }

  clearFilter(): void {
    this.set({ filter: "", draft: null });
  }

  /** Move the selection by `delta` rows, clamped. */
  move(delta: number): void {
    const rows = this.rows();
    if (rows.length === 0) return;
    const i = Math.min(Math.max(this.selectedIndex() + delta, 0), rows.length - 1);
    this.set({ selectedKey: rows[i]!.key });
  }

  togglePause(): void {
    this.set({ paused: !this.state.paused });
  }

  toggleHelp(): void {
    this.set({ help: !this.state.help });
  }

  say(message: string | null): void {
    this.set({ message });
  }

  /**
   * Enter on the selected row: narrow to it and group by the next
   * dimension, or, past the last one, return what the trace view should
   * stream (the caller opens it and calls openTrace).
   */
  drill(): TraceSelection | null {
    const s = this.state;
    const rows = this.rows();
    const row = rows[this.selectedIndex()];
    if (!row) return null;
    const step: Constraint = { dim: s.grouping, key: row.key, label: row.label };
    const next = nextGrouping(s.grouping, s.path);
    if (next === null) return this.selectionFor([...s.path, step]);
    this.saved.push({ grouping: s.grouping, filter: s.filter, selectedKey: row.key });
    this.set({ path: [...s.path, step], grouping: next, filter: "", selectedKey: null, message: null });
    return null;
  }

  /** Esc: close help, then the trace view, then the filter, then one drill-down step. */
  back(): "help" | "trace" | "filter" | "path" | null {
    const s = this.state;
    if (s.help) {
      this.set({ help: false });
      return "help";
    }
    if (s.trace) {
      this.set({ trace: null });
      return "trace";
    }
    if (s.filter) {
      this.set({ filter: "" });
      return "filter";
    }
    if (s.path.length === 0) return null;
    const saved = this.saved.pop();
    this.set({ path: s.path.slice(0, -1), grouping: saved?.grouping ?? s.grouping, filter: saved?.filter ?? "", selectedKey: saved?.selectedKey ?? null, message: null });
    return "path";
  }

  /** The kernel and user-space filters that show only the calls on `path`. */
  selectionFor(path: readonly Constraint[]): TraceSelection {
    const sel: TraceSelection = { syscalls: null, cgroups: null, pids: null, comms: null, result: null, title: path.map((c) => `${c.dim}=${c.label}`).join(" ") };
    for (const c of path) {
      if (c.dim === "syscall") sel.syscalls = [Number(c.key)];
      else if (c.dim === "class" && sel.syscalls === null) sel.syscalls = this.opts.names.syscallsOfClass(c.key);
      else if (c.dim === "errno") sel.result = c.label;
      else if (c.dim === "process") sel.pids = [Number(c.key)];
      else if (c.dim === "comm") sel.comms = [c.key];
    }
    const byIdentity = path.filter((c) => c.dim === "namespace" || c.dim === "pod" || c.dim === "container");
    if (byIdentity.length) {
      const ids = new Set<CgroupId>();
      for (const row of this.latest.values()) if (matches(row, byIdentity, this.look)) ids.add(row.cgroupId);
      sel.cgroups = [...ids];
    }
    return sel;
  }

  openTrace(selection: TraceSelection): void {
    this.set({ trace: { selection, lines: [], lost: 0, scrolledOff: 0 }, help: false });
  }

  /** New trace lines (kept to the last maxTraceLines) and losses. */
  appendTrace(batch: TraceBatchRead): void {
    const t = this.state.trace;
    if (!t || (batch.lines.length === 0 && batch.lost === 0 && !batch.skipped)) return;
    let lines = batch.lines.length ? t.lines.concat(batch.lines) : t.lines;
    let scrolledOff = t.scrolledOff + (batch.skipped ?? 0);
    if (lines.length > this.maxTraceLines) {
      scrolledOff += lines.length - this.maxTraceLines;
      lines = lines.slice(-this.maxTraceLines);
    }
    this.set({ trace: { ...t, lines, lost: t.lost + batch.lost, scrolledOff } });
  }
}
