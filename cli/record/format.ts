/**
 * The recording file (`swoll record -w FILE`, read by `swoll replay`).
 *
 * The whole file is a plain zstd stream (`zstd -dc FILE` unpacks it), made
 * of independently flushed frames so that a recorder killed with SIGKILL
 * loses at most its last unflushed second:
 *
 *   [skippable frame: "SWOLLREC" + u32 format version]     identifies the file
 *   ([skippable frame: u32 length of the next frame] [zstd frame])*
 *
 * The skippable frames (magic 0x184D2A5x) are ignored by zstd itself; they
 * let a reader walk the frames without parsing zstd's block structure.
 * Unpacked, each data frame is a run of chunks, each [u32 type][u32 len]
 * [len bytes]: a Header (JSON) first, then Meta (JSON: container metadata
 * and its changes), Events (records exactly as the probe drained them,
 * framed as [u32 len][u32 ring][record padded to 8]), Lost (JSON) and a
 * final End (JSON). A file without End was cut short.
 */

import { readSync } from "node:fs";
import { zstdDecompressSync } from "node:zlib";

export const FORMAT_VERSION = 1;
export const FILE_MAGIC = "SWOLLREC";
const SKIPPABLE_ID = 0x184d2a50; // the first of zstd's 16 skippable magics
const SKIPPABLE_LEN = 0x184d2a51; // ours: "the next frame is this long"
const ZSTD_MAGIC = 0xfd2fb528;
/** The most one frame may unpack to. The writer's frames hold about 2 MiB at most; a larger one is not ours. */
export const MAX_FRAME_BYTES = 64 << 20;

export const ChunkType = { Header: 1, Meta: 2, Events: 3, Lost: 4, End: 5 } as const;
export type ChunkTypeId = (typeof ChunkType)[keyof typeof ChunkType];

/** What every recording starts with. */
export interface RecordingHeader {
  format: "swoll-recording";
  version: number;
  swoll: string;
  node: string;
  kernel: string;
  arch: string;
  /** The syscall table the numbers in the records refer to: [nr, name]. */
  syscalls: [number, string][];
  /** CLOCK_REALTIME − CLOCK_MONOTONIC in ns (decimal string: it exceeds 2^53) when the recording started. */
  realtimeOffsetNs: string;
  /** IANA time zone of the recording machine, and its UTC offset in minutes then. */
  timeZone: string;
  utcOffsetMinutes: number;
  startedAt: string;
  /** The command line's selection, for the reader's information. */
  selection: Record<string, unknown>;
  strsize: number;
  argc: number;
  /** Byte offsets of the event record's fields at this version (see cli/decode/layout.ts). */
  layout: Record<string, number>;
}

/** A container's metadata as known at that moment, by cgroup id (null: the cgroup is not a container). */
export interface MetaChunk {
  cgroupId: number;
  /** Set on hosts attributed per process (containers only in cgroup v1): the process this applies to. */
  pid?: number;
  container: Record<string, unknown> | null;
  at: string;
}

export class RecordingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordingError";
  }
}

function skippable(magic: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, magic, true);
  dv.setUint32(4, payload.length, true);
  out.set(payload, 8);
  return out;
}

/** The file's first bytes. */
export function fileHead(): Uint8Array {
  const p = new Uint8Array(12);
  p.set(new TextEncoder().encode(FILE_MAGIC));
  new DataView(p.buffer).setUint32(8, FORMAT_VERSION, true);
  return skippable(SKIPPABLE_ID, p);
}

/** A chunk's head, [u32 type][u32 len], at `at` of `b`. */
export function writeChunkHead(b: Uint8Array, at: number, type: number, len: number): void {
  const dv = new DataView(b.buffer, b.byteOffset + at, 8);
  dv.setUint32(0, type, true);
  dv.setUint32(4, len, true);
}

/** A chunk on its own: [u32 type][u32 len][data]. */
export function chunkOf(type: number, data: Uint8Array): Uint8Array {
  const one = new Uint8Array(8 + data.length);
  writeChunkHead(one, 0, type, data.length);
  one.set(data, 8);
  return one;
}

/** One compressed frame with the skippable frame that announces its length. */
export function dataFrame(raw: Uint8Array, level = 3): Uint8Array {
  const z = Bun.zstdCompressSync(raw, { level });
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, z.length, true);
  const head = skippable(SKIPPABLE_LEN, len);
  const out = new Uint8Array(head.length + z.length);
  out.set(head);
  out.set(z, head.length);
  return out;
}

/**
 * Reads a recording frame by frame from a file. A foreign, corrupt or
 * newer file throws a RecordingError at open; a file cut short (a killed
 * recorder) ends early and `cut` says where.
 */
export class FrameReader {
  readonly version: number;
  /** Why reading stopped before the end of the file, if it did. */
  cut: string | null = null;
  private off: number;
  private readonly hdr = new Uint8Array(12);

  constructor(private readonly fd: number, private readonly size: number, private readonly name: string) {
    const head = fileHead();
    const first = new Uint8Array(head.length);
    const got = readSync(fd, first, 0, first.length, 0);
    const dv = new DataView(first.buffer);
    if (got < head.length || dv.getUint32(0, true) !== SKIPPABLE_ID || new TextDecoder().decode(first.subarray(8, 16)) !== FILE_MAGIC)
      throw new RecordingError(`${name} is not a swoll recording (no SWOLLREC header); record one with: swoll record -w FILE`);
    this.version = dv.getUint32(16, true);
    if (this.version > FORMAT_VERSION)
      throw new RecordingError(`${name} is recording format ${this.version}, newer than this swoll reads (up to ${FORMAT_VERSION}); replay it with a newer swoll`);
    if (this.version < 1) throw new RecordingError(`${name} has an invalid recording format version ${this.version}`);
    this.off = head.length;
  }

  /** The next unpacked frame, or null at the end (or at a cut). */
  next(): Uint8Array | null {
    const left = this.size - this.off;
    if (left <= 0 || this.cut) return null;
    if (left < 12) return this.stop(`${left} stray bytes at the end`);
    readSync(this.fd, this.hdr, 0, 12, this.off);
    const dv = new DataView(this.hdr.buffer);
    if (dv.getUint32(0, true) !== SKIPPABLE_LEN || dv.getUint32(4, true) !== 4) {
      if (this.off === fileHead().length) throw new RecordingError(`${this.name} is corrupt: no frame at byte ${this.off}`);
      return this.stop(`no frame at byte ${this.off}`);
    }
    const zlen = dv.getUint32(8, true);
    const start = this.off + 12;
    if (start + zlen > this.size) return this.stop(`its last frame is cut short (${this.size - start} of ${zlen} bytes)`);
    const z = new Uint8Array(zlen);
    readSync(this.fd, z, 0, zlen, start);
    if (zlen < 4 || new DataView(z.buffer).getUint32(0, true) !== ZSTD_MAGIC) return this.stop(`the frame at byte ${start} is not zstd`);
    let frame: Uint8Array;
    try {
      // bounded: a few KB of zstd can claim gigabytes, and a frame may hold several zstd frames
      frame = zstdDecompressSync(z, { maxOutputLength: MAX_FRAME_BYTES });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return this.stop(`the frame at byte ${start} unpacks to more than ${MAX_FRAME_BYTES} bytes, which swoll record never writes`);
      return this.stop(`the frame at byte ${start} does not unpack (${(e as Error).message})`);
    }
    this.off = start + zlen;
    return frame;
  }

  private stop(why: string): null {
    this.cut = why;
    return null;
  }
}

export interface Chunk {
  type: number;
  /** A view into the frame: copy it to keep it. */
  data: Uint8Array;
}

/** Chunks of one unpacked frame; throws on a chunk that overruns its frame. */
export function* chunksOf(frame: Uint8Array): Generator<Chunk> {
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  let off = 0;
  while (off < frame.length) {
    if (frame.length - off < 8) throw new RecordingError(`a chunk header is cut short at byte ${off} of its frame`);
    const type = dv.getUint32(off, true);
    const len = dv.getUint32(off + 4, true);
    if (off + 8 + len > frame.length) throw new RecordingError(`a chunk of ${len} bytes overruns its frame at byte ${off}`);
    yield { type, data: frame.subarray(off + 8, off + 8 + len) };
    off += 8 + len;
  }
}

/** A JSON chunk's value, unchecked (cli/record/validate.ts checks it); `what` names the chunk in the error. */
export function jsonChunk(c: Chunk, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(c.data));
  } catch {
    throw new RecordingError(`its ${what} is not valid JSON: the file is corrupt`);
  }
}
