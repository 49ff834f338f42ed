/**
 * The Kubernetes identity of a cgroup: what /metrics labels a series with
 * and what `swoll top` groups rows by. One type for both; empty strings
 * outside any pod. The strings come from the API server and cgroup paths:
 * untrusted, sanitised before a terminal sees them.
 */
import type { CgroupId } from "../decode/cgroup-id";

export interface PodIdentity {
  namespace: string;
  pod: string;
  container: string;
}

/** Maps a cgroup id to its pod identity. */
export type IdentityResolver = (cgroupId: CgroupId) => PodIdentity;

/** The identity of a host process (no container). */
export const HOST_IDENTITY: PodIdentity = Object.freeze({ namespace: "", pod: "", container: "" });

/** For callers with no container metadata at all: every cgroup is the host's. */
export const hostIdentity: IdentityResolver = () => HOST_IDENTITY;

/** The labels of an attributed container (cli/containers/attributor.ts); empty outside any pod. */
export function podIdentityOf(m: { namespace: string | null; pod: string | null; name: string | null } | null): PodIdentity {
  return m ? { namespace: m.namespace ?? "", pod: m.pod ?? "", container: m.name ?? "" } : HOST_IDENTITY;
}
