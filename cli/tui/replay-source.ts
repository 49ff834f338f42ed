/**
 * `swoll top --replay FILE`: a recording played back as the sources top
 * reads live. A Player walks the recording in recording time; the snapshot
 * source counts what has been played (per process, as the kernel counts
 * for top) and trace views opened on it receive the played events that
 * match their selection. With --once, the whole window is played at once.
 */
import { bucketOf, latencyBoundsNs } from "../metrics/kernel";
import type { Decoded } from "../decode/event";
import type { CgroupId } from "../decode/cgroup-id";
import { errnoByName } from "../decode/errno";
import type { ContainerMeta } from "../containers/attributor";
import { identityOf } from "./live/kernel-source";
import type { PodIdentity } from "../metadata/identity";
import type { RecordingReader, ReplayItem } from "../record/reader";
import { RecordingError } from "../record/format";
import { toLine } from "./live/trace-source";
import { rowKey } from "./stats";
import type { SnapshotSource, SourceRow, SourceSnapshot, TraceBatchRead, TraceLine, TraceSelection, TraceSource, TraceStream } from "./types";

/** Recording time (CLOCK_MONOTONIC ns of the recorder) ↔ playback. */
export class Player {
  private readonly items: Generator<ReplayItem>;
  private pending: Decoded | null = null;
  private done = false;
  /** Recording time played up to (ns); starts at the first event. */
  nowNs = -1;
  firstNs = -1;
  lost = 0;
  /** Why the recording could not be read to its end (a corrupt file), or null. */
  error: string | null = null;
  private readonly listeners = new Set<(d: Decoded) => void>();

  constructor(readonly reader: RecordingReader, private readonly fromNs: number, private readonly toNs: number) {
    this.items = reader.items(true);
  }

  get finished(): boolean {
    return this.done && this.pending === null;
  }

  onEvent(f: (d: Decoded) => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  private next(): Decoded | null {
    if (this.pending) return this.pending;
    while (!this.done) {
      let it: IteratorResult<ReplayItem>;
      try {
        it = this.items.next();
      } catch (e) {
        // a corrupt file ends the playback where it breaks; top says why once it is done
        if (!(e instanceof RecordingError)) throw e;
        this.error = e.message;
        this.done = true;
        break;
      }
      if (it.done) {
        this.done = true;
        break;
      }
      if (it.value.type === "lost") {
        this.lost += it.value.lost.count;
        continue;
      }
      const d = it.value.decoded;
      if (d.event.finish < this.fromNs) continue;
      if (d.event.finish > this.toNs) {
        this.done = true;
        break;
      }
      if (this.firstNs < 0) this.nowNs = this.firstNs = d.event.finish;
      this.pending = d;
      return d;
    }
    return null;
  }

  /** Play every event that finished by recording time `ns` (Infinity: to the end). */
  playTo(ns: number): void {
    for (let d = this.next(); d && d.event.finish <= ns; d = this.next()) {
      this.pending = null;
      this.nowNs = Math.max(this.nowNs, d.event.finish);
      for (const f of this.listeners) f(d);
    }
    // an interactive clock runs on through quiet stretches of the recording
    if (this.firstNs >= 0 && Number.isFinite(ns)) this.nowNs = Math.max(this.nowNs, ns);
  }
}

/** Counts what the player plays, keyed as the kernel keys top's rows. */
export class ReplaySnapshotSource implements SnapshotSource {
  readonly boundsNs = latencyBoundsNs();
  readonly startedAtMs = 0;
  readonly perProcess = true;
  private readonly rows = new Map<string, SourceRow>();
  private readonly latestComm = new Map<number, string>();
  private lastWallMs = -1;

  constructor(private readonly player: Player, private readonly speed: number, private readonly metaOf: (cg: CgroupId, pid: number) => ContainerMeta | null) {
    player.onEvent((d) => this.count(d));
  }

  private count(d: Decoded): void {
    const e = d.event;
    const errno = e.error !== "OK" && e.error !== null ? (errnoByName(e.error) ?? -(e.return ?? 0)) : 0;
    const key = { cgroupId: e.cgroup_id, nr: e.syscall.nr, errno, count: 0, totalNs: 0, buckets: [], tgid: e.pid, comm: e.comm } as SourceRow;
    const k = rowKey(key);
    let r = this.rows.get(k);
    if (!r) this.rows.set(k, (r = { ...key, buckets: new Array(this.boundsNs.length + 1).fill(0) }));
    r.count++;
    r.totalNs += d.latencyNs;
    r.buckets[bucketOf(d.latencyNs)]!++;
    this.latestComm.set(e.pid, e.comm);
  }

  /** Interactive: advance playback by the wall time since the last read, times the speed. */
  read(): SourceSnapshot {
    const now = performance.now();
    if (this.lastWallMs < 0) this.lastWallMs = now;
    const p = this.player;
    p.playTo(this.speed > 0 ? p.nowNs + (now - this.lastWallMs) * 1e6 * this.speed : Infinity);
    this.lastWallMs = now;
    return this.snapshot();
  }

  /** The rows as of the recording time played, with atMs in recording time since the first event. */
  snapshot(): SourceSnapshot {
    const p = this.player;
    const rows = [...this.rows.values()].map((r) => ({ ...r, buckets: [...r.buckets], processName: this.latestComm.get(r.tgid!) }));
    return { rows, atMs: p.firstNs < 0 ? 0 : Math.max(1, (p.nowNs - p.firstNs) / 1e6), lost: { "lost while recording": p.lost } };
  }

  identity(cgroupId: CgroupId): PodIdentity {
    return identityOf(this.metaOf(cgroupId, 0));
  }

  close(): void {}
}

/** Drill-down views over the played events. */
export class ReplayTraceSource implements TraceSource {
  constructor(private readonly player: Player) {}

  open(sel: TraceSelection): TraceStream {
    const lines: TraceLine[] = [];
    const wants = (d: Decoded) => {
      const e = d.event;
      return (!sel.syscalls || sel.syscalls.includes(e.syscall.nr)) && (!sel.cgroups || sel.cgroups.includes(e.cgroup_id)) &&
        (!sel.pids || sel.pids.includes(e.pid)) && (!sel.comms || sel.comms.includes(e.comm)) && (sel.result === null || (e.error ?? "?") === sel.result);
    };
    const off = this.player.onEvent((d) => {
      if (wants(d)) lines.push(toLine(d));
    });
    return {
      read(): TraceBatchRead {
        const skipped = Math.max(0, lines.length - 1000);
        const out = lines.slice(skipped);
        lines.length = 0;
        return { lines: out, lost: 0, skipped };
      },
      close: off,
    };
  }
}
