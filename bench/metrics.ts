#!/usr/bin/env bun
/**
 * What counting every syscall costs, in one run, side by side:
 *   bare                  no tracer
 *   swoll serve           per-cgroup/syscall/errno count + total + log2 histogram, in the kernel
 *   syscount -L           libbpf-tools: per-syscall count + total latency
 *   bpftrace hist()       @[args->id] = hist(nsecs - @start[tid])
 * The workload is a C loop of raw getppid calls pinned to CPU 0 with
 * taskset; it times only the loop. Each row is the median of ROUNDS runs.
 *
 *   bun bench/metrics.ts             (as root, after bun run build.ts)
 *   N=5000000 ROUNDS=7 bun bench/metrics.ts
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");
const SWOLL = join(ROOT, "dist", "swoll");
const N = Number(process.env.N ?? 2_000_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TARGET_NS = 115;

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

/** ns per call, median of ROUNDS runs of the pinned loop. */
function measure(bin: string): { median: number; min: number; max: number } {
  const runs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = Bun.spawnSync(["taskset", "-c", "0", bin, String(N)], { stdout: "pipe", stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`loop failed: ${r.stderr}`);
    runs.push(Number(r.stdout.toString().trim()));
  }
  runs.sort((a, b) => a - b);
  return { median: runs[Math.floor(runs.length / 2)]!, min: runs[0]!, max: runs[runs.length - 1]! };
}

interface Tool {
  name: string;
  what: string;
  cmd: string[] | null;
  /** seen on stdout or stderr once the tool is attached */
  ready: RegExp;
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
    while (!tool.ready.test(seen)) {
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
  const results: { tool: Tool; r: ReturnType<typeof measure> }[] = [];
  const bareBefore = measure(bin);
  for (const tool of tools.slice(1)) {
    if (!tool.cmd) continue;
    process.stderr.write(`bench: ${tool.name}…\n`);
    results.push({ tool, r: await withTool(tool, () => measure(bin)) });
  }
  const bareAfter = measure(bin);
  const bare = (bareBefore.median + bareAfter.median) / 2;
  const rows = [
    ["tool", "what it keeps", "ns/call", "added ns", "runs min..max"],
    ["bare", "no tracer", bare.toFixed(1), "-", `${Math.min(bareBefore.min, bareAfter.min).toFixed(1)}..${Math.max(bareBefore.max, bareAfter.max).toFixed(1)}`],
    ...results.map(({ tool, r }) => [tool.name, tool.what, r.median.toFixed(1), `+${(r.median - bare).toFixed(1)}`, `${r.min.toFixed(1)}..${r.max.toFixed(1)}`]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`getppid loop on CPU 0, ${N} calls x ${ROUNDS} runs (median), ${new Date().toISOString()}`);
  for (const r of rows) console.log(r.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  "));
  const swoll = results.find((x) => x.tool.name === "swoll serve");
  if (swoll) {
    const added = swoll.r.median - bare;
    console.log(`swoll serve adds ${added.toFixed(1)} ns per call (target <= ${TARGET_NS} ns): ${added <= TARGET_NS ? "ok" : "OVER"}`);
  }
}

await main();
