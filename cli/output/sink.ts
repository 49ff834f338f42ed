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

export class LineSink {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly fd = 1, private readonly flushAt = 1 << 16) {}

  push(line: string): void {
    this.parts.push(line);
    this.size += line.length + 1;
    if (this.size >= this.flushAt) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const data = Buffer.from(this.parts.join("\n") + "\n");
    this.parts = [];
    this.size = 0;
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(this.fd, data, off, data.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EPIPE" || code === "ECONNRESET") throw new ReaderGone();
        if (code !== "EAGAIN") throw e;
        Bun.sleepSync(1);
      }
    }
  }
}
