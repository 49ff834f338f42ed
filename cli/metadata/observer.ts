/**
 * The node's containers as they come and go: the cgroup walker (the
 * Attributor) joined with the pod informer when a kubeconfig works. After
 * each refresh it compares what it sees with what it saw and emits
 * `start`, `update` (pod metadata arrived or changed) and `stop` events.
 *
 * Refreshes happen when the informer reports a change (coalesced) and on
 * a timer, but only while someone listens: attribution alone (lookup())
 * needs no timer, since unknown cgroup ids trigger their own walk.
 */
import { hostname } from "node:os";
import { Attributor, type ContainerMeta } from "../containers/attributor";
import type { CgroupId } from "../decode/cgroup-id";
import { PodInformer } from "../k8s/informer";
import { loadKubeConfig, type KubeAccess } from "../k8s/kubeconfig";
import { openCri } from "../runtime/cri";
import type { PodIndex } from "../k8s/pods";
import { FirstOf, type CriPods } from "../runtime/cri-pods";

/** A container on this node, with every cgroup id that belongs to it. */
export interface ObservedContainer extends ContainerMeta {
  /** cgroup v2 ids (directory inodes) of the container and the cgroups below it. */
  cgroupIds: CgroupId[];
}

export type ContainerEventType = "start" | "update" | "stop";

export interface ContainerEvent {
  type: ContainerEventType;
  container: ObservedContainer;
}

/** Which pods the informer asks the API server for (server-side filtering). */
export interface PodScope {
  /** null or undefined: every namespace. */
  namespace?: string | null;
  /** Label selector text, e.g. `app=nginx`. */
  labelSelector?: string;
  /** Extra field selector text, joined to `spec.nodeName=<node>`. */
  fieldSelector?: string;
}

export interface ContainerObserverOptions {
  attributor?: Attributor;
  /** API access (cli/k8s/kubeconfig.ts); null: container ids only. */
  kube?: KubeAccess | null;
  /** This node's name: the informer watches only pods bound to it. */
  node?: string;
  /** Pods from the container runtime (cli/runtime/cri.ts): alone, or filling in what the API has not reported yet. */
  cri?: CriPods | null;
  scope?: PodScope;
  warn?: (message: string) => void;
  /** How often the cgroup tree is walked while someone listens. */
  walkEveryMs?: number;
}

export class ContainerObserver {
  readonly attributor: Attributor;
  readonly informer: PodInformer | null;
  readonly cri: CriPods | null;
  private readonly listeners = new Set<(ev: ContainerEvent) => void>();
  private readonly refreshListeners = new Set<() => void>();
  private known = new Map<string, { key: string; container: ObservedContainer }>();
  private seenGeneration = -1;
  private timer: ReturnType<typeof setInterval> | null = null;
  private pending: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  private stopped = false;

  constructor(private readonly opts: ContainerObserverOptions = {}) {
    this.attributor = opts.attributor ?? new Attributor();
    const { kube, scope } = opts;
    const node = opts.node ?? "";
    this.informer = kube
      ? new PodInformer(kube, {
          namespace: scope?.namespace ?? null,
          fieldSelector: [node ? `spec.nodeName=${node}` : "", scope?.fieldSelector ?? ""].filter(Boolean).join(","),
          labelSelector: scope?.labelSelector ?? "",
          onChange: () => this.podsChanged(),
          warn: opts.warn ?? (() => {}),
        })
      : null;
    this.cri = opts.cri ?? null;
    if (this.cri) this.cri.onChange = () => this.podsChanged();
    const { informer, cri } = this;
    if (informer || cri) this.attributor.setPods(informer && cri ? new FirstOf(informer.index, cri) : (informer?.index ?? cri));
  }

  /**
   * Load the kubeconfig (`kubeconfig`: a file; default $KUBECONFIG,
   * ~/.kube/config, in-cluster; false: none), then start: containers are
   * attributed to pods when one works, to container ids otherwise.
   */
  static async open(opts: Omit<ContainerObserverOptions, "kube" | "cri"> & { kubeconfig?: string | false; criSocket?: string | false } = {}): Promise<ContainerObserver> {
    const kube = opts.kubeconfig === false ? null : await loadKubeConfig(opts.kubeconfig);
    const cri = await openCri({ socket: opts.criSocket, warn: opts.warn ?? (() => {}) });
    const o = new ContainerObserver({ ...opts, kube, cri, node: opts.node ?? (process.env.NODE_NAME || hostname()) });
    await o.start();
    return o;
  }

  /** The informer's pods, else the runtime's (null with neither). */
  get pods(): PodIndex | null {
    return this.informer?.index ?? this.cri?.index ?? null;
  }

  /** Starts the informer and waits (at most `waitMs`) for its first list. */
  async start(waitMs = 5000): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.listeners.size || this.refreshListeners.size) this.ensureTimer();
    if (this.informer) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      // cleared, so a process that is done early is not kept alive by the wait
      await Promise.race([this.informer.start(), new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
      clearTimeout(timer);
    }
    // Only listeners need the full picture (each container's init process
    // is read once); attribution alone resolves ids as events name them.
    if (this.listeners.size || this.refreshListeners.size) this.refresh();
  }

  /** The container of a cgroup id (`pid` is used on cgroup v1 hosts); a Map lookup when known. */
  lookup(cgroupId: CgroupId, pid = 0): ContainerMeta | null {
    return this.attributor.lookup(cgroupId, pid);
  }

  /** The containers on the node now (as of the last walk of the cgroup tree). */
  containers(): ObservedContainer[] {
    this.refresh();
    return [...this.known.values()].map((k) => k.container);
  }

  /**
   * Container start/update/stop events; returns the unsubscribe function.
   * The listener first gets a `start` for every container already known.
   */
  subscribe(listener: (ev: ContainerEvent) => void): () => void {
    if (this.started) this.refresh();
    for (const k of this.known.values()) listener({ type: "start", container: k.container });
    this.listeners.add(listener);
    this.ensureTimer();
    return () => this.listeners.delete(listener);
  }

  /** Called after every refresh in which containers or pod objects changed. */
  onRefresh(listener: () => void): () => void {
    this.refreshListeners.add(listener);
    this.ensureTimer();
    return () => this.refreshListeners.delete(listener);
  }

  private ensureTimer(): void {
    if (this.timer || !this.started || this.stopped) return;
    this.timer = setInterval(() => {
      this.attributor.walk();
      this.refresh();
    }, this.opts.walkEveryMs ?? 1000);
  }

  private podsChanged(): void {
    this.attributor.podsChanged();
    if (this.pending || this.stopped || !(this.listeners.size || this.refreshListeners.size)) return;
    // Coalesce a burst of watch events into one walk and one refresh.
    this.pending = setTimeout(() => {
      this.pending = null;
      this.attributor.walk();
      this.refresh();
    }, 20);
  }

  /** Re-read the containers; emit what changed. Cheap when nothing did. */
  refresh(): void {
    const a = this.attributor;
    if (a.generation === this.seenGeneration) return;
    this.seenGeneration = a.generation;
    const now = new Map<string, { key: string; container: ObservedContainer }>();
    for (const [cgroupId, c] of a.containers()) {
      const had = now.get(c.id);
      if (had) {
        had.container.cgroupIds.push(cgroupId);
        continue;
      }
      const meta = a.lookup(cgroupId, 0);
      if (!meta) continue;
      now.set(c.id, { key: "", container: { ...meta, cgroupIds: [cgroupId] } });
    }
    const events: ContainerEvent[] = [];
    for (const [id, n] of now) {
      n.container.cgroupIds.sort((x, y) => x - y);
      n.key = JSON.stringify(n.container);
      const old = this.known.get(id);
      if (!old) events.push({ type: "start", container: n.container });
      else if (old.key !== n.key) events.push({ type: "update", container: n.container });
    }
    for (const [id, old] of this.known) if (!now.has(id)) events.push({ type: "stop", container: old.container });
    this.known = now;
    for (const ev of events) for (const l of this.listeners) l(ev);
    for (const l of this.refreshListeners) l();
  }

  /** Stops the informer and the timers; idempotent. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
    this.timer = this.pending = null;
    this.informer?.stop();
    this.cri?.stop();
  }
}
