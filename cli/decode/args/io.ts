/**
 * Data in and out: read/write (a bounded preview of the bytes, read at exit
 * so reads show what arrived), pread64/pwrite64, readv/writev, lseek,
 * sendfile, splice, copy_file_range, sync_file_range, fsync.
 */
import { RWF_FLAGS, SEEK_WHENCE, SPLICE_FLAGS, SYNC_FILE_RANGE } from "../tables/consts-fs";
import { bufIn, bufOut, entryExit, fd, flags, hidden, int, long, size, uint, ulong, value } from "./common";
import { CapturedMemory } from "./captured-memory";
import { cutShort, int64Json, pointer } from "./render";
import type { ArgType, CallSpecs } from "./types";
import { iovec } from "./vectors";

/**
 * loff_t * read and advanced by the call: `[2] => [6]` (strace's form), `[N]` when it did not move.
 * Exact through bigint; `unsigned` for sendfile, whose offset strace prints unsigned.
 */
function loffPtr(unsigned = false): ArgType {
  const read = (cap: { bytes: Uint8Array } | undefined): bigint | undefined => {
    if (!cap || cap.bytes.length < 8) return undefined;
    const m = new CapturedMemory(cap.bytes);
    return unsigned ? m.u64n(0) : BigInt.asIntN(64, m.u64n(0)!);
  };
  return {
    capture: { kind: "fixed", size: 8, when: "both" },
    show(c, i) {
      const v = c.raw[i]!;
      if (v === 0) return { json: null, text: "NULL" };
      const { entry, exit } = entryExit(c, i);
      const a = entry && !entry.fault ? read(entry) : undefined;
      const b = exit && !exit.fault && !c.failed ? read(exit) : undefined;
      if (a === undefined && b === undefined) {
        const short = (entry && !entry.fault) || (exit && !exit.fault && !c.failed);
        return short ? cutShort(v, c.wide?.[i]) : pointer(v, c.wide?.[i]);
      }
      if (a === undefined || b === undefined || a === b) {
        const x = (a ?? b)!;
        return { json: int64Json(x), text: `[${x}]` };
      }
      return { json: { in: int64Json(a), out: int64Json(b) }, text: `[${a}] => [${b}]` };
    },
  };
}
const loff = loffPtr();

/**
 * The file offset of preadv/pwritev and their v2 forms. The ABI splits it into
 * pos_l and pos_h for 32-bit callers; on the 64-bit kernels swoll runs on,
 * pos_l holds all 64 bits (the kernel shifts pos_h out) and pos_h is ignored.
 */
const splitOffset: ArgType = {
  show(c, i) {
    const w = c.wide?.[i];
    const v = w !== undefined ? BigInt.asIntN(64, w) : BigInt(Math.trunc(c.raw[i]!));
    const n = Number(v);
    return { json: Number.isSafeInteger(n) ? n : v.toString(), text: v.toString() };
  },
};
const rwf = flags(RWF_FLAGS);

const fdArg = fd;

export const IO: CallSpecs = {
  read: { args: { fd: fdArg, buf: bufOut(), count: size } },
  write: { args: { fd: fdArg, buf: bufIn("count"), count: size } },
  pread64: { args: { fd: fdArg, buf: bufOut(), count: size, pos: long } },
  pwrite64: { args: { fd: fdArg, buf: bufIn("count"), count: size, pos: long } },
  readv: { args: { fd: fdArg, vec: iovec("vlen", { out: true }), vlen: size } },
  writev: { args: { fd: fdArg, vec: iovec("vlen"), vlen: size } },
  preadv: { args: { fd: fdArg, vec: iovec("vlen", { out: true }), vlen: size, pos_l: splitOffset, pos_h: hidden(long) }, names: { pos_l: "offset" } },
  pwritev: { args: { fd: fdArg, vec: iovec("vlen"), vlen: size, pos_l: splitOffset, pos_h: hidden(long) }, names: { pos_l: "offset" } },
  preadv2: {
    args: { fd: fdArg, vec: iovec("vlen", { out: true }), vlen: size, pos_l: splitOffset, pos_h: hidden(long), flags: rwf },
    names: { pos_l: "offset" },
  },
  pwritev2: {
    args: { fd: fdArg, vec: iovec("vlen"), vlen: size, pos_l: splitOffset, pos_h: hidden(long), flags: rwf },
    names: { pos_l: "offset" },
  },
  process_vm_readv: {
    args: { pid: int, lvec: iovec("liovcnt", { out: true }), liovcnt: size, rvec: iovec("riovcnt", { addresses: true }), riovcnt: size, flags: ulong },
  },
  process_vm_writev: {
    args: { pid: int, lvec: iovec("liovcnt"), liovcnt: size, rvec: iovec("riovcnt", { addresses: true }), riovcnt: size, flags: ulong },
  },
  lseek: { args: { fd: fdArg, offset: long, whence: value(SEEK_WHENCE, false) } },
  sendfile: { args: { out_fd: fdArg, in_fd: fdArg, offset: loffPtr(true), count: size } },
  splice: { args: { fd_in: fdArg, off_in: loff, fd_out: fdArg, off_out: loff, len: size, flags: flags(SPLICE_FLAGS) } },
  copy_file_range: { args: { fd_in: fdArg, off_in: loff, fd_out: fdArg, off_out: loff, len: size, flags: uint } },
  sync_file_range: { args: { fd: fdArg, offset: long, nbytes: long, flags: flags(SYNC_FILE_RANGE) } },
  fsync: { args: { fd: fdArg } },
  fdatasync: { args: { fd: fdArg } },
  syncfs: { args: { fd: fdArg } },
};
