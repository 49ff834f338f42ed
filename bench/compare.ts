#!/usr/bin/env bun
/**
 * The whole side-by-side comparison in one table: what swoll and its peers
 * add to each syscall of a getppid and an openat loop, the events/s they
 * report, what they lose, their CPU and RSS; then the same with two
 * producers, one on each CPU. A benchmark, not a test: asserts nothing.
 *
 *   bun bench/compare.ts [--quick] [--seconds S] [--reps R] [--only REGEX]
 *
 * bench/README.md says what every row and column means.
 */
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import * as P from "./procs";
import { formatTable, TARGETS } from "./report";
import { Runner, runGuarded } from "./runner";
import * as T from "./tracers";
import { buildWorkload, SWOLL, writeResults } from "./workload";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean" },
    seconds: { type: "string" },
    reps: { type: "string" },
    only: { type: "string" },
    baseline: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (flags.help) {
  console.log("usage: bun bench/compare.ts [--quick] [--seconds S=1.5 (quick 0.3)] [--reps R=3] [--only REGEX] [--baseline PATH-TO-ANOTHER-SWOLL]");
  process.exit(0);
}
const QUICK = !!flags.quick;
const SECONDS = Number(flags.seconds ?? (QUICK ? 0.3 : 1.5));
const REPS = Math.max(1, Math.round(Number(flags.reps ?? 3)));
if (!(SECONDS > 0)) throw new Error("bad --seconds");
const ONLY = flags.only ? new RegExp(flags.only, "i") : null;
const selected = (label: string) => !ONLY || ONLY.test(label);

// quick: wait less for other sessions' tracers and never repeat a repetition
const runner = new Runner({ seconds: SECONDS, iterations: null, reps: REPS, foreignWaitMs: QUICK ? 3000 : 20_000, maxRepeats: QUICK ? 0 : 2 });

const SWOLL_JSON = T.swollTrace("swoll trace --json", ["--json"], ["cost", "throughput", "rss"]);
// another build beside this one, in the same run: before/after numbers from the same conditions
const BASE_JSON = flags.baseline ? T.swollTrace("swoll trace --json [baseline]", ["--json"], ["rss"], flags.baseline) : null;
const SWOLL_SERVE = T.swollServe("swoll serve (counting)", ["rss"]);
const BT_COUNT = T.bpftraceCount("bpftrace count");
const BT_PRINTF = T.bpftracePrintf("bpftrace printf");
const SYSCOUNT_L = T.syscount("syscount -L", true);
const BASE = flags.baseline;
const TRACERS: T.Tracer[] = [
  T.swollTrace("swoll -s execve (filtered out)", ["-s", "execve", "--json"], ["filtered", "rss"]),
  ...(BASE ? [T.swollTrace("swoll -s execve (filtered out) [baseline]", ["-s", "execve", "--json"], ["rss"], BASE)] : []),
  SWOLL_JSON,
  ...(BASE_JSON ? [BASE_JSON] : []),
  T.swollTrace("swoll trace text", ["--no-color"], ["rss"]),
  SWOLL_SERVE,
  ...(BASE ? [T.swollServe("swoll serve (counting) [baseline]", ["rss"], BASE)] : []),
  T.swollTop("swoll top (counting per process)", ["rss"]),
  ...(BASE ? [T.swollTop("swoll top (counting per process) [baseline]", ["rss"], BASE)] : []),
  T.swollSeccomp("swoll seccomp (recording)", ["rss"]),
  T.swollRecord("swoll record (to tmpfs)", ["rss"]),
  BT_COUNT,
  T.bpftraceLatency("bpftrace latency map"),
  BT_PRINTF,
  T.syscount("syscount", false),
  SYSCOUNT_L,
  T.execsnoop("execsnoop"),
  T.perfTrace("perf trace -s"),
  T.strace("strace -c", true),
  T.strace("strace -f -o /dev/null", false),
].filter((t) => selected(t.label));

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error("run as root: the tracers load BPF programs");
  for (const t of ["cc", "taskset", "bpftool"]) if (!P.which(t)) throw new Error(`${t} is required`);
  if (!existsSync(SWOLL)) throw new Error(`${SWOLL} missing: run bun run build.ts`);
  if (cpus().length < 2) runner.warnings.push("fewer than 2 CPUs: the tracers share CPU 0 with the workload, and the 2-producer rows share it too");
  buildWorkload();
  for (const loop of [T.GETPPID, T.OPENAT_ENOENT]) await runner.loop(loop, TRACERS);
  if (selected("2 producers")) await runner.twoProducers([SWOLL_JSON, ...(BASE_JSON ? [BASE_JSON] : []), SWOLL_SERVE, BT_COUNT, BT_PRINTF, SYSCOUNT_L].filter((t) => TRACERS.includes(t)));
}

const { started, aborted, swollStat } = await runGuarded(runner, main, "compare");
const { rows, warnings } = runner;
const kernel = readFileSync("/proc/sys/kernel/osrelease", "utf8").trim();
const took = (Date.now() - started.getTime()) / 1000;
console.log(`\nswoll side-by-side: kernel ${kernel}, ${cpus().length} CPUs, ${QUICK ? "quick, " : ""}median of ${REPS}, ~${SECONDS} s per bare loop, ` +
  `workload on CPU 0, dist/swoll built ${swollStat?.mtime.toISOString() ?? "?"}, ${started.toISOString()}, took ${Math.round(took)} s\n`);
console.log(formatTable(rows));
if (warnings.length) console.log(`\nnotes:\n${warnings.map((w) => `  - ${w}`).join("\n")}`);
const file = writeResults("compare-latest.json", {
  startedAt: started.toISOString(), finishedAt: new Date().toISOString(), kernel, cpus: cpus().length,
  swoll: { path: SWOLL, mtime: swollStat?.mtime.toISOString() ?? null, size: swollStat?.size ?? null },
  options: { quick: QUICK, seconds: SECONDS, reps: REPS, only: flags.only ?? null, maxRunMs: runner.maxRunMs },
  targets: TARGETS, rows, warnings, aborted,
});
console.log(`\nJSON: ${file}`);
process.exit(aborted ? 1 : 0);
