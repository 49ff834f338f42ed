/**
 * Keeps a trace's container metadata and kernel cgroup filter current:
 * the pod informer feeds the attributor, and the pod selection compiles
 * to the set of cgroup ids in the probe's filter, updated as pods and
 * containers come and go.
 */
import type { Attributor } from "../containers/attributor";
import { PodInformer } from "./informer";
import type { KubeAccess } from "./kubeconfig";
import { selectsContainer, selectsPod, type PodSelection } from "./pods";
import { fieldSelectorText, labelSelectorText } from "./selectors";

export interface CgroupFilterTarget {
  allowCgroup(id: bigint, on: boolean): void;
}

export interface LiveOptions {
  attributor: Attributor;
  kube: KubeAccess | null;
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

export class LiveMetadata {
  readonly informer: PodInformer | null;
  private readonly selected = new Set<number>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private pending: ReturnType<typeof setTimeout> | null = null;
  private appliedGeneration = -1;
  private filterFull = false;

  constructor(private readonly opts: LiveOptions) {
    const { kube, selection, node } = opts;
    this.informer = kube
      ? new PodInformer(kube, {
          namespace: selection?.namespace ?? null,
          fieldSelector: fieldSelectorText([{ field: "spec.nodeName", op: "=", value: node }, ...(selection?.fields ?? [])]),
          labelSelector: labelSelectorText(selection?.labels ?? []),
          onChange: () => this.podsChanged(),
          warn: opts.warn,
        })
      : null;
    if (this.informer) opts.attributor.setPods(this.informer.index);
  }

  /** Starts the informer and waits (at most `waitMs`) for its first list. */
  async start(waitMs = 5000): Promise<void> {
    if (this.opts.selection) {
      this.reselect();
      this.timer = setInterval(() => {
        this.opts.attributor.walk();
        this.reselect();
      }, this.opts.walkEveryMs ?? 1000);
    }
    if (this.informer) await Promise.race([this.informer.start(), Bun.sleep(waitMs)]);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
    this.timer = this.pending = null;
    this.informer?.stop();
  }

  /** cgroup ids currently in the kernel filter. */
  get selectedIds(): ReadonlySet<number> {
    return this.selected;
  }

  private podsChanged(): void {
    this.opts.attributor.podsChanged();
    if (!this.opts.selection || this.pending) return;
    // Coalesce a burst of watch events into one walk and one filter update.
    this.pending = setTimeout(() => {
      this.pending = null;
      this.opts.attributor.walk();
      this.reselect();
    }, 20);
  }

  /** Recompute the selected cgroup ids and apply the difference to the filter. */
  private reselect(): void {
    const { attributor, selection, filter } = this.opts;
    if (!selection || attributor.generation === this.appliedGeneration) return;
    this.appliedGeneration = attributor.generation;
    const want = new Set<number>();
    for (const [id, c] of attributor.containers()) {
      const p = attributor.podOf(c);
      if (!p) continue;
      const pod = this.informer?.index.pod(p.podUid);
      if (pod && selectsPod(selection, pod) && selectsContainer(selection, p.name)) want.add(id);
    }
    for (const id of this.selected)
      if (!want.has(id)) {
        this.selected.delete(id);
        try {
          filter?.allowCgroup(BigInt(id), false);
        } catch {
          // already gone from the map
        }
      }
    for (const id of want)
      if (!this.selected.has(id)) {
        try {
          filter?.allowCgroup(BigInt(id), true);
        } catch (e) {
          // The map is sized for far more containers than a node runs.
          if (!this.filterFull) this.opts.warn(`cannot add cgroup ${id} to the kernel filter (${(e as Error).message}); its events are not traced`);
          this.filterFull = true;
          continue;
        }
        this.selected.add(id);
      }
  }

  /** In cgroup v1 mode the kernel cannot filter by container: callers check here. */
  wants(podUid: string | null, containerName: string | null): boolean {
    const { selection } = this.opts;
    if (!selection) return true;
    const pod = podUid ? this.informer?.index.pod(podUid) : undefined;
    return !!pod && selectsPod(selection, pod) && selectsContainer(selection, containerName);
  }
}
