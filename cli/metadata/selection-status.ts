/**
 * Whether a pod selection selects anything on this node, said once when it
 * does not (with where the named pods do exist), and again when matching
 * containers appear. kubectl's rule puts `--pod nginx` without -n in the
 * context's namespace; a trace that silently waits there while nginx runs
 * in `web` looks broken, so the API server is asked where the name is.
 */
import type { V1Pod } from "@kubernetes/client-node";
import type { KubeAccess } from "../k8s/kubeconfig";
import { podNameMatches, selectsContainer, selectsPod, type PodSelection } from "../k8s/pods";
import { fieldSelectorText, labelSelectorText } from "../k8s/selectors";
import type { ContainerObserver } from "./observer";

/** What a pod selection selects on this node now. */
export interface SelectionStatus {
  /** "empty": no container of a selected pod runs on this node; "matched": at least one does. */
  state: "empty" | "matched";
  /** The selected pods with a container on this node, as namespace/name (at most 20). */
  pods: string[];
  /** One line for people: why nothing matched and what to do, or what matches now. */
  message: string;
}

export interface SelectionWatchOptions {
  kube: KubeAccess | null;
  /** This node's name (the informer's spec.nodeName). */
  node: string;
}

const SHOWN = 20;
/** Pods read cluster-wide to say where a name lives; a diagnosis, not an inventory. */
const DIAGNOSE_LIST_LIMIT = 500;

/** Names from the API server and selectors from flags reach a terminal: printable ASCII only. */
function clean(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, "?");
}

function quoteList(names: string[]): string {
  return names.map((n) => `"${clean(n)}"`).join(" or ");
}

export class SelectionWatch {
  private current: SelectionStatus | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Bumped on each evaluation, so a slow diagnosis of an old state is dropped. */
  private epoch = 0;
  private diagnosing = false;
  private readonly listeners = new Set<(s: SelectionStatus) => void>();

  constructor(
    private readonly observer: ContainerObserver,
    private readonly selection: () => PodSelection,
    private readonly opts: SelectionWatchOptions,
  ) {}

  get status(): SelectionStatus | null {
    return this.current;
  }

  /** Each change of state (the current one first, if known); returns the unsubscribe function. */
  onSelection(listener: (s: SelectionStatus) => void): () => void {
    this.listeners.add(listener);
    if (this.current) listener(this.current);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.observer.onRefresh(() => this.check());
    this.check();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.listeners.clear();
    this.epoch++;
  }

  /** The selected pods whose containers the cgroup walk found on this node. */
  private localPods(): string[] {
    const sel = this.selection();
    const { attributor } = this.observer;
    const pods = new Set<string>();
    if (attributor.v1Mode) {
      // cgroup v1 hosts: containers are found per process, not walked; the pods bound here stand for them
      for (const pod of this.observer.pods?.all() ?? [])
        if (pod.spec?.nodeName === this.opts.node && selectsPod(sel, pod)) pods.add(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
      return [...pods].sort();
    }
    for (const [, c] of attributor.containers()) {
      const p = attributor.podOf(c);
      if (!p) continue;
      const pod = this.observer.pods?.pod(p.podUid);
      if (pod && selectsPod(sel, pod) && selectsContainer(sel, p.name)) pods.add(`${p.namespace}/${p.pod}`);
    }
    return [...pods].sort();
  }

  /** Re-evaluate; a change of state is reported (an empty one after its diagnosis). */
  check(): void {
    if (!this.unsubscribe) return;
    const pods = this.localPods();
    if (pods.length > 0) {
      if (this.current?.state === "matched") return;
      this.epoch++;
      const shown = pods.slice(0, SHOWN).join(", ") + (pods.length > SHOWN ? `, … (${pods.length})` : "");
      this.report({ state: "matched", pods: pods.slice(0, SHOWN), message: `now selecting ${pods.length === 1 ? "pod" : `${pods.length} pods`} ${shown}` });
      return;
    }
    if (this.current?.state === "empty" || this.diagnosing) return;
    const epoch = ++this.epoch;
    this.diagnosing = true;
    void this.diagnose()
      .catch(() => this.plainMessage())
      .then((message) => {
        this.diagnosing = false;
        if (epoch !== this.epoch || !this.unsubscribe) {
          this.check(); // the state moved on while the API server answered
          return;
        }
        this.report({ state: "empty", pods: [], message });
      });
  }

  private report(s: SelectionStatus): void {
    this.current = s;
    for (const l of this.listeners) l(s);
  }

  /** What the selection asks for, as the subject of the message. */
  private subject(): string {
    const sel = this.selection();
    const labels = labelSelectorText(sel.labels);
    const fields = fieldSelectorText(sel.fields);
    const matching = [labels, fields].filter(Boolean).map(clean).join(",");
    if (sel.pods.length) return `no pod ${quoteList(sel.pods)}${matching ? ` matching ${matching}` : ""}`;
    if (matching) return `0 pods match ${matching}`;
    return "no pods";
  }

  private where(): string {
    const ns = this.selection().namespace;
    return ns === null ? "in any namespace" : `in namespace ${clean(ns)}`;
  }

  private plainMessage(): string {
    return `${this.subject()} ${this.where()} on node ${clean(this.opts.node)}; waiting for one to start`;
  }

  /** Ask the API server where the selection does match, if anywhere. */
  private async diagnose(): Promise<string> {
    const sel = this.selection();
    const kube = this.opts.kube;
    const node = clean(this.opts.node);
    if (!kube) return this.plainMessage();
    const signal = AbortSignal.timeout(10_000);
    if (sel.namespace !== null) {
      const res = await kube.get(`/api/v1/namespaces/${encodeURIComponent(sel.namespace)}`, signal);
      if (res.status === 404) return `namespace "${clean(sel.namespace)}" does not exist; waiting for it (kubectl get namespaces lists them)`;
    }
    const nodeRes = await kube.get(`/api/v1/nodes/${encodeURIComponent(this.opts.node)}`, signal);
    if (nodeRes.status === 404)
      return `node "${node}" does not exist in the cluster, so no pod runs on it; set --node (or $NODE_NAME) to this node's name as kubectl get nodes shows it`;

    // Every namespace, every node: the same labels and fields.
    const q = new URLSearchParams({ limit: String(DIAGNOSE_LIST_LIMIT) });
    const labels = labelSelectorText(sel.labels);
    const fields = fieldSelectorText(sel.fields);
    if (labels) q.set("labelSelector", labels);
    if (fields) q.set("fieldSelector", fields);
    const res = await kube.get(`/api/v1/pods?${q}`, signal);
    if (!res.ok) return this.plainMessage();
    const items = ((await res.json()) as { items?: V1Pod[] }).items ?? [];
    const named = items.filter((p) => sel.pods.length === 0 || sel.pods.some((w) => podNameMatches(w, p.metadata?.name ?? "")));
    const here = named.filter((p) => sel.namespace === null || p.metadata?.namespace === sel.namespace);
    if (here.length === 0) {
      const elsewhere = [...new Set(named.map((p) => clean(p.metadata?.namespace ?? "")))].sort();
      if (elsewhere.length === 0) return `${this.subject()} ${this.where()}; waiting for one to start`;
      const use = elsewhere.length === 1 ? `-n ${elsewhere[0]} or -A` : "-n NAMESPACE or -A";
      return `${this.subject()} ${this.where()}; found in: ${elsewhere.slice(0, SHOWN).join(", ")} (use ${use})`;
    }
    const onNode = here.filter((p) => p.spec?.nodeName === this.opts.node);
    if (onNode.length === 0) {
      const nodes = [...new Set(here.map((p) => clean(p.spec?.nodeName ?? "(not scheduled)")))].sort();
      return `${this.subject()} ${this.where()} on node ${node}; the selected pods run on: ${nodes.slice(0, SHOWN).join(", ")} (trace there, or use --cluster)`;
    }
    if (sel.containers.length && !onNode.some((p) => (p.spec?.containers ?? []).some((c) => selectsContainer(sel, c.name)))) {
      const have = [...new Set(onNode.flatMap((p) => (p.spec?.containers ?? []).map((c) => clean(c.name))))].sort();
      return `the selected pods have no container ${quoteList(sel.containers)} (they have: ${have.join(", ")})`;
    }
    return `${onNode.length === 1 ? "1 pod matches" : `${onNode.length} pods match`} on node ${node}, but none of its containers runs on this machine; is --node ${node} this node? waiting for them`;
  }
}

/**
 * The command line's use: an empty selection is said once, and its end
 * (matching containers appeared) once; a selection that matches from the
 * start says nothing.
 */
export function sayEmptySelection(trace: { onSelection(l: (s: SelectionStatus) => void): () => void }, say: (m: string) => void): () => void {
  let wasEmpty = false;
  return trace.onSelection((s) => {
    if (s.state === "empty") {
      wasEmpty = true;
      say(s.message);
    } else if (wasEmpty) say(s.message);
  });
}
