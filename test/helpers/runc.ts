/**
 * Real containers with runc: a busybox-static root filesystem, an OCI
 * bundle per container (from `runc spec`, edited), a private runc state
 * directory. Containers run in the foreground; runc removes their cgroups
 * when they exit.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const APPLETS = ["sh", "echo", "cat", "ls", "mkdir", "true", "sleep", "touch", "wc"];

export class RuncHost {
  readonly dir = mkdtempSync(join(tmpdir(), "swoll-runc-"));
  readonly rootfs = join(this.dir, "rootfs");
  private readonly state = join(this.dir, "state");
  private readonly spec: any;
  private n = 0;

  constructor() {
    for (const d of ["bin", "etc", "tmp", "proc", "dev", "sys"]) mkdirSync(join(this.rootfs, d), { recursive: true });
    copyFileSync("/bin/busybox", join(this.rootfs, "bin", "busybox"));
    for (const a of APPLETS) symlinkSync("busybox", join(this.rootfs, "bin", a));
    writeFileSync(join(this.rootfs, "etc", "hostname"), "box\n");
    const tpl = join(this.dir, "tpl");
    mkdirSync(tpl);
    const r = Bun.spawnSync(["runc", "spec"], { cwd: tpl, stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`runc spec failed: ${r.stderr}`);
    this.spec = JSON.parse(readFileSync(join(tpl, "config.json"), "utf8"));
  }

  /**
   * Run `args` in a new container under `cgroupsPath` (below the cgroup
   * roots), optionally under a seccomp profile; waits for it to exit.
   */
  run(args: string[], opts: { cgroupsPath: string; seccomp?: unknown; id?: string }): { code: number; stdout: string; stderr: string } {
    const id = opts.id ?? `swoll-${process.pid}-${++this.n}`;
    const bundle = join(this.dir, `b-${id}`);
    mkdirSync(bundle);
    const cfg = structuredClone(this.spec);
    cfg.process.terminal = false;
    cfg.process.args = args;
    cfg.root = { path: this.rootfs, readonly: false };
    cfg.linux.cgroupsPath = opts.cgroupsPath;
    if (opts.seccomp) cfg.linux.seccomp = opts.seccomp;
    writeFileSync(join(bundle, "config.json"), JSON.stringify(cfg));
    const r = Bun.spawnSync(["runc", "--root", this.state, "run", "-b", bundle, id], { stdout: "pipe", stderr: "pipe", timeout: 30000 });
    rmSync(bundle, { recursive: true, force: true });
    return { code: r.exitCode ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A profile that allows everything but still installs a filter (as a runtime's default profile does). */
export const ALLOW_ALL = { defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_AARCH64"], syscalls: [{ names: ["kexec_load"], action: "SCMP_ACT_ERRNO", errnoRet: 1 }] };
