#!/usr/bin/env bun
/**
 * The kernel filter's budget: the probe before the selection rules (built
 * from git, a fixed filter per kind, AND-ed, counting after the filter)
 * and the rules probe, side by side in one run.
 *
 *   sudo bun bench/rules.ts [--quick] [--before REF]
 *
 * Verifier: instructions processed per program (bpf_prog_info's
 * verified_insns) and the time to open, load and attach. Per call: a
 * getppid loop pinned to CPU 0 with each probe attached alone (bare, then
 * every probe, in rounds, so that machine drift hits all rows alike;
 * median ns per call), and the programs' own run time per run
 * (kernel.bpf_stats_enabled is set for the run and restored after),
 * which a loaded machine disturbs far less than wall time. REF defaults
 * to the commit before "probe layer:".
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cString, native } from "../ffi/native";
import { syscallTable } from "../cli/decode/syscalls";
import { ProbeHost, type HostOptions } from "../cli/probe/host";
import type { RuleSpec } from "../cli/probe/rules";
import { runWorkload } from "./procs";
import { buildWorkload, workloadCmd, writeResults } from "./workload";

const ROOT = resolve(import.meta.dir, "..");
const QUICK = process.argv.includes("--quick");
const ROUNDS = QUICK ? 3 : 5;
const CALLS = QUICK ? 300_000 : 1_000_000;
const table = syscallTable();
const OPENAT = table.byName("openat")!.nr;
const GETPPID = table.byName("getppid")!.nr;

function git(args: string[]): string {
  const r = Bun.spawnSync(["git", "-C", ROOT, ...args], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.toString();
}

function beforeRef(): string {
  const i = process.argv.indexOf("--before");
  if (i > 0) return process.argv[i + 1]!;
  const first = git(["log", "--format=%H", "--reverse", "--grep=^probe layer:", "HEAD"]).trim().split("\n")[0];
  if (!first) throw new Error("no 'probe layer:' commit in this history; pass --before REF");
  return `${first}^`;
}

/** The probe object of an older commit, compiled the way build.ts compiles ours. */
function buildBefore(ref: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "swoll-rules-bench-"));
  try {
    for (const f of ["swoll.bpf.c", "events.h", "metrics.bpf.h"]) writeFileSync(join(dir, f), git(["show", `${ref}:bpf/${f}`]));
    const arch = process.arch === "arm64" ? "arm64" : "x86";
    const cc = Bun.spawnSync(["clang", "-g", "-O2", "-Wall", "-target", "bpf", `-D__TARGET_ARCH_${arch}`, `-I${join(ROOT, "build")}`, `-I${dir}`, "-c", join(dir, "swoll.bpf.c"), "-o", join(dir, "old.o")], { stderr: "pipe" });
    if (cc.exitCode !== 0) throw new Error(`clang: ${cc.stderr}`);
    Bun.spawnSync(["llvm-strip", "-g", join(dir, "old.o")]);
    return new Uint8Array(readFileSync(join(dir, "old.o")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Loaded {
  /** ns per run and runs of swoll_enter + swoll_exit, and each program's verified instructions. */
  stats(): { runNs: number; runs: number; insns: Record<string, number> };
  close(): void;
}

const PROGRAMS = ["swoll_enter", "swoll_exit", "swoll_fork", "swoll_process_exit"];

function statsOf(read: (name: string) => BigUint64Array | null) {
  let ns = 0;
  let runs = 0;
  const insns: Record<string, number> = {};
  for (const name of PROGRAMS) {
    const s = read(name);
    if (!s) continue;
    insns[name] = Number(s[3]);
    if (name === "swoll_enter" || name === "swoll_exit") {
      ns += Number(s[0]);
      runs += Number(s[1]);
    }
  }
  // enter and exit run once each per call
  return { runNs: runs ? (2 * ns) / runs : NaN, runs: runs / 2, insns };
}

/** The old probe through the shim directly: its options are .rodata flags and its filters maps of u8. */
function openBefore(obj: Uint8Array, o: { stream: boolean; metrics: boolean; syscalls?: number[]; comms?: string[] }): Loaded {
  const lib = native();
  const h = lib.swoll_probe_open(obj, obj.length);
  if (!h) throw new Error("open old probe failed");
  const check = (rc: number | bigint, what: string) => {
    if (Number(rc) < 0) {
      lib.swoll_probe_close(h);
      throw new Error(`${what}: ${rc}`);
    }
  };
  const set = (name: string, v: number, size: 1 | 4) => check(lib.swoll_probe_set_option(h, cString(name), size === 4 ? new Uint32Array([v]) : new Uint8Array([v]), size), name);
  set("self_tgid", o.metrics ? 0 : process.pid, 4);
  set("stream", o.stream ? 1 : 0, 1);
  set("metrics", o.metrics ? 1 : 0, 1);
  set("filter_syscalls", o.syscalls ? 1 : 0, 1);
  set("filter_comms", o.comms ? 1 : 0, 1);
  check(lib.swoll_map_set_max_entries(h, cString("metrics_agg"), o.metrics ? 16384 : 1), "metrics_agg");
  check(lib.swoll_map_set_max_entries(h, cString("metrics_proc"), 1), "metrics_proc");
  check(lib.swoll_probe_set_ring(h, 0, o.stream ? 1 << 20 : 4096), "ring");
  check(lib.swoll_probe_load(h), "load");
  for (const nr of o.syscalls ?? []) check(lib.swoll_map_update(h, cString("syscall_filter"), new Uint32Array([nr]), new Uint8Array([1])), "syscall_filter");
  for (const c of o.comms ?? []) {
    const key = new Uint8Array(16);
    key.set(new TextEncoder().encode(c).subarray(0, 15));
    check(lib.swoll_map_update(h, cString("comm_filter"), key, new Uint8Array([1])), "comm_filter");
  }
  check(lib.swoll_probe_attach(h), "attach");
  const read = (name: string) => {
    const out = new BigUint64Array(4);
    return lib.swoll_prog_stats(h, cString(name), out) === 0 ? out : null;
  };
  return { stats: () => statsOf(read), close: () => lib.swoll_probe_close(h) };
}

/** `n` streaming rules, each filtered out for getppid: by syscall, or (passing that) by comm. */
function rules(n: number, at: "syscall" | "comm"): RuleSpec[] {
  return Array.from({ length: n }, (_, i) => (at === "syscall" ? { syscalls: [OPENAT] } : { syscalls: [GETPPID], comms: [`no-such-${i}`] }));
}

const after = (opts: HostOptions) => (): Loaded => {
  const host = ProbeHost.open(table, opts);
  const read = (name: string) => {
    if (!host.probe.spec.processPrograms && (name === "swoll_fork" || name === "swoll_process_exit")) return null;
    const s = host.probe.programStats(name);
    return new BigUint64Array([s.runTimeNs, s.runCount, s.recursionMisses, s.verifiedInsns].map((x) => BigInt(x)));
  };
  return { stats: () => statsOf(read), close: () => host.close() };
};

interface Row {
  name: string;
  what: string;
  open: (() => Loaded) | null;
}

function rows(old: Uint8Array): Row[] {
  const before = (o: Parameters<typeof openBefore>[1]) => () => openBefore(old, o);
  return [
    { name: "bare", what: "no probe", open: null },
    { name: "before: filtered out by syscall", what: "trace -e openat (old probe)", open: before({ stream: true, metrics: false, syscalls: [OPENAT] }) },
    { name: "rules: 0 rules", what: "streaming probe, no rule", open: after({ streaming: {} }) },
    { name: "rules: 1 rule, out by syscall", what: "trace -e openat", open: after({ streaming: {}, streams: rules(1, "syscall").map((rule) => ({ rule })) }) },
    { name: "rules: 16 rules, out by syscall", what: "", open: after({ streaming: {}, streams: rules(16, "syscall").map((rule) => ({ rule })) }) },
    { name: "rules: 64 rules, out by syscall", what: "", open: after({ streaming: {}, streams: rules(64, "syscall").map((rule) => ({ rule })) }) },
    { name: "before: filtered out by comm", what: "trace -e getppid --comm x (old probe)", open: before({ stream: true, metrics: false, syscalls: [GETPPID], comms: ["no-such-0"] }) },
    { name: "rules: 1 rule, out by comm", what: "", open: after({ streaming: {}, streams: rules(1, "comm").map((rule) => ({ rule })) }) },
    { name: "rules: 16 rules, out by comm", what: "", open: after({ streaming: {}, streams: rules(16, "comm").map((rule) => ({ rule })) }) },
    { name: "rules: 64 rules, out by comm", what: "", open: after({ streaming: {}, streams: rules(64, "comm").map((rule) => ({ rule })) }) },
    { name: "before: counting", what: "serve (old probe)", open: before({ stream: false, metrics: true }) },
    { name: "rules: counting", what: "serve: count per cgroup, every call", open: after({ counting: { byCgroup: {}, countSelf: true } }) },
    { name: "rules: counting + 63 streams out", what: "one probe: serve and 63 traces", open: after({ counting: { byCgroup: {}, countSelf: true }, streaming: {}, streams: rules(63, "comm").map((rule) => ({ rule })) }) },
  ];
}

/** Verifier work and open+load+attach time of one probe. */
function verifier(open: () => Loaded): { ms: number; insns: Record<string, number> } {
  const t = performance.now();
  const p = open();
  const ms = performance.now() - t;
  const { insns } = p.stats();
  p.close();
  return { ms, insns };
}

const STATS_SYSCTL = "/proc/sys/kernel/bpf_stats_enabled";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  if (process.getuid?.() !== 0) throw new Error("run as root: the bench loads BPF programs");
  buildWorkload();
  const ref = beforeRef();
  const old = buildBefore(ref);
  const all = rows(old);
  const beforeSpec = () => openBefore(old, { stream: true, metrics: true, syscalls: [OPENAT] });
  const v = {
    before: verifier(beforeSpec),
    rules: verifier(after({ streaming: {}, counting: { byCgroup: {}, byProcess: {} }, processRules: true })),
  };
  const ns = new Map<string, number[]>(all.map((r) => [r.name, []]));
  const runNs = new Map<string, number[]>(all.map((r) => [r.name, []]));
  const statsWas = readFileSync(STATS_SYSCTL, "utf8").trim();
  writeFileSync(STATS_SYSCTL, "1");
  try {
    for (let round = 0; round < ROUNDS; round++)
      for (const r of all) {
        const p = r.open?.();
        try {
          const o = await runWorkload(workloadCmd(0, ["getppid", String(CALLS)]), 120_000, null);
          ns.get(r.name)!.push(o.nsPerIter);
          if (p) runNs.get(r.name)!.push(p.stats().runNs);
        } finally {
          p?.close();
        }
      }
  } finally {
    writeFileSync(STATS_SYSCTL, statsWas);
  }
  const bare = median(ns.get("bare")!);
  const table = all.map((r) => {
    const m = median(ns.get(r.name)!);
    const run = r.open ? median(runNs.get(r.name)!) : 0;
    return { name: r.name, what: r.what, nsPerCall: +m.toFixed(1), overheadNs: +(m - bare).toFixed(1), programNsPerCall: +run.toFixed(1) };
  });
  const pct = (a: string, b: string, k: "nsPerCall" | "programNsPerCall") => {
    const x = table.find((t) => t.name === a)![k];
    const y = table.find((t) => t.name === b)![k];
    return +((100 * (y - x)) / x).toFixed(1);
  };
  const verdict = {
    filteredOutVsBefore: { wall: pct("before: filtered out by syscall", "rules: 1 rule, out by syscall", "nsPerCall"), program: pct("before: filtered out by syscall", "rules: 1 rule, out by syscall", "programNsPerCall") },
    filteredOutAtCommVsBefore: { wall: pct("before: filtered out by comm", "rules: 1 rule, out by comm", "nsPerCall"), program: pct("before: filtered out by comm", "rules: 1 rule, out by comm", "programNsPerCall") },
    countingVsBefore: { wall: pct("before: counting", "rules: counting", "nsPerCall"), program: pct("before: counting", "rules: counting", "programNsPerCall") },
  };
  const result = { before: ref, rounds: ROUNDS, calls: CALLS, verifier: v, table, verdictPercent: verdict };
  const file = writeResults(`rules${QUICK ? "-quick" : ""}.json`, result);
  console.log(`verifier (instructions processed; open+load+attach ms), before = ${ref}:`);
  for (const [k, x] of Object.entries(v)) console.log(`  ${k.padEnd(7)} ${x.ms.toFixed(0).padStart(5)} ms  ${Object.entries(x.insns).map(([n, i]) => `${n}=${i}`).join(" ")}`);
  console.log(`\ngetppid, median of ${ROUNDS} rounds of ${CALLS} calls, CPU 0:`);
  console.log(`  ${"row".padEnd(36)} ${"ns/call".padStart(8)} ${"+ns".padStart(7)} ${"prog ns".padStart(8)}`);
  for (const t of table) console.log(`  ${t.name.padEnd(36)} ${t.nsPerCall.toFixed(1).padStart(8)} ${t.overheadNs.toFixed(1).padStart(7)} ${t.programNsPerCall.toFixed(1).padStart(8)}`);
  const v2 = (x: { wall: number; program: number }) => `${x.wall}% wall, ${x.program}% program time`;
  console.log(`\nrules vs before (+ is slower): filtered out by syscall ${v2(verdict.filteredOutVsBefore)}; by comm ${v2(verdict.filteredOutAtCommVsBefore)}; counting ${v2(verdict.countingVsBefore)}`);
  console.log(`written: ${file}`);
}

await main();
