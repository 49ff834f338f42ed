#!/usr/bin/env bun
/**
 * Cluster mode benchmark, on nodes simulated on this kernel (the test
 * fixture: own cgroup subtree, network namespace and agent per node).
 * A benchmark, not a test: prints what it measured, asserts nothing.
 *
 *   bun bench/cluster.ts [--iterations N] [--reps R] [--rate R] [--seconds S] [--nodes K] [--skip-cost] [--skip-client]
 *
 * 1. The traced process's cost per syscall (getppid in a pod's cgroup on
 *    node 0): nothing attached; the agent alone; the agent + 1 stream;
 *    + 4 streams (each of that pod's every call, read by a client here);
 *    + 4 streams of that pod's execve only (the rules are checked on every
 *    call, nothing is emitted); and `swoll trace` alone selecting the pod.
 * 2. `swoll trace --cluster --json` with K nodes streaming at once (a pod
 *    per node making getppid at R calls/s for S seconds): the client's CPU
 *    per event, events/s, events lost, and the latency from a call's exit
 *    (the event's `time`, wall clock) to its line arriving here.
 */
import { cpus } from "node:os";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { SimCluster } from "../test/fixtures/k8s/simnode";
import * as P from "./procs";
import { buildWorkload, SWOLL, WORKLOAD, writeResults } from "./workload";

const { values: flags } = parseArgs({
  options: {
    iterations: { type: "string", default: "300000" },
    reps: { type: "string", default: "3" },
    rate: { type: "string", default: "2000" },
    seconds: { type: "string", default: "8" },
    nodes: { type: "string", default: "4" },
    "skip-cost": { type: "boolean" },
    "skip-client": { type: "boolean" },
  },
});
const N = Number(flags.iterations);
const REPS = Number(flags.reps);
const RATE = Number(flags.rate);
const SECONDS = Number(flags.seconds);
const NODES = Number(flags.nodes);
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ticks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100/s)
};
const monoNs = () => process.hrtime.bigint();

/** The workload in the pod's container cgroup, so the agent attributes it to the pod. */
async function inPod(dir: string, args: string[]): Promise<P.WorkloadOut> {
  const sh = `echo $$ > '${dir}/cgroup.procs' && exec '${WORKLOAD}' ${args.join(" ")}`;
  return P.runWorkload(["taskset", "-c", "0", "sh", "-c", sh], 600_000, null);
}

interface Reader {
  stop(): void;
  bytes(): number;
  /** Resolves at the stream's first line (the agent sends a heartbeat at once): its rule is in the kernel. */
  opened: Promise<void>;
}

/** A stream read here and thrown away, through the fixture's port-forward-free path: the agent's unix relay socket. */
function readStream(sock: string, spec: unknown): Reader {
  const ac = new AbortController();
  let bytes = 0;
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  void (async () => {
    const res = await fetch("http://agent/v1/streams", { unix: sock, method: "POST", body: JSON.stringify(spec), signal: ac.signal } as RequestInit);
    if (res.status !== 200) throw new Error(`stream refused: HTTP ${res.status} ${await res.text()}`);
    for await (const c of res.body!) {
      bytes += c.length;
      open();
    }
  })().catch((e) => ac.signal.aborted || log(`  stream: ${(e as Error).message}`));
  return { stop: () => ac.abort(), bytes: () => bytes, opened };
}

async function costs(sim: SimCluster): Promise<Record<string, number>> {
  const node = [...sim.nodes.values()][0]!;
  const pod = await sim.runPod(node.name, "bench-0", "bench", { app: "bench" });
  const dir = pod.container.dir;
  const cost = async (label: string) => {
    const ns: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const o = await inPod(dir, ["getppid", String(N)]);
      ns.push(o.nsPerIter / o.syscallsPerIter);
    }
    log(`  ${label}: ${median(ns).toFixed(0)} ns/syscall`);
    return median(ns);
  };
  const out: Record<string, number> = {};
  await sim.killAgent(node.name);
  out["nothing attached"] = await cost("nothing attached");
  await sim.startAgent(node.name);
  out["agent (serve) alone"] = await cost("agent alone");
  const spec = { namespace: "bench", pods: ["bench-0"] };
  const progs = () => P.fdProgIds(node.agent!.pid).progs.size;
  out["agent: BPF programs, alone"] = progs();
  const readers = [readStream(node.pfSocket, spec)];
  await readers[0]!.opened; // each stream is a rule of the agent's one probe: in the kernel once the stream answers
  out["agent + 1 stream"] = await cost("agent + 1 stream");
  for (let i = 0; i < 3; i++) readers.push(readStream(node.pfSocket, spec));
  await Promise.all(readers.map((r) => r.opened));
  out["agent + 4 streams"] = await cost("agent + 4 streams");
  out["agent: BPF programs, 4 streams open"] = progs();
  out["agent: MB streamed to the 4 readers"] = Math.round(readers.reduce((n, r) => n + r.bytes(), 0) / 1e6);
  for (const r of readers) r.stop();
  // the rules' own cost: 4 streams of the pod's execve only (its getppid calls are checked against them, never emitted)
  const quiet = [0, 1, 2, 3].map(() => readStream(node.pfSocket, { ...spec, syscalls: ["execve"] }));
  await Promise.all(quiet.map((r) => r.opened));
  out["agent + 4 execve-only streams"] = await cost("agent + 4 execve-only streams");
  for (const r of quiet) r.stop();
  await sim.killAgent(node.name);
  const kc = sim.kubeconfig;
  const t = P.track(Bun.spawn([SWOLL, "trace", "--kubeconfig", kc, "--node", node.name, "-n", "bench", "--pod", "bench-0", "--json"], { stdout: "ignore", stderr: "pipe" }));
  await P.waitAttached(t, (n) => n.length >= 2, 120_000);
  out["swoll trace alone"] = await cost("swoll trace alone");
  await P.stop(t, 5000);
  await sim.startAgent(node.name);
  await sim.deletePod(pod);
  return out;
}

async function clusterClient(sim: SimCluster): Promise<Record<string, number | string>> {
  const calls = Math.round(RATE * SECONDS);
  const pods = await Promise.all([...sim.nodes.keys()].map((n, i) => sim.runPod(n, `load-${i}`, "load", { app: "load" })));
  const latencies: number[] = [];
  let events = 0;
  let lost = 0;
  let first = 0n;
  let last = 0n;
  // execve too: each pod's idle loop execs, which shows every node's stream is open before the load starts
  const c = P.track(Bun.spawn([SWOLL, "trace", "--cluster", "--kubeconfig", sim.kubeconfig, "-n", "load", "-s", "getppid,execve", "--json"], { stdout: "pipe", stderr: "pipe" }));
  const openNodes = new Set<string>();
  const errText = P.follow(c.stderr);
  const out = P.follow(c.stdout, (line) => {
    const now = monoNs();
    if (line.startsWith('{"type":"lost"')) lost += Number(/"count":(\d+)/.exec(line)![1]);
    if (!line.startsWith('{"syscall"')) return;
    if (!line.includes('"name":"sys_getppid"')) {
      openNodes.add(/"node":"([^"]+)"/.exec(line)?.[1] ?? "");
      return;
    }
    events++;
    if (!first) first = now;
    last = now;
    // the event's wall-clock time of exit (µs), against ours on arrival
    const t = /"time":"([^"]+)"/.exec(line)![1]!;
    latencies.push(Date.now() - Date.parse(t) - Number(`0.${t.slice(23, 26)}`));
  });
  const end = Date.now() + 300_000;
  while (openNodes.size < NODES && Date.now() < end) await P.sleep(200);
  log(`  streams open on ${openNodes.size} of ${NODES} nodes`);
  const t0 = ticks(c.pid);
  const before = events;
  await Promise.all(pods.map((p) => inPod(p.container.dir, ["getppid-rate", String(calls), String(RATE)])));
  await P.sleep(3000); // the last lines drain
  const cpuMs = (ticks(c.pid) - t0) * 10;
  const delivered = events - before;
  c.kill("SIGINT");
  await c.exited;
  await out.done;
  for (const p of pods) await sim.deletePod(p);
  const span = Number(last - first) / 1e9;
  return {
    nodes: NODES,
    "calls made": calls * NODES,
    "events printed": delivered,
    "events lost (reported)": lost,
    "events/s (whole run)": Math.round(events / Math.max(span, 1e-9)),
    "client CPU µs/event": delivered ? Math.round((cpuMs * 1000) / delivered) : "n/a",
    "latency p50 ms": latencies.length ? Number(pct(latencies, 50).toFixed(1)) : "n/a",
    "latency p99 ms": latencies.length ? Number(pct(latencies, 99).toFixed(1)) : "n/a",
    "client stderr": errText.text().trim().split("\n").slice(0, 3).join(" | "),
  };
}

buildWorkload();
const sim = new SimCluster();
const started = new Date();
const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
try {
  await sim.start(Array.from({ length: NODES }, (_, i) => `bench-node-${i}`));
  log(`cost per traced getppid (median of ${REPS}, ${N} calls, CPU 0):`);
  const cost = flags["skip-cost"] ? null : await costs(sim);
  if (!flags["skip-client"]) log(`cluster client, ${NODES} nodes at ${RATE} calls/s each for ${SECONDS} s:`);
  const client = flags["skip-client"] ? null : await clusterClient(sim);
  console.log(JSON.stringify({ cost, client }, null, 2));
  const file = writeResults("cluster-latest.json", { startedAt: started.toISOString(), kernel: readFileSync("/proc/sys/kernel/osrelease", "utf8").trim(), cpus: cpus().length, loadavgAtStart: load, options: { N, REPS, RATE, SECONDS, NODES }, cost, client });
  console.log(`JSON: ${file} (load average at start: ${load})`);
} finally {
  P.killAll();
  await sim.cleanup();
}
process.exit(0);
