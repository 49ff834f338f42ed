/**
 * The library's observer, hub and metrics against the fake node (real
 * cgroups and processes in their own namespaces, a TLS API server holding
 * the Pod objects) and the real probe; and examples/k8s-trace.ts, the
 * counterpart of the seed's Kubernetes example.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { rmdirSync } from "node:fs";
import { join } from "node:path";
import { ContainerObserver, Hub, Metrics, type ContainerEvent, type TraceEvent } from "../../cli/api";
import { ROOT, workload } from "../helpers/swoll";
import { waitFor } from "../helpers/wait";
import { FakeCluster, NODE, eventsOf, tagsIn, type RunningPod } from "../fixtures/k8s/cluster";

setDefaultTimeout(60_000);

const cluster = new FakeCluster();
let nginx: RunningPod, redis: RunningPod;

beforeAll(async () => {
  cluster.start();
  nginx = await cluster.runAndPublish({ name: "nginx-7c5ddbdf54-x8p2q", namespace: "default", labels: { app: "nginx" }, qos: "burstable", runtime: "containerd", containers: [{ name: "nginx", image: "docker.io/library/nginx:1.25.3" }] });
  redis = await cluster.runAndPublish({ name: "redis-0", namespace: "default", labels: { app: "redis" }, qos: "besteffort", runtime: "cri-o", containers: [{ name: "redis", image: "redis:7" }] });
});

afterAll(async () => {
  await cluster.cleanup();
});

const until = (pred: () => boolean, timeoutMs = 15000) => waitFor(pred, { what: String(pred), timeoutMs, intervalMs: 50 });

describe("ContainerObserver", () => {
  test("emits start with pod metadata for a new pod's container, and stop when it goes", async () => {
    const obs = await ContainerObserver.open({ kubeconfig: cluster.tokenConfig, node: NODE, walkEveryMs: 200 });
    const seen: ContainerEvent[] = [];
    const off = obs.subscribe((ev) => seen.push(ev));
    try {
      // containers already running are in the first refresh
      expect(obs.containers().find((c) => c.id === nginx.containers.nginx!.id)).toMatchObject({ pod: "nginx-7c5ddbdf54-x8p2q", namespace: "default", name: "nginx", cgroupIds: [nginx.containers.nginx!.cgroupId] });
      const cache = await cluster.runAndPublish({ name: "cache-0", namespace: "shop", labels: { app: "cache" }, qos: "guaranteed", runtime: "containerd", containers: [{ name: "memcached", image: "memcached:1.6" }] });
      const c = cache.containers.memcached!;
      // the cgroup appears first (start, ids only or with the pod), the pod's metadata joins it
      await until(() => seen.some((e) => e.type !== "stop" && e.container.id === c.id && e.container.pod === "cache-0"));
      const first = seen.find((e) => e.container.id === c.id)!;
      expect(first.type).toBe("start");
      expect(seen.filter((e) => e.container.id === c.id).at(-1)!.container).toMatchObject({
        pod: "cache-0", namespace: "shop", name: "memcached", image: "memcached:1.6", "pod-uid": cache.uid, pid: c.initPid, "pid-namespace": c.pidNs, cgroupIds: [c.cgroupId],
      });
      expect(obs.lookup(c.cgroupId)?.pod).toBe("cache-0");
      await cluster.node.stop(c);
      rmdirSync(c.dir); // as the runtime removes a stopped container's cgroup
      await until(() => seen.some((e) => e.type === "stop" && e.container.id === c.id));
      expect(obs.containers().some((x) => x.id === c.id)).toBe(false);
      cluster.unpublish(cache);
    } finally {
      off();
      obs.stop();
    }
  });
});

describe("Hub", () => {
  test("run(Trace, callback): the selected pod's events arrive attributed; another pod's never reach the callback", async () => {
    const hub = await Hub.open({ kubeconfig: cluster.tokenConfig, node: NODE });
    const events: TraceEvent[] = [];
    try {
      const job = await hub.run({ metadata: { name: "trace-nginx" }, spec: { syscalls: ["execve"], labelSelector: { matchLabels: { app: "nginx" } } } }, (ev) => events.push(ev));
      expect(job).not.toBeNull();
      // redis execs as often as nginx: by nginx's sixth exec it had its chances
      await until(() => eventsOf(events, nginx.containers.nginx!).length >= 6);
      expect(job!.cgroups).toEqual(new Set([nginx.containers.nginx!.cgroupId]));
      expect(events.every((e) => e.syscall.name === "sys_execve" && e.container?.pod === "nginx-7c5ddbdf54-x8p2q")).toBe(true);
      expect(eventsOf(events, nginx.containers.nginx!)[0].container).toMatchObject({ name: "nginx", namespace: "default", image: "docker.io/library/nginx:1.25.3", labels: { app: "nginx" } });
      expect(tagsIn(events)).toEqual(new Set([nginx.containers.nginx!.tag]));

      // a pod that starts later is added to the kernel filter while the trace runs
      const late = await cluster.runAndPublish({ name: "nginx-7c5ddbdf54-late1", namespace: "default", labels: { app: "nginx" }, qos: "burstable", runtime: "containerd", containers: [{ name: "nginx", image: "nginx:1.25.3" }] });
      await until(() => eventsOf(events, late.containers.nginx!).length >= 3);
      expect(eventsOf(events, late.containers.nginx!)[0].container?.pod).toBe("nginx-7c5ddbdf54-late1");
      cluster.unpublish(late);
      await until(() => !job!.cgroups.has(late.containers.nginx!.cgroupId), 5000);
      job!.stop();
      await job!.done;
      expect(hub.traces()).toEqual([]);
    } finally {
      hub.close();
    }
  });

  test("a bad Trace is one clear error naming the field", async () => {
    const hub = await Hub.open({ kubeconfig: cluster.tokenConfig, node: NODE });
    try {
      await expect(hub.trace({ spec: { syscalls: ["execv"] } })).rejects.toThrow("invalid Trace manifest Trace (unnamed): spec.syscalls[0]: unknown syscall 'execv'");
      expect(() => hub.plan({ spec: { labelSelector: { matchExpressions: [{ key: "app", operator: "Equals" }] } } } as never)).toThrow(
        "spec.labelSelector.matchExpressions[0].operator: must be one of In, NotIn, Exists, DoesNotExist",
      );
    } finally {
      hub.close();
    }
  });
});

test("Metrics: kernel rows of a pod's cgroup, attributed to the pod", async () => {
  const obs = await ContainerObserver.open({ kubeconfig: cluster.tokenConfig, node: NODE });
  const c = redis.containers.redis!;
  const m = Metrics.open({ observer: obs, cgroups: [c.cgroupId], syscalls: ["execve", "openat"] });
  try {
    await until(() => m.read().some((r) => r.syscall === "sys_execve" && r.count >= 3));
    const rows = m.read();
    expect(rows.every((r) => r.cgroupId === c.cgroupId)).toBe(true);
    const exec = rows.find((r) => r.syscall === "sys_execve" && r.err === "OK")!;
    expect(exec.container).toMatchObject({ id: c.id, pod: "redis-0", namespace: "default", name: "redis" });
    expect(exec.buckets.reduce((a, b) => a + b, 0)).toBe(exec.count);
    expect(m.series().find((s) => s.labels.syscall === "sys_execve" && s.labels.err === "OK")!.labels).toMatchObject({ namespace: "default", pod: "redis-0", container: "redis" });
  } finally {
    m.close();
    obs.stop();
  }
});

test("examples/k8s-trace.ts traces a Trace spec: the selected pod's execs with pod metadata, not another pod's", async () => {
  const file = cluster.write("example-trace.yaml", `apiVersion: tools.swoll.criticalstack.com/v1alpha1
kind: Trace
metadata:
  name: trace-nginx
spec:
  syscalls: [execve]
  labelSelector:
    matchLabels:
      app: nginx
`);
  const proc = Bun.spawn(["timeout", "50", "bun", join(ROOT, "examples/k8s-trace.ts"), "--file", file, "--kubeconfig", cluster.tokenConfig, "--node", NODE], { stdout: "pipe", stderr: "pipe" });
  let out = "";
  const reading = (async () => {
    for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) out += new TextDecoder().decode(chunk);
  })();
  const err = new Response(proc.stderr).text();
  const nginxTag = nginx.containers.nginx!.tag;
  try {
    // redis execs as often as nginx: by nginx's sixth exec it had its chances
    await until(() => out.split("\n").filter((l) => l.includes(nginxTag)).length >= 6, 30000);
  } catch (e) {
    proc.kill("SIGINT");
    throw new Error(`${(e as Error).message}; example stdout: ${out.slice(0, 2000)}; stderr: ${(await err).slice(0, 2000)}`);
  }
  proc.kill("SIGINT");
  expect(await proc.exited).toBe(0);
  await reading;
  const lines = out.split("\n").filter(Boolean);
  expect(lines.length).toBeGreaterThanOrEqual(3);
  for (const l of lines) expect(l).toMatch(/^container=nginx pod=nginx-7c5ddbdf54-x8p2q namespace=default comm:\S+\s+pid:\d+\s+sys_execve\(\{"filename":/);
  expect(out).not.toContain(redis.containers.redis!.tag);
  expect(await err).toContain(`container start: id=${nginx.containers.nginx!.id.slice(0, 12)} pod=nginx-7c5ddbdf54-x8p2q namespace=default name=nginx`);
});

test("examples/k8s-trace.ts --max 5 prints exactly 5 events, however many the last batch held", async () => {
  const file = cluster.write("example-burst.yaml", `apiVersion: tools.swoll.criticalstack.com/v1alpha1
kind: Trace
metadata:
  name: burst
spec:
  syscalls: [getppid]
  labelSelector:
    matchLabels:
      app: nginx
`);
  const proc = Bun.spawn(["timeout", "50", "bun", join(ROOT, "examples/k8s-trace.ts"), "--file", file, "--kubeconfig", cluster.tokenConfig, "--node", NODE, "--max", "5"], { stdout: "pipe", stderr: "pipe" });
  let err = "";
  const errDone = (async () => {
    for await (const chunk of proc.stderr as ReadableStream<Uint8Array>) err += new TextDecoder().decode(chunk);
  })();
  const out = new Response(proc.stdout).text();
  await until(() => err.includes(`container start: id=${nginx.containers.nginx!.id.slice(0, 12)}`), 20000);
  // thousands of calls in the pod at once: drained in batches far larger than 5
  const c = nginx.containers.nginx!;
  // (repeated: the first may run before the probe is attached)
  for (let i = 0; i < 20 && proc.exitCode === null; i++) {
    const burst = Bun.spawn(["sh", "-c", `echo $$ > '${c.dir}/cgroup.procs' && exec '${workload()}' getppid 20000`], { stderr: "pipe" });
    expect(await burst.exited).toBe(0);
    await Bun.sleep(200);
  }
  expect(await proc.exited).toBe(0);
  await errDone;
  const lines = (await out).split("\n").filter(Boolean);
  expect(lines.length).toBe(5);
  for (const l of lines) expect(l).toMatch(/^container=nginx pod=nginx-7c5ddbdf54-x8p2q namespace=default comm:swoll-wl\s+pid:\d+\s+sys_getppid\(/);
});
