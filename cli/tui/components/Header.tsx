/** The top lines: where, how long, how much, what is lost, and how the table is cut. */
import React from "react";
import { Box } from "ink";
import { columnTitle } from "../columns";
import * as f from "../format";
import type { Totals } from "../store";
import type { Column, Dimension } from "../types";
import { Line, type Segment } from "./Line";

export interface Meta {
  host: string;
  kernel: string;
  intervalMs: number;
  /** The command-line filters, as typed ("--syscall openat --comm nginx"), or "". */
  filters: string;
}

export interface HeaderProps {
  meta: Meta;
  width: number;
  uptimeMs: number;
  totals: Totals;
  paused: boolean;
  grouping: Dimension;
  sort: { column: Column; descending: boolean };
  filter: string;
}

export function intervalText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function Header(p: HeaderProps) {
  const t = p.totals;
  const title: Segment[] = [
    { text: "swoll top", bold: true },
    { text: `  host ${p.meta.host}  kernel ${p.meta.kernel}  up ${f.uptime(p.uptimeMs)}  every ${intervalText(p.meta.intervalMs)}` },
  ];
  if (p.paused) title.unshift({ text: " PAUSED ", inverse: true, color: "yellow" }, { text: " " });
  const errShare = t.callsPerSec > 0 ? ` (${f.percent((100 * t.errorsPerSec) / t.callsPerSec)})` : "";
  const stats: Segment[] = [
    { text: `calls ${f.rate(t.callsPerSec)}/s  ` },
    { text: `errors ${f.rate(t.errorsPerSec)}/s${errShare}`, color: t.errorsPerSec > 0 ? "red" : undefined },
    { text: "  " },
    { text: `lost ${f.count(t.lost)}`, color: t.lost > 0 ? "red" : undefined, bold: t.lost > 0 },
  ];
  if (t.cost) stats.push({ text: `  probe ${f.duration(t.cost.nsPerCall)}/call ${t.cost.cpuPct.toFixed(1)}% CPU`, dim: true });
  const view: Segment[] = [
    { text: `filters ${p.meta.filters || "none"}  group ${p.grouping}  sort ${columnTitle(p.sort.column, p.grouping)} ${p.sort.descending ? "▼" : "▲"}`, dim: true },
  ];
  if (p.filter) view.push({ text: `  /${p.filter}`, color: "cyan" });
  return (
    <Box flexDirection="column" width={p.width}>
      <Line segments={title} width={p.width} />
      <Line segments={stats} width={p.width} />
      <Line segments={view} width={p.width} />
    </Box>
  );
}
