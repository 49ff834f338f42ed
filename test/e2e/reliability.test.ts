/** Loss is never silent, a slow reader cannot grow our memory, tracers do not interfere. */
import { expect, test, setDefaultTimeout } from "bun:test";
import { readFileSync } from "node:fs";
import { bpfLinkCount, expectProgramsGone, startTracer, SWOLL } from "../helpers/swoll";
import { startServe, until } from "../helpers/serve";
import { ownWorkload } from "../helpers/workload";

// The real probe and real processes: each wait is bounded in the test itself.
setDefaultTimeout(60_000);

const isEvent = (e: any) => !e.type;
const lostCount = (lines: any[]) => lines.filter((e) => e.type === "lost").reduce((n, l) => n + l.count, 0);

test("burst while the consumer is paused: events seen + events lost = syscalls made", async () => {
  const threads = 4;
  const perThread = 100_000;
  // A small ring so that the burst certainly overflows it.
  const wl = ownWorkload(); // a comm of its own: no other test's calls can match
  const t = await startTracer(["trace", "-s", "getppid", "--comm", wl.comm, "--json", "--buffer-size", "262144", "-d", "60s"]);
  process.kill(t.pid, "SIGSTOP");
  try {
    wl.run("getppid-threads", String(threads), String(perThread));
  } finally {
    process.kill(t.pid, "SIGCONT");
    wl.remove();
  }
  // drained, and the kernel's loss counters read: every call is an event or counted lost
  await t.waitFor((t) => {
    const lines = t.json();
    return lines.filter(isEvent).length + lostCount(lines) === threads * perThread;
  }, 30_000);
  await t.stop();
  const lines = t.json();
  const seen = lines.filter(isEvent).length;
  const lost = lostCount(lines);
  expect(lost).toBeGreaterThan(0);
  expect(seen).toBeGreaterThan(0);
  expect(seen + lost).toBe(threads * perThread);
  const summary = /^swoll: (\d+) events, (\d+) lost/m.exec(t.err());
  expect(summary).not.toBeNull();
  expect(Number(summary![1])).toBe(seen);
  expect(Number(summary![2])).toBe(lost);
});

test("a reader that stalls: memory stays bounded, losses are counted, output resumes", async () => {
  // stdout goes to a pipe nobody reads for 3 s, then is drained.
  const wl = ownWorkload();
  // no --duration: it ends on SIGINT once the burst is over, however slow the machine is
  const sh = Bun.spawn(["sh", "-c", `exec ${SWOLL} trace -s getppid --comm ${wl.comm} --json -d 5m`], { stdout: "pipe", stderr: "pipe" });
  const end = Date.now() + 10_000;
  while (bpfLinkCount(sh.pid) < 2 && Date.now() < end) await Bun.sleep(20);
  expect(bpfLinkCount(sh.pid)).toBe(2); // attached: every call from here on is seen or counted
  const load = wl.spawn("getppid", "3000000");
  // The stall itself, not a wait for some state: nobody reads stdout for 3 s
  // while the burst runs. VmHWM is a high-water mark, so reading it after is exact.
  await Bun.sleep(3000);
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${sh.pid}/status`, "utf8"))![1]);
  const reading = new Response(sh.stdout).text(); // now read everything
  await load.exited;
  wl.remove();
  sh.kill("SIGINT");
  const text = await reading;
  expect(await sh.exited).toBe(0);
  const lines = text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
  expect(hwmKb / 1024).toBeLessThan(150);
  expect(lostCount(lines)).toBeGreaterThan(0);
  expect(lines.filter(isEvent).length + lostCount(lines)).toBe(3_000_000);
});

test("two tracers at once both see every event, with separate programs", async () => {
  const wl = ownWorkload();
  const a = await startTracer(["trace", "-s", "getppid", "--comm", wl.comm, "--json", "-d", "30s"]);
  const b = await startTracer(["trace", "-s", "getppid", "--comm", wl.comm, "--json", "-d", "30s"]);
  expect(a.progIds.some((id) => b.progIds.includes(id))).toBe(false);
  wl.run("getppid", "5000");
  wl.remove();
  await a.waitFor((t) => t.json().filter(isEvent).length >= 5000);
  await b.waitFor((t) => t.json().filter(isEvent).length >= 5000);
  await Promise.all([a.stop(), b.stop()]);
  expect(a.json().filter(isEvent)).toHaveLength(5000);
  expect(b.json().filter(isEvent)).toHaveLength(5000);
});

test("two tracers with different filters: each sees only its own calls, and one stopping leaves the other tracing", async () => {
  const wa = ownWorkload();
  const wb = ownWorkload();
  const a = await startTracer(["trace", "-s", "getppid", "--comm", wa.comm, "--json", "-d", "40s"]);
  const b = await startTracer(["trace", "-s", "getppid", "--comm", wb.comm, "--json", "-d", "40s"]);
  try {
    wa.run("getppid", "3000");
    wb.run("getppid", "2000");
    await a.waitFor((t) => t.json().filter(isEvent).length >= 3000);
    await b.waitFor((t) => t.json().filter(isEvent).length >= 2000);
    expect(await a.stop()).toBe(0);
    expect(await expectProgramsGone(a.progIds)).toEqual([]);
    wb.run("getppid", "1000"); // b's probe and maps are its own: still there
    await b.waitFor((t) => t.json().filter(isEvent).length >= 3000);
    expect(await b.stop()).toBe(0);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    wa.remove();
    wb.remove();
  }
  const mine = (t: typeof a, comm: string, n: number) => {
    const events = t.json().filter(isEvent);
    expect(events).toHaveLength(n);
    expect(events.every((e) => e.comm === comm)).toBe(true);
  };
  mine(a, wa.comm, 3000);
  mine(b, wb.comm, 3000);
  expect(await expectProgramsGone(b.progIds)).toEqual([]);
});

test("trace and serve at the same time: the stream has every call, and the counters count them", async () => {
  const wl = ownWorkload();
  const s = await startServe();
  const t = await startTracer(["trace", "-s", "getppid", "--comm", wl.comm, "--json", "-d", "40s"]);
  const count = async () => {
    const body = await s.text("/metrics");
    return [...body.matchAll(/^swoll_node_metrics_syscall_count\{syscall="sys_getppid",err="OK"[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
  };
  try {
    const before = await count();
    wl.run("getppid", "5000");
    await t.waitFor((t) => t.json().filter(isEvent).length >= 5000);
    await until("serve to count the calls", count, (n) => n >= before + 5000);
  } finally {
    await t.stop();
    expect(await s.stop()).toBe(0);
    wl.remove();
  }
  expect(t.json().filter(isEvent)).toHaveLength(5000);
  expect(await expectProgramsGone([...t.progIds, ...s.t.progIds])).toEqual([]);
});
