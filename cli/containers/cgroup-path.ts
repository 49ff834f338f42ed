/**
 * Which container a cgroup path belongs to, from the names that kubelet
 * and the container runtimes give their cgroups. Pure string work: no
 * filesystem access, so every layout is unit-tested from a path alone.
 *
 * The innermost path segment that names a container wins, so cgroups a
 * container creates below its own (systemd inside a container, nested
 * runtimes such as k3d or kind nodes running in Docker) still resolve to
 * the innermost container. The pod uid comes from the nearest
 * `pod<uid>` segment above the container.
 */

export type Runtime = "containerd" | "cri-o" | "docker" | "podman";
export type QosClass = "guaranteed" | "burstable" | "besteffort";

export interface CgroupContainer {
  /** The runtime's container id: 64 hex, or the name `ctr run` was given (containerd's own layout). */
  id: string;
  /** Null when the path alone does not say (a bare id below a pod cgroup). */
  runtime: Runtime | null;
  /** Kubernetes pod uid (dashed form), when the container is under a pod cgroup. */
  podUid: string | null;
  qos: QosClass | null;
}

const HEX64 = "[0-9a-f]{64}";

/** Segment → runtime; the id is group 1. Conmon monitors are not containers. */
const CONTAINER_SEGMENTS: [RegExp, Runtime | null][] = [
  [new RegExp(`^cri-containerd-(${HEX64})\\.scope$`), "containerd"],
  [new RegExp(`^crio-(${HEX64})(?:\\.scope)?$`), "cri-o"],
  [new RegExp(`^docker-(${HEX64})\\.scope$`), "docker"],
  [new RegExp(`^libpod-(${HEX64})(?:\\.scope)?$`), "podman"],
  // cgroupfs driver: the bare id, as containerd, cri-dockerd and Docker name it
  [new RegExp(`^(${HEX64})$`), null],
];

/**
 * `pod<uid>` in its cgroupfs form (`pod1b2c…-…`) and its systemd forms
 * (`kubepods-burstable-pod1b2c…_…`.slice, `kubelet-kubepods-pod…`.slice).
 */
const POD_SEGMENT = /(?:^|-)pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?$/;

const QOS_SEGMENT = /(?:^|-)(burstable|besteffort)(?:\.slice)?$/;

/**
 * containerd without kubelet (`ctr run`, nerdctl, and Docker's own
 * containerd) puts a container at `/<containerd namespace>/<id>` with the
 * cgroupfs driver, where the id is any name the user chose. Only the
 * namespaces those tools use are recognised, since a two-level path alone
 * could be any service's cgroup.
 */
const CONTAINERD_NAMESPACES = new Set(["default", "k8s.io", "moby", "buildkit", "nerdctl"]);
const BARE_ID = new RegExp(`^${HEX64}$`);
const CONTAINERD_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,75}$/;

function containerdNamespaced(segments: string[], at: number): boolean {
  return at === 1 && CONTAINERD_NAMESPACES.has(segments[0]!) && CONTAINERD_ID.test(segments[1]!);
}

function runtimeFromParents(segments: string[], at: number): Runtime | null {
  // cgroupfs Docker: /docker/<id>; podman's cgroupfs parent: /libpod_parent/…
  const parent = segments[at - 1];
  if (parent === "docker") return "docker";
  if (containerdNamespaced(segments, at)) return "containerd";
  if (parent !== undefined && parent.startsWith("libpod_parent")) return "podman";
  return null;
}

/** The container a cgroup path (relative to its hierarchy's root) belongs to, or null. */
export function parseCgroupPath(path: string): CgroupContainer | null {
  const segments = path.split("/").filter(Boolean);
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i]!;
    if (containerdNamespaced(segments, i) && !BARE_ID.test(seg))
      return { id: seg, runtime: "containerd", podUid: null, qos: null };
    for (const [re, runtime] of CONTAINER_SEGMENTS) {
      const m = re.exec(seg);
      if (!m) continue;
      const pod = podAbove(segments, i);
      return {
        id: m[1]!,
        runtime: runtime ?? runtimeFromParents(segments, i),
        podUid: pod?.uid ?? null,
        qos: pod?.qos ?? null,
      };
    }
  }
  return null;
}

function podAbove(segments: string[], containerAt: number): { uid: string; qos: QosClass } | null {
  for (let j = containerAt - 1; j >= 0; j--) {
    const m = POD_SEGMENT.exec(segments[j]!);
    if (!m) continue;
    const uid = m[1]!.replace(/_/g, "-");
    // QoS: named by the parent or the pod slice itself; otherwise the pod sits
    // directly under kubepods, which is where guaranteed pods go.
    const parent = segments[j - 1];
    const q = parent !== undefined ? QOS_SEGMENT.exec(parent) : null;
    if (q) return { uid, qos: q[1] as QosClass };
    const inName = QOS_SEGMENT.exec(segments[j]!.replace(POD_SEGMENT, ""));
    if (inName) return { uid, qos: inName[1] as QosClass };
    return { uid, qos: "guaranteed" };
  }
  return null;
}
