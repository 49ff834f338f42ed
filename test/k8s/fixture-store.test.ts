/**
 * The fixture API server's generic store behaves as the API server's
 * conventions say, so controller tests against it mean something:
 * optimistic concurrency, the status subresource, generation, finalizers,
 * the garbage collector's namespace rule for owners, schema pruning,
 * label validation and 410 after compaction.
 */
import { describe, expect, test } from "bun:test";
import { defaultResources, matchObject } from "../fixtures/k8s/resources";
import { ApiError, ObjectStore } from "../fixtures/k8s/store";

const fresh = () => {
  const s = new ObjectStore(defaultResources());
  const d = (r: string) => s.defs.find((x) => x.resource === r)!;
  return { s, traces: d("traces"), jobs: d("jobs"), events: d("events") };
};
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as ApiError).code;
  }
  return 0;
};
const trace = { metadata: { name: "t" }, spec: { syscalls: ["execve"] } };

describe("the fixture's store", () => {
  test("create sets uid, generation 1, a resourceVersion; a second create is 409 AlreadyExists", () => {
    const { s, traces } = fresh();
    const t = s.create(traces, "web", trace);
    expect(t.metadata).toMatchObject({ namespace: "web", generation: 1 });
    expect(t.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(code(() => s.create(traces, "web", trace))).toBe(409);
  });

  test("an update with a stale resourceVersion is 409 Conflict; a current one succeeds", () => {
    const { s, traces } = fresh();
    const t = s.create(traces, "web", trace);
    const t2 = s.update(traces, "web", "t", { ...t, metadata: { ...t.metadata, labels: { a: "b" } } });
    expect(code(() => s.update(traces, "web", "t", { ...t, metadata: { ...t.metadata, labels: { a: "c" } } }))).toBe(409);
    expect(Number(t2.metadata.resourceVersion)).toBeGreaterThan(Number(t.metadata.resourceVersion));
  });

  test("status subresource: the main resource ignores status, /status changes only status; spec changes bump generation", () => {
    const { s, traces } = fresh();
    const t = s.create(traces, "web", { ...trace, status: { state: "Running" } });
    expect(t.status).toBeUndefined();
    const st = s.update(traces, "web", "t", { ...t, spec: { syscalls: ["openat"] }, status: { state: "Complete" } }, true);
    expect(st.status).toEqual({ state: "Complete" });
    expect(st.spec).toEqual({ syscalls: ["execve"] });
    expect(st.metadata.generation).toBe(1);
    const up = s.update(traces, "web", "t", { ...st, spec: { syscalls: ["openat"] }, status: { state: "Failed" } });
    expect(up.status).toEqual({ state: "Complete" });
    expect(up.metadata.generation).toBe(2);
  });

  test("unknown fields are pruned by the CRD's schema", () => {
    const { s, traces } = fresh();
    const t = s.create(traces, "web", { ...trace, spec: { syscalls: ["execve"], bogus: 1 } });
    expect(t.spec).toEqual({ syscalls: ["execve"] });
    const st = s.update(traces, "web", "t", { ...t, status: { state: "Running", jobID: "old-name" } }, true);
    expect(st.status).toEqual({ state: "Running" });
  });

  test("finalizers: delete sets deletionTimestamp and keeps the object until the last finalizer goes", () => {
    const { s, traces } = fresh();
    s.create(traces, "web", { ...trace, metadata: { name: "t", finalizers: ["x/y"] } });
    const marked = s.delete(traces, "web", "t");
    expect(typeof marked.metadata.deletionTimestamp).toBe("string");
    expect(s.find(traces, "web", "t")).not.toBeNull();
    const cur = s.get(traces, "web", "t");
    s.update(traces, "web", "t", { ...cur, metadata: { ...cur.metadata, finalizers: [] } });
    expect(s.find(traces, "web", "t")).toBeNull();
  });

  test("garbage collection: a dependent goes with its owner; an owner in another namespace counts as absent (with an Event)", () => {
    const { s, traces, jobs, events } = fresh();
    const owner = s.create(traces, "swoll", trace);
    const other = s.create(traces, "web", trace);
    const ref = (o: any) => [{ apiVersion: o.apiVersion, kind: "Trace", name: o.metadata.name, uid: o.metadata.uid }];
    s.create(jobs, "swoll", { metadata: { name: "same-ns", ownerReferences: ref(owner) }, spec: {} });
    expect(s.find(jobs, "swoll", "same-ns")).not.toBeNull();
    s.create(jobs, "swoll", { metadata: { name: "cross-ns", ownerReferences: ref(other) }, spec: {} });
    expect(s.find(jobs, "swoll", "cross-ns")).toBeNull();
    const ev = s.list(events, "swoll").items.find((e) => e.reason === "OwnerRefInvalidNamespace");
    expect(ev?.involvedObject).toMatchObject({ kind: "Job", name: "cross-ns" });
    s.delete(traces, "swoll", "t");
    expect(s.find(jobs, "swoll", "same-ns")).toBeNull();
  });

  test("label values over 63 characters are refused (422)", () => {
    const { s, jobs } = fresh();
    expect(code(() => s.create(jobs, "swoll", { metadata: { name: "j", labels: { "sw-job": "x".repeat(64) } }, spec: {} }))).toBe(422);
  });

  test("watch history: changes since a version, 410 Gone once compacted", () => {
    const { s, traces } = fresh();
    const t = s.create(traces, "web", trace);
    s.delete(traces, "web", "t");
    expect(s.changesSince(Number(t.metadata.resourceVersion) - 1).map((c) => c.type)).toEqual(["ADDED", "DELETED"]);
    s.compact();
    expect(code(() => s.changesSince(Number(t.metadata.resourceVersion)))).toBe(410);
  });

  test("selectors: labels as kubectl writes them, fields on any path", () => {
    const o = { metadata: { name: "a", labels: { app: "nginx", tier: "web" } }, involvedObject: { uid: "u" } };
    expect(matchObject("app=nginx,tier in (web,api)", "involvedObject.uid=u")(o)).toBe(true);
    expect(matchObject("app!=nginx", "")(o)).toBe(false);
    expect(matchObject("", "metadata.name=b")(o)).toBe(false);
  });
});
