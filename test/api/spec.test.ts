/** Trace specs as objects: validated like `swoll trace -f`, resolved like its flags. */
import { expect, test } from "bun:test";
import { parseTrace, planTrace, syscallTable, UsageError } from "../../cli/api";
import { completionModel } from "../../cli/completion/model";
import { buildProgram } from "../../cli/main";

const table = syscallTable("x86_64");

test("a Trace object resolves to syscall numbers and a pod selection in its namespace", () => {
  const m = parseTrace({ metadata: { name: "t", namespace: "swoll" }, spec: { syscalls: ["execve", "sys_openat"], labelSelector: { matchLabels: { app: "nginx" } }, fieldSelector: { matchLabels: { "status.phase": "Running" } }, sampleRate: 2, duration: "1m30s" } }, table);
  const plan = planTrace(m, {}, "default");
  expect(plan).toEqual({
    name: "t",
    syscalls: [table.byName("execve")!.nr, table.byName("openat")!.nr],
    pids: [],
    comms: [],
    selection: { pods: [], namespace: "swoll", containers: [], labels: [{ key: "app", op: "=", values: ["nginx"] }], fields: [{ field: "status.phase", op: "=", value: "Running" }] },
    hosts: null,
    sampleRate: 2,
    durationMs: 90_000,
  });
});

test("namespace: the options (null: all), else metadata.namespace, else the context's", () => {
  const m = parseTrace({ spec: { syscalls: ["execve"] } }, table);
  expect(planTrace(m, {}, "team-a").selection!.namespace).toBe("team-a");
  expect(planTrace(m, { namespace: null }, "team-a").selection!.namespace).toBeNull();
  expect(planTrace(m, { namespace: "shop", pods: ["redis"], containers: ["redis"] }, "team-a").selection).toMatchObject({ namespace: "shop", pods: ["redis"], containers: ["redis"] });
});

test("without Kubernetes: no selection traces everything; a selection is one clear error", () => {
  expect(planTrace(parseTrace({ spec: { syscalls: ["execve"] } }, table), {}, null).selection).toBeNull();
  const sel = parseTrace({ metadata: { name: "web" }, spec: { labelSelector: { matchLabels: { app: "web" } } } }, table);
  expect(() => planTrace(sel, {}, null)).toThrow(UsageError);
  expect(() => planTrace(sel, {}, null)).toThrow("Trace web selects pods, which needs pod metadata from Kubernetes, but no kubeconfig was found");
});

test("the CRD schema applies: unknown fields, wrong types and bad durations name the field", () => {
  expect(() => parseTrace({ spec: { labelSelectr: {} } } as never, table)).toThrow("invalid Trace manifest Trace (unnamed): spec.labelSelectr: unknown field");
  expect(() => parseTrace({ spec: { sampleRate: 0 } }, table)).toThrow("spec.sampleRate: must be at least 1, got 0");
  expect(() => parseTrace({ spec: { duration: "soon" } }, table)).toThrow("spec.duration");
  expect(() => parseTrace(null as never, table)).toThrow("invalid Trace: expected an object with a spec");
});

test("the completion model knows which flags to pass on to completion --list", () => {
  const m = completionModel(buildProgram(), []);
  expect(m.listContext).toEqual({ withValue: ["--kubeconfig", "--namespace", "--node", "-n"], boolean: ["--all-namespaces", "-A"] });
  const trace = m.commands.find((c) => c.name === "trace")!;
  expect(trace.flags.find((f) => f.long === "--pod")!.kind).toBe("pod");
  expect(trace.flags.find((f) => f.long === "--namespace")!.kind).toBe("namespace");
  // the hidden --list machinery is not offered
  expect(m.commands.find((c) => c.name === "completion")!.flags.map((f) => f.long)).toEqual(["--help"]);
});
