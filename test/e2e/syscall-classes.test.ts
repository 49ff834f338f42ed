/**
 * `-s %process` on the real probe: a workload run under a comm of this
 * test's own is seen forking and exec'ing, and its openat calls (the dynamic
 * loader opens libc) are not reported.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syscallTable } from "../../cli/decode/syscalls";
import { parseSyscalls } from "../../cli/options";
import { startTracer, workload } from "../helpers/swoll";

setDefaultTimeout(60_000);

test("swoll trace -s %process sees execve and clone of the workload, and no openat", async () => {
  const comm = `swc${process.pid % 100000}p`; // the kernel sets comm from the file name at exec
  // env(1) under our comm execs the workload under the same comm, so the
  // execve itself (entered by env) carries our comm too.
  const dir = mkdtempSync(join(tmpdir(), "swoll-class-"));
  const launcher = join(dir, comm);
  const bin = join(dir, "wl", comm);
  mkdirSync(join(dir, "wl"));
  copyFileSync(Bun.which("env")!, launcher);
  copyFileSync(workload(), bin);
  chmodSync(launcher, 0o755);
  chmodSync(bin, 0o755);
  const table = syscallTable();
  const process_ = new Set(parseSyscalls(["%process"], table).map((nr) => table.byNr(nr)!.fullName));
  const t = await startTracer(["trace", "-s", "%process", "--comm", comm, "--json", "-d", "30s"]);
  try {
    const r = Bun.spawnSync([launcher, bin, "churn", "2", "1"], { stderr: "pipe" });
    expect(r.exitCode).toBe(0);
    const mine = () => t.json().filter((e) => e.comm === comm);
    await t.waitFor(() => mine().some((e) => e.syscall.name === "sys_execve") && mine().some((e) => /^sys_clone3?$/.test(e.syscall.name)));
  } finally {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const events = t.json().filter((e) => e.syscall && e.comm === comm);
  expect(events.some((e) => e.syscall.name === "sys_openat")).toBe(false);
  for (const e of events) expect(process_.has(e.syscall.name)).toBe(true);
});
