/**
 * The controller's pure parts: label values cut to 63 characters with a
 * hash, the Job it makes for a Trace, which Traces are refused and why,
 * how a Job's status maps to a Trace's state, and the work queue's
 * de-duplication and ordering.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { syscallTable } from "../../cli/decode/syscalls";
import { jobFor } from "../../cli/controller/job";
import { jobName, labelValue } from "../../cli/controller/naming";
import { WorkQueue } from "../../cli/controller/queue";
import { invalidTrace } from "../../cli/controller/reconcile";
import { jobState, setCondition } from "../../cli/controller/status";
import { invalidLabels } from "../fixtures/k8s/store";

const example = parse(readFileSync(join(import.meta.dir, "..", "..", "deploy", "trace-example.yaml"), "utf8"));
const traceObj = (name: string, ns: string, spec: object = example.spec) => ({ apiVersion: example.apiVersion, kind: "Trace", metadata: { name, namespace: ns, uid: "u-1", generation: 1 }, spec });

describe("label values", () => {
  test("up to 63 characters unchanged", () => {
    expect(labelValue("trace-nginx-hosts")).toBe("trace-nginx-hosts");
    expect(labelValue("x".repeat(63))).toBe("x".repeat(63));
  });
  test("longer: cut, then '-' and 10 hex digits of the whole value's SHA-256; valid labels; distinct for a shared prefix", () => {
    const a = labelValue(`${"a".repeat(60)}-one`);
    const b = labelValue(`${"a".repeat(60)}-two`);
    expect(a).toHaveLength(63);
    expect(a).toMatch(/^a{52}-[0-9a-f]{10}$/);
    expect(a).not.toBe(b);
    expect(labelValue(`${"a".repeat(60)}-one`)).toBe(a);
    // a cut that would end in '-' does not
    const dashy = labelValue(`${"b".repeat(51)}-${"c".repeat(20)}`);
    expect(dashy).toMatch(/^b{51}-[0-9a-f]{10}$/);
    for (const v of [a, b, dashy]) expect(invalidLabels({ k: v })).toBeNull();
  });
  test("the Job's name joins the Trace's name and namespace", () => {
    expect(jobName({ name: "trace-nginx-hosts", namespace: "swoll" })).toBe("trace-nginx-hosts-swoll");
    expect(jobName({ name: "t".repeat(60), namespace: "web" })).toHaveLength(63);
  });
});

describe("the Job for a Trace", () => {
  const job = jobFor(traceObj("trace-nginx-hosts", "web"), { namespace: "swoll", image: "swoll:0.1.0", serviceAccount: "swoll-trace-job", agentSelector: "app.kubernetes.io/component=node-agent" });
  test("in the agents' namespace, labelled for kubectl logs -l sw-job=<trace>, pointing at its Trace", () => {
    expect(job.metadata).toMatchObject({ name: "trace-nginx-hosts-web", namespace: "swoll", labels: { "sw-job": "trace-nginx-hosts", "sw-namespace": "web" } });
    expect(job.metadata.annotations).toEqual({ "tools.swoll.criticalstack.com/trace": "web/trace-nginx-hosts", "tools.swoll.criticalstack.com/trace-uid": "u-1" });
    expect(job.spec.template.metadata.labels).toMatchObject({ "sw-job": "trace-nginx-hosts", "sw-namespace": "web" });
    expect(job.metadata.ownerReferences).toBeUndefined(); // a Trace in web cannot own a Job in swoll
  });
  test("runs swoll trace --trace-ref … --output payload against the agents, never restarted, as the Job ServiceAccount of deploy/", () => {
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe("Never");
    expect(job.spec.backoffLimit).toBe(0);
    expect(pod.containers[0].args).toEqual(["trace", "--trace-ref", "web/trace-nginx-hosts", "--output", "payload", "--agent-namespace", "swoll", "--agent-selector", "app.kubernetes.io/component=node-agent"]);
    const sa = readFileSync(join(import.meta.dir, "..", "..", "deploy", "trace-job-rbac.yaml"), "utf8");
    expect(sa).toContain(`name: ${pod.serviceAccountName}\n  namespace: swoll`);
  });
  test("unprivileged: a non-root user, no capabilities, no escalation, a read-only root filesystem, no node-bound environment", () => {
    const pod = job.spec.template.spec;
    const c = pod.containers[0];
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, capabilities: { drop: ["ALL"] } });
    expect(c.env).toBeUndefined();
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.hostPID ?? false).toBe(false);
  });
});

describe("which Traces run", () => {
  const table = syscallTable();
  test("the example runs", () => expect(invalidTrace(traceObj("t", "swoll"), table)).toBeNull());
  test("an unknown syscall, an invalid selector, another namespace's pods: refused with the field and the reason", () => {
    expect(invalidTrace(traceObj("t", "web", { syscalls: ["nosuchcall"] }), table)).toMatch(/^spec\.syscalls\[0\]: .*nosuchcall/);
    expect(invalidTrace(traceObj("t", "web", { labelSelector: { matchLabels: { "bad key": "x" } } }), table)).toMatch(/^spec\.labelSelector/);
    expect(invalidTrace(traceObj("t", "web", { fieldSelector: { matchLabels: { "metadata.namespace": "kube-system" } } }), table)).toMatch(/own namespace \(web\) only, not kube-system/);
    expect(invalidTrace(traceObj("t", "web", { fieldSelector: { matchLabels: { "metadata.namespace": "web" } } }), table)).toBeNull();
  });
});

describe("a Job's status as the Trace's state", () => {
  const job = (status: object) => ({ metadata: { name: "j" }, status });
  test("Pending, Running, Complete, Failed", () => {
    expect(jobState(undefined).state).toBe("Pending");
    expect(jobState(job({})).state).toBe("Pending");
    expect(jobState(job({ active: 1 })).state).toBe("Running");
    expect(jobState(job({ succeeded: 1, conditions: [{ type: "Complete", status: "True" }] })).state).toBe("Complete");
    const failed = jobState(job({ failed: 1, conditions: [{ type: "Failed", status: "True", message: "BackoffLimitExceeded" }] }));
    expect(failed).toMatchObject({ state: "Failed", reason: "JobFailed" });
    expect(failed.message).toContain("BackoffLimitExceeded");
  });
  test("a condition keeps its lastTransitionTime while its status holds", () => {
    const first = setCondition(undefined, { type: "Ready", status: "True", reason: "JobRunning", message: "m" });
    const old = [{ ...first[0]!, lastTransitionTime: "2020-01-01T00:00:00Z" }];
    expect(setCondition(old, { type: "Ready", status: "True", reason: "JobRunning", message: "m2" })[0]!.lastTransitionTime).toBe("2020-01-01T00:00:00Z");
    expect(setCondition(old, { type: "Ready", status: "False", reason: "JobFailed", message: "m" })[0]!.lastTransitionTime).not.toBe("2020-01-01T00:00:00Z");
  });
});

describe("the work queue", () => {
  test("a key added twice before it is taken is processed once", async () => {
    const q = new WorkQueue();
    q.add("a");
    q.add("b");
    q.add("a");
    expect(q.length).toBe(2);
    expect(await q.get()).toBe("a");
    expect(await q.get()).toBe("b");
  });
  test("a key added while being processed comes back after done(), not before", async () => {
    const q = new WorkQueue();
    q.add("a");
    const k = await q.get();
    q.add("a");
    expect(q.length).toBe(0); // not handed to a second worker
    q.done(k!);
    expect(q.length).toBe(1);
    expect(await q.get()).toBe("a");
  });
  test("a waiting get() wakes on add(); shutDown() ends it with null", async () => {
    const q = new WorkQueue();
    const next = q.get();
    q.add("x");
    expect(await next).toBe("x");
    const last = q.get();
    q.shutDown();
    expect(await last).toBeNull();
  });
});
