/**
 * deploy/: every manifest parses; the CRD's schema is structural and
 * accepts the seed's Trace; the DaemonSet, RBAC and Service agree with
 * each other (selectors, names, ports) and with what swoll needs.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";
import { parseTraceManifest, traceSchemaFromCrd } from "../../cli/k8s/manifest";
import type { Schema } from "../../cli/k8s/schema";
import { syscallTable } from "../../cli/decode/syscalls";
import { WELL_KNOWN_SOCKETS } from "../../cli/runtime/cri";

const DIR = join(import.meta.dir, "..", "..", "deploy");
type Obj = Record<string, any>;
const docs: { file: string; doc: Obj }[] = [];
for (const file of readdirSync(DIR).filter((f) => f.endsWith(".yaml"))) {
  for (const d of parseAllDocuments(readFileSync(join(DIR, file), "utf8")) as any[]) {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
    const v = d.toJS();
    if (v) docs.push({ file, doc: v });
  }
}
const one = (kind: string, name?: string): Obj => {
  const found = docs.filter((d) => d.doc.kind === kind && (name === undefined || d.doc.metadata?.name === name));
  expect(found).toHaveLength(1);
  return found[0]!.doc;
};
const named = (kind: string, name: string): Obj => {
  const found = docs.filter((d) => d.doc.kind === kind && d.doc.metadata?.name === name);
  expect(found).toHaveLength(1);
  return found[0]!.doc;
};
const subset = (a: Obj, b: Obj) => Object.entries(a).every(([k, v]) => b[k] === v);

describe("deploy/", () => {
  test("every document has apiVersion, kind and a name; namespaced ones are in swoll", () => {
    expect(docs.length).toBeGreaterThanOrEqual(8);
    for (const { file, doc } of docs) {
      expect(typeof doc.apiVersion, file).toBe("string");
      expect(typeof doc.kind, file).toBe("string");
      if (doc.kind === "Kustomization") continue;
      expect(doc.metadata?.name, file).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      if (["ServiceAccount", "DaemonSet", "Service", "Deployment", "Role", "RoleBinding"].includes(doc.kind)) expect(doc.metadata.namespace, file).toBe("swoll");
    }
    const k = one("Kustomization");
    const files = readdirSync(DIR);
    for (const r of k.resources) expect(files).toContain(r);
  });

  test("the CRD: names agree, one storage version, a structural schema", () => {
    const crd = one("CustomResourceDefinition");
    expect(crd.apiVersion).toBe("apiextensions.k8s.io/v1");
    expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.${crd.spec.group}`);
    expect(crd.spec.group).toBe("tools.swoll.criticalstack.com");
    expect(crd.spec.names.kind).toBe("Trace");
    expect(crd.spec.scope).toBe("Namespaced");
    expect(crd.spec.versions.filter((v: Obj) => v.storage)).toHaveLength(1);
    // Structural: every node has a type (or int-or-string), and no node has both properties and additionalProperties.
    const walk = (s: Schema, path: string) => {
      if (!s["x-kubernetes-int-or-string"]) expect(s.type, path).toBeDefined();
      expect(!!(s.properties && s.additionalProperties), path).toBe(false);
      for (const [k, sub] of Object.entries(s.properties ?? {})) walk(sub, `${path}.${k}`);
      if (s.items) walk(s.items, `${path}[]`);
      if (typeof s.additionalProperties === "object") walk(s.additionalProperties, `${path}{}`);
    };
    walk(traceSchemaFromCrd(), "openAPIV3Schema");
  });

  test("the example Trace validates against the CRD", () => {
    const text = readFileSync(join(DIR, "trace-example.yaml"), "utf8");
    expect(() => parseTraceManifest(text, "trace-example.yaml", syscallTable())).not.toThrow();
  });

  test("the DaemonSet runs swoll serve --listen :9095, unprivileged, with what it needs", () => {
    const ds = one("DaemonSet");
    const pod = ds.spec.template.spec;
    expect(subset(ds.spec.selector.matchLabels, ds.spec.template.metadata.labels)).toBe(true);
    expect(pod.hostPID).toBe(true);
    expect(pod.serviceAccountName).toBe(one("ServiceAccount", "swoll").metadata.name);
    const [c] = pod.containers;
    expect(c.args).toEqual(["serve", "--listen", ":9095", "--trace-listen", "127.0.0.1:9096"]);
    // the trace stream API is on the pod's own loopback, reached only through pods/portforward
    expect(pod.hostNetwork).toBeUndefined();
    expect(c.ports).toContainEqual({ name: "metrics", containerPort: 9095, protocol: "TCP" });
    expect(c.env).toContainEqual({ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } });
    expect(c.securityContext.privileged).toBe(false);
    expect(c.securityContext.capabilities.drop).toEqual(["ALL"]);
    expect(c.securityContext.capabilities.add).toEqual(expect.arrayContaining(["BPF", "PERFMON", "SYS_NICE"]));
    expect(c.securityContext.capabilities.add).not.toContain("SYS_ADMIN");
    const volumes = new Map(pod.volumes.map((v: Obj) => [v.name, v]));
    for (const m of c.volumeMounts) expect(volumes.has(m.name)).toBe(true);
    // and the container runtimes' socket directories (CRI), where swoll looks for them
    for (const host of ["/sys/kernel/btf", "/sys/fs/cgroup", "/proc", "/run/containerd", "/run/k3s/containerd", "/run/crio"]) {
      const v = pod.volumes.find((v: Obj) => v.hostPath?.path === host);
      expect(v, host).toBeDefined();
      expect(c.volumeMounts.find((m: Obj) => m.name === v.name).readOnly, host).toBe(true);
    }
    for (const sock of WELL_KNOWN_SOCKETS) expect(c.volumeMounts.some((m: Obj) => dirname(sock) === m.mountPath), sock).toBe(true);
    expect(ds.spec.template.metadata.annotations["prometheus.io/scrape"]).toBe("true");
    expect(ds.spec.template.metadata.annotations["prometheus.io/port"]).toBe("9095");
  });

  test("RBAC: pods get/list/watch and traces, bound to the DaemonSet's ServiceAccount", () => {
    const role = named("ClusterRole", "swoll");
    const rule = (group: string, resource: string) => role.rules.find((r: Obj) => r.apiGroups.includes(group) && r.resources.includes(resource));
    expect(rule("", "pods").verbs).toEqual(expect.arrayContaining(["get", "list", "watch"]));
    expect(rule("tools.swoll.criticalstack.com", "traces").verbs).toEqual(expect.arrayContaining(["get", "list", "watch"]));
    const binding = one("ClusterRoleBinding", "swoll");
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name });
    const sa = one("ServiceAccount", "swoll");
    expect(binding.subjects).toContainEqual({ kind: "ServiceAccount", name: sa.metadata.name, namespace: sa.metadata.namespace });
  });

  test("RBAC for trace --cluster users: pods and nodes to find, and port-forward only to the agents' namespace", () => {
    const rules = (r: Obj) => Object.fromEntries(r.rules.map((x: Obj) => [x.resources.join(","), [...x.verbs].sort()]));
    expect(rules(named("ClusterRole", "swoll-trace"))).toEqual({ pods: ["get", "list", "watch"], nodes: ["get", "list"] });
    const agents = named("Role", "swoll-trace-agents");
    expect(agents.metadata.namespace).toBe(one("DaemonSet").metadata.namespace);
    expect(rules(agents)).toEqual({ pods: ["get", "list", "watch"], "pods/portforward": ["create"] });
  });

  test("the Service selects the DaemonSet's pods and is scraped by Prometheus", () => {
    const svc = one("Service");
    const ds = one("DaemonSet");
    expect(subset(svc.spec.selector, ds.spec.template.metadata.labels)).toBe(true);
    const port = svc.spec.ports.find((p: Obj) => p.port === 9095);
    expect(ds.spec.template.spec.containers[0].ports.map((p: Obj) => p.name)).toContain(port.targetPort);
    expect(svc.metadata.annotations).toMatchObject({ "prometheus.io/scrape": "true", "prometheus.io/port": "9095", "prometheus.io/path": "/metrics" });
  });

  /** Every (group, resource, verb) a set of rules grants. */
  const grants = (rules: Obj[]) => new Set(rules.flatMap((r) => r.apiGroups.flatMap((g: string) => r.resources.flatMap((res: string) => r.verbs.map((v: string) => `${g}/${res}:${v}`)))));
  /** Roles bound to a ServiceAccount: [{kind, namespace?, rules}]. */
  const boundTo = (sa: string) =>
    docs
      .filter((d) => d.doc.kind.endsWith("Binding") && d.doc.subjects?.some((s: Obj) => s.kind === "ServiceAccount" && s.name === sa && s.namespace === "swoll"))
      .map((d) => ({ binding: d.doc.kind, namespace: d.doc.metadata.namespace, role: one(d.doc.roleRef.kind, d.doc.roleRef.name) }));

  test("the controller's Deployment runs swoll controller, unprivileged, under its own ServiceAccount", () => {
    const dep = one("Deployment", "swoll-controller");
    expect(dep.metadata.namespace).toBe("swoll");
    expect(dep.spec.replicas).toBeGreaterThanOrEqual(2); // a standby behind the Lease
    expect(subset(dep.spec.selector.matchLabels, dep.spec.template.metadata.labels)).toBe(true);
    const pod = dep.spec.template.spec;
    expect(pod.serviceAccountName).toBe(one("ServiceAccount", "swoll-controller").metadata.name);
    expect(pod.hostPID).toBeUndefined();
    const [c] = pod.containers;
    expect(c.args[0]).toBe("controller");
    expect(c.args).toEqual(expect.arrayContaining(["--agent-namespace", "swoll", "--job-service-account", one("ServiceAccount", "swoll-trace-job").metadata.name]));
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(c.securityContext.capabilities.add).toBeUndefined();
  });

  test("the controller's RBAC: Traces, their status and finalizers and Events anywhere; Jobs, pods and Leases only in swoll", () => {
    const roles = boundTo("swoll-controller");
    const cluster = grants(roles.filter((r) => r.binding === "ClusterRoleBinding").flatMap((r) => r.role.rules));
    const local = grants(roles.filter((r) => r.binding === "RoleBinding" && r.namespace === "swoll").flatMap((r) => r.role.rules));
    const T = "tools.swoll.criticalstack.com";
    expect([...cluster].sort()).toEqual(
      [`${T}/traces:get`, `${T}/traces:list`, `${T}/traces:watch`, `${T}/traces:update`, `${T}/traces/finalizers:update`, `${T}/traces/status:update`, `${T}/traces/status:patch`, "/events:create", "/events:patch"].sort(),
    );
    for (const g of ["batch/jobs:create", "batch/jobs:delete", "batch/jobs:watch", "/pods:list", "/pods:watch", "coordination.k8s.io/leases:get", "coordination.k8s.io/leases:create", "coordination.k8s.io/leases:update"]) expect(local.has(g), g).toBe(true);
    // nothing that reads workloads' secrets, execs into pods or deletes Traces
    for (const g of [...cluster, ...local]) expect(g).not.toMatch(/secrets|pods\/exec|traces:delete|\*/);
  });

  test("the Trace Job's ServiceAccount: port-forward only in swoll; reading Traces, pods and nodes everywhere; nothing else", () => {
    const roles = boundTo("swoll-trace-job");
    const local = grants(roles.filter((r) => r.binding === "RoleBinding").flatMap((r) => r.role.rules));
    const cluster = grants(roles.filter((r) => r.binding === "ClusterRoleBinding").flatMap((r) => r.role.rules));
    expect(roles.filter((r) => r.binding === "RoleBinding").every((r) => r.namespace === "swoll")).toBe(true);
    expect([...local].sort()).toEqual(["/pods/portforward:create", "/pods/portforward:get"]);
    const T = "tools.swoll.criticalstack.com";
    expect([...cluster].sort()).toEqual([`${T}/traces:get`, `${T}/traces:list`, `${T}/traces:watch`, "/pods:list", "/pods:watch", "/nodes:list", "/nodes:watch"].sort());
    for (const g of [...cluster, ...local]) expect(g).not.toMatch(/traces:(create|update|patch|delete)|secrets|\*/);
  });

  test("the CRD: status fields the controller writes, and the original's printer columns", () => {
    const crd = one("CustomResourceDefinition");
    const v = crd.spec.versions[0];
    expect(v.subresources).toEqual({ status: {} });
    expect(v.additionalPrinterColumns.map((c: Obj) => c.name)).toEqual(["Job", "Syscalls", "State", "Age"]);
    const status = traceSchemaFromCrd().properties!.status!.properties!;
    expect(Object.keys(status).sort()).toEqual(["completionTime", "conditions", "job", "observedGeneration", "startTime", "state"]);
    expect(status.state!.enum).toEqual(["Pending", "Running", "Complete", "Failed"]);
  });

  test("readiness and liveness ask /healthz, never the (large, slow) /metrics", () => {
    const c = one("DaemonSet").spec.template.spec.containers[0];
    for (const probe of [c.readinessProbe, c.livenessProbe]) expect(probe.httpGet).toEqual({ path: "/healthz", port: "metrics" });
  });
});
