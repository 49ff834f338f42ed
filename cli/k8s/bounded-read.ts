/**
 * Reads a small configuration file with a size bound, so that a path such
 * as /dev/zero or a huge file fails at once instead of reading for seconds.
 * The open never blocks (a FIFO with no writer would wait forever), and
 * anything but a regular file is refused before a byte is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";

/** What a path is, in words, when it is not a regular file. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/** Thrown for a FIFO, device or socket; `code` EISDIR for a directory, as open(2) would say. */
export class NotRegularFile extends Error {
  readonly code: string | undefined;
  constructor(readonly file: string, st: Stats) {
    super(st.isDirectory() ? "EISDIR" : `it is ${kindOf(st)}, not a regular file`);
    this.code = st.isDirectory() ? "EISDIR" : undefined;
  }
}

/** Throws NotRegularFile unless `file` (followed through links) is a regular file; errors from stat propagate. */
export function requireRegularFile(file: string): void {
  const st = statSync(file);
  if (!st.isFile()) throw new NotRegularFile(file, st);
}

/** The file's bytes, or "too large" past `max`. Errors from open/read propagate. */
export function readBounded(file: string, max: number): Buffer | "too large" {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new NotRegularFile(file, st);
    const buf = Buffer.alloc(Math.min(max + 1, st.size + 1));
    let size = 0;
    for (let n = 1; n > 0 && size < buf.length; size += n) n = readSync(fd, buf, size, buf.length - size, null);
    if (size === buf.length && size <= max) {
      // grew since fstat: read on, still bounded
      const more = Buffer.alloc(max + 1 - size);
      let extra = 0;
      for (let n = 1; n > 0 && extra < more.length; extra += n) n = readSync(fd, more, extra, more.length - extra, null);
      return size + extra > max ? "too large" : Buffer.concat([buf, more.subarray(0, extra)]);
    }
    return size > max ? "too large" : buf.subarray(0, size);
  } finally {
    closeSync(fd);
  }
}
