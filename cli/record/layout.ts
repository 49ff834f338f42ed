/**
 * Recordings keep the probe's records as drained, with the record layout
 * of the swoll that wrote them in their header. When that layout differs
 * from this swoll's (a field added to the kernel record), each record is
 * rewritten field by field into today's layout before decoding, so every
 * released format version stays readable.
 */
import { EVENT } from "../decode/layout";

/** Byte width of each field of the event record, by its name in EVENT. */
const WIDTH: Record<string, number> = {
  kind: 2, flags: 2, recordSize: 4, nr: 4, tgid: 4, tid: 4, uid: 4, gid: 4, session: 4,
  pidNs: 4, utsNs: 4, mntNs: 4, capCount: 4, cgroupId: 8, ret: 8, startNs: 8, finishNs: 8,
  args: 48, comm: 16, nsTgid: 4, nsTid: 4,
};

/** The current layout, as a recording header stores it. */
export function currentLayout(): Record<string, number> {
  return { ...EVENT };
}

type Converted = [Uint8Array, DataView, number, number];
export type Converter = ((buf: Uint8Array, off: number, len: number) => Converted) | null;

/** null when the recorded layout is today's; else a function that rewrites one record. */
export function layoutConverter(recorded: Record<string, number>): Converter {
  const now: Record<string, number> = EVENT;
  const same = Object.keys(now).every((k) => recorded[k] === now[k]) && Object.keys(recorded).every((k) => recorded[k] === now[k]);
  if (same) return null;
  const oldSize = recorded.size ?? 0;
  const fields = Object.keys(WIDTH).filter((k) => k in recorded && k in now);
  const out = new Uint8Array(EVENT.size + 8192);
  const odv = new DataView(out.buffer);
  return (buf, off, len) => {
    const tail = Math.max(0, len - oldSize);
    const need = EVENT.size + tail;
    const dst = need <= out.length ? out : new Uint8Array(need);
    const ddv = dst === out ? odv : new DataView(dst.buffer);
    dst.fill(0, 0, EVENT.size);
    for (const f of fields) dst.set(buf.subarray(off + recorded[f]!, off + recorded[f]! + WIDTH[f]!), now[f]!);
    dst.set(buf.subarray(off + oldSize, off + len), EVENT.size);
    ddv.setUint32(EVENT.recordSize, need, true);
    return [dst, ddv, 0, need];
  };
}
