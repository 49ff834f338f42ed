/** Label and field selectors: kubectl's syntax, meaning and error messages; pod name and selection rules. */
import { describe, expect, test } from "bun:test";
import {
  fieldSelectorText, labelSelectorText, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, fromLabelSelectorObject,
} from "../../cli/k8s/selectors";
import { PodIndex, podNameMatches, selectsContainer, selectsPod, type PodSelection } from "../../cli/k8s/pods";
import { UsageError } from "../../cli/errors";

const L = { app: "nginx", tier: "web", "app.kubernetes.io/part-of": "shop" };
const match = (sel: string, labels: Record<string, string> = L) => matchesLabels(parseLabelSelector(sel), labels);

describe("label selectors", () => {
  test("equality: =, == and !=", () => {
    expect(match("app=nginx")).toBe(true);
    expect(match("app==nginx")).toBe(true);
    expect(match("app=redis")).toBe(false);
    expect(match("app!=redis")).toBe(true);
    expect(match("app!=nginx")).toBe(false);
    expect(match("missing!=x")).toBe(true); // != matches pods without the label, as in Kubernetes
  });
  test("sets: in and notin, with commas inside the parentheses", () => {
    expect(match("tier in (web,api)")).toBe(true);
    expect(match("tier in (api, db)")).toBe(false);
    expect(match("tier notin (api,db)")).toBe(true);
    expect(match("missing notin (x)")).toBe(true);
    expect(match("missing in (x)")).toBe(false);
    expect(match("app=nginx,tier in (web,api),!canary")).toBe(true);
  });
  test("existence: key and !key", () => {
    expect(match("tier")).toBe(true);
    expect(match("!tier")).toBe(false);
    expect(match("!canary")).toBe(true);
    expect(match("app.kubernetes.io/part-of=shop")).toBe(true);
  });
  test("empty selects everything", () => {
    expect(parseLabelSelector("")).toEqual([]);
    expect(match("", {})).toBe(true);
  });
  test("round trip to the canonical text sent to the API server", () => {
    const text = "app=nginx,tier in (web,api),canary,!legacy,env!=dev";
    expect(labelSelectorText(parseLabelSelector(text))).toBe(text);
    expect(labelSelectorText(parseLabelSelector("app == nginx"))).toBe("app=nginx");
  });
  test.each([
    ["app=", null],
    ["=nginx", "cannot parse"],
    ["app in ()", "needs at least one value"],
    ["app=nginx,,tier=web", "empty requirement"],
    ["-app=x", "must be 1-63"],
    ["Example.COM/app=x", "not a DNS subdomain"],
    ["app=-bad-", "value '-bad-'"],
    ["app in (a,b", "cannot parse"],
  ])("%s", (sel, problem) => {
    if (problem === null) return expect(parseLabelSelector(sel)).toEqual([{ key: "app", op: "=", values: [""] }]);
    expect(() => parseLabelSelector(sel)).toThrow(UsageError);
    expect(() => parseLabelSelector(sel)).toThrow(problem);
    expect(() => parseLabelSelector(sel)).toThrow(/^invalid --selector '.*': .*; use kubectl's syntax/);
  });
  test("metav1.LabelSelector objects (Trace manifests)", () => {
    const reqs = fromLabelSelectorObject({ matchLabels: { app: "nginx" }, matchExpressions: [{ key: "tier", operator: "In", values: ["web"] }, { key: "canary", operator: "DoesNotExist" }] }, "spec.labelSelector");
    expect(labelSelectorText(reqs)).toBe("app=nginx,tier in (web),!canary");
    expect(() => fromLabelSelectorObject({ matchExpressions: [{ key: "a", operator: "In" }] }, "spec.labelSelector")).toThrow("spec.labelSelector.matchExpressions[0].values: In needs at least one value");
    expect(() => fromLabelSelectorObject({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }, "s")).toThrow("s.matchExpressions[0].values: Exists takes no values");
  });
});

const POD = { metadata: { name: "nginx-7c5ddbdf54-x8p2q", namespace: "default" }, spec: { nodeName: "node-1", hostNetwork: false, restartPolicy: "Always" }, status: { phase: "Running", podIP: "10.0.0.7" } };

describe("field selectors", () => {
  test("=, == and != on the fields the API server indexes", () => {
    expect(matchesFields(parseFieldSelector("status.phase=Running"), POD)).toBe(true);
    expect(matchesFields(parseFieldSelector("status.phase==Pending"), POD)).toBe(false);
    expect(matchesFields(parseFieldSelector("metadata.namespace!=kube-system,spec.nodeName=node-1"), POD)).toBe(true);
    expect(matchesFields(parseFieldSelector("spec.hostNetwork=false"), POD)).toBe(true);
    expect(matchesFields(parseFieldSelector("status.podIP=10.0.0.7"), POD)).toBe(true);
    expect(matchesFields(parseFieldSelector("spec.restartPolicy=Never"), POD)).toBe(false);
  });
  test("escaped commas and equals signs round-trip", () => {
    const reqs = parseFieldSelector("metadata.name=a\\,b\\=c");
    expect(reqs).toEqual([{ field: "metadata.name", op: "=", value: "a,b=c" }]);
    expect(fieldSelectorText(reqs)).toBe("metadata.name=a\\,b\\=c");
  });
  test("unknown fields and bad syntax name the problem and the fix", () => {
    expect(() => parseFieldSelector("spec.containers=x")).toThrow("pods cannot be selected by 'spec.containers'; use one of metadata.name");
    expect(() => parseFieldSelector("status.phase")).toThrow("use field=value or field!=value");
  });
});

describe("pod selection", () => {
  const sel = (s: Partial<PodSelection>): PodSelection => ({ pods: [], namespace: null, containers: [], labels: [], fields: [], ...s });
  const pod = (name: string, namespace = "default", labels: Record<string, string> = {}) => ({ metadata: { name, namespace, labels, uid: name }, spec: { containers: [] }, status: { phase: "Running" } });

  test("--pod: the exact name, or the name before a generated suffix", () => {
    expect(podNameMatches("nginx", "nginx")).toBe(true);
    expect(podNameMatches("nginx", "nginx-7c5ddbdf54-x8p2q")).toBe(true);
    expect(podNameMatches("nginx-7c5ddbdf54", "nginx-7c5ddbdf54-x8p2q")).toBe(true);
    expect(podNameMatches("nginx", "nginx2")).toBe(false);
    expect(podNameMatches("nginx", "nginxfoo-abc")).toBe(false);
    expect(podNameMatches("nginx-7c5ddbdf54-x8p2q", "nginx")).toBe(false);
  });
  test("namespace, names, labels and fields all have to match", () => {
    const p = pod("nginx-abc", "default", { app: "nginx" });
    expect(selectsPod(sel({ namespace: "default", pods: ["nginx"] }), p)).toBe(true);
    expect(selectsPod(sel({ namespace: "shop", pods: ["nginx"] }), p)).toBe(false);
    expect(selectsPod(sel({ labels: parseLabelSelector("app=nginx") }), p)).toBe(true);
    expect(selectsPod(sel({ labels: parseLabelSelector("app=nginx"), fields: parseFieldSelector("status.phase=Pending") }), p)).toBe(false);
  });
  test("--container needs a known container name", () => {
    expect(selectsContainer(sel({}), null)).toBe(true);
    expect(selectsContainer(sel({ containers: ["nginx"] }), "nginx")).toBe(true);
    expect(selectsContainer(sel({ containers: ["nginx"] }), "sidecar")).toBe(false);
    expect(selectsContainer(sel({ containers: ["nginx"] }), null)).toBe(false);
  });
});

describe("PodIndex", () => {
  const ID = (c: string) => c.repeat(64);
  const p = {
    metadata: { name: "web-0", namespace: "shop", uid: "u-1", labels: { app: "web" } },
    status: {
      initContainerStatuses: [{ name: "init", containerID: `containerd://${ID("a")}`, image: "busybox:1", imageID: "busybox@sha256:1" }],
      containerStatuses: [{ name: "web", containerID: `cri-o://${ID("b")}`, image: "nginx:1", imageID: "nginx@sha256:2", lastState: { terminated: { containerID: `cri-o://${ID("c")}` } } }],
      ephemeralContainerStatuses: [{ name: "debugger", containerID: `containerd://${ID("d")}`, image: "busybox:1", imageID: "" }],
    },
  } as never;

  test("indexes init, regular, restarted and ephemeral containers", () => {
    const idx = new PodIndex();
    expect(idx.upsert(p)).toBe(true);
    expect(idx.byContainerId(ID("a"))?.name).toBe("init");
    expect(idx.byContainerId(ID("b"))).toMatchObject({ name: "web", pod: "web-0", namespace: "shop", image: "nginx:1", imageId: "nginx@sha256:2", podUid: "u-1", labels: { app: "web" } });
    expect(idx.byContainerId(ID("c"))?.name).toBe("web");
    expect(idx.byContainerId(ID("d"))).toMatchObject({ name: "debugger", imageId: null });
    expect(idx.byPodUid("u-1")).toMatchObject({ name: null, pod: "web-0" });
    expect(idx.upsert(p)).toBe(false); // nothing changed
    expect(idx.remove("u-1")).toBe(true);
    expect(idx.byContainerId(ID("b"))).toBeUndefined();
    expect(idx.size).toBe(0);
  });
  test("replace() drops pods that are gone", () => {
    const idx = new PodIndex();
    idx.upsert(p);
    expect(idx.replace([])).toBe(true);
    expect(idx.byPodUid("u-1")).toBeUndefined();
  });
});
