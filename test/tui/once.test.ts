/**
 * `swoll top --once` on the compiled dist/swoll with the real probe and
 * a real workload: one window, as JSON and as a cli-table3 table.
 */
import { describe, expect, test } from "bun:test";
import { expectProgramsGone, runSwoll, startTracer, uniquePath } from "../helpers/swoll";
import { ownWorkload } from "../helpers/workload";

/** Explicit: in a run of several files, bun 1.4.5 does not apply the preload's setDefaultTimeout. */
const E2E_TIMEOUT = 60_000;

/** The table's data rows as cells (cli-table3's │ borders). */
function tableRows(text: string): string[][] {
  return text
    .split("\n")
    .filter((l) => l.startsWith("│"))
    .map((l) => l.split("│").slice(1, -1).map((c) => c.trim()));
}

describe("swoll top --once", () => {
  test("-o json: exact counts, errors and latency of a workload's calls, then nothing left loaded", async () => {
    const missing = uniquePath("top-missing");
    const wl = ownWorkload();
    const t = await startTracer(["top", "--once", "-i", "2s", "-o", "json", "--comm", wl.comm, "-s", "getppid,openat"]);
    try {
      wl.run("getppid", "5000");
      wl.run("open", missing, "20");
    } finally {
      wl.remove();
    }
    expect(await t.exited).toBe(0);
    const j = JSON.parse(t.out());
    expect(j).toMatchObject({ group: "syscall", sort: { column: "rate", descending: true }, filters: { syscall: ["getppid", "openat"], comm: [wl.comm], pid: [] }, interval_ms: 2000, lost: 0 });
    expect(j.window_ms).toBeGreaterThanOrEqual(1900);
    // every key of the object, at any depth, is snake_case (the loss causes too)
    const keys = (v: unknown): string[] => (v && typeof v === "object" ? Object.entries(v).flatMap(([k, x]) => [...(Array.isArray(v) ? [] : [k]), ...keys(x)]) : []);
    expect(Object.keys(j.lost_by_cause).sort()).toEqual(["aggregation_entry_not_allocated", "aggregation_map_full", "task_storage_full"]);
    expect(keys(j).filter((k) => !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(k))).toEqual([]);
    const byName = Object.fromEntries(j.rows.map((r: any) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(["getppid", "openat"]);
    expect(byName.getppid).toMatchObject({ count: 5000, errors: 0, error_pct: 0, top_errno: null, error_rate_change: null });
    // window_ms is rounded to the ms; the rate is over the exact window
    expect(Math.abs(byName.getppid.rate / (5000 / (j.window_ms / 1000)) - 1)).toBeLessThan(0.002);
    expect(byName.getppid.p50_ns).toBeGreaterThan(0);
    expect(byName.getppid.p99_ns).toBeGreaterThanOrEqual(byName.getppid.p50_ns);
    // two runs of the loader open a few libraries; our 20 missing paths fail
    expect(byName.openat.errors).toBe(20);
    expect(byName.openat.top_errno).toBe("ENOENT");
    expect(byName.openat.count).toBeGreaterThan(20);
    expect(j.rows[0].name).toBe("getppid"); // sorted by rate
    expect(await expectProgramsGone(t.progIds)).toEqual([]);
  }, E2E_TIMEOUT);

  test("stdout not a terminal: a cli-table3 table after one interval, without --once", async () => {
    const wl = ownWorkload();
    const t = await startTracer(["top", "-i", "1s", "--comm", wl.comm, "-s", "openat", "--group", "errno", "--sort", "count"]);
    try {
      wl.run("open", uniquePath("top-table"), "7");
    } finally {
      wl.remove();
    }
    expect(await t.exited).toBe(0);
    const out = t.out();
    expect(out).toMatch(new RegExp(String.raw`^swoll top: [\d.k]+ calls/s, [\d.k]+ errors/s, lost 0 over 1\.\d\ds on \S+ \(kernel \S+\); group errno; filters --syscall openat --comm ${wl.comm}\n`));
    const [head, ...rows] = tableRows(out);
    expect(head).toEqual(["ERRNO", "COUNT ▼", "RATE/s", "ERRORS", "ERR%", "TOP ERRNO", "AVG", "P50", "P99", "ERR Δ"]);
    const enoent = rows.find((r) => r[0] === "ENOENT")!;
    expect(enoent.slice(1, 6)).toEqual(["7", expect.stringMatching(/^\d/), "7", "100%", "ENOENT"]);
    const ok = rows.find((r) => r[0] === "OK")!;
    expect(Number(ok[1])).toBeGreaterThan(0); // the loader opening libc
    expect(ok[3]).toBe("0");
    expect(out).not.toContain("\x1b["); // no colour into a pipe
    expect(await expectProgramsGone(t.progIds)).toEqual([]);
  }, E2E_TIMEOUT);

  test("--group comm and --group process -o json: the workload's row by name and by pid, exact count", async () => {
    const wl = ownWorkload();
    // no --comm filter: the grouping, not a filter, sets the workload's calls apart
    // intervals long enough for the second to attach and the workload to run before the first ends
    const byComm = await startTracer(["top", "--once", "-i", "6s", "-o", "json", "-s", "getppid", "--group", "comm"]);
    const byProcess = await startTracer(["top", "--once", "-i", "4s", "-o", "json", "-s", "getppid", "--group", "process"]);
    let pid = 0;
    // alive until both intervals end: an exited process's calls join the "(exited)" row
    const held = Bun.spawn([wl.path, "getppid-hold", "4321"], { stdin: "pipe", stdout: "ignore", stderr: "ignore" });
    try {
      pid = held.pid;
      expect(await byComm.exited).toBe(0);
      expect(await byProcess.exited).toBe(0);
    } finally {
      held.stdin.end();
      await held.exited;
      wl.remove();
    }
    const c = JSON.parse(byComm.out());
    expect(c).toMatchObject({ group: "comm", lost: 0 });
    expect(c.rows.filter((r: any) => r.name === wl.comm)).toEqual([expect.objectContaining({ count: 4321, errors: 0, top_errno: null })]);
    const p = JSON.parse(byProcess.out());
    expect(p).toMatchObject({ group: "process", lost: 0 });
    const mine = p.rows.filter((r: any) => r.name.startsWith(`${wl.comm}(`));
    expect(mine).toEqual([expect.objectContaining({ name: `${wl.comm}(${pid})`, pid, count: 4321, errors: 0 })]);
    expect(mine[0].p50_ns).toBeGreaterThan(0);
    expect(await expectProgramsGone([...byComm.progIds, ...byProcess.progIds])).toEqual([]);
  }, E2E_TIMEOUT);

  test("--group comm table: a process that renames itself shows under the new name, escaped", async () => {
    const wl = ownWorkload();
    const name = `\x1b[31mwl${Math.random().toString(36).slice(2, 7)}`;
    const path = uniquePath("top-comm");
    const t = await startTracer(["top", "--once", "-i", "2s", "-s", "openat", "--group", "comm", "--sort", "name"]);
    try {
      wl.run("comm", name, path);
    } finally {
      wl.remove();
    }
    expect(await t.exited).toBe(0);
    const out = t.out();
    expect(out).not.toContain("\x1b[31m");
    const row = tableRows(out).find((r) => r[0] === `\\33[31m${name.slice(5)}`);
    // the openat of the path, after the rename: one call, ENOENT
    expect(row?.slice(1, 6)).toEqual(["1", expect.stringMatching(/^[\d.]/), "1", "100%", "ENOENT"]);
    expect(await expectProgramsGone(t.progIds)).toEqual([]);
  }, E2E_TIMEOUT);

  test("bad input: one line and exit 2", () => {
    expect(runSwoll(["top", "--once", "-i", "5x"])).toMatchObject({ code: 2, stderr: "swoll: invalid --interval '5x'; use a positive number of seconds or a Go duration such as 500ms, 90s, 1m30s or 1h\n" });
    expect(runSwoll(["top", "--once", "-i", "10ms"])).toMatchObject({ code: 2, stderr: "swoll: invalid --interval '10ms'; use 100ms to 1h\n" });
    expect(runSwoll(["top", "--once", "-i", "1000h"])).toMatchObject({ code: 2, stderr: "swoll: invalid --interval '1000h'; use 100ms to 1h\n" });
    expect(runSwoll(["top", "--once", "-s", "getpid,opnat"]).stderr).toBe("swoll: unknown syscall 'opnat' on x86_64; did you mean openat, openat2?\n");
    const r = runSwoll(["top", "--group", "host"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--group");
    expect(r.stderr).toContain("syscall, errno, comm, process, container, pod, namespace, class");
  }, E2E_TIMEOUT);
});
