/**
 * Trace specs: the original swoll's Trace custom resource as a typed
 * object, validated by the same code (and the same CRD schema) as
 * `swoll trace -f`, and resolved into what a hub runs: syscall numbers and
 * a pod selection.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { SyscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { parseTraceManifest, TRACE_API_VERSION, type TraceManifest, type TraceSpec } from "../k8s/manifest";
import type { PodSelection } from "../k8s/pods";
import type { LabelRequirement, LabelSelectorObject } from "../k8s/selectors";

export { TRACE_API_VERSION, type TraceSpec };

/** The Trace custom resource (tools.swoll.criticalstack.com/v1alpha1). apiVersion and kind may be left out. */
export interface Trace {
  apiVersion?: string;
  kind?: "Trace";
  metadata?: { name?: string; namespace?: string; [k: string]: unknown };
  spec: TraceSpec;
  status?: { state?: string; job?: string; startTime?: string; completionTime?: string; observedGeneration?: number; conditions?: unknown[] };
}

/** What `swoll trace` flags add to a Trace: the same as -n/-A, --pod and --container. */
export interface TraceSelectOptions {
  /** The pods' namespace; null: every namespace. Default: metadata.namespace, else the kubeconfig context's. */
  namespace?: string | null;
  /** Pod names, or the part before a generated suffix (nginx matches nginx-7c5ddbdf54-x8p2q). */
  pods?: string[];
  /** Only these containers of the selected pods. */
  containers?: string[];
}

/** A trace ready to run: what the hub (and `swoll trace`) load into the probe. */
export interface TracePlan {
  name: string | null;
  /** Syscall numbers; null traces every syscall. */
  syscalls: number[] | null;
  /** Process ids and command names (kernel filters); empty: no filter. */
  pids: number[];
  comms: string[];
  /** null: no pod filter, every process is traced (and attributed to its container). */
  selection: PodSelection | null;
  /** Node labels the trace runs on; null: every node. */
  hosts: LabelRequirement[] | null;
  sampleRate: number;
  durationMs: number | null;
}

/** Read a Trace manifest (YAML or JSON) into an object; parseTrace / Hub.trace validate it. */
export function readTrace(file: string): Trace {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read Trace ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; pass the path of a Trace manifest`);
  }
  try {
    return parseYaml(text) as Trace;
  } catch (e) {
    throw new UsageError(`invalid YAML in ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** Validate a Trace object against the CRD schema; errors are UsageErrors naming the field. */
export function parseTrace(trace: Trace, table: SyscallTable): TraceManifest {
  if (!trace || typeof trace !== "object") throw new UsageError("invalid Trace: expected an object with a spec, e.g. { spec: { syscalls: [\"execve\"] } }");
  const doc = { apiVersion: TRACE_API_VERSION, kind: "Trace", ...trace };
  const label = `Trace ${trace.metadata?.name ?? "(unnamed)"}`;
  // JSON is YAML: the manifest parser (and its schema check) reads it as is.
  return parseTraceManifest(JSON.stringify(doc), label, table);
}

/**
 * A parsed Trace (and the -n/--pod/--container equivalents) → a plan.
 * `contextNamespace` is the kubeconfig context's namespace; null when there
 * is no kubeconfig, in which case a Trace that selects pods is an error.
 */
export function planTrace(m: TraceManifest, opts: TraceSelectOptions, contextNamespace: string | null): TracePlan {
  const pods = opts.pods ?? [];
  const containers = opts.containers ?? [];
  const selects = m.labels.length > 0 || m.fields.length > 0 || pods.length > 0 || containers.length > 0 || opts.namespace !== undefined || m.namespace !== null;
  if (contextNamespace === null && selects)
    throw new UsageError(`Trace ${m.name ?? "(unnamed)"} selects pods, which needs pod metadata from Kubernetes, but no kubeconfig was found; pass kubeconfig to Hub.open, set KUBECONFIG, or run in a pod with a service account`);
  const selection: PodSelection | null =
    contextNamespace === null
      ? null
      : {
          pods,
          namespace: opts.namespace !== undefined ? opts.namespace : (m.namespace ?? contextNamespace),
          containers,
          labels: m.labels,
          fields: m.fields,
        };
  return { name: m.name, syscalls: m.syscalls, pids: [], comms: [], selection, hosts: m.hosts, sampleRate: m.sampleRate, durationMs: m.durationMs };
}
