/** Does this process hold what loading a BPF tracing program needs, and what it keeps after. */
import { readFileSync } from "node:fs";
import { CapsDropError, dropCapabilitiesExcept } from "../ffi/caps";

const CAP_SYS_ADMIN = 21n;
const CAP_PERFMON = 38n;
const CAP_BPF = 39n;

export function effectiveCapabilities(): bigint {
  const status = readFileSync("/proc/self/status", "utf8");
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(status);
  return m ? BigInt(`0x${m[1]}`) : 0n;
}

export function hasCap(caps: bigint, cap: bigint): boolean {
  return (caps & (1n << cap)) !== 0n;
}

/** A one-line reason when we cannot trace, or null when we can. */
export function missingPrivileges(): string | null {
  const caps = effectiveCapabilities();
  if (hasCap(caps, CAP_SYS_ADMIN) || (hasCap(caps, CAP_BPF) && hasCap(caps, CAP_PERFMON))) return null;
  return "not enough privileges to load the probe: swoll needs root or CAP_BPF+CAP_PERFMON; run it with sudo";
}

/** Capability numbers (linux/capability.h). */
export const CAP = { DAC_READ_SEARCH: 2, SYS_PTRACE: 19, SYS_ADMIN: 21, BPF: 39 } as const;

export interface AfterAttachNeeds {
  /** A kubeconfig is in use: its CA, certificate and token files are read again on every request. */
  kubeconfig: boolean;
}

/**
 * What `trace` and `serve` still need once the probe is loaded, attached
 * and its filters filled. Updating the filter maps and reading the
 * counters go through file descriptors the process already holds, and the
 * ring buffers are memory it has mapped, so CAP_BPF and CAP_PERFMON go,
 * except where the kernel checks CAP_BPF on every bpf() call (before 6.5
 * with kernel.unprivileged_bpf_disabled set; probed, not guessed).
 *   CAP_SYS_PTRACE: a new container's init process belongs to another
 *     user; reading its /proc/<pid>/ns/pid needs it.
 *   CAP_DAC_READ_SEARCH (with a kubeconfig): the Kubernetes client reads
 *     the kubeconfig's CA, client certificate and token files again on
 *     every request (tokens rotate), and with sudo they may belong to a
 *     user, in a home only that user can enter.
 * Everything else goes, from every thread, from the bounding, inheritable
 * and ambient sets too, and no_new_privs is set, so no program swoll
 * might run (a kubeconfig's exec credential plugin) gains any back.
 */
export function capabilitiesAfterAttach(needs: AfterAttachNeeds): bigint {
  let keep = 1n << BigInt(CAP.SYS_PTRACE);
  if (needs.kubeconfig) keep |= 1n << BigInt(CAP.DAC_READ_SEARCH);
  return keep;
}

/**
 * Drop every capability but those of capabilitiesAfterAttach(), in every
 * thread. Returns the set kept; when the kernel refuses, tracing goes on
 * with what the process has and `warn` says so once.
 */
export function dropCapabilities(needs: AfterAttachNeeds, warn: (m: string) => void): bigint | null {
  try {
    return dropCapabilitiesExcept(capabilitiesAfterAttach(needs), { keepBpfIfGated: true });
  } catch (e) {
    if (!(e instanceof CapsDropError)) throw e;
    warn(`could not drop capabilities after attaching (${e.message}); running with those it had`);
    return null;
  }
}
