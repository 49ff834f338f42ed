/**
 * What the benches run: the workload's loops, and the tracers (swoll and its
 * peers) with how to start them, when they are attached, and how to read
 * the events and losses they report.
 *
 * Two kinds of tracer:
 *  - beside the workload (`cmd`): started, waited for until its BPF
 *    programs are attached, left running around the workload, then stopped
 *    with SIGINT (swoll, bpftrace, libbpf-tools);
 *  - around the workload (`wrap`): the tracer runs the workload itself
 *    (strace, perf trace) and is sampled from /proc while it runs.
 */
import { spawnSync } from "bun";
import { existsSync, readFileSync, statSync } from "node:fs";
import * as P from "./procs";
import type { Check } from "./report";
import { EXISTING, MISSING, SWOLL } from "./workload";

// ---------- loops ----------

export interface Loop {
  label: string;
  args: (n: number) => string[];
}
export const GETPPID: Loop = { label: "getppid", args: (n) => ["getppid", String(n)] };
export const OPENAT_ENOENT: Loop = { label: "openat ENOENT", args: (n) => ["openat", String(n), MISSING] };
export const OPENAT_CLOSE: Loop = { label: "openat+close", args: (n) => ["openat", String(n), EXISTING] };
// port 1 on loopback: nothing listens, so connect fails fast with ECONNREFUSED
export const CONNECT: Loop = { label: "connect refused", args: (n) => ["connect", String(n), "1"] };

// ---------- tracers ----------

export interface Counts {
  events: number | null;
  lost: number | null;
}

export interface Tracer {
  label: string;
  /** What must be installed: a path or a name on PATH. */
  tool: string;
  /** Runs beside the workload. */
  cmd?: string[];
  /** Runs the workload: the command prefix; `out` is a tmpfs file for the tracer's report. */
  wrap?: (out: string) => string[];
  /** Beside the workload: attached once this holds for the names of its attached programs. */
  ready?: (names: string[]) => boolean;
  /** stdout goes to a tmpfs file (`out`) instead of /dev/null. */
  keepStdout?: boolean;
  /** Events and losses from what the tracer printed (`out`: its stdout or report file). */
  parse: (out: string, stderr: string) => Counts;
  /** Cumulative counts read while it runs (serve's /metrics), at attach and before SIGINT; replaces parse. */
  counters?: (stderr: () => string) => Promise<{ events: number; lost: number }>;
  checks: Check[];
  isSwoll: boolean;
  /** Reports no event counts at all (its events and lost columns stay blank). */
  noCounts?: boolean;
}

const NONE: Counts = { events: null, lost: null };
const sh = (cmd: string[]) => spawnSync(cmd, { timeout: 60_000 }).stdout?.toString() ?? "";
/** A small report file (a summary, a map), or "" for a large one (those are counted with wc/grep). */
const small = (file: string) => (existsSync(file) && statSync(file).size < 8 << 20 ? readFileSync(file, "utf8") : "");
const sum = (xs: Iterable<RegExpMatchArray>, group = 1) => [...xs].reduce((s, m) => s + Number(m[group]), 0);

export function parseSwollSummary(stderr: string): Counts {
  const m = /swoll: (\d+) events, (\d+) lost/.exec(stderr);
  return m ? { events: Number(m[1]), lost: Number(m[2]) } : NONE;
}

/** bpftrace writes "Lost N events" into its output stream (the file), rarely to stderr. */
function bpftraceLost(out: string, stderr: string): number[] {
  const lines = `${sh(["grep", "-a", "-E", "^Lost [0-9]+ events", out])}\n${stderr}`.match(/Lost \d+ events/g) ?? [];
  return lines.map((l) => Number(/\d+/.exec(l)?.[0] ?? 0));
}

const swollReady = (names: string[]) => names.includes("swoll_enter") && names.includes("swoll_exit");

/** `swoll trace`; `bin`: another build of swoll (compare.ts --baseline). */
export function swollTrace(label: string, args: string[], checks: Check[], bin = SWOLL): Tracer {
  return { label, tool: bin, cmd: [bin, "trace", ...args], ready: swollReady, parse: (_o, e) => parseSwollSummary(e), checks, isSwoll: true };
}

/** Prometheus text: the sum of every sample of one metric. */
export const metricSum = (text: string, name: string): number =>
  sum(text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "gm")));

/** `swoll serve`: counts every syscall in the kernel; events and losses from /metrics. */
export function swollServe(label: string, checks: Check[], bin = SWOLL): Tracer {
  return {
    label, tool: bin, cmd: [bin, "serve", "--listen", "127.0.0.1:0"], ready: swollReady, parse: () => NONE, checks, isSwoll: true,
    counters: async (stderr) => {
      let base: string | undefined;
      for (let i = 0; i < 100 && !(base = /serving (http:\/\/\S+?)\/metrics /.exec(stderr())?.[1]); i++) await P.sleep(100);
      if (!base) throw new Error(`serve printed no address: ${stderr().slice(0, 200)}`);
      const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
      return { events: metricSum(text, "swoll_node_metrics_syscall_count"), lost: metricSum(text, "swoll_events_lost_total") };
    },
  };
}

/**
 * `swoll top --once`: per-process counting in the kernel, what `top` shows. It prints only when its
 * interval ends and nothing when interrupted, so its row has no event counts.
 */
export function swollTop(label: string, checks: Check[], bin = SWOLL): Tracer {
  return { label, tool: bin, cmd: [bin, "top", "--once", "--json", "-i", "1h"], ready: swollReady, parse: () => NONE, checks, isSwoll: true, noCounts: true };
}

/** `swoll seccomp`: one bit per (cgroup, syscall) in the kernel, nothing streamed; writes its profiles to /dev/null-like tmp dirs. */
export function swollSeccomp(label: string, checks: Check[]): Tracer {
  const dir = `/tmp/swoll-bench-seccomp-${process.pid}`;
  return { label, tool: SWOLL, cmd: [SWOLL, "seccomp", "--cgroup", "/", "--write-dir", dir], ready: swollReady, parse: () => NONE, checks, isSwoll: true, noCounts: true };
}

/** `swoll record`: the selected records copied, zstd-compressed, to a file (tmpfs). */
export function swollRecord(label: string, checks: Check[]): Tracer {
  return { label, tool: SWOLL, cmd: [SWOLL, "record", "-w", `/dev/shm/swoll-bench-${process.pid}.swr`], ready: swollReady, parse: (_o, e) => {
    const m = /recorded (\d+) events .*?(?:, (\d+) lost)?$/m.exec(e);
    return m ? { events: Number(m[1]), lost: Number(m[2] ?? 0) } : NONE;
  }, checks, isSwoll: true };
}

const anyProgs = (n: number) => (names: string[]) => names.length >= n;

/** bpftrace printing one line per syscall; its stdout lines are the events. */
export function bpftracePrintf(label: string, filter = ""): Tracer {
  return {
    label, tool: "bpftrace", keepStdout: true, ready: anyProgs(1), checks: [], isSwoll: false,
    // bpftrace 0.17 wants args->ret, not args.ret
    cmd: ["bpftrace", "-e", `tracepoint:raw_syscalls:sys_exit ${filter}{ printf("%d %s %d\\n", pid, comm, args->ret); }`],
    parse: (out, stderr) => {
      const lines = Number(sh(["wc", "-l", out]).trim().split(/\s+/)[0]) || 0;
      const lost = bpftraceLost(out, stderr);
      return { events: lines - lost.length, lost: lost.reduce((a, b) => a + b, 0) };
    },
  };
}

/** bpftrace counting every syscall in a map; the map is printed at exit. */
export function bpftraceCount(label: string): Tracer {
  return {
    label, tool: "bpftrace", keepStdout: true, ready: anyProgs(1), checks: [], isSwoll: false,
    cmd: ["bpftrace", "-e", "tracepoint:raw_syscalls:sys_exit { @ = count(); }"],
    parse: (out) => {
      const m = /^@: (\d+)$/m.exec(small(out));
      return { events: m ? Number(m[1]) : null, lost: null };
    },
  };
}

/** bpftrace: a log2 latency histogram per syscall nr; events are the histogram counts. */
export function bpftraceLatency(label: string): Tracer {
  return {
    label, tool: "bpftrace", keepStdout: true, ready: anyProgs(2), checks: [], isSwoll: false,
    cmd: [
      "bpftrace", "-e",
      "tracepoint:raw_syscalls:sys_enter { @start[tid] = nsecs; } " +
        "tracepoint:raw_syscalls:sys_exit /@start[tid]/ { @lat[args->id] = hist(nsecs - @start[tid]); delete(@start[tid]); } " +
        "END { clear(@start); }",
    ],
    parse: (out) => {
      const text = small(out);
      return { events: text ? sum(text.matchAll(/^\[[^\]\n]*[\])]\s+(\d+) \|/gm)) : null, lost: null };
    },
  };
}

/** Where libbpf-tools put a tool: /usr/sbin/<name> on Debian, else a `libbpf-tools`-prefixed name, else dpkg -L. */
export function libbpfTool(name: string): string | null {
  for (const n of [name, `libbpf-${name}`, `bpf-${name}`]) {
    const p = P.which(n);
    if (p) return p;
  }
  const r = spawnSync(["dpkg", "-L", "libbpf-tools"], { timeout: 10_000, stdout: "pipe", stderr: "ignore" });
  return r.stdout?.toString().split("\n").find((p) => p.endsWith(`/${name}`)) ?? null;
}

/** libbpf-tools syscount: per-syscall counts (and total latency with -L) in the kernel, printed at exit. */
export function syscount(label: string, latency: boolean): Tracer {
  const tool = libbpfTool("syscount") ?? "syscount";
  return {
    label, tool, keepStdout: true, ready: anyProgs(latency ? 2 : 1), checks: [], isSwoll: false,
    cmd: [tool, "-T", "1000", ...(latency ? ["-L"] : [])],
    parse: (out) => {
      const text = small(out);
      const table = text.slice(text.indexOf("SYSCALL"));
      return { events: text.includes("SYSCALL") ? sum(table.matchAll(/^\S+\s+(\d+)(?:\s+[\d.]+)?$/gm)) : null, lost: null };
    },
  };
}

/** libbpf-tools execsnoop: one line per execve (the loops make none); "Lost N events" on stderr. */
export function execsnoop(label: string): Tracer {
  const tool = libbpfTool("execsnoop") ?? "execsnoop";
  return {
    label, tool, keepStdout: true, ready: anyProgs(1), checks: [], isSwoll: false, cmd: [tool],
    parse: (out, stderr) => {
      const lines = small(out).split("\n").filter((l) => l && !l.startsWith("PCOMM"));
      return { events: lines.length, lost: sum(stderr.matchAll(/Lost (\d+) events/g)) };
    },
  };
}

/** strace running the workload; with -c it counts calls (the "total" row), without it writes every call to /dev/null. */
export function strace(label: string, summary: boolean): Tracer {
  return {
    label, tool: "strace", checks: [], isSwoll: false,
    wrap: (out) => (summary ? ["strace", "-c", "-o", out] : ["strace", "-f", "-o", "/dev/null"]),
    // strace never drops calls: it stops the tracee instead
    parse: (out) => {
      if (!summary) return NONE;
      const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?total$/m.exec(small(out));
      return { events: m ? Number(m[1]) : null, lost: 0 };
    },
  };
}

/** perf trace -s running the workload: per-thread syscall summary; "LOST N events" when its buffers overflow. */
export function perfTrace(label: string): Tracer {
  return {
    label, tool: "perf", checks: [], isSwoll: false,
    wrap: (out) => ["perf", "trace", "-s", "-o", out, "--"],
    parse: (out, stderr) => {
      const text = small(out);
      if (!/Summary of events/.test(text)) return NONE;
      const calls = sum(text.matchAll(/^\s+[a-z_0-9]+\s+(\d+)\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+/gm));
      return { events: calls, lost: sum(`${text}\n${stderr}`.matchAll(/LOST (\d+) events/g)) };
    },
  };
}
