/**
 * The latency histogram end to end: raw nanosleep calls of 1.5 ms, made
 * inside a pod's cgroup so their series is theirs alone, land in the `le`
 * bucket of `swoll serve`'s /metrics that holds 1.5 ms. The bucket
 * function itself is the kernel's (bpf/metrics.bpf.h); this checks it, the
 * map read-out and the exposition together, on the compiled binary.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { FakeCluster, NODE, type RunningPod } from "../fixtures/k8s/cluster";
import { parseExposition, startServe, until, type Served } from "../helpers/serve";
import { workload } from "../helpers/swoll";
import { latencyBoundsNs } from "../../cli/metrics/kernel";

/** Real processes, an API server and a probe: more than the runner's 5 s default. */
const SLOW = 60_000;
const SLEEP_NS = 1_500_000;
const CALLS = 20;

const cluster = new FakeCluster();
let pod: RunningPod;
let serve: Served;

beforeAll(async () => {
  cluster.start();
  pod = await cluster.runAndPublish({ name: `sleeper-${Math.random().toString(36).slice(2, 8)}`, namespace: "latency", labels: { app: "sleeper" }, qos: "besteffort", runtime: "containerd", containers: [{ name: "sleeper", image: "docker.io/library/busybox:1.36" }] });
  serve = await startServe(["--kubeconfig", cluster.tokenConfig, "--node", NODE]);
}, SLOW);

afterAll(async () => {
  await serve?.stop();
  await cluster.cleanup();
}, SLOW);

test("1.5 ms nanosleeps land in the bucket whose bound is the first at or above 1.5 ms", async () => {
  const bounds = latencyBoundsNs();
  const right = bounds.findIndex((b) => b >= SLEEP_NS);
  // 1.5 ms sits well inside (1.048576 ms, 2.097152 ms], not on an edge
  expect(bounds[right - 1]!).toBeLessThan(SLEEP_NS * 0.75);
  expect(bounds[right]!).toBeGreaterThan(SLEEP_NS * 1.3);

  // The container's own cgroup: the series is labelled with this pod alone.
  const dir = pod.containers.sleeper!.dir;
  const r = Bun.spawnSync(["sh", "-c", `echo $$ > "$1/cgroup.procs" && shift && exec "$@"`, "sh", dir, workload(), "nanosleep", String(SLEEP_NS), String(CALLS)], { stderr: "pipe" });
  expect(r.stderr.toString()).toBe("");
  expect(r.exitCode).toBe(0);

  const labels = `syscall="sys_nanosleep",err="OK",class="Time",group="Sleep",namespace="latency",pod="${pod.spec.name}",container="sleeper"`;
  const name = "swoll_node_metrics_syscall_duration_seconds";
  const samples = await until(
    "the pod's nanosleep histogram",
    async () => parseExposition(await serve.text("/metrics")).samples,
    (m) => m.get(`${name}_count{${labels}}`) === CALLS,
    20_000,
  );
  const le = (i: number) => samples.get(`${name}_bucket{${labels},le="${bounds[i]! / 1e9}"}`);
  // A sleep never ends early: no call is in any bucket below.
  expect(le(right - 1)).toBe(0);
  // The fastest of the calls is in the right bucket (the others may have
  // overslept on a busy machine, into later buckets, never earlier ones).
  expect(le(right)).toBeGreaterThanOrEqual(1);
  expect(samples.get(`${name}_bucket{${labels},le="+Inf"}`)).toBe(CALLS);
  expect(samples.get(`${name}_sum{${labels}}`)!).toBeGreaterThanOrEqual((CALLS * SLEEP_NS) / 1e9);
}, SLOW);
