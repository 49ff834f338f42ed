/**
 * The pods the informer holds, indexed by container id and pod uid, and
 * the selection (--pod, -n, --container, -l, --field-selector) that
 * decides which of them are traced.
 */
import type { V1ContainerStatus, V1Pod } from "@kubernetes/client-node";
import { matchesFields, matchesLabels, type FieldRequirement, type LabelRequirement } from "./selectors";

/**
 * What the pods say about one container. The attributor (cli/containers/)
 * declares the same shape as its PodLookup port; cli/metadata/ hands it a
 * PodIndex, so the compiler checks the two agree where they are joined.
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

/** `containerd://<id>`, `cri-o://<id>`, `docker://<id>` → the bare id (lower case), or null. */
export function containerIdFromStatus(containerID: string | undefined | null): string | null {
  if (!containerID) return null;
  const m = /^[a-z0-9.+-]+:\/\/([0-9a-fA-F]{64})$/.exec(containerID);
  return m ? m[1]!.toLowerCase() : null;
}

export class PodIndex {
  private readonly pods = new Map<string, V1Pod>();
  private readonly containers = new Map<string, PodContainer>();
  private readonly podLevel = new Map<string, PodContainer>();
  private readonly idsOfPod = new Map<string, string[]>();

  get size(): number {
    return this.pods.size;
  }

  all(): IterableIterator<V1Pod> {
    return this.pods.values();
  }

  byContainerId(id: string): PodContainer | undefined {
    return this.containers.get(id);
  }

  byPodUid(uid: string): PodContainer | undefined {
    return this.podLevel.get(uid);
  }

  pod(uid: string): V1Pod | undefined {
    return this.pods.get(uid);
  }

  /** Add or replace; returns false when nothing that matters changed. */
  upsert(pod: V1Pod): boolean {
    const uid = pod.metadata?.uid;
    if (!uid) return false;
    const old = this.pods.get(uid);
    if (old && sameForUs(old, pod)) {
      this.pods.set(uid, pod);
      return false;
    }
    this.remove(uid);
    this.pods.set(uid, pod);
    const base: PodContainer = {
      podUid: uid,
      pod: pod.metadata?.name ?? "",
      namespace: pod.metadata?.namespace ?? "",
      name: null,
      image: null,
      imageId: null,
      labels: { ...(pod.metadata?.labels ?? {}) },
    };
    this.podLevel.set(uid, base);
    const ids: string[] = [];
    const statuses: V1ContainerStatus[] = [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.ephemeralContainerStatuses ?? []),
    ];
    for (const s of statuses) {
      // A restarted container keeps its previous id in lastState until kubelet
      // removes it; both ids belong to this container name.
      for (const raw of [s.containerID, s.lastState?.terminated?.containerID]) {
        const id = containerIdFromStatus(raw);
        if (!id || this.containers.has(id)) continue;
        this.containers.set(id, { ...base, name: s.name, image: s.image ?? null, imageId: s.imageID || null });
        ids.push(id);
      }
    }
    this.idsOfPod.set(uid, ids);
    return true;
  }

  remove(uid: string): boolean {
    if (!this.pods.has(uid)) return false;
    this.pods.delete(uid);
    this.podLevel.delete(uid);
    for (const id of this.idsOfPod.get(uid) ?? []) this.containers.delete(id);
    this.idsOfPod.delete(uid);
    return true;
  }

  /** Replace everything with a fresh list; returns whether anything changed. */
  replace(pods: V1Pod[]): boolean {
    const keep = new Set(pods.map((p) => p.metadata?.uid).filter(Boolean) as string[]);
    let changed = false;
    for (const uid of [...this.pods.keys()]) if (!keep.has(uid)) changed = this.remove(uid) || changed;
    for (const p of pods) changed = this.upsert(p) || changed;
    return changed;
  }
}

/** Only names, labels, statuses and selectable fields matter to swoll. */
function sameForUs(a: V1Pod, b: V1Pod): boolean {
  const pick = (p: V1Pod) =>
    JSON.stringify([
      p.metadata?.name, p.metadata?.namespace, p.metadata?.labels, p.spec?.nodeName, p.spec?.restartPolicy,
      p.spec?.schedulerName, p.spec?.serviceAccountName, p.spec?.hostNetwork, p.status?.phase, p.status?.podIP,
      p.status?.nominatedNodeName,
      [p.status?.initContainerStatuses, p.status?.containerStatuses, p.status?.ephemeralContainerStatuses].map((l) =>
        (l ?? []).map((s) => [s.name, s.containerID, s.image, s.imageID, s.lastState?.terminated?.containerID]),
      ),
    ]);
  return pick(a) === pick(b);
}

export interface PodSelection {
  /** --pod: exact names, or prefixes that end where a generated suffix begins. */
  pods: string[];
  /** null: every namespace. */
  namespace: string | null;
  containers: string[];
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

/**
 * `--pod nginx` selects the pod named `nginx` and pods whose name starts
 * with `nginx-` (Deployment, ReplicaSet, StatefulSet and DaemonSet pods are
 * named `<owner>-<suffix>`), not `nginx2` or `nginxfoo`.
 */
export function podNameMatches(wanted: string, name: string): boolean {
  return name === wanted || name.startsWith(wanted + "-");
}

export function selectsPod(sel: PodSelection, pod: V1Pod): boolean {
  const name = pod.metadata?.name ?? "";
  if (sel.namespace !== null && pod.metadata?.namespace !== sel.namespace) return false;
  if (sel.pods.length > 0 && !sel.pods.some((p) => podNameMatches(p, name))) return false;
  if (!matchesLabels(sel.labels, pod.metadata?.labels)) return false;
  return matchesFields(sel.fields, pod);
}

/** Whether a container (null name: the sandbox or not yet reported) is selected. */
export function selectsContainer(sel: PodSelection, name: string | null): boolean {
  if (sel.containers.length === 0) return true;
  return name !== null && sel.containers.includes(name);
}
