/**
 * bench/workload.c and the paths every bench uses: dist/swoll, the built
 * workload and the files its openat loops open.
 */
import { spawnSync } from "bun";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const BENCH = import.meta.dir;
export const SWOLL = join(resolve(BENCH, ".."), "dist", "swoll");
export const BUILD = join(BENCH, ".build");
export const WORKLOAD = join(BUILD, "workload");
export const EXISTING = join(BUILD, "exists.txt");
export const MISSING = join(BUILD, "no-such-dir", "missing.txt");
export const RESULTS = join(BENCH, "results");

/** Builds bench/.build/workload with `cc -O2` when missing or older than workload.c. */
export function buildWorkload(): void {
  mkdirSync(BUILD, { recursive: true });
  const src = join(BENCH, "workload.c");
  if (!existsSync(WORKLOAD) || statSync(WORKLOAD).mtimeMs < statSync(src).mtimeMs) {
    const r = spawnSync(["cc", "-O2", "-Wall", "-o", WORKLOAD, src], { timeout: 60_000, stderr: "pipe" });
    if (!r.success) throw new Error(`cc failed: ${r.stderr?.toString()}`);
  }
  writeFileSync(EXISTING, "swoll bench\n");
}

/** The workload pinned to `cpu` with taskset. */
export const workloadCmd = (cpu: number, args: string[]): string[] => ["taskset", "-c", String(cpu), WORKLOAD, ...args];

/** Writes `bench/results/<name>` (JSON, pretty) and returns its path. */
export function writeResults(name: string, data: unknown): string {
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, name);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
