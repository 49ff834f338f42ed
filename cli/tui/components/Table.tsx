/** The live table: a header row and the rows that fit, the selection kept in view. */
import React from "react";
import { Box } from "ink";
import { GAP, MAX_NAME_WANTED, MAX_NAMES_WANTED, layoutFor, nameTitle, podCell, podParts, splitNameWidth, type Tone } from "../columns";
import { clean, fit, width } from "../format";
import type { Column, Dimension, GroupRow } from "../types";
import { Line, type Color, type Segment } from "./Line";

export interface TableProps {
  rows: GroupRow[];
  grouping: Dimension;
  sort: { column: Column; descending: boolean };
  selected: number;
  width: number;
  /** Lines available, the header row included. */
  height: number;
  /** Latencies at or above this are drawn as slow. */
  slowNs: number;
  /** What to say when there are no rows. */
  empty: string;
}

const TONE: Record<Exclude<Tone, undefined>, Color> = { error: "red", slow: "yellow", better: "green" };
const gap = " ".repeat(GAP);

/** First row shown so that `selected` is on screen. */
export function scrollOffset(selected: number, visible: number, total: number): number {
  if (visible <= 0) return 0;
  return Math.max(0, Math.min(selected - visible + 1, total - visible, selected));
}

/** The name cells' titles and texts: one name, or namespace, pod (and container) of their own. */
function nameCells(grouping: Dimension): { titles: string[]; cells: (r: GroupRow) => string[] } {
  const parts = podParts(grouping);
  if (!parts) return { titles: [nameTitle(grouping)], cells: (r) => [r.label] };
  return { titles: parts.map((x) => x.toUpperCase()), cells: (r) => parts.map((x) => podCell(r, x)) };
}

export function Table(p: TableProps) {
  const names = nameCells(p.grouping);
  const n = names.titles.length;
  // each name column asks for its longest cell (its title and the sort mark at least)
  const wanted = names.titles.map((t) => width(t) + 1);
  for (const r of p.rows) names.cells(r).forEach((c, i) => (wanted[i] = Math.max(wanted[i]!, width(clean(c)))));
  const asked = wanted.reduce((a, w) => a + Math.min(w, MAX_NAME_WANTED), GAP * (n - 1));
  const { nameWidth, columns } = layoutFor(p.width, asked, n === 1 ? MAX_NAME_WANTED : MAX_NAMES_WANTED);
  const widths = n === 1 ? [nameWidth] : splitNameWidth(nameWidth, wanted);
  const mark = (id: Column) => (p.sort.column === id ? (p.sort.descending ? "▼" : "▲") : "");
  const nameSegs = (texts: string[]) => texts.map((t, i) => (i ? gap : "") + fit(t, widths[i]!)).join("");
  const head: Segment[] = [{ text: " " + nameSegs(names.titles.map((t, i) => (i === n - 1 ? t + mark("name") : t))), bold: true }];
  for (const c of columns) head.push({ text: gap + fit(c.title + mark(c.id), c.width, c.align ?? "right"), bold: true });
  const visible = Math.max(0, p.height - 1);
  const offset = scrollOffset(p.selected, visible, p.rows.length);
  const shown = p.rows.slice(offset, offset + visible);
  return (
    <Box flexDirection="column" width={p.width}>
      <Line segments={head} width={p.width} pad inverse />
      {p.rows.length === 0 ? <Line segments={[{ text: p.empty, dim: true }]} width={p.width} /> : null}
      {shown.map((r, i) => {
        const selected = offset + i === p.selected;
        const segs: Segment[] = [{ text: selected ? "›" : " ", bold: true }, { text: nameSegs(names.cells(r)) }];
        for (const c of columns) {
          const tone = c.tone?.(r, p.slowNs);
          segs.push({ text: gap + fit(c.text(r), c.width, c.align ?? "right"), color: tone ? TONE[tone] : undefined });
        }
        return <Line key={r.key} segments={segs} width={p.width} pad inverse={selected} />;
      })}
    </Box>
  );
}
