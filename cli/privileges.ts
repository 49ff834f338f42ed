/** Does this process hold what loading a BPF tracing program needs, and what it keeps after. */
import { readFileSync } from "node:fs";
import { dropToUser } from "../ffi/drop-user";
import { UsageError } from "./errors";
import { CapsDropError, dropCapabilitiesExcept } from "../ffi/caps";

const CAP_SETGID = 6n;
const CAP_SETUID = 7n;
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

/** The capabilities loading the probe needs that this process lacks (none with CAP_SYS_ADMIN, as before Linux 5.8). */
export function missingCapabilities(caps = effectiveCapabilities()): string[] {
  if (hasCap(caps, CAP_SYS_ADMIN)) return [];
  const missing: string[] = [];
  if (!hasCap(caps, CAP_BPF)) missing.push("CAP_BPF");
  if (!hasCap(caps, CAP_PERFMON)) missing.push("CAP_PERFMON");
  return missing;
}

/** The command that gives this executable what it lacks, for every user who may run it. */
export function setcapCommand(missing: string[], exe = process.execPath): string {
  return `sudo setcap ${missing.map((c) => c.toLowerCase()).join(",")}+ep ${exe}`;
}

/** The command that gives one run (as `user`) what it lacks. */
export function setprivCommand(missing: string[], exe = process.execPath, user = process.env.SUDO_USER || process.env.USER || "USER"): string {
  const caps = missing.map((c) => `+${c.slice(4).toLowerCase()}`).join(",");
  return `sudo setpriv --reuid=${user} --init-groups --inh-caps=${caps} --ambient-caps=${caps} ${exe} …`;
}

/** A one-line reason when we cannot trace, or null when we can. */
export function missingPrivileges(): string | null {
  const missing = missingCapabilities();
  if (missing.length === 0) return null;
  return `not enough privileges to load the probe: swoll needs root or CAP_BPF+CAP_PERFMON (missing ${missing.join(", ")}); run it with sudo, or grant them with ${setcapCommand(missing)}`;
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

/** The user `--drop-user` names, resolved before anything is loaded. */
export interface DropTarget {
  name: string;
  uid: number;
  gid: number;
}

/** What `--drop-user NAME` / `--no-drop-user` leave in the flags: a name, or false to stay root. */
export type DropUserFlag = string | false;

export const DEFAULT_DROP_USER = "nobody";

/**
 * Resolve --drop-user from /etc/passwd (a name, or a numeric uid with the
 * gid of its entry, or uid:gid). Null means stay as we are (--no-drop-user).
 */
export function resolveDropUser(flag: DropUserFlag | undefined, passwd = readPasswd()): DropTarget | null {
  if (flag === false) return null;
  const name = flag ?? DEFAULT_DROP_USER;
  if (name === "") throw new UsageError("empty --drop-user; name a user such as nobody, or pass --no-drop-user to keep running as root");
  const numeric = /^(\d+)(?::(\d+))?$/.exec(name);
  for (const line of passwd.split("\n")) {
    const f = line.split(":");
    if (f.length < 7) continue;
    if (f[0] === name || (numeric && f[2] === numeric[1]))
      return { name: f[0]!, uid: Number(f[2]), gid: numeric?.[2] !== undefined ? Number(numeric[2]) : Number(f[3]) };
  }
  if (numeric && Number(numeric[1]) > 0 && Number(numeric[1]) < 2 ** 32 - 1)
    return { name, uid: Number(numeric[1]), gid: Number(numeric[2] ?? numeric[1]) };
  throw new UsageError(`--drop-user ${name}: no such user in /etc/passwd; name an existing unprivileged user (or a numeric uid:gid), or pass --no-drop-user to keep running as root`);
}

function readPasswd(): string {
  try {
    return readFileSync("/etc/passwd", "utf8");
  } catch {
    return "";
  }
}

/** Something that must read credentials once more while it still can (the kubeconfig). */
export interface ReadsBeforeDrop {
  beforeDrop(): Promise<void>;
}

export interface DropOptions {
  /** --drop-user resolved; null: keep the user and drop capabilities as `fallback` says. */
  target: DropTarget | null;
  /** Credentials to read (and keep in memory) before the drop. */
  kube?: ReadsBeforeDrop | null;
  /** With --no-drop-user: what capabilities the command keeps (null: keeps every one). */
  fallback: AfterAttachNeeds | null;
  warn: (m: string) => void;
}

/**
 * The one call a command makes once everything that needs privilege is
 * open (the probe loaded and attached, maps filled, sockets bound, files
 * opened): every thread becomes the --drop-user user with no capabilities
 * and no_new_privs. A user that is already not root (running with
 * CAP_BPF+CAP_PERFMON) keeps its uid and gives up its capabilities.
 * With --no-drop-user, `fallback` says what to keep as root.
 * Returns a one-line description of what is left, for --verbose and tests.
 */
export async function dropPrivileges(opts: DropOptions): Promise<string> {
  const { target, fallback, warn } = opts;
  if (target === null) {
    if (fallback === null) return "kept root and every capability (--no-drop-user)";
    dropCapabilities(fallback, warn);
    return "kept uid 0 with a reduced capability set (--no-drop-user)";
  }
  await opts.kube?.beforeDrop();
  const caps = effectiveCapabilities();
  const canSwitch = hasCap(caps, CAP_SETUID) && hasCap(caps, CAP_SETGID);
  if (!canSwitch && process.geteuid?.() === 0) {
    // root without CAP_SETUID/CAP_SETGID (a container that drops them):
    // switching is impossible, so keep uid 0 with as little as possible
    warn(`cannot switch to ${target.name} without CAP_SETUID and CAP_SETGID; staying uid 0 with fewer capabilities (grant both, or pass --no-drop-user)`);
    dropCapabilities(fallback ?? { kubeconfig: !!opts.kube }, warn);
    return "kept uid 0 with a reduced capability set (no CAP_SETUID/CAP_SETGID)";
  }
  // a user that is already not root, without CAP_SETUID, keeps its uid
  const uid = canSwitch ? target.uid : -1;
  const gid = canSwitch ? target.gid : -1;
  const r = dropToUser(uid, gid);
  if (r.ok) return uid >= 0 ? `running as ${target.name} (uid ${uid}) with no capabilities` : `running as uid ${process.geteuid?.()} with no capabilities`;
  if (r.unsupported) {
    warn(`cannot switch to ${target.name}: ${r.message}; keeping uid 0 with CAP_BPF only`);
    dropCapabilities(fallback ?? { kubeconfig: !!opts.kube }, warn);
    return "kept uid 0 (this kernel needs CAP_BPF for every map update)";
  }
  // part-way is worse than either end: stop here
  throw new UsageError(`could not switch to user ${target.name}: ${r.message}; pass --no-drop-user to keep running as root`, 70);
}
