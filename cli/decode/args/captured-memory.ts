/**
 * Bounds-checked reads of captured memory. Every read says whether the
 * bytes were there: a short or hostile capture yields undefined, never a
 * RangeError.
 */
import type { StructLayout } from "../tables/structs";

export type Field = readonly [number, number, number];

export class CapturedMemory {
  readonly dv: DataView;
  readonly length: number;

  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  has(off: number, size: number): boolean {
    return off >= 0 && off + size <= this.length;
  }

  u8(off: number): number | undefined {
    return this.has(off, 1) ? this.dv.getUint8(off) : undefined;
  }

  u16(off: number): number | undefined {
    return this.has(off, 2) ? this.dv.getUint16(off, true) : undefined;
  }

  /** Network byte order. */
  be16(off: number): number | undefined {
    return this.has(off, 2) ? this.dv.getUint16(off, false) : undefined;
  }

  be32(off: number): number | undefined {
    return this.has(off, 4) ? this.dv.getUint32(off, false) : undefined;
  }

  u32(off: number): number | undefined {
    return this.has(off, 4) ? this.dv.getUint32(off, true) : undefined;
  }

  s32(off: number): number | undefined {
    return this.has(off, 4) ? this.dv.getInt32(off, true) : undefined;
  }

  u64n(off: number): bigint | undefined {
    return this.has(off, 8) ? this.dv.getBigUint64(off, true) : undefined;
  }

  /** A u64 as a Number (exact below 2^53). */
  u64(off: number): number | undefined {
    if (!this.has(off, 8)) return undefined;
    return this.dv.getUint32(off + 4, true) * 2 ** 32 + this.dv.getUint32(off, true);
  }

  s64(off: number): number | undefined {
    if (!this.has(off, 8)) return undefined;
    return this.dv.getInt32(off + 4, true) * 2 ** 32 + this.dv.getUint32(off, true);
  }

  /** A struct member measured by the generator: [offset, size, signed]. */
  field(f: Field): number | undefined {
    const [off, size, signed] = f;
    switch (size) {
      case 1:
        return this.u8(off);
      case 2:
        return signed ? (this.has(off, 2) ? this.dv.getInt16(off, true) : undefined) : this.u16(off);
      case 4:
        return signed ? this.s32(off) : this.u32(off);
      case 8:
        return signed ? this.s64(off) : this.u64(off);
      default:
        return undefined;
    }
  }

  /** A u64, and the same as a bigint when it is past 2^53 (for exact text: pointer, hex). */
  u64w(off: number): [number, bigint | undefined] | undefined {
    const v = this.u64(off);
    if (v === undefined) return undefined;
    return [v, Number.isSafeInteger(v) ? undefined : this.dv.getBigUint64(off, true)];
  }

  /** A struct member as exact decimal text (8-byte members past 2^53 through bigint, as strace prints them). */
  fieldText(f: Field): string | undefined {
    const [off, size, signed] = f;
    if (size !== 8) {
      const v = this.field(f);
      return v === undefined ? undefined : String(v);
    }
    if (!this.has(off, 8)) return undefined;
    return String(signed ? this.dv.getBigInt64(off, true) : this.dv.getBigUint64(off, true));
  }

  /** A struct member for JSON: a number while exact, past 2^53 its decimal digits (the schema's int64). */
  fieldJson(f: Field): number | string | undefined {
    const n = this.field(f);
    return n === undefined || Number.isSafeInteger(n) ? n : this.fieldText(f);
  }

  /** The bytes of a member (arrays, nested structs), if all present. */
  slice(f: Field): Uint8Array | undefined {
    return this.has(f[0], f[1]) ? this.bytes.subarray(f[0], f[0] + f[1]) : undefined;
  }

  /** Whether the whole struct is present. */
  holds(layout: StructLayout): boolean {
    return this.length >= layout.size;
  }
}

/** A NUL-terminated string inside a fixed-size char array. */
export function cString(b: Uint8Array): Uint8Array {
  const end = b.indexOf(0);
  return end < 0 ? b : b.subarray(0, end);
}
