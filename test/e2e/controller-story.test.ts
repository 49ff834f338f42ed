/**
 * The original swoll README's user story, end to end, with Debian's real
 * kubectl 1.20 against the fixture API server and the real dist/swoll as
 * controller, as the Trace's Job and as the node agents: two simulated
 * nodes on this kernel (test/fixtures/k8s/simnode.ts), each with its own
 * agent (dist/swoll serve with its trace stream API). The Job, run by the
 * fixture's kubelet as its securityContext asks (uid 65532, no
 * capabilities, read-only root), loads no probe: it is a cluster client
 * that port-forwards to each agent. kubectl apply the example Trace, read
 * the events with `kubectl logs -l sw-job=trace-nginx-hosts -n swoll | jq`,
 * see only the selected pods' calls, from both nodes, with their metadata
 * and node; kubectl get / describe it, edit it live, delete it and see its
 * Job go; a Trace with a duration completes.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, SWOLL } from "../helpers/swoll";
import { SimCluster, type SimPod } from "../fixtures/k8s/simnode";
import { ControlPlane, KUBECTL_120 } from "../fixtures/k8s/control-plane";
import { startController, waitFor, type ControllerProcess } from "../helpers/controller";
import { Validator } from "../decode/jsonschema";

/** One line of a Job's log; the test fails naming a line that is not JSON. */
function parseLine(l: string): any {
  try {
    return JSON.parse(l);
  } catch {
    throw new Error(`a Job log line is not JSON: ${l.slice(0, 300)}`);
  }
}

const schema = new Validator(JSON.parse(readFileSync(join(ROOT, "docs", "event.schema.json"), "utf8")));

const SLOW = 240_000;
const cluster = new SimCluster();
let cp: ControlPlane;
let nginx: SimPod, nginxB: SimPod, redis: SimPod, otherNs: SimPod;
let controller: ControllerProcess;
const NGINX = { name: "indexwriter", image: "docker.io/library/nginx:1.25.3" };

beforeAll(async () => {
  await cluster.start(["node-a", "node-b"]);
  // the Jobs' pods run on node-a; the Trace's pods on both nodes
  cp = new ControlPlane(cluster, { "swoll:0.1.0": SWOLL }, "node-a");
  nginx = await cluster.runPod("node-a", "nginx-provider", "swoll", { app: "nginx" }, NGINX);
  nginxB = await cluster.runPod("node-b", "nginx-replica", "swoll", { app: "nginx" }, NGINX);
  redis = await cluster.runPod("node-b", "redis-0", "swoll", { app: "redis" }, { name: "redis", image: "docker.io/library/redis:7" });
  otherNs = await cluster.runPod("node-a", "nginx-web", "web", { app: "nginx" }, { name: "nginx", image: "docker.io/library/nginx:1.25.3" });
  // One replica: a long Lease, so a machine loaded enough to delay a renewal does not end it.
  controller = startController(cluster.kubeconfig, "story", ["120s", "90s", "5s"]);
}, SLOW);

afterAll(async () => {
  process.stderr.write(`controller log:\n${controller?.log()}\n`);
  await controller?.stop();
  await cp?.cleanup();
  await cluster.cleanup();
}, SLOW);

const sh = async (cmd: string) => {
  const p = Bun.spawn(["sh", "-c", cmd], { stdout: "pipe", stderr: "pipe", env: { ...process.env, KUBECONFIG: cluster.kubeconfig, PATH: `${join(cluster.dir, "bin")}:${process.env.PATH}` } });
  const [stdout, stderr] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { stdout, stderr };
};

// CI installs kubectl 1.20 (scripts/setup.sh): there a missing binary is a failure, not a skip
if (!KUBECTL_120 && process.env.CI) throw new Error("kubectl 1.20 is missing; scripts/setup.sh installs it under /opt/kubernetes-client");

describe.skipIf(!KUBECTL_120)("kubectl apply a Trace, kubectl logs -l sw-job=… | jq", () => {
  test("the example Trace's events reach kubectl logs as {payload}, from the selected pods on both nodes, each with its node", async () => {
    cp.linkKubectl();
    const applied = await cp.kubectl(["apply", "--validate=false", "-f", join(ROOT, "deploy", "trace-example.yaml")]);
    expect(applied.stderr).toBe("");
    expect(applied.stdout).toBe("trace.tools.swoll.criticalstack.com/trace-nginx-hosts created\n");

    // exactly the README's pipeline (kubectl is 1.20 on PATH, KUBECONFIG the fixture's)
    const pipeline = "kubectl logs -l sw-job=trace-nginx-hosts -n swoll | jq -c 'select(.payload) | .payload'";
    let payloads: any[] = [];
    let last = { stdout: "", stderr: "" };
    await waitFor(async () => {
      const r = await sh(pipeline);
      last = r;
      payloads = r.stdout.split("\n").filter(Boolean).map(parseLine);
      return payloads.length > 0;
    }, 120_000, "events in kubectl logs").catch((e) => {
      throw new Error(`${e.message}; the pipeline printed ${JSON.stringify(last).slice(0, 2000)}`);
    });
    const allowed = new Set(["sys_connect", "sys_accept4", "sys_bind", "sys_listen", "sys_execve", "sys_openat"]);
    const nodeOf: Record<string, string> = { "nginx-provider": "node-a", "nginx-replica": "node-b" };
    for (const p of payloads) {
      expect(Object.keys(nodeOf)).toContain(p.container.pod);
      expect(p.container.namespace).toBe("swoll");
      expect(p.container.name).toBe("indexwriter");
      expect(p.node).toBe(nodeOf[p.container.pod]!);
      expect(allowed.has(p.syscall.name)).toBe(true);
    }
    // kubectl logs -l shows the last 10 lines by default; the whole log holds the pods' execs too
    // (their loops run /bin/echo <tag>) from both nodes; every line is one JSON object, events under payload.
    let lines: any[] = [];
    const echoed = (p: SimPod) => (l: any) => l.payload?.syscall.name === "sys_execve" && l.payload.args.argv?.[1] === p.container.tag;
    await waitFor(async () => {
      const raw = await sh("kubectl logs -l sw-job=trace-nginx-hosts -n swoll --tail=-1");
      lines = raw.stdout.split("\n").filter(Boolean).map(parseLine);
      return lines.some(echoed(nginx)) && lines.some(echoed(nginxB));
    }, 90_000, "both nginx pods' execve of /bin/echo in the Job's log");
    expect(lines.find(echoed(nginx)).payload.node).toBe("node-a");
    expect(lines.find(echoed(nginxB)).payload.node).toBe("node-b");
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(Object.keys(l).length === 1 && ("payload" in l || "notice" in l)).toBe(true);
    for (const l of lines) expect(schema.validate(l)).toEqual([]);
    // kubectl logs -f -l follows the Job's pod: a new event line arrives while it runs
    const follow = Bun.spawn(["sh", "-c", "exec kubectl logs -f --tail=0 -l sw-job=trace-nginx-hosts -n swoll"], { stdout: "pipe", stderr: "ignore", env: { ...process.env, KUBECONFIG: cluster.kubeconfig, PATH: `${join(cluster.dir, "bin")}:${process.env.PATH}` } });
    try {
      const reader = (follow.stdout as ReadableStream<Uint8Array>).getReader();
      let got = "";
      const dec = new TextDecoder();
      while (!got.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) break;
        got += dec.decode(value);
      }
      expect(Object.keys(nodeOf)).toContain(parseLine(got.split("\n")[0]!).payload.container.pod);
    } finally {
      follow.kill();
    }
    const pods = new Set(lines.filter((l) => l.payload).map((l) => `${l.payload.container?.namespace}/${l.payload.container?.pod}`));
    expect([...pods].sort()).toEqual(["swoll/nginx-provider", "swoll/nginx-replica"]);
    // redis-0 runs beside nginx-replica on node-b, nginx-web (namespace web) beside nginx-provider on node-a
    const elsewhere = new Set([redis.container.id, otherNs.container.id]);
    expect(lines.filter((l) => elsewhere.has(l.payload?.container?.id))).toEqual([]);
  }, SLOW);

  test("the Job's swoll runs unprivileged, as its securityContext asks: uid 65532, no capabilities, no_new_privs, read-only root", () => {
    const job = [...cp.kubelet.pods.values()].find((p) => p.job.metadata.name === "trace-nginx-hosts-swoll")!;
    expect(job.exited).toBe(false);
    const status = readFileSync(`/proc/${job.proc.pid}/status`, "utf8");
    const field = (k: string) => new RegExp(`^${k}:[ \\t]*(.*)$`, "m").exec(status)![1]!.trim().split(/\s+/);
    expect(readFileSync(`/proc/${job.proc.pid}/comm`, "utf8").trim()).toBe("swoll");
    expect(field("Uid")).toEqual(["65532", "65532", "65532", "65532"]);
    expect(field("Gid")).toEqual(["65532", "65532", "65532", "65532"]);
    expect(field("Groups")).toEqual([""]);
    for (const caps of ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"]) expect(field(caps)).toEqual(["0000000000000000"]);
    expect(field("NoNewPrivs")).toEqual(["1"]);
    const root = readFileSync(`/proc/${job.proc.pid}/mountinfo`, "utf8").split("\n").find((l) => l.split(" ")[4] === "/")!;
    expect(root.split(" ")[5]!.split(",")).toContain("ro");
    // and it holds no BPF object: the node agents trace, it only reads their streams
    const fds = Bun.spawnSync(["ls", "-l", `/proc/${job.proc.pid}/fd`]).stdout.toString();
    expect(fds).not.toMatch(/anon_inode:bpf/);
    expect(fds).toMatch(/socket:/);
  });

  test("kubectl get traces shows Name, Job, Syscalls, State, Age; describe shows the status and Events", async () => {
    const got = await cp.kubectl(["get", "traces", "-n", "swoll"]);
    const [head, row] = got.stdout.trim().split("\n");
    expect(head!.split(/\s+/)).toEqual(["NAME", "JOB", "SYSCALLS", "STATE", "AGE"]);
    expect(row!.split(/\s+/).slice(0, 4)).toEqual(["trace-nginx-hosts", "trace-nginx-hosts-swoll", '["connect","accept4","bind","listen","execve","openat"]', "Running"]);
    const described = await cp.kubectl(["describe", "trace", "trace-nginx-hosts", "-n", "swoll"]);
    expect(described.stdout).toMatch(/State:\s+Running/);
    expect(described.stdout).toMatch(/Job:\s+trace-nginx-hosts-swoll/);
    expect(described.stdout).toMatch(/Observed Generation:\s+1/);
    expect(described.stdout).toMatch(/Normal\s+Started\s+.*swoll-controller\s+Job swoll\/trace-nginx-hosts-swoll is running/);
  }, SLOW);

  test("kubectl delete trace removes its Job and the Job's pod", async () => {
    const jobPods = [...cp.kubelet.pods.values()].map((p) => p.proc);
    expect(jobPods).toHaveLength(1);
    const deleted = await cp.kubectl(["delete", "trace", "trace-nginx-hosts", "-n", "swoll"]);
    expect(deleted.stdout).toBe('trace.tools.swoll.criticalstack.com "trace-nginx-hosts" deleted\n');
    // kubectl delete waited for the finalizer: the Trace is gone, and so is its Job
    expect(cp.store.find(cp.def("traces"), "swoll", "trace-nginx-hosts")).toBeNull();
    await waitFor(() => cp.store.list(cp.def("jobs"), "swoll").items.length === 0, 30_000, "the Job to be deleted");
    await jobPods[0]!.exited;
    const logs = await sh("kubectl logs -l sw-job=trace-nginx-hosts -n swoll");
    expect(logs.stdout).toBe("");
  }, SLOW);

  test("an edited spec reaches the running Job's swoll: same Job, same log, the new syscalls from then on, on every node", async () => {
    const file = join(cluster.dir, "edit-me.yaml");
    const manifest = (syscalls: string[]) =>
      `apiVersion: tools.swoll.criticalstack.com/v1alpha1\nkind: Trace\nmetadata:\n  name: edit-me\n  namespace: swoll\nspec:\n  syscalls: [${syscalls.join(", ")}]\n  labelSelector:\n    matchLabels:\n      app: nginx\n`;
    writeFileSync(file, manifest(["execve"]));
    expect((await cp.kubectl(["apply", "--validate=false", "-f", file])).stdout).toBe("trace.tools.swoll.criticalstack.com/edit-me created\n");
    const logLines = async () => (await sh("kubectl logs -l sw-job=edit-me -n swoll --tail=-1")).stdout.split("\n").filter(Boolean).map(parseLine);
    await waitFor(async () => (await logLines()).some((l) => l.payload?.syscall.name === "sys_execve"), 120_000, "execve lines of edit-me");
    const pod = [...cp.kubelet.pods.values()].find((p) => p.job.metadata.name === "edit-me-swoll")!.pod.metadata.name;
    writeFileSync(file, manifest(["openat"]));
    // an existing object: kubectl apply sends a merge patch
    expect((await cp.kubectl(["apply", "--validate=false", "-f", file])).stdout).toBe("trace.tools.swoll.criticalstack.com/edit-me configured\n");
    let lines: any[] = [];
    await waitFor(async () => {
      lines = await logLines();
      const changed = lines.findIndex((l) => l.notice?.type === "warning" && /changed/.test(l.notice.message));
      const openats = lines.slice(changed).filter((l) => l.payload?.syscall.name === "sys_openat");
      // the new spec went to every agent: openat lines from both nodes
      return changed >= 0 && openats.some((l) => l.payload.node === "node-a") && openats.some((l) => l.payload.node === "node-b");
    }, 90_000, "openat lines from both nodes after the edit");
    const changed = lines.findIndex((l) => l.notice?.type === "warning" && /changed/.test(l.notice.message));
    expect(lines.slice(0, changed).filter((l) => l.payload && l.payload.syscall.name !== "sys_execve")).toEqual([]);
    // the old probe's last events drain after the new one starts; a few execve lines may follow the notice, never a new Job
    expect([...cp.kubelet.pods.values()].filter((p) => p.job.metadata.name === "edit-me-swoll").map((p) => p.pod.metadata.name)).toEqual([pod]);
    expect(cp.store.list(cp.def("jobs"), "swoll", "sw-job=edit-me").items).toHaveLength(1);
    await waitFor(() => cp.store.find(cp.def("traces"), "swoll", "edit-me")?.status?.observedGeneration === 2, 30_000, "observedGeneration 2").catch((e) => {
      throw new Error(`${e.message}: ${JSON.stringify(cp.store.find(cp.def("traces"), "swoll", "edit-me"))} ${controller.log()}`);
    });
    expect((await cp.kubectl(["delete", "trace", "edit-me", "-n", "swoll"])).code).toBe(0);
  }, SLOW);

  test("spec.duration ends the trace: the Job completes and the Trace shows Complete with its completionTime", async () => {
    const file = join(cluster.dir, "short.yaml");
    writeFileSync(file, `apiVersion: tools.swoll.criticalstack.com/v1alpha1\nkind: Trace\nmetadata:\n  name: short\n  namespace: swoll\nspec:\n  syscalls: [execve]\n  duration: 30s\n  labelSelector:\n    matchLabels:\n      app: nginx\n`);
    expect((await cp.kubectl(["apply", "--validate=false", "-f", file])).code).toBe(0);
    await waitFor(() => cp.store.find(cp.def("traces"), "swoll", "short")?.status?.state === "Complete", 90_000, "short Complete");
    const status = cp.store.find(cp.def("traces"), "swoll", "short")!.status;
    expect(Date.parse(status.completionTime)).toBeGreaterThanOrEqual(Date.parse(status.startTime));
    const got = await cp.kubectl(["get", "traces", "short", "-n", "swoll"]);
    expect(got.stdout.trim().split("\n")[1]!.split(/\s+/).slice(0, 4)).toEqual(["short", "short-swoll", '["execve"]', "Complete"]);
    // the Job (and its log) stays until the Trace is deleted
    const lines = (await sh("kubectl logs -l sw-job=short -n swoll --tail=-1")).stdout.split("\n").filter(Boolean).map(parseLine);
    if (!lines.some((l) => l.payload?.syscall.name === "sys_execve")) throw new Error(`no execve in the log of short: ${JSON.stringify(lines).slice(0, 2000)}`);
    expect((await cp.kubectl(["delete", "trace", "short", "-n", "swoll"])).code).toBe(0);
    expect(cp.store.list(cp.def("jobs"), "swoll", "sw-job=short").items).toHaveLength(0);
  }, SLOW);
});
