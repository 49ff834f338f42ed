/**
 * A pod selection turned into the kernel's cgroup filter: the container
 * observer (cgroup walker + pod informer) says which containers exist and
 * whose they are; a CgroupSelector compiles the selection to their cgroup
 * ids, updated as pods and containers come and go.
 */
import type { Attributor } from "../containers/attributor";
import type { CgroupContainer } from "../containers/cgroup-path";
import type { CgroupId } from "../decode/cgroup-id";
import type { KubeAccess } from "../k8s/kubeconfig";
import { selectsContainer, selectsPod, type PodSelection } from "../k8s/pods";
import { fieldSelectorText, labelSelectorText } from "../k8s/selectors";
import { CgroupSet, type CgroupFilterTarget } from "./cgroup-set";
import { ContainerObserver } from "./observer";
import type { CriPods } from "../runtime/cri-pods";

/** The informer scope that serves a selection: its namespace and selectors go to the API server. */
export function scopeOf(selection: PodSelection | null) {
  return {
    namespace: selection?.namespace ?? null,
    fieldSelector: fieldSelectorText(selection?.fields ?? []),
    labelSelector: labelSelectorText(selection?.labels ?? []),
  };
}

/**
 * A pod selection kept in sync with the kernel's cgroup filter: the
 * selected containers' cgroup ids are added, and removed again when the
 * pod goes away or stops matching.
 */
export class CgroupSelector extends CgroupSet {
  constructor(
    observer: ContainerObserver,
    public selection: PodSelection,
    filter: CgroupFilterTarget | null,
    warn: (m: string) => void,
  ) {
    super(observer, filter, warn);
  }

  protected includes(c: CgroupContainer, attributor: Attributor): boolean {
    const p = attributor.podOf(c);
    return !!p && this.wants(p.podUid, p.name);
  }

  protected refusedMessage(id: CgroupId, e: Error): string {
    return `cannot add cgroup ${id} to the kernel filter (${e.message}); its events are not traced`;
  }

  /** Whether a container is selected (in cgroup v1 mode the kernel cannot filter: callers check here). */
  wants(podUid: string | null, containerName: string | null): boolean {
    const pod = podUid ? this.observer.pods?.pod(podUid) : undefined;
    return !!pod && selectsPod(this.selection, pod) && selectsContainer(this.selection, containerName);
  }
}

export interface SelectedContainersOptions {
  attributor: Attributor;
  kube: KubeAccess | null;
  cri?: CriPods | null;
  /** This node's name: the informer watches only pods bound to it. */
  node: string;
  /** null: no pod filter, every event is traced and attributed. */
  selection: PodSelection | null;
  /** Where selected cgroup ids go (null: no kernel filter). */
  filter: CgroupFilterTarget | null;
  warn: (message: string) => void;
  /** How often the cgroup tree is walked while a selection is active. */
  walkEveryMs?: number;
}

/**
 * The containers a pod selection picks, kept current (swoll top): an
 * observer whose informer asks only for the selection's pods, and the
 * CgroupSelector that keeps their cgroup ids in the kernel filter.
 */
export class SelectedContainers {
  readonly observer: ContainerObserver;
  private readonly selector: CgroupSelector | null;

  constructor(opts: SelectedContainersOptions) {
    this.observer = new ContainerObserver({
      attributor: opts.attributor,
      kube: opts.kube,
      cri: opts.cri,
      node: opts.node,
      scope: scopeOf(opts.selection),
      warn: opts.warn,
      walkEveryMs: opts.walkEveryMs,
    });
    this.selector = opts.selection ? new CgroupSelector(this.observer, opts.selection, opts.filter, opts.warn) : null;
  }

  /** Starts the informer and waits (at most `waitMs`) for its first list. */
  async start(waitMs = 5000): Promise<void> {
    this.selector?.start();
    await this.observer.start(waitMs);
  }

  stop(): void {
    this.selector?.stop();
    this.observer.stop();
  }

  /** cgroup ids currently in the kernel filter. */
  get selectedIds(): ReadonlySet<CgroupId> {
    return this.selector?.ids ?? new Set();
  }
}
