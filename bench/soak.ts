#!/usr/bin/env bun
/**
 * Soak: `swoll trace --json > /dev/null` and `swoll serve` side by side for a
 * while, under a steady syscall load with process and cgroup churn. Samples
 * both processes' resident set, scrapes /metrics like Prometheus, and ends
 * with a verdict: RSS not growing after warm-up and within the limit, series of
 * removed cgroups evicted, nothing left attached. Exits 1 when it fails.
 *
 *   bun bench/soak.ts [--duration 2m] [--rate 175000] [--procs 100] [--cgroups 5]
 *                     [--grace 10s] [--interval 5s] [--warmup D] [--max-rss 150]
 *
 * bench/README.md says how to read the table and the verdict.
 */
import type { Subprocess } from "bun";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cgroup2Mount } from "../cli/containers/cgroupfs";
import { parseDuration } from "../cli/options";
import * as P from "./procs";
import { fmtInt } from "./report";
import { buildWorkload, SWOLL, WORKLOAD, writeResults } from "./workload";

const { values: flags } = parseArgs({
  options: {
    duration: { type: "string", default: "2m" },
    rate: { type: "string", default: "175000" },
    procs: { type: "string", default: "100" },
    cgroups: { type: "string", default: "5" },
    "child-calls": { type: "string", default: "250" },
    grace: { type: "string", default: "10s" },
    interval: { type: "string", default: "5s" },
    warmup: { type: "string" },
    "max-rss": { type: "string", default: "150" },
    margin: { type: "string", default: "5" },
    help: { type: "boolean", short: "h" },
  },
});
if (flags.help) {
  console.log(
    "usage: bun bench/soak.ts [--duration 2m] [--rate 175000] [--procs 100] [--cgroups 5] [--child-calls 250]\n" +
      "                         [--grace 10s] [--interval 5s] [--warmup D (a fifth of --duration, 20s..5m)] [--max-rss 150] [--margin 5]",
  );
  process.exit(0);
}
const DURATION_MS = parseDuration(flags.duration, "--duration");
const RATE = Number(flags.rate);
const PROCS = Number(flags.procs);
const CGROUPS = Number(flags.cgroups);
const CHILD_CALLS = Math.round(Number(flags["child-calls"]));
const GRACE = flags.grace;
const GRACE_MS = parseDuration(GRACE, "--grace");
const INTERVAL_MS = parseDuration(flags.interval, "--interval");
/** Default warm-up: a fifth of the run, between 20 s and 5 min. */
const WARMUP_MS = flags.warmup ? parseDuration(flags.warmup, "--warmup") : Math.min(300_000, Math.max(20_000, DURATION_MS / 5));
const MAX_RSS_MB = Number(flags["max-rss"]);
const MARGIN_MB = Number(flags.margin);
for (const [k, v] of Object.entries({ RATE, PROCS, CGROUPS, CHILD_CALLS, MAX_RSS_MB, MARGIN_MB }))
  if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`bad value for ${k}`);
if (WARMUP_MS >= DURATION_MS * 0.75) throw new Error("--warmup must leave at least a quarter of --duration");
/** serve prunes every min(10 s, max(250 ms, grace/2)) and starts a cgroup's grace at the first prune that misses it. */
const PRUNE_MS = Math.min(10_000, Math.max(250, GRACE_MS / 2));
const EVICT_BY_MS = GRACE_MS + 2 * PRUNE_MS + 2000;
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Scrape {
  series: number;
  syscalls: number;
  lost: number;
  mapEntries: number;
  overflow: number;
  pruned: number;
  /** map rows of this soak's cgroups: still live / removed within EVICT_BY_MS / removed longer ago */
  oursLive: number;
  oursDying: number;
  oursStale: number;
  error?: string;
}

interface Sample {
  t: number;
  phase: "warm-up" | "load" | "tail";
  traceRssMB: number | null;
  serveRssMB: number | null;
  traceHwmMB: number | null;
  serveHwmMB: number | null;
  traceCpuS: number | null;
  serveCpuS: number | null;
  procs: number;
  cgroups: number;
  scrape: Scrape | null;
}

/** This soak's cgroups by id: when created and removed (ms since load start). */
const ours = new Map<string, { created: number; removed: number | null }>();
const seenInMap = new Set<string>();
let progress: Record<string, number> = {};
let done: Record<string, number> | null = null;
let loadStart = 0;
const since = () => performance.now() - loadStart;

function kv(line: string): Record<string, number> {
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
}

function onChurnLine(line: string): void {
  const [kind, rest = ""] = line.split(" ", 2);
  if (kind === "cg+") ours.set(rest, { created: since(), removed: null });
  else if (kind === "cg-") {
    const c = ours.get(rest);
    if (c) c.removed = since();
  } else if (kind === "progress") progress = kv(line);
  else if (kind === "done") done = kv(line);
}

const sumOf = (text: string, name: string) =>
  [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "gm"))].reduce((s, m) => s + Number(m[1]), 0);

async function scrape(base: string): Promise<Scrape> {
  const get = async (path: string) => {
    const r = await fetch(`${base}${path}`, { headers: { "accept-encoding": "gzip" }, signal: AbortSignal.timeout(10_000) });
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return r.text();
  };
  const text = await get("/metrics");
  const rows = JSON.parse(await get("/metrics/cgroups")) as { cgroup: string }[];
  const now = since();
  const s = { oursLive: 0, oursDying: 0, oursStale: 0 };
  for (const r of rows) {
    const c = ours.get(r.cgroup);
    if (!c) continue;
    seenInMap.add(r.cgroup);
    if (c.removed === null) s.oursLive++;
    else if (now - c.removed <= EVICT_BY_MS) s.oursDying++;
    else s.oursStale++;
  }
  return {
    series: text.split("\n").filter((l) => l && !l.startsWith("#")).length,
    syscalls: sumOf(text, "swoll_node_metrics_syscall_count"),
    lost: sumOf(text, "swoll_events_lost_total"),
    mapEntries: sumOf(text, "swoll_metrics_map_entries"),
    overflow: sumOf(text, "swoll_metrics_map_overflow_total"),
    pruned: sumOf(text, "swoll_metrics_pruned_total"),
    ...s,
  };
}

/** Kills whatever is left in the soak's cgroups and removes them, deepest first. */
function removeCgroups(dir: string): string[] {
  const failed: string[] = [];
  if (!existsSync(dir)) return failed;
  try {
    writeFileSync(join(dir, "cgroup.kill"), "1");
  } catch {
    // no cgroup.kill (before 5.14): the churn workload has reaped its children already
  }
  const rm = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) rm(join(d, e.name));
    for (let i = 0; ; i++) {
      try {
        rmdirSync(d);
        return;
      } catch (e) {
        if ((e as { code?: string }).code === "ENOENT") return;
        // a killed task can keep its cgroup busy for a moment
        if (i >= 50) return void failed.push(d);
        Bun.sleepSync(20);
      }
    }
  };
  rm(dir);
  return failed;
}

const fmtMB = (v: number | null) => (v === null ? "-" : v.toFixed(1));

function table(samples: Sample[]): string {
  // at most ~24 rows: every k-th sample, plus the first of each phase and the last
  const k = Math.max(1, Math.ceil(samples.length / 24));
  const pick = samples.filter((s, i) => i % k === 0 || i === samples.length - 1 || s.phase !== samples[i - 1]?.phase);
  const header = ["t", "phase", "trace RSS MB", "serve RSS MB", "/metrics series", "map entries", "map rows of soak cgroups (live/dying/stale)", "serve lost", "procs", "cgroups"];
  const cells = pick.map((s) => [
    `${(s.t / 1000).toFixed(0)}s`, s.phase, fmtMB(s.traceRssMB), fmtMB(s.serveRssMB),
    s.scrape?.error ? "scrape failed" : s.scrape ? fmtInt(s.scrape.series) : "-",
    s.scrape && !s.scrape.error ? fmtInt(s.scrape.mapEntries) : "-",
    s.scrape && !s.scrape.error ? `${s.scrape.oursLive}/${s.scrape.oursDying}/${s.scrape.oursStale}` : "-",
    s.scrape && !s.scrape.error ? fmtInt(s.scrape.lost) : "-",
    fmtInt(s.procs), fmtInt(s.cgroups),
  ]);
  const w = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 1 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join(" | ");
  return [line(header), w.map((n) => "-".repeat(n)).join("-|-"), ...cells.map(line)].join("\n");
}

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * No growth after warm-up, judged on what the process comes back down to, not
 * on its peaks: JavaScriptCore and the allocator hand freed memory back when
 * they choose, so RSS rises in saw-teeth whose period (60-90 s here) is longer
 * than a third of the 2-minute CI load, while the heap after a full collection
 * stays flat (bench/README.md has the measurement). A leak raises the floor of
 * the teeth and what stays after the load stops; a tooth raises neither. So the
 * check passes when the lowest sample of the load's last third, or the last
 * sample after the load, is within the margin of the load's first third.
 */
function noGrowth(name: string, load: number[], afterLoad: number | null): Check {
  if (load.length < 3) return { name, ok: false, detail: `only ${load.length} samples after warm-up (need 3): lengthen --duration or shorten --interval` };
  const third = Math.max(1, Math.floor(load.length / 3));
  const first = Math.max(...load.slice(0, third));
  const floor = Math.min(...load.slice(-third));
  const margin = Math.max(MARGIN_MB, first * 0.05);
  const bound = first + margin;
  const floorOk = floor <= bound;
  const afterOk = afterLoad !== null && afterLoad <= bound;
  return {
    name, ok: floorOk || afterOk,
    detail: `last-third min ${floor.toFixed(1)} MB${floorOk ? "" : " (over)"}, after the load ${afterLoad === null ? "?" : afterLoad.toFixed(1)} MB${afterOk ? "" : " (over)"}, ` +
      `vs first-third max ${first.toFixed(1)} MB + ${margin.toFixed(1)} MB margin (${load.length} samples after warm-up; last-third max ${Math.max(...load.slice(-third)).toFixed(1)} MB)`,
  };
}

const dir = (() => {
  const root = cgroup2Mount();
  if (!root) throw new Error("no cgroup2 mount in /proc/mounts: the soak needs cgroup v2 for its cgroup churn");
  return join(root, `swoll-soak-${process.pid}`);
})();
let cleaned = false;
function cleanup(): string[] {
  if (cleaned) return [];
  cleaned = true;
  P.killAll();
  return removeCgroups(dir);
}
for (const sig of ["SIGINT", "SIGTERM"] as const)
  process.on(sig, () => {
    const left = cleanup();
    console.error(`\n${sig}: children killed, cgroups removed${left.length ? ` except ${left.join(", ")}` : ""}`);
    process.exit(130);
  });

async function main() {
  if (process.getuid?.() !== 0) throw new Error("run as root: swoll loads BPF programs and the soak creates cgroups");
  if (!existsSync(SWOLL)) throw new Error(`${SWOLL} missing: run bun run build.ts`);
  buildWorkload();
  mkdirSync(dir);
  const started = new Date();
  const samples: Sample[] = [];
  const checks: Check[] = [];
  const notes: string[] = [];
  let trace: Subprocess<"ignore", number, "pipe"> | null = null;
  let serve: Subprocess<"ignore", "ignore", "pipe"> | null = null;
  let traceSummary: { events: number; lost: number; line: string } | null = null;
  let rates: Record<string, number | null> = {};
  const devnull = openSync("/dev/null", "w");
  try {
    trace = P.track(Bun.spawn([SWOLL, "trace", "--json"], { stdin: "ignore", stdout: devnull, stderr: "pipe" }));
    serve = P.track(Bun.spawn([SWOLL, "serve", "--listen", "127.0.0.1:0", "--grace", GRACE], { stdin: "ignore", stdout: "ignore", stderr: "pipe" }));
    const traceErr = P.follow(trace.stderr);
    let base = "";
    const serveErr = P.follow(serve.stderr, (l) => {
      const m = /serving (http:\/\/\S+?)\/metrics /.exec(l);
      if (m) base = m[1]!;
    });
    const ready = (names: string[]) => names.includes("swoll_enter") && names.includes("swoll_exit");
    try {
      await Promise.all([P.waitAttached(trace, ready, 60_000), P.waitAttached(serve, ready, 60_000)]);
      for (let i = 0; !base; i++) {
        if (i > 100) throw new Error("serve did not print its address");
        await P.sleep(100);
      }
    } catch (e) {
      throw new Error(`${(e as Error).message}\ntrace: ${traceErr.text().trim().slice(0, 300)}\nserve: ${serveErr.text().trim().slice(0, 300)}`);
    }
    log(`soak: trace pid ${trace.pid}, serve pid ${serve.pid} at ${base}; load for ${DURATION_MS / 1000} s, then ${(EVICT_BY_MS / 1000).toFixed(0)} s without churn`);

    const first = await scrape(base);
    loadStart = performance.now();
    const churn = P.track(Bun.spawn([WORKLOAD, "churn", String(DURATION_MS / 1000), String(RATE), String(PROCS), String(CGROUPS), dir, String(CHILD_CALLS)], { stdin: "ignore", stdout: "pipe", stderr: "pipe" }));
    const churnOut = P.follow(churn.stdout, onChurnLine);
    const churnErr = P.follow(churn.stderr);
    let loadEnd: number | null = null;
    let loadEndScrape: Scrape | null = null;
    const endAt = () => (loadEnd ?? Infinity) + EVICT_BY_MS + INTERVAL_MS;
    for (let tick = 1; ; tick++) {
      const next = loadStart + tick * INTERVAL_MS;
      while (performance.now() < next) {
        if (loadEnd === null && churn.exitCode !== null) loadEnd = since();
        await P.sleep(Math.min(200, Math.max(1, next - performance.now())));
      }
      const t = since();
      if (loadEnd === null && churn.exitCode !== null) loadEnd = t;
      if (loadEnd === null && t > DURATION_MS + 120_000) throw new Error("the churn workload did not stop in time");
      for (const [name, p] of [["trace", trace], ["serve", serve]] as const)
        if (p.exitCode !== null || p.signalCode !== null) throw new Error(`swoll ${name} exited (${p.exitCode ?? p.signalCode}) during the soak`);
      const ts = P.sampleProc(trace.pid);
      const ss = P.sampleProc(serve.pid);
      let sc: Scrape;
      try {
        sc = await scrape(base);
      } catch (e) {
        sc = { series: 0, syscalls: 0, lost: 0, mapEntries: 0, overflow: 0, pruned: 0, oursLive: 0, oursDying: 0, oursStale: 0, error: (e as Error).message };
      }
      if (loadEnd !== null && loadEndScrape === null) loadEndScrape = sc;
      const s: Sample = {
        t, phase: loadEnd !== null ? "tail" : t < WARMUP_MS ? "warm-up" : "load",
        traceRssMB: ts?.rssNowMB ?? null, serveRssMB: ss?.rssNowMB ?? null, traceHwmMB: ts?.rssMB ?? null, serveHwmMB: ss?.rssMB ?? null,
        traceCpuS: ts?.cpuS ?? null, serveCpuS: ss?.cpuS ?? null,
        procs: done?.procs ?? progress.procs ?? 0, cgroups: done?.cgroups ?? progress.cgroups ?? 0, scrape: sc,
      };
      samples.push(s);
      log(`  ${(t / 1000).toFixed(0).padStart(5)}s ${s.phase.padEnd(7)} trace ${fmtMB(s.traceRssMB)} MB, serve ${fmtMB(s.serveRssMB)} MB, ` +
        `${sc.error ? `scrape failed: ${sc.error}` : `${fmtInt(sc.series)} series, ${fmtInt(sc.mapEntries)} map entries, soak cgroup rows ${sc.oursLive}/${sc.oursDying}/${sc.oursStale}`}, ${fmtInt(s.procs)} procs`);
      if (t >= endAt()) break;
    }
    await churnOut.done;
    if (churn.exitCode !== 0) notes.push(`churn workload exited ${churn.exitCode}: ${churnErr.text().trim().slice(0, 300)}`);

    // What the load reached.
    const loadS = (loadEnd ?? since()) / 1000;
    const endSc = loadEndScrape && !loadEndScrape.error ? loadEndScrape : null;
    rates = {
      targetPerS: RATE + PROCS * CHILD_CALLS,
      generatorPerS: done ? (done.calls! + done.reaped! * CHILD_CALLS) / (done.elapsed_ns! / 1e9) : null,
      seenByServePerS: endSc && !first.error ? (endSc.syscalls - first.syscalls) / loadS : null,
      procsPerS: done ? done.procs! / (done.elapsed_ns! / 1e9) : null,
      cgroupsPerS: done ? done.cgroups! / (done.elapsed_ns! / 1e9) : null,
    };

    const stopT = performance.now();
    const traceWindowS = (stopT - loadStart) / 1000;
    await Promise.all([P.stop(trace, 30_000), P.stop(serve, 30_000)]);
    await Promise.all([traceErr.done, serveErr.done]);
    const m = /swoll: (\d+) events, (\d+) lost[^\n]*/.exec(traceErr.text());
    traceSummary = m ? { events: Number(m[1]), lost: Number(m[2]), line: m[0] } : null;
    rates.tracePerS = traceSummary ? traceSummary.events / traceWindowS : null;

    // Verdict.
    const after = samples.filter((s) => s.phase === "load");
    for (const [name, key] of [["trace", "traceRssMB"], ["serve", "serveRssMB"]] as const) {
      const tailEnd = [...samples].reverse().find((s) => s.phase === "tail" && s[key] !== null)?.[key] ?? null;
      checks.push(noGrowth(`${name} RSS not growing after warm-up`, after.map((s) => s[key]).filter((v): v is number => v !== null), tailEnd));
      const peak = Math.max(0, ...samples.map((s) => s[key] ?? 0));
      const hwm = Math.max(0, ...samples.map((s) => s[key === "traceRssMB" ? "traceHwmMB" : "serveHwmMB"] ?? 0));
      checks.push({ name: `${name} RSS <= ${MAX_RSS_MB} MB`, ok: peak <= MAX_RSS_MB && hwm <= MAX_RSS_MB, detail: `max sampled ${peak.toFixed(1)} MB, peak (VmHWM) ${hwm.toFixed(1)} MB` });
    }
    const stale = Math.max(0, ...samples.map((s) => s.scrape?.oursStale ?? 0));
    const last = samples[samples.length - 1]?.scrape;
    const removed = [...ours.values()].filter((c) => c.removed !== null).length;
    const failedScrapes = samples.filter((s) => s.scrape?.error).length;
    checks.push({
      name: "series of removed cgroups evicted",
      ok: stale === 0 && seenInMap.size > 0 && !!last && !last.error && last.oursLive + last.oursDying + last.oursStale === 0 && (last.pruned ?? 0) > 0,
      detail: `${fmtInt(ours.size)} cgroups made, ${fmtInt(removed)} removed, ${fmtInt(seenInMap.size)} seen in the map; ` +
        `most rows of cgroups removed over ${(EVICT_BY_MS / 1000).toFixed(0)} s before a scrape: ${stale}; ` +
        `rows of soak cgroups at the end: ${last && !last.error ? last.oursLive + last.oursDying + last.oursStale : "?"}; swoll_metrics_pruned_total ${fmtInt(last?.pruned ?? 0)}`,
    });
    checks.push({ name: "/metrics answered every scrape", ok: failedScrapes === 0, detail: `${failedScrapes} of ${samples.length} scrapes failed` });
    checks.push({ name: "trace printed its summary", ok: traceSummary !== null, detail: traceSummary?.line ?? `stderr: ${traceErr.text().trim().slice(-300)}` });
    // serve's RSS follows the number of live series: say so when other activity added many during the load
    const judged = after.map((s) => s.scrape).filter((x): x is Scrape => !!x && !x.error);
    if (judged.length > 1 && judged[judged.length - 1]!.series > judged[0]!.series * 1.1)
      notes.push(`/metrics series grew from ${fmtInt(judged[0]!.series)} to ${fmtInt(judged[judged.length - 1]!.series)} during the judged load (new syscall/errno pairs or label sets on the machine): serve's RSS grows with them`);
    if ((last?.overflow ?? 0) > 0) notes.push(`kernel map overflowed ${fmtInt(last!.overflow)} times: raise --max-series or lower --cgroups/--grace`);
  } finally {
    const left = cleanup();
    closeSync(devnull);
    if (left.length) checks.push({ name: "cgroups removed", ok: false, detail: `still there: ${left.join(", ")}` });
    // nothing of ours may stay attached
    let held: string[] = [];
    for (let i = 0; i < 50; i++) {
      held = P.leftoverSwollProgs().filter((l) => l.holders.length === 0 || l.holders.some((h) => P.startedPids.has(h))).map((l) => `${l.prog.name} (id ${l.prog.id})`);
      if (held.length === 0) break;
      await P.sleep(100);
    }
    checks.push({ name: "nothing left attached", ok: held.length === 0, detail: held.length ? `still loaded: ${held.join(", ")}` : "no swoll_* program of this soak is loaded" });
  }

  const ok = checks.every((c) => c.ok);
  const loadRows = samples.filter((s) => s.phase !== "warm-up");
  const lastSc = [...samples].reverse().find((s) => s.scrape && !s.scrape.error)?.scrape;
  console.log(`\nswoll soak: ${(DURATION_MS / 1000).toFixed(0)} s of load (warm-up ${(WARMUP_MS / 1000).toFixed(0)} s), kernel ${(await Bun.file("/proc/sys/kernel/osrelease").text()).trim()}, ` +
    `${cpus().length} CPUs, dist/swoll built ${statSync(SWOLL).mtime.toISOString()}, ${started.toISOString()}\n`);
  console.log(table(samples));
  const r = (v: number | null | undefined) => (v == null ? "?" : fmtInt(v));
  console.log(`\nload: target ${r(rates.targetPerS)} syscalls/s; generator made ${r(rates.generatorPerS)}/s; serve counted ${r(rates.seenByServePerS)}/s on the whole machine; ` +
    `trace streamed ${r(rates.tracePerS)} events/s (whole run incl. tail)`);
  console.log(`churn: ${r(done?.procs)} processes (${r(rates.procsPerS)}/s), ${r(done?.cgroups)} cgroups (${r(rates.cgroupsPerS)}/s), each process moved into one`);
  console.log(`lost: trace ${traceSummary ? fmtInt(traceSummary.lost) : "?"} (${traceSummary?.line ?? "no summary"}); serve ${r(lastSc?.lost)} (swoll_events_lost_total)`);
  if (loadRows.length === 0) notes.push("no sample after warm-up");
  for (const n of notes) console.log(`note: ${n}`);
  console.log("\nverdict:");
  for (const c of checks) console.log(`  ${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
  console.log(`soak ${ok ? "PASSED" : "FAILED"}`);
  const file = writeResults("soak-latest.json", {
    startedAt: started.toISOString(), finishedAt: new Date().toISOString(),
    kernel: (await Bun.file("/proc/sys/kernel/osrelease").text()).trim(), cpus: cpus().length,
    swoll: { path: SWOLL, mtime: statSync(SWOLL).mtime.toISOString() },
    options: { durationMs: DURATION_MS, rate: RATE, procs: PROCS, cgroups: CGROUPS, childCalls: CHILD_CALLS, graceMs: GRACE_MS, intervalMs: INTERVAL_MS, warmupMs: WARMUP_MS, maxRssMB: MAX_RSS_MB, marginMB: MARGIN_MB, evictByMs: EVICT_BY_MS },
    rates, churn: done, trace: traceSummary, verdict: { ok, checks }, notes, samples,
  });
  console.log(`JSON: ${file}`);
  return ok;
}

let ok = false;
try {
  ok = await main();
} catch (e) {
  console.error(`soak aborted: ${(e as Error).message}`);
} finally {
  const left = cleanup();
  if (left.length) console.error(`soak: could not remove ${left.join(", ")}`);
}
process.exit(ok ? 0 : 1);
