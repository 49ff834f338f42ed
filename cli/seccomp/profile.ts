/**
 * OCI runtime seccomp profiles (the JSON runc, crun, containerd and CRI-O
 * read, as in the runtime spec's `linux.seccomp`) from a set of syscall
 * names, and the security-profiles-operator SeccompProfile resource.
 */
import { UsageError } from "../errors";
import type { Arch } from "../decode/syscalls";

export interface SeccompRule {
  names: string[];
  action: string;
  errnoRet?: number;
}

export interface OciSeccompProfile {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures: string[];
  syscalls: SeccompRule[];
}

const ARCHITECTURES: Record<Arch, string[]> = {
  // the 64-bit ABI and its companions, as runtimes expect them listed
  x86_64: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
  aarch64: ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"],
};

const EPERM = 1;
const ENOSYS = 38;

/**
 * Calls that libc tries first and falls back from when they fail with
 * ENOSYS (not EPERM): clone3 → clone, faccessat2 → faccessat, statx →
 * fstatat, close_range → closing one by one, rseq → none. Unrecorded,
 * they answer ENOSYS so the fallback runs.
 */
export const ENOSYS_FALLBACKS = ["clone3", "close_range", "faccessat2", "rseq", "statx"];

export interface ProfileOptions {
  arch: Arch;
  /** A baseline merged in: its allowed calls are added, its denied calls stay denied. */
  base?: OciSeccompProfile | null;
}

/** The profile allowing exactly `names` (syscall names without `sys_`), denying the rest with EPERM. */
export function buildProfile(names: Iterable<string>, opts: ProfileOptions): OciSeccompProfile {
  const allowed = new Set(names);
  const denied = new Set<string>();
  if (opts.base) {
    for (const r of opts.base.syscalls) {
      if (r.action === "SCMP_ACT_ALLOW") for (const n of r.names) allowed.add(n);
      else for (const n of r.names) denied.add(n);
    }
    for (const n of denied) allowed.delete(n);
  }
  const syscalls: SeccompRule[] = [{ names: [...allowed].sort(), action: "SCMP_ACT_ALLOW" }];
  const enosys = ENOSYS_FALLBACKS.filter((n) => !allowed.has(n) && !denied.has(n));
  if (enosys.length) syscalls.push({ names: enosys, action: "SCMP_ACT_ERRNO", errnoRet: ENOSYS });
  if (denied.size) syscalls.push({ names: [...denied].sort(), action: "SCMP_ACT_ERRNO", errnoRet: EPERM });
  return { defaultAction: "SCMP_ACT_ERRNO", defaultErrnoRet: EPERM, architectures: ARCHITECTURES[opts.arch], syscalls };
}

/** The names a profile lets through (its ALLOW rules without arguments conditions). */
export function allowedNames(p: OciSeccompProfile): Set<string> {
  const out = new Set<string>();
  for (const r of p.syscalls) if (r.action === "SCMP_ACT_ALLOW" || r.action === "SCMP_ACT_LOG") for (const n of r.names) out.add(n);
  return out;
}

/** Parses a profile file's text; one line naming the problem when it is not an OCI seccomp profile. */
export function parseProfile(text: string, file: string): OciSeccompProfile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not JSON (${(e as Error).message}); give an OCI seccomp profile such as swoll seccomp -w writes`);
  }
  const p = v as Partial<OciSeccompProfile>;
  if (!p || typeof p !== "object" || typeof p.defaultAction !== "string" || !Array.isArray(p.syscalls ?? []))
    throw new UsageError(`${file} is not an OCI seccomp profile (it needs defaultAction and syscalls)`);
  if (p.architectures !== undefined && (!Array.isArray(p.architectures) || !p.architectures.every((a: unknown) => typeof a === "string")))
    throw new UsageError(`${file}: architectures must be a list of names such as SCMP_ARCH_X86_64`);
  if (p.defaultErrnoRet !== undefined && !Number.isSafeInteger(p.defaultErrnoRet))
    throw new UsageError(`${file}: defaultErrnoRet must be a whole number such as 1 (EPERM)`);
  const syscalls: SeccompRule[] = [];
  for (const [i, r] of (p.syscalls ?? []).entries()) {
    if (!r || !Array.isArray(r.names) || typeof r.action !== "string" || !r.names.every((n: unknown) => typeof n === "string"))
      throw new UsageError(`${file}: syscalls[${i}] needs names (strings) and an action`);
    syscalls.push(r);
  }
  return { defaultAction: p.defaultAction, defaultErrnoRet: p.defaultErrnoRet, architectures: p.architectures ?? [], syscalls };
}

export interface Provenance {
  node: string;
  from: string;
  to: string;
  version: string;
}

/** A security-profiles-operator SeccompProfile (v1beta1) for a workload's container. */
export function spoResource(name: string, namespace: string | null, profile: OciSeccompProfile, prov: Provenance, coverage: Record<string, string>) {
  return {
    apiVersion: "security-profiles-operator.x-k8s.io/v1beta1",
    kind: "SeccompProfile",
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      annotations: {
        "swoll.criticalstack.com/node": prov.node,
        "swoll.criticalstack.com/recorded-from": prov.from,
        "swoll.criticalstack.com/recorded-to": prov.to,
        "swoll.criticalstack.com/version": prov.version,
        "swoll.criticalstack.com/coverage": JSON.stringify(coverage),
      },
    },
    spec: {
      defaultAction: profile.defaultAction,
      architectures: profile.architectures,
      syscalls: profile.syscalls.map((r) => ({ action: r.action, names: r.names, ...(r.errnoRet !== undefined ? { errnoRet: r.errnoRet } : {}) })),
    },
  };
}
