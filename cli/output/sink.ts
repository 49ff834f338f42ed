/**
 * Batched output to a file descriptor that never blocks the process.
 * Lines are written (or rendered) into one reused buffer and flushed
 * without waiting: a reader that stalls leaves bytes here, the drain loop
 * then stops reading the rings (the kernel drops and counts instead of us
 * buffering), and signals are still handled. A reader that goes away
 * (`| head`) ends the trace quietly. Complete event lines written are
 * counted, so that what was printed is known exactly at exit.
 */
import { fstatSync, writeSync } from "node:fs";
import { isatty } from "node:tty";
import { outputState, writeNoWait } from "../../ffi/fd";
import { ByteWriter } from "./json-bytes";

export class ReaderGone extends Error {
  constructor() {
    super("output reader went away");
  }
}


export class LineSink {
  /** Encoded lines, `out.pos` their end; [written, out.pos) still waits to be written. */
  private readonly out: ByteWriter;
  /** Lines pushed but not encoded yet. */
  private readonly parts: string[] = [];
  private readonly partEvent: boolean[] = [];
  private partChars = 0;
  private written = 0;
  /** Where the line being rendered in place (beginLine) started. */
  private lineStart = 0;
  /** End offsets of the lines in `buf`, negative for lines that are not events. */
  private lineEnds = new Int32Array(4096);
  private lines = 0;
  private linesDone = 0;
  /** Lines in `buf` before the current ones (numbers from push stay valid across flushes). */
  private linesBefore = 0;
  /** Event lines written completely. */
  printed = 0;
  /** Writes without waiting work on this descriptor (anonymous pipes). */
  private noWait: boolean;
  /** A regular file (or /dev/null): a write never waits for a reader. */
  private readonly regular: boolean;
  private readonly blocking: boolean;

  /**
   * `blocking` (the default): flush() returns only once everything is
   * written, waiting for a slow reader, for callers without a drain loop to
   * pace them (replay, cluster streams). `blocking: false`: flush() writes
   * what the reader takes now and says whether anything is left (trace).
   */
  constructor(private readonly fd = 1, private readonly flushAt = 1 << 16, opts: { blocking?: boolean } = {}) {
    this.blocking = opts.blocking ?? true;
    this.out = new ByteWriter(flushAt * 4);
    const kind = kindOf(fd);
    this.noWait = kind === "stream";
    this.regular = kind === "file";
  }

  /** Bytes (and lines not encoded yet) waiting to be written. */
  get pending(): number {
    return this.out.pos - this.written + this.partChars;
  }

  /** Event lines rendered but not (completely) written yet. */
  get unprinted(): number {
    let n = 0;
    for (const e of this.partEvent) if (e) n++;
    for (let i = this.linesDone; i < this.lines; i++) if (this.lineEnds[i]! > 0) n++;
    return n;
  }


  /** Whether the line numbered `line` (from push) has been written completely. */
  isWritten(line: number): boolean {
    return line < this.linesBefore + this.linesDone;
  }

  /**
   * Append one line (text without its newline); returns the line's number.
   * Lines are collected and encoded into the buffer together, one encode
   * per ~64 KiB (measured cheaper than one per line).
   */
  push(line: string, isEvent = true): number {
    const n = this.linesBefore + this.lines + this.parts.length;
    this.parts.push(line);
    this.partEvent.push(isEvent);
    this.partChars += line.length + 1;
    if (this.partChars + this.out.pos - this.written >= this.flushAt) this.flush();
    return n;
  }

  /**
   * Render one line in place: write it (without its newline) with the
   * returned writer, then call endLine, or abandonLine if rendering failed.
   * No string is made for the line.
   */
  beginLine(): ByteWriter {
    this.encode();
    this.lineStart = this.out.pos;
    return this.out;
  }

  /** End the line begun with beginLine; returns its number (as push does). */
  endLine(isEvent = true): number {
    const out = this.out;
    out.byte(0x0a);
    if (this.lines >= this.lineEnds.length) this.growLineEnds(this.lines + 1);
    const n = this.linesBefore + this.lines;
    this.lineEnds[this.lines++] = isEvent ? out.pos : -out.pos;
    if (out.pos - this.written >= this.flushAt) this.flush();
    return n;
  }

  /** Drop what was written since beginLine. */
  abandonLine(): void {
    this.out.pos = this.lineStart;
  }

  private growLineEnds(want: number): void {
    const next = new Int32Array(Math.max(this.lineEnds.length * 2, want));
    next.set(this.lineEnds);
    this.lineEnds = next;
  }

  /** Encode the collected lines at `end`, recording where each ends. */
  private encode(): void {
    const parts = this.parts;
    if (parts.length === 0) return;
    parts.push("");
    const text = parts.join("\n");
    parts.pop();
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    const out = this.out;
    out.ensure(text.length * 3);
    const start = out.pos;
    const bytes = out.buf.write(text, start);
    const ascii = bytes === text.length;
    if (this.lines + parts.length > this.lineEnds.length) this.growLineEnds(this.lines + parts.length);
    let pos = start;
    for (let i = 0; i < parts.length; i++) {
      pos += (ascii ? parts[i]!.length : Buffer.byteLength(parts[i]!)) + 1;
      this.lineEnds[this.lines++] = this.partEvent[i] ? pos : -pos;
    }
    out.pos = start + bytes;
    parts.length = 0;
    this.partEvent.length = 0;
    this.partChars = 0;
  }

  /**
   * Write what waits: all of it when blocking, else as far as the reader
   * takes it now. Returns true when nothing is left; throws ReaderGone
   * when the reader went away.
   */
  flush(): boolean {
    this.encode();
    const out = this.out;
    while (this.written < out.pos) {
      const n = this.writeSome(this.written, out.pos - this.written);
      if (n === 0) {
        if (!this.blocking) break;
        // wait for room (or the reader to go, which the next write reports)
        outputState(this.fd, 100);
        continue;
      }
      this.written += n;
    }
    this.countDone();
    if (this.written < out.pos) return false;
    this.linesBefore += this.lines;
    out.pos = this.written = this.lines = this.linesDone = 0;
    return true;
  }

  /**
   * Write only up to the end of the line that is partly written, so that
   * a reader left behind at exit never sees half a line. True when no line
   * is partly written.
   */
  completeLine(): boolean {
    this.countDone();
    if (this.linesDone === this.lines || this.written === 0) return true;
    const e = this.lineEnds[this.linesDone]!;
    const lineEnd = e > 0 ? e : -e;
    const lineStart = this.linesDone === 0 ? 0 : Math.abs(this.lineEnds[this.linesDone - 1]!);
    if (this.written === lineStart) return true;
    while (this.written < lineEnd) {
      const n = this.writeSome(this.written, lineEnd - this.written);
      if (n === 0) return false;
      this.written += n;
    }
    this.countDone();
    return true;
  }

  /** Whether the reader is gone (a closed pipe), even with nothing to write. */
  readerGone(): boolean {
    return outputState(this.fd).gone;
  }

  private countDone(): void {
    const ends = this.lineEnds;
    let i = this.linesDone;
    for (; i < this.lines; i++) {
      const e = ends[i]!;
      if ((e > 0 ? e : -e) > this.written) break;
      if (e > 0) this.printed++;
    }
    this.linesDone = i;
  }

  private writeSome(off: number, len: number): number {
    try {
      if (this.noWait) {
        const r = writeNoWait(this.fd, this.out.buf, off, len);
        if (r === "again") return 0;
        if (r !== "unsupported") return r;
        this.noWait = false;
      }
      const state = outputState(this.fd);
      if (state.gone && !state.writable) throw new ReaderGone();
      if (!state.writable) return 0;
      // a file takes everything; a named pipe, socket or terminal that reports room takes
      // at least PIPE_BUF bytes without waiting
      return writeSync(this.fd, this.out.buf, off, this.regular ? len : Math.min(len, PIPE_BUF));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EPIPE" || code === "ECONNRESET") throw new ReaderGone();
      if (code === "EAGAIN") return 0;
      throw e;
    }
  }
}

const PIPE_BUF = 4096;

function kindOf(fd: number): "stream" | "file" | "other" {
  try {
    const s = fstatSync(fd);
    if (s.isFIFO() || s.isSocket()) return "stream";
    // /dev/null and other devices that are not terminals never wait for a reader
    return s.isFile() || s.isBlockDevice() || (s.isCharacterDevice() && !isatty(fd)) ? "file" : "other";
  } catch {
    return "other";
  }
}
