/**
 * Running tracers (bench/tracers.ts) around bench/workload.c, shared by
 * bench/overhead.ts and bench/compare.ts: one repetition of a scenario,
 * repeating those that overlapped a foreign tracer, and the rows they make.
 */
import type { Subprocess } from "bun";
import { closeSync, existsSync, openSync, rmSync, statSync, type Stats } from "node:fs";
import * as P from "./procs";
import { applyTargets, type Check, fmtInt, makeRow, median, naRow, type Rep, type Row } from "./report";
import { GETPPID, type Loop, type Tracer } from "./tracers";
import { SWOLL, workloadCmd } from "./workload";

// ---------- running ----------

export interface RunnerOptions {
  /** Size N so that one bare run of a loop takes about this long. */
  seconds: number;
  /** Fixed N instead. */
  iterations: number | null;
  reps: number;
  /** How long to wait for foreign syscall tracers to go before a repetition. */
  foreignWaitMs: number;
  /** Repeats of a repetition that overlapped a foreign tracer. */
  maxRepeats: number;
}

export const have = (tool: string): boolean => (tool.startsWith("/") ? existsSync(tool) : P.which(tool) !== null);
export const log = (s: string): void => void process.stderr.write(`${s}\n`);

export class Runner {
  readonly rows: Row[] = [];
  readonly warnings: string[] = [];
  /** A traced run stops early after this long (the workload reports the iterations it did). */
  readonly maxRunMs: number;
  private readonly wlTimeoutMs: number;
  private readonly out = `/dev/shm/swoll-bench-${process.pid}.out`;

  constructor(readonly o: RunnerOptions) {
    this.maxRunMs = (2 * o.seconds + 1) * 1000;
    this.wlTimeoutMs = this.maxRunMs + 60_000;
  }

  async runProducers(cmds: string[][], maxMs: number | null): Promise<Pick<Rep, "ns" | "syscalls">> {
    const outs = await Promise.all(cmds.map((c) => P.runWorkload(c, this.wlTimeoutMs, maxMs)));
    return { ns: outs.map((o) => o.nsPerIter / o.syscallsPerIter), syscalls: outs.map((o) => Math.round(o.iterations * o.syscallsPerIter)) };
  }

  /** One repetition of a tracer beside the producers. */
  async beside(t: Tracer, cmds: string[][], maxMs: number | null): Promise<Rep> {
    const outFd = t.keepStdout ? openSync(this.out, "w") : "ignore";
    let p: Subprocess<"ignore", "ignore", "pipe"> | null = null;
    try {
      p = P.track(Bun.spawn(t.cmd!, { stdin: "ignore", stdout: outFd, stderr: "pipe" }));
      const stderr = P.follow(p.stderr);
      try {
        await P.waitAttached(p, t.ready!, 60_000);
      } catch (e) {
        await P.stop(p, 5000);
        throw new Error(`${(e as Error).message}: ${stderr.text().trim().slice(0, 300)}`);
      }
      // the window starts at "attached" (what the tracer counts from), or at the first read of its counters
      let tStart = performance.now();
      await P.sleep(200);
      const before = t.counters ? await t.counters(stderr.text) : null;
      // a tracer still starting up (serve's first scrape, a runtime's JIT) shares the CPUs with
      // the loop: wait until it is idle, so that the row shows what it costs per call
      if (before) tStart = (await settle(p.pid)) ?? performance.now();
      const run = await this.runProducers(cmds, maxMs);
      const sample = P.sampleProc(p.pid);
      const after = t.counters ? await t.counters(stderr.text) : null;
      const windowS = (performance.now() - tStart) / 1000;
      await P.stop(p, 30_000);
      await Promise.race([stderr.done, P.sleep(10_000)]);
      const counts = before && after ? { events: after.events - before.events, lost: after.lost - before.lost } : t.parse(this.out, stderr.text());
      return { ...run, ...counts, windowS, rssMB: sample?.rssMB ?? null, cpuS: sample?.cpuS ?? null };
    } finally {
      if (p && p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
      if (typeof outFd === "number") closeSync(outFd);
      rmSync(this.out, { force: true });
    }
  }

  /** One repetition of a tracer that runs the workload (on CPU 0) itself, sampled from /proc while it runs. */
  async around(t: Tracer, args: string[]): Promise<Rep> {
    let s: ReturnType<typeof P.sampler> | undefined;
    try {
      const t0 = performance.now();
      const o = await P.runWorkload([...t.wrap!(this.out), ...workloadCmd(0, args)], this.wlTimeoutMs, this.maxRunMs, (p) => (s = P.sampler(p.pid)));
      const windowS = (performance.now() - t0) / 1000;
      const last = s?.last();
      return { ns: [o.nsPerIter / o.syscallsPerIter], syscalls: [o.iterations * o.syscallsPerIter], ...t.parse(this.out, ""), windowS, rssMB: last?.rssMB ?? null, cpuS: last?.cpuS ?? null };
    } finally {
      s?.stop();
      rmSync(this.out, { force: true });
    }
  }

  /**
   * One repetition, repeated (up to maxRepeats times) when another process
   * had a syscall tracepoint program attached before or after it: that
   * slows every syscall.
   */
  async clean(run: () => Promise<Rep>): Promise<Rep> {
    for (let attempt = 0; ; attempt++) {
      const before = await P.waitNoForeign(this.o.foreignWaitMs);
      const rep = await run();
      const foreign = [...new Set([...before, ...P.foreignSyscallTracers(P.livePids())])];
      if (foreign.length === 0) return rep;
      if (attempt >= this.o.maxRepeats) return { ...rep, foreign };
      log(`    another syscall tracer is attached (${foreign.join(", ")}): repeating`);
    }
  }

  async reps(run: () => Promise<Rep>): Promise<Rep[]> {
    const out: Rep[] = [];
    for (let i = 0; i < this.o.reps; i++) out.push(await this.clean(run));
    return out;
  }

  finish(row: Row, checks: Check[], isSwoll: boolean, rate = 0): Row {
    applyTargets(row, checks, rate);
    const where = `${row.scenario} / ${row.loop}`;
    if (isSwoll && (row.lost ?? 0) > 0) this.warnings.push(`${where}: ${fmtInt(row.lost!)} events lost`);
    if (isSwoll && row.eventsPerS === null && row.lost === null && row.reps.length) this.warnings.push(`${where}: no event count from swoll`);
    const dirty = row.reps.filter((r) => r.foreign?.length);
    if (dirty.length) {
      const f = dirty[0]!.foreign!;
      this.warnings.push(`${where}: ${dirty.length} rep(s) ran while another tracer was attached: ${f.slice(0, 2).join(", ")}${f.length > 2 ? ` and ${f.length - 2} more` : ""}`);
    }
    this.rows.push(row);
    return row;
  }

  async attempt(scenario: string, loop: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (e) {
      this.rows.push(naRow(scenario, loop, "error"));
      this.warnings.push(`${scenario} / ${loop}: ${(e as Error).message}`);
    }
  }

  /** N for a loop: from a pilot run of 500,000 iterations, unless fixed. */
  async iterationsFor(args: (n: number) => string[]): Promise<{ n: number; pilot: number }> {
    const rs = await this.reps(() => this.runProducers([workloadCmd(0, args(500_000))], null));
    const pilot = median(rs.map((r) => (r.ns[0]! * r.syscalls[0]!) / 500_000)); // ns per iteration
    return { n: this.o.iterations ?? Math.max(1000, Math.round((this.o.seconds * 1e9) / pilot)), pilot };
  }

  /** The bare row, then one row per tracer, for one loop on CPU 0. */
  async loop(loop: Loop, tracers: Tracer[]): Promise<void> {
    const { n, pilot } = await this.iterationsFor(loop.args);
    const cmds = [workloadCmd(0, loop.args(n))];
    log(`${loop.label}: N=${fmtInt(n)} (~${((n * pilot) / 1e9).toFixed(1)} s bare)`);
    const bare = this.finish(makeRow("bare", loop.label, await this.reps(() => this.runProducers(cmds, null)), 0, null, false), [], false).nsPerSyscall;
    for (const t of tracers) {
      if (!have(t.tool)) {
        this.rows.push(naRow(t.label, loop.label, "n/a (not installed)"));
        continue;
      }
      log(`  ${t.label}`);
      await this.attempt(t.label, loop.label, async () => {
        const rs = await this.reps(() => (t.wrap ? this.around(t, loop.args(n)) : this.beside(t, cmds, this.maxRunMs)));
        this.finish(makeRow(t.label, loop.label, rs, 0, bare, true), t.checks, t.isSwoll && !t.noCounts);
      });
    }
  }

  /** Two getppid producers at once, on CPU 0 and CPU 1: bare, then each tracer (beside them). */
  async twoProducers(tracers: Tracer[]): Promise<void> {
    const { n } = await this.iterationsFor(GETPPID.args);
    const cmds = [workloadCmd(0, GETPPID.args(n)), workloadCmd(1, GETPPID.args(n))];
    log(`2 producers: N=${fmtInt(n)} each`);
    const bare: (number | null)[] = [null, null];
    for (const t of [null, ...tracers]) {
      const label = `2 producers: ${t ? t.label : "bare"}`;
      if (t && (!have(t.tool) || t.wrap)) {
        this.rows.push(naRow(label, "getppid", t.wrap ? "n/a (runs one workload)" : "n/a (not installed)"));
        continue;
      }
      log(`  ${label}`);
      await this.attempt(label, "getppid", async () => {
        const rs = await this.reps(() => (t ? this.beside(t, cmds, this.maxRunMs) : this.runProducers(cmds, null)));
        for (const cpu of [0, 1]) {
          const row = makeRow(label, `getppid cpu${cpu}`, rs, cpu, bare[cpu]!, t !== null && cpu === 0);
          if (!t) bare[cpu] = row.nsPerSyscall;
          // the tracer's own numbers go on the cpu0 row; cpu1 only says what it cost that producer
          const checks = t ? (cpu === 0 ? t.checks : t.checks.filter((c) => c === "cost" || c === "filtered")) : [];
          this.finish(row, checks, t !== null && t.isSwoll && !t.noCounts && cpu === 0);
        }
      });
    }
  }

  /** Kills every child and removes the tmpfs file (finally blocks and signal handlers). */
  killAll(): void {
    P.killAll();
    rmSync(this.out, { force: true });
  }

  /** swoll_* programs still loaded: waits a little for ours to be freed, then warns. */
  async checkLeftovers(): Promise<void> {
    let left = P.leftoverSwollProgs();
    for (let i = 0; i < 50 && left.some((l) => l.holders.length === 0 || l.holders.some((h) => P.startedPids.has(h))); i++) {
      await P.sleep(100);
      left = P.leftoverSwollProgs();
    }
    for (const l of left) {
      const mine = l.holders.filter((h) => P.startedPids.has(h));
      const whose = l.holders.length === 0 ? "no process (pinned?)" : mine.length ? `THIS bench's ${mine.map(P.describePid).join(", ")}` : `another session's ${l.holders.map(P.describePid).join(", ")}`;
      this.warnings.push(`WARNING: ${l.prog.name} (prog id ${l.prog.id}) is still loaded, held by ${whose}`);
    }
  }
}

export interface GuardedRun {
  started: Date;
  /** Why main() stopped early, or null. */
  aborted: string | null;
  /** dist/swoll as it is after the run (null: missing). */
  swollStat: Stats | null;
}

/**
 * Runs a bench's main(): children are killed on SIGINT/SIGTERM, on error
 * and at the end, leftovers are checked, and a dist/swoll rebuilt during
 * the run is reported in the runner's warnings.
 */
export async function runGuarded(runner: Runner, main: () => Promise<void>, name: string): Promise<GuardedRun> {
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.on(sig, () => {
      runner.killAll();
      console.error(`\n${sig}: children killed`);
      process.exit(130);
    });
  const started = new Date();
  const mtimeAtStart = existsSync(SWOLL) ? statSync(SWOLL).mtimeMs : null;
  let aborted: string | null = null;
  try {
    await main();
  } catch (e) {
    aborted = (e as Error).message;
    console.error(`${name} aborted: ${aborted}`);
  } finally {
    runner.killAll();
    await runner.checkLeftovers();
  }
  const swollStat = existsSync(SWOLL) ? statSync(SWOLL) : null;
  if (swollStat && mtimeAtStart !== null && swollStat.mtimeMs !== mtimeAtStart)
    runner.warnings.push(`dist/swoll was rebuilt during the run (now ${swollStat.mtime.toISOString()}): rows may mix two builds`);
  return { started, aborted, swollStat };
}

/** Waits (at most 3 s) until `pid` used under 10 ms of CPU in the last 200 ms; when it did, that moment. */
async function settle(pid: number): Promise<number | null> {
  const end = performance.now() + 3000;
  let last = P.sampleProc(pid)?.cpuS;
  while (last !== undefined && performance.now() < end) {
    await P.sleep(200);
    const now = P.sampleProc(pid)?.cpuS;
    if (now === undefined) return null;
    if (now - last < 0.01) return performance.now();
    last = now;
  }
  return null;
}
