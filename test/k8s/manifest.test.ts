/** Trace manifests (swoll trace -f): the seed's example, every field, and errors that name the field path. */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseGoDuration, parseTraceManifest, traceSchemaFromCrd } from "../../cli/k8s/manifest";
import { DURATION_PATTERN } from "../../cli/options";
import { labelSelectorText, fieldSelectorText } from "../../cli/k8s/selectors";
import { validate } from "../../cli/k8s/schema";
import { syscallTable } from "../../cli/decode/syscalls";
import { UsageError } from "../../cli/errors";

const table = syscallTable();
const nr = (n: string) => table.byName(n)!.nr;
const DEPLOY = join(import.meta.dir, "..", "..", "deploy");

const parse = (yaml: string) => parseTraceManifest(yaml, "trace.yaml", table);
const err = (yaml: string): string => {
  try {
    parse(yaml);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("expected an error");
};
const trace = (spec: string) => `apiVersion: tools.swoll.criticalstack.com/v1alpha1\nkind: Trace\nmetadata:\n  name: t\nspec:\n${spec}`;

describe("Trace manifests", () => {
  test("the original swoll's example (deploy/trace-example.yaml)", () => {
    const m = parse(readFileSync(join(DEPLOY, "trace-example.yaml"), "utf8"));
    expect(m.name).toBe("trace-nginx-hosts");
    expect(m.namespace).toBe("swoll");
    expect(m.syscalls).toEqual(["connect", "accept4", "bind", "listen", "execve", "openat"].map(nr));
    expect(labelSelectorText(m.labels)).toBe("app=nginx");
    expect(fieldSelectorText(m.fields)).toBe("status.phase=Running");
    expect(m.hosts).toBeNull();
    expect(m.sampleRate).toBe(1);
    expect(m.durationMs).toBeNull();
  });

  test("every field", () => {
    const m = parse(trace(`  syscalls: [sys_openat]
  labelSelector:
    matchLabels: {app: web}
    matchExpressions:
      - {key: tier, operator: In, values: [api, web]}
      - {key: canary, operator: DoesNotExist}
  fieldSelector:
    matchLabels: {metadata.name: web-0}
  hostSelector:
    matchLabels: {kubernetes.io/hostname: node-1}
  sampleRate: 10
  duration: 1h30m`));
    expect(m.syscalls).toEqual([nr("openat")]);
    expect(labelSelectorText(m.labels)).toBe("app=web,tier in (api,web),!canary");
    expect(fieldSelectorText(m.fields)).toBe("metadata.name=web-0");
    expect(labelSelectorText(m.hosts!)).toBe("kubernetes.io/hostname=node-1");
    expect(m.sampleRate).toBe(10);
    expect(m.durationMs).toBe(5_400_000);
    expect(m.namespace).toBeNull();
  });

  test("no syscalls: every syscall", () => expect(parse(trace("  labelSelector: {matchLabels: {app: web}}")).syscalls).toBeNull());

  test.each([
    ["bad YAML", "apiVersion: x\nkind: [Trace\n", /^invalid YAML in trace\.yaml at line \d+, column \d+: /],
    ["empty file", "", /^invalid Trace manifest trace\.yaml: \(document\): expected exactly one Trace, found 0 documents; swoll trace runs one Trace: pass one \(kubectl get trace NAME -o yaml\)$/],
    ["two documents", `${trace("  syscalls: [execve]")}\n---\n${trace("  syscalls: [execve]")}`, /found 2 documents/],
    ["apiVersion", trace("  syscalls: [execve]").replace("v1alpha1", "v1"), /: apiVersion: must be tools\.swoll\.criticalstack\.com\/v1alpha1, got "tools\.swoll\.criticalstack\.com\/v1"$/],
    ["kind", trace("  syscalls: [execve]").replace("kind: Trace", "kind: Job"), /: kind: must be Trace, got "Job"$/],
    ["no spec", "apiVersion: tools.swoll.criticalstack.com/v1alpha1\nkind: Trace\n", /: spec: is required$/],
    ["misspelt field", trace("  labelSelectr: {matchLabels: {app: web}}"), /: spec\.labelSelectr: unknown field; expected one of syscalls, labelSelector, fieldSelector, hostSelector, sampleRate, duration$/],
    ["syscalls not a list", trace("  syscalls: execve"), /: spec\.syscalls: must be an array, got string$/],
    ["unknown syscall", trace("  syscalls: [execve, opnat]"), /: spec\.syscalls\[1\]: unknown syscall 'opnat' on x86_64; did you mean openat/],
    ["operator", trace("  labelSelector:\n    matchExpressions: [{key: a, operator: Equals, values: [b]}]"), /: spec\.labelSelector\.matchExpressions\[0\]\.operator: must be one of In, NotIn, Exists, DoesNotExist, got "Equals"$/],
    ["In without values", trace("  labelSelector:\n    matchExpressions: [{key: a, operator: In}]"), /: spec\.labelSelector\.matchExpressions\[0\]\.values: In needs at least one value$/],
    ["label value", trace("  labelSelector: {matchLabels: {app: -x-}}"), /: spec\.labelSelector\.matchLabels: value '-x-' must be/],
    ["label value not a string", trace("  labelSelector: {matchLabels: {app: [a]}}"), /: spec\.labelSelector\.matchLabels\.app: must be a string, got array$/],
    ["field", trace("  fieldSelector: {matchLabels: {spec.containers: x}}"), /: spec\.fieldSelector\.matchLabels\["spec\.containers"\]: pods cannot be selected by 'spec\.containers'/],
    ["sampleRate", trace("  sampleRate: 0"), /: spec\.sampleRate: must be at least 1, got 0$/],
    ["sampleRate type", trace("  sampleRate: often"), /: spec\.sampleRate: must be an integer, got string$/],
    ["duration", trace("  duration: 5 minutes"), /: spec\.duration: '5 minutes' does not match/],
  ])("%s", (_, yaml, want) => expect(err(yaml)).toMatch(want));
});

describe("Go durations", () => {
  test.each([["90s", 90_000], ["1h30m", 5_400_000], ["1.5h", 5_400_000], ["250ms", 250], ["2m3s", 123_000]])("%s", (t, ms) => expect(parseGoDuration(t)).toBe(ms));
  test.each([["5", 5000], ["1.5", 1500], ["500us", 0.5]])("%s: a bare number is seconds, as for -d", (t, ms) => expect(parseGoDuration(t)).toBe(ms));
  test.each(["", "5 m", "-1s", "0s", "0", "5x", "1d", "s", "1h-30m"])("'%s' is not one", (t) => expect(parseGoDuration(t)).toBeNull());
  test("the CRD's pattern accepts and refuses exactly what the parser does", () => {
    const crd = Bun.YAML.parse(readFileSync(join(import.meta.dir, "../../deploy/crd-trace.yaml"), "utf8")) as any;
    const pattern = new RegExp(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.duration.pattern, "u");
    for (const t of ["90s", "1h30m", "1.5h", "250ms", "5", "1.5", ".5s", "2m3s", "10us", "10µs", "5 m", "-1s", "5x", "1d", "", "s", "1.2.3", "1h-30m"])
      expect({ t, crd: pattern.test(t) }).toEqual({ t, crd: DURATION_PATTERN.test(t) });
  });
});

describe("schema validator", () => {
  const s = traceSchemaFromCrd();
  test("accepts a minimal Trace", () => expect(validate({ apiVersion: "a", kind: "Trace", spec: {} }, s)).toBeNull());
  test("metadata is free-form, status is not required", () => expect(validate({ apiVersion: "a", kind: "Trace", metadata: { labels: { a: "b" } }, spec: {} }, s)).toBeNull());
  test("paths with odd keys are quoted", () =>
    expect(validate({ apiVersion: "a", kind: "Trace", spec: { hostSelector: { matchLabels: { "kubernetes.io/hostname": 1 } } } }, s)).toEqual({
      path: 'spec.hostSelector.matchLabels["kubernetes.io/hostname"]',
      reason: "must be a string, got integer",
    }));
});
