/**
 * `swoll seccomp --check profile.json`: the profile's allowed calls go
 * into the kernel as a bitmap; each workload call outside it (counted from
 * the workload's exec or filter install on, as when recording) is counted
 * per cgroup and syscall with the first process that made it. New denials
 * are reported as they show up — how a profile is tested before it is
 * enforced.
 */
import type { ContainerObserver } from "../metadata/observer";
import type { SyscallTable } from "../decode/syscalls";
import { bytesToString, escapeForTerminal } from "../decode/strings";
import { onStopSignal } from "../lifecycle";
import { ProbeHost } from "../probe/host";
import { allowedNames, type OciSeccompProfile } from "./profile";
import { resolveMember, selected, type WorkloadSelection } from "./workloads";
import { seccompDropped } from "./recorded";

export interface CheckOptions {
  observer: ContainerObserver;
  sel: WorkloadSelection;
  durationMs: number;
  table: SyscallTable;
  verbose: boolean;
  seccompNrs: { execve: number; seccomp: number; prctl: number };
  /** Called once the probe is attached: give up privileges (cli/privileges.ts dropPrivileges). */
  afterAttach: () => Promise<unknown>;
}

// struct swoll_seccomp_denied_key + struct swoll_seccomp_denied (bpf/events.h)
const KEY = 16;
const RECORD = KEY + 32;
const MAX = 4096;

interface Denial {
  count: number;
  comm: string;
  pid: number;
  where: string;
}

/** Returns 0 when nothing would be denied, 1 otherwise. */
export async function runCheck(profile: OciSeccompProfile, o: CheckOptions): Promise<number> {
  const allowed = allowedNames(profile);
  const bits = new BigUint64Array(16);
  for (const name of allowed) {
    const nr = o.table.byName(name)?.nr;
    if (nr !== undefined && nr < 1024) bits[nr >> 6]! |= 1n << BigInt(nr & 63);
  }
  const probe = ProbeHost.open(o.table, { seccomp: { nrs: o.seccompNrs, allowed: bits }, verbose: o.verbose }).probe;
  await o.afterAttach();
  const buf = new Uint8Array(RECORD * MAX);
  const dv = new DataView(buf.buffer);
  const where = new Map<number, string | null>();
  const whereOf = (cg: number, tgid: number, comm: string): string | null => {
    let w = where.get(cg);
    if (w !== undefined) return w;
    const rec = { cgroupId: cg, nrs: [], firstNs: 0, firstTgid: tgid, firstComm: comm, filterSeen: false, kernelPath: "" };
    const m = resolveMember(rec, o.observer.attributor.pathOf(cg), o.observer.lookup(cg, tgid), o.observer.pods);
    w = m.path === "" && !m.containerId ? null : selected(m, o.sel) ? (m.meta?.pod ? `${m.meta.namespace}/${m.meta.pod}/${m.meta.name}` : m.containerId ? m.containerId.slice(0, 12) : m.path) : null;
    if (m.path !== "" || m.containerId) where.set(cg, w); // an unresolved cgroup is asked again
    return w;
  };
  const denials = new Map<string, Denial>();
  const scan = () => {
    const n = probe.dumpMap("seccomp_denied", buf);
    const totals = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const off = i * RECORD;
      const cg = Number(dv.getBigUint64(off, true));
      const nr = dv.getUint32(off + 8, true);
      const count = Number(dv.getBigUint64(off + KEY, true));
      const pid = dv.getUint32(off + KEY + 8, true);
      const end = buf.indexOf(0, off + KEY + 16);
      const comm = bytesToString(buf.subarray(off + KEY + 16, end < 0 || end > off + RECORD ? off + RECORD : end));
      const w = whereOf(cg, pid, comm);
      if (w === null) continue;
      const name = o.table.byNr(nr)?.name ?? `syscall_${nr}`;
      totals.set(name, (totals.get(name) ?? 0) + count);
      if (!denials.has(name)) {
        denials.set(name, { count, comm, pid, where: w });
        process.stdout.write(`would deny ${name}: first by ${escapeForTerminal(comm, false)} (pid ${pid}) in ${escapeForTerminal(w, false)}\n`);
      }
    }
    for (const [name, t] of totals) denials.get(name)!.count = t;
  };
  process.stderr.write(`swoll: checking ${allowed.size} allowed syscalls against the selection; press Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    const timer = setInterval(scan, 250);
    const end = () => {
      clearInterval(timer);
      clearTimeout(deadline);
      resolve();
    };
    const deadline = Number.isFinite(o.durationMs) ? setTimeout(end, o.durationMs) : undefined;
    onStopSignal(end);
  });
  scan();
  const dropped = seccompDropped(probe);
  probe.close();
  if (dropped) process.stderr.write(`swoll: warning: ${dropped} calls were not checked: the kernel's map of denials (or of cgroups) was full; check a narrower selection\n`);
  if (denials.size === 0) {
    process.stderr.write("swoll: the profile allowed every call the selection made\n");
    return 0;
  }
  process.stdout.write(`${denials.size} syscall${denials.size === 1 ? "" : "s"} would be denied:\n`);
  for (const [name, d] of [...denials].sort((a, b) => a[0].localeCompare(b[0])))
    process.stdout.write(`  ${name.padEnd(20)} ${String(d.count).padStart(8)} calls  first: ${escapeForTerminal(d.comm, false)} (pid ${d.pid}) in ${escapeForTerminal(d.where, false)}\n`);
  return 1;
}
