/**
 * `swoll trace --trace-ref <namespace>/<name>`: what a Trace's Job runs.
 * The Trace is read from the API server (not from a file: a Job's pod
 * template never changes), its pods are those of its own namespace, and
 * its spec is followed: an edit (a new metadata.generation) is handed to
 * the caller to apply live, the Trace's deletion ends the run.
 *
 * `--output payload` is the original swoll's Job log shape: one JSON
 * object per line, `{"payload": {…event…, "node": …}}` for events and
 * `{"notice": {"type": "lost", …}}` for everything else.
 */
import { hostname } from "node:os";
import type { SyscallTable } from "../decode/syscalls";
import type { TraceEvent } from "../decode/event";
import { UsageError } from "../errors";
import { parseTrace, type Trace } from "../api/spec";
import { loadKubeConfig } from "../k8s/kubeconfig";
import { openCri } from "../runtime/cri";
import type { TraceManifest } from "../k8s/manifest";
import type { KubePlan } from "../metadata/plan";
import { writeSync } from "node:fs";
import { eventToJson, lostToJson, safeJson } from "../output/json";
import type { LostReport } from "./loss";
import { ApiStatusError, Client, TRACES, type Obj } from "../controller/client";
import { Informer } from "../controller/informer";

export interface TraceRef {
  plan: KubePlan;
  /** Calls onEdit with each new valid spec, onGone once the Trace is deleted; returns a stop function. */
  follow(onEdit: (m: TraceManifest) => void, onGone: () => void, warn: (m: string) => void): () => void;
}

const REF = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)$/;

export async function openTraceRef(
  ref: string,
  flags: { kubeconfig?: string; node?: string; namespace?: string; allNamespaces?: boolean; file?: string; cri?: string | boolean },
  table: SyscallTable,
  warn: (m: string) => void,
): Promise<TraceRef> {
  const m = REF.exec(ref);
  if (!m) throw new UsageError(`invalid --trace-ref '${ref}': use <namespace>/<name> of a Trace, e.g. --trace-ref web/trace-nginx`);
  if (flags.file || flags.namespace !== undefined || flags.allNamespaces) throw new UsageError("--trace-ref conflicts with -f, -n and -A: a Trace selects pods of its own namespace");
  const [ns, name] = [m[1]!, m[3]!];
  const kube = await loadKubeConfig(flags.kubeconfig);
  if (!kube) throw new UsageError("--trace-ref reads the Trace from Kubernetes, but no kubeconfig was found; pass --kubeconfig <file>, set KUBECONFIG, or run in a pod with a service account");
  const client = new Client(kube);
  let obj: Obj;
  try {
    obj = await client.get(TRACES, ns, name);
  } catch (e) {
    if (e instanceof ApiStatusError && e.status === 404) throw new UsageError(`Trace ${ref} not found; kubectl get traces -n ${ns} lists them`, 1);
    if (e instanceof ApiStatusError) throw new UsageError(`cannot read Trace ${ref}: ${e.message}`, 1);
    throw new UsageError(`cannot reach the Kubernetes API at ${kube.server} to read Trace ${ref}: ${(e as Error).message.split("\n")[0]}`, 1);
  }
  const manifest = parseTrace(obj as Trace, table);
  const selection = { pods: [], namespace: ns, containers: [], labels: manifest.labels, fields: manifest.fields };
  const node = flags.node ?? (process.env.NODE_NAME || hostname());
  const cri = await openCri({ socket: flags.cri, warn });
  return {
    plan: { manifest: { ...manifest, namespace: ns }, kube, cri, node, selection },
    follow(onEdit, onGone, warn) {
      let generation = obj.metadata.generation;
      const uid = obj.metadata.uid;
      const informer = new Informer(client, TRACES, {
        namespace: ns,
        fieldSelector: `metadata.name=${name}`,
        warn,
        onEvent: (type, o) => {
          if (type === "DELETED" || o.metadata.uid !== uid || o.metadata.deletionTimestamp) return onGone();
          if (o.metadata.generation === generation) return;
          generation = o.metadata.generation;
          try {
            onEdit(parseTrace(o as Trace, table));
          } catch (e) {
            warn(`Trace ${ref} was edited into an invalid spec (${(e as Error).message}); still tracing the previous one`);
          }
        },
      });
      informer.start();
      return () => informer.stop();
    },
  };
}

/** A warning or error as a Job log line (written at once: it is rare, and must not wait for events). */
export function noticeLine(type: "warning" | "error", message: string, node?: string): string {
  return `{"notice":${safeJson({ type, message, ...(node ? { node } : {}) })}}\n`;
}

/** Event, loss and warning lines in the Job log shape. */
export function payloadFormatters(node: string): { event: (e: TraceEvent) => string; lost: (l: LostReport) => string; warning: (m: string) => void } {
  const nodeField = `,"node":${JSON.stringify(node)}}`;
  return {
    event: (e) => `{"payload":${eventToJson(e).slice(0, -1)}${nodeField}}`,
    lost: (l) => `{"notice":${lostToJson(l).slice(0, -1)}${nodeField}}`,
    warning: (m) => {
      try {
        writeSync(1, noticeLine("warning", m, node));
      } catch {
        // stdout gone: the run ends through the sink
      }
    },
  };
}
