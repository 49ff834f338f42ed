/**
 * swoll controller (the real dist/swoll) against the fixture API server:
 * invalid Traces, Traces in other namespaces, long names, no agents, a
 * failed Job, 409 on status updates, 410 and an API server restart, and
 * two replicas under one Lease. The Jobs' pods here run a stand-in script
 * instead of swoll (sleep; exit 3 for Traces named *fail*): these tests
 * are about the controller; controller-story.test.ts runs the real Job.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync } from "node:fs";
import { SWOLL } from "../helpers/swoll";
import { FakeCluster } from "../fixtures/k8s/cluster";
import { ControlPlane } from "../fixtures/k8s/control-plane";
import { startController, waitFor, type ControllerProcess } from "../helpers/controller";

const SLOW = 60_000;
const cluster = new FakeCluster();
let cp: ControlPlane;
let a: ControllerProcess;
/** Jobs ever created, by their Trace (namespace/name). */
const jobsMade = new Map<string, number>();
/** Short enough for a takeover within seconds, long enough for a loaded machine to renew in time. */
const LEASE: [string, string, string] = ["8s", "6s", "1s"];

beforeAll(() => {
  cluster.start();
  // the kubelet runs the Job's stand-in as the Job's user (65532): its directory must let that user through
  chmodSync(cluster.dir, 0o711);
  const standIn = cluster.write("swoll-stand-in.sh", `#!/bin/sh\ncase "$3" in *fail*) echo "simulated failure of $3" >&2; exit 3;; esac\nexec sleep 3600\n`);
  chmodSync(standIn, 0o755);
  cp = new ControlPlane(cluster, { "swoll:0.1.0": standIn });
  cp.store.subscribe((c) => {
    if (c.def.resource !== "jobs" || c.type !== "ADDED") return;
    const ref = c.obj.metadata.annotations["tools.swoll.criticalstack.com/trace"];
    jobsMade.set(ref, (jobsMade.get(ref) ?? 0) + 1);
  });
  a = startController(cluster.tokenConfig, "replica-a", LEASE);
}, SLOW);

afterAll(async () => {
  await a?.stop();
  await cp?.cleanup();
  await cluster.cleanup();
}, SLOW);

const traces = () => cp.def("traces");
const jobs = () => cp.def("jobs");
const trace = (ns: string, name: string, spec: object) =>
  cp.store.create(traces(), ns, { apiVersion: "tools.swoll.criticalstack.com/v1alpha1", kind: "Trace", metadata: { name, namespace: ns }, spec });
const statusOf = (ns: string, name: string) => cp.store.find(traces(), ns, name)?.status;
const eventsOf = (ns: string, name: string) => cp.store.list(cp.def("events"), ns, "", `involvedObject.name=${name}`).items;
const jobOf = (ns: string, name: string) => cp.store.list(jobs(), "swoll").items.find((j) => j.metadata.annotations["tools.swoll.criticalstack.com/trace"] === `${ns}/${name}`);

describe("invalid Traces", () => {
  const cases: [string, object, RegExp][] = [
    ["bad-selector", { syscalls: ["execve"], labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: [] }] } }, /spec\.labelSelector\.matchExpressions\[0\]\.values: In needs at least one value/],
    ["bad-syscall", { syscalls: ["execve", "nosuchcall"] }, /spec\.syscalls\[1\]: .*nosuchcall/],
    ["other-namespace", { syscalls: ["execve"], fieldSelector: { matchLabels: { "metadata.namespace": "kube-system" } } }, /selects pods of its own namespace \(web\) only, not kube-system/],
  ];
  for (const [name, spec, reason] of cases)
    test(`${name}: Failed with the reason, a Warning Event, no Job`, async () => {
      trace("web", name, spec);
      await waitFor(() => statusOf("web", name)?.state === "Failed", 15_000, `${name} Failed`);
      const ready = statusOf("web", name).conditions.find((c: any) => c.type === "Ready");
      expect(ready).toMatchObject({ status: "False", reason: "InvalidSpec" });
      expect(ready.message).toMatch(reason);
      expect(statusOf("web", name).observedGeneration).toBe(1);
      await waitFor(() => eventsOf("web", name).some((e) => e.reason === "InvalidSpec"), 5_000, "the InvalidSpec Event");
      const ev = eventsOf("web", name).find((e) => e.reason === "InvalidSpec")!;
      expect(ev).toMatchObject({ type: "Warning", involvedObject: { kind: "Trace", name, namespace: "web" }, source: { component: "swoll-controller" } });
      expect(ev.message).toMatch(reason);
      expect(jobOf("web", name)).toBeUndefined();
    }, SLOW);

  test("fixing the spec (a new generation) runs it", async () => {
    const cur = cp.store.get(traces(), "web", "bad-syscall");
    cp.store.update(traces(), "web", "bad-syscall", { ...cur, spec: { syscalls: ["execve"] } });
    await waitFor(() => statusOf("web", "bad-syscall")?.observedGeneration === 2 && statusOf("web", "bad-syscall")?.state === "Running", 15_000, "bad-syscall running at generation 2");
    expect(jobOf("web", "bad-syscall")).toBeDefined();
  }, SLOW);
});

describe("Jobs for Traces in any namespace", () => {
  test("a Trace in web gets a Job in swoll, labelled for kubectl logs -l, without an ownerReference; its finalizer deletes the Job", async () => {
    trace("web", "trace-web", { syscalls: ["execve"], labelSelector: { matchLabels: { app: "nginx" } } });
    await waitFor(() => statusOf("web", "trace-web")?.state === "Running", 15_000, "trace-web Running");
    const job = jobOf("web", "trace-web")!;
    expect(job.metadata.name).toBe("trace-web-web");
    expect(job.metadata.labels).toMatchObject({ "sw-job": "trace-web", "sw-namespace": "web" });
    expect(job.metadata.ownerReferences).toBeUndefined();
    expect(job.spec.template.spec.containers[0].args).toEqual(["trace", "--trace-ref", "web/trace-web", "--output", "payload", "--agent-namespace", "swoll", "--agent-selector", "app.kubernetes.io/name=swoll,app.kubernetes.io/component=node-agent"]);
    const t = cp.store.get(traces(), "web", "trace-web");
    expect(t.metadata.finalizers).toEqual(["tools.swoll.criticalstack.com/job"]);
    expect(t.status).toMatchObject({ state: "Running", job: "trace-web-web", observedGeneration: 1 });
    expect(typeof t.status.startTime).toBe("string");
    cp.store.delete(traces(), "web", "trace-web");
    await waitFor(() => cp.store.find(traces(), "web", "trace-web") === null, 15_000, "trace-web gone");
    expect(jobOf("web", "trace-web")).toBeUndefined();
  }, SLOW);

  test("names past 63 characters are cut and suffixed with a hash in labels and the Job's name", async () => {
    const name = `t-${"x".repeat(70)}`;
    trace("web", name, { syscalls: ["execve"] });
    await waitFor(() => !!jobOf("web", name), 15_000, "the long-named Trace's Job");
    const job = jobOf("web", name)!;
    expect(job.metadata.labels["sw-job"]).toMatch(/^t-x{50}-[0-9a-f]{10}$/);
    expect(job.metadata.labels["sw-job"]).toHaveLength(63);
    expect(job.metadata.name).toHaveLength(63);
    await waitFor(() => statusOf("web", name)?.job === job.metadata.name, 10_000, "status.job");
  }, SLOW);

  test("a failed Job fails its Trace, with a JobFailed Event", async () => {
    trace("web", "will-fail", { syscalls: ["execve"] });
    await waitFor(() => statusOf("web", "will-fail")?.state === "Failed", 15_000, "will-fail Failed");
    expect(statusOf("web", "will-fail").conditions.find((c: any) => c.type === "Ready")).toMatchObject({ reason: "JobFailed" });
    expect(typeof statusOf("web", "will-fail").completionTime).toBe("string");
    await waitFor(() => eventsOf("web", "will-fail").some((e) => e.reason === "JobFailed" && e.type === "Warning"), 5_000, "the JobFailed Event");
  }, SLOW);

  test("no node agents: a NoAgents Warning and AgentsAvailable False; an agent appearing turns it True", async () => {
    const cond = () => statusOf("web", "no-agents")?.conditions?.find((c: any) => c.type === "AgentsAvailable");
    trace("web", "no-agents", { syscalls: ["openat"] });
    await waitFor(() => cond()?.status === "False", 15_000, "AgentsAvailable False");
    expect(cond().reason).toBe("NoAgents");
    await waitFor(() => eventsOf("web", "no-agents").some((e) => e.reason === "NoAgents"), 5_000, "the NoAgents Event");
    cp.publishAgent();
    await waitFor(() => cond()?.status === "True", 15_000, "AgentsAvailable True");
  }, SLOW);
});

describe("RBAC refusal", () => {
  test("403 on creating the Job: Failed with the API server's reason and a Forbidden Event", async () => {
    cp.routes.forbidden.add("create jobs swoll");
    try {
      trace("web", "denied", { syscalls: ["execve"] });
      await waitFor(() => statusOf("web", "denied")?.state === "Failed", 15_000, "denied Failed");
      const ready = statusOf("web", "denied").conditions.find((c: any) => c.type === "Ready");
      expect(ready.reason).toBe("Forbidden");
      expect(ready.message).toMatch(/^cannot create Job swoll\/denied-web: HTTP 403: .*cannot create resource "jobs" in API group "batch" in the namespace "swoll"$/);
      await waitFor(() => eventsOf("web", "denied").some((e) => e.reason === "Forbidden" && e.type === "Warning"), 5_000, "the Forbidden Event");
      expect(jobOf("web", "denied")).toBeUndefined();
    } finally {
      cp.routes.forbidden.clear();
    }
  }, SLOW);
});

describe("conflicts and an API server that goes away", () => {
  test("409 on status updates is retried until the status is written", async () => {
    cp.store.conflictNextStatusUpdates.set("traces", 3);
    trace("web", "conflicted", { syscalls: ["execve"] });
    await waitFor(() => statusOf("web", "conflicted")?.state === "Running", 20_000, "conflicted Running");
    expect(cp.store.conflictNextStatusUpdates.get("traces")).toBe(0);
  }, SLOW);

  test("after a restart that compacted history (410 Gone on resume), new Traces are still seen", async () => {
    const listsBefore = cluster.api.requests.filter((r) => r.path.endsWith("/traces") && r.params.watch !== "1").length;
    cp.stopApi();
    cp.store.compact();
    await Bun.sleep(300); // the watches see the connection drop
    cluster.api.start();
    trace("web", "after-restart", { syscalls: ["execve"] });
    await waitFor(() => statusOf("web", "after-restart")?.state === "Running", 20_000, "after-restart Running");
    const listsAfter = cluster.api.requests.filter((r) => r.path.endsWith("/traces") && r.params.watch !== "1").length;
    expect(listsAfter).toBeGreaterThan(listsBefore); // relisted after 410
    expect(a.proc.exitCode).toBeNull();
  }, SLOW);
});

describe("two replicas", () => {
  test("only the Lease holder acts; killed, the other takes over and no Trace gets two Jobs", async () => {
    const lease = () => cp.store.find(cp.def("leases"), "swoll", "swoll-controller")?.spec;
    expect(lease().holderIdentity).toBe("replica-a");
    const b = startController(cluster.tokenConfig, "replica-b", LEASE);
    try {
      trace("web", "during-a", { syscalls: ["execve"] });
      await waitFor(() => !!jobOf("web", "during-a"), 15_000, "during-a's Job");
      await Bun.sleep(2000); // b has had two retry periods to (wrongly) act
      expect(b.log()).not.toContain("is the leader");
      expect(lease().holderIdentity).toBe("replica-a");
      a.proc.kill("SIGKILL");
      await a.proc.exited;
      const killedAt = Date.now();
      await waitFor(() => lease()?.holderIdentity === "replica-b", 24_000, "replica-b to hold the Lease");
      const takeoverMs = Date.now() - killedAt;
      console.log(`takeover after SIGKILL of the leader: ${takeoverMs} ms (lease duration 8 s, retry period 1 s)`);
      await waitFor(() => b.log().includes("replica-b is the leader"), 5_000, "replica-b to say it leads");
      trace("web", "during-b", { syscalls: ["execve"] });
      await waitFor(() => statusOf("web", "during-b")?.state === "Running", 15_000, "during-b Running under replica-b");
      for (const [ref, n] of jobsMade) expect(`${ref}: ${n}`).toBe(`${ref}: 1`);
    } finally {
      await b.stop();
    }
  }, SLOW);
});

describe("bad input: one line, never a stack trace", () => {
  const run = async (args: string[]) => {
    const p = Bun.spawn([SWOLL, ...args], { stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    return { stdout, stderr, code };
  };
  const oneLine = (s: string) => expect(s.trim().split("\n")).toHaveLength(1);

  test("controller flags", async () => {
    for (const [args, msg] of [
      [["controller", "--lease-duration", "2s", "--renew-deadline", "3s"], /--retry-period \(2s\) < --renew-deadline \(3s\) < --lease-duration \(2s\) must hold/],
      [["controller", "--agent-namespace", "Bad_NS"], /invalid --agent-namespace 'Bad_NS'/],
      [["controller", "--agent-selector", "app in ()"], /invalid --agent-selector/],
      [["controller", "--kubeconfig", "/nonexistent/kubeconfig"], /--kubeconfig \/nonexistent\/kubeconfig: no such file/],
    ] as [string[], RegExp][]) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, SLOW);

  test("trace --trace-ref: a malformed reference, a conflicting flag, a Trace that is not there (a JSON notice in payload mode)", async () => {
    let r = await run(["trace", "--trace-ref", "no-slash"]);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/invalid --trace-ref 'no-slash': use <namespace>\/<name>/);
    r = await run(["trace", "--trace-ref", "web/x", "-n", "web", "--kubeconfig", cluster.tokenConfig]);
    expect(r.stderr).toBe("swoll: --trace-ref conflicts with -n: the Trace's spec selects the pods, in its own namespace\n");
    r = await run(["trace", "--trace-ref", "web/missing", "--kubeconfig", cluster.tokenConfig, "--output", "payload"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ notice: { type: "error", message: "Trace web/missing not found; kubectl get traces -n web lists them" } });
  }, SLOW);

  test("an API server that is not there: one warning per informer, retrying, no crash", async () => {
    const dead = cluster.write("dead.kubeconfig", (await Bun.file(cluster.tokenConfig).text()).replace(/server: https:\/\/127\.0\.0\.1:\d+/, "server: https://127.0.0.1:9"));
    const c = startController(dead, "nowhere", LEASE);
    try {
      await waitFor(() => (c.log().match(/cannot reach the API server/g) ?? []).length >= 3, 20_000, "one warning per informer");
      await Bun.sleep(1500); // retries continue without more lines
      const lines = c.log().trim().split("\n");
      expect(lines.filter((l) => /cannot reach/.test(l))).toHaveLength(3);
      expect(c.log()).not.toMatch(/\n\s+at |internal error/);
      expect(c.proc.exitCode).toBeNull();
    } finally {
      await c.stop();
    }
  }, SLOW);
});
