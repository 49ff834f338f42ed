/**
 * `swoll seccomp`: learn seccomp profiles from what the selected workloads
 * really call (a per-cgroup syscall set kept in the kernel; nothing is
 * streamed), or, with --check, report live what a profile would deny.
 */
import { Command, Option } from "commander";
import { hostname } from "node:os";
import { addSelectionOptions } from "./selection-options";
import { syscallTable, type SyscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { parseComms, parseDuration, parsePids } from "../options";
import { readFileSync } from "node:fs";
import { dropPrivileges, missingPrivileges, resolveDropUser, type DropUserFlag } from "../privileges";
import { addDropUserOptions } from "./privilege-options";
import { ProfileFiles } from "../seccomp/files";
import { onCleanup, onStopSignal } from "../lifecycle";
import { ContainerObserver } from "../metadata/observer";
import { scopeOf } from "../metadata/selection";
import { planKubernetes, type KubeFlags } from "../metadata/plan";
import { readBounded } from "../k8s/bounded-read";
import { VERSION } from "../version";
import { ProbeHost } from "../probe/host";
import { SeccompTable, type RecordedCgroup } from "../seccomp/recorded";
import { parseProfile, type OciSeccompProfile } from "../seccomp/profile";
import { groupWorkloads, resolveMember, selected, type Member, type WorkloadSelection } from "../seccomp/workloads";
import { recordingLine, writeProfiles } from "../seccomp/output";
import { runCheck } from "../seccomp/check";

interface SeccompFlags extends KubeFlags {
  syscall?: string[];
  pid?: string[];
  comm?: string[];
  containerId?: string[];
  cgroup?: string[];
  duration?: string;
  write?: string;
  writeDir?: string;
  output: string;
  base?: string;
  check?: string;
  verbose?: boolean;
  dropUser?: DropUserFlag;
}

export function seccompCommand(): Command {
  return addDropUserOptions(addSelectionOptions(new Command("seccomp").description("learn seccomp profiles from what workloads call, or check a profile against them live"), "record")
    .option("-f, --file <trace.yaml>", "select with a Trace manifest's pods")
    .option("--container-id <id>", "containers outside Kubernetes: an id or a unique prefix", (v: string, p: string[] = []) => [...p, v])
    .option("--cgroup <path>", "the containers in this cgroup (below the cgroup2 root), e.g. /system.slice/x", (v: string, p: string[] = []) => [...p, v])
    .option("-d, --duration <time>", "record this long (default: until SIGINT)")
    .option("-w, --write <file>", "write the one selected workload's profile here (and <file>.coverage.json)")
    .option("--write-dir <dir>", "write one profile per workload into this directory")
    .addOption(new Option("-o, --output <format>", "profile format: oci (runc/containerd/CRI-O JSON) or spo (security-profiles-operator SeccompProfile)").choices(["oci", "spo"]).default("oci"))
    .option("--base <profile.json>", "merge a baseline profile: its allowed calls are added, what it denies stays denied")
    .option("--check <profile.json>", "do not record: report live which calls of the selection the profile would deny")
    .option("--verbose", "show libbpf's log and the verifier log on failure"))
    .action(async (flags: SeccompFlags) => {
      process.exitCode = await runSeccomp(flags);
    });
}

/** A process's cgroup v2 path (the `0::` line of /proc/<pid>/cgroup). */
function cgroupOfPid(pid: number): string {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/cgroup`, "utf8");
  } catch {
    throw new UsageError(`--pid ${pid}: no such process`);
  }
  const path = /^0::(\/.*)$/m.exec(text)?.[1];
  if (!path) throw new UsageError(`--pid ${pid}: the process has no cgroup v2 path; select its container with --container-id`);
  return path;
}

function seccompNrsOf(table: SyscallTable) {
  const nr = (n: string) => table.byName(n)?.nr ?? 0xffffffff;
  return { execve: nr("execve"), seccomp: nr("seccomp"), prctl: nr("prctl") };
}

function readProfile(file: string): OciSeccompProfile {
  let bytes: Buffer | "too large";
  try {
    bytes = readBounded(file, 16 << 20);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : (e as Error).message}`);
  }
  if (bytes === "too large") throw new UsageError(`${file} is larger than 16 MiB; a seccomp profile is a few KB`);
  return parseProfile(bytes.toString("utf8"), file);
}

async function runSeccomp(flags: SeccompFlags): Promise<number> {
  if (flags.syscall?.length) throw new UsageError("swoll seccomp records every syscall; -s/--syscall does not apply (use swoll trace -s)");
  if (flags.write && flags.writeDir) throw new UsageError("-w/--write and --write-dir conflict; -w writes one workload's profile, --write-dir one file per workload");
  if (flags.check && (flags.write || flags.writeDir || flags.base)) throw new UsageError("--check only reports; it takes no -w, --write-dir or --base");
  const table = syscallTable();
  const warn = (m: string) => process.stderr.write(`swoll: warning: ${m}\n`);
  const base = flags.base ? readProfile(flags.base) : null;
  const check = flags.check ? readProfile(flags.check) : null;
  const plan = await planKubernetes(flags, table, warn);
  const durationMs = flags.duration !== undefined ? parseDuration(flags.duration) : (plan.manifest?.durationMs ?? Infinity);
  const sel: WorkloadSelection = {
    pods: plan.selection,
    containerIds: (flags.containerId ?? []).map((id) => {
      if (!/^[0-9a-f]{1,64}$/.test(id)) throw new UsageError(`invalid --container-id '${id}'; give the runtime's hex id or a prefix of it`);
      return id;
    }),
    cgroups: (flags.cgroup ?? []).map((c) => {
      if (!c.startsWith("/")) throw new UsageError(`invalid --cgroup '${c}'; give the path below the cgroup2 root, starting with /`);
      return c.replace(/\/+$/, "") || "/";
    }),
    comms: parseComms(flags.comm ?? []),
  };
  // --pid: the containers those processes are in now
  for (const pid of parsePids(flags.pid ?? [])) sel.cgroups.push(cgroupOfPid(pid));
  const dropTo = resolveDropUser(flags.dropUser);
  const denied = missingPrivileges();
  if (denied) throw new UsageError(denied, 1);
  // Everything that needs privilege is opened first, then root goes (cli/privileges.ts).
  const drop = () => dropPrivileges({ target: dropTo, kube: plan.kube, fallback: { kubeconfig: plan.kube !== null }, warn });

  const observer = new ContainerObserver({ kube: plan.kube, node: plan.node, scope: scopeOf(plan.selection), warn });
  onCleanup(() => observer.stop());
  await observer.start();
  if (check) return await runCheck(check, { observer, sel, durationMs, table, verbose: !!flags.verbose, seccompNrs: seccompNrsOf(table), afterAttach: drop });

  // the profiles are written at the end, as the dropped user: their files (or directory) are opened now
  const format = flags.output as "oci" | "spo";
  const files = ProfileFiles.open({ write: flags.write ?? null, writeDir: flags.writeDir ?? null, format, dropTo });
  const probe = ProbeHost.open(table, { seccomp: { nrs: seccompNrsOf(table) }, verbose: !!flags.verbose }).probe;
  onCleanup(() => probe.close());
  await drop();
  const from = new Date();
  const kernel = new SeccompTable(probe);
  // Resolve each cgroup as soon as it shows up: a short-lived container's pod may be gone later.
  // A pod's container is named once kubelet reports its id, which comes after
  // the container started: a member of a pod not yet named is resolved
  // again whenever the pod metadata changed.
  const members = new Map<number, Member>();
  let podsSeen = -1;
  const resolveNew = (rows: RecordedCgroup[]) => {
    const podsChanged = observer.attributor.generation !== podsSeen;
    podsSeen = observer.attributor.generation;
    for (const c of rows) {
      const known = members.get(c.cgroupId);
      if (known) {
        known.cgroup = c;
        if (!podsChanged || !awaitsPod(known, observer.pods)) continue;
      }
      const m = resolveMember(c, observer.attributor.pathOf(c.cgroupId), observer.lookup(c.cgroupId, c.firstTgid), observer.pods);
      if (known && awaitsPod(m, observer.pods)) continue;
      members.set(c.cgroupId, m);
      if (!awaitsPod(m, observer.pods) && selected(m, sel)) process.stderr.write(recordingLine(m));
    }
  };
  process.stderr.write(`swoll: recording syscalls per container${Number.isFinite(durationMs) ? ` for ${flags.duration}` : "; press Ctrl-C to stop and write the profiles"}\n`);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => resolveNew(kernel.read()), 250);
    const end = () => {
      clearInterval(timer);
      clearTimeout(deadline);
      resolve();
    };
    const deadline = Number.isFinite(durationMs) ? setTimeout(end, durationMs) : undefined;
    onStopSignal(end);
  });
  resolveNew(kernel.read());
  const dropped = kernel.dropped();
  probe.close();
  if (dropped) warn(`${dropped} calls of cgroups beyond the first ${4096} were not recorded; record with a narrower selection`);

  const chosen = [...members.values()].filter((m) => selected(m, sel));
  if (sel.containerIds.length) {
    for (const p of sel.containerIds) {
      const ids = new Set(chosen.filter((m) => m.containerId?.startsWith(p)).map((m) => m.containerId));
      if (ids.size > 1) throw new UsageError(`--container-id ${p} is not unique: it matches ${[...ids].map((i) => i!.slice(0, 12)).join(", ")}; give more of the id`);
    }
  }
  const workloads = await groupWorkloads(chosen, plan.kube);
  if (workloads.length === 0) {
    const left = files.discard();
    process.stderr.write(`swoll: no selected container made a call while recording; nothing written${left.length ? ` (${left.join(" and ")} left empty: created before the switch to ${dropTo?.name}, and only root may remove them)` : ""}\n`);
    return 1;
  }
  const prov = { node: plan.node || hostname(), from: from.toISOString(), to: new Date().toISOString(), version: VERSION };
  try {
    return writeProfiles(workloads, { table, base, prov, format, write: flags.write ?? null, writeDir: flags.writeDir ?? null, files });
  } catch (e) {
    files.discard();
    throw e;
  } finally {
    files.close();
  }
}

/** With pod metadata on: in a pod's cgroup (uid from the path) but not yet matched to the pod's container by name. */
function awaitsPod(m: Member, pods: unknown): boolean {
  return pods !== null && m.podUid !== null && (m.pod === null || !m.meta?.name);
}
