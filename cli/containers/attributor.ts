/**
 * cgroup id → container, for every event. The hot path is one Map lookup;
 * the filesystem is read only when an id is unknown (one walk of the
 * cgroup2 tree, at most once per `minWalkMs`) and once per new container
 * (its init process). Pod metadata, when there is any, comes from a
 * PodLookup and is joined in when the cache entry is built.
 *
 * Hosts that put containers only in cgroup v1 hierarchies (all processes
 * in the v2 root) are attributed per process instead: /proc/<pid>/cgroup
 * is read once per new process id.
 */
import { readlinkSync } from "node:fs";
import { join } from "node:path";
import type { ContainerInfo } from "../decode/event";
import { parseCgroupPath, type CgroupContainer } from "./cgroup-path";
import type { CgroupId } from "../decode/cgroup-id";
import { cgroupMounts, findInit, pidNsDepth, procCgroupPaths, walkCgroups, type CgroupMounts, type InitProcess } from "./cgroupfs";

/** The seed's `container` object plus the two ids Kubernetes users ask for. */
export interface ContainerMeta extends ContainerInfo {
  "pod-uid": string | null;
  "image-id": string | null;
}

/**
 * What the attributor needs to know about a container's pod. Declared here
 * so cgroupfs code does not depend on the Kubernetes client; cli/k8s/pods.ts
 * produces records of this shape and cli/metadata/ joins the two.
 */
export interface PodContainer {
  podUid: string;
  pod: string;
  namespace: string;
  /** Null for the pod's sandbox (pause) container, which has no status. */
  name: string | null;
  image: string | null;
  imageId: string | null;
  labels: Record<string, string>;
}

export interface PodLookup {
  byContainerId(id: string): PodContainer | undefined;
  /** Pod-level metadata (name null) for a pod uid. */
  byPodUid(uid: string): PodContainer | undefined;
  /** A container the lookup did not know was seen (a source that can, asks again soon). */
  missed?(containerId: string): void;
}

export interface AttributorOptions {
  mounts?: CgroupMounts;
  procRoot?: string;
  /** Rate limit for walks triggered by unknown ids. */
  minWalkMs?: number;
  now?: () => number;
  /**
   * Only containers under this cgroup2 directory (relative to the mount,
   * e.g. /kubelet.slice for a kind node): nodes that share one kernel each
   * see their own containers.
   */
  subtree?: string;
}

/** v1 hierarchies worth reading, best first. */
const V1_PREFERRED = ["name=systemd", "pids", "memory", "cpu", "cpuacct", "devices"];
/** This process's pid namespace inode, or 0. */
function ownPidNs(): number {
  try {
    return Number(/\[(\d+)\]/.exec(readlinkSync("/proc/self/ns/pid"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Walks an unknown id may start before it waits for walks other ids start (a cgroup outside the mount never appears). */
const UNKNOWN_WALKS = 3;
/** Bound on the ids remembered as missed; cleared when full (they then may walk again). */
const UNRESOLVED_MAX = 4096;

/** Events looked at per container to learn its pid namespace, when /proc does not say. */
const PID_NS_TRIES = 16;

export class Attributor {
  private readonly mounts: CgroupMounts;
  private readonly procRoot: string;
  private readonly minWalkMs: number;
  private readonly now: () => number;
  /** From the last walk: cgroup id → path, and the container each id is in. */
  private paths = new Map<CgroupId, string>();
  private parsed = new Map<CgroupId, CgroupContainer>();
  private lastWalk = -Infinity;
  private readonly meta = new Map<CgroupId, ContainerMeta | null>();
  private readonly byPid = new Map<number, ContainerMeta | null>();
  private readonly inits = new Map<string, InitProcess | null>();
  private readonly pidNsTries = new Map<string, number>();
  /** Ids no walk has found yet → walks they started (see walkFor). */
  private readonly unresolved = new Map<CgroupId, number>();
  /** swoll's own pid namespace, read while /proc/self/ns still may be (before dropping root); 0 if not. */
  private readonly hostPidNs: number;
  private pods: PodLookup | null = null;
  /** Containers are found through v1 paths per process (see the header). */
  v1Mode = false;
  private readonly v1Root: string | null;
  private readonly subtree: string | null;
  /** Bumped whenever the set of known containers or their metadata changes. */
  generation = 0;

  constructor(opts: AttributorOptions = {}) {
    this.mounts = opts.mounts ?? cgroupMounts();
    this.procRoot = opts.procRoot ?? "/proc";
    this.minWalkMs = opts.minWalkMs ?? 200;
    this.now = opts.now ?? (() => performance.now());
    this.subtree = opts.subtree ? "/" + opts.subtree.replace(/^\/+|\/+$/g, "") : null;
    this.hostPidNs = ownPidNs();
    const v1Key = V1_PREFERRED.find((k) => this.mounts.v1.has(k));
    this.v1Root = v1Key ? this.mounts.v1.get(v1Key)! : null;
    this.walk();
    this.v1Mode = this.parsed.size === 0 && this.v1Root !== null && this.v1HasContainers();
  }

  get cgroup2Root(): string | null {
    return this.mounts.v2;
  }

  setPods(pods: PodLookup | null): void {
    this.pods = pods;
    this.podsChanged();
  }

  /** Pod metadata changed: rebuild entries lazily. */
  podsChanged(): void {
    this.meta.clear();
    this.byPid.clear();
    this.generation++;
  }

  /** A cgroup's path below the cgroup2 root as of the last walk (walking again if it is new). */
  pathOf(cgroupId: number): string | undefined {
    if (!this.paths.has(cgroupId) && this.now() - this.lastWalk >= this.minWalkMs) this.walk();
    return this.paths.get(cgroupId);
  }

  /**
   * The container of an event, or null. `pid` is used in v1 mode and, with
   * `pidNs` (the event's pid namespace, read by the probe), to learn the
   * container's pid namespace when /proc/<init>/ns/pid is not readable.
   */
  lookup(cgroupId: CgroupId, pid: number, pidNs = 0): ContainerMeta | null {
    if (this.v1Mode) return this.lookupV1(pid);
    let m = this.meta.get(cgroupId);
    if (m === undefined) {
      if (!this.paths.has(cgroupId) && !this.walkFor(cgroupId)) return null;
      const c = this.parsed.get(cgroupId);
      m = c ? this.build(c, this.containerDirs(c.id)) : null;
      this.meta.set(cgroupId, m);
    }
    if (m !== null && m["pid-namespace"] === null && m.pid !== null && pidNs !== 0) this.learnPidNs(m, pid, pidNs);
    return m;
  }

  /**
   * An id the last walk did not see: walk again if the rate limit allows and
   * the id has not already been missed by UNKNOWN_WALKS walks. A miss is not
   * cached as "no container": a container whose first event comes just
   * after another walk would otherwise stay unnamed until some other new id
   * happened to walk the tree. True when the id is known now.
   */
  private walkFor(cgroupId: CgroupId): boolean {
    const misses = this.unresolved.get(cgroupId) ?? 0;
    if (misses >= UNKNOWN_WALKS || this.now() - this.lastWalk < this.minWalkMs) return false;
    this.walk();
    if (this.paths.has(cgroupId)) return true;
    if (this.unresolved.size >= UNRESOLVED_MAX) this.unresolved.clear();
    this.unresolved.set(cgroupId, misses + 1);
    return false;
  }

  /**
   * An event from the container's init, or from a process exactly as many
   * pid namespaces deep (NSpid, world-readable), shares its namespace. A
   * process already gone (a short `echo`) is taken at its word unless it
   * ran in the host's namespace; a container in the host's namespace
   * (init one level deep, hostPID) is in the host's.
   */
  private learnPidNs(m: ContainerMeta, pid: number, pidNs: number): void {
    const init = this.inits.get(m.id);
    if (!init) return;
    const tries = this.pidNsTries.get(m.id) ?? 0;
    if (tries >= PID_NS_TRIES) return;
    let ns = pidNs;
    if (init.depth === 1 && this.hostPidNs) ns = this.hostPidNs;
    else if (pid !== init.pid) {
      const depth = pidNsDepth(pid, this.procRoot);
      if (depth === 0 ? pidNs === this.hostPidNs || init.depth === 0 : depth !== init.depth) {
        this.pidNsTries.set(m.id, tries + 1);
        return;
      }
    }
    init.pidNs = ns;
    m["pid-namespace"] = ns;
  }

  private lookupV1(pid: number): ContainerMeta | null {
    const hit = this.byPid.get(pid);
    if (hit !== undefined) return hit;
    let m: ContainerMeta | null = null;
    for (const p of procCgroupPaths(pid, this.procRoot)) {
      const c = parseCgroupPath(p);
      if (c) {
        m = this.build(c, this.v1Root ? [join(this.v1Root, p)] : []);
        break;
      }
    }
    if (this.byPid.size > 65536) this.byPid.clear();
    this.byPid.set(pid, m);
    return m;
  }

  /**
   * Walk the cgroup2 tree again. Entries for ids that are gone, and ids
   * that were not containers, are dropped so they resolve afresh.
   */
  walk(): void {
    this.lastWalk = this.now();
    const root = this.mounts.v2;
    const paths = root ? walkCgroups(root) : new Map<CgroupId, string>();
    const parsed = new Map<CgroupId, CgroupContainer>();
    const sub = this.subtree;
    for (const [id, path] of paths) {
      if (sub !== null && path !== sub && !path.startsWith(sub + "/")) continue;
      const c = parseCgroupPath(path);
      if (c) parsed.set(id, c);
    }
    let changed = parsed.size !== this.parsed.size;
    if (!changed) for (const [id, c] of parsed) if (this.parsed.get(id)?.id !== c.id) changed = true;
    for (const [id, m] of this.meta) if (m === null || !parsed.has(id)) this.meta.delete(id);
    // A container known only by a stand-in init may have its real one now.
    for (const [id, m] of this.meta)
      if (m && this.inits.get(m.id)?.standIn) {
        this.meta.delete(id);
        changed = true;
      }
    const live = new Set<string>();
    for (const c of parsed.values()) live.add(c.id);
    for (const id of this.inits.keys()) if (!live.has(id)) this.inits.delete(id);
    for (const id of this.pidNsTries.keys()) if (!live.has(id)) this.pidNsTries.delete(id);
    this.paths = paths;
    this.parsed = parsed;
    for (const id of this.unresolved.keys()) if (paths.has(id)) this.unresolved.delete(id);
    if (changed) this.generation++;
    if (this.v1Mode) this.byPid.clear(); // pids are reused; v1 entries live one walk
  }

  /** Every cgroup id that belongs to a container, with its container. */
  containers(): ReadonlyMap<CgroupId, CgroupContainer> {
    return this.parsed;
  }

  /** Metadata for a container found in the last walk (used to select). */
  podOf(c: CgroupContainer): PodContainer | undefined {
    if (!this.pods) return undefined;
    return this.pods.byContainerId(c.id) ?? (c.podUid ? this.pods.byPodUid(c.podUid) : undefined);
  }

  private containerDirs(containerId: string): string[] {
    const root = this.mounts.v2;
    if (!root) return [];
    const dirs: string[] = [];
    for (const [id, c] of this.parsed) if (c.id === containerId) dirs.push(join(root, this.paths.get(id)!));
    return dirs.sort((a, b) => a.length - b.length);
  }

  /** A container's init, read once; a stand-in (see InitProcess) is read again next time. */
  private init(containerId: string, dirs: string[]): InitProcess | null {
    let init = this.inits.get(containerId);
    if (init === undefined || init === null || init.standIn) {
      init = findInit(dirs, this.procRoot);
      this.inits.set(containerId, init);
    }
    return init;
  }

  private build(c: CgroupContainer, dirs: string[]): ContainerMeta {
    const p = this.podOf(c);
    if (this.pods && (!p || p.name === null)) this.pods.missed?.(c.id);
    const init = this.init(c.id, dirs);
    const podUid = c.podUid ?? p?.podUid ?? null;
    return {
      id: c.id,
      pod: p?.pod ?? null,
      name: p?.name ?? null,
      image: p?.image ?? null,
      namespace: p?.namespace ?? null,
      labels: p ? criLabels(p) : null,
      pid: init?.pid ?? null,
      "pid-namespace": init?.pidNs || null,
      "pod-uid": podUid,
      "image-id": p?.imageId ?? null,
    };
  }

  private v1HasContainers(): boolean {
    if (!this.v1Root) return false;
    for (const path of walkCgroups(this.v1Root).values()) if (parseCgroupPath(path)) return true;
    return false;
  }
}

/**
 * The pod's labels plus the io.kubernetes.* labels the CRI runtimes put on
 * every container, which is what the original swoll reported.
 */
function criLabels(p: PodContainer): Record<string, string> {
  const out: Record<string, string> = { ...p.labels };
  if (p.name !== null) out["io.kubernetes.container.name"] = p.name;
  out["io.kubernetes.pod.name"] = p.pod;
  out["io.kubernetes.pod.namespace"] = p.namespace;
  out["io.kubernetes.pod.uid"] = p.podUid;
  return out;
}
