/**
 * The kernel's cgroup filter follows the cluster while dist/swoll runs:
 * pods that start are traced without a restart, deleted pods stop being
 * traced, a 410 Gone relists, and an API server that goes away costs one
 * warning and no events.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTracer } from "../helpers/swoll";
import { waitFor } from "../helpers/wait";
import { FakeCluster, NODE, eventsOf, tagsIn, type RunningPod } from "../fixtures/k8s/cluster";

/** Explicit: under bun 1.4.5 the preloaded 60 s default does not reach every file (5 s seen); these wait on real processes. */
const SLOW = 60_000;

const cluster = new FakeCluster();
let nginx: RunningPod;

beforeAll(async () => {
  cluster.start();
  nginx = await cluster.runAndPublish({ name: "nginx-7c5ddbdf54-x8p2q", namespace: "default", labels: { app: "nginx" }, qos: "burstable", runtime: "containerd", containers: [{ name: "nginx", image: "nginx:1.25.3" }] });
}, SLOW);

afterAll(async () => {
  await cluster.cleanup();
}, SLOW);

/** Waits until `count()` has not changed for `quietMs` (the thing counted has stopped happening). */
async function settled(what: string, count: () => number, quietMs: number): Promise<number> {
  let last = -1;
  let since = Date.now();
  await waitFor(
    () => {
      const n = count();
      if (n !== last) [last, since] = [n, Date.now()];
      return Date.now() - since >= quietMs;
    },
    { what, timeoutMs: 20_000 },
  );
  return last;
}

/** Requests this tracer made, after the first `from` the API server logged. */
const watchOpen = (from: number) => () => cluster.api.podRequests().slice(from).some((r) => r.params.watch === "1");

const start = (args: string[]) => startTracer(["trace", "-s", "execve", "--kubeconfig", cluster.tokenConfig, "--node", NODE, "--json", "-d", "60s", ...args]);

describe("live pod selection", () => {
  test("a pod that starts during the trace is traced; once deleted, it is not", async () => {
    const from = cluster.api.podRequests().length;
    const t = await start(["--pod", "cache"]);
    try {
      // listed (no such pod yet) and watching; the tags check below shows nothing else was traced meanwhile
      await waitFor(watchOpen(from), { what: "swoll's pod watch" });
      // kubelet starts the containers, then the Pod's status reports them
      const cache = await cluster.run({ name: "cache-6f7d8c9b5-abcde", namespace: "default", labels: { app: "cache" }, qos: "besteffort", runtime: "cri-o", containers: [{ name: "memcached", image: "memcached:1.6" }] });
      const other = await cluster.runAndPublish({ name: "cachet-0", namespace: "default", labels: { app: "cachet" }, qos: "burstable", runtime: "containerd", containers: [{ name: "app", image: "cachet:2" }] });
      cluster.publish(cache);
      const c = cache.containers.memcached!;
      await t.waitFor((t) => eventsOf(t.json(), c).length >= 3, 10000);
      expect(eventsOf(t.json(), c)[0].container).toMatchObject({ id: c.id, pod: "cache-6f7d8c9b5-abcde", name: "memcached", namespace: "default" });

      cluster.unpublish(cache); // the process keeps running; the pod is gone from the API
      // it execs every 100 ms: a second without its events means the filter dropped it
      const before = await settled("the deleted pod's events to stop", () => eventsOf(t.json(), c).length, 1000);
      // proof the trace still sees calls: a new matching pod is traced
      const next = await cluster.runAndPublish({ name: "cache-6f7d8c9b5-fghij", namespace: "default", labels: { app: "cache" }, qos: "besteffort", runtime: "cri-o", containers: [{ name: "memcached", image: "memcached:1.6" }] });
      const n = next.containers.memcached!;
      await t.waitFor((t) => eventsOf(t.json(), n).length >= 3, 10000);
      expect(eventsOf(t.json(), c).length).toBe(before);
      expect(tagsIn(t.json())).toEqual(new Set([c.tag, n.tag])); // cachet-0 is not "cache"
      cluster.unpublish(other);
      cluster.unpublish(next);
    } finally {
      await t.stop();
    }
  }, SLOW);

  test("410 Gone: the informer relists and keeps following the cluster", async () => {
    const from = cluster.api.podRequests().length;
    const t = await start(["-A", "-l", "tier=cache"]);
    try {
      await waitFor(watchOpen(from), { what: "swoll's pod watch" });
      cluster.api.compact(); // the watch ends; resuming from its resourceVersion gets 410
      const p = await cluster.runAndPublish({ name: "redis-0", namespace: "shop", labels: { tier: "cache" }, qos: "guaranteed", runtime: "containerd", containers: [{ name: "redis", image: "redis:7" }] });
      await t.waitFor((t) => eventsOf(t.json(), p.containers.redis!).length >= 3, 10000);
      // the pod informer's requests: this node's pods (an empty selection's diagnosis lists every node's too)
      const mine = cluster.api.podRequests().slice(from).filter((r) => (r.params.fieldSelector ?? "").includes("spec.nodeName="));
      expect(mine.filter((r) => r.params.watch !== "1").length).toBe(2); // the first list and the relist
      expect(mine.some((r) => r.params.watch === "1" && r.params.labelSelector === "tier=cache")).toBe(true);
      // nothing but the empty selection at the start and the pod that ended it
      await t.waitFor((t) => t.err().includes("now selecting pod shop/redis-0\n"), 10_000);
      expect(t.err()).toBe("swoll: 0 pods match tier=cache in any namespace; waiting for one to start\nswoll: now selecting pod shop/redis-0\n");
      cluster.unpublish(p);
    } finally {
      await t.stop();
    }
  }, SLOW);

  test("API server down mid-trace: one warning, tracing goes on with what was known", async () => {
    const t = await start(["--pod", "nginx"]);
    const c = nginx.containers.nginx!;
    try {
      await t.waitFor((t) => eventsOf(t.json(), c).length >= 3);
      const port = cluster.api.port;
      cluster.api.stop();
      const down = Date.now();
      await t.waitFor((t) => t.err().includes("warning"), 10000);
      // While "down", the port takes connections and drops them: each is a retry we can count.
      let retries = 0;
      const refuser = Bun.listen({ hostname: "127.0.0.1", port, socket: { open: (s) => void (retries++, s.end()), data() {} } });
      try {
        await waitFor(() => retries >= 3, { what: "three retries against the unreachable API server", timeoutMs: 30_000 });
      } finally {
        refuser.stop(true);
      }
      const after = () => eventsOf(t.json(), c).filter((e) => Date.parse(e.time) > down + 500);
      await t.waitFor(() => after().length >= 5, 10000);
      expect(after().every((e) => e.container?.pod === "nginx-7c5ddbdf54-x8p2q")).toBe(true);
      const warnings = t.err().split("\n").filter((l) => l.startsWith("swoll: warning:"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^swoll: warning: cannot reach the Kubernetes API at https:\/\/127\.0\.0\.1:\d+ \(.+\); tracing with container ids only, retrying$/);
      // back again: new pods are picked up
      cluster.api.start();
      const p = await cluster.runAndPublish({ name: "nginx-7c5ddbdf54-zz9q4", namespace: "default", labels: { app: "nginx" }, qos: "burstable", runtime: "containerd", containers: [{ name: "nginx", image: "nginx:1.25.3" }] });
      await t.waitFor((t) => eventsOf(t.json(), p.containers.nginx!).length >= 3, 40000);
      expect(t.err().split("\n").filter((l) => l.startsWith("swoll: warning:"))).toHaveLength(1);
    } finally {
      await t.stop();
    }
  }, SLOW);
});
