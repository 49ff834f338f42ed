/**
 * Which nodes to stream from, kept current: an informer of the selected
 * pods (the nodes they are scheduled on) and one of the agent pods (which
 * agent serves which node). Both list then watch, so a pod scheduled later
 * on another node, or an agent that is replaced, is picked up.
 */
import type { KubeAccess } from "../k8s/kubeconfig";
import { PodInformer } from "../k8s/informer";
import { selectsPod, type PodSelection } from "../k8s/pods";
import { fieldSelectorText, labelSelectorText, matchesLabels, type LabelRequirement } from "../k8s/selectors";
import { UsageError } from "../errors";
import { Client, type ResourcePath } from "../controller/client";
import { Informer } from "../controller/informer";

const NODES: ResourcePath = { group: "", version: "v1", resource: "nodes" };

export interface AgentRef {
  namespace: string;
  pod: string;
}

export interface DiscoveryOptions {
  kube: KubeAccess;
  selection: PodSelection;
  agentNamespace: string;
  agentSelector: string;
  /** --node: only this node. */
  node: string | null;
  /**
   * The selection may change while running (a followed Trace's edits): the
   * pod informer then watches the whole namespace and selects here, so a
   * new selector needs no new list.
   */
  followSelection?: boolean;
  /** A Trace's hostSelector: only nodes whose labels match (null: every node). */
  hosts?: LabelRequirement[] | null;
  onChange: () => void;
  warn: (m: string) => void;
}

/** One line for a refused or failed preflight list. */
async function preflight(kube: KubeAccess, path: string, what: string, fix: string): Promise<void> {
  let res: Response;
  try {
    res = await kube.get(path, AbortSignal.timeout(15_000));
  } catch (e) {
    throw new UsageError(`cannot reach the Kubernetes API at ${kube.server} (${(e as Error).message.split("\n")[0]}); check the kubeconfig (${kube.source}) and the network`, 1);
  }
  if (res.ok) return;
  let message = `HTTP ${res.status}`;
  try {
    message = ((await res.json()) as { message?: string }).message ?? message;
  } catch {
    // not a Status
  }
  if (res.status === 401) throw new UsageError(`the Kubernetes API at ${kube.server} did not accept the kubeconfig's credentials (${message}); log in again or pass another --kubeconfig`, 1);
  if (res.status === 403) throw new UsageError(`not allowed to ${what}: ${message}; ${fix}`, 1);
  throw new UsageError(`cannot ${what}: ${message}`, 1);
}

export class Discovery {
  private readonly pods: PodInformer;
  private readonly agents: PodInformer;
  private nodes: Informer | null = null;

  constructor(private readonly opts: DiscoveryOptions) {
    const sel = opts.selection;
    const warn = (m: string) => opts.warn(m.replace(/; tracing with container ids only, retrying$/, "; retrying"));
    const follow = !!opts.followSelection;
    this.pods = new PodInformer(opts.kube, {
      namespace: sel.namespace,
      labelSelector: follow ? "" : labelSelectorText(sel.labels),
      fieldSelector: [follow ? "" : fieldSelectorText(sel.fields), opts.node ? `spec.nodeName=${opts.node}` : ""].filter(Boolean).join(","),
      onChange: opts.onChange,
      warn,
    });
    this.agents = new PodInformer(opts.kube, {
      namespace: opts.agentNamespace,
      labelSelector: opts.agentSelector,
      fieldSelector: opts.node ? `spec.nodeName=${opts.node}` : "",
      onChange: opts.onChange,
      warn,
    });
  }

  /** Checks access with one list each (a clear line for 401/403), then starts both informers and waits for their first lists. */
  async start(): Promise<void> {
    const { kube, selection, agentNamespace, agentSelector } = this.opts;
    const rbac = "bind the user to the swoll-trace roles (deploy/rbac-trace.yaml)";
    const podsPath = selection.namespace === null ? "/api/v1/pods?limit=1" : `/api/v1/namespaces/${encodeURIComponent(selection.namespace)}/pods?limit=1`;
    await preflight(kube, podsPath, `list pods${selection.namespace === null ? " in all namespaces" : ` in namespace ${selection.namespace}`}`, rbac);
    await preflight(kube, `/api/v1/namespaces/${encodeURIComponent(agentNamespace)}/pods?limit=1&labelSelector=${encodeURIComponent(agentSelector)}`, `list the swoll agents in namespace ${agentNamespace}`, rbac);
    if (this.opts.hosts?.length) await this.watchNodes();
    await Promise.all([this.pods.start(), this.agents.start()]);
  }

  /** A hostSelector needs node labels: one more informer, started (and awaited) only then. */
  private async watchNodes(): Promise<void> {
    if (this.nodes) return;
    await preflight(this.opts.kube, "/api/v1/nodes?limit=1", "list nodes (a hostSelector matches node labels)", "bind the user to the swoll-trace roles (deploy/rbac-trace.yaml)");
    this.nodes = new Informer(new Client(this.opts.kube), NODES, { namespace: null, onEvent: () => this.opts.onChange(), warn: this.opts.warn });
    this.nodes.start();
    await this.nodes.hasSynced;
  }

  /** A new selection (and hostSelector) from now on; the caller reconciles. */
  async setSelection(selection: PodSelection, hosts: LabelRequirement[] | null): Promise<void> {
    if (!this.opts.followSelection) throw new Error("Discovery.setSelection needs followSelection");
    this.opts.selection = selection;
    this.opts.hosts = hosts;
    if (hosts?.length) await this.watchNodes();
  }

  stop(): void {
    this.pods.stop();
    this.agents.stop();
    this.nodes?.stop();
  }

  private hostSelected(node: string): boolean {
    const hosts = this.opts.hosts;
    if (!hosts?.length) return true;
    const labels = { "kubernetes.io/hostname": node, ...(this.nodes?.cache.get(`/${node}`)?.metadata?.labels ?? {}) };
    return matchesLabels(hosts, labels);
  }

  /** Nodes that host selected pods now (and that a hostSelector selects). */
  wantedNodes(): Set<string> {
    const out = new Set<string>();
    for (const p of this.pods.index.all()) {
      const node = p.spec?.nodeName;
      if (node && !out.has(node) && selectsPod(this.opts.selection, p) && this.hostSelected(node)) out.add(node);
    }
    return out;
  }

  /** Agent pods by node (a running one preferred). */
  agentsByNode(): Map<string, AgentRef> {
    const out = new Map<string, AgentRef>();
    for (const p of this.agents.index.all()) {
      const node = p.spec?.nodeName;
      if (!node || p.metadata?.deletionTimestamp) continue;
      if (out.has(node) && p.status?.phase !== "Running") continue;
      out.set(node, { namespace: p.metadata!.namespace!, pod: p.metadata!.name! });
    }
    return out;
  }

  get agentCount(): number {
    return this.agents.index.size;
  }
}
