/**
 * The table's columns: title, width, text and tone of each cell, and
 * which columns fit a terminal width (the name column takes the rest).
 */
import { HOST } from "./aggregate";
import * as f from "./format";
import { COLUMNS, type Column, type Dimension, type GroupRow } from "./types";
import type { PodIdentity } from "../metadata/identity";

export type Tone = "error" | "slow" | "better" | undefined;

export interface ColumnSpec {
  id: Column;
  title: string;
  width: number;
  align?: "left" | "right";
  text(r: GroupRow): string;
  tone?(r: GroupRow, slowNs: number): Tone;
}

const slow = (ns: number | null, limit: number): Tone => (ns !== null && ns >= limit ? "slow" : undefined);

export const SPECS: Record<Exclude<Column, "name">, ColumnSpec> = {
  count: { id: "count", title: "COUNT", width: 9, text: (r) => f.count(r.count) },
  rate: { id: "rate", title: "RATE/s", width: 8, text: (r) => f.rate(r.rate) },
  errors: { id: "errors", title: "ERRORS", width: 8, text: (r) => f.count(r.errors), tone: (r) => (r.errors > 0 ? "error" : undefined) },
  errPct: { id: "errPct", title: "ERR%", width: 6, text: (r) => f.percent(r.errPct), tone: (r) => (r.errPct ? "error" : undefined) },
  topErrno: { id: "topErrno", title: "TOP ERRNO", width: 12, align: "left", text: (r) => r.topErrno ?? "-", tone: (r) => (r.topErrno ? "error" : undefined) },
  avg: { id: "avg", title: "AVG", width: 8, text: (r) => f.duration(r.avgNs), tone: (r, s) => slow(r.avgNs, s) },
  p50: { id: "p50", title: "P50", width: 8, text: (r) => f.duration(r.p50Ns), tone: (r, s) => slow(r.p50Ns, s) },
  p99: { id: "p99", title: "P99", width: 8, text: (r) => f.duration(r.p99Ns), tone: (r, s) => slow(r.p99Ns, s) },
  change: {
    id: "change",
    title: "ERR Δ",
    width: 7,
    text: (r) => f.change(r.change),
    tone: (r) => (r.change === null ? undefined : r.change > 0 ? "error" : r.change < 0 ? "better" : undefined),
  },
};

/** The order in which columns are given room as the terminal widens. */
const PRIORITY: Exclude<Column, "name">[] = ["count", "rate", "errors", "errPct", "topErrno", "p99", "change", "avg", "p50"];
export const MIN_NAME = 14;
/** The name column asks for its longest label up to this; past it, names are cut. */
export const MAX_NAME_WANTED = 40;
/** Namespace, pod and container columns ask for up to MAX_NAME_WANTED each and this much together. */
export const MAX_NAMES_WANTED = 60;
export const GAP = 1;
/** The selection marker before the name. */
export const MARK = 1;

export interface Layout {
  nameWidth: number;
  columns: ColumnSpec[];
}

/**
 * Columns that fit in `width`, in table order; the name column gets what
 * is left. Columns are given up (least useful first) while the names
 * would otherwise be cut shorter than `longestName` (capped at 40).
 */
export function layoutFor(width: number, longestName = MIN_NAME, maxWanted = MAX_NAME_WANTED): Layout {
  const wanted = Math.min(Math.max(longestName, MIN_NAME), maxWanted);
  const chosen = new Set<Column>();
  let used = MARK;
  for (const id of PRIORITY) {
    const need = SPECS[id].width + GAP;
    if (width - used - need < wanted) break;
    chosen.add(id);
    used += need;
  }
  const columns = COLUMNS.filter((c): c is Exclude<Column, "name"> => c !== "name" && chosen.has(c)).map((c) => SPECS[c]);
  return { nameWidth: Math.max(1, width - used), columns };
}

/** Header of the name column: the grouping. */
export function nameTitle(dim: Dimension): string {
  return dim.toUpperCase();
}

export function columnTitle(id: Column, grouping: Dimension): string {
  return id === "name" ? nameTitle(grouping) : SPECS[id].title;
}

export type PodPart = keyof PodIdentity;

/**
 * Grouped by pod or container, the name is drawn as namespace, pod (and
 * container) columns of their own, as kubectl prints them; null for the
 * groupings with one name column.
 */
export function podParts(dim: Dimension): PodPart[] | null {
  return dim === "pod" ? ["namespace", "pod"] : dim === "container" ? ["namespace", "pod", "container"] : null;
}

/** One part of a row's pod identity, "(host)" outside pods. Untrusted: sanitised when drawn. */
export function podCell(r: GroupRow, part: PodPart): string {
  return r.pod?.[part] || HOST;
}

/**
 * The name columns' widths within `room` (gaps between them included):
 * each asks for its longest cell (capped at MAX_NAME_WANTED); spare room
 * goes to the last, and when room is short the widest gives way first.
 */
export function splitNameWidth(room: number, wanted: number[]): number[] {
  const widths = wanted.map((w) => Math.max(1, Math.min(w, MAX_NAME_WANTED)));
  const avail = Math.max(widths.length, room - GAP * (widths.length - 1));
  let sum = widths.reduce((a, b) => a + b, 0);
  if (sum <= avail) {
    widths[widths.length - 1]! += avail - sum;
    return widths;
  }
  while (sum > avail) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) if (widths[i]! >= widths[widest]!) widest = i;
    if (widths[widest]! <= 1) break;
    widths[widest]!--;
    sum--;
  }
  return widths;
}
