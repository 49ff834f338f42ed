/** The thread that drains the rings runs at --drain-nice; what swoll launches keeps its own priority. */
import { expect, test, setDefaultTimeout } from "bun:test";
import { rmSync } from "node:fs";
import { niceOf, runSwoll, startTracer, SWOLL, uniquePath, type Tracer } from "../helpers/swoll";
import { startServe } from "../helpers/serve";
import { ownWorkload } from "../helpers/workload";

setDefaultTimeout(60_000);

/** Starts `swoll ARGS` tracing getppid of a workload of its own; resolves once a call of it was streamed. */
async function streaming(args: string[], seen: (t: Tracer) => boolean): Promise<Tracer> {
  const wl = ownWorkload();
  const t = await startTracer([...args, "-s", "getppid", "--comm", wl.comm, "-d", "60s"]);
  try {
    // the priority is set once attached, before the first drain: a streamed call proves it is in place
    for (const end = Date.now() + 15_000; !seen(t) && Date.now() < end; ) {
      wl.run("getppid", "1");
      await Bun.sleep(50);
    }
    expect(seen(t)).toBe(true);
  } finally {
    wl.remove();
  }
  return t;
}

const streamedJson = (t: Tracer) => t.json().some((e) => e.syscall?.name === "sys_getppid");

test("trace: the draining thread runs at nice -10 unless told otherwise", async () => {
  const byDefault = await streaming(["trace", "--json"], streamedJson);
  const asked = await streaming(["trace", "--json", "--drain-nice", "3"], streamedJson);
  const left = await streaming(["trace", "--json", "--drain-nice", "0"], streamedJson);
  try {
    expect(niceOf(byDefault.pid)).toBe(-10);
    expect(niceOf(asked.pid)).toBe(3);
    expect(niceOf(left.pid)).toBe(0);
  } finally {
    await Promise.all([byDefault.stop(), asked.stop(), left.stop()]);
  }
});

test("record: the same flag, the same thread", async () => {
  const file = uniquePath("drain-nice") + ".swoll";
  // "recording to" is said once the priority is set and privileges are dropped
  const t = await streaming(["record", "-w", file, "--drain-nice", "-4"], (t) => t.err().includes("recording to"));
  try {
    expect(niceOf(t.pid)).toBe(-4);
  } finally {
    await t.stop();
    rmSync(file, { force: true });
  }
});

test("serve: the thread that drains the trace streams runs at nice -10; with no stream API it keeps its priority", async () => {
  const sock = uniquePath("drain-nice") + ".sock";
  // "serving …/metrics" is said after the stream API opened and the priority was set
  const streams = await startServe(["--trace-listen", `unix:${sock}`]);
  const none = await startServe(["--trace-listen", "off"]);
  try {
    expect(niceOf(streams.t.pid)).toBe(-10);
    expect(niceOf(none.t.pid)).toBe(0);
  } finally {
    await Promise.all([streams.stop(), none.stop()]);
    rmSync(sock, { force: true });
  }
});

test("trace -- COMMAND: the command runs at its usual priority, not the drain's", () => {
  const r = runSwoll(["trace", "--drain-nice", "-7", "-s", "getppid", "--", "nice"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe("0\n");
});

test("a value out of range is one line naming the range, exit 2", () => {
  for (const cmd of [["trace", "--json"], ["record", "-w", uniquePath("bad-nice")]]) {
    const r = runSwoll([...cmd, "--drain-nice", "-21"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("swoll: invalid --drain-nice '-21'; use a whole number from -20 to 19\n");
  }
});

test("without CAP_SYS_NICE: asked for, it says it was refused; by default, nothing is said", () => {
  const noNice = (args: string[]) => Bun.spawnSync(["setpriv", "--bounding-set", "-sys_nice", SWOLL, "trace", "-s", "getppid", "--json", ...args, "--", "true"], { stdout: "pipe", stderr: "pipe", timeout: 30_000 });
  const asked = noNice(["--drain-nice", "-5"]);
  expect(asked.exitCode).toBe(0);
  expect(asked.stderr.toString()).toContain("swoll: warning: --drain-nice -5 was refused (EACCES): it needs CAP_SYS_NICE");
  const byDefault = noNice([]);
  expect(byDefault.exitCode).toBe(0);
  expect(byDefault.stderr.toString()).not.toContain("drain-nice");
});
