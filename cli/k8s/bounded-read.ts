/**
 * Reads a small configuration file with a size bound, so that a path such
 * as /dev/zero or a huge file fails at once instead of reading for seconds.
 */
import { closeSync, openSync, readSync } from "node:fs";

/** The file's bytes, or "too large" past `max`. Errors from open/read propagate. */
export function readBounded(file: string, max: number): Buffer | "too large" {
  const buf = Buffer.alloc(max + 1);
  let size = 0;
  const fd = openSync(file, "r");
  try {
    for (let n = 1; n > 0 && size < buf.length; size += n) n = readSync(fd, buf, size, buf.length - size, null);
  } finally {
    closeSync(fd);
  }
  return size > max ? "too large" : buf.subarray(0, size);
}
