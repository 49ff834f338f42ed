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
import type { Attributor } from "../containers/attributor";
import type { CgroupContainer } from "../containers/cgroup-path";
import type { CgroupId } from "../decode/cgroup-id";
import { CgroupSet, type CgroupFilterTarget } from "../metadata/cgroup-set";
import type { ContainerObserver } from "../metadata/observer";

export type NodeScopeMode = "pods" | "subtree";

/** How serve's counting is scoped, or null to count every call of the kernel. */
export function nodeScopeMode(opts: { kube: boolean; cgroupRoot: string | undefined }): NodeScopeMode | null {
  if (opts.kube) return "pods";
  return opts.cgroupRoot ? "subtree" : null;
}

export class NodeScope extends CgroupSet {
  constructor(
    observer: ContainerObserver,
    private readonly mode: NodeScopeMode,
    target: CgroupFilterTarget,
    warn: (m: string) => void,
  ) {
    super(observer, target, warn);
  }

  /** Whether a container of the last walk belongs to this node: its pod is bound here (pods), or it is under the subtree (the walker's only view then). */
  protected includes(c: CgroupContainer, a: Attributor): boolean {
    if (this.mode === "subtree") return true;
    const podUid = a.podOf(c)?.podUid ?? c.podUid;
    return !!podUid && !!this.observer.pods?.pod(podUid);
  }

  protected refusedMessage(id: CgroupId, e: Error): string {
    return `cannot add cgroup ${id} to what this node counts (${e.message}); its calls are not counted`;
  }
}
