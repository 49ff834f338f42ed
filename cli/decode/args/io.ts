/**
 * Data in and out: read/write (a bounded preview of the bytes, read at exit
 * so reads show what arrived), pread64/pwrite64, readv/writev, lseek,
 * sendfile, splice, copy_file_range, sync_file_range, fsync.
 */
import { SEEK_WHENCE, SPLICE_FLAGS, SYNC_FILE_RANGE } from "../tables/consts-fs";
import { IOVEC } from "../tables/structs";
import { bufIn, bufOut, fd, flags, long, memory, size, uint, value } from "./common";
import { cutShort } from "./render";
import { iovecs } from "./structs";
import type { ArgType, CallSpecs } from "./types";

/** loff_t * read and updated by the call: [N]. */
const loff: ArgType = memory({ kind: "fixed", size: 8 }, (m, c, i) => {
  const v = m.s64(0);
  return v === undefined ? cutShort(c.raw[i]!) : { json: v, text: `[${v}]` };
});

/** An iovec array: base and length of each (the bytes behind them are not captured). */
const iov = (count: string): ArgType =>
  memory({ kind: "argCount", arg: count, elem: IOVEC.size }, (m, c) => {
    const idx = c.info.argNames.indexOf(count);
    return iovecs(m, Math.max(0, Math.min(Number(c.raw[idx]) || 0, 1024)));
  });

const fdArg = fd;

export const IO: CallSpecs = {
  read: { args: { fd: fdArg, buf: bufOut(), count: size } },
  write: { args: { fd: fdArg, buf: bufIn("count"), count: size } },
  pread64: { args: { fd: fdArg, buf: bufOut(), count: size, pos: long } },
  pwrite64: { args: { fd: fdArg, buf: bufIn("count"), count: size, pos: long } },
  readv: { args: { fd: fdArg, vec: iov("vlen"), vlen: size } },
  writev: { args: { fd: fdArg, vec: iov("vlen"), vlen: size } },
  preadv: { args: { fd: fdArg, vec: iov("vlen"), vlen: size, pos_l: long, pos_h: long } },
  pwritev: { args: { fd: fdArg, vec: iov("vlen"), vlen: size, pos_l: long, pos_h: long } },
  lseek: { args: { fd: fdArg, offset: long, whence: value(SEEK_WHENCE, false) } },
  sendfile: { args: { out_fd: fdArg, in_fd: fdArg, offset: loff, count: size } },
  splice: { args: { fd_in: fdArg, off_in: loff, fd_out: fdArg, off_out: loff, len: size, flags: flags(SPLICE_FLAGS) } },
  copy_file_range: { args: { fd_in: fdArg, off_in: loff, fd_out: fdArg, off_out: loff, len: size, flags: uint } },
  sync_file_range: { args: { fd: fdArg, offset: long, nbytes: long, flags: flags(SYNC_FILE_RANGE) } },
  fsync: { args: { fd: fdArg } },
  fdatasync: { args: { fd: fdArg } },
  syncfs: { args: { fd: fdArg } },
};
