/**
 * Where each line comes from, with pod metadata on: the default text
 * line's `namespace/pod/container pid` prefix, `-o wide`, `-o columns=…`,
 * and JSON's pid_in_ns (the pid as the container's own pid namespace
 * numbers it, read by the probe). Real probe, real processes in their own
 * pid namespaces, the fixture's TLS API server.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { SWOLL, startTracer } from "../helpers/swoll";
import { FakeCluster, NODE, eventsOf, type RunningPod } from "../fixtures/k8s/cluster";

setDefaultTimeout(60_000);

const cluster = new FakeCluster();
let web: RunningPod;

beforeAll(async () => {
  cluster.start();
  web = await cluster.runAndPublish({ name: "colweb-7c5ddbdf54-x8p2q", namespace: "web", labels: { app: "colweb" }, qos: "burstable", runtime: "containerd", containers: [{ name: "nginx", image: "docker.io/library/nginx:1.25.3" }] });
});

afterAll(async () => {
  await cluster.cleanup();
});

const kube = () => ["--kubeconfig", cluster.tokenConfig, "--node", NODE, "-n", "web", "-l", "app=colweb"];

/** Text lines of a trace of the pod's execve and wait4 calls, once `n` of them arrived. */
async function lines(args: string[], n: number): Promise<string[]> {
  const t = await startTracer(["trace", "-s", "execve,wait4", "-d", "40s", ...kube(), ...args]);
  try {
    await t.waitFor((t) => t.lines().length >= n, 20000);
  } finally {
    await t.stop();
  }
  expect(t.err()).toMatch(/^(swoll: \d+ events, \d+ lost\n)?$/);
  return t.lines();
}

describe("pod columns in text output", () => {
  test("JSON: pid_in_ns is the pid inside the container (1 for its init), container.pid keeps the host pid of init", async () => {
    const c = web.containers.nginx!;
    const t = await startTracer(["trace", "-s", "execve,wait4", "--json", "-d", "40s", ...kube()]);
    try {
      await t.waitFor((t) => eventsOf(t.json(), c).length >= 3 && t.json().some((e) => e.pid === c.initPid), 20000);
    } finally {
      await t.stop();
    }
    const events = t.json().filter((e) => e.syscall);
    const init = events.filter((e) => e.pid === c.initPid);
    expect(init.length).toBeGreaterThan(0);
    for (const e of init) expect([e.pid_in_ns, e.tid_in_ns]).toEqual([1, 1]);
    for (const e of eventsOf(events, c)) {
      expect(e.pid_ns).toBe(c.pidNs);
      expect(e.pid_in_ns).toBeGreaterThan(1);
      expect(e.pid_in_ns).not.toBe(e.pid);
      expect(e.container.pid).toBe(c.initPid);
    }
  });

  test("default text: namespace/pod/container and the pid inside the container before the strace line", async () => {
    const c = web.containers.nginx!;
    const out = await lines([], 4);
    for (const l of out) expect(l).toMatch(/^web\/colweb-7c5ddbdf54-x8p2q\/nginx \d+ \d\d:\d\d:\d\d\.\d{6} \S+\(\d+\) (execve|wait4)\(/);
    const fromInit = out.filter((l) => l.includes(`(${c.initPid})`));
    for (const l of fromInit) expect(l.startsWith("web/colweb-7c5ddbdf54-x8p2q/nginx 1 ")).toBe(true);
  });

  test("-o wide: a header, then node, namespace, pod, container, pid, container pid, comm and the call", async () => {
    const out = await lines(["-o", "wide"], 4);
    expect(out[0]!.split(/\s+/)).toEqual(["NODE", "NAMESPACE", "POD", "CONTAINER", "PID", "CPID", "COMM", "CALL"]);
    for (const l of out.slice(1)) {
      const [node, ns, pod, container, pid, cpid, comm, call] = l.split(/\s+/);
      expect([node, ns, pod, container]).toEqual([NODE, "web", "colweb-7c5ddbdf54-x8p2q", "nginx"]);
      expect(Number(pid)).toBeGreaterThan(0);
      expect(Number(cpid)).toBeGreaterThan(0);
      expect(comm).toMatch(/^\S+$/);
      expect(call).toMatch(/^(execve|wait4)\(/);
    }
    expect(out.filter((l) => l.startsWith("NODE"))).toHaveLength(1);
  });

  test("-o columns=…: exactly those columns, in that order", async () => {
    const out = await lines(["-o", "columns=namespace,pod,container,pid,comm,syscall,ret,latency"], 4);
    expect(out[0]!.split(/\s+/)).toEqual(["NAMESPACE", "POD", "CONTAINER", "PID", "COMM", "SYSCALL", "RET", "LATENCY"]);
    for (const l of out.slice(1)) {
      const f = l.split(/\s+/);
      expect(f.slice(0, 3)).toEqual(["web", "colweb-7c5ddbdf54-x8p2q", "nginx"]);
      expect(f[5]).toMatch(/^(execve|wait4)$/);
      expect(f.at(-1)).toMatch(/^\d+\.\d{6}$/);
    }
  });

  test("-o columns= with an unknown name: one line with the valid ones, exit 2", () => {
    const r = Bun.spawnSync([SWOLL, "trace", "-o", "columns=pod,podd"], { stderr: "pipe" });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.toString()).toBe(
      "swoll: unknown column 'podd' in --output columns=pod,podd; valid columns: time,node,namespace,pod,container,container-id,pid,tid,container-pid,comm,uid,syscall,args,ret,error,latency,call\n",
    );
  });
});
