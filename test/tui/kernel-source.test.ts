/**
 * top's kernel source on the real probe, in this process: counts per
 * process with the comm the kernel recorded; when a process exits the
 * kernel itself moves its entries into pid-0 rows without losing or
 * double-counting a call; and a storm of short-lived processes, far more
 * than the map holds, loses nothing and leaves the map small.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { syscallTable } from "../../cli/decode/syscalls";
import { MetricsMapReader } from "../../cli/metrics/kernel";
import { KernelSource } from "../../cli/tui/live/kernel-source";
import { tableNames } from "../../cli/tui/names";
import { TopStore } from "../../cli/tui/store";
import type { SourceRow } from "../../cli/tui/types";
import { bpfProgIdsOf, expectProgramsGone } from "../helpers/swoll";
import { ownWorkload } from "../helpers/workload";

setDefaultTimeout(120_000);

const table = syscallTable();
const GETPPID = table.byName("getppid")!.nr;

function open(comm: string, opts: { maxSeries?: number; syscalls?: number[] | null } = {}): KernelSource {
  return KernelSource.open({
    syscalls: opts.syscalls ?? null,
    pids: [],
    comms: [comm],
    filterCgroups: false,
    maxSeries: opts.maxSeries ?? 4096,
    table,
    attributor: null,
    verbose: false,
  });
}

const sum = (rows: SourceRow[], pred: (r: SourceRow) => boolean) => rows.filter(pred).reduce((n, r) => n + r.count, 0);

async function until<T>(what: string, read: () => T, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}

describe("KernelSource (per process)", () => {
  test("a live process's rows carry its pid and comm; when it exits the kernel moves them into pid 0 and out of the map", async () => {
    const wl = ownWorkload();
    const source = open(wl.comm);
    const progs = bpfProgIdsOf(process.pid);
    expect(progs).toHaveLength(3);
    const store = new TopStore({ boundsNs: source.boundsNs, startedAtMs: source.startedAtMs, perProcess: source.perProcess, names: tableNames(table), identity: () => ({ namespace: "", pod: "", container: "" }), grouping: "process" });
    try {
      const p = Bun.spawn([wl.path, "getppid-hold", "3000"], { stdin: "pipe", stdout: "ignore", stderr: "ignore" });
      const first = await until("the live process's getppid calls", () => source.read(), (s) => s.rows.some((r) => r.tgid === p.pid && r.nr === GETPPID && r.count === 3000));
      store.ingest(first);
      const mine = first.rows.filter((r) => r.tgid === p.pid);
      expect(new Set(mine.map((r) => r.comm))).toEqual(new Set([wl.comm]));
      const before = source.folded;
      p.stdin.end();
      expect(await p.exited).toBe(0);
      // the exit program ran in the exiting task: by now the rows have moved
      const second = await until("the exited rows", () => source.read(), (s) => !s.rows.some((r) => r.tgid === p.pid));
      store.ingest(second);
      const exited = second.rows.filter((r) => r.tgid === 0 && r.comm === wl.comm);
      expect(exited.find((r) => r.nr === GETPPID && r.errno === 0)!.count).toBe(3000);
      // every row it had, plus the calls it made while exiting (read, exit_group)
      expect(sum(exited, () => true)).toBeGreaterThanOrEqual(sum(mine, () => true));
      expect(source.folded - before).toBeGreaterThanOrEqual(mine.length);
      expect(second.moved!.map(([from]) => from)).toEqual(expect.arrayContaining(mine.map((r) => `${r.cgroupId}/${r.nr}/${r.errno}/${r.tgid}/${r.execGen}/${r.comm}`)));
      const kernel = new MetricsMapReader(source.probe, 4096, "proc").read();
      expect(kernel.some((r) => r.tgid === p.pid)).toBe(false);
      expect(store.rows().find((r) => r.key === "0")).toMatchObject({ label: "(exited)" });
    } finally {
      source.close();
      wl.remove();
    }
    expect(await expectProgramsGone(progs)).toEqual([]);
  });

  test("a storm of 3000 short-lived processes in a 128-entry map: every call counted, the map stays small", async () => {
    const wl = ownWorkload();
    const source = open(wl.comm, { maxSeries: 128, syscalls: [GETPPID] });
    try {
      const N = 3000;
      const CALLS = 7;
      const parent = wl.spawn("churn", String(N), String(CALLS));
      let maxEntries = 0;
      while (parent.exitCode === null) {
        maxEntries = Math.max(maxEntries, new MetricsMapReader(source.probe, 128, "proc").read().length);
        await Bun.sleep(20);
      }
      expect(await parent.exited).toBe(0);
      const snap = await until("every child's calls", () => source.read(), (s) => sum(s.rows, (r) => r.nr === GETPPID) >= N * CALLS);
      expect(sum(snap.rows, (r) => r.nr === GETPPID)).toBe(N * CALLS);
      expect(snap.lost["aggregation map full"]).toBe(0);
      // the kernel map holds live processes only; the exited calls are one row per comm
      expect(maxEntries).toBeLessThan(64);
      expect(snap.rows.filter((r) => r.tgid === 0).length).toBe(1);
      expect(source.folded).toBeGreaterThanOrEqual(N);
    } finally {
      source.close();
      wl.remove();
    }
  });
});
