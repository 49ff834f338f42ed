/**
 * Every way `swoll trace` ends accounts for every event, detaches its
 * probe and does not hang on its output: a slow reader then SIGTERM, a
 * reader that keeps up then SIGTERM under a running producer, a reader
 * that never reads then SIGINT, and `| head -n 1` on a rare call.
 * The tracer runs in a real shell pipeline, so its stdout is a real pipe.
 */
import { afterEach, expect, test, setDefaultTimeout } from "bun:test";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { bpfLinkCount, bpfProgIdsOf, expectProgramsGone, parseEventLine, ROOT, SWOLL } from "../helpers/swoll";
import { ownWorkload, type OwnWorkload } from "../helpers/workload";

setDefaultTimeout(90_000);

const SLOW_READER = join(ROOT, "test", "fixtures", "slow-reader.ts");
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function tmp(tag: string): string {
  const p = `/tmp/swoll-exit-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  cleanups.push(() => rmSync(p, { force: true }));
  return p;
}

function own(): OwnWorkload {
  const wl = ownWorkload();
  cleanups.push(() => wl.remove());
  return wl;
}

/** The pid of the swoll process in a pipeline, found by the workload comm it filters on. */
async function swollPid(comm: string, timeoutMs = 15_000): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const d of readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const argv = readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0");
        if (argv[0] === SWOLL && argv.includes(comm)) return Number(d);
      } catch {
        // gone meanwhile
      }
    }
    if (Date.now() > end) throw new Error(`no swoll process for ${comm}`);
    await Bun.sleep(20);
  }
}

async function attached(pid: number, timeoutMs = 15_000): Promise<number[]> {
  const end = Date.now() + timeoutMs;
  while (bpfLinkCount(pid) < 2) {
    if (Date.now() > end) throw new Error("swoll did not attach");
    await Bun.sleep(20);
  }
  return bpfProgIdsOf(pid);
}

async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      readFileSync(`/proc/${pid}/stat`);
    } catch {
      return true;
    }
    await Bun.sleep(10);
  }
  return false;
}

const lostOf = (lines: any[], cause?: string) => lines.filter((l) => l.type === "lost" && (!cause || l.cause === cause)).reduce((n, l) => n + l.count, 0);
/** Complete lines only: swoll never leaves half a line, and the test must not hide it if it did. */
const jsonLines = (text: string) => text.slice(0, text.lastIndexOf("\n") + 1).split("\n").filter((l) => l.startsWith("{")).map(parseEventLine);

test("slow reader, then SIGTERM: printed + lost (shutdown included) = calls made", async () => {
  const wl = own();
  const out = tmp("slow-out");
  const err = tmp("slow-err");
  const calls = 200_000;
  // 4 KiB every 10 ms: about a thousand lines a second, far slower than the calls come
  const sh = Bun.spawn(["sh", "-c", `${SWOLL} trace -s getppid --comm ${wl.comm} --json --buffer-size 262144 2>${err} | ${process.execPath} ${SLOW_READER} 4096 10 >${out}`]);
  cleanups.push(() => sh.kill("SIGKILL"));
  const pid = await swollPid(wl.comm);
  await attached(pid);
  wl.run("getppid", String(calls));
  process.kill(pid, "SIGTERM");
  expect(await gone(pid, 10_000)).toBe(true);
  await sh.exited;
  const outText = readFileSync(out, "utf8");
  expect(outText.endsWith("\n")).toBe(true); // no half line left at exit
  const lines = jsonLines(outText);
  const errText = readFileSync(err, "utf8");
  const printed = lines.filter((l) => !l.type).length;
  // the final lost lines go to stdout when it takes them, else to stderr
  const all = [...lines, ...jsonLines(errText)];
  expect(lostOf(all, "shutdown")).toBeGreaterThan(0); // the reader was too slow for everything to be printed
  expect(printed + lostOf(all)).toBe(calls);
  const summary = /^swoll: (\d+) events, (\d+) lost/m.exec(errText);
  expect(summary).not.toBeNull();
  expect(Number(summary![1])).toBe(printed);
  expect(Number(summary![1]) + Number(summary![2])).toBe(calls);
});

test("a reader that keeps up, SIGTERM while the calls still come: the rings' last records are printed, none lost at exit", async () => {
  const wl = own();
  const out = tmp("fast-out");
  const err = tmp("fast-err");
  const sh = Bun.spawn(["sh", "-c", `${SWOLL} trace -s getppid --comm ${wl.comm} --json >${out} 2>${err}`]);
  cleanups.push(() => sh.kill("SIGKILL"));
  const pid = await swollPid(wl.comm);
  const progs = await attached(pid);
  // two unpaced producers, still calling when the signal comes: the rings are never empty then
  const producer = wl.spawn("getppid-threads", "2", "1000000000");
  cleanups.push(() => producer.kill("SIGKILL"));
  const end = Date.now() + 20_000;
  while (Bun.file(out).size < 2_000_000) {
    if (Date.now() > end) throw new Error("the tracer printed less than 2 MB of events in 20 s");
    await Bun.sleep(20);
  }
  process.kill(pid, "SIGTERM");
  expect(await gone(pid, 10_000)).toBe(true);
  producer.kill("SIGKILL");
  await sh.exited;
  expect(await expectProgramsGone(progs)).toEqual([]);
  const outText = readFileSync(out, "utf8");
  expect(outText.endsWith("\n")).toBe(true);
  const lines = jsonLines(outText);
  const printed = lines.filter((l) => !l.type).length;
  const errText = readFileSync(err, "utf8");
  const all = [...lines, ...jsonLines(errText)];
  // detached at the signal, then drained: nothing was left in the rings to count as lost
  expect(lostOf(all, "shutdown")).toBe(0);
  expect(errText).not.toContain("not delivered at exit");
  const summary = /^swoll: (\d+) events, (\d+) lost/m.exec(errText);
  expect(summary).not.toBeNull();
  expect(Number(summary![1])).toBe(printed);
  expect(Number(summary![2])).toBe(lostOf(all));
});

test("a reader that never reads, then SIGINT: exits, detaches, and the last lost line goes to stderr", async () => {
  const wl = own();
  const err = tmp("stall-err");
  // `sleep` never reads its stdin: once the pipe is full, every write would block
  const sh = Bun.spawn(["sh", "-c", `${SWOLL} trace -s getppid --comm ${wl.comm} --json 2>${err} | sleep 60`]);
  cleanups.push(() => sh.kill("SIGKILL"));
  const pid = await swollPid(wl.comm);
  const progs = await attached(pid);
  wl.run("getppid", "50000"); // far more than a pipe holds
  const sent = Date.now();
  process.kill(pid, "SIGINT");
  // within about a second whatever stdout does; the deadline here is generous for a loaded machine
  expect(await gone(pid, 5_000)).toBe(true);
  const tookMs = Date.now() - sent;
  expect(await expectProgramsGone(progs)).toEqual([]);
  const errText = readFileSync(err, "utf8");
  const shutdown = jsonLines(errText).filter((l) => l.type === "lost" && l.cause === "shutdown");
  expect(shutdown).toHaveLength(1);
  expect(shutdown[0].count).toBeGreaterThan(0);
  expect(errText).toMatch(/^swoll: \d+ events, \d+ lost: .*\d+ \(not delivered at exit\)$/m);
  expect(tookMs).toBeLessThan(5_000);
});

test("| head -n 1 on a rare call ends when head does, though no further event comes", async () => {
  const wl = own();
  const out = tmp("head-out");
  const sh = Bun.spawn(["sh", "-c", `${SWOLL} trace -s getppid --comm ${wl.comm} --json | head -n 1 >${out}`], { stderr: "pipe" });
  cleanups.push(() => sh.kill("SIGKILL"));
  const pid = await swollPid(wl.comm);
  await attached(pid);
  wl.run("getppid", "1"); // one event: head prints it and exits; nothing else will ever be written
  expect(await gone(pid, 10_000)).toBe(true);
  expect(await sh.exited).toBe(0);
  const line = readFileSync(out, "utf8").trim();
  expect(line.split("\n")).toHaveLength(1);
  expect(parseEventLine(line).comm).toBe(wl.comm);
  expect(await new Response(sh.stderr).text()).toBe("");
});
