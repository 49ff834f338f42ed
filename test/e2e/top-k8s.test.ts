/**
 * `swoll top --once -o json` grouped by namespace, pod and container on a
 * fake node (real cgroups named as kubelet names them, a TLS API server
 * holding the Pod objects): a workload joins chosen containers' cgroups
 * and makes a known number of getppid calls, and each grouping must show
 * exactly those counts under the right names.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { startTracer } from "../helpers/swoll";
import { ownWorkload, type OwnWorkload } from "../helpers/workload";
import { FakeCluster, NODE, type RunningPod } from "../fixtures/k8s/cluster";
import type { FakeContainer } from "../fixtures/k8s/node";

setDefaultTimeout(60_000);

const cluster = new FakeCluster();
let nginx: RunningPod, redis: RunningPod;
let wl: OwnWorkload;

beforeAll(async () => {
  cluster.start();
  wl = ownWorkload();
  nginx = await cluster.runAndPublish({
    name: "nginx-7c5ddbdf54-x8p2q", namespace: "default", labels: { app: "nginx" }, qos: "burstable", runtime: "containerd",
    containers: [{ name: "nginx", image: "docker.io/library/nginx:1.25.3" }, { name: "log-shipper", image: "docker.io/library/busybox:1.36" }],
  });
  redis = await cluster.runAndPublish({ name: "redis-0", namespace: "shop", labels: { app: "redis" }, qos: "besteffort", runtime: "cri-o", containers: [{ name: "redis", image: "quay.io/opstree/redis:v7.0.12" }] });
});

afterAll(async () => {
  wl?.remove();
  await cluster.cleanup();
});

/**
 * The workload, moved into the container's cgroup before it execs: every call it makes is the container's.
 * With `hold`, it stays alive after its calls until `hold` resolves (an exited process's rows become
 * the "(exited)" row at once, in the kernel).
 */
async function getppidIn(c: FakeContainer, n: number, hold?: Promise<unknown>): Promise<void> {
  const mode = hold ? "getppid-hold" : "getppid";
  const p = Bun.spawn(["sh", "-c", `echo $$ > '${c.dir}/cgroup.procs' && exec '${wl.path}' ${mode} ${n}`], { stdin: hold ? "pipe" : "ignore", stderr: "pipe" });
  if (hold) void hold.then(() => (p.stdin as import("bun").FileSink).end());
  if ((await p.exited) !== 0) throw new Error(`workload in ${c.dir} failed: ${await new Response(p.stderr).text()}`);
}

/** Entries of the cgroup_rules map that process `pid` holds (bpftool, ids from /proc/<pid>/fdinfo). */
function cgroupFilterEntries(pid: number): number {
  const ids = new Set<number>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== "anon_inode:bpf-map") continue;
      const id = /map_id:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8"))?.[1];
      if (id) ids.add(Number(id));
    } catch {
      // closed meanwhile
    }
  }
  const maps = JSON.parse(Bun.spawnSync(["bpftool", "map", "show", "-j"], { stdout: "pipe" }).stdout.toString() || "[]") as { id: number; name?: string }[];
  const map = maps.find((m) => ids.has(m.id) && m.name === "cgroup_rules");
  if (!map) return 0;
  return (JSON.parse(Bun.spawnSync(["bpftool", "map", "dump", "id", String(map.id), "-j"], { stdout: "pipe" }).stdout.toString() || "[]") as unknown[]).length;
}

/** The rows of the last topWhile. */
let lastRows: any[] = [];

/** One top window grouped by `group` while the workload makes 1000, 2000 and 3000 calls in three containers. */
async function topWhile(group: string, extra: string[] = [], holdProcesses = false): Promise<Record<string, any>> {
  const t = await startTracer(["top", "--once", "-i", "3s", "-o", "json", "-s", "getppid", "--comm", wl.comm, "--group", group, "--kubeconfig", cluster.tokenConfig, "--node", NODE, ...extra]);
  // with a pod selection, nothing is counted until the pods' cgroups are in the kernel's filter
  if (extra.length) await t.waitFor(() => cgroupFilterEntries(t.pid) > 0, 10_000);
  const hold = holdProcesses ? t.exited : undefined;
  const work = Promise.all([getppidIn(nginx.containers.nginx!, 1000, hold), getppidIn(nginx.containers["log-shipper"]!, 2000, hold), getppidIn(redis.containers.redis!, 3000, hold)]);
  if (!holdProcesses) await work;
  expect(await t.exited).toBe(0);
  await work;
  expect(t.err()).toBe("");
  const j = JSON.parse(t.out());
  expect(j).toMatchObject({ group, lost: 0 });
  lastRows = j.rows;
  return Object.fromEntries(j.rows.map((r: any) => [r.name, r.count]));
}

describe("swoll top --once on a fake node", () => {
  test("--group namespace: default and shop", async () => {
    expect(await topWhile("namespace")).toEqual({ default: 3000, shop: 3000 });
  });

  test("--group pod: namespace/pod names from the API server", async () => {
    expect(await topWhile("pod")).toEqual({ "default/nginx-7c5ddbdf54-x8p2q": 3000, "shop/redis-0": 3000 });
    // namespace and pod as their own fields, too
    expect(lastRows.map((r) => [r.namespace, r.pod]).sort()).toEqual([["default", "nginx-7c5ddbdf54-x8p2q"], ["shop", "redis-0"]]);
  });

  test("--group container: pod/container names, the sidecar apart", async () => {
    expect(await topWhile("container")).toEqual({ "nginx-7c5ddbdf54-x8p2q/nginx": 1000, "nginx-7c5ddbdf54-x8p2q/log-shipper": 2000, "redis-0/redis": 3000 });
    expect(lastRows.map((r) => `${r.namespace} ${r.pod} ${r.container}`).sort()).toEqual(["default nginx-7c5ddbdf54-x8p2q log-shipper", "default nginx-7c5ddbdf54-x8p2q nginx", "shop redis-0 redis"]);
  });

  test("--group container table: NAMESPACE, POD and CONTAINER as columns of their own", async () => {
    const t = await startTracer(["top", "--once", "-i", "2s", "-s", "getppid", "--comm", wl.comm, "--group", "container", "--kubeconfig", cluster.tokenConfig, "--node", NODE]);
    await getppidIn(redis.containers.redis!, 500);
    expect(await t.exited).toBe(0);
    const cells = (l: string) => l.split("│").slice(1, -1).map((c) => c.trim());
    const lines = t.out().split("\n").filter((l) => l.startsWith("│"));
    expect(cells(lines[0]!).slice(0, 4)).toEqual(["NAMESPACE", "POD", "CONTAINER", "COUNT"]);
    expect(lines.slice(1).map((l) => cells(l).slice(0, 4))).toContainEqual(["shop", "redis-0", "redis", "500"]);
  });

  test("-n shop --group container: the kernel counts the selected pods' cgroups only", async () => {
    expect(await topWhile("container", ["-n", "shop"])).toEqual({ "redis-0/redis": 3000 });
  });

  test("--group process: each process under its pid, in its container's cgroup", async () => {
    const rows = await topWhile("process", [], true);
    expect(Object.keys(rows)).toHaveLength(3);
    expect(Object.values(rows).sort()).toEqual([1000, 2000, 3000]);
    for (const name of Object.keys(rows)) expect(name).toMatch(new RegExp(`^${wl.comm}\\(\\d+\\)$`));
  });
});
