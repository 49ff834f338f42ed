/**
 * Process plumbing for the benches: spawning with timeouts, killing
 * everything that was started, /proc sampling, and telling when a tracer's
 * BPF programs are attached (via bpftool and /proc/<pid>/fdinfo).
 */
import { spawn, spawnSync, type Subprocess } from "bun";
import { readFileSync, readdirSync } from "node:fs";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Every child still running; killAll() is called from finally blocks and signal handlers. */
const live = new Set<Subprocess>();
/** Every pid this bench ever started. */
export const startedPids = new Set<number>();

export function track<T extends Subprocess>(p: T): T {
  live.add(p);
  startedPids.add(p.pid);
  void p.exited.finally(() => live.delete(p));
  return p;
}

export function livePids(): Set<number> {
  return new Set([...live].filter((p) => p.exitCode === null && p.signalCode === null).map((p) => p.pid));
}

export function killAll(): void {
  for (const p of live) {
    try {
      p.kill("SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

/** Exit code, or null when the process is still running after `ms`. */
export async function waitExit(p: Subprocess, ms: number): Promise<number | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), ms)));
  try {
    return await Promise.race([p.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** SIGINT, then SIGKILL if it has not exited within `graceMs`. */
export async function stop(p: Subprocess, graceMs: number): Promise<number | null> {
  if (p.exitCode !== null || p.signalCode !== null) return p.exitCode;
  p.kill("SIGINT");
  const code = await waitExit(p, graceMs);
  if (code !== null) return code;
  p.kill("SIGKILL");
  await waitExit(p, 5000);
  return null;
}

/** Text of a stream, or whatever arrived within `ms`. */
export async function readWithin(stream: ReadableStream<Uint8Array> | number | undefined, ms: number): Promise<string> {
  if (!(stream instanceof ReadableStream)) return "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), ms)));
  try {
    return (await Promise.race([new Response(stream).text(), timeout])) ?? "(stderr not readable in time)";
  } finally {
    clearTimeout(timer);
  }
}

export function which(tool: string): string | null {
  return Bun.which(tool) ?? Bun.which(tool, { PATH: "/usr/local/sbin:/usr/sbin:/sbin:/usr/local/bin:/usr/bin:/bin" });
}

const CLK_TCK = (() => {
  const r = spawnSync(["getconf", "CLK_TCK"], { timeout: 5000 });
  return Number(r.stdout?.toString().trim()) || 100;
})();

export interface ProcSample {
  /** VmHWM: peak resident set, MB (MiB). */
  rssMB: number;
  /** VmRSS: resident set now, MB (MiB). */
  rssNowMB: number;
  /** utime + stime of all threads, seconds. */
  cpuS: number;
}

export function sampleProc(pid: number): ProcSample | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(status);
    const rss = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    // Fields after "(comm) ": index 0 is field 3 (state); utime is field 14, stime 15.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(rest[11]) + Number(rest[12]);
    if (!hwm || !rss || !Number.isFinite(ticks)) return null;
    return { rssMB: Number(hwm[1]) / 1024, rssNowMB: Number(rss[1]) / 1024, cpuS: ticks / CLK_TCK };
  } catch {
    return null;
  }
}

/** Samples a process every `everyMs` and keeps the last good sample (for tracers that exit on their own). */
export function sampler(pid: number, everyMs = 100): { last: () => ProcSample | null; stop: () => void } {
  let last = sampleProc(pid);
  const t = setInterval(() => (last = sampleProc(pid) ?? last), everyMs);
  return { last: () => last, stop: () => clearInterval(t) };
}

function bpftoolJson(args: string[]): unknown {
  const r = spawnSync(["bpftool", ...args, "-j"], { timeout: 10_000, stdout: "pipe", stderr: "ignore" });
  if (!r.success) return null;
  try {
    return JSON.parse(r.stdout.toString());
  } catch {
    return null;
  }
}

export interface Prog {
  id: number;
  name: string;
}

export function loadedProgs(): Prog[] {
  const j = bpftoolJson(["prog", "show"]);
  if (!Array.isArray(j)) return [];
  return j.map((p: { id: number; name?: string }) => ({ id: p.id, name: p.name ?? "" }));
}

/** prog_ids referenced by a process's bpf-prog and bpf_link fds (from /proc/<pid>/fdinfo). */
export function fdProgIds(pid: number): { progs: Set<number>; links: Set<number> } {
  const progs = new Set<number>();
  const links = new Set<number>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fdinfo`);
  } catch {
    return { progs, links };
  }
  for (const fd of fds) {
    let info = "";
    try {
      info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8");
    } catch {
      continue;
    }
    const id = /^prog_id:\s+(\d+)/m.exec(info);
    if (!id) continue;
    if (/^link_type:/m.test(info)) links.add(Number(id[1]));
    else if (/^prog_type:/m.test(info)) progs.add(Number(id[1]));
  }
  return { progs, links };
}

/**
 * Names of the programs `pid` has attached: bpf_link fds (tp_btf, raw
 * tracepoints) from fdinfo, plus perf-event attachments that `bpftool perf`
 * reports for that pid (bpftrace's tracepoints).
 */
export function attachedProgNames(pid: number): string[] {
  const ids = new Set(fdProgIds(pid).links);
  const perf = bpftoolJson(["perf"]);
  if (Array.isArray(perf)) {
    for (const e of perf as { pid?: number; prog_id?: number }[]) if (e.pid === pid && e.prog_id) ids.add(e.prog_id);
  }
  if (ids.size === 0) return [];
  const names = new Map(loadedProgs().map((p) => [p.id, p.name]));
  return [...ids].map((id) => names.get(id) ?? `#${id}`);
}

/** Waits until `ready(names)` holds for the process's attached programs; throws on exit or timeout. */
export async function waitAttached(p: Subprocess, ready: (names: string[]) => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (p.exitCode !== null || p.signalCode !== null) throw new Error(`exited (${p.exitCode ?? p.signalCode}) before attaching`);
    if (ready(attachedProgNames(p.pid))) return;
    await sleep(100);
  }
  throw new Error(`not attached after ${timeoutMs / 1000} s`);
}

export function describePid(pid: number): string {
  try {
    return `pid ${pid} (${readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim().slice(0, 80)})`;
  } catch {
    return `pid ${pid}`;
  }
}

/**
 * Syscall tracepoint programs attached by processes other than `ours`. Any
 * such program slows every syscall on the machine (other sessions running
 * swoll or bpftrace), so a repetition that overlaps one is not clean.
 */
export function foreignSyscallTracers(ours: Set<number>): string[] {
  const perf = bpftoolJson(["perf"]);
  if (!Array.isArray(perf)) return [];
  const pids = new Set<number>();
  for (const e of perf as { pid?: number; tracepoint?: string; tp_name?: string }[])
    if (e.pid && !ours.has(e.pid) && /sys_(enter|exit)/.test(`${e.tracepoint ?? ""}${e.tp_name ?? ""}`)) pids.add(e.pid);
  return [...pids].map(describePid);
}

/** Polls until no foreign syscall tracer is attached or `timeoutMs` passes; returns those still there. */
export async function waitNoForeign(timeoutMs: number): Promise<string[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const f = foreignSyscallTracers(livePids());
    if (f.length === 0 || performance.now() >= deadline) return f;
    await sleep(500);
  }
}

/** Loaded swoll_* programs and which processes hold them (for the final leftover check). */
export function leftoverSwollProgs(): { prog: Prog; holders: number[] }[] {
  const progs = loadedProgs().filter((p) => p.name.startsWith("swoll_"));
  if (progs.length === 0) return [];
  const holders = new Map<number, number[]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    const { progs: held, links } = fdProgIds(Number(d));
    for (const id of new Set([...held, ...links])) holders.set(id, [...(holders.get(id) ?? []), Number(d)]);
  }
  return progs.map((prog) => ({ prog, holders: holders.get(prog.id) ?? [] }));
}

export interface WorkloadOut {
  nsPerIter: number;
  iterations: number;
  syscallsPerIter: number;
  elapsedNs: number;
  errors: number;
}

export function parseWorkload(out: string): WorkloadOut {
  const get = (k: string) => {
    const m = new RegExp(`${k}=([0-9.]+)`).exec(out);
    if (!m) throw new Error(`workload printed no ${k}: ${JSON.stringify(out.slice(0, 200))}`);
    return Number(m[1]);
  };
  return {
    nsPerIter: get("ns_per_iter"),
    iterations: get("iterations"),
    syscallsPerIter: get("syscalls_per_iter"),
    elapsedNs: get("elapsed_ns"),
    errors: get("errors"),
  };
}

/** Runs a command that ends with the workload's report line; `onStart` gets the child (for sampling). */
export async function runWorkload(cmd: string[], timeoutMs: number, maxMs: number | null, onStart?: (p: Subprocess) => void): Promise<WorkloadOut> {
  const env = { ...process.env, WORKLOAD_MAX_MS: maxMs ? String(Math.round(maxMs)) : "" };
  const p = track(spawn(cmd, { stdin: "ignore", stdout: "pipe", stderr: "pipe", env }));
  onStart?.(p);
  const out = new Response(p.stdout).text();
  const err = new Response(p.stderr).text();
  try {
    const code = await waitExit(p, timeoutMs);
    if (code === null) throw new Error(`${cmd.join(" ")}: timed out after ${timeoutMs / 1000} s`);
    const text = await out;
    if (code !== 0) throw new Error(`${cmd.join(" ")}: exit ${code}: ${(await err).trim().slice(0, 300)}`);
    return parseWorkload(text);
  } finally {
    if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  }
}

/** Reads a stream as it comes: `onLine` gets each complete line; `text()` is everything read so far. */
export function follow(stream: ReadableStream<Uint8Array> | number | undefined, onLine: (line: string) => void = () => {}): { text: () => string; done: Promise<void> } {
  let all = "";
  let partial = "";
  const done = (async () => {
    if (!(stream instanceof ReadableStream)) return;
    const dec = new TextDecoder();
    for await (const chunk of stream) {
      const s = dec.decode(chunk, { stream: true });
      all += s;
      const parts = (partial + s).split("\n");
      partial = parts.pop()!;
      for (const l of parts) onLine(l);
    }
    if (partial) onLine(partial);
  })().catch(() => {});
  return { text: () => all, done };
}
