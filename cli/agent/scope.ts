/**
 * What a node agent counts: the containers of the pods the API server
 * binds to this node, and only those under --cgroup-root when one is
 * given; never the whole kernel. Nodes that share one kernel (kind and
 * k3d run each node as a container of one host) would otherwise each
 * count every node's pods. The ids go into the counting rule's cgroup
 * set, kept in step with the observer as pods and containers come and go.
 * A plain host (no Kubernetes, no subtree) is not scoped: serve counts
 * every process there, its own node's all.
 */
import type { CgroupId } from "../decode/cgroup-id";
import type { CgroupFilterTarget } from "../metadata/selection";
import type { ContainerObserver } from "../metadata/observer";

export type NodeScopeMode = "pods" | "subtree";

/** How serve's counting is scoped, or null to count every call of the kernel. */
export function nodeScopeMode(opts: { kube: boolean; cgroupRoot: string | undefined }): NodeScopeMode | null {
  if (opts.kube) return "pods";
  return opts.cgroupRoot ? "subtree" : null;
}

export class NodeScope {
  private readonly selected = new Set<CgroupId>();
  private applied = -1;
  private full = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly observer: ContainerObserver,
    private readonly mode: NodeScopeMode,
    private readonly target: CgroupFilterTarget,
    private readonly warn: (m: string) => void,
  ) {}

  start(): void {
    if (this.unsubscribe) return;
    this.reselect();
    this.unsubscribe = this.observer.onRefresh(() => this.reselect());
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** cgroup ids counted now. */
  get ids(): ReadonlySet<CgroupId> {
    return this.selected;
  }

  /** Whether a container of the last walk belongs to this node: its pod is bound here (pods), or it is under the subtree (the walker's only view then). */
  private belongs(podUid: string | null | undefined): boolean {
    if (this.mode === "subtree") return true;
    return !!podUid && !!this.observer.pods?.pod(podUid);
  }

  reselect(): void {
    const a = this.observer.attributor;
    if (a.generation === this.applied) return;
    this.applied = a.generation;
    const want = new Set<CgroupId>();
    for (const [id, c] of a.containers()) if (this.belongs(a.podOf(c)?.podUid ?? c.podUid)) want.add(id);
    for (const id of this.selected)
      if (!want.has(id)) {
        this.selected.delete(id);
        try {
          this.target.allowCgroup(id, false);
        } catch {
          // already gone from the map
        }
      }
    for (const id of want) {
      if (this.selected.has(id)) continue;
      try {
        this.target.allowCgroup(id, true);
      } catch (e) {
        if (!this.full) this.warn(`cannot add cgroup ${id} to what this node counts (${(e as Error).message}); its calls are not counted`);
        this.full = true;
        continue;
      }
      this.selected.add(id);
    }
  }
}
