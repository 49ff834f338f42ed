/**
 * `swoll top --once` (and top without a terminal): one window's table as
 * cli-table3 text or as one JSON object, for scripts and CI.
 */
import Table from "cli-table3";
import { Chalk } from "chalk";
import { safeJson } from "../output/json";
import { SPECS, columnTitle, podCell, podParts } from "./columns";
import * as f from "./format";
import type { TopState } from "./store";
import { COLUMNS, type GroupRow } from "./types";
import type { Meta } from "./components/Header";

export interface OnceInput {
  meta: Meta;
  state: TopState;
  rows: GroupRow[];
  /** The filters as lists, for JSON. */
  filters: { syscall: string[]; pid: number[]; comm: string[] };
  slowNs: number;
}

/** JSON keys are snake_case: the loss causes' prose names ("kernel map full") too. */
export function snakeKey(k: string): string {
  return k.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

/** namespace, pod and container of a row grouped by one of them (null outside pods). */
function podColumns(grouping: string, r: GroupRow): Record<string, string | null> {
  const or = (s: string | undefined) => (s ? s : null);
  if (grouping === "namespace") return { namespace: or(r.pod?.namespace) };
  if (grouping === "pod") return { namespace: or(r.pod?.namespace), pod: or(r.pod?.pod) };
  if (grouping === "container") return { namespace: or(r.pod?.namespace), pod: or(r.pod?.pod), container: or(r.pod?.container) };
  return {};
}

const round = (n: number | null, digits = 0) => (n === null || !Number.isFinite(n) ? null : Number(n.toFixed(digits)));

export function onceJson(o: OnceInput): string {
  const s = o.state;
  return safeJson({
    host: o.meta.host,
    kernel: o.meta.kernel,
    interval_ms: o.meta.intervalMs,
    window_ms: Math.round(s.windowMs),
    group: s.grouping,
    sort: { column: s.sort.column, descending: s.sort.descending },
    filters: o.filters,
    calls_per_sec: round(s.totals.callsPerSec, 2),
    errors_per_sec: round(s.totals.errorsPerSec, 2),
    lost: s.totals.lost,
    lost_by_cause: Object.fromEntries(Object.entries(s.totals.lostByCause).map(([k, n]) => [snakeKey(k), n])),
    rows: o.rows.map((r) => ({
      name: r.label,
      // the process grouping's key is the pid; 0 holds the calls of exited processes
      ...(s.grouping === "process" ? { pid: Number(r.key) } : {}),
      ...podColumns(s.grouping, r),
      count: r.count,
      rate: round(r.rate, 2),
      errors: r.errors,
      error_pct: round(r.errPct, 2),
      top_errno: r.topErrno,
      avg_ns: round(r.avgNs),
      p50_ns: round(r.p50Ns),
      p99_ns: round(r.p99Ns),
      error_rate_change: r.change === Infinity ? null : round(r.change, 4),
    })),
  });
}

const NAME_MAX = 60;

export function onceTable(o: OnceInput, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const s = o.state;
  const t = s.totals;
  const podCols = podParts(s.grouping);
  const mark = (id: string) => (s.sort.column === id ? (s.sort.descending ? " ▼" : " ▲") : "");
  const table = new Table({
    head: [...(podCols ? podCols.map((c, i) => c.toUpperCase() + (i === podCols.length - 1 ? mark("name") : "")) : [columnTitle("name", s.grouping) + mark("name")]), ...COLUMNS.slice(1).map((id) => columnTitle(id, s.grouping) + mark(id))],
    colAligns: [...(podCols ?? ["name"]).map(() => "left" as const), ...COLUMNS.slice(1).map((id) => (id === "topErrno" ? "left" : "right") as "left" | "right")],
    style: { head: color ? ["bold"] : [], border: [] },
    // no rule between rows
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  const tone = (text: string, kind: string | undefined) => (kind === "error" ? c.red(text) : kind === "slow" ? c.yellow(text) : kind === "better" ? c.green(text) : text);
  for (const r of o.rows) {
    const cut = (v: string) => (f.width(f.clean(v)) > NAME_MAX ? f.fit(v, NAME_MAX) : f.clean(v));
    const cols = podCols ? podCols.map((c) => cut(podCell(r, c))) : [cut(r.label)];
    table.push([...cols, ...COLUMNS.slice(1).map((id) => {
      const spec = SPECS[id as Exclude<typeof id, "name">];
      return tone(spec.text(r), spec.tone?.(r, o.slowNs));
    })]);
  }
  const summary =
    `swoll top: ${f.rate(t.callsPerSec)} calls/s, ${f.rate(t.errorsPerSec)} errors/s, lost ${t.lost} ` +
    `over ${(s.windowMs / 1000).toFixed(2)}s on ${o.meta.host} (kernel ${o.meta.kernel}); group ${s.grouping}` +
    (o.meta.filters ? `; filters ${o.meta.filters}` : "");
  const lost = t.lost > 0 ? `\n${c.red(`lost ${t.lost} calls: ${Object.entries(t.lostByCause).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ")}`)}` : "";
  return `${f.clean(summary)}${lost}\n${table.toString()}\n`;
}
