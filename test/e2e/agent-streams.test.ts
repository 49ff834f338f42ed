/**
 * `swoll serve`'s trace stream API over local HTTP (a unix socket): one
 * real agent with the fake API server, two pods on its node (one
 * selected) and one on another node.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FakeCluster, NODE } from "../fixtures/k8s/cluster";
import { Validator } from "../decode/jsonschema";
import { bpfProgIdsOf, bpfProgNamesOf, kernelRulesOf, runSwoll, SWOLL } from "../helpers/swoll";
import { until } from "../helpers/serve";

const SCHEMA = new Validator(JSON.parse(readFileSync(join(import.meta.dir, "../../docs/event.schema.json"), "utf8")));
const cluster = new FakeCluster();
const NOBODY = 65534;
/** The agent; started here rather than with startServe, whose 15 s attach deadline a busy CI machine can miss. */
let agent: { pid: number; err: () => string; metrics: () => Promise<string>; stop: () => Promise<number> };

async function startAgent(args: string[]): Promise<typeof agent> {
  const proc = Bun.spawn([SWOLL, "serve", "--listen", "127.0.0.1:0", ...args], { stdout: "ignore", stderr: "pipe" });
  let err = "";
  const dec = new TextDecoder();
  const done = (async () => {
    for await (const c of proc.stderr as ReadableStream<Uint8Array>) err += dec.decode(c, { stream: true });
  })();
  const end = Date.now() + 120_000;
  while (!/serving http:\/\/127\.0\.0\.1:\d+\/metrics/.test(err)) {
    if (proc.exitCode !== null || Date.now() > end) throw new Error(`agent did not start: ${err}`);
    await Bun.sleep(50);
  }
  const port = /127\.0\.0\.1:(\d+)\/metrics/.exec(err)![1];
  return {
    pid: proc.pid,
    err: () => err,
    metrics: async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
    stop: async () => (proc.kill("SIGTERM"), await done, await proc.exited),
  };
}
let sock = "";

function post(body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch("http://agent/v1/streams", { unix: sock, method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), signal } as RequestInit);
}

/** Lines of a stream until `until` says stop (or the deadline); the request is then aborted. */
async function readLines(res: Response, until: (lines: any[]) => boolean, ac: AbortController, ms = 120_000): Promise<any[]> {
  const lines: any[] = [];
  const dec = new TextDecoder();
  let buf = "";
  const end = Date.now() + ms;
  const reader = res.body!.getReader();
  try {
    while (!until(lines)) {
      if (Date.now() > end) throw new Error(`timed out; got ${lines.length} lines: ${JSON.stringify(lines.slice(-3))}`);
      const r = await Promise.race([reader.read(), Bun.sleep(Math.max(1, end - Date.now())).then(() => null)]);
      if (!r || r.done) continue;
      buf += dec.decode(r.value, { stream: true });
      const parts = buf.split("\n");
      buf = parts.pop()!;
      for (const p of parts) lines.push(JSON.parse(p));
    }
  } finally {
    ac.abort();
  }
  return lines;
}

const echoOf = (tag: string) => (l: any) => l.args?.filename === "/bin/echo" && l.args.argv?.[1] === tag;

let selected: Awaited<ReturnType<FakeCluster["runAndPublish"]>>;
let other: Awaited<ReturnType<FakeCluster["runAndPublish"]>>;
let elsewhere: Awaited<ReturnType<FakeCluster["runAndPublish"]>>;

beforeAll(async () => {
  cluster.start();
  selected = await cluster.runAndPublish({ name: "web-1", namespace: "web", labels: { app: "nginx" }, qos: "besteffort", runtime: "containerd", containers: [{ name: "nginx", image: "nginx:1" }] });
  other = await cluster.runAndPublish({ name: "db-1", namespace: "web", labels: { app: "db" }, qos: "besteffort", runtime: "containerd", containers: [{ name: "db", image: "db:1" }] });
  // its Pod object says another node: this agent must not serve it
  elsewhere = await cluster.runAndPublish({ name: "web-9", namespace: "web", labels: { app: "nginx" }, qos: "besteffort", runtime: "containerd", containers: [{ name: "nginx", image: "nginx:1" }], node: "some-other-node" });
  sock = join(cluster.dir, "trace.sock");
  agent = await startAgent(["--kubeconfig", cluster.tokenConfig, "--node", NODE, "--trace-listen", `unix:${sock}`, "--stream-queue-bytes", String(1 << 20)]);
  expect(agent.err()).toMatch(/serving trace streams for node swoll-test-node on unix:/);
}, 150_000);

afterAll(async () => {
  await agent?.stop();
  await cluster.cleanup();
}, 150_000);

describe("trace stream API", () => {
  test("the socket is root's alone, and /v1/version names the agent, API and node", async () => {
    const st = Bun.spawnSync(["stat", "-c", "%a %U %F", sock]).stdout.toString().trim();
    expect(st).toBe("600 root socket");
    const v = await (await fetch("http://agent/v1/version", { unix: sock } as RequestInit)).json();
    expect(v).toEqual({ agent: expect.stringMatching(/^\d+\.\d+\.\d+/), streamApi: 1, node: NODE });
  });

  test("a bad spec is a 400 with one line naming the field", async () => {
    const cases: [unknown, RegExp][] = [
      [{ syscalls: ["execvee"], namespace: "web" }, /^invalid stream spec: syscalls: unknown syscall 'execvee'.*did you mean execve/],
      [{ namespace: "web", labelSelector: "app in (" }, /^invalid labelSelector 'app in \('/],
      [{ namespace: "web", labelSelector: { matchExpressions: [{ key: "app", operator: "Near", values: ["x"] }] } }, /operator/],
      [{ syscalls: ["execve"] }, /^invalid stream spec: namespace: give a namespace, or "allNamespaces": true/],
      [{ namespace: "web", colour: "red" }, /^invalid stream spec: colour: unknown field/],
      [{ namespace: "web", duration: "forever" }, /^invalid stream spec: duration:/],
      ["{not json", /^invalid stream spec: not JSON/],
    ];
    for (const [body, want] of cases) {
      const res = await post(body);
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toMatch(want);
      expect(text.trimEnd().split("\n")).toHaveLength(1);
    }
  }, 150_000);

  test("a stream carries the selected pod's calls on this node, each with its node, plus heartbeats; every line fits the schema", async () => {
    const ac = new AbortController();
    const res = await post({ syscalls: ["execve"], namespace: "web", labelSelector: { matchLabels: { app: "nginx" } } }, ac.signal);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const tag = selected.containers.nginx!.tag;
    const lines = await readLines(res, (ls) => ls.filter(echoOf(tag)).length >= 3 && ls.some((l) => l.type === "heartbeat"), ac);
    for (const l of lines) expect(SCHEMA.validate(l)).toEqual([]);
    const events = lines.filter((l) => l.type === undefined);
    expect(events.every((e) => e.node === NODE && e.syscall.name === "sys_execve" && e.container?.pod === "web-1")).toBe(true);
    // the other pods ran all along: db-1 is not selected, web-9 is not on this node
    expect(lines.some(echoOf(other.containers.db!.tag))).toBe(false);
    expect(lines.some(echoOf(elsewhere.containers.nginx!.tag))).toBe(false);
    expect(lines.find((l) => l.type === "heartbeat")).toEqual({ type: "heartbeat", node: NODE, time: expect.any(String) });
  }, 150_000);

  test("text output adds the strace-style line; a duration ends the stream with an end line", async () => {
    const ac = new AbortController();
    const res = await post({ syscalls: ["execve"], namespace: "web", pods: ["web"], output: "text", duration: "2s" }, ac.signal);
    const lines = await readLines(res, (ls) => ls.some((l) => l.type === "end"), ac);
    const ev = lines.find(echoOf(selected.containers.nginx!.tag));
    expect(ev.text).toMatch(/^\d\d:\d\d:\d\d\.\d{6} echo\(\d+\) execve\("\/bin\/echo", \["\/bin\/echo", "swoll-e2e-web-1-nginx-\w+"\]/);
    expect(lines.at(-1)).toEqual({ type: "end", node: NODE, time: expect.any(String), reason: "duration" });
    for (const l of lines) expect(SCHEMA.validate(l)).toEqual([]);
  }, 150_000);

  test("streams share the agent's one probe: several open at once add rules, not programs; a closed client frees its rule", async () => {
    const progs = bpfProgIdsOf(agent.pid).sort();
    const names = bpfProgNamesOf(agent.pid);
    expect(names).toContain("swoll_enter");
    expect(new Set(names).size).toBe(names.length); // one set: no program twice
    const base = await until("the earlier tests' streams to be gone", () => kernelRulesOf(agent.pid)!, (r) => r.stream === 0);
    const tag = selected.containers.nginx!.tag;
    const clients = [0, 1, 2, 3].map(() => new AbortController());
    const reads = await Promise.all(clients.map(async (ac) => readLines(await post({ syscalls: ["execve"], namespace: "web", labelSelector: "app=nginx" }, ac.signal), (ls) => ls.some(echoOf(tag)), new AbortController())));
    // every stream got the pod's calls from the one probe
    for (const lines of reads) expect(lines.some(echoOf(tag))).toBe(true);
    expect(bpfProgIdsOf(agent.pid).sort()).toEqual(progs);
    expect(kernelRulesOf(agent.pid)).toEqual({ active: base.active + 4, stream: 4 });
    clients[0]!.abort();
    // the agent notices at its next poll (10 ms); the deadline allows for a loaded machine
    expect(await until("the closed stream's rule to leave the kernel", () => kernelRulesOf(agent.pid)!, (r) => r.stream === 3)).toEqual({ active: base.active + 3, stream: 3 });
    for (const ac of clients) ac.abort();
    await until("every rule to leave", () => kernelRulesOf(agent.pid)!, (r) => r.stream === 0);
    expect(bpfProgIdsOf(agent.pid).sort()).toEqual(progs);
  }, 150_000);

  test("past the probe's 64 rules the next stream is refused: one 429 with a JSON reason; closing one makes room", async () => {
    const base = await until("earlier streams to be gone", () => kernelRulesOf(agent.pid)!, (r) => r.stream === 0);
    const progs = bpfProgIdsOf(agent.pid).sort();
    const open: AbortController[] = [];
    // held: a response the test drops would be collected, and its stream closed
    const bodies: Response[] = [];
    const quiet = { syscalls: ["execve"], namespace: "no-pods-here" };
    let refused: Response | null = null;
    try {
      for (let i = 0; i < 70 && !refused; i++) {
        const ac = new AbortController();
        const res = await post(quiet, ac.signal);
        if (res.status === 200) open.push(ac), bodies.push(res);
        else refused = res;
      }
      // every rule the counting leaves is a stream's
      expect(open.length).toBe(64 - base.active);
      expect(refused!.status).toBe(429);
      expect(refused!.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await refused!.json()).toEqual({ error: "too_many_streams", reason: expect.stringMatching(new RegExp(`^this agent already serves ${open.length} streams`)), maxStreams: open.length });
      expect(kernelRulesOf(agent.pid)).toEqual({ active: 64, stream: open.length });
      expect(bpfProgIdsOf(agent.pid).sort()).toEqual(progs);
      open.pop()!.abort();
      await until("the closed stream's rule to leave", () => kernelRulesOf(agent.pid)!, (r) => r.stream === open.length);
      const ac = new AbortController();
      const again = await post(quiet, ac.signal);
      open.push(ac), bodies.push(again);
      expect(again.status).toBe(200);
    } finally {
      for (const ac of open) ac.abort();
    }
    await until("every rule to leave", () => kernelRulesOf(agent.pid)!, (r) => r.stream === 0);
  }, 150_000);

  test("with the stream API on, serve runs as nobody once attached; a pod started after the drop is streamed, attributed in full", async () => {
    const threads = () =>
      readdirSync(`/proc/${agent.pid}/task`).map((tid) => {
        const st = readFileSync(`/proc/${agent.pid}/task/${tid}/status`, "utf8");
        return { uid: Number(/^Uid:\s+(\d+)\s+(\d+)/m.exec(st)![2]), capEff: /^CapEff:\s*(\S+)$/m.exec(st)![1], noNewPrivs: /^NoNewPrivs:\s*(\d)/m.exec(st)![1] };
      });
    const all = await until("every thread of the agent to become nobody", threads, (ts) => ts.every((t) => t.uid === NOBODY && t.noNewPrivs === "1"));
    expect(all.length).toBeGreaterThan(1); // Bun's own threads too
    for (const t of all) expect(t).toEqual({ uid: NOBODY, capEff: "0000000000000000", noNewPrivs: "1" });
    const late = await cluster.runAndPublish({ name: "late-1", namespace: "web", labels: { app: "late" }, qos: "besteffort", runtime: "containerd", containers: [{ name: "late", image: "late:1" }] });
    try {
      const ac = new AbortController();
      const res = await post({ syscalls: ["execve"], namespace: "web", labelSelector: "app=late" }, ac.signal);
      expect(res.status).toBe(200);
      const c = late.containers.late!;
      const lines = await readLines(res, (ls) => ls.filter(echoOf(c.tag)).length >= 2, ac);
      const ev = lines.find(echoOf(c.tag));
      expect(ev.container).toMatchObject({ id: c.id, pod: "late-1", name: "late", namespace: "web", "pid-namespace": expect.any(Number) });
      expect(lines.filter((l) => l.type === undefined).every((e) => e.container?.pod === "late-1")).toBe(true);
    } finally {
      cluster.unpublish(late);
    }
  }, 150_000);

  test("a stalled client loses events as stream_slow, in its own stream and in the metrics; a reading client beside it loses none", async () => {
    // the stalled client: a raw socket that asks for every call of web-1 (about 1 MB/s) and reads nothing for 6 s
    const stalled = Bun.spawn(["/usr/bin/python3", "-c", `
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096); s.connect(sys.argv[1])
body = b'{"namespace":"web","pods":["web-1"]}'
s.sendall(b"POST /v1/streams HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body) + body)
s.settimeout(240); data = b""
while b"\\r\\n\\r\\n" not in data: data += s.recv(256)
time.sleep(6)
s.settimeout(10)
try:
    while b'"stream_slow"' not in data:
        d = s.recv(1 << 20)
        if not d: break
        data += d
except Exception: pass
sys.stdout.write("SLOW" if b'"cause":"stream_slow"' in data else "NONE")`, sock], { stdout: "pipe", stderr: "pipe" });
    const ac = new AbortController();
    // beside it, a client that reads: execve only, far below its queue's bound
    const res = await post({ namespace: "web", pods: ["web-1"], syscalls: ["execve"] }, ac.signal);
    const tag = selected.containers.nginx!.tag;
    const reading = readLines(res, (ls) => ls.filter(echoOf(tag)).length >= 20, ac, 240_000);
    await stalled.exited;
    expect(`${await new Response(stalled.stdout).text()}${await new Response(stalled.stderr).text()}`).toBe("SLOW");
    const lines = await reading;
    expect(lines.some((l) => l.type === "lost" && l.cause === "stream_slow")).toBe(false);
    const metrics = await agent.metrics();
    expect(Number(/swoll_events_lost_total\{cause="stream_slow"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
  }, 300_000);
});

describe("where the stream API may listen", () => {
  test("TCP in the host's network namespace is refused when asked for, and off by default", async () => {
    const r = runSwoll(["serve", "--listen", "127.0.0.1:0", "--trace-listen", "127.0.0.1:9096", "--kubeconfig", cluster.tokenConfig, "--node", NODE]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^swoll: --trace-listen 127\.0\.0\.1:9096 refused: the host's network namespace shares loopback with every process on the node; use --trace-listen unix:/);
    const bad = runSwoll(["serve", "--trace-listen", "0.0.0.0:9096"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^swoll: invalid --trace-listen '0\.0\.0\.0:9096': use a loopback address/);
  }, 150_000);
});
