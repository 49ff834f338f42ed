/**
 * Numbers and names as table cells: compact counts, rates, latencies and
 * percentages, and text cut to a width with an ellipsis. Every string
 * from a traced process goes through `fit` or `clean`, which escape it.
 */
import { escapeForTerminal } from "../decode/strings";

/** Terminal-safe single line: control and invisible characters escaped strace-style. */
export function clean(s: string): string {
  return escapeForTerminal(s, false);
}

/** Display width (wide characters count two). */
export function width(s: string): number {
  return Bun.stringWidth(s);
}

/**
 * `s` made safe and fitted to exactly `w` columns: cut with "…" when too
 * long, padded on the right (or left, for numbers) when too short.
 */
export function fit(s: string, w: number, align: "left" | "right" = "left"): string {
  if (w <= 0) return "";
  let text = clean(s);
  let tw = width(text);
  if (tw > w) {
    let out = "";
    let used = 0;
    for (const ch of text) {
      const cw = width(ch);
      if (used + cw > w - 1) break;
      out += ch;
      used += cw;
    }
    text = out + "…";
    tw = used + 1;
  }
  const pad = " ".repeat(Math.max(0, w - tw));
  return align === "left" ? text + pad : pad + text;
}

/** 3 significant digits with k/M/G above 1000: 987, 1.23k, 45.6M. */
export function compact(n: number): string {
  if (!Number.isFinite(n)) return "-";
  const a = Math.abs(n);
  if (a < 1000) return Number.isInteger(n) ? String(n) : a >= 100 ? n.toFixed(0) : a >= 10 ? n.toFixed(1) : n.toFixed(2).replace(/\.?0+$/, "") || "0";
  for (const [div, unit] of [[1e3, "k"], [1e6, "M"], [1e9, "G"], [1e12, "T"]] as const) {
    const v = n / div;
    if (Math.abs(v) < 999.5) return `${Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)}${unit}`;
  }
  return n.toExponential(2);
}

/** Whole counts below a million in full, above it compact. */
export function count(n: number): string {
  return n < 1_000_000 ? String(Math.round(n)) : compact(n);
}

export function rate(n: number): string {
  return n === 0 ? "0" : compact(n);
}

/** 850ns, 12.3µs, 4.5ms, 1.20s. */
export function duration(ns: number | null): string {
  if (ns === null) return "-";
  if (!Number.isFinite(ns)) return "∞";
  if (ns < 1000) return `${Math.round(ns)}ns`;
  if (ns < 1e6) return `${trim(ns / 1e3)}µs`;
  if (ns < 1e9) return `${trim(ns / 1e6)}ms`;
  return `${trim(ns / 1e9)}s`;
}

function trim(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function percent(p: number | null): string {
  if (p === null) return "-";
  if (p === 0) return "0%";
  if (p < 0.1) return "<0.1%";
  return `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** +25%, -40%, new (from zero), - (nothing either side). */
export function change(c: number | null): string {
  if (c === null) return "-";
  if (c === Infinity) return "new";
  const pct = c * 100;
  if (Math.abs(pct) < 0.5) return "0%";
  return `${pct > 0 ? "+" : ""}${Math.abs(pct) >= 1000 ? compact(pct) : pct.toFixed(0)}%`;
}

/** 00:01:23, or 1d02:03:04. */
export function uptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const hms = [Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, "0")).join(":");
  return d ? `${d}d${hms}` : hms;
}
