/**
 * The verifier gives up with EAGAIN when a signal is pending while it
 * checks a program, and checking swoll's probe takes a second or more: a
 * terminal resized, a child exiting or a profiler's tick during that
 * second used to fail the load ("load BPF object: Resource temporarily
 * unavailable"). Bun's sampling profiler signals the main thread every
 * millisecond, so under it every load was interrupted; signals now wait
 * until the load is done.
 */
import { afterAll, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../helpers/swoll";

const DIR = mkdtempSync(join(tmpdir(), "swoll-load-signals-"));
// the tracer may drop root once attached; the profile is written at exit
chmodSync(DIR, 0o777);
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

test("a load interrupted by signals every millisecond (bun's CPU profiler) still loads, attaches and traces", async () => {
  const proc = Bun.spawn(["bun", "--cpu-prof", "--cpu-prof-dir", DIR, join(ROOT, "cli", "main.ts"), "trace", "--json", "-s", "execve", "--", "/bin/true"], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, KUBECONFIG: "" },
  });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  expect(err).not.toContain("Resource temporarily unavailable");
  expect(code).toBe(0);
  expect(out).toBe("");
  // with a command, the trace goes to stderr, as strace's does
  const execs = err.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l)).filter((e) => e.syscall.name === "sys_execve");
  expect(execs.map((e) => e.args.filename)).toContain("/bin/true");
}, 60_000);
