/**
 * Drains a running trace into a recording without decoding anything: each
 * record's header gives its container (cgroup id, pid) and the selection
 * the kernel could not make; kept records are copied as they are. Container
 * metadata goes in as it is first seen and whenever it changes.
 *
 * As a flight recorder, batches stay in memory (the last `flightBytes` of
 * them) and reach the file only on dump().
 */
import { EVENT, EventKind, FRAME_HEADER } from "../decode/layout";
import type { ContainerMeta } from "../containers/attributor";
import type { LostReport } from "../trace/loss";
import type { MetaChunk } from "./format";
import type { RecordingWriter } from "./writer";

export interface RecordSource {
  /** Copy waiting records into buf; bytes written. */
  drain(buf: Uint8Array): number;
  containerOf(cgroupId: number, pid: number, pidNs: number): ContainerMeta | null;
  keeps(c: ContainerMeta | null): boolean;
  /** Containers are per process, not per cgroup (cgroup v1 hosts). */
  readonly perProcess: boolean;
}

interface Batch {
  bytes: Uint8Array;
  /** Offsets of the records' frames in bytes, for trimming the oldest batch. */
  frames: number[];
}

/**
 * Keys remembered as written. Past it the memory starts again: a key seen
 * again costs one more metadata chunk in the file, never unbounded memory
 * (pids on a cgroup v1 host are as many as a tenant cares to fork).
 */
export const META_SEEN_MAX = 65_536;
const FLIGHT_META_MIN = 4096;

export class Recorder {
  /** Events written (or, as a flight recorder, held). */
  events = 0;
  private readonly buf: Uint8Array;
  private readonly dv: DataView;
  private readonly kept: Uint8Array;
  /** Key (cgroup id, or pid on cgroup v1 hosts) → the metadata last written for it; bounded by META_SEEN_MAX. */
  private readonly metaSeen = new Map<number, ContainerMeta | null>();
  /** The flight window's metadata is pruned to what its records use once it passes this many chunks. */
  private flightMetaLimit = FLIGHT_META_MIN;
  private readonly flight: Batch[] = [];
  private flightSize = 0;
  private flightMeta: MetaChunk[] = [];

  constructor(
    private readonly source: RecordSource,
    private readonly writer: RecordingWriter,
    private limit = Infinity,
    private readonly flightBytes = 0,
    drainBytes = 1 << 20,
  ) {
    this.buf = new Uint8Array(drainBytes);
    this.dv = new DataView(this.buf.buffer);
    this.kept = new Uint8Array(drainBytes);
  }

  get done(): boolean {
    return this.events >= this.limit || this.writer.full;
  }

  /** Drain one batch; returns bytes drained (a full buffer means more waits). */
  step(): number {
    const n = this.source.drain(this.buf);
    const { buf, dv, source } = this;
    let out = 0;
    let count = 0;
    const frames: number[] = [];
    for (let off = 0; off < n && this.events + count < this.limit; ) {
      const len = dv.getUint32(off, true);
      const rec = off + FRAME_HEADER;
      const next = rec + ((len + 7) & ~7);
      if (len >= EVENT.size && dv.getUint16(rec + EVENT.kind, true) === EventKind.Syscall) {
        const cg = Number(dv.getBigUint64(rec + EVENT.cgroupId, true));
        const pid = dv.getUint32(rec + EVENT.tgid, true);
        const c = source.containerOf(cg, pid, dv.getUint32(rec + EVENT.pidNs, true));
        if (source.keeps(c)) {
          this.noteMeta(source.perProcess ? pid : cg, cg, pid, c);
          frames.push(out);
          this.kept.set(buf.subarray(off, next), out);
          out += next - off;
          count++;
        }
      }
      off = next;
    }
    if (count > 0) {
      this.events += count;
      if (this.flightBytes > 0) this.hold(this.kept.slice(0, out), frames);
      else this.writer.events(this.kept.subarray(0, out));
    }
    if (this.flightBytes === 0) this.writer.tick();
    return n;
  }

  lost(l: LostReport): void {
    if (this.flightBytes === 0) this.writer.lost(l);
  }

  private noteMeta(key: number, cg: number, pid: number, c: ContainerMeta | null): void {
    if (this.metaSeen.has(key) && this.metaSeen.get(key) === c) return;
    if (this.metaSeen.size >= META_SEEN_MAX && !this.metaSeen.has(key)) this.metaSeen.clear();
    this.metaSeen.set(key, c);
    const m: MetaChunk = { cgroupId: cg, container: c ? publicMeta(c) : null, at: new Date().toISOString() };
    if (this.source.perProcess) m.pid = pid;
    if (this.flightBytes > 0) this.flightMeta.push(m);
    else this.writer.meta(m);
  }

  /** Flight recorder: keep this batch, then drop the oldest records past the budget. */
  private hold(bytes: Uint8Array, frames: number[]): void {
    this.flight.push({ bytes, frames });
    this.flightSize += bytes.length;
    while (this.flightSize > this.flightBytes && this.flight.length) {
      const oldest = this.flight[0]!;
      const excess = this.flightSize - this.flightBytes;
      if (excess >= oldest.bytes.length) {
        this.flight.shift();
        this.flightSize -= oldest.bytes.length;
        this.events -= oldest.frames.length;
        continue;
      }
      // trim the oldest batch at the first record boundary past the excess
      const cut = oldest.frames.findIndex((f) => f >= excess);
      const at = cut < 0 ? oldest.bytes.length : oldest.frames[cut]!;
      oldest.bytes = oldest.bytes.subarray(at);
      const dropped = cut < 0 ? oldest.frames.length : cut;
      oldest.frames = oldest.frames.slice(dropped).map((f) => f - at);
      this.events -= dropped;
      this.flightSize -= at;
    }
    // metadata no record in the window refers to can go too, once it piles up
    if (this.flightMeta.length > this.flightMetaLimit) {
      this.flightMeta = this.latestMeta().filter((m) => this.windowKeys().has(metaKey(m.cgroupId, m.pid)));
      this.flightMetaLimit = Math.max(FLIGHT_META_MIN, 2 * this.flightMeta.length);
    }
  }

  private latestMeta(): MetaChunk[] {
    const last = new Map<string, MetaChunk>();
    for (const m of this.flightMeta) last.set(metaKey(m.cgroupId, m.pid), m);
    return [...last.values()];
  }

  /** The (cgroup id, pid) keys of the records the flight window holds. */
  private windowKeys(): Set<string> {
    const keys = new Set<string>();
    const perProcess = this.source.perProcess;
    for (const b of this.flight) {
      const dv = new DataView(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength);
      for (const f of b.frames) {
        const rec = f + FRAME_HEADER;
        const cg = Number(dv.getBigUint64(rec + EVENT.cgroupId, true));
        keys.add(metaKey(cg, perProcess ? dv.getUint32(rec + EVENT.tgid, true) : undefined));
      }
    }
    return keys;
  }

  /** Flight recorder: write what the window holds (the metadata its records use first), then start an empty window. */
  dump(): void {
    const keys = this.windowKeys();
    for (const m of this.latestMeta()) if (keys.has(metaKey(m.cgroupId, m.pid))) this.writer.meta(m);
    for (const b of this.flight) this.writer.events(b.bytes);
    this.writer.flush();
    this.flight.length = 0;
    this.flightSize = 0;
    this.flightMeta = [];
  }
}

/** The fields the JSON event carries in `container` (the seed's, without swoll's internal ids). */
function publicMeta(c: ContainerMeta): Record<string, unknown> {
  return { ...c };
}

function metaKey(cgroupId: number, pid: number | undefined): string {
  return `${cgroupId}/${pid ?? ""}`;
}
