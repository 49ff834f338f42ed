/**
 * Which cgroups exist. A cgroup v2 id, as the probe reports it, is the
 * inode number of the cgroup's directory under the cgroup2 mount, so one
 * walk of that tree maps every live id to its path. Series of ids that
 * stay absent for a grace period are dropped.
 */
import { statSync } from "node:fs";
import { walkCgroups } from "../containers/cgroupfs";
import type { CgroupId } from "../decode/cgroup-id";

/** cgroup id → path relative to the mount ("/" for the root); the walk is the attributor's. */
export function scanCgroups(root: string): Map<CgroupId, string> {
  return walkCgroups(root);
}

export interface CgroupTrackerOptions {
  /** The cgroup2 mount; null disables pruning. */
  root: string | null;
  /** How long an id must stay absent before its series are dropped. */
  graceMs: number;
  now?: () => number;
}

export class CgroupTracker {
  private live = new Map<CgroupId, string>();
  private readonly missingSince = new Map<CgroupId, number>();
  private readonly now: () => number;
  /** Why pruning is off, or null when it is on. */
  readonly disabledReason: string | null;

  constructor(private readonly opts: CgroupTrackerOptions) {
    this.now = opts.now ?? Date.now;
    this.disabledReason = this.check();
    this.refresh();
  }

  private check(): string | null {
    const root = this.opts.root;
    if (!root) return "no cgroup2 mount in /proc/mounts";
    // In a cgroup namespace the mount shows a subtree: ids outside it
    // would look deleted. The real root directory is inode 1.
    try {
      if (statSync(root, { bigint: true }).ino !== 1n) return `${root} is not the root of the cgroup2 hierarchy (cgroup namespace?)`;
    } catch (e) {
      return `${root}: ${(e as Error).message}`;
    }
    return null;
  }

  get enabled(): boolean {
    return this.disabledReason === null;
  }

  /** Walk the hierarchy again. */
  refresh(): void {
    if (this.enabled) this.live = scanCgroups(this.opts.root!);
  }

  /** Path of a live cgroup, relative to the mount. */
  path(id: CgroupId): string | undefined {
    return this.live.get(id);
  }

  /**
   * Of the ids in use, those absent from the last walk for at least the
   * grace period. Absence starts when first noticed by this call.
   */
  expired(ids: Iterable<CgroupId>): Set<CgroupId> {
    const out = new Set<CgroupId>();
    if (!this.enabled) return out;
    const now = this.now();
    const seen = new Set<CgroupId>();
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (this.live.has(id)) {
        this.missingSince.delete(id);
        continue;
      }
      const since = this.missingSince.get(id) ?? now;
      this.missingSince.set(id, since);
      if (now - since >= this.opts.graceMs) out.add(id);
    }
    for (const id of this.missingSince.keys()) if (!seen.has(id) || out.has(id)) this.missingSince.delete(id);
    return out;
  }
}
