/**
 * swoll against strace 6.1's own per-syscall test programs.
 *
 * Each program in strace's tests/ makes its calls and prints on stdout exactly
 * the lines strace must print for them. This runs the selected programs under
 * `dist/swoll trace --strsize N -s <the test's syscalls> -- ...` and compares
 * swoll's lines with the program's, from the syscall name through the return
 * value and errno (swoll's time, comm(pid) and latency left out; strace's
 * `+++ exited` and `--- SIG` lines and `[pid N]` prefixes left out; the
 * alignment before ` = ` collapsed to one space).
 *
 * Selection (from tests/gen_tests.in): the tests strace runs plainly through
 * run_strace_match_diff (no `+script` line), whose options are only -aN, -sN,
 * -e trace=LIST, -f, -qq and -e signal=none; anything else (-y, -v, -X, -P,
 * --secontext, inject, -e read/write, --columns, ...) needs an option swoll
 * does not have, and the test is left out. A program that is not built, or
 * exits 77 (strace's own harness skips it: the call does not exist here), is
 * counted as skipped, not as failed.
 *
 * To run the programs fast, one swoll runs per --strsize value around a
 * shell script that runs the tests one after the other; the script marks
 * each test's start and end with a failing chdir of its own (its pid is left
 * out). A test whose begin mark swoll lost is reported as such. --isolated runs one swoll per test instead.
 *
 *   bun bench/strace-tests.ts --src /tmp/strace-6.1 [--only REGEX] [--isolated] [--show N] [--json FILE] [--buffer-size BYTES=64 MiB]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { syscallTable } from "../cli/decode/syscalls";

const ROOT = resolve(import.meta.dir, "..");
const SWOLL = join(ROOT, "dist", "swoll");
/** swoll's largest --strsize (strace's -s has no such bound; the one test at -s4096 runs at this). */
const STRSIZE_MAX = 4000;

interface Args { src: string; only?: RegExp; isolated: boolean; show: number; json?: string; timeout: number; verbose: boolean; keep: boolean; bufferSize: string }

function parseArgs(argv: string[]): Args {
  // Rings large enough for the bursts of 4 KB paths some tests make (chdir: 4096 calls in ~10 ms):
  // this measures decoding, not loss (strace stops its tracee; swoll counts what it drops).
  const a: Args = { src: "", isolated: false, show: 0, timeout: 30, verbose: false, keep: false, bufferSize: String(64 << 20) };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i]!;
    const next = () => {
      const n = argv[++i];
      if (n === undefined) usage(`${v} needs a value`);
      return n!;
    };
    if (v === "--src") a.src = next();
    else if (v === "--only") a.only = new RegExp(next());
    else if (v === "--isolated") a.isolated = true;
    else if (v === "--show") a.show = Number(next());
    else if (v === "--json") a.json = next();
    else if (v === "--timeout") a.timeout = Number(next());
    else if (v === "--verbose") a.verbose = true;
    else if (v === "--keep") a.keep = true;
    else if (v === "--buffer-size") a.bufferSize = next();
    else usage(`unknown argument ${v}`);
  }
  if (!a.src) usage("--src DIR (a strace 6.1 tree with the test programs built) is required");
  return a;
}

function usage(msg: string): never {
  console.error(`strace-tests: ${msg}; usage: bun bench/strace-tests.ts --src DIR [--only REGEX] [--isolated] [--show N] [--json FILE] [--timeout S]`);
  process.exit(2);
}

/** strace's -e trace= list as the shell passes it: quotes dropped, a /REGEX entry as the calls it matches. */
function traceNames(list: string[]): string[] {
  const all = syscallTable().all().map((i) => i.name);
  return list.flatMap((raw) => {
    const t = raw.replace(/^'|'$/g, "");
    if (!t.startsWith("/")) return [t];
    const re = new RegExp(t.slice(1));
    return all.filter((n) => re.test(n));
  });
}

export interface TestSpec { name: string; trace: string[]; strsize: number; options: string }

/** gen_tests.in → the tests swoll can be run against, and why the others are left out. */
export function selectTests(genTests: string): { selected: TestSpec[]; excluded: Map<string, string> } {
  const selected: TestSpec[] = [];
  const excluded = new Map<string, string>();
  for (const raw of genTests.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [name, ...rest] = line.split(/\s+/) as [string, ...string[]];
    if (rest[0]?.startsWith("+") || (rest[0] && !rest[0].startsWith("-"))) {
      excluded.set(name, "runs through its own script");
      continue;
    }
    let trace: string[] | undefined;
    let strsize = 32;
    let bad: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      const t = rest[i]!;
      let m: RegExpExecArray | null;
      if (/^-a\d*$/.test(t)) {
        if (t === "-a") i++;
      } else if ((m = /^-s(\d+)$/.exec(t))) strsize = Number(m[1]);
      else if (t === "-s") strsize = Number(rest[++i]);
      else if (t === "-f" || t === "-qq") continue;
      else if (t === "-e" && rest[i + 1]?.startsWith("trace=")) trace = rest[++i]!.slice(6).split(",");
      else if (t === "-e" && rest[i + 1] === "signal=none") i++;
      else if (t === "-esignal=none") continue;
      else if ((m = /^(?:-etrace=|--trace=)(.*)$/.exec(t))) trace = m[1]!.split(",");
      else {
        bad = t;
        break;
      }
    }
    if (bad) excluded.set(name, `needs ${bad}`);
    else selected.push({ name, trace: trace ? traceNames(trace) : [name], strsize, options: rest.join(" ") });
  }
  return { selected, excluded };
}

/** One line of the comparison: strace's text without what the rule leaves out. */
export function normalise(line: string): string {
  return line.replace(/^\[pid\s+\d+\] /, "").replace(/\s+= (?=[^=]*$)/, " = ").replace(/\s+$/, "");
}

export function expectedLines(stdout: string): string[] {
  return stdout.split("\n").filter((l) => l !== "" && !l.startsWith("+++ ") && !l.startsWith("--- ")).map(normalise);
}

interface SwollEvent { comm: string; pid: number; tid: number; text: string; name: string }

const LINE = /^\d\d:\d\d:\d\d\.\d{6} (.+?)\((\d+)(?:\/(\d+))?\) (([a-z_0-9]+)\(.*?)(?: <\d+\.\d{6}>)?$/;

export function parseSwoll(line: string): SwollEvent | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  return { comm: m[1]!, pid: Number(m[2]), tid: Number(m[3] ?? m[2]), text: normalise(m[4]!), name: m[5]! };
}

/** Tests run with -f whose program prints strace's pid column ("%-5d chdir(…"): compare it too, as "TID text". */
export function pidColumn(options: string, expected: string[]): boolean {
  return options.split(/\s+/).includes("-f") && expected.length > 0 && expected.every((l) => /^\d+ +[a-z_0-9]+\(/.test(l));
}

/**
 * The events strace would have traced: without -f, only the test program's
 * own process, not the children it forks (they run under its name too, but
 * are given later pids; a child may make its first call before its parent).
 */
export function testProcess(events: SwollEvent[], t: { name: string; options: string }): SwollEvent[] {
  if (t.options.split(/\s+/).some((o) => o === "-f" || o === "-ff" || o === "--follow-forks")) return events;
  const pids = events.filter((e) => e.comm === t.name.slice(0, 15)).map((e) => e.pid);
  if (pids.length === 0) return events;
  const main = Math.min(...pids);
  return events.filter((e) => e.pid === main);
}

/** Length of the longest common subsequence: expected lines swoll printed, in order. */
export function lcs(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

interface Result {
  name: string;
  status: "exact" | "partial" | "skipped";
  reason?: string;
  expected: number;
  matched: number;
  missing: string[];
  extra: string[];
}

const HELPER_COMMS = new Set(["sh", "dash", "timeout"]);

function clip(s: string): string {
  return s.length > 240 ? `${s.slice(0, 240)}…(${s.length} chars)` : s;
}

function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

async function runGroup(args: Args, tests: TestSpec[], strsize: number, work: string): Promise<Map<string, Result>> {
  const testsDir = join(args.src, "tests");
  const table = syscallTable();
  const union = new Set<string>(["chdir"]);
  for (const t of tests) for (const n of t.trace) if (table.byName(n)) union.add(n);
  const script: string[] = ["#!/bin/sh", `cd ${shq(testsDir)} || exit 1`, "echo $$ > " + shq(join(work, "driver.pid"))];
  for (const t of tests) {
    const out = join(work, t.name);
    script.push(
      `rm -rf ${shq(t.name + ".dir")}; mkdir ${shq(t.name + ".dir")}; cd ${shq(t.name + ".dir")}`,
      `cd /swoll-strace-tests/begin/${t.name} 2>/dev/null`,
      `timeout -k 2 ${args.timeout} ../${t.name} > ${shq(out + ".out")} 2> ${shq(out + ".err")} < /dev/null; echo $? > ${shq(out + ".rc")}`,
      `cd /swoll-strace-tests/end/${t.name} 2>/dev/null`,
      `cd .. && rm -rf ${shq(t.name + ".dir")}`,
    );
  }
  const scriptPath = join(work, `driver-${strsize}-${tests[0]!.name}.sh`);
  writeFileSync(scriptPath, script.join("\n") + "\n");
  const tracePath = join(work, `trace-${strsize}-${tests[0]!.name}.txt`);
  const proc = Bun.spawn([SWOLL, "trace", "--no-color", "--strsize", String(Math.min(strsize, STRSIZE_MAX)), "--buffer-size", args.bufferSize, "-s", [...union].join(","), "-w", tracePath, "--", "sh", scriptPath], {
    stdout: "inherit",
    stderr: args.verbose ? "inherit" : "pipe",
  });
  const rc = await proc.exited;
  if (rc !== 0 && !existsSync(tracePath)) throw new Error(`swoll trace exited ${rc}: ${args.verbose ? "" : await new Response(proc.stderr as ReadableStream).text()}`);
  const driverPid = Number(readFileSync(join(work, "driver.pid"), "utf8").trim());
  const byTest = new Map<string, SwollEvent[]>();
  let current: SwollEvent[] | undefined;
  for (const line of readFileSync(tracePath, "utf8").split("\n")) {
    const ev = parseSwoll(line);
    if (!ev) continue;
    if (ev.pid === driverPid) {
      // the driver's marks: chdir to /swoll-strace-tests/{begin,end}/NAME, which fails (a path: never cut at --strsize)
      const m = /^chdir\("\/swoll-strace-tests\/(begin|end)\/([^"]+)"\)/.exec(ev.text);
      if (m) {
        current = m[1] === "begin" ? [] : undefined;
        if (current) byTest.set(m[2]!, current);
      }
      continue;
    }
    if (current && !HELPER_COMMS.has(ev.comm)) current.push(ev);
  }
  const results = new Map<string, Result>();
  for (const t of tests) {
    const out = join(work, t.name);
    const rcText = existsSync(out + ".rc") ? readFileSync(out + ".rc", "utf8").trim() : "";
    const base = { name: t.name, expected: 0, matched: 0, missing: [], extra: [] };
    if (rcText === "77") {
      results.set(t.name, { ...base, status: "skipped", reason: "exits 77 here" });
      continue;
    }
    if (rcText !== "0") {
      results.set(t.name, { ...base, status: "skipped", reason: `exits ${rcText || "?"} under swoll: ${readFileSync(out + ".err", "utf8").trim().split("\n")[0]?.slice(0, 120) ?? ""}` });
      continue;
    }
    if (!byTest.has(t.name)) {
      results.set(t.name, { ...base, status: "partial", reason: "swoll lost the test's begin mark (events dropped)" });
      continue;
    }
    const want = new Set(t.trace);
    let exp = expectedLines(readFileSync(out + ".out", "utf8"));
    const withPid = pidColumn(t.options, exp);
    if (withPid) exp = exp.map((l) => l.replace(/^(\d+) +/, "$1 "));
    const got = testProcess(byTest.get(t.name) ?? [], t).filter((e) => want.has(e.name)).map((e) => (withPid ? `${e.tid} ${e.text}` : e.text));
    const matched = lcs(exp, got);
    const gotSet = new Set(got);
    const expSet = new Set(exp);
    results.set(t.name, {
      ...base,
      status: matched === exp.length && got.length === exp.length ? "exact" : "partial",
      expected: exp.length,
      matched,
      missing: exp.filter((l) => !gotSet.has(l)),
      extra: got.filter((l) => !expSet.has(l)),
    });
  }
  return results;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(SWOLL)) usage("dist/swoll is missing: run `bun run build.ts` first");
  const gen = join(args.src, "tests", "gen_tests.in");
  if (!existsSync(gen)) usage(`${gen} not found: --src must be a strace source tree`);
  const { selected, excluded } = selectTests(readFileSync(gen, "utf8"));
  const results: Result[] = [];
  const runnable: TestSpec[] = [];
  for (const t of selected) {
    if (args.only && !args.only.test(t.name)) continue;
    if (!existsSync(join(args.src, "tests", t.name))) results.push({ name: t.name, status: "skipped", reason: "not built", expected: 0, matched: 0, missing: [], extra: [] });
    else runnable.push(t);
  }
  const work = join("/tmp", `swoll-strace-tests.${process.pid}`);
  mkdirSync(work, { recursive: true });
  const groups = new Map<string, TestSpec[]>();
  for (const t of runnable) {
    const key = args.isolated ? `${t.strsize}/${t.name}` : String(t.strsize);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  try {
    for (const g of groups.values()) {
      console.error(`strace-tests: ${g.length} test(s) at --strsize ${g[0]!.strsize}`);
      const r = await runGroup(args, g, g[0]!.strsize, work);
      for (const t of g) results.push(r.get(t.name)!);
    }
  } finally {
    if (args.keep) console.error(`strace-tests: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  results.sort((a, b) => a.name.localeCompare(b.name));
  const ran = results.filter((r) => r.status !== "skipped");
  const exact = ran.filter((r) => r.status === "exact");
  for (const r of results) {
    if (r.status === "skipped") console.log(`${r.name.padEnd(28)} skipped  ${r.reason}`);
    else console.log(`${r.name.padEnd(28)} ${r.status.padEnd(8)} ${r.reason ?? `${r.matched}/${r.expected} lines${r.extra.length ? `, ${r.extra.length} extra` : ""}`}`);
    if (args.show && r.status === "partial") {
      for (const l of r.missing.slice(0, args.show)) console.log(`    - ${clip(l)}`);
      for (const l of r.extra.slice(0, args.show)) console.log(`    + ${clip(l)}`);
    }
  }
  const share = ran.length ? ran.reduce((s, r) => s + (r.expected ? r.matched / r.expected : 1), 0) / ran.length : 0;
  const totalExp = ran.reduce((s, r) => s + r.expected, 0);
  const totalMatched = ran.reduce((s, r) => s + r.matched, 0);
  // Failure categories: the syscall of each expected line swoll did not print.
  const cats = new Map<string, { lines: number; tests: Set<string> }>();
  for (const r of ran) {
    for (const l of r.missing) {
      const name = /^([a-z_0-9]+)\(/.exec(l)?.[1] ?? "(other)";
      const c = cats.get(name) ?? { lines: 0, tests: new Set() };
      c.lines++;
      c.tests.add(r.name);
      cats.set(name, c);
    }
  }
  console.log("");
  console.log(`selected ${selected.length} of gen_tests.in's ${selected.length + excluded.size} tests; ${results.length - ran.length} skipped (not built or exit 77), ${ran.length} run`);
  console.log(`tests exact: ${exact.length} of ${ran.length} (${((100 * exact.length) / Math.max(1, ran.length)).toFixed(1)} %)`);
  console.log(`expected lines matched: ${(100 * share).toFixed(1)} % per test on average; ${totalMatched} of ${totalExp} lines overall (${((100 * totalMatched) / Math.max(1, totalExp)).toFixed(1)} %)`);
  console.log("top failure categories (syscall: expected lines not matched, in how many tests):");
  for (const [name, c] of [...cats].sort((a, b) => b[1].tests.size - a[1].tests.size || b[1].lines - a[1].lines).slice(0, 25))
    console.log(`  ${name.padEnd(24)} ${String(c.lines).padStart(6)} lines  ${c.tests.size} test(s): ${[...c.tests].slice(0, 6).join(" ")}${c.tests.size > 6 ? " ..." : ""}`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ selected: selected.length, ran: ran.length, exact: exact.length, share, totalExp, totalMatched, results }, null, 1));
}

if (import.meta.main) await main();
