/**
 * Pod metadata from the container runtime (CRI), for nodes where no
 * kubeconfig works: the runtime's sandboxes and containers, read with
 * ListPodSandbox/ListContainers and one ContainerStatus per new container,
 * kept in a PodIndex shaped like the pod informer's, so the attributor,
 * the pod selection and the kernel cgroup filter work on either source.
 *
 * Reads run in the background with a deadline each, one at a time: a
 * runtime that hangs, goes away or comes back costs one warning and keeps
 * the last pods known; lookups on the event path are Map reads only.
 */
import type { V1ContainerStatus, V1Pod } from "@kubernetes/client-node";
import type { PodContainer, PodLookup } from "../containers/attributor";
import { PodIndex } from "../k8s/pods";
import type { CriClient } from "./cri-client";

interface CriMeta { name?: string; uid?: string; namespace?: string; attempt?: number }
interface CriSandbox { id: string; metadata?: CriMeta; state: string; labels: Record<string, string>; annotations: Record<string, string> }
interface CriContainer { id: string; podSandboxId: string; metadata?: CriMeta; state: string; labels: Record<string, string> }
interface CriStatus {
  status?: { image?: { image?: string }; imageRef?: string };
  info?: Record<string, string>;
}

/** What one ContainerStatus told about a container, kept while the container exists. */
export interface CriContainerDetail {
  /** ContainerStatus image.image: the image as the pod spec named it (a tag, as kubectl shows). */
  image: string | null;
  /** ContainerStatus image_ref: the resolved digest reference (the API's imageID). */
  imageRef: string | null;
  /** The container's first process on the host, from the verbose info (containerd, CRI-O). */
  pid: number | null;
}

const STATUS_BATCH = 16;

/** Labels kubelet adds to every sandbox and container, which the Pod object does not carry. */
const KUBELET_LABELS = ["io.kubernetes.pod.name", "io.kubernetes.pod.namespace", "io.kubernetes.pod.uid", "io.kubernetes.container.name"];

export interface CriPodsOptions {
  warn: (message: string) => void;
  /** Called after a refresh that changed what is known. */
  onChange?: () => void;
  /** How often the runtime is asked when nothing prompts it. */
  pollMs?: number;
  /** Minimum time between two refreshes (misses coalesce into one). */
  minRefreshMs?: number;
  /** The runtime did not answer when first asked (already warned about). */
  failing?: boolean;
}

export class CriPods implements PodLookup {
  readonly index = new PodIndex();
  private readonly details = new Map<string, CriContainerDetail>();
  private sandboxes = new Set<string>();
  /** Called after a refresh that changed what is known (the observer sets it). */
  onChange: (() => void) | null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private inFlight: Promise<boolean> | null = null;
  private again = false;
  private lastRefresh = -Infinity;
  private failing = false;
  private stopped = false;
  /** The runtime's name for container ids in pod status (`containerd://…`). */
  private scheme = "containerd";

  constructor(readonly client: CriClient, readonly runtime: { name: string; version: string }, private readonly opts: CriPodsOptions) {
    this.scheme = runtime.name || "containerd";
    this.onChange = opts.onChange ?? null;
    this.failing = !!opts.failing;
  }

  byContainerId(id: string): PodContainer | undefined {
    return this.index.byContainerId(id);
  }

  byPodUid(uid: string): PodContainer | undefined {
    return this.index.byPodUid(uid);
  }

  /** The attributor saw a container it cannot name: ask the runtime now rather than at the next poll. */
  missed(containerId: string): void {
    if (this.sandboxes.has(containerId) || this.stopped) return; // a pause container: pod-level on purpose
    if (performance.now() - this.lastRefresh >= (this.opts.minRefreshMs ?? 200)) void this.refresh();
  }

  detail(containerId: string): CriContainerDetail | undefined {
    return this.details.get(containerId);
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.refresh(), this.opts.pollMs ?? 2000);
    this.timer.unref?.();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.client.close();
  }

  /** One read of the runtime; concurrent callers share it. Resolves to whether anything changed. */
  refresh(): Promise<boolean> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.lastRefresh = performance.now();
    this.inFlight = this.read()
      .then((changed) => {
        if (this.failing) this.opts.warn(`the container runtime at ${this.client.socket} answers again; pod metadata is current`);
        this.failing = false;
        if (changed) this.onChange?.();
        return changed;
      })
      .catch((e: Error) => {
        if (!this.failing && !this.stopped) this.opts.warn(`cannot read pods from the container runtime at ${this.client.socket} (${e.message}); keeping the ${this.index.size} pods known, retrying`);
        this.failing = true;
        return false;
      })
      .finally(() => {
        this.inFlight = null;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.refresh();
        }
      });
    return this.inFlight;
  }

  private async read(): Promise<boolean> {
    const [{ items }, { containers }] = await Promise.all([
      this.client.call<{ items: CriSandbox[] }>("ListPodSandbox", {}),
      this.client.call<{ containers: CriContainer[] }>("ListContainers", {}),
    ]);
    this.sandboxes = new Set(items.map((s) => s.id));
    const live = new Set(containers.map((c) => c.id));
    for (const id of this.details.keys()) if (!live.has(id)) this.details.delete(id);
    // New containers' statuses, a few at a time: a node that starts with hundreds answers quickly without a burst.
    const fresh = containers.filter((c) => !this.details.has(c.id));
    for (let i = 0; i < fresh.length; i += STATUS_BATCH) {
      const batch = fresh.slice(i, i + STATUS_BATCH);
      const got = await Promise.all(batch.map((c) => this.status(c.id)));
      batch.forEach((c, j) => this.details.set(c.id, got[j]!));
    }
    const bySandbox = new Map<string, CriContainer[]>();
    for (const c of containers) {
      const list = bySandbox.get(c.podSandboxId) ?? [];
      list.push(c);
      bySandbox.set(c.podSandboxId, list);
    }
    // A pod restarted by kubelet has a new sandbox with the same uid: the ready one wins.
    const pods = new Map<string, V1Pod>();
    const sorted = [...items].sort((a, b) => (a.state === "SANDBOX_READY" ? 1 : 0) - (b.state === "SANDBOX_READY" ? 1 : 0));
    for (const s of sorted) {
      const uid = s.metadata?.uid;
      if (!uid) continue;
      const prev = pods.get(uid);
      const statuses = (bySandbox.get(s.id) ?? []).map((c) => this.containerStatus(c));
      pods.set(uid, this.podObject(s, [...(prev?.status?.containerStatuses ?? []), ...statuses]));
    }
    return this.index.replace([...pods.values()]);
  }

  private async status(id: string): Promise<CriContainerDetail> {
    try {
      const r = await this.client.call<CriStatus>("ContainerStatus", { containerId: id, verbose: true });
      let pid: number | null = null;
      try {
        const info = JSON.parse(r.info?.info ?? "{}") as { pid?: unknown };
        if (typeof info.pid === "number" && info.pid > 0) pid = info.pid;
      } catch {
        // a runtime without verbose JSON: the attributor finds the pid from the cgroup
      }
      return { image: r.status?.image?.image || null, imageRef: r.status?.imageRef || null, pid };
    } catch {
      return { image: null, imageRef: null, pid: null }; // removed between the list and the status
    }
  }

  private containerStatus(c: CriContainer): V1ContainerStatus {
    const d = this.details.get(c.id);
    return {
      name: c.metadata?.name ?? c.labels["io.kubernetes.container.name"] ?? "",
      containerID: `${this.scheme}://${c.id}`,
      image: d?.image ?? "",
      imageID: d?.imageRef ?? "",
      ready: c.state === "CONTAINER_RUNNING",
      restartCount: c.metadata?.attempt ?? 0,
    };
  }

  private podObject(s: CriSandbox, statuses: V1ContainerStatus[]): V1Pod {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.labels)) if (!KUBELET_LABELS.includes(k)) labels[k] = v;
    return {
      metadata: { name: s.metadata?.name ?? "", namespace: s.metadata?.namespace ?? "", uid: s.metadata?.uid ?? "", labels },
      status: { containerStatuses: statuses },
    };
  }
}

/** Pod metadata from the API server first, the runtime for what the API has not reported yet. */
export class FirstOf implements PodLookup {
  constructor(private readonly primary: PodLookup, private readonly fallback: PodLookup) {}
  byContainerId(id: string): PodContainer | undefined {
    return this.primary.byContainerId(id) ?? this.fallback.byContainerId(id);
  }
  byPodUid(uid: string): PodContainer | undefined {
    return this.primary.byPodUid(uid) ?? this.fallback.byPodUid(uid);
  }
  missed(id: string): void {
    this.fallback.missed?.(id);
  }
}
