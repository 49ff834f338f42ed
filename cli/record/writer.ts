/**
 * Writes a recording (format.ts): chunks collect in memory and go out as
 * one compressed frame at least once a second, so a killed recorder loses
 * at most that second. Writes are synchronous: a slow disk slows the
 * drain, and the kernel then drops and counts events instead of us
 * buffering them without bound.
 */
import { closeSync, constants, fsyncSync, openSync, writeSync } from "node:fs";
import { FRAME_HEADER } from "../decode/layout";
import { ChunkType, chunkOf, dataFrame, fileHead, writeChunkHead, type MetaChunk, type RecordingHeader } from "./format";

const FLUSH_BYTES = 1 << 20;
const FLUSH_MS = 1000;

export class RecordingWriter {
  private readonly pending: Uint8Array;
  private used = 0;
  private lastFlush = performance.now();
  private fd: number | null;
  /**
   * Uncompressed bytes that make a frame: under a small maxBytes, frames
   * of at most that much, so that the file fills up to its bound instead
   * of one frame of a busy second being too large for it and lost whole.
   */
  private readonly flushAt: number;
  /** Compressed bytes written so far. */
  written = 0;

  /**
   * Opens (creates or truncates) `path`. `maxBytes`: the file may not grow
   * past this; `full` turns true once the next frame would pass it.
   */
  constructor(readonly path: string, readonly maxBytes = Infinity) {
    // O_NOFOLLOW: a symlink planted where the file should go is refused, not followed.
    this.fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
    this.flushAt = Math.min(FLUSH_BYTES, maxBytes);
    this.pending = new Uint8Array(FLUSH_BYTES * 2);
    this.out(fileHead());
  }

  /** Set once a frame did not fit under maxBytes; that frame's events are in `droppedEvents`. */
  full = false;
  droppedEvents = 0;
  private pendingEvents = 0;

  /**
   * The header: kept until the first frame goes out, then written in a
   * frame of its own before it, whatever maxBytes says (as the End chunk
   * is), so that a first frame too large for the bound cannot take the
   * header with it (a file no reader could open).
   */
  header(h: RecordingHeader): void {
    this.head = chunkOf(ChunkType.Header, new TextEncoder().encode(JSON.stringify(h)));
  }
  private head: Uint8Array | null = null;

  /** The header's frame, if it has not gone out yet. */
  private writeHeader(): void {
    if (this.head === null) return;
    this.out(dataFrame(this.head));
    this.head = null;
  }

  meta(m: MetaChunk): void {
    this.json(ChunkType.Meta, m);
  }

  lost(l: unknown): void {
    this.json(ChunkType.Lost, l);
  }

  /**
   * Drained records as they are ([u32 len][u32 ring][record] frames), in
   * chunks of at most flushAt bytes cut at record boundaries; each chunk's
   * records are counted with the frame that carries them.
   */
  events(bytes: Uint8Array): void {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    let start = 0;
    let records = 0;
    for (let off = 0; off < bytes.length; records++) {
      const next = off + FRAME_HEADER + ((dv.getUint32(off, true) + 7) & ~7);
      if (next - start > this.flushAt && records > 0) {
        this.chunk(ChunkType.Events, bytes.subarray(start, off), records);
        start = off;
        records = 0;
      }
      off = next;
    }
    if (records > 0) this.chunk(ChunkType.Events, bytes.subarray(start), records);
  }

  /** Flush if a second has passed since the last flush. */
  tick(): void {
    if (performance.now() - this.lastFlush >= FLUSH_MS) this.flush();
  }

  private json(type: number, value: unknown): void {
    this.chunk(type, new TextEncoder().encode(JSON.stringify(value)));
  }

  /** One chunk (holding `records` events) into the pending frame. */
  private chunk(type: number, data: Uint8Array, records = 0): void {
    if (this.used + 8 + data.length > this.pending.length) this.flush();
    if (8 + data.length > this.pending.length) {
      // larger than the whole buffer: a frame of its own
      this.pendingEvents += records;
      this.frame(chunkOf(type, data));
      return;
    }
    writeChunkHead(this.pending, this.used, type, data.length);
    this.pending.set(data, this.used + 8);
    this.used += 8 + data.length;
    this.pendingEvents += records;
    if (this.used >= this.flushAt) this.flush();
  }

  flush(force = false): void {
    this.lastFlush = performance.now();
    if (this.used === 0) return;
    const raw = this.pending.subarray(0, this.used);
    this.used = 0;
    this.frame(raw, force);
  }

  private frame(raw: Uint8Array, force = false): void {
    this.writeHeader();
    const f = dataFrame(raw);
    const events = this.pendingEvents;
    this.pendingEvents = 0;
    if (!force && this.written + f.length > this.maxBytes) {
      this.full = true;
      this.droppedEvents += events;
      return;
    }
    this.out(f);
  }

  private out(b: Uint8Array): void {
    if (this.fd === null) return;
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
    this.written += b.length;
  }

  /** Writes the End chunk (a complete recording) and closes the file. */
  end(summary: unknown): void {
    if (this.fd === null) return;
    this.flush();
    // the End chunk is small and always goes in, even past maxBytes
    this.json(ChunkType.End, summary);
    this.flush(true);
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }

  /** Close without an End chunk (the file then reads as cut short). */
  abandon(): void {
    if (this.fd === null) return;
    this.flush();
    this.writeHeader();
    closeSync(this.fd);
    this.fd = null;
  }
}
