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
import { outputState, writeNoWait } from "../../ffi/fd";

export class ReaderGone extends Error {
  constructor() {
    super("output reader went away");
  }
}

const encoder = new TextEncoder();
const NEWLINE = 10;

export class LineSink {
  /** Rendered bytes; [written, end) still waits to be written. */
  buf: Uint8Array;
  /** Where the next byte goes (renderers write at `buf[end]` and advance it, after `reserve`). */
  end = 0;
  private written = 0;
  /** End offsets of the lines in `buf`, negative for lines that are not events. */
  private lineEnds = new Int32Array(4096);
  private lines = 0;
  private linesDone = 0;
  /** Lines in `buf` before the current ones (numbers from push stay valid across flushes). */
  private linesBefore = 0;
  /** Event lines written completely. */
  printed = 0;
  /** Writes without waiting work on this descriptor (pipes); else it is a file or terminal. */
  private noWait: boolean;

  constructor(private readonly fd = 1, private readonly flushAt = 1 << 16) {
    this.buf = new Uint8Array(flushAt * 4);
    this.noWait = isPipeOrSocket(fd);
  }

  /** Bytes waiting to be written. */
  get pending(): number {
    return this.end - this.written;
  }

  /** Event lines rendered but not (completely) written yet. */
  get unprinted(): number {
    let n = 0;
    for (let i = this.linesDone; i < this.lines; i++) if (this.lineEnds[i]! > 0) n++;
    return n;
  }

  /** Room for `bytes` more at `end`. */
  reserve(bytes: number): void {
    if (this.end + bytes <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.end + bytes + 1024));
    next.set(this.buf.subarray(0, this.end));
    this.buf = next;
  }

  /** Whether the line numbered `line` (from push or endLine) has been written completely. */
  isWritten(line: number): boolean {
    return line < this.linesBefore + this.linesDone;
  }

  /** The bytes since the previous line end form a line: add its newline; returns the line's number. */
  endLine(isEvent: boolean): number {
    this.reserve(1);
    this.buf[this.end++] = NEWLINE;
    if (this.lines === this.lineEnds.length) {
      const next = new Int32Array(this.lines * 2);
      next.set(this.lineEnds);
      this.lineEnds = next;
    }
    const line = this.linesBefore + this.lines;
    this.lineEnds[this.lines++] = isEvent ? this.end : -this.end;
    if (this.end - this.written >= this.flushAt) this.flush();
    return line;
  }

  /** Append one line (text without its newline); returns the line's number. */
  push(line: string, isEvent = true): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    this.reserve(line.length * 3 + 1);
    this.end += encoder.encodeInto(line, this.buf.subarray(this.end)).written;
    return this.endLine(isEvent);
  }

  /**
   * Write what waits, as far as the reader takes it now. Returns true when
   * nothing is left; throws ReaderGone when the reader went away.
   */
  flush(): boolean {
    while (this.written < this.end) {
      const n = this.writeSome(this.written, this.end - this.written);
      if (n === 0) break;
      this.written += n;
    }
    this.countDone();
    if (this.written < this.end) return false;
    this.linesBefore += this.lines;
    this.end = this.written = this.lines = this.linesDone = 0;
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
        const r = writeNoWait(this.fd, this.buf, off, len);
        if (r === "again") return 0;
        if (r !== "unsupported") return r;
        this.noWait = false;
      }
      // a file or a terminal: a write blocks only briefly, unless a terminal is paused (^S)
      if (!outputState(this.fd).writable) return 0;
      return writeSync(this.fd, this.buf, off, len);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EPIPE" || code === "ECONNRESET") throw new ReaderGone();
      if (code === "EAGAIN") return 0;
      throw e;
    }
  }
}

function isPipeOrSocket(fd: number): boolean {
  try {
    const s = fstatSync(fd);
    return s.isFIFO() || s.isSocket();
  } catch {
    return false;
  }
}
