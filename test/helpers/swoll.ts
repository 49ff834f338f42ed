/** Running the real dist/swoll and real workloads, and inspecting the kernel. */
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "../decode/jsonschema";

export const ROOT = join(import.meta.dir, "..", "..");
export const SWOLL = join(ROOT, "dist", "swoll");
const WORKLOAD_SRC = join(ROOT, "test", "fixtures", "workload.c");
const WORKLOAD_BIN = join(ROOT, "build", "test", "swoll-wl");

if (!existsSync(SWOLL)) throw new Error(`${SWOLL} is missing: run scripts/setup.sh (or bun run build.ts) first`);

/** The fixture workload, compiled once (comm "swoll-wl"). */
export function workload(): string {
  if (!existsSync(WORKLOAD_BIN) || statSync(WORKLOAD_BIN).mtimeMs < statSync(WORKLOAD_SRC).mtimeMs) {
    const r = Bun.spawnSync(["mkdir", "-p", join(ROOT, "build", "test")]);
    if (r.exitCode !== 0) throw new Error("mkdir failed");
    const cc = Bun.spawnSync(["cc", "-O2", "-pthread", "-o", WORKLOAD_BIN, WORKLOAD_SRC], { stderr: "pipe" });
    if (cc.exitCode !== 0) throw new Error(`cc failed: ${cc.stderr}`);
  }
  return WORKLOAD_BIN;
}

export function runWorkload(...args: string[]): void {
  const r = Bun.spawnSync([workload(), ...args], { stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`workload ${args.join(" ")} failed: ${r.stderr}`);
}

const eventSchema = new Validator(JSON.parse(readFileSync(join(ROOT, "docs", "event.schema.json"), "utf8")));

/**
 * Parse one NDJSON line; events, lost lines and -c summaries must match the published
 * schema (docs/event.schema.json), so every e2e test checks it.
 */
export function parseEventLine(line: string): any {
  const v = JSON.parse(line);
  if (v && typeof v === "object" && ("syscall" in v || v.type === "lost" || v.type === "summary")) {
    const errors = eventSchema.validate(v);
    if (errors.length) throw new Error(`line does not match docs/event.schema.json: ${errors.join("; ")}\n${line}`);
  }
  return v;
}

export interface Tracer {
  proc: ReturnType<typeof Bun.spawn>;
  pid: number;
  /** stdout so far */
  out(): string;
  err(): string;
  lines(): string[];
  json(): any[];
  /** BPF program ids this tracer holds (from /proc/<pid>/fdinfo). */
  progIds: number[];
  waitFor(pred: (t: Tracer) => boolean, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number>;
  exited: Promise<number>;
}

async function collect(stream: ReadableStream<Uint8Array>, into: { text: string }): Promise<void> {
  const dec = new TextDecoder();
  for await (const chunk of stream) into.text += dec.decode(chunk, { stream: true });
}

/** Start dist/swoll with args and wait until its probe is attached. */
export async function startTracer(args: string[], opts: { argv0?: string } = {}): Promise<Tracer> {
  const proc = Bun.spawn([opts.argv0 ?? SWOLL, ...args], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const out = { text: "" };
  const err = { text: "" };
  const outDone = collect(proc.stdout as ReadableStream<Uint8Array>, out);
  const errDone = collect(proc.stderr as ReadableStream<Uint8Array>, err);
  const exited = proc.exited.then(async (code) => {
    await Promise.all([outDone, errDone]);
    return code;
  });
  const t: Tracer = {
    proc,
    pid: proc.pid,
    out: () => out.text,
    err: () => err.text,
    // only complete lines: the last one may still be arriving
    lines: () => out.text.slice(0, out.text.lastIndexOf("\n") + 1).split("\n").filter(Boolean),
    json: () => t.lines().map(parseEventLine),
    progIds: [],
    async waitFor(pred, timeoutMs = 15000) {
      const end = Date.now() + timeoutMs;
      while (!pred(t)) {
        if (Date.now() > end) throw new Error(`timed out; stdout:\n${out.text.slice(-2000)}\nstderr:\n${err.text}`);
        if (proc.exitCode !== null) {
          await exited;
          if (!pred(t)) throw new Error(`tracer exited ${proc.exitCode}; stderr: ${err.text}`);
          return;
        }
        await Bun.sleep(20);
      }
    },
    async stop(signal = "SIGINT") {
      if (proc.exitCode === null) proc.kill(signal);
      return await exited;
    },
    exited,
  };
  const end = Date.now() + 15000;
  while (t.progIds.length < 2) {
    if (proc.exitCode !== null) throw new Error(`tracer exited ${await exited} before attaching: ${err.text}`);
    if (Date.now() > end) throw new Error(`tracer did not attach within 15 s: ${err.text}`);
    t.progIds = bpfProgIdsOf(proc.pid);
    if (t.progIds.length < 2) await Bun.sleep(20);
  }
  // attached programs show as links; give the probe a moment past attach
  while (bpfLinkCount(proc.pid) < 2 && Date.now() < end) await Bun.sleep(10);
  return t;
}

function fdinfo(pid: number, kind: string): string[] {
  const dir = `/proc/${pid}/fd`;
  const out: string[] = [];
  let fds: string[] = [];
  try {
    fds = readdirSync(dir);
  } catch {
    return out;
  }
  for (const fd of fds) {
    try {
      if (readlinkSync(join(dir, fd)) === `anon_inode:${kind}`) out.push(readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8"));
    } catch {
      // fd closed meanwhile
    }
  }
  return out;
}

export function bpfProgIdsOf(pid: number): number[] {
  return fdinfo(pid, "bpf-prog")
    .map((info) => Number(/prog_id:\s*(\d+)/.exec(info)?.[1]))
    .filter((n) => Number.isFinite(n));
}

/** Names of the BPF programs `pid` holds, one entry per program (a name twice means two probes). */
export function bpfProgNamesOf(pid: number): string[] {
  return bpfProgIdsOf(pid).map((id) => {
    const r = Bun.spawnSync(["bpftool", "prog", "show", "id", String(id), "-j"], { stdout: "pipe" });
    return String((JSON.parse(r.stdout.toString() || "{}") as { name?: string }).name);
  });
}

/**
 * The rules of the probe `pid` holds (bpf/events.h, struct swoll_rules),
 * read from the kernel: how many are in use, and how many stream.
 * Null when `pid` holds no rules map.
 */
export function kernelRulesOf(pid: number): { active: number; stream: number } | null {
  const ids = fdinfo(pid, "bpf-map").map((info) => Number(/map_id:\s*(\d+)/.exec(info)?.[1]));
  for (const id of ids) {
    const show = Bun.spawnSync(["bpftool", "map", "show", "id", String(id), "-j"], { stdout: "pipe" });
    if ((JSON.parse(show.stdout.toString() || "{}") as { name?: string }).name !== "rules") continue;
    const dump = Bun.spawnSync(["bpftool", "map", "dump", "id", String(id), "-j"], { stdout: "pipe" });
    const bytes = (JSON.parse(dump.stdout.toString()) as { value: string[] }[])[0]!.value.map((b) => Number(b));
    // u64 masks: active at 0, stream at 8; count the bits
    const bits = (off: number) => bytes.slice(off, off + 8).reduce((n, b) => n + [...b.toString(2)].filter((d) => d === "1").length, 0);
    return { active: bits(0), stream: bits(8) };
  }
  return null;
}

export function bpfLinkCount(pid: number): number {
  return fdinfo(pid, "bpf_link").length;
}

/** Program ids currently loaded in the kernel. */
export function loadedProgIds(): Set<number> {
  const r = Bun.spawnSync(["bpftool", "prog", "show", "-j"], { stdout: "pipe" });
  return new Set((JSON.parse(r.stdout.toString() || "[]") as { id: number }[]).map((p) => p.id));
}

/** Waits (the kernel frees asynchronously) until none of ids is loaded. */
export async function expectProgramsGone(ids: number[], timeoutMs = 5000): Promise<number[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const live = loadedProgIds();
    const left = ids.filter((id) => live.has(id));
    if (left.length === 0 || Date.now() > end) return left;
    await Bun.sleep(50);
  }
}

/** A thread's nice value (field 19 of /proc/PID/task/TID/stat); the main thread by default. */
export function niceOf(pid: number, tid = pid): number {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
}

export function uniquePath(tag: string): string {
  return `/tmp/swoll-test-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Run swoll to completion (for bad-input tests). */
export function runSwoll(args: string[], opts: { user?: number } = {}) {
  const cmd = opts.user !== undefined ? ["setpriv", `--reuid=${opts.user}`, `--regid=${opts.user}`, "--clear-groups", SWOLL, ...args] : [SWOLL, ...args];
  const r = Bun.spawnSync(cmd, { stdout: "pipe", stderr: "pipe", timeout: 20000 });
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}
