/** The store: deltas, rates, errors, percentiles, grouping, sorting, filtering, drill-down. */
import { describe, expect, test } from "bun:test";
import { TopStore } from "../../cli/tui/store";
import { rowKey } from "../../cli/tui/stats";
import { BOUNDS, ERR, NR, filledStore, identity, line, names, newStore, row, snapshot, window1, window2 } from "./fixtures";

const byLabel = (s: TopStore) => Object.fromEntries(s.rows().map((r) => [r.label, r]));

describe("windows", () => {
  test("the first snapshot is a window from the start; rates are per second of that window", () => {
    const s = newStore();
    s.ingest(snapshot(window1(), 500));
    const st = s.getState();
    expect(st.windowMs).toBe(500);
    expect(st.totals.callsPerSec).toBe((5000 + 900 + 100 + 2000 + 40 + 600 + 10) * 2);
    expect(byLabel(s).getppid!.rate).toBe(10_000);
    expect(byLabel(s).openat!.change).toBeNull(); // no previous window yet
  });

  test("the second window counts only what happened since the first", () => {
    const s = filledStore();
    const r = byLabel(s);
    expect(s.getState().windowMs).toBe(1000);
    expect(s.getState().totals.callsPerSec).toBe(4000 + 900 + 300 + 1000 + 40 + 600);
    expect(s.getState().totals.errorsPerSec).toBe(340);
    expect(r.getppid).toMatchObject({ count: 9000, rate: 4000, errors: 0, errPct: 0, topErrno: null, avgNs: 300 });
    expect(r.read).toMatchObject({ count: 4200, rate: 1600, errors: 0 });
    expect(r.openat).toMatchObject({ count: 2200, rate: 1200, errors: 400, errPct: 25, topErrno: "ENOENT" });
  });

  test("change vs the previous window is the relative change in errors/s", () => {
    const r = byLabel(filledStore());
    expect(r.openat!.change).toBe(2); // 100/s → 300/s
    expect(r.futex!.change).toBe(0); // 40/s → 40/s
    expect(r.connect!.change).toBe(-1); // 10/s → none
    expect(r.getppid!.change).toBeNull(); // no errors either side
  });

  test("a row quiet in this window keeps its totals and has no rate, error % or latency", () => {
    const c = byLabel(filledStore()).connect!;
    expect(c).toMatchObject({ count: 10, errors: 10, rate: 0, errPct: null, avgNs: null, p50Ns: null, p99Ns: null, topErrno: "ECONNREFUSED" });
  });

  test("avg, p50 and p99 of a group come from its window's buckets", () => {
    const r = byLabel(filledStore());
    expect(r.getppid!.p50Ns).toBe(384); // all in (256, 512]
    expect(r.futex!.avgNs).toBe(50_000_000);
    expect(r.futex!.p99Ns!).toBeGreaterThan(2 ** 25);
    expect(r.futex!.p99Ns!).toBeLessThanOrEqual(2 ** 26);
    // openat mixes 900 calls of 2µs and 300 of 1.5µs: all in (1024, 2048]
    expect(r.openat!.avgNs).toBe((900 * 2000 + 300 * 1500) / 1200);
    expect(r.openat!.p99Ns!).toBeGreaterThan(1024);
    expect(r.openat!.p99Ns!).toBeLessThanOrEqual(2048);
  });

  test("calls counted with no time (exit_group, counted at entry) show no latency", () => {
    const s = newStore();
    s.ingest(snapshot([{ cgroupId: 1, nr: 231, errno: 0, count: 3, totalNs: 0, buckets: [3] }], 1000));
    expect(s.rows()[0]).toMatchObject({ label: "exit_group", count: 3, avgNs: null, p50Ns: null, p99Ns: null });
  });

  test("lost calls: the total and the last window's share", () => {
    const s = newStore();
    s.ingest(snapshot(window1(), 1000, { "aggregation map full": 5, "task storage full": 0 }));
    s.ingest(snapshot(window2(), 2000, { "aggregation map full": 12, "task storage full": 1 }));
    expect(s.getState().totals).toMatchObject({ lost: 13, lostWindow: 8, lostByCause: { "aggregation map full": 12, "task storage full": 1 } });
    s.ingest(snapshot(window2(), 3000, { "aggregation map full": 12, "task storage full": 1 }));
    expect(s.getState().totals).toMatchObject({ lost: 13, lostWindow: 0 });
  });

  test("probe cost per call and CPU share, when the source measures it", () => {
    const s = newStore();
    s.ingest({ ...snapshot(window1(), 1000), cost: { runTimeNs: 1_000_000, runCount: 10_000 } });
    expect(s.getState().totals.cost).toBeNull();
    s.ingest({ ...snapshot(window2(), 2000), cost: { runTimeNs: 3_000_000, runCount: 20_000 } });
    expect(s.getState().totals.cost).toEqual({ nsPerCall: 200, cpuPct: 0.2 });
  });
});

describe("grouping", () => {
  test("by errno, namespace, pod, container and class", () => {
    const s = filledStore();
    s.setGrouping("errno");
    expect(byLabel(s)).toMatchObject({ OK: { count: 15000 }, ENOENT: { count: 400 }, ETIMEDOUT: { count: 80 }, ECONNREFUSED: { count: 10 } });
    s.setGrouping("namespace");
    expect(byLabel(s)).toMatchObject({ "(host)": { count: 9000 }, shop: { count: 6480 }, "kube-system": { count: 10 } });
    s.setGrouping("pod");
    expect(Object.keys(byLabel(s)).sort()).toEqual(["(host)", "kube-system/coredns-5d78c9869d-abcde", "shop/db-0", "shop/web-7c5ddbdf54-x8p2q"]);
    s.setGrouping("container");
    expect(byLabel(s)["web-7c5ddbdf54-x8p2q/nginx"]!.count).toBe(5200);
    s.setGrouping("class");
    const cls = (nr: number) => names.syscall(nr).class;
    const expected: Record<string, number> = {};
    for (const [nr, n] of [[NR.getppid, 9000], [NR.openat, 2200], [NR.read, 4200], [NR.futex, 80], [NR.connect, 10]] as const) expected[cls(nr)] = (expected[cls(nr)] ?? 0) + n;
    expect(Object.fromEntries(s.rows().map((r) => [r.label, r.count]))).toEqual(expected);
  });

  test("comm and process need rows that carry a process; without, no rows", () => {
    const s = filledStore();
    s.setGrouping("comm");
    expect(s.groupingAvailable("comm")).toBe(false);
    expect(s.rows()).toEqual([]);
  });

  test("comm and process group rows that carry tgid and comm", () => {
    const s = filledStore({ perProcess: true });
    s.setGrouping("comm");
    expect(byLabel(s)).toMatchObject({ nginx: { count: 5200, errors: 400 }, postgres: { count: 1280 }, "swoll-wl": { count: 9000 }, coredns: { count: 10 } });
    s.setGrouping("process");
    expect(byLabel(s)["nginx(1001)"]).toMatchObject({ key: "1001", count: 5200 });
  });

  test("an exited process's rows moved into its comm's pid-0 row: totals kept, no call counted twice", () => {
    // window 2 as in filledStore, except that nginx (1001) has exited and the source folded its rows
    const folded = window2(true).map((r) => (r.tgid === 1001 ? { ...r, tgid: 0 } : r));
    const moved = window1(true).filter((r) => r.tgid === 1001).map((r): [string, string] => [rowKey(r), rowKey({ ...r, tgid: 0 })]);
    const s = newStore({ perProcess: true });
    s.ingest(snapshot(window1(true), 1000));
    s.ingest({ ...snapshot(folded, 2000), moved });
    const want = byLabel(filledStore());
    // every total and rate as if nothing had moved
    expect(s.getState().totals.callsPerSec).toBe(filledStore().getState().totals.callsPerSec);
    for (const name of ["openat", "read"]) {
      const { key, ...got } = byLabel(s)[name]!;
      const { key: _, ...exp } = want[name]!;
      expect(got).toEqual(exp);
    }
    expect(byLabel(s).openat!.change).toBe(2); // the previous window's errors moved along
    s.setGrouping("process");
    expect(byLabel(s)["(exited)"]).toMatchObject({ key: "0", count: 5200, rate: 2200, errors: 400 });
    expect(byLabel(s)["nginx(1001)"]).toBeUndefined();
    s.setGrouping("comm");
    expect(byLabel(s).nginx).toMatchObject({ count: 5200, rate: 2200 });
    // without the move, the folded calls would all count as new in this window
    const naive = newStore({ perProcess: true });
    naive.ingest(snapshot(window1(true), 1000));
    naive.ingest(snapshot(folded, 2000));
    expect(byLabel(naive).openat!.rate).toBe(1200 + 1000);
  });

  test("a process is named after its latest exec; each name keeps its own calls", () => {
    const s = newStore({ perProcess: true });
    s.ingest(snapshot([
      row(1, NR.read, 0, 3, 100, { tgid: 7, execGen: 1, comm: "sh", processName: "cat" }),
      row(1, NR.read, 0, 40, 100, { tgid: 7, execGen: 2, comm: "cat", processName: "cat" }),
    ], 1000));
    s.setGrouping("process");
    expect(s.rows().map((r) => [r.label, r.count])).toEqual([["cat(7)", 43]]);
    s.setGrouping("comm");
    expect(Object.fromEntries(s.rows().map((r) => [r.label, r.count]))).toEqual({ sh: 3, cat: 40 });
  });

  test("a source that starts carrying tgid turns the process groupings on", () => {
    const s = newStore();
    expect(s.groupingAvailable("process")).toBe(false);
    s.ingest(snapshot(window1(true), 1000));
    expect(s.groupingAvailable("process")).toBe(true);
  });
});

describe("sorting and filtering", () => {
  test("by rate, largest first, by default; reverse flips it", () => {
    const s = filledStore();
    expect(s.rows().map((r) => r.label)).toEqual(["getppid", "read", "openat", "futex", "connect"]);
    s.reverse();
    expect(s.rows().map((r) => r.label)).toEqual(["connect", "futex", "openat", "read", "getppid"]);
  });

  test("every column sorts; empty values stay last; names A to Z", () => {
    const s = filledStore();
    s.setSort("errPct");
    expect(s.rows().map((r) => r.label)).toEqual(["futex", "openat", "getppid", "read", "connect"]);
    s.setSort("name");
    expect(s.rows().map((r) => r.label)).toEqual(["connect", "futex", "getppid", "openat", "read"]);
    s.setSort("p99");
    expect(s.rows()[0]!.label).toBe("futex");
    expect(s.rows().at(-1)!.label).toBe("connect");
    s.moveSort(1); // p99 → change
    expect(s.getState().sort).toEqual({ column: "change", descending: true });
    expect(s.rows()[0]!.label).toBe("openat");
    s.moveSort(1); // wraps to name
    expect(s.getState().sort.column).toBe("name");
  });

  test("/ filters labels case-insensitively; cancel keeps the old filter", () => {
    const s = filledStore();
    s.startFilter();
    s.editFilter("READ");
    expect(s.rows()).toHaveLength(5); // not applied while typing
    s.commitFilter();
    expect(s.rows().map((r) => r.label)).toEqual(["read"]);
    s.startFilter();
    s.editFilter("zzz");
    s.cancelFilter();
    expect(s.getState().filter).toBe("READ");
    expect(s.back()).toBe("filter");
    expect(s.rows()).toHaveLength(5);
  });

  test("/ grouped by container matches the namespace too, shown in its own column", () => {
    const s = filledStore();
    s.setGrouping("container");
    s.startFilter();
    s.editFilter("kube-sys");
    s.commitFilter();
    expect(s.rows().map((r) => r.label)).toEqual(["coredns-5d78c9869d-abcde/coredns"]);
    expect(s.rows()[0]!.pod).toEqual({ namespace: "kube-system", pod: "coredns-5d78c9869d-abcde", container: "coredns" });
  });

  test("the selection follows its row across re-sorts and new windows", () => {
    const s = filledStore();
    s.move(2);
    expect(s.rows()[s.selectedIndex()]!.label).toBe("openat");
    s.setSort("name");
    expect(s.rows()[s.selectedIndex()]!.label).toBe("openat");
    s.ingest(snapshot(window2(), 3000));
    expect(s.rows()[s.selectedIndex()]!.label).toBe("openat");
    s.move(100);
    expect(s.selectedIndex()).toBe(4);
    s.move(-Infinity);
    expect(s.selectedIndex()).toBe(0);
  });
});

describe("drill-down", () => {
  const select = (s: TopStore, label: string) => {
    s.move(-Infinity);
    s.move(s.rows().findIndex((r) => r.label === label));
  };

  test("namespace → pod → container → syscall → errno → a trace selection narrowed to all of them", () => {
    const s = filledStore();
    s.setGrouping("namespace");
    select(s, "shop");
    expect(s.drill()).toBeNull();
    expect(s.getState().grouping).toBe("pod");
    expect(s.rows().map((r) => r.label).sort()).toEqual(["shop/db-0", "shop/web-7c5ddbdf54-x8p2q"]);
    select(s, "shop/web-7c5ddbdf54-x8p2q");
    s.drill();
    expect(s.getState().grouping).toBe("container");
    s.drill();
    expect(s.getState().grouping).toBe("syscall");
    expect(s.rows().map((r) => r.label).sort()).toEqual(["openat", "read"]);
    select(s, "openat");
    s.drill();
    expect(s.getState().grouping).toBe("errno");
    expect(s.rows().map((r) => r.label).sort()).toEqual(["ENOENT", "OK"]);
    select(s, "ENOENT");
    const sel = s.drill()!;
    expect(sel).toMatchObject({ syscalls: [NR.openat], cgroups: [100], result: "ENOENT", pids: null, comms: null });
    expect(sel.title).toBe("namespace=shop pod=shop/web-7c5ddbdf54-x8p2q container=web-7c5ddbdf54-x8p2q/nginx syscall=openat errno=ENOENT");
    expect(s.getState().path.map((c) => c.dim)).toEqual(["namespace", "pod", "container", "syscall"]);
  });

  test("Esc goes back one step at a time, restoring grouping and selection", () => {
    const s = filledStore();
    select(s, "openat");
    s.drill();
    expect(s.getState()).toMatchObject({ grouping: "errno", path: [{ dim: "syscall", key: String(NR.openat), label: "openat" }] });
    s.openTrace(s.drill()!);
    expect(s.back()).toBe("trace");
    expect(s.getState().grouping).toBe("errno");
    expect(s.back()).toBe("path");
    expect(s.getState()).toMatchObject({ grouping: "syscall", path: [] });
    expect(s.rows()[s.selectedIndex()]!.label).toBe("openat");
    expect(s.back()).toBeNull();
  });

  test("from comm, process and class the drill goes to syscall, then errno", () => {
    const s = filledStore({ perProcess: true });
    s.setGrouping("comm");
    select(s, "nginx");
    s.drill();
    expect(s.getState().grouping).toBe("syscall");
    select(s, "openat");
    s.drill();
    select(s, "OK");
    expect(s.drill()).toMatchObject({ comms: ["nginx"], syscalls: [NR.openat], result: "OK", cgroups: null });
    const p = filledStore({ perProcess: true });
    p.setGrouping("process");
    select(p, "postgres(2002)");
    p.drill();
    p.drill();
    expect(p.drill()).toMatchObject({ pids: [2002] });
    const c = filledStore();
    c.setGrouping("class");
    const futexClass = names.syscall(NR.futex).class;
    select(c, futexClass);
    c.drill();
    expect(c.getState().grouping).toBe("syscall");
    expect(c.selectionFor(c.getState().path).syscalls).toEqual(names.syscallsOfClass(futexClass));
    select(c, "futex");
    c.drill();
    expect(c.drill()!.syscalls).toEqual([NR.futex]); // the syscall narrows the class
  });

  test("the trace view keeps the last lines and counts what scrolled off and what was lost", () => {
    const s = new TopStore({ boundsNs: BOUNDS, startedAtMs: 0, perProcess: false, names, identity, maxTraceLines: 3 });
    s.ingest(snapshot(window1(), 1000));
    s.openTrace(s.selectionFor([{ dim: "syscall", key: String(NR.openat), label: "openat" }]));
    s.appendTrace({ lines: [line({ pid: 1 }), line({ pid: 2 })], lost: 0 });
    s.appendTrace({ lines: [line({ pid: 3 }), line({ pid: 4 })], lost: 7, skipped: 10 });
    const t = s.getState().trace!;
    expect(t.lines.map((l) => l.pid)).toEqual([2, 3, 4]);
    expect(t.scrolledOff).toBe(11);
    expect(t.lost).toBe(7);
  });

  test("errno constraint: the selection filters results in user space", () => {
    const s = filledStore();
    expect(s.selectionFor([{ dim: "errno", key: String(ERR.ETIMEDOUT), label: "ETIMEDOUT" }])).toMatchObject({ result: "ETIMEDOUT", syscalls: null, cgroups: null });
    expect(identity(1).pod).toBe("");
  });
});
