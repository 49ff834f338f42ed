/** Running the real `dist/swoll serve`, scraping it, and making fresh cgroups for workloads. */
import { mkdirSync, readFileSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { cgroup2Mount } from "../../cli/containers/cgroupfs";
import type { CgroupId } from "../../cli/decode/cgroup-id";
import { startTracer, workload, type Tracer } from "./swoll";
import { waitFor } from "./wait";

/** promtool lints the original swoll's metric names; those names are the contract. */
export const SEED_NAME_LINTS = [
  'swoll_node_metrics_syscall_count counter metrics should have "_total" suffix',
  'swoll_node_metrics_syscall_count non-histogram and non-summary metrics should not have "_count" suffix',
  'swoll_node_metrics_syscall_time counter metrics should have "_total" suffix',
];

export interface Served {
  t: Tracer;
  port: number;
  base: string;
  get(path: string): Promise<Response>;
  text(path: string): Promise<string>;
  json<T = any>(path: string): Promise<T>;
  stop(signal?: NodeJS.Signals): Promise<number>;
}

/** Start `swoll serve` on a free loopback port and wait until it answers. */
export async function startServe(extra: string[] = []): Promise<Served> {
  const t = await startTracer(["serve", "--listen", "127.0.0.1:0", ...extra]);
  await t.waitFor((t) => /serving http:\/\/127\.0\.0\.1:\d+\/metrics/.test(t.err()));
  const port = Number(/127\.0\.0\.1:(\d+)\/metrics/.exec(t.err())![1]);
  const base = `http://127.0.0.1:${port}`;
  const get = (path: string) => fetch(base + path);
  return {
    t,
    port,
    base,
    get,
    text: async (path) => (await get(path)).text(),
    json: async (path) => (await get(path)).json(),
    stop: (signal = "SIGTERM") => t.stop(signal),
  };
}

/** A port nobody listens on right now. */
export function freePort(): number {
  const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = s.port;
  s.stop(true);
  return port;
}

/** The cgroup2 mount point swoll itself uses. */
export function cgroup2Root(): string {
  const root = cgroup2Mount();
  if (!root) throw new Error("no cgroup2 mount in /proc/mounts");
  return root;
}

export interface TestCgroup {
  path: string;
  /** the cgroup id the probe reports: the directory's inode number */
  id: CgroupId;
  /** run the fixture workload inside this cgroup and wait for it */
  run(...args: string[]): void;
  remove(): void;
}

export function freshCgroup(tag: string): TestCgroup {
  const path = join(cgroup2Root(), `swoll-test-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(path);
  const id = Number(statSync(path, { bigint: true }).ino);
  return {
    path,
    id,
    run(...args) {
      // the shell moves itself in, then becomes the workload
      const script = `echo $$ > "$1/cgroup.procs" && shift && exec "$@"`;
      const r = Bun.spawnSync(["sh", "-c", script, "sh", path, workload(), ...args], { stderr: "pipe" });
      if (r.exitCode !== 0) throw new Error(`workload in ${path} failed: ${r.stderr}`);
    },
    remove() {
      for (let i = 0; i < 50; i++) {
        try {
          rmdirSync(path);
          return;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
          Bun.sleepSync(20); // the last process is still being reaped
        }
      }
      rmdirSync(path);
    },
  };
}

/** Rows of /metrics/cgroups for one cgroup, as {syscall/err: count}. */
export async function cgroupCounts(s: Served, id: CgroupId): Promise<Record<string, number>> {
  const rows = await s.json<{ syscall: string; err: string; count: number }[]>(`/metrics/cgroups?id=${id}`);
  return Object.fromEntries(rows.map((r) => [`${r.syscall}/${r.err}`, r.count]));
}

/** Polls `probe` until `ok` holds for its value; the value, or an error naming `what`. */
export async function until<T>(what: string, probe: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 15000): Promise<T> {
  let last: T | undefined;
  await waitFor(
    async () => {
      last = await probe();
      return ok(last) || undefined;
    },
    { what, timeoutMs, intervalMs: 100 },
  ).catch((e: Error) => {
    throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`, { cause: e });
  });
  return last as T;
}

/** Parsed exposition: samples by "name{labels}", plus HELP/TYPE per family. */
export function parseExposition(body: string) {
  const samples = new Map<string, number>();
  const duplicates: string[] = [];
  const help = new Map<string, number>();
  const type = new Map<string, string>();
  for (const line of body.split("\n")) {
    if (!line) continue;
    const m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (m) {
      if (m[1] === "HELP") help.set(m[2]!, (help.get(m[2]!) ?? 0) + 1);
      else {
        if (type.has(m[2]!)) duplicates.push(`TYPE ${m[2]}`);
        type.set(m[2]!, m[3]!);
      }
      continue;
    }
    const i = line.lastIndexOf(" ");
    const key = line.slice(0, i);
    if (samples.has(key)) duplicates.push(key);
    samples.set(key, Number(line.slice(i + 1)));
  }
  return { samples, duplicates, help, type };
}
