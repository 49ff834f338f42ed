/**
 * `swoll trace --trace-ref <namespace>/<name>`: what a Trace's Job runs.
 * The Trace is read from the API server (not from a file: a Job's pod
 * template never changes) and run through the cluster client, so the Job
 * itself loads no probe and needs no privileges: every node's agent
 * traces the Trace's pods there. Its pods are those of its own namespace,
 * and its spec is followed: an edit (a new metadata.generation) is handed
 * to the caller to apply live, the Trace's deletion ends the run.
 *
 * `--output payload` is the original swoll's Job log shape: one JSON
 * object per line, `{"payload": {…event…, "node": …}}` for events and
 * `{"notice": …}` for everything else.
 */
import type { SyscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { parseTrace, type Trace } from "../api/spec";
import { loadKubeConfig, type KubeAccess } from "../k8s/kubeconfig";
import type { TraceManifest } from "../k8s/manifest";
import type { KubeFlags } from "../metadata/plan";
import { ApiStatusError, Client, TRACES, type Obj } from "../controller/client";
import { Informer } from "../controller/informer";

export interface TraceRef {
  /** namespace/name, as given. */
  ref: string;
  namespace: string;
  manifest: TraceManifest;
  kube: KubeAccess;
  /** Calls onEdit with each new valid spec, onGone once the Trace is deleted; returns a stop function. */
  follow(onEdit: (m: TraceManifest) => void, onGone: () => void, warn: (m: string) => void): () => void;
}

const REF = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)$/;

export async function openTraceRef(ref: string, flags: KubeFlags, table: SyscallTable): Promise<TraceRef> {
  const m = REF.exec(ref);
  if (!m) throw new UsageError(`invalid --trace-ref '${ref}': use <namespace>/<name> of a Trace, e.g. --trace-ref web/trace-nginx`);
  const selecting = flags.file ? "-f" : flags.namespace !== undefined ? "-n" : flags.allNamespaces ? "-A" : flags.pod?.length ? "--pod" : flags.container?.length ? "--container" : flags.selector !== undefined ? "-l" : flags.fieldSelector !== undefined ? "--field-selector" : null;
  if (selecting) throw new UsageError(`--trace-ref conflicts with ${selecting}: the Trace's spec selects the pods, in its own namespace`);
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
  const manifest = { ...parseTrace(obj as Trace, table), namespace: ns };
  return {
    ref,
    namespace: ns,
    manifest,
    kube,
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
            onEdit({ ...parseTrace(o as Trace, table), namespace: ns });
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
