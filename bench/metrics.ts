#!/usr/bin/env bun
/**
 * What counting every syscall costs, in one run, side by side:
 *   bare                  no tracer
 *   swoll serve           per-cgroup/syscall/errno count + total + log2 histogram, in the kernel
 *   swoll top             the same per process too (pid, exec generation, comm): top's mode
 *   syscount -L           libbpf-tools: per-syscall count + total latency
 *   bpftrace hist()       @[args->id] = hist(nsecs - @start[tid])
 * The workload is a C loop of raw getppid calls pinned to CPU 0 with
 * taskset; it times only the loop. Each row is the median of ROUNDS runs.
 *
 *   bun bench/metrics.ts             (as root, after bun run build.ts)
 *   N=5000000 ROUNDS=7 bun bench/metrics.ts
 *   BASELINE=/path/to/older/dist/swoll bun bench/metrics.ts   (adds that build's serve, for a before/after)
 *   PASSES=5 ROUNDS=10 bun bench/metrics.ts   (every tool 2 runs per pass, 5 passes: fairer on a busy machine)
 */
import { existsSync, mkdirSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");
const SWOLL = join(ROOT, "dist", "swoll");
const N = Number(process.env.N ?? 2_000_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TARGET_NS = 115;
const BASELINE = process.env.BASELINE;
const PASSES = Number(process.env.PASSES ?? 1);

const LOOP_C = `#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
	long n = atol(argv[1]);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.3f\\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
`;

function loopBinary(): string {
  const dir = join(ROOT, "build", "bench");
  const src = join(dir, "getppid-loop.c");
  const bin = join(dir, "getppid-loop");
  mkdirSync(dir, { recursive: true });
  writeFileSync(src, LOOP_C);
  const cc = Bun.spawnSync(["cc", "-O2", "-o", bin, src], { stderr: "pipe" });
  if (cc.exitCode !== 0) throw new Error(`cc: ${cc.stderr}`);
  return bin;
}

function syscountPath(): string | null {
  const r = Bun.spawnSync(["dpkg", "-L", "libbpf-tools"], { stdout: "pipe", stderr: "pipe" });
  return r.stdout.toString().split("\n").find((p) => /\/syscount$/.test(p)) ?? null;
}

/** ns per call of `rounds` runs of the pinned loop. */
function runs(bin: string, rounds: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const r = Bun.spawnSync(["taskset", "-c", "0", bin, String(N)], { stdout: "pipe", stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`loop failed: ${r.stderr}`);
    out.push(Number(r.stdout.toString().trim()));
  }
  return out;
}

function summary(all: number[]): { median: number; min: number; max: number } {
  const s = [...all].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]!, max: s[s.length - 1]! };
}

interface Tool {
  name: string;
  what: string;
  cmd: string[] | null;
  /** seen on stdout or stderr once the tool is attached */
  ready: RegExp;
  /** or, for a tool that prints nothing until it is done: true once attached */
  attached?: (pid: number) => boolean;
}

/** BPF links the process holds: swoll's two programs are attached once it has two. */
function bpfLinks(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) === "anon_inode:bpf_link") n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

async function withTool<T>(tool: Tool, body: () => T): Promise<T> {
  if (!tool.cmd) return body();
  const proc = Bun.spawn(tool.cmd, { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  let seen = "";
  const read = async (s: ReadableStream<Uint8Array>) => {
    const dec = new TextDecoder();
    for await (const chunk of s) seen += dec.decode(chunk, { stream: true });
  };
  void read(proc.stdout as ReadableStream<Uint8Array>);
  void read(proc.stderr as ReadableStream<Uint8Array>);
  const end = Date.now() + 30_000;
  try {
    while (tool.attached ? !tool.attached(proc.pid) : !tool.ready.test(seen)) {
      if (proc.exitCode !== null || Date.now() > end) throw new Error(`${tool.name} did not start: ${seen.slice(-500)}`);
      await Bun.sleep(20);
    }
    await Bun.sleep(300); // let attach settle
    return body();
  } finally {
    proc.kill("SIGINT");
    const killer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
    await proc.exited;
    clearTimeout(killer);
  }
}

/** BPF programs already loaded by someone else add their cost to every row. */
function foreignPrograms(): string[] {
  const r = Bun.spawnSync(["bpftool", "prog", "show", "-j"], { stdout: "pipe", stderr: "pipe" });
  const progs = JSON.parse(r.stdout.toString() || "[]") as { type: string; name?: string }[];
  return progs.filter((p) => /tracepoint|tracing|kprobe|perf_event/.test(p.type)).map((p) => `${p.type}/${p.name ?? "?"}`);
}

async function main() {
  if (process.getuid?.() !== 0) throw new Error("run as root: the tracers load BPF programs");
  if (!existsSync(SWOLL)) throw new Error(`${SWOLL} is missing: run bun run build.ts`);
  const bin = loopBinary();
  const syscount = syscountPath();
  const tools: Tool[] = [
    { name: "bare", what: "no tracer", cmd: null, ready: /^/ },
    { name: "swoll serve", what: "count+time+log2 hist per cgroup/syscall/errno", cmd: [SWOLL, "serve", "--listen", "127.0.0.1:0"], ready: /serving http/ },
    ...(BASELINE ? [{ name: "serve baseline", what: `swoll serve of ${BASELINE}`, cmd: [BASELINE, "serve", "--listen", "127.0.0.1:0"], ready: /serving http/ }] : []),
    // one window longer than the bench, killed at the end; it counts meanwhile
    { name: "swoll top", what: "the same per process too (top's mode)", cmd: [SWOLL, "top", "--once", "-o", "json", "-i", "1h"], ready: /^/, attached: (pid) => bpfLinks(pid) >= 2 },
    { name: "syscount -L", what: "libbpf-tools: count+time per syscall", cmd: syscount ? ["stdbuf", "-oL", syscount, "-L"] : null, ready: /Tracing syscalls/ },
    {
      name: "bpftrace hist",
      what: "@[args->id] = hist(nsecs - @start[tid])",
      cmd: [
        "bpftrace",
        "-e",
        "tracepoint:raw_syscalls:sys_enter { @start[tid] = nsecs; } " +
          "tracepoint:raw_syscalls:sys_exit /@start[tid]/ { @[args->id] = hist(nsecs - @start[tid]); delete(@start[tid]); }",
      ],
      ready: /Attaching \d+ probes/,
    },
  ];
  if (!syscount) process.stderr.write("bench: libbpf-tools' syscount not found (dpkg -L libbpf-tools); skipping it\n");
  const foreign = foreignPrograms();
  if (foreign.length) process.stderr.write(`bench: warning: other tracing programs are loaded (${foreign.join(", ")}); every row includes their cost\n`);
  // PASSES > 1 spreads each tool's runs over the whole bench, so that load
  // from other processes that comes and goes weighs on every row alike
  const perPass = Math.max(1, Math.ceil(ROUNDS / PASSES));
  const measured = tools.slice(1).filter((t) => t.cmd);
  const all = new Map<Tool, number[]>(measured.map((t) => [t, []]));
  const bareRuns: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    bareRuns.push(...runs(bin, perPass));
    for (const tool of measured) {
      process.stderr.write(`bench: ${tool.name}${PASSES > 1 ? ` (pass ${pass + 1}/${PASSES})` : ""}…\n`);
      all.get(tool)!.push(...(await withTool(tool, () => runs(bin, perPass))));
    }
  }
  bareRuns.push(...runs(bin, perPass));
  const results = measured.map((tool) => ({ tool, r: summary(all.get(tool)!) }));
  const bareS = summary(bareRuns);
  const bare = bareS.median;
  const rows = [
    // load from elsewhere only ever adds time: on a busy machine the fastest runs say more than the medians
    ["tool", "what it keeps", "ns/call", "added ns", "runs min..max", "added (fastest runs)"],
    ["bare", "no tracer", bare.toFixed(1), "-", `${bareS.min.toFixed(1)}..${bareS.max.toFixed(1)}`, "-"],
    ...results.map(({ tool, r }) => [tool.name, tool.what, r.median.toFixed(1), `+${(r.median - bare).toFixed(1)}`, `${r.min.toFixed(1)}..${r.max.toFixed(1)}`, `+${(r.min - bareS.min).toFixed(1)}`]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`getppid loop on CPU 0, ${N} calls x ${perPass * PASSES} runs (median${PASSES > 1 ? ` of ${PASSES} passes` : ""}), ${new Date().toISOString()}`);
  for (const r of rows) console.log(r.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  "));
  const swoll = results.find((x) => x.tool.name === "swoll serve");
  if (swoll) {
    const added = swoll.r.median - bare;
    console.log(`swoll serve adds ${added.toFixed(1)} ns per call (target <= ${TARGET_NS} ns): ${added <= TARGET_NS ? "ok" : "OVER"}`);
  }
  const top = results.find((x) => x.tool.name === "swoll top");
  if (swoll && top) console.log(`swoll top (per process) adds ${(top.r.median - swoll.r.median).toFixed(1)} ns per call over swoll serve (fastest runs: ${(top.r.min - swoll.r.min).toFixed(1)})`);
}

await main();
