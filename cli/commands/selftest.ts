/** `swoll selftest`: can this machine run swoll, and if not, what to fix. */
import { Command } from "commander";
import { existsSync } from "node:fs";
import { release } from "node:os";
import { Chalk } from "chalk";
import { missingPrivileges } from "../privileges";
import { cgroup2Mount, mountPointOf } from "../containers/cgroupfs";
import { syscallTable } from "../decode/syscalls";
import { ProbeHost } from "../probe/host";

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
  const denied = missingPrivileges();
  checks.push({ name: "privileges", ok: !denied, detail: denied ? "not root, no CAP_BPF+CAP_PERFMON" : `uid ${process.getuid?.()} with the needed capabilities`, fix: "run swoll as root (sudo) or grant CAP_BPF and CAP_PERFMON" });
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

export function selftestCommand(): Command {
  return new Command("selftest")
    .description("check privileges, BTF, tracefs, cgroups and the kernel, and say how to fix what is missing")
    .option("--no-load", "do not try loading the probe")
    .option("--no-color", "never colour output")
    .action((flags: { load: boolean; color: boolean }) => {
      const c = new Chalk({ level: flags.color && process.stdout.isTTY ? 1 : 0 });
      const checks = runChecks(flags.load);
      const width = Math.max(...checks.map((k) => k.name.length));
      for (const k of checks) {
        const mark = k.ok ? c.green("ok  ") : c.red("FAIL");
        process.stdout.write(`${mark} ${k.name.padEnd(width)}  ${k.detail}${!k.ok && k.fix ? `\n     ${"".padEnd(width)}  fix: ${k.fix}` : ""}\n`);
      }
      // cgroup v2 only limits attribution; everything else is required
      const failed = checks.filter((k) => !k.ok && k.name !== "cgroup v2");
      process.exitCode = failed.length ? 1 : 0;
    });
}
