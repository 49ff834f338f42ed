/**
 * top's kernel source on the real probe, in this process: counts per
 * process with the comm the kernel recorded, exited processes folded out
 * of the kernel map into pid-0 rows without losing or double-counting a
 * call, and process churn that would overflow a small map without that.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { syscallTable } from "../../cli/decode/syscalls";
import { MetricsMapReader } from "../../cli/metrics/kernel";
import { KernelSource } from "../../cli/tui/live/kernel-source";
import { tableNames } from "../../cli/tui/names";
import { TopStore } from "../../cli/tui/store";
import type { SourceRow } from "../../cli/tui/types";
import { bpfProgIdsOf, expectProgramsGone } from "../helpers/swoll";
import { ownWorkload, type OwnWorkload } from "../helpers/workload";

setDefaultTimeout(60_000);

const table = syscallTable();
const GETPPID = table.byName("getppid")!.nr;

function open(comm: string, opts: { maxSeries?: number; exitedGraceMs?: number; syscalls?: number[] | null } = {}): KernelSource {
  return KernelSource.open({
    syscalls: opts.syscalls ?? null,
    pids: [],
    comms: [comm],
    filterCgroups: false,
    maxSeries: opts.maxSeries ?? 4096,
    table,
    attributor: null,
    verbose: false,
    exitedGraceMs: opts.exitedGraceMs,
  });
}

/** Runs the workload and returns its pid once it has exited. */
async function runOnce(wl: OwnWorkload, ...args: string[]): Promise<number> {
  const p = wl.spawn(...args);
  expect(await p.exited).toBe(0);
  return p.pid;
}

const sum = (rows: SourceRow[], pred: (r: SourceRow) => boolean) => rows.filter(pred).reduce((n, r) => n + r.count, 0);

describe("KernelSource (per process)", () => {
  test("rows carry the pid and the comm the kernel recorded, after the process has exited; then they fold into pid 0 and leave the kernel map", async () => {
    const wl = ownWorkload();
    const source = open(wl.comm, { exitedGraceMs: 400 });
    const progs = bpfProgIdsOf(process.pid);
    expect(progs).toHaveLength(2);
    const store = new TopStore({ boundsNs: source.boundsNs, startedAtMs: source.startedAtMs, perProcess: source.perProcess, names: tableNames(table), identity: () => ({ namespace: "", pod: "", container: "" }), grouping: "process" });
    try {
      const pid = await runOnce(wl, "getppid", "3000");
      // exited, but still its own row: /proc/<pid> is gone, the kernel's comm is not
      const first = source.read();
      store.ingest(first);
      const mine = first.rows.filter((r) => r.tgid === pid);
      expect(mine.length).toBeGreaterThan(0);
      expect(new Set(mine.map((r) => r.comm))).toEqual(new Set([wl.comm]));
      expect(mine.find((r) => r.nr === GETPPID && r.errno === 0)!.count).toBe(3000);
      expect(store.rows().find((r) => r.key === String(pid))).toMatchObject({ label: `${wl.comm}(${pid})`, count: sum(mine, () => true) });

      await Bun.sleep(500);
      const second = source.read();
      store.ingest(second);
      // folded: no row of the pid, its calls in the pid-0 row of its comm, nothing moved twice
      expect(second.rows.some((r) => r.tgid === pid)).toBe(false);
      expect(second.moved!.length).toBe(mine.length);
      const exited = second.rows.filter((r) => r.tgid === 0 && r.comm === wl.comm);
      expect(exited.find((r) => r.nr === GETPPID)!.count).toBe(3000);
      expect(sum(exited, () => true)).toBe(sum(mine, () => true));
      expect(source.folded).toBe(mine.length);
      // and gone from the kernel map itself
      const kernel = new MetricsMapReader(source.probe, 4096, true).read();
      expect(kernel.some((r) => r.tgid === pid)).toBe(false);
      // the store saw no new call in that window, and the totals stand
      expect(store.getState().totals.callsPerSec).toBe(0);
      expect(store.rows().find((r) => r.key === "0")).toMatchObject({ label: "(exited)", count: sum(mine, () => true), rate: 0 });
      store.setGrouping("comm");
      expect(store.rows().find((r) => r.label === wl.comm)!.count).toBe(sum(mine, () => true));
    } finally {
      source.close();
      wl.remove();
    }
    expect(await expectProgramsGone(progs)).toEqual([]);
  });

  test("churn: 40 processes in a 128-entry map lose no call; exited ones are folded at once when it is half full", async () => {
    const wl = ownWorkload();
    const source = open(wl.comm, { maxSeries: 128, exitedGraceMs: 60_000 });
    let rows: SourceRow[] = [];
    try {
      const pids: number[] = [];
      for (let i = 0; i < 40; i++) {
        pids.push(await runOnce(wl, "getppid", String(100 + i)));
        rows = source.read().rows;
      }
      const snap = source.read();
      rows = snap.rows;
      expect(snap.lost["aggregation map full"]).toBe(0);
      // every call of every process is in some row, its own or the exited one
      expect(sum(rows, (r) => r.nr === GETPPID && r.comm === wl.comm)).toBe(40 * 100 + (39 * 40) / 2);
      expect(source.folded).toBeGreaterThan(0);
      const entries = new MetricsMapReader(source.probe, 128, true).read().length;
      expect(entries).toBeLessThan(128);
      // each process's getppid calls under its own pid until folded, then under pid 0
      const own = rows.filter((r) => r.nr === GETPPID && r.tgid !== 0).map((r) => [pids.indexOf(r.tgid!), r.count]);
      for (const [i, n] of own) expect(n).toBe(100 + i!);
    } finally {
      source.close();
      wl.remove();
    }
  });
});
