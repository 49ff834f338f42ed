/**
 * Writes a recording (format.ts): chunks collect in memory and go out as
 * one compressed frame at least once a second, so a killed recorder loses
 * at most that second. Writes are synchronous: a slow disk slows the
 * drain, and the kernel then drops and counts events instead of us
 * buffering them without bound.
 */
import { closeSync, constants, fsyncSync, openSync, writeSync } from "node:fs";
import { ChunkType, dataFrame, fileHead, type MetaChunk, type RecordingHeader } from "./format";

const FLUSH_BYTES = 1 << 20;
const FLUSH_MS = 1000;

export class RecordingWriter {
  private readonly pending: Uint8Array;
  private used = 0;
  private lastFlush = performance.now();
  private fd: number | null;
  /** Compressed bytes written so far. */
  written = 0;

  /**
   * Opens (creates or truncates) `path`. `maxBytes`: the file may not grow
   * past this; `full` turns true once the next frame would pass it.
   */
  constructor(readonly path: string, readonly maxBytes = Infinity) {
    // O_NOFOLLOW: a symlink planted where the file should go is refused, not followed.
    this.fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
    this.pending = new Uint8Array(FLUSH_BYTES * 2);
    this.out(fileHead());
  }

  /** Set once a frame did not fit under maxBytes; that frame's events are in `droppedEvents`. */
  full = false;
  droppedEvents = 0;
  private pendingEvents = 0;

  header(h: RecordingHeader): void {
    this.json(ChunkType.Header, h);
  }

  meta(m: MetaChunk): void {
    this.json(ChunkType.Meta, m);
  }

  lost(l: unknown): void {
    this.json(ChunkType.Lost, l);
  }

  /** `count` drained records as they are ([u32 len][u32 ring][record] frames). */
  events(bytes: Uint8Array, count: number): void {
    this.chunk(ChunkType.Events, bytes);
    this.pendingEvents += count;
  }

  /** Flush if a second has passed since the last flush. */
  tick(): void {
    if (performance.now() - this.lastFlush >= FLUSH_MS) this.flush();
  }

  private json(type: number, value: unknown): void {
    this.chunk(type, new TextEncoder().encode(JSON.stringify(value)));
  }

  private chunk(type: number, data: Uint8Array): void {
    if (this.used + 8 + data.length > this.pending.length) this.flush();
    if (8 + data.length > this.pending.length) {
      // larger than the whole buffer: a frame of its own
      const one = new Uint8Array(8 + data.length);
      writeHead(one, 0, type, data.length);
      one.set(data, 8);
      this.frame(one);
      return;
    }
    writeHead(this.pending, this.used, type, data.length);
    this.pending.set(data, this.used + 8);
    this.used += 8 + data.length;
    if (this.used >= FLUSH_BYTES) this.flush();
  }

  flush(force = false): void {
    this.lastFlush = performance.now();
    if (this.used === 0) return;
    const raw = this.pending.subarray(0, this.used);
    this.used = 0;
    this.frame(raw, force);
  }

  private frame(raw: Uint8Array, force = false): void {
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
    closeSync(this.fd);
    this.fd = null;
  }
}

function writeHead(b: Uint8Array, at: number, type: number, len: number): void {
  const dv = new DataView(b.buffer, b.byteOffset + at, 8);
  dv.setUint32(0, type, true);
  dv.setUint32(4, len, true);
}
