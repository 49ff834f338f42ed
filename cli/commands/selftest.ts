/** `swoll selftest`: can this machine run swoll, and if not, what to fix. */
import { Command } from "commander";
import { existsSync } from "node:fs";
import { release } from "node:os";
import { Chalk } from "chalk";
import { missingCapabilities, setcapCommand, setprivCommand } from "../privileges";
import { cgroup2Mount, mountPointOf } from "../containers/cgroupfs";
import { syscallTable } from "../decode/syscalls";
import { ProbeHost } from "../probe/host";
import { oneLine } from "../errors";

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do when it failed. */
  fix?: string;
}

const MIN_KERNEL: [number, number] = [5, 11]; // task storage for tracing programs

export function kernelVersionCheck(rel = release()): Check {
  const m = /^(\d+)\.(\d+)/.exec(rel);
  const [maj, min] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  const ok = maj > MIN_KERNEL[0] || (maj === MIN_KERNEL[0] && min >= MIN_KERNEL[1]);
  return { name: "kernel version", ok, detail: rel, fix: `swoll needs Linux ${MIN_KERNEL.join(".")} or newer (BPF task storage, tp_btf)` };
}

export function runChecks(loadProbe: boolean): Check[] {
  const checks: Check[] = [];
  const missing = missingCapabilities();
  const denied = missing.length > 0;
  const uid = process.geteuid?.();
  checks.push({
    name: "privileges",
    ok: !denied,
    detail: denied ? `uid ${uid} lacks ${missing.join(" and ")}` : `uid ${uid} with the needed capabilities`,
    fix: `run swoll as root (sudo), or grant ${missing.join(" and ")} to the executable: ${setcapCommand(missing)}, or to one run: ${setprivCommand(missing)}`,
  });
  const btf = existsSync("/sys/kernel/btf/vmlinux");
  checks.push({ name: "kernel BTF", ok: btf, detail: btf ? "/sys/kernel/btf/vmlinux" : "missing /sys/kernel/btf/vmlinux", fix: "use a kernel built with CONFIG_DEBUG_INFO_BTF=y" });
  checks.push(kernelVersionCheck());
  const tracefs = mountPointOf("tracefs");
  checks.push({ name: "tracefs", ok: !!tracefs, detail: tracefs ?? "not mounted", fix: "mount -t tracefs nodev /sys/kernel/tracing" });
  const cg2 = cgroup2Mount();
  checks.push({ name: "cgroup v2", ok: !!cg2, detail: cg2 ?? "not mounted (container attribution unavailable)", fix: "mount -t cgroup2 none /sys/fs/cgroup/unified" });
  if (loadProbe && !denied && btf) {
    try {
      // no rules: attached, selecting nothing
      ProbeHost.open(syscallTable(), { streaming: {} }).close();
      checks.push({ name: "probe load+attach", ok: true, detail: "tp_btf/sys_enter, tp_btf/sys_exit attached and detached" });
    } catch (e) {
      checks.push({ name: "probe load+attach", ok: false, detail: (e as Error).message, fix: "rerun `swoll trace --verbose` to see libbpf's log" });
    }
  }
  return checks;
}

/**
 * Which container runtime (CRI) swoll would read pod metadata from. Never
 * fatal: without one, pods are named through a kubeconfig or not at all.
 */
export async function runtimeCheck(flag: string | boolean | undefined): Promise<Check> {
  const { criSocket, probeRuntime, socketProblem, WELL_KNOWN_SOCKETS } = await import("../runtime/cri");
  const { CriClient } = await import("../runtime/cri-client");
  const name = "container runtime";
  if (flag === false) return { name, ok: true, detail: "not asked (--no-cri)" };
  const socket = criSocket(flag);
  if (!socket) return { name, ok: true, detail: `none found at ${WELL_KNOWN_SOCKETS.join(", ")}; pods are named only through a kubeconfig` };
  // the path is the user's: any bytes, shown escaped
  const problem = socketProblem(socket);
  if (problem) return { name, ok: false, detail: oneLine(problem), fix: "pass the runtime's socket with --cri <socket> (e.g. /run/containerd/containerd.sock), or --no-cri" };
  let client: InstanceType<typeof CriClient> | null = null;
  try {
    client = new CriClient(socket);
    const v = await probeRuntime(client);
    return { name, ok: true, detail: oneLine(`${v.name} ${v.version} (CRI ${v.apiVersion}) at ${socket}`) };
  } catch (e) {
    return { name, ok: false, detail: oneLine(`${socket}: ${(e as Error).message}`), fix: "run as root, pass the runtime's socket with --cri <socket>, or --no-cri" };
  } finally {
    client?.close();
  }
}

export function selftestCommand(): Command {
  return new Command("selftest")
    .description("check privileges, BTF, tracefs, cgroups and the kernel, and say how to fix what is missing")
    .option("--no-load", "do not try loading the probe")
    .option("--no-color", "never colour output")
    .option("--cri <socket>", "check this container runtime (CRI) socket instead of the well-known ones")
    .option("--no-cri", "do not look for a container runtime")
    .action(async (flags: { load: boolean; color: boolean; cri?: string | boolean }) => {
      const c = new Chalk({ level: flags.color && process.stdout.isTTY ? 1 : 0 });
      const checks = [...runChecks(flags.load), await runtimeCheck(flags.cri)];
      const width = Math.max(...checks.map((k) => k.name.length));
      for (const k of checks) {
        const mark = k.ok ? c.green("ok  ") : c.red("FAIL");
        process.stdout.write(`${mark} ${k.name.padEnd(width)}  ${k.detail}${!k.ok && k.fix ? `\n     ${"".padEnd(width)}  fix: ${k.fix}` : ""}\n`);
      }
      // cgroup v2 and the runtime only limit attribution; everything else is required
      const failed = checks.filter((k) => !k.ok && k.name !== "cgroup v2" && k.name !== "container runtime");
      process.exitCode = failed.length ? 1 : 0;
    });
}
