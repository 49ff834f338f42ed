/** One-line bars: the drill-down path, the lost-calls banner, the message and the footer. */
import React from "react";
import * as f from "../format";
import type { Totals } from "../store";
import type { Constraint } from "../aggregate";
import { Line, type Segment } from "./Line";

export function PathBar({ path, width }: { path: readonly Constraint[]; width: number }) {
  const segs: Segment[] = [{ text: "view ", dim: true }, { text: "all", bold: path.length === 0 }];
  path.forEach((c, i) => segs.push({ text: " › ", dim: true }, { text: `${c.dim}=`, dim: true }, { text: c.label, bold: i === path.length - 1 }));
  return <Line segments={segs} width={width} />;
}

/** Shown while the last window lost calls; the header keeps the total. */
export function LostBanner({ totals, windowMs, width }: { totals: Totals; windowMs: number; width: number }) {
  const causes = Object.entries(totals.lostWindowByCause)
    .map(([cause, n]) => `${cause} ${f.count(n)}`)
    .join(", ");
  const text = ` ! ${f.count(totals.lostWindow)} calls not counted in the last ${(windowMs / 1000).toFixed(1)}s: ${causes} `;
  return <Line segments={[{ text, color: "red", inverse: true, bold: true }]} width={width} />;
}

export const FOOTER_KEYS: [string, string][] = [
  ["1-8", "group"],
  ["< >", "sort"],
  ["r", "reverse"],
  ["/", "filter"],
  ["⏎", "drill"],
  ["esc", "back"],
  ["space", "pause"],
  ["?", "help"],
  ["q", "quit"],
];

/** Keys left out first when the footer does not fit (the help overlay lists them all). */
const DROP_ORDER = ["reverse", "back", "pause", "sort"];

export function footerKeys(width: number): [string, string][] {
  let keys = FOOTER_KEYS;
  const size = (ks: [string, string][]) => ks.reduce((n, [k, what]) => n + f.width(`${k} ${what}  `), 0) - 2;
  for (const drop of DROP_ORDER) {
    if (size(keys) <= width) break;
    keys = keys.filter(([, what]) => what !== drop);
  }
  return keys;
}

export function Footer({ width, draft, message }: { width: number; draft: string | null; message: string | null }) {
  if (draft !== null)
    return <Line segments={[{ text: "filter /", color: "cyan" }, { text: draft }, { text: "█", dim: true }, { text: "   ⏎ apply  esc cancel", dim: true }]} width={width} />;
  if (message) return <Line segments={[{ text: message, color: "yellow" }]} width={width} />;
  const segs: Segment[] = [];
  footerKeys(width).forEach(([k, what], i) => segs.push({ text: i ? "  " : "" }, { text: k, bold: true, color: "cyan" }, { text: ` ${what}` }));
  return <Line segments={segs} width={width} />;
}
