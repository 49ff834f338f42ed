/**
 * swoll record / swoll replay on the real kernel: a recording replays as
 * the live tracer printed it (pod metadata included, with no kubeconfig
 * and no root), trace's filters apply offline, a killed or cut recording
 * replays up to its last complete frame, and foreign or newer files get
 * one line.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, SWOLL, parseEventLine, startTracer, workload } from "../helpers/swoll";
import { FakeCluster, NODE, envWithoutKubeconfig, eventsOf, tagsIn, type RunningPod } from "../fixtures/k8s/cluster";
import { ChunkType, chunkOf, dataFrame, fileHead } from "../../cli/record/format";
import { RecordingReader } from "../../cli/record/reader";
import { currentLayout } from "../../cli/record/layout";
import { syscallTable } from "../../cli/decode/syscalls";
import { record } from "../decode/record";

const SLOW = 60_000;
const dir = mkdtempSync(join(tmpdir(), "swoll-record-"));
chmodSync(dir, 0o755); // the unprivileged replay reads from here
/** The workload under a comm of this file's own, so other tests' workloads never count. */
const COMM = `swrec${process.pid % 100000}`;
const WL = join(dir, COMM);

function replay(args: string[], opts: { user?: number; env?: Record<string, string> } = {}) {
  const cmd = opts.user !== undefined ? ["setpriv", `--reuid=${opts.user}`, `--regid=${opts.user}`, "--clear-groups", SWOLL, "replay", ...args] : [SWOLL, "replay", ...args];
  const r = Bun.spawnSync(cmd, { stdout: "pipe", stderr: "pipe", timeout: 30000, env: opts.env });
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

const jsonLines = (out: string) => out.split("\n").filter(Boolean).map(parseEventLine);

/** Waits until the recording (as far as it is flushed) satisfies `pred`. */
async function waitForRecording(file: string, pred: (events: any[]) => boolean, timeoutMs = 20000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(file)) {
      const r = replay([file, "--json"]);
      if (r.code === 0 && pred(jsonLines(r.stdout).filter((e) => !e.type))) return;
    }
    if (Date.now() > end) throw new Error(`recording ${file} did not reach the expected state`);
    await Bun.sleep(200);
  }
}

beforeAll(() => {
  copyFileSync(workload(), WL);
  chmodSync(WL, 0o755);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("record and replay with pod metadata", () => {
  const cluster = new FakeCluster();
  let nginx: RunningPod, redis: RunningPod, web: RunningPod;
  const file = join(dir, "pods.swr");
  let live: any[] = [];

  beforeAll(async () => {
    cluster.start();
    nginx = await cluster.runAndPublish({ name: "nginx-7c5ddbdf54-x8p2q", namespace: "default", labels: { app: "nginx" }, qos: "burstable", runtime: "containerd", containers: [{ name: "nginx", image: "docker.io/library/nginx:1.25.3" }, { name: "log-shipper", image: "docker.io/library/busybox:1.36" }] });
    redis = await cluster.runAndPublish({ name: "redis-0", namespace: "shop", labels: { app: "redis" }, qos: "besteffort", runtime: "cri-o", containers: [{ name: "redis", image: "quay.io/opstree/redis:v7.0.12" }] });
    web = await cluster.runAndPublish({ name: "web-5d9c7b6f4-k2m4n", namespace: "shop", labels: { app: "nginx", tier: "web" }, qos: "guaranteed", runtime: "containerd", containers: [{ name: "web", image: "docker.io/library/nginx:1.25.3" }] });
    const sel = ["-s", "execve", "-A", "--kubeconfig", cluster.tokenConfig, "--node", NODE];
    const rec = await startTracer(["record", "-w", file, ...sel, "-d", "40s"]);
    const trace = await startTracer(["trace", ...sel, "--json", "-d", "40s"]);
    const all = [...Object.values(nginx.containers), ...Object.values(redis.containers), ...Object.values(web.containers)];
    try {
      await trace.waitFor((t) => all.every((c) => eventsOf(t.json(), c).length >= 3), 25000);
      await waitForRecording(file, (ev) => all.every((c) => eventsOf(ev, c).length >= 3));
    } finally {
      expect(await rec.stop("SIGINT")).toBe(0);
      await trace.stop("SIGINT");
    }
    expect(rec.err()).toMatch(/^swoll: recording to .*pods\.swr\nswoll: recorded \d+ events to .*pods\.swr \(\d+ bytes\)/m);
    live = trace.json().filter((e) => !e.type);
    chmodSync(file, 0o644);
  }, SLOW);

  afterAll(async () => cluster.cleanup(), SLOW);

  test("replay --json as an unprivileged user without a kubeconfig: the live tracer's events, container metadata included", () => {
    const home = mkdtempSync(join(dir, "home-"));
    chmodSync(home, 0o755);
    const r = replay([file, "--json"], { user: 65534, env: envWithoutKubeconfig(home) });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const replayed = jsonLines(r.stdout);
    const c = nginx.containers.nginx!;
    const ev = eventsOf(replayed, c)[0];
    expect(ev.container).toMatchObject({ id: c.id, pod: "nginx-7c5ddbdf54-x8p2q", name: "nginx", namespace: "default", image: "docker.io/library/nginx:1.25.3", labels: { app: "nginx" }, "pod-uid": nginx.uid });
    // every call both saw is the same object; each probe times the call itself, so only the times differ, by little
    const key = (e: any) => `${e.tid}/${JSON.stringify(e.args)}`;
    const byKey = new Map(replayed.map((e) => [key(e), e]));
    const both = live.filter((e) => byKey.has(key(e)));
    expect(both.length).toBeGreaterThanOrEqual(9);
    const untimed = (e: any) => ({ ...e, time: undefined, start: undefined, finish: undefined });
    for (const e of both) {
      const r2 = byKey.get(key(e));
      expect(untimed(r2)).toEqual(untimed(e));
      expect(Math.abs(r2.start - e.start)).toBeLessThan(5_000_000);
    }
  }, SLOW);

  test("trace's selection flags apply offline: --pod, -n, -l, --container, -s, --comm", () => {
    const tags = (args: string[]) => tagsIn(jsonLines(replay([file, "--json", ...args]).stdout));
    const t = (p: RunningPod) => Object.values(p.containers).map((c) => c.tag);
    expect(tags(["--pod", "nginx"])).toEqual(new Set(t(nginx)));
    expect(tags(["-n", "shop"])).toEqual(new Set([...t(redis), ...t(web)]));
    expect(tags(["-l", "tier=web"])).toEqual(new Set(t(web)));
    expect(tags(["--pod", "nginx", "--container", "log-shipper"])).toEqual(new Set([nginx.containers["log-shipper"]!.tag]));
    expect(tags(["-s", "openat"]).size).toBe(0);
    expect(jsonLines(replay([file, "--json", "--comm", "no-such-comm"]).stdout)).toEqual([]);
    const limited = jsonLines(replay([file, "--json", "--limit", "2"]).stdout);
    expect(limited.length).toBe(2);
  }, SLOW);

  test("top --replay --once -o json: grouped by the recorded pods, counts as replay counts them, --from/--to narrow the window", () => {
    const top = (args: string[]) => {
      const r = Bun.spawnSync([SWOLL, "top", "--replay", file, "--once", "-o", "json", ...args], { stdout: "pipe", stderr: "pipe", timeout: 30000 });
      expect(r.stderr.toString()).toBe("");
      return JSON.parse(r.stdout.toString());
    };
    const all = jsonLines(replay([file, "--json"]).stdout).filter((e) => !e.type);
    const byPod = top(["--group", "pod"]);
    const row = byPod.rows.find((r: any) => r.name.includes("nginx-7c5ddbdf54-x8p2q"));
    expect(row.count).toBe(all.filter((e) => e.container?.pod === "nginx-7c5ddbdf54-x8p2q").length);
    expect(byPod.rows.some((r: any) => r.name.includes("redis-0"))).toBe(true);
    const whole = top(["--group", "syscall"]);
    expect(whole.rows.reduce((n: number, r: any) => n + r.count, 0)).toBe(all.length);
    const start = Math.min(...all.map((e) => e.finish));
    const mid = all.map((e) => e.finish).sort((a, b) => a - b)[Math.floor(all.length / 2)];
    const firstHalf = top(["--group", "syscall", "--to", new Date(Date.parse(all.find((e) => e.finish === mid).time)).toISOString()]);
    const n = firstHalf.rows.reduce((k: number, r: any) => k + r.count, 0);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(all.length);
    expect(start).toBeLessThanOrEqual(mid);
  }, SLOW);

  test("top --replay in a real terminal: the recorded pods as rows, q quits cleanly", async () => {
    const sock = `swoll-rec-${process.pid}`;
    const tmux = (...a: string[]) => Bun.spawnSync(["tmux", "-L", sock, "-f", "/dev/null", ...a], { stdout: "pipe", stderr: "pipe" }).stdout.toString();
    try {
      tmux("new-session", "-d", "-s", "r", "-x", "160", "-y", "40", `sh -c '${SWOLL} top --replay ${file} --group pod --speed 1000; echo swoll-exit=$?; exec sleep 600'`);
      const until = async (pred: (s: string) => boolean, what: string) => {
        const end = Date.now() + 20000;
        for (let s = tmux("capture-pane", "-p", "-t", "r"); !pred(s); s = tmux("capture-pane", "-p", "-t", "r")) {
          if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${s}`);
          await Bun.sleep(100);
        }
      };
      await until((s) => s.includes("nginx-7c5ddbdf54-x8p2q") && s.includes("redis-0"), "the recorded pods");
      tmux("send-keys", "-t", "r", "q");
      await until((s) => s.includes("swoll-exit=0"), "a clean exit");
    } finally {
      Bun.spawnSync(["tmux", "-L", sock, "kill-server"], { stderr: "ignore" });
    }
  }, SLOW);

  test("text replay prints the strace-style line, times in the recording's zone or with --utc as live", () => {
    const r = replay([file, "--pod", "redis", "--utc"]);
    expect(r.code).toBe(0);
    const tag = redis.containers.redis!.tag;
    const line = r.stdout.split("\n").find((l) => l.includes(tag))!;
    expect(line).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} .*\\(\\d+\\) execve\\("/bin/echo", \\["/bin/echo", "${tag}"\\]`));
    const ev = eventsOf(jsonLines(replay([file, "--json", "--pod", "redis"]).stdout), redis.containers.redis!)[0];
    const first = r.stdout.split("\n").find((l) => l.includes(`(${ev.pid})`))!;
    expect(first.slice(0, 15)).toBe(ev.time.slice(11, 26));
  }, SLOW);
});

describe("cut, killed, foreign and newer files", () => {
  test("a recorder killed with SIGKILL leaves a file that replays up to its last complete frame and says so", async () => {
    const file = join(dir, "killed.swr");
    const rec = await startTracer(["record", "-w", file, "-s", "openat", "--comm", COMM, "-d", "40s"]);
    const wl = Bun.spawn([WL, "open-loop", "/swoll-record-killed", "30"]);
    try {
      await waitForRecording(file, (ev) => ev.filter((e) => e.comm === COMM).length >= 20);
      rec.proc.kill("SIGKILL");
      await rec.exited;
    } finally {
      wl.kill();
    }
    const r = replay([file, "--json"]);
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events.filter((e) => e.args?.pathname === "/swoll-record-killed").length).toBeGreaterThanOrEqual(20);
    expect(r.stderr).toMatch(/^swoll: .*killed\.swr was cut short \(.*\): the recorder did not finish; replayed \d+ events up to the last complete frame\n$/);
  }, SLOW);

  test("a file cut in the middle of a frame replays the frames before the cut", async () => {
    const file = join(dir, "whole.swr");
    const rec = await startTracer(["record", "-w", file, "-s", "getppid", "--comm", COMM, "-d", "30s"]);
    Bun.spawnSync([WL, "getppid", "3000"]);
    await waitForRecording(file, (ev) => ev.filter((e) => e.comm === COMM).length === 3000);
    await rec.stop("SIGINT");
    const whole = jsonLines(replay([file, "--json"]).stdout).filter((e) => e.comm === COMM);
    expect(whole.length).toBe(3000);
    const cut = join(dir, "cut.swr");
    copyFileSync(file, cut);
    truncateSync(cut, statSync(cut).size - 10);
    const r = replay([cut, "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("was cut short (its last frame is cut short");
    const partial = jsonLines(r.stdout).filter((e) => e.comm === COMM);
    expect(partial).toEqual(whole.slice(0, partial.length));
  }, SLOW);

  test("foreign, corrupt, newer, missing and FIFO files: one line, non-zero exit, no hang", () => {
    const newer = join(dir, "newer.swr");
    const head = fileHead();
    new DataView(head.buffer).setUint32(16, 99, true);
    writeFileSync(newer, head);
    const corrupt = join(dir, "corrupt.swr");
    writeFileSync(corrupt, Buffer.concat([fileHead(), Buffer.from("garbage-garbage-garbage")]));
    const noHeader = join(dir, "noheader.swr");
    writeFileSync(noHeader, Buffer.concat([fileHead(), dataFrame(new TextEncoder().encode("\x05\0\0\0\x02\0\0\0{}"))]));
    // a real header, then metadata that is not JSON (a crafted file, not a cut one)
    const realHeader = RecordingReader.open(join(ROOT, "test", "fixtures", "recordings", "v1-openat.swr"));
    const badMeta = join(dir, "badmeta.swr");
    const text = (s: string) => new TextEncoder().encode(s);
    writeFileSync(badMeta, Buffer.concat([fileHead(), dataFrame(chunkOf(ChunkType.Header, text(JSON.stringify(realHeader.header)))), dataFrame(chunkOf(ChunkType.Meta, text("{not json")))]));
    realHeader.close();
    const fifo = join(dir, "fifo");
    Bun.spawnSync(["mkfifo", fifo]);
    const cases: [string, RegExp][] = [
      ["/etc/hostname", /is not a swoll recording \(no SWOLLREC header\); record one with: swoll record -w FILE$/],
      [newer, /is recording format 99, newer than this swoll reads \(up to 1\); replay it with a newer swoll$/],
      [corrupt, /is corrupt: no frame at byte 20$/],
      [noHeader, /does not start with a recording header$/],
      [badMeta, /badmeta\.swr: its metadata is not valid JSON: the file is corrupt$/],
      [join(dir, "missing.swr"), /cannot open .*missing\.swr: no such file$/],
      [fifo, /is not a regular file; give the file swoll record -w wrote$/],
    ];
    for (const [f, re] of cases) {
      const r = replay([f]);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(re);
    }
    // top --replay reads the same files: the same line, not an internal error
    const top = Bun.spawnSync([SWOLL, "top", "--replay", badMeta, "--once", "--no-color"], { stdout: "pipe", stderr: "pipe", timeout: 30000 });
    expect(top.exitCode).toBe(2);
    expect(top.stderr.toString()).toMatch(/^swoll: \S*badmeta\.swr: its metadata is not valid JSON: the file is corrupt; the table covers what was read before\n$/);
  }, SLOW);

  test("a committed recording of format 1 replays exactly as it did when it was made", () => {
    const fixture = join(ROOT, "test", "fixtures", "recordings", "v1-openat.swr");
    const r = replay([fixture, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(readFileSync(join(ROOT, "test", "fixtures", "recordings", "v1-openat.jsonl"), "utf8"));
    const text = replay([fixture, "--utc", "--no-color"]);
    expect(text.stdout).toBe(readFileSync(join(ROOT, "test", "fixtures", "recordings", "v1-openat.txt"), "utf8"));
  }, SLOW);
});

describe("bounds", () => {
  test("--limit: exactly that many events, then the recorder stops by itself", async () => {
    const file = join(dir, "limit.swr");
    const rec = await startTracer(["record", "-w", file, "-s", "getppid", "--comm", COMM, "--limit", "100", "-d", "30s"]);
    Bun.spawnSync([WL, "getppid", "5000"]);
    expect(await rec.exited).toBe(0);
    const events = jsonLines(replay([file, "--json"]).stdout);
    expect(events.length).toBe(100);
    expect(events.every((e) => e.comm === COMM && e.syscall.name === "sys_getppid")).toBe(true);
  }, SLOW);

  /** Records getppid under --max-size while the workload floods it; the recorder ends by itself at the bound. */
  async function recordFlood(file: string, maxSize: string) {
    const rec = await startTracer(["record", "-w", file, "-s", "getppid", "--comm", COMM, "--max-size", maxSize, "-d", "30s"]);
    const wl = Bun.spawn([WL, "getppid", "50000000"]);
    try {
      expect(await rec.exited).toBe(0);
    } finally {
      wl.kill();
    }
    return rec;
  }

  test("--max-size: the file stays under the bound and the recording ends complete", async () => {
    const file = join(dir, "max.swr");
    await recordFlood(file, "64K");
    expect(statSync(file).size).toBeLessThanOrEqual(64 * 1024 + 4096);
    const r = replay([file, "--json"]);
    expect(r.stderr).toBe(""); // complete: it has its End chunk
    expect(jsonLines(r.stdout).length).toBeGreaterThan(100);
  }, SLOW);

  test("--max-size smaller than the first second of events: the header still goes in, the events past the bound are counted lost", async () => {
    const file = join(dir, "max-small.swr");
    const rec = await recordFlood(file, "4K");
    expect(statSync(file).size).toBeLessThanOrEqual(4096 + 4096);
    const r = replay([file, "--json"]);
    // the header is not lost with the frame of events that did not fit: the file opens, and is complete
    expect(r.stderr).toBe("");
    const done = /swoll: recorded (\d+) events to .* \((\d+) bytes\), (\d+) lost/.exec(rec.err());
    expect(done).not.toBeNull();
    // the events; the kernel's losses during the recording are lines of their own
    expect(jsonLines(r.stdout).filter((e) => e.syscall).length).toBe(Number(done![1]));
    expect(Number(done![3])).toBeGreaterThan(0);
  }, SLOW);

  test("--flight-recorder: SIGUSR1 writes the window while recording goes on", async () => {
    const file = join(dir, "flight-usr1.swr");
    const rec = await startTracer(["record", "-w", file, "-s", "openat", "--comm", COMM, "--flight-recorder", "64K", "-d", "40s"]);
    await rec.waitFor((t) => t.err().includes("swoll: recording to"), 20000); // its SIGUSR1 handler is in place
    Bun.spawnSync([WL, "open", "/swoll-flight-usr1", "20"]);
    rec.proc.kill("SIGUSR1");
    await waitForRecording(file, (ev) => ev.filter((e) => e.args?.pathname === "/swoll-flight-usr1").length === 20);
    expect(rec.proc.exitCode).toBeNull(); // still recording
    Bun.spawnSync([WL, "open", "/swoll-flight-after", "5"]);
    expect(await rec.stop("SIGINT")).toBe(0);
    const events = jsonLines(replay([file, "--json"]).stdout).filter((e) => e.comm === COMM);
    expect(events.filter((e) => e.args.pathname === "/swoll-flight-usr1").length).toBe(20);
    expect(events.filter((e) => e.args.pathname === "/swoll-flight-after").length).toBe(5);
  }, SLOW);

  test("--flight-recorder: only the last SIZE of events reach the file, the newest included, on SIGINT", async () => {
    const file = join(dir, "flight.swr");
    const rec = await startTracer(["record", "-w", file, "-s", "openat", "--comm", COMM, "--flight-recorder", "64K", "-d", "40s"]);
    Bun.spawnSync([WL, "open", "/swoll-flight-early", "2000"]);
    Bun.spawnSync([WL, "open", "/swoll-flight-late", "50"]);
    // nothing is written while the window fills
    expect(statSync(file).size).toBeLessThan(100);
    expect(await rec.stop("SIGINT")).toBe(0);
    const events = jsonLines(replay([file, "--json"]).stdout).filter((e) => e.comm === COMM);
    const late = events.filter((e) => e.args.pathname === "/swoll-flight-late");
    const early = events.filter((e) => e.args.pathname === "/swoll-flight-early");
    expect(late.length).toBe(50);
    expect(early.length).toBeGreaterThan(0);
    expect(early.length).toBeLessThan(2000); // the window dropped the oldest
    // kept records are the newest: in order, and no early call after a late one
    expect(events.map((e) => e.start)).toEqual([...events.map((e) => e.start)].sort((a, b) => a - b));
  }, SLOW);
});

describe("replay --speed", () => {
  test("paces events as recorded: no line before its time at the given factor, the same lines as unpaced", async () => {
    const file = join(ROOT, "test/fixtures/recordings/v1-openat.swr");
    const unpaced = Bun.spawnSync([SWOLL, "replay", "--json", file], { stdout: "pipe" }).stdout.toString();
    const events = unpaced.split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.syscall);
    const span = (events.at(-1).finish - events[0].finish) / 1e6; // ms as recorded
    expect(events.length).toBeGreaterThan(5);
    const speed = span / 1500; // the recording's few milliseconds over ~1.5 s
    const t0 = performance.now();
    const p = Bun.spawn([SWOLL, "replay", "--json", "--speed", String(speed), file], { stdout: "pipe", stderr: "pipe" });
    const arrivals: { at: number; line: string }[] = [];
    let rest = "";
    for await (const chunk of p.stdout) {
      const at = performance.now() - t0;
      const lines = (rest + new TextDecoder().decode(chunk)).split("\n");
      rest = lines.pop()!;
      for (const line of lines) arrivals.push({ at, line });
    }
    expect(await p.exited).toBe(0);
    expect(arrivals.map((a) => a.line + "\n").join("")).toBe(unpaced);
    const paced = arrivals.filter((a) => JSON.parse(a.line).syscall);
    // replay's clock starts after the spawn: no line may arrive before its due time counted from the spawn (late is the machine's load)
    paced.forEach((a, i) => expect(a.at).toBeGreaterThanOrEqual((events[i].finish - events[0].finish) / 1e6 / speed));
    expect(paced.at(-1)!.at).toBeGreaterThanOrEqual(1500);
  });

  test("a call that blocked since before the recording does not hold back the calls after it", () => {
    // the first record finishes first but started an hour earlier (a wait that began before the recorder);
    // the next finishes 10 ms after it: at --speed 1 it is due 10 ms later, not in an hour
    const getppid = syscallTable().byName("getppid")!.nr;
    const rec = (start: bigint, finish: bigint) => {
      const r = record({ nr: getppid, ret: 1n, start, finish, at: 8 });
      return chunkOf(ChunkType.Events, r.buf.subarray(0, 8 + ((r.size + 7) & ~7)));
    };
    const header = RecordingReader.open(join(ROOT, "test", "fixtures", "recordings", "v1-openat.swr"));
    const json = Buffer.from(JSON.stringify({ ...header.header, layout: currentLayout() }));
    header.close();
    const file = join(dir, "blocked.swr");
    const s = 1_000_000_000n;
    writeFileSync(file, Buffer.concat([fileHead(), dataFrame(chunkOf(ChunkType.Header, json)), dataFrame(Buffer.concat([rec(100n * s, 3700n * s), rec(3700n * s, 3700n * s + 10_000_000n)]))]));
    // paced by the start, the second line would be an hour away: the deadline would kill it first
    const r = Bun.spawnSync([SWOLL, "replay", "--json", "--speed", "1", file], { stdout: "pipe", stderr: "pipe", timeout: 20_000 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.toString().split("\n").filter((l) => l.includes('"syscall"'))).toHaveLength(2);
  }, 30_000);
});
