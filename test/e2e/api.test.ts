/** The library API against the real probe, and the runnable examples. */
import { expect, test, setDefaultTimeout } from "bun:test";
import { join } from "node:path";
import { Metrics, Tracer, type TraceEvent } from "../../cli/api";
import { runWorkload, uniquePath, ROOT } from "../helpers/swoll";
import { waitFor } from "../helpers/wait";
import { ownWorkload } from "../helpers/workload";

// The real probe and real processes: each wait is bounded in the test itself.
setDefaultTimeout(60_000);

test("Tracer: open with a filter, iterate events, change the filter live, close", async () => {
  const tracer = Tracer.open({ syscalls: ["openat"], comms: ["swoll-wl"] });
  try {
    const first = uniquePath("api-1");
    const second = uniquePath("api-2");
    runWorkload("open", first);
    const seen: TraceEvent[] = [];
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), 15000);
    for await (const ev of tracer.events({ signal: stop.signal })) {
      if ("type" in ev) continue;
      seen.push(ev);
      if (ev.args.pathname === first) break;
    }
    clearTimeout(timer);
    expect(seen.some((e) => e.args.pathname === first && e.error === "ENOENT")).toBe(true);

    // narrow the kernel filter: openat no longer traced, getppid is
    tracer.filter.removeSyscall("openat");
    tracer.filter.addSyscall("sys_getppid");
    runWorkload("open", second);
    runWorkload("getppid", "10");
    // the getppid calls came after the openat: once they are read, an openat would have been too
    const events: ReturnType<typeof tracer.readBatch>["events"] = [];
    const getppids = () => events.filter((d) => d.event.syscall.name === "sys_getppid");
    await waitFor(() => (events.push(...tracer.readBatch().events), getppids().length >= 10), { what: "the 10 getppid events" });
    expect(getppids()).toHaveLength(10);
    expect(events.some((d) => d.event.args.pathname === second)).toBe(false);
    expect(tracer.stats().lost).toBe(0);
  } finally {
    tracer.close();
  }
});

test("a filter that was not enabled at open says how to enable it", () => {
  const tracer = Tracer.open({ syscalls: ["getppid"] });
  try {
    expect(() => tracer.filter.addPid(1)).toThrow("pass pids: [] to Tracer.open");
  } finally {
    tracer.close();
  }
});

test("Metrics: counts per syscall and errno from the kernel, filtered, with latency buckets; filters change live", async () => {
  const wl = ownWorkload();
  const m = Metrics.open({ comms: [wl.comm], syscalls: ["getppid", "openat"] });
  try {
    const missing = uniquePath("metrics");
    wl.run("getppid", "1000");
    wl.run("open", missing, "3");
    const rows = m.read();
    // only this workload's calls, only the two syscalls
    expect(new Set(rows.map((r) => r.syscall))).toEqual(new Set(["sys_getppid", "sys_openat"]));
    const getppid = rows.filter((r) => r.syscall === "sys_getppid");
    expect(getppid).toHaveLength(1);
    expect(getppid[0]).toMatchObject({ err: "OK", errno: 0, count: 1000, container: null });
    expect(getppid[0]!.buckets.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(getppid[0]!.buckets).toHaveLength(m.boundsNs.length + 1);
    expect(getppid[0]!.totalNs).toBeGreaterThan(0n);
    const enoent = rows.find((r) => r.syscall === "sys_openat" && r.err === "ENOENT")!;
    expect(enoent.count).toBe(3);
    expect(m.quantileNs(getppid[0]!, 0.5)).toBeGreaterThan(0);
    const s = m.series().find((x) => x.labels.syscall === "sys_getppid")!;
    expect(s).toMatchObject({ count: 1000, labels: { err: "OK", class: getppid[0]!.class, namespace: "", pod: "", container: "" } });
    expect(m.stats()).toMatchObject({ mapOverflow: 0, mapCapacity: 16384, mapEntries: rows.length });

    m.filter.removeSyscall("getppid");
    wl.run("getppid", "500");
    expect(m.read().find((r) => r.syscall === "sys_getppid")!.count).toBe(1000);
    expect(() => m.filter.addPid(1)).toThrow("pass pids: [] to Metrics.open");
  } finally {
    m.close();
    wl.remove();
  }
});

test("Metrics byProcess: rows carry the process id and comm the kernel recorded", async () => {
  const wl = ownWorkload();
  const m = Metrics.open({ comms: [wl.comm], syscalls: ["getppid"], byProcess: true });
  try {
    // the processes stay alive until read: an exited process's rows move to the exited aggregate
    const a = Bun.spawn([wl.path, "getppid-hold", "200"], { stdin: "pipe", stdout: "ignore", stderr: "ignore" });
    const b = Bun.spawn([wl.path, "getppid-hold", "300"], { stdin: "pipe", stdout: "ignore", stderr: "ignore" });
    try {
      const rowsNow = () => m.read().map((r) => ({ tgid: r.tgid, comm: r.comm, count: r.count, syscall: r.syscall })).sort((x, y) => x.count - y.count);
      const end = Date.now() + 15000;
      while (rowsNow().reduce((n, r) => n + r.count, 0) < 500 && Date.now() < end) await Bun.sleep(20);
      expect(rowsNow()).toEqual([
        { tgid: a.pid, comm: wl.comm, count: 200, syscall: "sys_getppid" },
        { tgid: b.pid, comm: wl.comm, count: 300, syscall: "sys_getppid" },
      ]);
    } finally {
      a.stdin.end();
      b.stdin.end();
      await Promise.all([a.exited, b.exited]);
    }
  } finally {
    m.close();
    wl.remove();
  }
});

test("examples/local-execve.ts prints execs like the original Go example", async () => {
  const proc = Bun.spawn(["bun", join(ROOT, "examples/local-execve.ts"), "1"], { stdout: "pipe", stderr: "pipe" });
  const tag = `swoll-example-${process.pid}`;
  const end = Date.now() + 15000;
  // keep exec'ing until the example has attached and printed one
  while (proc.exitCode === null && Date.now() < end) {
    Bun.spawnSync(["/bin/true", tag]);
    await Bun.sleep(50);
  }
  expect(await proc.exited).toBe(0);
  const out = await new Response(proc.stdout).text();
  expect(out).toMatch(/^comm:\S+\s+pid:\d+\s+sys_execve\(\{"filename":"[^"]+","argv":\[/);
});
