#!/usr/bin/env bun
/**
 * Attacker soak: `swoll serve` in a cgroup of its own with the DaemonSet's
 * memory limit, while an unprivileged user (nobody) floods it with syscall
 * numbers no kernel has and a fork/exec storm, Prometheus scrapes
 * /metrics every second, a kubelet asks /healthz ten times a second, and
 * a "container" (a cgroup this bench makes) does known work. Reports
 * series count, /metrics size, scrape time p99, /healthz p99, RSS and the
 * cgroup's memory (BPF maps included), and the container's count in
 * /metrics against the truth. Exits 1 when a check fails.
 *
 *   bun bench/attack.ts [--duration 10m] [--swoll dist/swoll] [--memory-max 512M]
 *                       [--max-rss 150] [--healthz-p99 100] [--label now] [--attacker-nice 10]
 *
 * bench/README.md says how to read it and has the baseline.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cgroup2Mount } from "../cli/containers/cgroupfs";
import { parseDuration } from "../cli/options";
import * as P from "./procs";
import { BUILD, SWOLL, writeResults } from "./workload";

const { values: flags } = parseArgs({
  options: {
    duration: { type: "string", default: "10m" },
    swoll: { type: "string", default: SWOLL },
    "memory-max": { type: "string", default: "512M" },
    "max-rss": { type: "string", default: "150" },
    "healthz-p99": { type: "string", default: "100" },
    label: { type: "string", default: "now" },
    "attacker-nice": { type: "string", default: "10" },
    help: { type: "boolean", short: "h" },
  },
});
if (flags.help) {
  console.log("usage: bun bench/attack.ts [--duration 10m] [--swoll dist/swoll] [--memory-max 512M] [--max-rss 150] [--healthz-p99 100] [--label now] [--attacker-nice 10]");
  process.exit(0);
}
const DURATION_MS = parseDuration(flags.duration, "--duration");
const MAX_RSS_MB = Number(flags["max-rss"]);
const HEALTHZ_P99_MS = Number(flags["healthz-p99"]);
const ATTACKER_NICE = Number(flags["attacker-nice"]);
const log = (s: string) => process.stderr.write(`attack: ${s}\n`);

const CG_ROOT = cgroup2Mount();
if (!CG_ROOT) throw new Error("no cgroup2 mount");
const tag = `swoll-attack-${process.pid}`;
const agentCg = join(CG_ROOT, `${tag}-agent`);
const victimCg = join(CG_ROOT, `${tag}-victim`);
const attackerCg = join(CG_ROOT, `${tag}-attacker`);
const WL = `/tmp/${tag}-wl`; // nobody must be able to run it
/** cgroup v1 memory controller, when v2 has none (a hybrid hierarchy). */
const memV1 = join("/sys/fs/cgroup/memory", tag);

/** The agent's memory accounting: v2 files in its own cgroup, else a v1 memory cgroup it joins too. */
interface MemFiles {
  limit: string;
  peak: string;
  current: string;
  oom: () => number | null;
}

function limitMemory(limit: string): MemFiles | null {
  try {
    writeFileSync(join(agentCg, "memory.max"), limit);
    return {
      limit: join(agentCg, "memory.max"),
      peak: join(agentCg, "memory.peak"),
      current: join(agentCg, "memory.current"),
      oom: () => Number(/oom_kill (\d+)/.exec(readFileSync(join(agentCg, "memory.events"), "utf8"))?.[1] ?? NaN),
    };
  } catch {}
  try {
    if (!existsSync("/sys/fs/cgroup/memory/cgroup.procs")) return null;
    mkdirSync(memV1);
    writeFileSync(join(memV1, "memory.limit_in_bytes"), limit);
    return {
      limit: join(memV1, "memory.limit_in_bytes"),
      peak: join(memV1, "memory.max_usage_in_bytes"),
      current: join(memV1, "memory.usage_in_bytes"),
      oom: () => Number(/oom_kill (\d+)/.exec(readFileSync(join(memV1, "memory.oom_control"), "utf8"))?.[1] ?? NaN),
    };
  } catch (e) {
    log(`no memory limit on the agent (${(e as Error).message}); RSS is still measured`);
    return null;
  }
}

function cleanup(): void {
  P.killAll();
  for (const cg of [victimCg, attackerCg, agentCg, memV1]) {
    for (let i = 0; i < 50 && existsSync(cg); i++) {
      try {
        rmdirSync(cg);
      } catch {
        Bun.sleepSync(50);
      }
    }
  }
  try {
    Bun.spawnSync(["rm", "-f", WL]);
  } catch {}
}
process.on("SIGINT", () => (cleanup(), process.exit(130)));
process.on("SIGTERM", () => (cleanup(), process.exit(143)));

function buildFixture(): void {
  mkdirSync(BUILD, { recursive: true });
  const out = join(BUILD, "attack-wl");
  const src = join(import.meta.dir, "..", "test", "fixtures", "workload.c");
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) {
    const r = Bun.spawnSync(["cc", "-O2", "-pthread", "-o", out, src], { stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`cc: ${r.stderr}`);
  }
  copyFileSync(out, WL);
  chmodSync(WL, 0o755);
}

/** Spawn argv inside a cgroup (and a v1 memory cgroup), optionally as nobody. */
function spawnIn(cg: string, argv: string[], asNobody: boolean, memCg = "") {
  // a tenant's pod has its CPU share and the agent its own: on a small shared machine nice stands in for that
  const drop = asNobody ? ["nice", "-n", String(ATTACKER_NICE), "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
  const script = `echo $$ > "$1/cgroup.procs" && { [ -z "$2" ] || echo $$ > "$2/cgroup.procs"; } && shift 2 && exec "$@"`;
  return P.track(Bun.spawn(["sh", "-c", script, "sh", cg, memCg, ...drop, ...argv], { stdout: "ignore", stderr: "pipe" }));
}

const pct = (xs: number[], q: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const mb = (bytes: number) => bytes / (1 << 20);
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");

function readNum(path: string): number | null {
  try {
    return Number(readFileSync(path, "utf8").trim().split(/\s/)[0]);
  } catch {
    return null;
  }
}

/** Bytes the kernel charges for the agent's BPF maps, from its fds' fdinfo (memlock). */
function bpfMapBytes(pid: number): { total: number; maps: number } {
  let total = 0;
  let maps = 0;
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fdinfo`);
  } catch {
    return { total: NaN, maps: 0 };
  }
  for (const fd of fds) {
    let info: string;
    try {
      info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8");
    } catch {
      continue;
    }
    if (!/^map_type:/m.test(info)) continue;
    maps++;
    total += Number(/^memlock:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  }
  return { total, maps };
}

const sample = (text: string, name: string) => [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "gm"))].reduce((s, m) => s + Number(m[1]), 0);

async function main(): Promise<number> {
  buildFixture();
  for (const cg of [agentCg, victimCg, attackerCg]) mkdirSync(cg);
  const mem = limitMemory(flags["memory-max"]!);
  const victimId = statSync(victimCg, { bigint: true }).ino;

  // the agent
  const serve = spawnIn(agentCg, [flags.swoll!, "serve", "--listen", "127.0.0.1:0", "--grace", "10s"], false, mem?.limit.startsWith(memV1) ? memV1 : "");
  const errText = P.follow(serve.stderr);
  const until = Date.now() + 60_000;
  let port = 0;
  while (!port) {
    const m = /serving http:\/\/127\.0\.0\.1:(\d+)\//.exec(errText.text());
    if (m) port = Number(m[1]);
    else if (serve.exitCode !== null || Date.now() > until) throw new Error(`serve did not start: ${errText.text()}`);
    else await P.sleep(50);
  }
  const base = `http://127.0.0.1:${port}`;
  const servePid = Number(readFileSync(join(agentCg, "cgroup.procs"), "utf8").trim().split("\n")[0]);
  log(`serve pid ${servePid} on ${base}; ${fmt(DURATION_MS / 1000, 0)} s of attack`);

  // the attackers, as nobody: new invalid numbers forever, a fork storm, an exec storm
  const attackers = [
    spawnIn(attackerCg, ["sh", "-c", `i=2000; while :; do ${WL} invalid 200000 $i; i=$((i + 200000)); done`], true),
    spawnIn(attackerCg, ["sh", "-c", `while :; do ${WL} churn 2000 5; done`], true),
    spawnIn(attackerCg, ["sh", "-c", "while :; do /bin/true; done"], true),
  ];

  const scrapeMs: number[] = [];
  const healthMs: number[] = [];
  const rssMB: number[] = [];
  let maxSeries = 0;
  let maxBody = 0;
  let maxGzip = 0;
  let scrapeErrors = 0;
  let healthErrors = 0;
  let last = "";
  let truth = 0;
  let stop = false;
  const t0 = performance.now();

  const scraper = (async () => {
    while (!stop) {
      const s = performance.now();
      try {
        const r = await fetch(`${base}/metrics`, { headers: { "accept-encoding": "gzip" }, signal: AbortSignal.timeout(30_000) });
        const buf = new Uint8Array(await r.arrayBuffer());
        // fetch inflates gzip itself: measure the wire size from the header when present
        const text = new TextDecoder().decode(buf);
        scrapeMs.push(performance.now() - s);
        if (r.status !== 200) scrapeErrors++;
        else {
          last = text;
          maxBody = Math.max(maxBody, buf.byteLength);
          maxGzip = Math.max(maxGzip, Bun.gzipSync(buf).byteLength);
          maxSeries = Math.max(maxSeries, (text.match(/^swoll_node_metrics_syscall_count\{/gm) ?? []).length);
        }
      } catch {
        scrapeErrors++;
      }
      await P.sleep(Math.max(0, 1000 - (performance.now() - s)));
    }
  })();
  const worker = new Worker(new URL("./healthz-worker.ts", import.meta.url).href);
  const prober = new Promise<void>((resolve) => {
    worker.onmessage = (e: MessageEvent<number[]>) => {
      for (const ms of e.data) {
        healthMs.push(Math.abs(ms));
        if (ms < 0) healthErrors++;
      }
      resolve();
    };
  });
  worker.postMessage({ base });
  // the container's known work: 10,000 getppid calls every 2 s
  const victim = (async () => {
    while (!stop) {
      const p = spawnIn(victimCg, [WL, "getppid", "10000"], false);
      if ((await p.exited) === 0) truth += 10_000;
      await P.sleep(2000);
    }
  })();
  let nextReport = 30_000;
  let mapPeak = 0;
  // the machine's 1-minute load: on a shared machine it, not swoll, can set the latencies
  const loads: number[] = [];
  let diedAt: number | null = null;
  while (performance.now() - t0 < DURATION_MS) {
    const s = P.sampleProc(servePid);
    if (s) rssMB.push(s.rssNowMB);
    loads.push(Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]));
    if (serve.exitCode !== null || serve.signalCode) diedAt ??= (performance.now() - t0) / 1000;
    else mapPeak = Math.max(mapPeak, bpfMapBytes(servePid).total || 0);
    if (performance.now() - t0 > nextReport) {
      log(`${fmt((performance.now() - t0) / 1000, 0)} s: series ${maxSeries}, scrape p99 ${fmt(pct(scrapeMs, 0.99), 0)} ms, RSS ${fmt(s?.rssNowMB ?? NaN)} MB`);
      nextReport += 30_000;
    }
    await P.sleep(1000);
  }
  stop = true;
  worker.postMessage("stop");
  for (const a of attackers) a.kill("SIGKILL");
  await Promise.all([scraper, prober, victim]);
  worker.terminate();
  for (const a of attackers) await a.exited;

  // the container's calls, as /metrics/cgroups attributes them
  let counted = 0;
  const deadline = Date.now() + 10_000;
  do {
    try {
      const rows = (await (await fetch(`${base}/metrics/cgroups?id=${victimId}`)).json()) as { syscall: string; err: string; count: number }[];
      counted = rows.filter((r) => r.syscall === "sys_getppid" && r.err === "OK").reduce((n, r) => n + r.count, 0);
    } catch {}
    if (counted >= truth) break;
    await P.sleep(200);
  } while (Date.now() < deadline);
  const maps = bpfMapBytes(servePid);
  if (!Number.isFinite(maps.total)) maps.total = mapPeak;
  const memPeak = mem ? readNum(mem.peak) : null;
  const memNow = mem ? readNum(mem.current) : null;
  const oomKills = mem?.oom() ?? null;
  const lost = sample(last, "swoll_events_lost_total");
  const folded = Object.fromEntries([...last.matchAll(/^swoll_metrics_folded_total\{reason="(\w+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
  const entries = sample(last, "swoll_metrics_map_entries");
  await P.stop(serve, 5000);

  const exitNote = diedAt === null ? null : `serve exited (${serve.signalCode ?? `code ${serve.exitCode}`}) after ${fmt(diedAt, 0)} s`;
  const result = {
    exitNote,
    label: flags.label,
    swoll: flags.swoll,
    durationS: DURATION_MS / 1000,
    cpus: navigator.hardwareConcurrency,
    loadAvgMean: loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length),
    series: maxSeries,
    mapEntries: entries,
    metricsMB: mb(maxBody),
    metricsGzipMB: mb(maxGzip),
    scrapes: scrapeMs.length,
    scrapeErrors,
    scrapeP99Ms: pct(scrapeMs, 0.99),
    healthz: healthMs.length,
    healthErrors,
    healthP50Ms: pct(healthMs, 0.5),
    healthP99Ms: pct(healthMs, 0.99),
    rssMinMB: Math.min(...rssMB),
    rssMaxMB: Math.max(...rssMB),
    bpfMapMB: mb(Math.max(mapPeak, maps.total || 0)),
    bpfMaps: maps.maps,
    cgroupPeakMB: memPeak === null ? null : mb(memPeak),
    cgroupNowMB: memNow === null ? null : mb(memNow),
    memoryMax: mem ? flags["memory-max"] : null,
    oomKills,
    truth,
    counted,
    lost,
    folded,
  };
  const checks: [string, boolean][] = [
    [`serve ran to the end${exitNote ? `: ${exitNote}` : ""}`, exitNote === null],
    [`container's getppid count ${counted} = truth ${truth}`, counted === truth && truth > 0],
    [`/healthz p99 ${fmt(result.healthP99Ms, 1)} ms < ${HEALTHZ_P99_MS} ms, ${healthErrors} errors`, result.healthP99Ms < HEALTHZ_P99_MS && healthErrors === 0],
    [`RSS max ${fmt(result.rssMaxMB)} MB <= ${MAX_RSS_MB} MB`, result.rssMaxMB <= MAX_RSS_MB],
    [`no OOM kill in the agent's cgroup (${result.oomKills ?? "n/a"})`, !result.oomKills],
    [`every scrape answered (${scrapeErrors} failed, ${scrapeMs.length - scrapeErrors} answered)`, scrapeErrors === 0 && scrapeMs.length > 0],
  ];
  const rows: [string, string][] = [
    ["swoll", `${flags.swoll} (${flags.label})`],
    ["duration", `${fmt(DURATION_MS / 1000, 0)} s on ${navigator.hardwareConcurrency} CPUs, mean load average ${fmt(result.loadAvgMean)}`],
    ["series (syscall_count lines)", String(maxSeries)],
    ["kernel map entries", String(entries)],
    ["/metrics size (max)", `${fmt(result.metricsMB, 2)} MB, ${fmt(result.metricsGzipMB, 2)} MB gzipped`],
    ["scrape time p99", `${fmt(result.scrapeP99Ms, 0)} ms over ${scrapeMs.length} scrapes`],
    ["/healthz p50 / p99", `${fmt(result.healthP50Ms, 1)} / ${fmt(result.healthP99Ms, 1)} ms over ${healthMs.length}`],
    ["serve RSS min / max", `${fmt(result.rssMinMB)} / ${fmt(result.rssMaxMB)} MB`],
    ["BPF maps (memlock, max)", `${fmt(mb(Math.max(mapPeak, maps.total || 0)))} MB`],
    ["agent cgroup memory peak", result.cgroupPeakMB === null ? "n/a" : `${fmt(result.cgroupPeakMB)} MB (limit ${result.memoryMax ?? "none"})`],
    ["container's getppid: counted / truth", `${counted} / ${truth}`],
    ["lost (all causes)", String(lost)],
    ["folded", JSON.stringify(folded)],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n"));
  for (const [what, ok] of checks) console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (result.loadAvgMean > 2 * navigator.hardwareConcurrency)
    log(`warning: the machine was busy (mean load average ${fmt(result.loadAvgMean)} on ${navigator.hardwareConcurrency} CPUs); latencies reflect its scheduling as much as swoll`);
  log(`results: ${writeResults(`attack-${flags.label}.json`, { ...result, checks })}`);
  return checks.every(([, ok]) => ok) ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  log(`error: ${(e as Error).message}`);
} finally {
  cleanup();
}
process.exit(code);
