/**
 * Reads a recording back: the header, then events decoded exactly as the
 * live tracer decodes them (same decoder, the recording's syscall table
 * and clock offset), each with the container metadata that was current
 * when it was recorded, and the recorded losses.
 */
import { closeSync, constants, fstatSync, openSync } from "node:fs";
import { WallClock } from "../decode/clock";
import { EventDecoder, type Decoded } from "../decode/event";
import { EVENT, EventKind, FRAME_HEADER } from "../decode/layout";
import { syscallTable, type Arch, type SyscallTable } from "../decode/syscalls";
import type { ContainerInfo } from "../decode/event";
import type { LostReport } from "../trace/loss";
import { ChunkType, FrameReader, RecordingError, chunksOf, jsonChunk, type RecordingHeader } from "./format";
import { checkHeader, checkLost, checkMeta, checkSummary, type RecordingSummary } from "./validate";
import { layoutConverter } from "./layout";

export type ReplayItem = { type: "event"; decoded: Decoded } | { type: "lost"; lost: LostReport };

/** A record's bytes: buffer, its view, offset and length. */
export type RawRecord = [Uint8Array, DataView, number, number];

export type { RecordingSummary } from "./validate";

export class RecordingReader {
  readonly header: RecordingHeader;
  readonly table: SyscallTable;
  /** Set once the End chunk is read; null while reading, or when the file was cut short. */
  summary: RecordingSummary | null = null;
  private readonly frames: FrameReader;
  private readonly fd: number;
  private readonly byCgroup = new Map<number, ContainerInfo | null>();
  private readonly byPid = new Map<number, ContainerInfo | null>();
  private pending: Uint8Array | null;

  private constructor(fd: number, frames: FrameReader, header: RecordingHeader, rest: Uint8Array | null) {
    this.fd = fd;
    this.frames = frames;
    this.header = header;
    this.table = syscallTable(header.arch as Arch);
    this.pending = rest;
  }

  /** Opens a recording; one clear RecordingError for anything that is not a readable swoll recording. */
  static open(path: string): RecordingReader {
    let fd: number;
    try {
      // O_NONBLOCK: a FIFO given by mistake must not hang the open
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new RecordingError(`cannot open ${path}: ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (e as Error).message}`);
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new RecordingError(`${path} is not a regular file; give the file swoll record -w wrote`);
      const frames = new FrameReader(fd, st.size, path);
      const first = frames.next();
      if (!first) throw new RecordingError(`${path} has no header (${frames.cut ?? "empty"}); it is not a complete swoll recording`);
      const it = chunksOf(first);
      const h = it.next();
      if (h.done || h.value.type !== ChunkType.Header) throw new RecordingError(`${path} does not start with a recording header`);
      const header = checkHeader(jsonChunk(h.value, "header"), path);
      // the rest of the first frame is read with the others
      const hlen = 8 + h.value.data.length;
      return new RecordingReader(fd, frames, header, first.subarray(hlen));
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Why the file ended early (a killed recorder), or null. */
  get cut(): string | null {
    return this.frames.cut;
  }

  /** The container a recorded event belongs to, as known when it was recorded. */
  container(cgroupId: number, pid: number): ContainerInfo | null {
    return this.byPid.get(pid) ?? this.byCgroup.get(cgroupId) ?? null;
  }

  /**
   * Every item in order; `text`: render strace-style argument text (text
   * output). Metadata chunks update what container() returns as they pass.
   */
  *items(text: boolean): Generator<ReplayItem> {
    const decoder = new EventDecoder(this.table, text, new WallClock(() => BigInt(this.header.realtimeOffsetNs)), this.header.strsize || undefined);
    const convert = layoutConverter(this.header.layout);
    for (let frame = this.pending ?? this.frames.next(); frame; frame = this.frames.next()) {
      this.pending = null;
      for (const c of chunksOf(frame)) {
        switch (c.type) {
          case ChunkType.Meta: {
            const m = checkMeta(jsonChunk(c, "metadata"));
            (m.pid !== undefined ? this.byPid.set(m.pid, m.container as ContainerInfo | null) : this.byCgroup.set(m.cgroupId, m.container as ContainerInfo | null));
            break;
          }
          case ChunkType.Lost:
            yield { type: "lost", lost: checkLost(jsonChunk(c, "loss record")) };
            break;
          case ChunkType.End:
            this.summary = checkSummary(jsonChunk(c, "end record"));
            break;
          case ChunkType.Events:
            yield* this.events(c.data, decoder, convert);
            break;
          case ChunkType.Header:
            throw new RecordingError("a second header in the middle of the recording: the file is corrupt");
          default:
            break; // a chunk type from a later minor revision: skipped
        }
      }
    }
  }

  private *events(data: Uint8Array, decoder: EventDecoder, convert: ReturnType<typeof layoutConverter>): Generator<ReplayItem> {
    decoder.beginBatch();
    for (const [rbuf, rdv, roff, rlen] of syscallRecords(data, convert)) {
      const d = decoder.decode(rbuf, rdv, roff, rlen);
      d.event.container = this.container(d.event.cgroup_id, d.event.pid);
      yield { type: "event", decoded: d };
    }
  }

  /** Every syscall record as the probe produced it, in today's layout, undecoded (benchmarks render them). */
  *records(): Generator<RawRecord> {
    const convert = layoutConverter(this.header.layout);
    for (let frame = this.pending ?? this.frames.next(); frame; frame = this.frames.next()) {
      this.pending = null;
      for (const c of chunksOf(frame)) if (c.type === ChunkType.Events) yield* syscallRecords(c.data, convert);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** The syscall records of an Events chunk, converted from the recording's layout when it differs. */
function* syscallRecords(buf: Uint8Array, convert: ReturnType<typeof layoutConverter>): Generator<RawRecord> {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 0;
  while (off + FRAME_HEADER <= buf.length) {
    const len = dv.getUint32(off, true);
    const rec = off + FRAME_HEADER;
    off = rec + ((len + 7) & ~7);
    if (rec + len > buf.length) throw new RecordingError("an event record overruns its chunk: the file is corrupt");
    const r: RawRecord = convert ? convert(buf, rec, len) : [buf, dv, rec, len];
    if (r[3] >= EVENT.size && r[1].getUint16(r[2] + EVENT.kind, true) === EventKind.Syscall) yield r;
  }
}
