/**
 * The probe's description of a descriptor (struct swoll_fd_info, one
 * CaptureKind.Fd item each, only when a stream asked for -y): read from
 * the calling task's file table at the call, so it names what the
 * descriptor referred to then, whatever happened to it since.
 */
import type { Capture } from "./capture";
import { FD_INFO, FD_RET } from "./layout";
import { bytesToString } from "./strings";

export interface FdInfo {
  /** The argument index 0..5, or FD_RET for the result. */
  arg: number;
  /** Which of a pair (pipe2's, socketpair's): 0 or 1. */
  index: number;
  /** 0: the task had no such descriptor. */
  ino: number;
  mode: number;
  rdev: number;
  family: number;
  type: number;
  protocol: number;
  sport: number;
  dport: number;
  saddr: Uint8Array;
  daddr: Uint8Array;
  peerIno: number;
  /** The dentry's name ("[eventfd]"), at most FD_NAME_LEN - 1 bytes. */
  name: string;
  /** A file's path from the root of its mount namespace, as the probe walked it; null when it did not. */
  path: string | null;
  /** The walk stopped short: `path` is its last names only. */
  pathTruncated?: boolean;
}

export { FD_RET };

/** A Fd capture item as an FdInfo (copied out of the drain buffer); null when it is short. */
export function fdInfoOf(c: Capture): FdInfo | null {
  const b = c.bytes;
  if (b.length < FD_INFO.size) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  const u64 = (o: number) => dv.getUint32(o, true) + dv.getUint32(o + 4, true) * 0x100000000;
  const nameBytes = b.subarray(FD_INFO.name, FD_INFO.size);
  const nul = nameBytes.indexOf(0);
  return {
    arg: c.arg,
    index: c.index,
    ino: u64(FD_INFO.ino),
    mode: dv.getUint32(FD_INFO.mode, true),
    rdev: dv.getUint32(FD_INFO.rdev, true),
    family: dv.getUint16(FD_INFO.family, true),
    type: dv.getUint16(FD_INFO.type, true),
    protocol: dv.getUint16(FD_INFO.protocol, true),
    sport: dv.getUint16(FD_INFO.sport, true),
    dport: dv.getUint16(FD_INFO.dport, true),
    saddr: b.slice(FD_INFO.saddr, FD_INFO.saddr + 16),
    daddr: b.slice(FD_INFO.daddr, FD_INFO.daddr + 16),
    peerIno: u64(FD_INFO.peerIno),
    name: bytesToString(nul < 0 ? nameBytes : nameBytes.subarray(0, nul)),
    path: null,
  };
}

/** A FdPath item (names last first, each NUL-terminated) → f.path, "/" joined from the root. */
export function withFdPath(f: FdInfo, c: Capture): void {
  const names = bytesToString(c.bytes).split("\0");
  if (names.at(-1) === "") names.pop();
  if (names.length === 0) return;
  f.path = "/" + names.reverse().join("/");
  if (c.truncated) f.pathTruncated = true;
}
