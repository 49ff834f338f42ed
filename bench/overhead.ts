#!/usr/bin/env bun
/**
 * Tracing overhead benchmark: what swoll (and peers) cost the traced process,
 * how many events the tracer keeps up with, what it loses, its RSS and CPU.
 * A benchmark, not a test: prints a table, writes JSON, asserts nothing.
 *
 *   bun bench/overhead.ts [--seconds S] [--iterations N] [--reps R] [--rate R]
 *                         [--rate-seconds S] [--only REGEX]
 *
 * bench/README.md says what every column means.
 */
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import * as P from "./procs";
import { fmtInt, formatTable, makeRow, median, TARGETS } from "./report";
import { log, Runner, runGuarded } from "./runner";
import { bpftracePrintf, CONNECT, GETPPID, OPENAT_CLOSE, OPENAT_ENOENT, strace, swollTrace, type Tracer } from "./tracers";
import { buildWorkload, SWOLL, workloadCmd, writeResults } from "./workload";

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string", default: "1.5" },
    iterations: { type: "string" },
    reps: { type: "string", default: "3" },
    rate: { type: "string", default: "500000" },
    "rate-seconds": { type: "string", default: "3" },
    only: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (flags.help) {
  console.log("usage: bun bench/overhead.ts [--seconds S=1.5] [--iterations N] [--reps R=3] [--rate R=500000] [--rate-seconds S=3] [--only REGEX]");
  process.exit(0);
}
const SECONDS = Number(flags.seconds);
const REPS = Math.max(1, Math.round(Number(flags.reps)));
const RATE = Math.round(Number(flags.rate));
const RATE_SECONDS = Number(flags["rate-seconds"]);
const FIXED_N = flags.iterations ? Math.round(Number(flags.iterations)) : null;
const ONLY = flags.only ? new RegExp(flags.only, "i") : null;
for (const [k, v] of Object.entries({ SECONDS, REPS, RATE, RATE_SECONDS, iterations: FIXED_N ?? 1 }))
  if (!(v > 0)) throw new Error(`bad value for ${k}`);

const runner = new Runner({ seconds: SECONDS, iterations: FIXED_N, reps: REPS, foreignWaitMs: 20_000, maxRepeats: 2 });
const LOOPS = [GETPPID, OPENAT_ENOENT, OPENAT_CLOSE, CONNECT];
const JSON_ = swollTrace("swoll --json", ["--json"], ["cost", "throughput", "rss"]);
const SHARED = swollTrace("swoll --json --ring shared", ["--json", "--ring", "shared"], ["cost", "throughput", "rss"]);
const TRACERS: Tracer[] = [
  swollTrace("swoll -s execve (filtered out)", ["-s", "execve", "--json"], ["filtered", "rss"]),
  JSON_,
  swollTrace("swoll text", ["--no-color"], ["rss"]),
  SHARED,
  bpftracePrintf("bpftrace printf"),
  bpftracePrintf("bpftrace printf (excl. self)", '/comm != "bpftrace"/ '),
  strace("strace -f", false),
];
const selected = (label: string) => !ONLY || ONLY.test(label);

async function main(): Promise<void> {
  for (const t of ["cc", "taskset", "bpftool"]) if (!P.which(t)) throw new Error(`${t} is required`);
  if (!existsSync(SWOLL)) throw new Error(`${SWOLL} missing: run bun run build.ts`);
  if (cpus().length < 2) runner.warnings.push("fewer than 2 CPUs: the tracers share CPU 0 with the workload");
  buildWorkload();

  for (const loop of LOOPS) await runner.loop(loop, TRACERS.filter((t) => selected(t.label)));

  // Two producers at once, on CPU 0 and CPU 1.
  if (selected("2 producers")) await runner.twoProducers([JSON_, SHARED]);

  // Paced producer: does swoll stream RATE events/s without losing any?
  for (const t of [JSON_, SHARED]) {
    const label = `${t.label} @${fmtInt(RATE)}/s`;
    if (!selected(label)) continue;
    log(label);
    await runner.attempt(label, "getppid-rate", async () => {
      const nr = String(Math.round(RATE * RATE_SECONDS));
      const rs = await runner.reps(() => runner.beside(t, [workloadCmd(0, ["getppid-rate", nr, String(RATE)])], null));
      const row = makeRow(label, "getppid-rate", rs, 0, null, true);
      row.note = `producer ran at ${fmtInt(median(rs.map((r) => 1e9 / r.ns[0]!)))}/s`;
      runner.finish(row, ["rate", "rss"], true, RATE);
    });
  }
}

const { started, aborted, swollStat } = await runGuarded(runner, main, "bench");
const { rows, warnings } = runner;
console.log(`\nswoll overhead bench: kernel ${readFileSync("/proc/sys/kernel/osrelease", "utf8").trim()}, ${cpus().length} CPUs, ` +
  `median of ${REPS}, workload on CPU 0, dist/swoll built ${swollStat?.mtime.toISOString() ?? "?"}, ${started.toISOString()}\n`);
console.log(formatTable(rows));
if (warnings.length) console.log(`\nnotes:\n${warnings.map((w) => `  - ${w}`).join("\n")}`);
const resultsFile = writeResults("overhead-latest.json", {
  startedAt: started.toISOString(), finishedAt: new Date().toISOString(),
  kernel: readFileSync("/proc/sys/kernel/osrelease", "utf8").trim(), cpus: cpus().length,
  swoll: { path: SWOLL, mtime: swollStat?.mtime.toISOString() ?? null, size: swollStat?.size ?? null },
  options: { seconds: SECONDS, iterations: FIXED_N, reps: REPS, rate: RATE, rateSeconds: RATE_SECONDS, only: flags.only ?? null, maxRunMs: runner.maxRunMs },
  targets: TARGETS, rows, warnings, aborted,
});
console.log(`\nJSON: ${resultsFile}`);
process.exit(0);
