#!/usr/bin/env bun
/**
 * What strace's result and argument filters cost in swoll: the same
 * failing openat loop (ENOENT every call) traced with filters that keep
 * every call or drop every call, in the kernel (-z, --errno EACCES) or
 * in user space (-P), and counted only (-c). Per scenario: the loop's
 * ns per call (pinned to CPU 0) and swoll's CPU seconds for the run.
 *
 *   sudo bun bench/result-filter.ts [--iterations N] [--reps R]
 *
 * ~4 min with 3 repetitions on a shared 2-vCPU VM. Prints a table; writes
 * bench/results/result-filter-latest.json.
 */
import { spawn } from "bun";
import { MISSING, SWOLL, buildWorkload, workloadCmd, writeResults } from "./workload";
import { killAll, runWorkload, sampleProc, stop, track, waitAttached } from "./procs";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg("--iterations", 300_000);
const REPS = arg("--reps", 3);

const SCENARIOS: [string, string[] | null][] = [
  ["bare", null],
  ["swoll --json (every call streamed)", []],
  ["swoll -z (dropped in the kernel)", ["-z"]],
  ["swoll -Z (kept in the kernel)", ["-Z"]],
  ["swoll --errno EACCES (dropped in the kernel, by errno)", ["--errno", "EACCES"]],
  ["swoll -P /elsewhere (dropped in user space, decoded)", ["-P", "/elsewhere"]],
  ["swoll -c (counted, nothing streamed)", ["-c"]],
];

for (const sig of ["SIGINT", "SIGTERM"] as const)
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });

async function once(flags: string[] | null): Promise<{ nsPerCall: number; swollCpuS: number | null }> {
  if (flags === null) {
    const w = await runWorkload(workloadCmd(0, ["openat", String(N), MISSING]), 120_000, null);
    return { nsPerCall: w.nsPerIter, swollCpuS: null };
  }
  const t = track(spawn([SWOLL, "trace", "--no-drop-user", "--comm", "workload", "-s", "openat", "-o", flags.includes("-c") ? "text" : "json", ...flags], { stdout: "ignore", stderr: "ignore", stdin: "ignore" }));
  try {
    await waitAttached(t, (names) => names.length >= 2, 30_000);
    const before = sampleProc(t.pid)?.cpuS ?? 0;
    const w = await runWorkload(workloadCmd(0, ["openat", String(N), MISSING]), 120_000, null);
    const after = sampleProc(t.pid)?.cpuS ?? before;
    return { nsPerCall: w.nsPerIter, swollCpuS: after - before };
  } finally {
    await stop(t, 5_000);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

buildWorkload();
const rows: { scenario: string; nsPerCall: number; swollCpuS: number | null; raw: unknown[] }[] = [];
for (const [name, flags] of SCENARIOS) {
  const raw = [];
  for (let r = 0; r < REPS; r++) raw.push(await once(flags));
  const cpu = raw.map((x) => x.swollCpuS).filter((x): x is number => x !== null);
  rows.push({ scenario: name, nsPerCall: median(raw.map((x) => x.nsPerCall)), swollCpuS: cpu.length ? median(cpu) : null, raw });
  process.stderr.write(`${name}: done\n`);
}
const bare = rows[0]!.nsPerCall;
console.log(`openat ENOENT loop, ${N} calls, median of ${REPS}`);
console.log("| scenario | ns/call | added ns/call | swoll CPU s |");
console.log("|---|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.scenario} | ${r.nsPerCall.toFixed(0)} | ${(r.nsPerCall - bare).toFixed(0)} | ${r.swollCpuS === null ? "-" : r.swollCpuS.toFixed(2)} |`);
console.log(`results: ${writeResults("result-filter-latest.json", { iterations: N, reps: REPS, rows })}`);
killAll();
