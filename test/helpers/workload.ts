/**
 * The fixture workload under a name of its own, so that a --comm filter
 * sees only this test's calls even while other suites run swoll-wl.
 */
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { workload } from "./swoll";

export interface OwnWorkload {
  /** The command name the kernel reports (the file name, < 16 bytes). */
  comm: string;
  path: string;
  run(...args: string[]): void;
  spawn(...args: string[]): ReturnType<typeof Bun.spawn>;
  /** Delete the copy. */
  remove(): void;
}

export function ownWorkload(): OwnWorkload {
  const comm = `wl-${Math.random().toString(36).slice(2, 10)}`;
  const path = join(dirname(workload()), comm);
  if (!existsSync(path)) copyFileSync(workload(), path);
  return {
    comm,
    path,
    run(...args) {
      const r = Bun.spawnSync([path, ...args], { stderr: "pipe" });
      if (r.exitCode !== 0) throw new Error(`${comm} ${args.join(" ")} failed: ${r.stderr}`);
    },
    spawn: (...args) => Bun.spawn([path, ...args], { stdout: "ignore", stderr: "ignore" }),
    remove: () => rmSync(path, { force: true }),
  };
}
