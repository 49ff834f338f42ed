/**
 * From `swoll trace` flags (and an optional Trace manifest) to what the
 * trace needs from Kubernetes: the kubeconfig, this node's name, and the
 * pod selection. Flags override the manifest field by field.
 */
import { hostname } from "node:os";
import { UsageError } from "../errors";
import type { SyscallTable } from "../decode/syscalls";
import { loadKubeConfig, type KubeAccess } from "../k8s/kubeconfig";
import { openCri } from "../runtime/cri";
import type { CriPods } from "../runtime/cri-pods";
import type { TraceManifest } from "../k8s/manifest";
import type { PodSelection } from "../k8s/pods";
import { matchesLabels, parseFieldSelector, parseLabelSelector, labelSelectorText } from "../k8s/selectors";

export interface KubeFlags {
  pod?: string[];
  namespace?: string;
  container?: string[];
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  kubeconfig?: string;
  /** --cri <socket> (string), --no-cri (false), or look for one (undefined/true). */
  cri?: string | boolean;
  node?: string;
  file?: string;
}

export interface KubePlan {
  manifest: TraceManifest | null;
  kube: KubeAccess | null;
  /** Pods from the container runtime, connected (before privileges are dropped); null: none found or --no-cri. */
  cri: CriPods | null;
  node: string;
  /** null: no pod filter. */
  selection: PodSelection | null;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function check(values: string[], re: RegExp, flag: string, example: string): string[] {
  for (const v of values)
    if (!re.test(v)) throw new UsageError(`invalid ${flag} '${v}': Kubernetes names are lower-case letters, digits and '-'; e.g. ${flag} ${example}`);
  return values;
}

export async function planKubernetes(flags: KubeFlags, table: SyscallTable, warn: (m: string) => void): Promise<KubePlan> {
  // Loaded on demand, like the Kubernetes client: a plain trace does not need them.
  const manifest = flags.file ? (await import("../k8s/manifest")).loadTraceManifest(flags.file, table) : null;
  if (flags.namespace !== undefined && flags.allNamespaces) throw new UsageError("-n/--namespace conflicts with -A/--all-namespaces; pick one");
  const pods = check(flags.pod ?? [], DNS_SUBDOMAIN, "--pod", "nginx");
  const containers = check(flags.container ?? [], DNS_LABEL, "--container", "nginx");
  if (flags.namespace !== undefined) check([flags.namespace], DNS_LABEL, "--namespace", "kube-system");
  const labels = flags.selector !== undefined ? parseLabelSelector(flags.selector) : (manifest?.labels ?? []);
  const fields = flags.fieldSelector !== undefined ? parseFieldSelector(flags.fieldSelector) : (manifest?.fields ?? []);
  const node = flags.node ?? (process.env.NODE_NAME || hostname());
  if (!DNS_SUBDOMAIN.test(node)) throw new UsageError(`invalid --node '${node}': use the node's name as kubectl get nodes shows it`);

  const selecting = pods.length > 0 || containers.length > 0 || labels.length > 0 || fields.length > 0 ||
    flags.namespace !== undefined || !!flags.allNamespaces || manifest !== null;
  let kube: KubeAccess | null;
  try {
    kube = await loadKubeConfig(flags.kubeconfig);
  } catch (e) {
    // A broken default kubeconfig must not stop a plain trace.
    if (selecting || flags.kubeconfig || !(e instanceof UsageError)) throw e;
    warn(`${e.message.replace(/; fix the file.*$/, "")}; tracing with container ids only`);
    kube = null;
  }
  // Connected now, while swoll still holds the privileges the socket needs.
  // Its warnings wait until we know the run goes on: a refusal below is the one line then.
  let held: string[] | null = [];
  const cri = await openCri({ socket: flags.cri, warn: (m) => (held ? held.push(m) : warn(m)) });
  const criWarnings = held;
  held = null;
  if (selecting && !kube && !cri) {
    const what = pods.length ? "--pod" : containers.length ? "--container" : labels.length ? "--selector" : fields.length ? "--field-selector" : manifest ? "-f" : "--namespace";
    throw new UsageError(`${what} needs pod metadata from Kubernetes, but no kubeconfig and no container runtime socket were found; pass --kubeconfig <file> or --cri <socket>, set KUBECONFIG, or run in a pod with a service account`);
  }
  for (const w of criWarnings) warn(w);
  const selection: PodSelection | null = selecting
    ? {
        pods,
        // kubectl's rule: -A for all, -n for one, else the context's namespace (default without one).
        namespace: flags.allNamespaces ? null : (flags.namespace ?? manifest?.namespace ?? kube?.namespace ?? "default"),
        containers,
        labels,
        fields,
      }
    : null;
  return { manifest, kube, cri, node, selection };
}

/**
 * Whether a manifest's hostSelector picks this node. Its labels come from
 * the API server; when that cannot be asked, only the well-known
 * kubernetes.io/hostname label is known, and a warning says so.
 */
export async function hostSelected(plan: KubePlan, warn: (m: string) => void): Promise<boolean> {
  const hosts = plan.manifest?.hosts;
  if (!hosts || hosts.length === 0) return true;
  const labels: Record<string, string> = { "kubernetes.io/hostname": plan.node };
  try {
    const res = await plan.kube!.get(`/api/v1/nodes/${encodeURIComponent(plan.node)}`, AbortSignal.timeout(10_000));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    Object.assign(labels, ((await res.json()) as { metadata?: { labels?: Record<string, string> } }).metadata?.labels);
  } catch (e) {
    warn(`cannot read node ${plan.node}'s labels (${(e as Error).message}); matching hostSelector '${labelSelectorText(hosts)}' against kubernetes.io/hostname only`);
  }
  return matchesLabels(hosts, labels);
}
