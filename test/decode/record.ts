/** Records laid out exactly as bpf/events.h does, for tests that go through EventDecoder. */
import { CAPTURE, EVENT, EventKind } from "../../cli/decode/layout";

export interface Cap {
  arg: number;
  kind: number;
  flags?: number;
  data: Uint8Array | string;
}

export interface Rec {
  nr: number;
  flags?: number;
  ret?: bigint;
  args?: (bigint | number)[];
  comm?: string;
  captures?: Cap[];
  tgid?: number;
}

const enc = (s: Uint8Array | string) => (typeof s === "string" ? new TextEncoder().encode(s) : s);

/** One record at offset 8 of a fresh buffer (a frame header precedes records in real drains). */
export function record(r: Rec): { buf: Uint8Array; dv: DataView; off: number } {
  const caps = r.captures ?? [];
  let capBytes = 0;
  for (const c of caps) capBytes += CAPTURE.size + ((enc(c.data).length + 7) & ~7);
  const size = EVENT.size + capBytes;
  const off = 8;
  const buf = new Uint8Array(off + size);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, size, true);
  dv.setUint16(off + EVENT.kind, EventKind.Syscall, true);
  dv.setUint16(off + EVENT.flags, r.flags ?? 0, true);
  dv.setUint32(off + EVENT.recordSize, size, true);
  dv.setUint32(off + EVENT.nr, r.nr, true);
  for (const f of [EVENT.tgid, EVENT.tid]) dv.setUint32(off + f, r.tgid ?? 4242, true);
  dv.setUint32(off + EVENT.session, 1, true);
  for (const f of [EVENT.pidNs, EVENT.utsNs, EVENT.mntNs]) dv.setUint32(off + f, 4026531836, true);
  dv.setUint32(off + EVENT.capCount, caps.length, true);
  dv.setBigUint64(off + EVENT.cgroupId, 1n, true);
  dv.setBigInt64(off + EVENT.ret, r.ret ?? 0n, true);
  dv.setBigUint64(off + EVENT.startNs, 1_000_000_000n, true);
  dv.setBigUint64(off + EVENT.finishNs, 1_000_050_000n, true);
  (r.args ?? []).forEach((a, i) => dv.setBigUint64(off + EVENT.args + i * 8, BigInt.asUintN(64, BigInt(a)), true));
  buf.set(enc(r.comm ?? "swoll-sc").subarray(0, 15), off + EVENT.comm);
  let p = off + EVENT.size;
  for (const c of caps) {
    const data = enc(c.data);
    buf[p + CAPTURE.arg] = c.arg;
    buf[p + CAPTURE.kind] = c.kind;
    dv.setUint16(p + CAPTURE.flags, c.flags ?? 0, true);
    dv.setUint16(p + CAPTURE.len, data.length, true);
    buf.set(data, p + CAPTURE.size);
    p += CAPTURE.size + ((data.length + 7) & ~7);
  }
  return { buf, dv, off };
}
