/**
 * A set of containers' cgroup ids kept in step with a kernel filter, as the
 * container observer (cgroup walker + pod informer) sees containers come and
 * go: after each change the set is recomputed and only the difference is
 * applied to the filter (ids that left first, then the new ones). What
 * picks the containers is the subclass's: a pod selection (CgroupSelector)
 * or this node's own pods (NodeScope).
 */
import type { Attributor } from "../containers/attributor";
import type { CgroupContainer } from "../containers/cgroup-path";
import type { CgroupId } from "../decode/cgroup-id";
import type { ContainerObserver } from "./observer";

export interface CgroupFilterTarget {
  allowCgroup(id: CgroupId, on: boolean): void;
}

export abstract class CgroupSet {
  private readonly selected = new Set<CgroupId>();
  private appliedGeneration = -1;
  private full = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    protected readonly observer: ContainerObserver,
    /** Where the ids go; null keeps the set without a kernel filter (cgroup v1: callers check each event). */
    private readonly target: CgroupFilterTarget | null,
    private readonly warn: (m: string) => void,
  ) {}

  /** Whether container `c` of the observer's last walk is in the set. */
  protected abstract includes(c: CgroupContainer, attributor: Attributor): boolean;

  /** The one warning when the filter refuses an id (its map is full), naming what is then missed. */
  protected abstract refusedMessage(id: CgroupId, error: Error): string;

  /** Compute the set now, and again after every change the observer sees. */
  start(): void {
    if (this.unsubscribe) return;
    this.reselect();
    this.unsubscribe = this.observer.onRefresh(() => this.reselect());
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** cgroup ids in the set (and in the filter) now. */
  get ids(): ReadonlySet<CgroupId> {
    return this.selected;
  }

  /** Recompute the set and apply the difference to the filter. */
  reselect(): void {
    const { attributor } = this.observer;
    if (attributor.generation === this.appliedGeneration) return;
    this.appliedGeneration = attributor.generation;
    const want = new Set<CgroupId>();
    for (const [id, c] of attributor.containers()) if (this.includes(c, attributor)) want.add(id);
    for (const id of this.selected)
      if (!want.has(id)) {
        this.selected.delete(id);
        try {
          this.target?.allowCgroup(id, false);
        } catch {
          // already gone from the map
        }
      }
    for (const id of want) {
      if (this.selected.has(id)) continue;
      try {
        this.target?.allowCgroup(id, true);
      } catch (e) {
        // The map is sized for far more containers than a node runs.
        if (!this.full) this.warn(this.refusedMessage(id, e as Error));
        this.full = true;
        continue;
      }
      this.selected.add(id);
    }
  }
}
