/**
 * Writing to and watching an output descriptor without blocking the
 * process (ffi/shim-fd.c): a stalled reader must not keep signals from
 * being handled.
 */
import { native } from "./native";

const EAGAIN = 11;
const EOPNOTSUPP = 95;
const POLLOUT = 0x004;
const POLLERR = 0x008;
const POLLHUP = 0x010;

/** What writeNoWait did: bytes written, "again" (would block), "unsupported" (write normally). */
export type NoWaitResult = number | "again" | "unsupported";

/** Write without waiting; throws an Error with `.code` (EPIPE, …) for real failures. */
export function writeNoWait(fd: number, buf: Uint8Array, off: number, len: number): NoWaitResult {
  if (len === 0) return 0;
  const n = Number(native().swoll_write_nowait(fd, buf.subarray(off, off + len), len));
  if (n >= 0) return n;
  if (-n === EAGAIN) return "again";
  if (-n === EOPNOTSUPP) return "unsupported";
  throw errnoError(-n, "write");
}

/** The state of an output descriptor right now. */
export interface OutputState {
  /** Room to write (a pipe with space, a file, a terminal). */
  writable: boolean;
  /** The reader is gone (a closed pipe) or the line hung up. */
  gone: boolean;
}

export function outputState(fd: number, timeoutMs = 0): OutputState {
  const r = native().swoll_fd_poll(fd, POLLOUT, timeoutMs);
  if (r < 0) return { writable: false, gone: true };
  return { writable: (r & POLLOUT) !== 0, gone: (r & (POLLERR | POLLHUP)) !== 0 };
}

const NAMES: Record<number, string> = { 32: "EPIPE", 104: "ECONNRESET", 9: "EBADF", 5: "EIO", 28: "ENOSPC" };

function errnoError(errno: number, op: string): NodeJS.ErrnoException {
  const e = new Error(`${op}: errno ${errno}`) as NodeJS.ErrnoException;
  e.errno = -errno;
  e.code = NAMES[errno] ?? `E${errno}`;
  return e;
}
