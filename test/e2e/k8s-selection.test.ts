/**
 * A pod selection that selects nothing is said once on stderr, with where
 * the named pods do live, and the trace keeps waiting: when matching pods
 * start, that is said too and their calls arrive. The same in `swoll top`
 * and in the library (RunningTrace.onSelection). Real probe, real cgroups
 * and processes, the fixture's TLS API server.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { Hub, type SelectionStatus } from "../../cli/api";
import { SWOLL, startTracer } from "../helpers/swoll";
import { waitFor } from "../helpers/wait";
import { pod } from "../fixtures/k8s/apiserver";
import { FakeCluster, NODE, eventsOf, type RunningPod } from "../fixtures/k8s/cluster";

setDefaultTimeout(60_000);

const cluster = new FakeCluster();
let webNginx: RunningPod;

beforeAll(async () => {
  cluster.start();
  webNginx = await cluster.runAndPublish({ name: "selnginx-7c5ddbdf54-x8p2q", namespace: "web", labels: { app: "nginx" }, qos: "burstable", runtime: "containerd", containers: [{ name: "nginx", image: "docker.io/library/nginx:1.25.3" }] });
  // A pod bound to another node: in the API, its containers never on this machine.
  cluster.api.addNode("other-node");
  const remoteId = "f".repeat(64);
  cluster.api.add(pod({ name: "selremote-0", namespace: "web", uid: crypto.randomUUID(), node: "other-node", labels: { app: "remote" }, containers: [{ name: "app", image: "app:1", id: remoteId, runtime: "containerd" }] }));
});

afterAll(async () => {
  await cluster.cleanup();
});

const count = (text: string, s: string) => text.split(s).length - 1;

/** Start `swoll trace` with the selection, wait for its one stderr line about it, return both. */
async function emptyTrace(args: string[], expected: string) {
  const t = await startTracer(["trace", "-s", "execve", "--json", "-d", "40s", "--kubeconfig", cluster.tokenConfig, ...args]);
  await t.waitFor((t) => t.err().includes(expected), 15000);
  return t;
}

describe("swoll trace: a selection that selects nothing says so", () => {
  test("--pod without -n looks in default, says where the pod is, and says when one appears in default", async () => {
    const t = await emptyTrace(["--pod", "selnginx", "--node", NODE], 'swoll: no pod "selnginx" in namespace default; found in: web (use -n web or -A)\n');
    try {
      // still waiting: a pod of that name in default is traced once it starts
      const late = await cluster.runAndPublish({ name: "selnginx-5f6d8b9c7-q2w3e", namespace: "default", qos: "besteffort", runtime: "containerd", containers: [{ name: "nginx", image: "nginx:1.25" }] });
      const c = late.containers.nginx!;
      await t.waitFor((t) => eventsOf(t.json(), c).length >= 3, 20000);
      expect(t.err()).toContain("swoll: now selecting pod default/selnginx-5f6d8b9c7-q2w3e\n");
      expect(count(t.err(), "no pod")).toBe(1);
      expect(eventsOf(t.json(), webNginx.containers.nginx!)).toEqual([]); // web's nginx is not selected
      await cluster.node.stop(c);
      cluster.unpublish(late);
    } finally {
      await t.stop();
    }
  });

  test("-n nosuchns: the namespace does not exist", async () => {
    const t = await emptyTrace(["-n", "nosuchns", "--node", NODE], 'swoll: namespace "nosuchns" does not exist');
    try {
      expect(t.proc.exitCode).toBeNull(); // waiting, not gone
    } finally {
      await t.stop();
    }
    expect(t.err().split("\n").filter((l) => l.startsWith("swoll: namespace"))).toHaveLength(1);
  });

  test("-l with a typo: 0 pods match it in that namespace", async () => {
    const t = await emptyTrace(["-n", "web", "-l", "app=ngnix", "--node", NODE], "swoll: 0 pods match app=ngnix in namespace web; waiting for one to start\n");
    await t.stop();
  });

  test("--node naming another node: its pods exist, their containers are not here", async () => {
    const t = await emptyTrace(["-n", "web", "-l", "app=remote", "--node", "other-node"], "swoll: 1 pod matches on node other-node, but none of its containers runs on this machine; is --node other-node this node? waiting for them\n");
    await t.stop();
  });

  test("--node naming a node the cluster does not have", async () => {
    const t = await emptyTrace(["-n", "web", "--node", "nosuchnode"], 'swoll: node "nosuchnode" does not exist in the cluster');
    await t.stop();
  });

  test("pods on another node: says which node they run on", async () => {
    const t = await emptyTrace(["-n", "web", "--pod", "selremote", "--node", NODE], `swoll: no pod "selremote" in namespace web on node ${NODE}; the selected pods run on: other-node (trace there, or use --cluster)\n`);
    await t.stop();
  });

  test("a selection that matches from the start says nothing about it", async () => {
    const t = await startTracer(["trace", "-s", "execve", "--json", "-d", "40s", "--kubeconfig", cluster.tokenConfig, "-n", "web", "--node", NODE]);
    try {
      await t.waitFor((t) => eventsOf(t.json(), webNginx.containers.nginx!).length >= 3, 20000);
    } finally {
      await t.stop();
    }
    expect(t.err()).not.toContain("pod");
  });
});

describe("swoll top and the library", () => {
  test("top --once: the empty selection on stderr", async () => {
    const t = await startTracer(["top", "--once", "-i", "3s", "-o", "json", "-s", "getppid", "--pod", "selnginx", "--kubeconfig", cluster.tokenConfig, "--node", NODE]);
    expect(await t.exited).toBe(0);
    expect(t.err()).toContain('swoll: no pod "selnginx" in namespace default; found in: web (use -n web or -A)\n');
    expect(JSON.parse(t.out()).rows).toBeDefined();
  });

  test("RunningTrace.onSelection: empty with the message, then matched when the pod starts", async () => {
    using hub = await Hub.open({ kubeconfig: cluster.tokenConfig, node: NODE });
    const seen: SelectionStatus[] = [];
    using t = hub.start(hub.plan({ metadata: { name: "sel" }, spec: { labelSelector: { matchLabels: { app: "later" } }, syscalls: ["execve"] } }, {}));
    t.onSelection((s) => seen.push(s));
    await waitFor(() => seen.length > 0, { what: "a first status", timeoutMs: 15000 });
    expect(seen[0]).toEqual({ state: "empty", pods: [], message: "0 pods match app=later in namespace default; waiting for one to start" });
    expect(t.selectionStatus?.state).toBe("empty");
    const late = await cluster.runAndPublish({ name: "later-0", namespace: "default", labels: { app: "later" }, qos: "besteffort", runtime: "containerd", containers: [{ name: "app", image: "app:1" }] });
    await waitFor(() => t.selectionStatus?.state === "matched", { what: "matched", timeoutMs: 15000 });
    expect(seen.at(-1)).toEqual({ state: "matched", pods: ["default/later-0"], message: "now selecting pod default/later-0" });
    await cluster.node.stop(late.containers.app!);
    cluster.unpublish(late);
  });
});

describe("swoll trace -f -: the Trace manifest from stdin", () => {
  const asKubectlPrints = `apiVersion: tools.swoll.criticalstack.com/v1alpha1
kind: Trace
metadata:
  name: trace-web
  namespace: web
  uid: 6f1c1c5e-0d7e-4d4a-9d55-3d1f2b0c9a11
  resourceVersion: "4711"
  generation: 1
  creationTimestamp: "2026-12-06T05:00:00Z"
spec:
  syscalls: [execve]
  labelSelector:
    matchLabels:
      app: nginx
status:
  state: Running
`;

  test("kubectl get trace x -o yaml | swoll trace -f -: that Trace's pods", async () => {
    const p = Bun.spawn([SWOLL, "trace", "-f", "-", "--json", "-d", "40s", "--kubeconfig", cluster.tokenConfig, "--node", NODE], { stdin: new Blob([asKubectlPrints]), stdout: "pipe", stderr: "pipe" });
    let out = "";
    const reading = (async () => {
      for await (const chunk of p.stdout as ReadableStream<Uint8Array>) out += new TextDecoder().decode(chunk);
    })();
    const events = () => out.split("\n").slice(0, -1).map((l) => JSON.parse(l));
    try {
      await waitFor(() => eventsOf(events(), webNginx.containers.nginx!).length >= 3, { what: "web nginx's execs", timeoutMs: 20000 });
    } finally {
      p.kill("SIGINT");
    }
    await p.exited;
    await reading;
    expect(events().every((e) => e.container?.namespace === "web" && e.container?.labels.app === "nginx")).toBe(true);
  });

  const refused = (yaml: string) => {
    const r = Bun.spawnSync([SWOLL, "trace", "-f", "-", "--kubeconfig", cluster.tokenConfig, "--node", NODE], { stdin: new Blob([yaml]), stderr: "pipe" });
    return [r.exitCode, r.stderr.toString()];
  };

  test("a List (kubectl get traces -o yaml) is one line, exit 2", () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- ${asKubectlPrints.replace(/\n/g, "\n  ").trimEnd()}\n- ${asKubectlPrints.replace(/\n/g, "\n  ").trimEnd()}\n`;
    expect(refused(list)).toEqual([2, "swoll: invalid Trace manifest (stdin): kind: a List of 2 items; swoll trace runs one Trace: pass one (kubectl get trace NAME -o yaml, not kubectl get traces -o yaml)\n"]);
  });

  test("several documents are one line, exit 2", () => {
    expect(refused(`${asKubectlPrints}---\n${asKubectlPrints}`)).toEqual([2, "swoll: invalid Trace manifest (stdin): (document): expected exactly one Trace, found 2 documents; swoll trace runs one Trace: pass one (kubectl get trace NAME -o yaml)\n"]);
  });
});
