/** A small, fixed node for the TUI tests: cgroups with pods, syscalls, errnos, and processes. */
import { syscallTable } from "../../cli/decode/syscalls";
import { tableNames } from "../../cli/tui/names";
import { TopStore } from "../../cli/tui/store";
import type { PodIdentity as Identity } from "../../cli/metadata/identity";
import type { SnapshotSource, SourceRow, SourceSnapshot, TraceBatchRead, TraceLine, TraceSelection, TraceSource, TraceStream } from "../../cli/tui/types";

export const BOUNDS = Array.from({ length: 29 }, (_, i) => 2 ** (i + 6)); // 64ns … 2^34ns, then +Inf
export const names = tableNames(syscallTable("x86_64"));

export const NR = { read: 0, openat: 257, getppid: 110, futex: 202, connect: 42 };
export const ERR = { ENOENT: 2, ETIMEDOUT: 110, EAGAIN: 11, ECONNREFUSED: 111 };

const IDS: Record<string, Identity> = {
  "1": { namespace: "", pod: "", container: "" },
  "100": { namespace: "shop", pod: "web-7c5ddbdf54-x8p2q", container: "nginx" },
  "200": { namespace: "shop", pod: "db-0", container: "postgres" },
  "300": { namespace: "kube-system", pod: "coredns-5d78c9869d-abcde", container: "coredns" },
};
export const identity = (id: number): Identity => IDS[String(id)] ?? { namespace: "", pod: "", container: "" };

/** Buckets with `n` calls in the bucket whose upper bound is `ns`. */
export function at(ns: number, n: number, into: number[] = new Array(30).fill(0)): number[] {
  const i = BOUNDS.findIndex((b) => ns <= b);
  const b = i < 0 ? 29 : i;
  into[b] = (into[b] ?? 0) + n;
  return into;
}

export function row(cgroup: number, nr: number, errno: number, count: number, ns: number, extra: Partial<SourceRow> = {}): SourceRow {
  return { cgroupId: cgroup, nr, errno, count, totalNs: count * ns, buckets: at(ns, count), ...extra };
}

/** First window (1 s): the node's traffic. */
export function window1(withProcess = false): SourceRow[] {
  const p = (tgid: number, comm: string) => (withProcess ? { tgid, comm } : {});
  return [
    row(1, NR.getppid, 0, 5000, 300, p(4242, "swoll-wl")),
    row(100, NR.openat, 0, 900, 2000, p(1001, "nginx")),
    row(100, NR.openat, ERR.ENOENT, 100, 1500, p(1001, "nginx")),
    row(100, NR.read, 0, 2000, 800, p(1001, "nginx")),
    row(200, NR.futex, ERR.ETIMEDOUT, 40, 50_000_000, p(2002, "postgres")),
    row(200, NR.read, 0, 600, 900, p(2002, "postgres")),
    row(300, NR.connect, ERR.ECONNREFUSED, 10, 40_000, p(3003, "coredns")),
  ];
}

/** Second window: more of everything, openat errors up, coredns quiet. */
export function window2(withProcess = false): SourceRow[] {
  const p = (tgid: number, comm: string) => (withProcess ? { tgid, comm } : {});
  return [
    row(1, NR.getppid, 0, 9000, 300, p(4242, "swoll-wl")),
    row(100, NR.openat, 0, 1800, 2000, p(1001, "nginx")),
    row(100, NR.openat, ERR.ENOENT, 400, 1500, p(1001, "nginx")),
    row(100, NR.read, 0, 3000, 800, p(1001, "nginx")),
    row(200, NR.futex, ERR.ETIMEDOUT, 80, 50_000_000, p(2002, "postgres")),
    row(200, NR.read, 0, 1200, 900, p(2002, "postgres")),
    row(300, NR.connect, ERR.ECONNREFUSED, 10, 40_000, p(3003, "coredns")),
  ];
}

export function snapshot(rows: SourceRow[], atMs: number, lost: Record<string, number> = { "aggregation map full": 0 }): SourceSnapshot {
  return { rows, atMs, lost };
}

export function newStore(opts: { perProcess?: boolean } = {}): TopStore {
  return new TopStore({ boundsNs: BOUNDS, startedAtMs: 0, perProcess: !!opts.perProcess, names, identity });
}

/** A store with both windows in. */
export function filledStore(opts: { perProcess?: boolean } = {}): TopStore {
  const s = newStore(opts);
  s.ingest(snapshot(window1(opts.perProcess), 1000));
  s.ingest(snapshot(window2(opts.perProcess), 2000));
  return s;
}

/** Snapshots handed out in order; the last one repeats. */
export class FakeSnapshotSource implements SnapshotSource {
  readonly boundsNs = BOUNDS;
  readonly startedAtMs = 0;
  closed = false;
  private i = 0;
  constructor(private readonly snaps: SourceSnapshot[], readonly perProcess = false) {}
  read(): SourceSnapshot {
    return this.snaps[Math.min(this.i++, this.snaps.length - 1)]!;
  }
  identity = identity;
  close(): void {
    this.closed = true;
  }
}

export function line(over: Partial<TraceLine> = {}): TraceLine {
  return { time: "21:04:05.123456", comm: "nginx", pid: 1001, tid: 1001, call: 'openat(AT_FDCWD, "/etc/nginx/missing.conf", O_RDONLY)', result: "-1 ENOENT (No such file or directory)", failed: true, latencyNs: 1500, ...over };
}

/** Records what was opened; each stream hands out `batches` then nothing. */
export class FakeTraceSource implements TraceSource {
  opened: TraceSelection[] = [];
  /** Streams open now. */
  live = 0;
  constructor(private readonly batches: TraceBatchRead[] = []) {}
  open(sel: TraceSelection): TraceStream {
    this.opened.push(sel);
    this.live++;
    const queue = [...this.batches];
    return {
      read: () => queue.shift() ?? { lines: [], lost: 0 },
      close: () => {
        this.live--;
      },
    };
  }
}
