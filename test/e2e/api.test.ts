/** The library API against the real probe, and the runnable examples. */
import { expect, test, setDefaultTimeout } from "bun:test";
import { join } from "node:path";
import { Tracer, type TraceEvent } from "../../cli/api";
import { runWorkload, uniquePath, ROOT } from "../helpers/swoll";

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
    await Bun.sleep(100);
    const { events } = tracer.readBatch();
    expect(events.filter((d) => d.event.syscall.name === "sys_getppid")).toHaveLength(10);
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
