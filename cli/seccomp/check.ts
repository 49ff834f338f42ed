/**
 * `swoll seccomp --check profile.json`: count the selection's calls in the
 * kernel (per process, as top does) and report, as they first happen,
 * the syscalls the profile would deny, with how often and who first made
 * them — how a profile is tested before it is enforced.
 */
import type { ContainerObserver } from "../metadata/observer";
import type { SyscallTable } from "../decode/syscalls";
import { escapeForTerminal } from "../decode/strings";
import { onStopSignal } from "../lifecycle";
import { Metrics } from "../api/metrics";
import { dropCapabilities } from "../privileges";
import { allowedNames, type OciSeccompProfile } from "./profile";
import { SeccompTable } from "./recorded";
import { Probe, defaultSpec } from "../../ffi/probe";
import { resolveMember, selected, type WorkloadSelection } from "./workloads";

export interface CheckOptions {
  /** The probe options that record which calls are the workload's (see bpf/seccomp.bpf.h). */
  seccompNrs: { execve: number; seccomp: number; prctl: number };
  observer: ContainerObserver;
  sel: WorkloadSelection;
  durationMs: number;
  table: SyscallTable;
  verbose: boolean;
}

interface Denial {
  count: number;
  comm: string;
  pid: number;
  where: string;
}

/** Returns 0 when nothing would be denied, 1 otherwise. */
export async function runCheck(profile: OciSeccompProfile, o: CheckOptions): Promise<number> {
  const allowed = allowedNames(profile);
  const metrics = Metrics.open({ byProcess: true, observer: o.observer, verbose: o.verbose });
  // Which calls are the workload's, not the runtime's setup before its filter and exec:
  // the kernel's per-cgroup sets; the counts come from the per-process metrics.
  const recorder = Probe.load({ ...defaultSpec(), stream: false, ringBytes: 4096, seccompRecord: true, seccompNrs: o.seccompNrs, verbose: o.verbose });
  const sets = new SeccompTable(recorder);
  let workloadCalls = new Map<number, Set<number>>();
  dropCapabilities({ kubeconfig: o.observer.informer !== null }, (m) => process.stderr.write(`swoll: warning: ${m}\n`));
  const denials = new Map<string, Denial>();
  const selectedCgroup = new Map<number, string | null>();
  const whereOf = (cg: number, tgid: number, comm: string): string | null => {
    let w = selectedCgroup.get(cg);
    if (w !== undefined) return w;
    const id = Number(cg);
    const rec = { cgroupId: id, nrs: [], firstNs: 0, firstTgid: tgid, firstComm: comm, filterSeen: false, kernelPath: "" };
    const m = resolveMember(rec, o.observer.attributor.pathOf(id), o.observer.lookup(id, tgid), o.observer.pods);
    w = selected(m, o.sel) ? (m.meta?.pod ? `${m.meta.namespace}/${m.meta.pod}/${m.meta.name}` : m.containerId ? m.containerId.slice(0, 12) : m.path) : null;
    selectedCgroup.set(cg, w);
    return w;
  };
  const readSets = () => (workloadCalls = new Map(sets.read().map((c) => [c.cgroupId, new Set(c.nrs)])));
  const scan = () => {
    readSets();
    for (const r of metrics.read()) {
      if (!workloadCalls.get(Number(r.cgroupId))?.has(r.nr)) continue;
      const name = o.table.byNr(r.nr)?.name ?? r.syscall;
      if (allowed.has(name)) continue;
      const where = whereOf(r.cgroupId, r.tgid ?? 0, r.comm ?? "");
      if (where === null) continue;
      const d = denials.get(name);
      if (d) {
        // rows are cumulative per process: keep the largest view of each
        d.count = Math.max(d.count, r.count);
        continue;
      }
      denials.set(name, { count: r.count, comm: r.comm ?? "", pid: r.tgid ?? 0, where });
      process.stdout.write(`would deny ${name}: first by ${escapeForTerminal(r.comm ?? "", false)} (pid ${r.tgid}) in ${escapeForTerminal(where, false)}\n`);
    }
  };
  process.stderr.write(`swoll: checking ${allowed.size} allowed syscalls against the selection; press Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    const timer = setInterval(scan, 500);
    const end = () => {
      clearInterval(timer);
      clearTimeout(deadline);
      resolve();
    };
    const deadline = Number.isFinite(o.durationMs) ? setTimeout(end, o.durationMs) : undefined;
    onStopSignal(end);
  });
  scan();
  // exact totals: sum every process's rows once more, now that the run is over
  const totals = new Map<string, number>();
  readSets();
  for (const r of metrics.read()) {
    if (!workloadCalls.get(Number(r.cgroupId))?.has(r.nr)) continue;
    const name = o.table.byNr(r.nr)?.name ?? r.syscall;
    if (denials.has(name) && whereOf(r.cgroupId, r.tgid ?? 0, r.comm ?? "") !== null) totals.set(name, (totals.get(name) ?? 0) + r.count);
  }
  metrics.close();
  recorder.close();
  if (denials.size === 0) {
    process.stderr.write("swoll: the profile allowed every call the selection made\n");
    return 0;
  }
  process.stdout.write(`${denials.size} syscall${denials.size === 1 ? "" : "s"} would be denied:\n`);
  for (const [name, d] of [...denials].sort((a, b) => a[0].localeCompare(b[0])))
    process.stdout.write(`  ${name.padEnd(20)} ${String(totals.get(name) ?? d.count).padStart(8)} calls  first: ${escapeForTerminal(d.comm, false)} (pid ${d.pid}) in ${escapeForTerminal(d.where, false)}\n`);
  return 1;
}
