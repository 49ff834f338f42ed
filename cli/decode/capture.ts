/**
 * Captured user memory for one argument, read from the items that follow
 * a record. `bytes` is a view into the drain buffer: it is valid only
 * while the record is decoded, so decoders convert it and never keep it.
 */
import { CAP_BUDGET, CAPTURE, CaptureFlag, EVENT } from "./layout";
import { bytesToString } from "./strings";

export class Capture {
  private str: string | undefined;

  constructor(
    /** Argument index 0..5 (anything else is ignored by the decoders). */
    readonly arg: number,
    /** CaptureKind: Str, ArgvItem or Bytes. */
    readonly kind: number,
    /** CaptureFlag bits. */
    readonly flags: number,
    /** The captured bytes (a view; see above). */
    readonly bytes: Uint8Array,
    /** The message (of an mmsghdr array) a message part or element's bytes belong to. */
    readonly index = 0,
  ) {}

  /** Read at entry (the value the caller passed); else at exit. */
  get entry(): boolean {
    return (this.flags & CaptureFlag.Entry) !== 0;
  }

  /** The source was longer than what was kept (--strsize, or the per-event budget). */
  get truncated(): boolean {
    return (this.flags & CaptureFlag.Truncated) !== 0;
  }

  /** The kernel could not read the memory. */
  get fault(): boolean {
    return (this.flags & CaptureFlag.Fault) !== 0;
  }

  /** The memory ran into a page that could not be read: only the bytes before it (fewer than asked). */
  get short(): boolean {
    return (this.flags & CaptureFlag.Short) !== 0;
  }

  /** argv had more entries than --argc kept (an empty marker item). */
  get more(): boolean {
    return (this.flags & CaptureFlag.More) !== 0;
  }

  /** The bytes as text (UTF-8; invalid bytes as the text \xNN), computed once, on first use. */
  get text(): string {
    return (this.str ??= bytesToString(this.bytes));
  }
}

/** A capture from literal data (tests, and decoders that build one). */
export function makeCapture(
  arg: number,
  kind: number,
  data: Uint8Array | string,
  flags: number | { truncated?: boolean; fault?: boolean; more?: boolean; entry?: boolean; short?: boolean } = 0,
  index = 0,
): Capture {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const f =
    typeof flags === "number"
      ? flags
      : (flags.truncated ? CaptureFlag.Truncated : 0) | (flags.fault ? CaptureFlag.Fault : 0) | (flags.more ? CaptureFlag.More : 0) |
        (flags.entry ? CaptureFlag.Entry : 0) | (flags.short ? CaptureFlag.Short : 0);
  return new Capture(arg, kind, f, bytes, index);
}

export const NO_CAPTURES: readonly Capture[] = [];

/** Capture items one record can hold: at least 8 bytes each within the capture budget. */
export const MAX_CAPTURES = CAP_BUDGET / CAPTURE.size;

/**
 * Where the capture items of the record at `off` are: for item k,
 * `out[2k]` is its header's offset and `out[2k + 1]` the end of its data;
 * returns the number of items. `size` bounds every read (the record's
 * size field, the frame length and the buffer, whichever is smallest), so
 * a lying header can never make us read past them. `out` holds
 * 2 * MAX_CAPTURES entries.
 */
export function scanCaptures(dv: DataView, off: number, count: number, size: number, out: Int32Array): number {
  const end = off + Math.min(size, EVENT.size + CAP_BUDGET);
  let p = off + EVENT.size;
  let n = 0;
  for (let i = 0; i < count && p + CAPTURE.size <= end && n < MAX_CAPTURES; i++) {
    const len = dv.getUint16(p + CAPTURE.len, true);
    out[2 * n] = p;
    out[2 * n + 1] = Math.min(p + CAPTURE.size + len, end);
    n++;
    p += CAPTURE.size + ((len + 7) & ~7);
  }
  return n;
}

/** The capture item whose header is at `p` (from scanCaptures), its data ending at `dataEnd`. */
export function captureAt(buf: Uint8Array, dv: DataView, p: number, dataEnd: number): Capture {
  return new Capture(buf[p + CAPTURE.arg]!, buf[p + CAPTURE.kind]!, dv.getUint16(p + CAPTURE.flags, true), buf.subarray(p + CAPTURE.size, dataEnd), dv.getUint16(p + CAPTURE.index, true));
}

const scratch = new Int32Array(2 * MAX_CAPTURES);

/** The capture items of the record at `off` (bounds as in scanCaptures). */
export function readCaptures(buf: Uint8Array, dv: DataView, off: number, count: number, size: number): Capture[] {
  const n = scanCaptures(dv, off, count, size, scratch);
  const out: Capture[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = captureAt(buf, dv, scratch[2 * k]!, scratch[2 * k + 1]!);
  return out;
}
