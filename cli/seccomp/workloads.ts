/**
 * From recorded cgroups to workloads: the replicas of one Deployment,
 * StatefulSet, DaemonSet or Job (the pod's owner chain) share one profile
 * per container name; containers outside Kubernetes get one each.
 */
import type { V1Pod } from "@kubernetes/client-node";
import type { ContainerMeta } from "../containers/attributor";
import { parseCgroupPath } from "../containers/cgroup-path";
import type { KubeAccess } from "../k8s/kubeconfig";
import { selectsContainer, selectsPod, type PodIndex, type PodSelection } from "../k8s/pods";
import type { RecordedCgroup } from "./recorded";

/** One recorded cgroup, resolved while it could be. */
export interface Member {
  cgroup: RecordedCgroup;
  path: string;
  containerId: string | null;
  podUid: string | null;
  pod: V1Pod | null;
  meta: ContainerMeta | null;
}

export interface Workload {
  /** Used for file names: namespace-kind-name-container, or container-<id>, or cgroup-<path>. */
  key: string;
  namespace: string | null;
  kind: string;
  name: string;
  container: string | null;
  members: Member[];
}

export interface WorkloadSelection {
  pods: PodSelection | null;
  /** Container id prefixes (--container-id). */
  containerIds: string[];
  /** cgroup paths (--cgroup): a cgroup at or below one of them. */
  cgroups: string[];
  /** --comm: the cgroup's first recorded process had this name. */
  comms: string[];
}

export function selected(m: Member, sel: WorkloadSelection): boolean {
  const any = sel.pods !== null || sel.containerIds.length > 0 || sel.cgroups.length > 0 || sel.comms.length > 0;
  if (!any) return m.containerId !== null && !(m.pod && m.meta?.name === null);
  if (sel.comms.length && !sel.comms.includes(m.cgroup.firstComm)) return false;
  if (sel.cgroups.length && !sel.cgroups.some((c) => m.path === c || m.path.startsWith(c.endsWith("/") ? c : c + "/"))) return false;
  if (sel.containerIds.length && !(m.containerId && sel.containerIds.some((p) => m.containerId!.startsWith(p)))) return false;
  if (sel.pods) {
    if (!m.pod || !selectsPod(sel.pods, m.pod)) return false;
    if (!m.meta?.name || !selectsContainer(sel.pods, m.meta.name)) return false; // never the sandbox
  }
  return true;
}

/** The controller a pod belongs to, one level up from a ReplicaSet (its Deployment). */
async function ownerOf(pod: V1Pod, kube: KubeAccess | null, cache: Map<string, { kind: string; name: string }>): Promise<{ kind: string; name: string }> {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller) ?? pod.metadata?.ownerReferences?.[0];
  if (!ref) return { kind: "Pod", name: pod.metadata?.name ?? "" };
  if (ref.kind !== "ReplicaSet") return { kind: ref.kind, name: ref.name };
  const ns = pod.metadata?.namespace ?? "";
  const k = `${ns}/${ref.name}`;
  const known = cache.get(k);
  if (known) return known;
  let owner: { kind: string; name: string } | null = null;
  if (kube) {
    try {
      const res = await kube.get(`/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/replicasets/${encodeURIComponent(ref.name)}`, AbortSignal.timeout(5000));
      if (res.ok) {
        const rs = (await res.json()) as V1Pod; // only metadata.ownerReferences is read
        const up = rs.metadata?.ownerReferences?.find((r) => r.controller);
        if (up) owner = { kind: up.kind, name: up.name };
      }
    } catch {
      // fall back to the name rule below
    }
  }
  // without `replicasets get`: a Deployment's ReplicaSet is <deployment>-<pod-template-hash>
  const hash = pod.metadata?.labels?.["pod-template-hash"];
  owner ??= hash && ref.name.endsWith(`-${hash}`) ? { kind: "Deployment", name: ref.name.slice(0, -hash.length - 1) } : { kind: "ReplicaSet", name: ref.name };
  cache.set(k, owner);
  return owner;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+|_+$/g, "") || "root";

export async function groupWorkloads(members: Member[], kube: KubeAccess | null): Promise<Workload[]> {
  const out = new Map<string, Workload>();
  const owners = new Map<string, { kind: string; name: string }>();
  for (const m of members) {
    let w: Omit<Workload, "members">;
    if (m.pod && m.meta?.name) {
      const o = await ownerOf(m.pod, kube, owners);
      const ns = m.pod.metadata?.namespace ?? "";
      w = { key: `${ns}-${o.kind.toLowerCase()}-${o.name}-${m.meta.name}`, namespace: ns, kind: o.kind, name: o.name, container: m.meta.name };
    } else if (m.containerId) {
      w = { key: `container-${m.containerId.slice(0, 12)}`, namespace: null, kind: "Container", name: m.containerId, container: null };
    } else {
      w = { key: `cgroup-${safe(m.path)}`, namespace: null, kind: "Cgroup", name: m.path, container: null };
    }
    const key = safe(w.key);
    const have = out.get(key);
    if (have) have.members.push(m);
    else out.set(key, { ...w, key, members: [m] });
  }
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Resolve a recorded cgroup: the live tree first, the kernel's names when it is gone. */
export function resolveMember(c: RecordedCgroup, livePath: string | undefined, meta: ContainerMeta | null, pods: PodIndex | null): Member {
  const path = livePath ?? c.kernelPath;
  const parsed = parseCgroupPath(path);
  const containerId = meta?.id ?? parsed?.id ?? null;
  const podUid = meta?.["pod-uid"] ?? parsed?.podUid ?? null;
  const podMeta = containerId ? pods?.byContainerId(containerId) : undefined;
  const pod = (podUid && pods?.pod(podUid)) || (podMeta && pods?.pod(podMeta.podUid)) || null;
  return { cgroup: c, path, containerId, podUid, pod, meta: meta ?? (podMeta ? { id: containerId!, pod: podMeta.pod, name: podMeta.name, image: podMeta.image, namespace: podMeta.namespace, labels: podMeta.labels, pid: null, "pid-namespace": null, "pod-uid": podMeta.podUid, "image-id": podMeta.imageId } : null) };
}
