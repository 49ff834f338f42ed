/**
 * Rows, targets and the printed table of bench/overhead.ts.
 */

/** One repetition of one scenario. */
export interface Rep {
  /** ns per syscall, one entry per producer (workload process). */
  ns: number[];
  /** Syscalls each producer made. */
  syscalls: number[];
  events?: number | null;
  lost?: number | null;
  /** Seconds from "tracer attached" to "SIGINT sent". */
  windowS?: number;
  rssMB?: number | null;
  cpuS?: number | null;
  /** Other processes' syscall tracepoint programs seen around this repetition. */
  foreign?: string[];
}

export interface Row {
  scenario: string;
  loop: string;
  nsPerSyscall: number | null;
  plusNs: number | null;
  eventsPerS: number | null;
  lost: number | null;
  rssMB: number | null;
  cpuS: number | null;
  target: string;
  note: string;
  reps: Rep[];
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const nums = (xs: (number | null | undefined)[]) => xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
const maybe = (xs: number[], f: (v: number[]) => number) => (xs.length ? f(xs) : null);

/**
 * ns/syscall: median over reps for `producer`; events/s: median of
 * events / window; lost: sum over reps; RSS: max; CPU: median.
 */
export function makeRow(scenario: string, loop: string, reps: Rep[], producer: number, bare: number | null, withStats: boolean): Row {
  const ns = median(reps.map((r) => r.ns[producer]!));
  return {
    scenario, loop, nsPerSyscall: ns, plusNs: bare === null ? null : ns - bare,
    eventsPerS: withStats ? maybe(nums(reps.map((r) => (r.events != null && r.windowS ? r.events / r.windowS : null))), median) : null,
    lost: withStats ? maybe(nums(reps.map((r) => r.lost)), (v) => v.reduce((a, b) => a + b, 0)) : null,
    rssMB: withStats ? maybe(nums(reps.map((r) => r.rssMB)), (v) => Math.max(...v)) : null,
    cpuS: withStats ? maybe(nums(reps.map((r) => r.cpuS)), median) : null,
    target: "", note: "", reps,
  };
}

export function naRow(scenario: string, loop: string, note: string): Row {
  return { scenario, loop, nsPerSyscall: null, plusNs: null, eventsPerS: null, lost: null, rssMB: null, cpuS: null, target: "", note, reps: [] };
}

export const TARGETS = { filteredPlusNs: 46, plusNsPerEvent: 150, ndjsonEventsPerS: 1_000_000, lostAtRate: 0, rssMB: 150 };
export type Check = "filtered" | "cost" | "throughput" | "rate" | "rss";

const verdict = (ok: boolean) => (ok ? "ok" : "MISS");

/** Fills row.target with each applicable target and whether this row meets it. */
export function applyTargets(row: Row, checks: Check[], rate: number): void {
  const out: string[] = [];
  for (const c of checks) {
    if (c === "filtered" && row.plusNs !== null) out.push(`+ns<=${TARGETS.filteredPlusNs}: ${verdict(row.plusNs <= TARGETS.filteredPlusNs)}`);
    if (c === "cost" && row.plusNs !== null) out.push(`+ns<=${TARGETS.plusNsPerEvent}/event: ${verdict(row.plusNs <= TARGETS.plusNsPerEvent)}`);
    if (c === "throughput" && row.eventsPerS !== null && row.lost !== null) {
      // With no loss and under 1M/s the producer, not the tracer, set the pace.
      const saturated = row.lost > 0 || row.eventsPerS >= TARGETS.ndjsonEventsPerS;
      out.push(`>=1M ev/s: ${saturated ? verdict(row.eventsPerS >= TARGETS.ndjsonEventsPerS) : "not saturated"}`);
    }
    if (c === "rate" && row.lost !== null) out.push(`0 lost @${fmtInt(rate)}/s: ${verdict(row.lost === 0)}`);
    if (c === "rss" && row.rssMB !== null) out.push(`RSS<=${TARGETS.rssMB}MB: ${verdict(row.rssMB <= TARGETS.rssMB)}`);
  }
  row.target = out.join("; ");
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString("en-US");
const fmt = (v: number | null, f: (n: number) => string) => (v === null ? "" : f(v));

export function formatTable(rows: Row[]): string {
  const header = ["scenario", "loop", "ns/syscall", "+ns vs bare", "events/s", "lost", "RSS MB", "CPU s", "target"];
  const right = [false, false, true, true, true, true, true, true, false];
  const cells = rows.map((r) => [
    r.scenario, r.loop,
    r.nsPerSyscall === null ? r.note : r.nsPerSyscall.toFixed(1),
    fmt(r.plusNs, (n) => `${n >= 0 ? "+" : ""}${n.toFixed(1)}`),
    fmt(r.eventsPerS, fmtInt), fmt(r.lost, fmtInt),
    fmt(r.rssMB, (n) => n.toFixed(1)), fmt(r.cpuS, (n) => n.toFixed(2)),
    r.target + (r.nsPerSyscall !== null && r.note ? `${r.target ? "; " : ""}${r.note}` : ""),
  ]);
  const w = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((s, i) => (right[i] ? s.padStart(w[i]!) : s.padEnd(w[i]!))).join(" | ").trimEnd();
  return [line(header), w.map((n) => "-".repeat(n)).join("-|-"), ...cells.map(line)].join("\n");
}
