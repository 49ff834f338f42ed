/**
 * `swoll trace --cluster` against simulated nodes on this kernel: three
 * nodes, each with its own cgroup subtree, network namespace and real
 * agent (dist/swoll serve), behind a TLS API server that lists and watches
 * pods and nodes and serves pods/portforward over websockets.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SimCluster, type SimPod } from "../fixtures/k8s/simnode";
import { ControlPlane } from "../fixtures/k8s/control-plane";
import { pod } from "../fixtures/k8s/apiserver";
import { randomHex, randomUid } from "../fixtures/k8s/node";
import { Validator } from "../decode/jsonschema";
import { SWOLL } from "../helpers/swoll";

const SCHEMA = new Validator(JSON.parse(readFileSync(join(import.meta.dir, "../../docs/event.schema.json"), "utf8")));
const sim = new SimCluster();
let web1: SimPod;
let web2: SimPod;
let db1: SimPod;

interface Client {
  lines(): string[];
  err(): string;
  waitFor(pred: () => boolean, what: string, ms?: number): Promise<void>;
  stop(): Promise<number>;
  exited: Promise<number>;
}

function client(args: string[]): Client {
  const proc = Bun.spawn([SWOLL, "trace", "--cluster", "--kubeconfig", sim.kubeconfig, ...args], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  let out = "";
  let err = "";
  const dec = new TextDecoder();
  const a = (async () => {
    for await (const c of proc.stdout as ReadableStream<Uint8Array>) out += dec.decode(c, { stream: true });
  })();
  const b = (async () => {
    for await (const c of proc.stderr as ReadableStream<Uint8Array>) err += dec.decode(c, { stream: true });
  })();
  const exited = proc.exited.then(async (code) => (await Promise.all([a, b]), code));
  const c: Client = {
    lines: () => out.slice(0, out.lastIndexOf("\n") + 1).split("\n").filter(Boolean),
    err: () => err,
    async waitFor(pred, what, ms = 240_000) {
      const end = Date.now() + ms;
      while (!pred()) {
        if (proc.exitCode !== null) await exited;
        if (pred()) return;
        if (proc.exitCode !== null || Date.now() > end) throw new Error(`${what}: ${proc.exitCode !== null ? `exited ${proc.exitCode}` : "timed out"}; stderr: ${err}\nstdout tail: ${out.slice(-1500)}`);
        await Bun.sleep(50);
      }
    },
    async stop() {
      if (proc.exitCode === null) proc.kill("SIGINT");
      return await exited;
    },
    exited,
  };
  return c;
}

const json = (c: Client) => c.lines().map((l) => JSON.parse(l));
const echoes = (tag: string) => (e: any) => (e.payload ?? e).args?.filename === "/bin/echo" && (e.payload ?? e).args.argv?.[1] === tag;

beforeAll(async () => {
  await sim.start(["node-a", "node-b", "node-c"]);
  web1 = await sim.runPod("node-a", "web-1", "web", { app: "nginx" });
  web2 = await sim.runPod("node-b", "web-2", "web", { app: "nginx" });
  db1 = await sim.runPod("node-b", "db-1", "web", { app: "db" });
}, 600_000);

afterAll(async () => {
  await sim.cleanup();
}, 600_000);

describe("the fixture's pods/portforward", () => {
  test("speaks the documented websocket channel protocol to an independent client (python3-websockets)", async () => {
    const url = sim.api.url.replace("https:", "wss:") + "/api/v1/namespaces/swoll/pods/swoll-node-a/portforward?ports=9096";
    const p = Bun.spawn(["/usr/bin/python3", join(import.meta.dir, "../fixtures/k8s/portforward-check.py"), url, join(sim.pki.dir, "ca.crt"), "swoll-sim-token", "9096", "GET /v1/version HTTP/1.1\\r\\nHost: a\\r\\nConnection: close\\r\\n\\r\\n"], { stdout: "pipe", stderr: "pipe" });
    // the API server runs in this process: wait without blocking it
    await p.exited;
    const out = await new Response(p.stdout).text();
    expect(await new Response(p.stderr).text()).toBe("");
    expect(out).toStartWith("ports 9096 9096\nerror \nHTTP/1.1 200 OK\r\n");
    expect(JSON.parse(out.slice(out.indexOf("\r\n\r\n") + 4))).toEqual({ agent: expect.any(String), streamApi: 1, node: "node-a" });
  }, 600_000);
});

describe("node agents sharing one kernel (as kind's nodes do)", () => {
  /** A node agent's /metrics, fetched inside the node's network namespace (its loopback is private). */
  async function metricsOf(node: string): Promise<string> {
    const n = sim.nodes.get(node)!;
    const port = /serving http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(n.agentErr)![1];
    // the API server runs in this process: wait without blocking it
    const p = Bun.spawn(["nsenter", `--net=${n.netns}`, "curl", "-sf", `http://127.0.0.1:${port}/metrics`], { stdout: "pipe" });
    const text = await new Response(p.stdout).text();
    await p.exited;
    return text;
  }
  /** Calls counted per pod label ("" for calls outside any pod). */
  function perPod(text: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const m of text.matchAll(/^swoll_node_metrics_syscall_count\{([^}]*)\} (\d+)$/gm)) {
      const pod = /(?:^|,)pod="([^"]*)"/.exec(m[1]!)?.[1] ?? "";
      out.set(pod, (out.get(pod) ?? 0) + Number(m[2]));
    }
    return out;
  }
  async function until(what: string, f: () => Promise<Map<string, number>>, ok: (m: Map<string, number>) => boolean): Promise<Map<string, number>> {
    const end = Date.now() + 60_000;
    for (;;) {
      const m = await f();
      if (ok(m)) return m;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify([...m])}`);
      await Bun.sleep(250);
    }
  }

  test("each agent counts the pods the API server places on its node, and nothing else of the kernel", async () => {
    // each node's pods exec in a loop: wait until each agent has counted its own
    const a = await until("node-a to count web-1", async () => perPod(await metricsOf("node-a")), (m) => (m.get("web-1") ?? 0) > 0);
    const b = await until("node-b to count web-2 and db-1", async () => perPod(await metricsOf("node-b")), (m) => (m.get("web-2") ?? 0) > 0 && (m.get("db-1") ?? 0) > 0);
    // node-b's pods, every other process of this kernel (other tests, the host): not node-a's
    expect([...a.keys()]).toEqual(["web-1"]);
    expect([...b.keys()].sort()).toEqual(["db-1", "web-2"]);
    // a node without pods counts nothing, though the kernel is busy
    expect([...perPod(await metricsOf("node-c")).keys()]).toEqual([]);
  }, 150_000);
});

describe("swoll trace --cluster", () => {
  test("--json merges the selected pods' calls from every node, each with its node; heartbeats are not printed; every line fits the schema", async () => {
    const c = client(["-n", "web", "-l", "app=nginx", "-s", "execve", "--json"]);
    await c.waitFor(() => json(c).some(echoes(web1.container.tag)) && json(c).some(echoes(web2.container.tag)), "events from both nodes");
    expect(await c.stop()).toBe(0);
    const lines = json(c);
    for (const l of lines) expect(SCHEMA.validate(l)).toEqual([]);
    expect(lines.find(echoes(web1.container.tag)).node).toBe("node-a");
    expect(lines.find(echoes(web2.container.tag)).node).toBe("node-b");
    // db-1 runs beside web-2 on node-b all along, unselected
    expect(lines.some(echoes(db1.container.tag))).toBe(false);
    expect(lines.some((l) => l.type === "heartbeat" || l.type === "end")).toBe(false);
    expect(c.err()).not.toMatch(/\n\s+at /);
  }, 600_000);

  test("text output prefixes node and pod; --output payload wraps each event as the original's Job logs did", async () => {
    const t = client(["-n", "web", "--pod", "web-1", "-s", "execve", "--limit", "5"]);
    expect(await t.exited).toBe(0);
    expect(t.lines()).toHaveLength(5);
    for (const l of t.lines()) expect(l).toMatch(/^node-a web-1 \d\d:\d\d:\d\d\.\d{6} \S+\(\d+\) execve\(/);
    const p = client(["-n", "web", "--pod", "web-2", "-s", "execve", "-o", "payload", "--limit", "3"]);
    expect(await p.exited).toBe(0);
    const lines = json(p);
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(["payload"]);
      expect(l.payload.node).toBe("node-b");
      expect(SCHEMA.validate(l)).toEqual([]);
    }
  }, 600_000);

  test("a pod scheduled later on another node is picked up; an agent killed mid-stream is reported and its node comes back", async () => {
    const c = client(["-A", "-l", "app=nginx", "-s", "execve", "--json"]);
    await c.waitFor(() => json(c).some(echoes(web1.container.tag)), "events from node-a");
    const web3 = await sim.runPod("node-c", "web-3", "shop", { app: "nginx" });
    await c.waitFor(() => json(c).some(echoes(web3.container.tag)), "events of the pod scheduled later on node-c");
    expect(json(c).find(echoes(web3.container.tag)).node).toBe("node-c");

    await sim.killAgent("node-b");
    await c.waitFor(() => json(c).some((l) => l.type === "node_lost" && l.node === "node-b"), "node_lost for node-b");
    const lostAt = json(c).findIndex((l) => l.type === "node_lost" && l.node === "node-b");
    expect(SCHEMA.validate(json(c)[lostAt])).toEqual([]);
    // the other nodes go on meanwhile
    await c.waitFor(() => json(c).slice(lostAt).some(echoes(web1.container.tag)), "node-a after node-b went away");
    await sim.startAgent("node-b");
    await c.waitFor(() => json(c).slice(lostAt).some(echoes(web2.container.tag)), "node-b again after its agent came back");
    expect(await c.stop()).toBe(0);
    expect(c.err()).not.toMatch(/\n\s+at /);
  }, 600_000);

  test("an API server that goes away and comes back: streams are lost, then resumed", async () => {
    const c = client(["-n", "web", "--pod", "web-1", "-s", "execve", "--json"]);
    await c.waitFor(() => json(c).some(echoes(web1.container.tag)), "events before the outage");
    sim.api.stop();
    await c.waitFor(() => json(c).some((l) => l.type === "node_lost" && l.node === "node-a"), "node_lost during the outage");
    const lostAt = json(c).findIndex((l) => l.type === "node_lost");
    sim.api.start();
    await c.waitFor(() => json(c).slice(lostAt).some(echoes(web1.container.tag)), "events after the API server came back");
    expect(await c.stop()).toBe(0);
    expect(c.err()).not.toMatch(/\n\s+at /);
  }, 600_000);
});

describe("swoll trace --trace-ref (what a Trace's Job runs): the Trace through every node's agent", () => {
  test("payload lines from every node; a silent node (no heartbeat) and a node without an agent are notices on stdout, nothing on stderr; hostSelector; the Trace's duration ends it with 0", async () => {
    // the Trace CRD's store beside the simulated nodes' API server (no Jobs here: swoll runs by hand)
    const cp = new ControlPlane(sim, {}, "node-a");
    try {
      const trace = (name: string, spec: object) => cp.store.create(cp.def("traces"), "web", { apiVersion: "tools.swoll.criticalstack.com/v1alpha1", kind: "Trace", metadata: { name, namespace: "web" }, spec });
      trace("every-node", { syscalls: ["execve"], labelSelector: { matchLabels: { app: "nginx" } }, duration: "120s" });
      // a selected pod on a node that runs no agent
      sim.nodeStore.add("node-ghost");
      const ghost = randomUid();
      sim.api.add(pod({ name: "web-ghost", namespace: "web", uid: ghost, node: "node-ghost", labels: { app: "nginx" }, containers: [{ name: "app", image: "busybox:1", id: randomHex(64), runtime: "containerd" }] }));
      const c = client(["--trace-ref", "web/every-node", "-o", "payload"]);
      await c.waitFor(() => json(c).some(echoes(web1.container.tag)) && json(c).some(echoes(web2.container.tag)), "events from node-a and node-b");
      expect(json(c).filter((l) => l.notice?.type === "warning" && /node node-ghost hosts selected pods but runs no swoll agent/.test(l.notice.message))).toHaveLength(1);
      sim.api.remove(ghost);
      expect(json(c).find(echoes(web2.container.tag)).payload.node).toBe("node-b");
      // node-b's agent falls silent (stopped, its connections open): no heartbeat, so node_lost, as a notice
      const agentB = sim.nodes.get("node-b")!.agent!;
      process.kill(agentB.pid, "SIGSTOP");
      try {
        await c.waitFor(() => json(c).some((l) => l.notice?.type === "node_lost" && l.notice.node === "node-b"), "node_lost for node-b as a notice");
      } finally {
        process.kill(agentB.pid, "SIGCONT");
      }
      const lostAt = json(c).findIndex((l) => l.notice?.type === "node_lost");
      expect(json(c)[lostAt].notice.reason).toMatch(/^no heartbeat from its agent for \d+s$/);
      await c.waitFor(() => json(c).slice(lostAt).some(echoes(web2.container.tag)), "node-b again");
      expect(await c.stop()).toBe(0);
      for (const l of json(c)) {
        expect(Object.keys(l).length === 1 && ("payload" in l || "notice" in l)).toBe(true);
        expect(SCHEMA.validate(l)).toEqual([]);
      }
      expect(json(c).some(echoes(db1.container.tag))).toBe(false);
      expect(c.err()).toBe("");

      // a hostSelector keeps the run to the nodes whose labels match; the duration ends it, exit 0
      trace("node-a-only", { syscalls: ["execve"], labelSelector: { matchLabels: { app: "nginx" } }, hostSelector: { matchLabels: { "kubernetes.io/hostname": "node-a" } }, duration: "25s" });
      const a = client(["--trace-ref", "web/node-a-only", "-o", "payload"]);
      expect(await a.exited).toBe(0);
      expect(a.err()).toBe("");
      expect(json(a).some(echoes(web1.container.tag))).toBe(true);
      expect(json(a).filter((l) => l.payload && l.payload.node !== "node-a")).toEqual([]);
    } finally {
      await cp.cleanup();
    }
  }, 600_000);

  test("bad references: one line", async () => {
    const one = async (args: string[], code: number, want: RegExp) => {
      const c = client(args);
      expect(await c.exited).toBe(code);
      expect(c.err()).toMatch(want);
      expect(c.err().trimEnd().split("\n")).toHaveLength(1);
    };
    await one(["--trace-ref", "web"], 2, /^swoll: invalid --trace-ref 'web': use <namespace>\/<name> of a Trace/);
    await one(["--trace-ref", "web/x", "-l", "app=nginx"], 2, /^swoll: --trace-ref conflicts with -l: the Trace's spec selects the pods, in its own namespace\n$/);
  }, 600_000);
});

describe("bad input and refusals: one line, no stack trace", () => {
  const oneLine = async (args: string[], code: number, want: RegExp) => {
    const c = client(args);
    expect(await c.exited).toBe(code);
    expect(c.err()).toMatch(want);
    expect(c.err().trimEnd().split("\n")).toHaveLength(1);
  };

  test("flags that cannot work with --cluster", async () => {
    await oneLine(["-n", "web", "-p", "1"], 2, /^swoll: -p\/--pid with --cluster needs --node NAME: process ids are per node\n$/);
    await oneLine(["-n", "web", "--", "sleep", "1"], 2, /^swoll: --cluster traces pods on their nodes; it cannot run a command \('sleep'\)/);
    await oneLine(["-n", "web", "-s", "execvee"], 2, /^swoll: unknown syscall 'execvee'/);
    await oneLine(["-n", "web", "-l", "app in ("], 2, /^swoll: invalid --selector 'app in \('/);
  }, 600_000);

  test("no agents in the agent namespace", async () => {
    await oneLine(["-n", "web", "--agent-namespace", "nowhere"], 1, /^swoll: no swoll agents in namespace nowhere with labels app\.kubernetes\.io\/name=swoll,app\.kubernetes\.io\/component=node-agent; deploy them/);
  }, 600_000);

  test("RBAC: a refused pod list ends the run; a refused port-forward skips the node", async () => {
    sim.portForward.forbidden.add("list pods");
    try {
      await oneLine(["-n", "web"], 1, /^swoll: not allowed to list pods in namespace web: pods is forbidden: User "swoll-e2e" cannot list resource "pods".*bind the user to the swoll-trace roles \(deploy\/rbac-trace\.yaml\)/);
    } finally {
      sim.portForward.forbidden.delete("list pods");
    }
    sim.portForward.forbidden.add("create pods/portforward");
    try {
      const c = client(["-n", "web", "--pod", "web-1", "--json"]);
      await c.waitFor(() => /not allowed to port-forward/.test(c.err()), "the refusal");
      expect(await c.stop()).toBe(0);
      expect(c.err()).toMatch(/^swoll: not allowed to port-forward to swoll\/swoll-node-a \(.*403.*\); bind the user to the swoll-trace roles \(deploy\/rbac-trace\.yaml\)/m);
      expect(c.err()).not.toMatch(/\n\s+at /);
      expect(c.lines()).toEqual([]);
    } finally {
      sim.portForward.forbidden.delete("create pods/portforward");
    }
  }, 600_000);

  test("an agent of an incompatible version is skipped with one line while the others stream", async () => {
    const sock = join(sim.dir, "old-agent.sock");
    const old = Bun.serve({ unix: sock, fetch: () => Response.json({ agent: "9.0.0", streamApi: 2, node: "node-old" }) } as Parameters<typeof Bun.serve>[0]);
    try {
      sim.addForeignNode("node-old", sock, { name: "web-old", namespace: "web", labels: { app: "nginx" } });
      const c = client(["-n", "web", "-l", "app=nginx", "-s", "execve", "--json"]);
      await c.waitFor(() => /speaks stream API v2/.test(c.err()) && json(c).some(echoes(web1.container.tag)), "the refusal and node-a's events");
      expect(await c.stop()).toBe(0);
      expect(c.err()).toMatch(/^swoll: agent swoll\/swoll-node-old \(swoll 9\.0\.0\) speaks stream API v2, this client v1; skipping node node-old/m);
      expect(c.err()).not.toMatch(/\n\s+at /);
    } finally {
      old.stop(true);
    }
  }, 600_000);
});
