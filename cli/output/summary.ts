/**
 * strace's -c table from the kernel's counters (calls and nanoseconds
 * per cgroup, syscall and errno): % time, seconds, usecs/call, calls,
 * errors, syscall; most time first, then a total. The time is what the
 * kernel measured from the call's entry to its exit (wall clock, waiting
 * included), not strace's system CPU time: the header says so.
 */
import type { SyscallTable } from "../decode/syscalls";

/** One counter of the kernel (cli/metrics/kernel.ts KernelRow's fields used here). */
export interface CountedCalls {
  cgroupId: number;
  nr: number;
  /** 0 for success */
  errno: number;
  count: number;
  totalNs: bigint;
}

export const SUMMARY_HEADER = "time in each call from entry to exit, as the kernel measured it (wall clock, waiting included; strace -c shows system CPU time)";

const RULE = "------ ----------- ----------- --------- --------- ----------------";

interface Line {
  name: string;
  ns: bigint;
  calls: number;
  errors: number;
}

/** One group's counters by syscall, most time first, and their total; `keep` picks counters (the result filters). */
function tally(rows: readonly CountedCalls[], table: SyscallTable, keep: (errno: number) => boolean): { lines: Line[]; total: Line } {
  const byNr = new Map<number, Line>();
  for (const r of rows) {
    if (!keep(r.errno)) continue;
    let l = byNr.get(r.nr);
    if (!l) byNr.set(r.nr, (l = { name: table.byNr(r.nr)?.name ?? `syscall_${r.nr}`, ns: 0n, calls: 0, errors: 0 }));
    l.ns += r.totalNs;
    l.calls += r.count;
    if (r.errno !== 0) l.errors += r.count;
  }
  const lines = [...byNr.values()].sort((a, b) => (b.ns > a.ns ? 1 : b.ns < a.ns ? -1 : b.calls - a.calls || a.name.localeCompare(b.name)));
  const total: Line = { name: "total", ns: 0n, calls: 0, errors: 0 };
  for (const l of lines) {
    total.ns += l.ns;
    total.calls += l.calls;
    total.errors += l.errors;
  }
  return { lines, total };
}

/** A line's share of the total time in percent (to 1e-4), and its whole microseconds per call, as the table prints them. */
function shares(l: Line, total: Line): { pct: number; usecs: number } {
  return {
    pct: total.ns > 0n ? Number((l.ns * 1_000_000n) / total.ns) / 10_000 : 0,
    usecs: l.calls > 0 ? Number(l.ns / 1000n / BigInt(l.calls)) : 0,
  };
}

const allCalls = () => true;

/** The table's lines for one group of counters; `keep` picks counters (the result filters). */
export function summaryTable(rows: readonly CountedCalls[], table: SyscallTable, keep: (errno: number) => boolean = allCalls): string[] {
  const { lines, total } = tally(rows, table, keep);
  const row = (l: Line) => {
    const { pct, usecs } = shares(l, total);
    return `${pct.toFixed(2).padStart(6)} ${(Number(l.ns) / 1e9).toFixed(6).padStart(11)} ${String(usecs).padStart(11)} ${String(l.calls).padStart(9)} ${(l.errors ? String(l.errors) : "").padStart(9)} ${l.name}`;
  };
  return ["% time     seconds  usecs/call     calls    errors syscall", RULE, ...lines.map(row), RULE, row(total)];
}

/** The summary: the header, then one table, or one per group (--summary-by pod) under its name. */
export function summaryLines(groups: ReadonlyMap<string, readonly CountedCalls[]> | readonly CountedCalls[], table: SyscallTable, keep?: (errno: number) => boolean): string[] {
  const out = [`swoll: ${SUMMARY_HEADER}`];
  if (Array.isArray(groups)) return [...out, ...summaryTable(groups, table, keep)];
  const named = [...(groups as ReadonlyMap<string, readonly CountedCalls[]>)].sort(([a], [b]) => a.localeCompare(b));
  if (named.length === 0) return [...out, ...summaryTable([], table, keep)];
  for (const [name, rows] of named) out.push("", `--- ${name} ---`, ...summaryTable(rows, table, keep));
  return out;
}

/** Where a --summary-by pod group's calls were made: null fields outside pods (all null: the host). */
export interface SummaryOwner {
  namespace: string | null;
  pod: string | null;
  container: string | null;
  container_id: string | null;
}

export interface SummaryGroup {
  /** The group's name in the text table (its sort key too). */
  name: string;
  owner: SummaryOwner;
  rows: CountedCalls[];
}

interface JsonLine {
  calls: number;
  errors: number;
  seconds: number;
  usecs_per_call: number;
  percent_time: number;
}

function jsonTable(rows: readonly CountedCalls[], table: SyscallTable, keep: (errno: number) => boolean): { rows: ({ syscall: string } & JsonLine)[]; totals: JsonLine } {
  const { lines, total } = tally(rows, table, keep);
  const line = (l: Line): JsonLine => {
    const { pct, usecs } = shares(l, total);
    return { calls: l.calls, errors: l.errors, seconds: Number(l.ns) / 1e9, usecs_per_call: usecs, percent_time: pct };
  };
  return { rows: lines.map((l) => ({ syscall: l.name, ...line(l) })), totals: line(total) };
}

/**
 * -c/-C with JSON output: the summary as one object (docs/event.schema.json
 * `summary`): the rows and totals of the table, or (--summary-by pod) one
 * group per container with its namespace, pod and container, and the totals
 * of all groups.
 */
export function summaryObject(counted: { by: "syscall"; rows: readonly CountedCalls[] } | { by: "pod"; groups: readonly SummaryGroup[] }, table: SyscallTable, keep: (errno: number) => boolean = allCalls): Record<string, unknown> {
  if (counted.by === "syscall") return { type: "summary", by: "syscall", ...jsonTable(counted.rows, table, keep) };
  const named = [...counted.groups].sort((a, b) => a.name.localeCompare(b.name));
  return {
    type: "summary",
    by: "pod",
    groups: named.map((g) => ({ ...g.owner, ...jsonTable(g.rows, table, keep) })),
    totals: jsonTable(named.flatMap((g) => g.rows), table, keep).totals,
  };
}
