/**
 * Records laid out exactly as bpf/events.h does, for tests that go through
 * EventDecoder. Every header field can be overridden, including the capture
 * count, lengths and record size, so tests can also build hostile records.
 */
import { CAPTURE, EVENT, EventKind } from "../../cli/decode/layout";

export interface Cap {
  arg: number;
  kind: number;
  flags?: number;
  data: Uint8Array | string;
  /** Header len; defaults to data length. */
  len?: number;
  /** Header index (the message of an mmsghdr part, a Field item's struct offset); defaults to 0. */
  index?: number;
}

export interface Rec {
  nr: number;
  flags?: number;
  tgid?: number;
  /** Defaults to tgid. */
  tid?: number;
  uid?: number;
  gid?: number;
  session?: number;
  pidNs?: number;
  utsNs?: number;
  mntNs?: number;
  nsTgid?: number;
  nsTid?: number;
  cgroupId?: bigint;
  ret?: bigint;
  start?: bigint;
  finish?: bigint;
  args?: (bigint | number)[];
  /** At most 16 bytes are stored (the kernel's TASK_COMM_LEN). */
  comm?: Uint8Array | string;
  captures?: Cap[];
  /** Override the header's capture count / record size. */
  capCount?: number;
  size?: number;
  /** Extra bytes appended after the record (outside `size`). */
  trailer?: Uint8Array;
  /** Where the record starts in the buffer (a frame header precedes it in real drains). */
  at?: number;
}

const enc = (s: Uint8Array | string) => (typeof s === "string" ? new TextEncoder().encode(s) : s);

const DEFAULTS = { tgid: 4242, uid: 0, gid: 0, session: 1, ns: 4026531836, start: 1_000_000_000n, finish: 1_000_050_000n, comm: "swoll-sc" };

/** One record at offset `at` (default 8) of a fresh buffer, preceded by its frame header. */
export function record(r: Rec): { buf: Uint8Array; dv: DataView; off: number; size: number } {
  const caps = r.captures ?? [];
  let capBytes = 0;
  for (const c of caps) capBytes += CAPTURE.size + ((enc(c.data).length + 7) & ~7);
  const size = EVENT.size + capBytes;
  const off = r.at ?? 8;
  const trailer = r.trailer ?? new Uint8Array();
  const buf = new Uint8Array(off + size + trailer.length);
  const dv = new DataView(buf.buffer);
  const tgid = r.tgid ?? DEFAULTS.tgid;
  dv.setUint32(0, size, true); // frame header: len
  dv.setUint16(off + EVENT.kind, EventKind.Syscall, true);
  dv.setUint16(off + EVENT.flags, r.flags ?? 0, true);
  dv.setUint32(off + EVENT.recordSize, r.size ?? size, true);
  dv.setUint32(off + EVENT.nr, r.nr, true);
  dv.setUint32(off + EVENT.tgid, tgid, true);
  dv.setUint32(off + EVENT.tid, r.tid ?? tgid, true);
  dv.setUint32(off + EVENT.uid, r.uid ?? DEFAULTS.uid, true);
  dv.setUint32(off + EVENT.gid, r.gid ?? DEFAULTS.gid, true);
  dv.setUint32(off + EVENT.session, r.session ?? DEFAULTS.session, true);
  dv.setUint32(off + EVENT.pidNs, r.pidNs ?? DEFAULTS.ns, true);
  dv.setUint32(off + EVENT.utsNs, r.utsNs ?? DEFAULTS.ns, true);
  dv.setUint32(off + EVENT.mntNs, r.mntNs ?? DEFAULTS.ns, true);
  dv.setUint32(off + EVENT.nsTgid, r.nsTgid ?? 0, true);
  dv.setUint32(off + EVENT.nsTid, r.nsTid ?? 0, true);
  dv.setUint32(off + EVENT.capCount, r.capCount ?? caps.length, true);
  dv.setBigUint64(off + EVENT.cgroupId, r.cgroupId ?? 1n, true);
  dv.setBigInt64(off + EVENT.ret, r.ret ?? 0n, true);
  dv.setBigUint64(off + EVENT.startNs, r.start ?? DEFAULTS.start, true);
  dv.setBigUint64(off + EVENT.finishNs, r.finish ?? (r.start ?? DEFAULTS.finish), true);
  (r.args ?? []).forEach((a, i) => dv.setBigUint64(off + EVENT.args + i * 8, BigInt.asUintN(64, BigInt(a)), true));
  buf.set(enc(r.comm ?? DEFAULTS.comm).subarray(0, 16), off + EVENT.comm);
  let p = off + EVENT.size;
  for (const c of caps) {
    const data = enc(c.data);
    buf[p + CAPTURE.arg] = c.arg;
    buf[p + CAPTURE.kind] = c.kind;
    dv.setUint16(p + CAPTURE.flags, c.flags ?? 0, true);
    dv.setUint16(p + CAPTURE.len, c.len ?? data.length, true);
    dv.setUint16(p + CAPTURE.index, c.index ?? 0, true);
    buf.set(data, p + CAPTURE.size);
    p += CAPTURE.size + ((data.length + 7) & ~7);
  }
  buf.set(trailer, off + size);
  return { buf, dv, off, size };
}
