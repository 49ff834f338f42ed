/**
 * Synchronous, batched writes to a file descriptor. A reader that stops
 * reading (`| head`) ends the trace quietly; a slow reader blocks us, and
 * the kernel then drops and counts events instead of us buffering them.
 */
import { writeSync } from "node:fs";

export class ReaderGone extends Error {
  constructor() {
    super("output reader went away");
  }
}

const encoder = new TextEncoder();

export class LineSink {
  private parts: string[] = [];
  private size = 0;
  /** Reused for every flush: at 100k+ lines/s a fresh buffer per flush is what made memory grow. */
  private readonly out: Uint8Array;

  constructor(private readonly fd = 1, private readonly flushAt = 1 << 16) {
    this.out = new Uint8Array(flushAt * 3 + 1024);
  }

  push(line: string): void {
    this.parts.push(line);
    this.size += line.length + 1;
    if (this.size >= this.flushAt) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.parts.push("");
    const text = this.parts.join("\n");
    this.parts = [];
    this.size = 0;
    // A line longer than the buffer (escaped 64 KB strings) goes out in pieces.
    for (let pos = 0; pos < text.length; ) {
      const { read, written } = encoder.encodeInto(pos === 0 ? text : text.slice(pos), this.out);
      this.write(written);
      pos += read;
    }
  }

  private write(len: number): void {
    let off = 0;
    while (off < len) {
      try {
        off += writeSync(this.fd, this.out, off, len - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EPIPE" || code === "ECONNRESET") throw new ReaderGone();
        if (code !== "EAGAIN") throw e;
        Bun.sleepSync(1);
      }
    }
  }
}
