/** The library's strace options against the real probe: following forks, result filters, counting. */
import { expect, test, setDefaultTimeout } from "bun:test";
import { Hub, Tracer } from "../../cli/api";
import { uniquePath, workload } from "../helpers/swoll";
import { waitFor } from "../helpers/wait";

setDefaultTimeout(60_000);

test("Tracer: followForks traces a selected process's children; result: failed keeps only errors", async () => {
  // the workload waits for a byte, then forks a child making five getppid calls
  const wl = Bun.spawn([workload(), "wait-fork-getppid", "5"], { stdin: "pipe", stdout: "ignore", stderr: "ignore" });
  const tracer = Tracer.open({ syscalls: ["getppid", "wait4"], pids: [wl.pid], followForks: true });
  const failing = Tracer.open({ syscalls: ["openat"], comms: ["swoll-wl"], result: "failed" });
  try {
    wl.stdin.write("g");
    await wl.stdin.flush();
    expect(await wl.exited).toBe(0);
    const seen: { pid: number; name: string }[] = [];
    await waitFor(() => (seen.push(...tracer.readBatch().events.map((d) => ({ pid: d.event.pid, name: d.event.syscall.name }))), seen.some((e) => e.name === "sys_wait4")), { what: "the parent's wait4" });
    const kids = seen.filter((e) => e.name === "sys_getppid");
    expect(kids).toHaveLength(5);
    expect(kids.every((e) => e.pid !== wl.pid)).toBe(true);

    const missing = uniquePath("api-failed");
    const open = Bun.spawnSync([workload(), "open", missing, "2"]);
    expect(open.exitCode).toBe(0);
    const events: { path: unknown; error: string | null }[] = [];
    await waitFor(() => (events.push(...failing.readBatch().events.map((d) => ({ path: d.event.args.pathname, error: d.event.error }))), events.filter((e) => e.path === missing).length >= 2), { what: "the two failed openat" });
    // the loader's successful openat calls (libc) were dropped in the kernel
    expect(events.every((e) => e.error !== "OK")).toBe(true);
  } finally {
    tracer.close();
    failing.close();
    wl.kill();
  }
});

test("Hub.start with count: counted() has the kernel's counters of the trace's selection", async () => {
  const hub = await Hub.open({ kubeconfig: false });
  try {
    const t = hub.start(hub.plan({ spec: { syscalls: ["getppid"] } }), { count: "only", watchPids: true, followForks: true });
    const wl = Bun.spawn([workload(), "wait-getppid", "7"], { stdin: "pipe", stdout: "ignore", stderr: "ignore" });
    t.filter.addPid(wl.pid);
    wl.stdin.write("g");
    await wl.stdin.flush();
    expect(await wl.exited).toBe(0);
    const rows = await waitFor(() => {
      const r = t.counted().filter((x) => x.nr === hub.table.byName("getppid")!.nr);
      return r.reduce((n, x) => n + x.count, 0) === 7 && r;
    }, { what: "seven getppid counted" });
    expect(rows.every((r) => r.errno === 0 && r.totalNs > 0n)).toBe(true);
    // count only: nothing was streamed
    expect(t.readBatch().events).toHaveLength(0);
  } finally {
    hub.close();
  }
});
