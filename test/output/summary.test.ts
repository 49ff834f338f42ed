/** cli/output/summary.ts: strace's -c table from counters per (cgroup, syscall, errno). */
import { expect, test } from "bun:test";
import { summaryLines, summaryTable } from "../../cli/output/summary";
import { syscallTable } from "../../cli/decode/syscalls";

const table = syscallTable("x86_64");
const nr = (name: string) => table.byName(name)!.nr;

test("rows of one syscall from several cgroups and errnos add up; most time first; errors blank when none", () => {
  const lines = summaryTable(
    [
      { cgroupId: 1, nr: nr("openat"), errno: 0, count: 3, totalNs: 3_000n },
      { cgroupId: 2, nr: nr("openat"), errno: 2, count: 1, totalNs: 1_000n },
      { cgroupId: 1, nr: nr("read"), errno: 0, count: 2, totalNs: 12_000n },
    ],
    table,
  );
  expect(lines).toEqual([
    "% time     seconds  usecs/call     calls    errors syscall",
    "------ ----------- ----------- --------- --------- ----------------",
    " 75.00    0.000012           6         2           read",
    " 25.00    0.000004           1         4         1 openat",
    "------ ----------- ----------- --------- --------- ----------------",
    "100.00    0.000016           2         6         1 total",
  ]);
});

test("a result filter picks counters; no counters is an empty table with a zero total", () => {
  const rows = [
    { cgroupId: 1, nr: nr("openat"), errno: 0, count: 3, totalNs: 3_000n },
    { cgroupId: 1, nr: nr("openat"), errno: 2, count: 1, totalNs: 1_000n },
  ];
  expect(summaryTable(rows, table, (e) => e !== 0).slice(2, 3)).toEqual(["100.00    0.000001           1         1         1 openat"]);
  expect(summaryTable([], table).at(-1)).toBe("  0.00    0.000000           0         0           total");
});

test("the summary starts with what the time is; groups are tables under their names, sorted", () => {
  const row = { cgroupId: 1, nr: nr("getppid"), errno: 0, count: 1, totalNs: 500n };
  const lines = summaryLines(new Map([["web/b/c", [row]], ["shop/a/c", [row]]]), table);
  expect(lines[0]).toMatch(/^swoll: time in each call from entry to exit, as the kernel measured it \(wall clock, waiting included; strace -c shows system CPU time\)$/);
  expect(lines.filter((l) => l.startsWith("---") && !l.startsWith("------"))).toEqual(["--- shop/a/c ---", "--- web/b/c ---"]);
});
