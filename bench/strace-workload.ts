#!/usr/bin/env bun
/**
 * swoll against strace on whole programs, not on tests written for strace: a
 * workload (bench/workloads/*.sh: a shell and the tools it runs, git, perl,
 * python sockets) runs twice under `strace -f -s N` and once under
 * `swoll trace --strsize N`, each with address-space randomisation off
 * (setarch -R), in the same directory, with the same environment, so that
 * addresses agree between runs. Lines that differ between the two strace
 * runs (random bytes, clocks, pids, ports, temporary names, when a signal
 * lands) cannot agree with any third run; the share reported is of the
 * other lines, the deterministic ones, that swoll prints identically, from
 * the syscall name through the return value (the comparison rule of
 * bench/strace-tests.ts). A benchmark: it asserts nothing.
 *
 *   bun bench/strace-workload.ts [--workload FILE] [--strsize N=32] [--show N=3]
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { arch } from "node:os";
import { join, resolve } from "node:path";
import { lcs, normalise, parseSwoll } from "./strace-tests";

const ROOT = resolve(import.meta.dir, "..");
const SWOLL = join(ROOT, "dist", "swoll");
const SCRATCH = "/tmp/swoll-strace-workload";

interface Args { workload: string; strsize: number; show: number }

function parseArgs(argv: string[]): Args {
  const a: Args = { workload: join(import.meta.dir, "workloads", "shell-tools.sh"), strsize: 32, show: 3 };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i]!;
    const next = () => argv[++i] ?? usage(`${v} needs a value`);
    if (v === "--workload") a.workload = resolve(next());
    else if (v === "--strsize") a.strsize = Number(next());
    else if (v === "--show") a.show = Number(next());
    else usage(`unknown argument ${v}`);
  }
  if (!existsSync(a.workload)) usage(`no workload at ${a.workload}`);
  if (!(a.strsize > 0 && a.strsize <= 4000)) usage("--strsize is 1 to 4000");
  return a;
}

function usage(msg: string): never {
  console.error(`strace-workload: ${msg}\nusage: bun bench/strace-workload.ts [--workload FILE] [--strsize N] [--show N]`);
  process.exit(2);
}

/** Each process's lines in order; processes in the order they first appear. */
type Trace = string[][];

/** strace -f -o FILE: "PID text", with a call another process interrupted split into unfinished and resumed halves. */
export function parseStrace(text: string): Trace {
  const byPid = new Map<number, string[]>();
  const unfinished = new Map<number, string>();
  for (const raw of text.split("\n")) {
    const m = /^(\d+)\s+(.*)$/.exec(raw);
    if (!m) continue;
    const pid = Number(m[1]);
    let line = m[2]!;
    if (line.startsWith("+++") || line.startsWith("---")) continue;
    const cut = line.indexOf(" <unfinished ...>");
    if (cut >= 0) {
      unfinished.set(pid, line.slice(0, cut));
      continue;
    }
    const resumed = /^<\.\.\. [a-z_0-9]+ resumed>(.*)$/.exec(line);
    if (resumed) {
      line = (unfinished.get(pid) ?? "") + resumed[1];
      unfinished.delete(pid);
    }
    if (!byPid.has(pid)) byPid.set(pid, []);
    byPid.get(pid)!.push(normalise(line));
  }
  return [...byPid.values()];
}

export function parseSwollTrace(text: string): Trace {
  const byTid = new Map<number, string[]>();
  for (const raw of text.split("\n")) {
    const e = parseSwoll(raw);
    if (!e) continue;
    if (!byTid.has(e.tid)) byTid.set(e.tid, []);
    byTid.get(e.tid)!.push(e.text);
  }
  return [...byTid.values()];
}

/** The indexes of `a` in a longest common subsequence of `a` and `b`. */
export function lcsIndexes(a: readonly string[], b: readonly string[]): number[] {
  const n = a.length, m = b.length;
  const w = m + 1;
  const len = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      len[i * w + j] = a[i] === b[j] ? len[(i + 1) * w + j + 1]! + 1 : Math.max(len[(i + 1) * w + j]!, len[i * w + j + 1]!);
  const out: number[] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) {
      out.push(i);
      i++;
      j++;
    } else if (len[(i + 1) * w + j]! >= len[i * w + j + 1]!) i++;
    else j++;
  }
  return out;
}

/** Pairs each process of `a` with the process of `b` it shares most lines with (greedily, each used once). */
function pairProcesses(a: Trace, b: Trace): (string[] | undefined)[] {
  const used = new Set<number>();
  return a.map((p) => {
    let best = -1, bestScore = -1;
    b.forEach((q, j) => {
      if (used.has(j)) return;
      const score = lcs(p.slice(0, 400), q.slice(0, 400));
      if (score > bestScore) [best, bestScore] = [j, score];
    });
    if (best < 0) return undefined;
    used.add(best);
    return b[best];
  });
}

async function run(cmd: string[], env: Record<string, string>): Promise<void> {
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(SCRATCH, { recursive: true });
  const p = Bun.spawn(cmd, { env, stdin: "ignore", stdout: "ignore", stderr: "pipe", cwd: SCRATCH });
  const [err, code] = await Promise.all([new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`${cmd[0]} exited ${code}: ${err.trim().split("\n").slice(-3).join(" | ")}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (process.getuid?.() !== 0) usage("run as root: swoll loads BPF programs");
  for (const tool of ["strace", "setarch"]) if (!Bun.which(tool)) usage(`${tool} is required`);
  if (!existsSync(SWOLL)) usage(`${SWOLL} missing: run bun run build.ts`);
  // the same environment for every run (a shell's $_ names the tracer, which would move the stack)
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (k !== "_" && v !== undefined) env[k] = v;
  const target = ["setarch", arch() === "arm64" ? "aarch64" : "x86_64", "-R", args.workload, SCRATCH];
  const out = (n: string) => `/tmp/swoll-strace-workload.${n}`;
  const s = String(args.strsize);
  console.error(`strace-workload: ${args.workload}, -s ${s}: strace twice, then swoll`);
  await run(["strace", "-f", "-s", s, "-o", out("strace1"), ...target], env);
  await run(["strace", "-f", "-s", s, "-o", out("strace2"), ...target], env);
  await run([SWOLL, "trace", "--no-color", "--strsize", s, "--buffer-size", String(64 << 20), "-w", out("swoll"), "--", ...target], env);
  const s1 = parseStrace(readFileSync(out("strace1"), "utf8"));
  const s2 = parseStrace(readFileSync(out("strace2"), "utf8"));
  const w = parseSwollTrace(readFileSync(out("swoll"), "utf8"));
  const again = pairProcesses(s1, s2);
  const mine = pairProcesses(s1, w);
  let total = 0, deterministic = 0, same = 0, straceSame = 0;
  const missing = new Map<string, string[]>();
  s1.forEach((p, k) => {
    total += p.length;
    const det = lcsIndexes(p, again[k] ?? []).map((i) => p[i]!);
    straceSame += det.length;
    deterministic += det.length;
    const w = mine[k] ?? [];
    const kept = new Set(lcsIndexes(det, w));
    same += kept.size;
    det.forEach((line, i) => {
      if (kept.has(i)) return;
      const name = /^[a-z_0-9]+/.exec(line)?.[0] ?? "?";
      if (!missing.has(name)) missing.set(name, []);
      missing.get(name)!.push(line);
    });
  });
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : "-");
  console.log(`${args.workload.replace(ROOT + "/", "")} at -s ${s}: ${s1.length} processes, ${total} lines under strace`);
  console.log(`  strace vs strace: ${straceSame} of ${total} lines identical (${pct(straceSame, total)} %); the others vary between runs`);
  console.log(`  swoll vs strace:  ${same} of those ${deterministic} identical (${pct(same, deterministic)} %), processes ${w.length} vs ${s1.length}`);
  const rows = [...missing].sort((x, y) => y[1].length - x[1].length);
  if (rows.length) console.log("  deterministic lines swoll prints differently, by call:");
  for (const [name, lines] of rows) {
    console.log(`    ${name.padEnd(22)} ${lines.length}`);
    for (const l of lines.slice(0, args.show)) console.log(`      ${l.length > 200 ? l.slice(0, 200) + "…" : l}`);
  }
}

if (import.meta.main)
  main().catch((e) => {
    console.error(`strace-workload: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
