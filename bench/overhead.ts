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
import { spawnSync, type Subprocess } from "bun";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as P from "./procs";
import { applyTargets, type Check, fmtInt, formatTable, makeRow, median, naRow, type Rep, type Row, TARGETS } from "./report";

const BENCH = import.meta.dir;
const SWOLL = join(resolve(BENCH, ".."), "dist", "swoll");
const BUILD = join(BENCH, ".build");
const WORKLOAD = join(BUILD, "workload");
const EXISTING = join(BUILD, "exists.txt");
const MISSING = join(BUILD, "no-such-dir", "missing.txt");
const SHM_OUT = `/dev/shm/swoll-bench-${process.pid}.out`;

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
/** A traced run stops early after this long (the workload reports the iterations it did). */
const MAX_RUN_MS = (2 * SECONDS + 1) * 1000;
const log = (s: string) => process.stderr.write(`${s}\n`);

// ---------- what is measured ----------

interface Loop {
  label: string;
  args: (n: number) => string[];
}
const LOOPS: Loop[] = [
  { label: "getppid", args: (n) => ["getppid", String(n)] },
  { label: "openat ENOENT", args: (n) => ["openat", String(n), MISSING] },
  { label: "openat+close", args: (n) => ["openat", String(n), EXISTING] },
  // port 1 on loopback: nothing listens, so connect fails fast with ECONNREFUSED
  { label: "connect refused", args: (n) => ["connect", String(n), "1"] },
];

interface Tracer {
  key: string;
  label: string;
  tool: string;
  cmd: string[];
  ready: (names: string[]) => boolean;
  /** stdout goes to a tmpfs file whose lines are counted, instead of /dev/null. */
  countLines?: boolean;
  parse: (stderr: string) => { events: number | null; lost: number | null };
  checks: Check[];
}

function parseSwoll(stderr: string) {
  const m = /swoll: (\d+) events, (\d+) lost/.exec(stderr);
  return m ? { events: Number(m[1]), lost: Number(m[2]) } : { events: null, lost: null };
}
function parseBpftrace(stderr: string) {
  // bpftrace writes "Lost N events" into its output (the file), rarely to stderr.
  const sh = (cmd: string[]) => spawnSync(cmd, { timeout: 60_000 }).stdout?.toString() ?? "";
  const lines = Number(sh(["wc", "-l", SHM_OUT]).trim().split(/\s+/)[0]) || 0;
  const lostLines = `${sh(["grep", "-a", "-E", "^Lost [0-9]+ events", SHM_OUT])}\n${stderr}`.match(/Lost \d+ events/g) ?? [];
  const lost = lostLines.reduce((s, l) => s + Number(/\d+/.exec(l)?.[0] ?? 0), 0);
  return { events: lines - lostLines.length, lost };
}

const swoll = (key: string, label: string, args: string[], checks: Check[]): Tracer => ({
  key, label, tool: SWOLL, cmd: [SWOLL, "trace", ...args], parse: parseSwoll, checks,
  ready: (names) => names.includes("swoll_enter") && names.includes("swoll_exit"),
});
const bpftrace = (key: string, label: string, filter: string): Tracer => ({
  key, label, tool: "bpftrace", countLines: true, parse: parseBpftrace, checks: [], ready: (names) => names.length > 0,
  cmd: ["bpftrace", "-e", `tracepoint:raw_syscalls:sys_exit ${filter}{ printf("%d %s %d\\n", pid, comm, args->ret); }`],
});
const TRACERS: Tracer[] = [
  swoll("filtered", "swoll -s execve (filtered out)", ["-s", "execve", "--json"], ["filtered", "rss"]),
  swoll("json", "swoll --json", ["--json"], ["cost", "throughput", "rss"]),
  swoll("text", "swoll text", ["--no-color"], ["rss"]),
  swoll("shared", "swoll --json --ring shared", ["--json", "--ring", "shared"], ["cost", "throughput", "rss"]),
  bpftrace("bpftrace", "bpftrace printf", ""),
  bpftrace("bpftrace-noself", "bpftrace printf (excl. self)", '/comm != "bpftrace"/ '),
];
const tracer = (key: string) => TRACERS.find((t) => t.key === key)!;
const selected = (label: string) => !ONLY || ONLY.test(label);

// ---------- running ----------

const workloadCmd = (cpu: number, args: string[]) => ["taskset", "-c", String(cpu), WORKLOAD, ...args];
const WL_TIMEOUT = MAX_RUN_MS + 60_000;

async function runProducers(cmds: string[][], maxMs: number | null): Promise<Pick<Rep, "ns" | "syscalls">> {
  const outs = await Promise.all(cmds.map((c) => P.runWorkload(c, WL_TIMEOUT, maxMs)));
  return { ns: outs.map((o) => o.nsPerIter / o.syscallsPerIter), syscalls: outs.map((o) => Math.round(o.iterations * o.syscallsPerIter)) };
}

async function traced(t: Tracer, cmds: string[][], maxMs: number | null): Promise<Rep> {
  const outFd = t.countLines ? openSync(SHM_OUT, "w") : "ignore";
  let p: Subprocess<"ignore", "ignore", "pipe"> | null = null;
  try {
    p = P.track(Bun.spawn(t.cmd, { stdin: "ignore", stdout: outFd, stderr: "pipe" }));
    const stderr = P.readWithin(p.stderr, 10 * 60_000);
    try {
      await P.waitAttached(p, t.ready, 60_000);
    } catch (e) {
      await P.stop(p, 5000);
      throw new Error(`${(e as Error).message}: ${(await stderr).trim().slice(0, 300)}`);
    }
    await P.sleep(200);
    const tAttached = performance.now();
    const run = await runProducers(cmds, maxMs);
    const sample = P.sampleProc(p.pid);
    const windowS = (performance.now() - tAttached) / 1000;
    await P.stop(p, 30_000);
    return { ...run, ...t.parse(await stderr), windowS, rssMB: sample?.rssMB ?? null, cpuS: sample?.cpuS ?? null };
  } finally {
    if (p && p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
    if (typeof outFd === "number") closeSync(outFd);
    rmSync(SHM_OUT, { force: true });
  }
}

/** strace runs the workload itself and is sampled from /proc while it runs. */
async function straced(args: string[]): Promise<Rep> {
  let s: ReturnType<typeof P.sampler> | undefined;
  try {
    const cmd = ["strace", "-f", "-o", "/dev/null", ...workloadCmd(0, args)];
    const o = await P.runWorkload(cmd, WL_TIMEOUT, MAX_RUN_MS, (p) => (s = P.sampler(p.pid)));
    const last = s?.last();
    return { ns: [o.nsPerIter / o.syscallsPerIter], syscalls: [o.iterations * o.syscallsPerIter], rssMB: last?.rssMB ?? null, cpuS: last?.cpuS ?? null };
  } finally {
    s?.stop();
  }
}

/**
 * One repetition, repeated (up to twice) when another process had a syscall
 * tracepoint program attached before or after it: that slows every syscall.
 */
async function clean(run: () => Promise<Rep>): Promise<Rep> {
  for (let attempt = 0; ; attempt++) {
    const before = await P.waitNoForeign(20_000);
    const rep = await run();
    const foreign = [...new Set([...before, ...P.foreignSyscallTracers(P.livePids())])];
    if (foreign.length === 0) return rep;
    if (attempt >= 2) return { ...rep, foreign };
    log(`    another syscall tracer is attached (${foreign.join(", ")}): repeating`);
  }
}

async function reps(run: () => Promise<Rep>): Promise<Rep[]> {
  const out: Rep[] = [];
  for (let i = 0; i < REPS; i++) out.push(await clean(run));
  return out;
}

// ---------- main ----------

const rows: Row[] = [];
const warnings: string[] = [];

function finish(row: Row, checks: Check[], isSwoll: boolean): Row {
  applyTargets(row, checks, RATE);
  const where = `${row.scenario} / ${row.loop}`;
  if (isSwoll && (row.lost ?? 0) > 0) warnings.push(`${where}: ${fmtInt(row.lost!)} events lost`);
  if (isSwoll && row.eventsPerS === null && row.lost === null && row.reps.length) warnings.push(`${where}: no "swoll: N events" line on stderr`);
  const dirty = row.reps.filter((r) => r.foreign?.length);
  if (dirty.length) {
    const f = dirty[0]!.foreign!;
    warnings.push(`${where}: ${dirty.length} rep(s) ran while another tracer was attached: ${f.slice(0, 2).join(", ")}${f.length > 2 ? ` and ${f.length - 2} more` : ""}`);
  }
  rows.push(row);
  return row;
}

async function attempt(scenario: string, loop: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    rows.push(naRow(scenario, loop, "error"));
    warnings.push(`${scenario} / ${loop}: ${(e as Error).message}`);
  }
}

function buildWorkload(): void {
  mkdirSync(BUILD, { recursive: true });
  const src = join(BENCH, "workload.c");
  if (!existsSync(WORKLOAD) || statSync(WORKLOAD).mtimeMs < statSync(src).mtimeMs) {
    const r = spawnSync(["cc", "-O2", "-Wall", "-o", WORKLOAD, src], { timeout: 60_000, stderr: "pipe" });
    if (!r.success) throw new Error(`cc failed: ${r.stderr?.toString()}`);
  }
  writeFileSync(EXISTING, "swoll bench\n");
}

const have = (tool: string) => (tool.startsWith("/") ? existsSync(tool) : P.which(tool) !== null);

async function iterationsFor(args: (n: number) => string[]): Promise<{ n: number; pilot: number }> {
  const rs = await reps(() => runProducers([workloadCmd(0, args(500_000))], null));
  const pilot = median(rs.map((r) => (r.ns[0]! * r.syscalls[0]!) / 500_000)); // ns per iteration
  return { n: FIXED_N ?? Math.max(1000, Math.round((SECONDS * 1e9) / pilot)), pilot };
}

async function main(): Promise<void> {
  for (const t of ["cc", "taskset", "bpftool"]) if (!P.which(t)) throw new Error(`${t} is required`);
  if (!existsSync(SWOLL)) throw new Error(`${SWOLL} missing: run bun run build.ts`);
  if (cpus().length < 2) warnings.push("fewer than 2 CPUs: the tracers share CPU 0 with the workload");
  buildWorkload();

  for (const loop of LOOPS) {
    const { n, pilot } = await iterationsFor(loop.args);
    const cmds = [workloadCmd(0, loop.args(n))];
    log(`${loop.label}: N=${fmtInt(n)} (~${((n * pilot) / 1e9).toFixed(1)} s bare)`);
    const bare = finish(makeRow("bare", loop.label, await reps(() => runProducers(cmds, null)), 0, null, false), [], false).nsPerSyscall;
    for (const t of TRACERS.filter((t) => selected(t.label))) {
      if (!have(t.tool)) {
        rows.push(naRow(t.label, loop.label, "n/a (not installed)"));
        continue;
      }
      log(`  ${t.label}`);
      await attempt(t.label, loop.label, async () => {
        finish(makeRow(t.label, loop.label, await reps(() => traced(t, cmds, MAX_RUN_MS)), 0, bare, true), t.checks, t.tool === SWOLL);
      });
    }
    if (!selected("strace -f")) continue;
    if (!have("strace")) rows.push(naRow("strace -f", loop.label, "n/a (not installed)"));
    else {
      log("  strace -f");
      await attempt("strace -f", loop.label, async () => {
        finish(makeRow("strace -f", loop.label, await reps(() => straced(loop.args(n))), 0, bare, true), [], false);
      });
    }
  }

  // Two producers at once, on CPU 0 and CPU 1.
  if (selected("2 producers")) {
    const gp = LOOPS[0]!;
    const { n } = await iterationsFor(gp.args);
    const cmds = [workloadCmd(0, gp.args(n)), workloadCmd(1, gp.args(n))];
    log(`2 producers: N=${fmtInt(n)} each`);
    const bare: (number | null)[] = [null, null];
    for (const t of [null, tracer("json"), tracer("shared")]) {
      const label = `2 producers: ${t ? t.label : "bare"}`;
      await attempt(label, "getppid", async () => {
        const rs = await reps(() => (t ? traced(t, cmds, MAX_RUN_MS) : runProducers(cmds, null)));
        for (const cpu of [0, 1]) {
          const row = makeRow(label, `getppid cpu${cpu}`, rs, cpu, bare[cpu]!, t !== null && cpu === 0);
          if (!t) bare[cpu] = row.nsPerSyscall;
          finish(row, t ? (cpu === 0 ? ["cost", "throughput", "rss"] : ["cost"]) : [], t !== null && cpu === 0);
        }
      });
    }
  }

  // Paced producer: does swoll stream RATE events/s without losing any?
  for (const t of [tracer("json"), tracer("shared")]) {
    const label = `${t.label} @${fmtInt(RATE)}/s`;
    if (!selected(label)) continue;
    log(label);
    await attempt(label, "getppid-rate", async () => {
      const nr = String(Math.round(RATE * RATE_SECONDS));
      const rs = await reps(() => traced(t, [workloadCmd(0, ["getppid-rate", nr, String(RATE)])], null));
      const row = makeRow(label, "getppid-rate", rs, 0, null, true);
      row.note = `producer ran at ${fmtInt(median(rs.map((r) => 1e9 / r.ns[0]!)))}/s`;
      finish(row, ["rate", "rss"], true);
    });
  }
}

/** swoll_* programs still loaded: waits a little for ours to be freed, then warns. */
async function checkLeftovers(): Promise<void> {
  let left = P.leftoverSwollProgs();
  for (let i = 0; i < 50 && left.some((l) => l.holders.length === 0 || l.holders.some((h) => P.startedPids.has(h))); i++) {
    await P.sleep(100);
    left = P.leftoverSwollProgs();
  }
  for (const l of left) {
    const mine = l.holders.filter((h) => P.startedPids.has(h));
    const whose = l.holders.length === 0 ? "no process (pinned?)" : mine.length ? `THIS bench's ${mine.map(P.describePid).join(", ")}` : `another session's ${l.holders.map(P.describePid).join(", ")}`;
    warnings.push(`WARNING: ${l.prog.name} (prog id ${l.prog.id}) is still loaded, held by ${whose}`);
  }
}

for (const sig of ["SIGINT", "SIGTERM"] as const)
  process.on(sig, () => {
    P.killAll();
    rmSync(SHM_OUT, { force: true });
    console.error(`\n${sig}: children killed`);
    process.exit(130);
  });

const started = new Date();
const swollMtimeAtStart = existsSync(SWOLL) ? statSync(SWOLL).mtimeMs : null;
let aborted: string | null = null;
try {
  await main();
} catch (e) {
  aborted = (e as Error).message;
  console.error(`bench aborted: ${aborted}`);
} finally {
  P.killAll();
  rmSync(SHM_OUT, { force: true });
  await checkLeftovers();
}

const swollStat = existsSync(SWOLL) ? statSync(SWOLL) : null;
if (swollStat && swollMtimeAtStart !== null && swollStat.mtimeMs !== swollMtimeAtStart)
  warnings.push(`dist/swoll was rebuilt during the run (now ${swollStat.mtime.toISOString()}): rows may mix two builds`);
console.log(`\nswoll overhead bench: kernel ${readFileSync("/proc/sys/kernel/osrelease", "utf8").trim()}, ${cpus().length} CPUs, ` +
  `median of ${REPS}, workload on CPU 0, dist/swoll built ${swollStat?.mtime.toISOString() ?? "?"}, ${started.toISOString()}\n`);
console.log(formatTable(rows));
if (warnings.length) console.log(`\nnotes:\n${warnings.map((w) => `  - ${w}`).join("\n")}`);
const resultsFile = join(BENCH, "results", "overhead-latest.json");
mkdirSync(join(BENCH, "results"), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify({
  startedAt: started.toISOString(), finishedAt: new Date().toISOString(),
  kernel: readFileSync("/proc/sys/kernel/osrelease", "utf8").trim(), cpus: cpus().length,
  swoll: { path: SWOLL, mtime: swollStat?.mtime.toISOString() ?? null, size: swollStat?.size ?? null },
  options: { seconds: SECONDS, iterations: FIXED_N, reps: REPS, rate: RATE, rateSeconds: RATE_SECONDS, only: flags.only ?? null, maxRunMs: MAX_RUN_MS },
  targets: TARGETS, rows, warnings, aborted,
}, null, 2)}\n`);
console.log(`\nJSON: ${resultsFile}`);
process.exit(0);
