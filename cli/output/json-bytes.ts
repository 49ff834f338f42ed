/**
 * JSON written as UTF-8 bytes straight into a growable buffer, with no
 * intermediate strings: the trace's hot path renders each event this way
 * into the output sink's own buffer. The bytes are exactly those of
 * `safeJson(value)` (json.ts) encoded as UTF-8: JSON.stringify's escapes
 * (the short ones, \u00XX for other C0 controls, \uXXXX for lone
 * surrogates), plus \uXXXX for the characters safeJson keeps from a
 * terminal. Values this writer does not know (objects with toJSON, class
 * instances, bigints) go through safeJson itself, so nothing renders
 * differently, only slower.
 */
import { safeJson } from "./json";
import { codePointAt, utf8SequenceLength } from "../decode/strings";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = "0123456789abcdef";

/** The escape of each C0 control, as JSON.stringify writes it. */
const C0_ESCAPES: string[] = Array.from({ length: 0x20 }, (_, c) => JSON.stringify(String.fromCharCode(c)).slice(1, -1));

/** Characters safeJson escapes beyond JSON.stringify (kept in step with its pattern, see the test). */
export function terminalUnsafe(c: number): boolean {
  return (
    (c >= 0x80 && c <= 0x9f) || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
    c === 0x2028 || c === 0x2029 || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff
  );
}

export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(size = 1 << 16) {
    this.buf = Buffer.alloc(size);
  }

  /** Room for `n` more bytes at pos (the buffer may be replaced). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.pos + n + 1024));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Bytes copied as they are. */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** A string known to be ASCII (names, digits, cached fragments). */
  ascii(s: string): void {
    const n = s.length;
    this.ensure(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** A number as JSON.stringify writes it. */
  number(v: number): void {
    if (Number.isSafeInteger(v)) this.integer(v);
    else this.ascii(Number.isFinite(v) ? String(v) : "null");
  }

  /** A safe integer in decimal (-0 as 0, as JSON has it). */
  integer(v: number): void {
    this.ensure(17);
    if (v < 0) {
      this.buf[this.pos++] = 0x2d;
      v = -v;
    }
    if (v < 1e8) {
      this.pos = smallDigits(this.buf, this.pos, v | 0);
      return;
    }
    // two parts below 10^8, so that the digits come from integer arithmetic
    const hi = Math.floor(v / 1e8);
    const p = smallDigits(this.buf, this.pos, hi);
    this.pos = eightDigits(this.buf, p, v - hi * 1e8);
  }

  /** `v` zero-padded to `width` digits (a non-negative integer below 10^8 of at most that many). */
  padded(v: number, width: number): void {
    this.ensure(width);
    const b = this.buf;
    let n = v | 0;
    for (let i = this.pos + width - 1; i >= this.pos; i--) {
      const q = (n * 0.1) | 0; // exact below 10^8, as in smallDigits
      b[i] = 0x30 + n - q * 10;
      n = q;
    }
    this.pos += width;
  }

  /** A non-negative safe integer as the JSON string "0x…" (lower-case hex, as hex() writes it). */
  hexString(v: number): void {
    this.ensure(18);
    const b = this.buf;
    let p = this.pos;
    b[p++] = QUOTE;
    b[p++] = 0x30;
    b[p++] = 0x78;
    const hi = Math.floor(v / 0x1_0000_0000);
    const lo = v >>> 0;
    let started = false;
    for (let shift = 20; shift >= 0; shift -= 4) {
      const d = (hi >>> shift) & 15;
      if (d !== 0 || started) {
        b[p++] = HEX.charCodeAt(d);
        started = true;
      }
    }
    for (let shift = 28; shift >= 0; shift -= 4) {
      const d = (lo >>> shift) & 15;
      if (d !== 0 || started || shift === 0) {
        b[p++] = HEX.charCodeAt(d);
        started = true;
      }
    }
    b[p++] = QUOTE;
    this.pos = p;
  }

  /** A JSON string literal, quotes included, with safeJson's escapes. */
  string(s: string): void {
    const n = s.length;
    // at most 6 bytes per UTF-16 unit (\uXXXX), plus the quotes
    this.ensure(n * 6 + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = QUOTE;
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      // a run of printable ASCII that needs no escape, in a tight loop
      while (c >= 0x20 && c < 0x7f && c !== QUOTE && c !== BACKSLASH) {
        b[p++] = c;
        if (++i === n) break;
        c = s.charCodeAt(i);
      }
      if (i === n) break;
      if (c < 0x80) p = asciiChar(b, p, c);
      else if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          b[p++] = 0xf0 | (cp >> 18);
          b[p++] = 0x80 | ((cp >> 12) & 0x3f);
          b[p++] = 0x80 | ((cp >> 6) & 0x3f);
          b[p++] = 0x80 | (cp & 0x3f);
          i++;
        } else p = unicodeEscape(b, p, c); // a lone surrogate: JSON.stringify escapes it
      } else if (terminalUnsafe(c)) p = unicodeEscape(b, p, c);
      else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 0x3f);
      } else {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      }
    }
    b[p++] = QUOTE;
    this.pos = p;
  }

  /**
   * Bytes from a traced process as the JSON string of bytesToString(b),
   * written without making that string: valid UTF-8 is copied, each
   * invalid byte 0xNN becomes "\udcNN".
   */
  lossless(b: Uint8Array, start: number, end: number): void {
    this.ensure((end - start) * 6 + 2);
    const out = this.buf;
    let p = this.pos;
    out[p++] = QUOTE;
    for (let i = start; i < end; ) {
      let c = b[i]!;
      // the common case, a run of printable ASCII that needs no escape: copied in a tight loop
      while (c >= 0x20 && c < 0x7f && c !== QUOTE && c !== BACKSLASH) {
        out[p++] = c;
        if (++i === end) break;
        c = b[i]!;
      }
      if (i === end) break;
      if (c < 0x80) {
        p = asciiChar(out, p, c);
        i++;
        continue;
      }
      const len = utf8SequenceLength(b, i, end);
      if (len === 0) {
        p = unicodeEscape(out, p, 0xdc00 + c);
        i++;
        continue;
      }
      const cp = codePointAt(b, i, len);
      if (terminalUnsafe(cp)) p = unicodeEscape(out, p, cp);
      else for (let k = 0; k < len; k++) out[p++] = b[i + k]!;
      i += len;
    }
    out[p++] = QUOTE;
    this.pos = p;
  }

  /**
   * Any JSON value, as safeJson(v) would write it. `undefined` (and
   * functions) write nothing: callers that place values under keys skip
   * those keys first, as JSON.stringify does (see isOmitted).
   */
  value(v: unknown): void {
    switch (typeof v) {
      case "string":
        return this.string(v);
      case "number":
        return this.number(v);
      case "boolean":
        return this.ascii(v ? "true" : "false");
      case "object":
        if (v === null) return this.ascii("null");
        if (Array.isArray(v)) return this.array(v);
        if (isPlain(v)) return this.object(v as Record<string, unknown>);
    }
    const s = safeJson(v);
    if (s !== undefined) this.text(s);
  }

  /** A plain object's own properties in order, as JSON.stringify walks them. */
  object(o: Record<string, unknown>): void {
    this.byte(0x7b);
    let first = true;
    for (const k in o) {
      const v = o[k];
      if (isOmitted(v)) continue;
      if (!first) this.byte(0x2c);
      first = false;
      this.string(k);
      this.byte(0x3a);
      this.value(v);
    }
    this.byte(0x7d);
  }

  private array(a: readonly unknown[]): void {
    if (!Array.isArray(a) || Object.getPrototypeOf(a) !== Array.prototype) {
      this.text(safeJson(a));
      return;
    }
    this.byte(0x5b);
    for (let i = 0; i < a.length; i++) {
      if (i > 0) this.byte(0x2c);
      const v = a[i];
      if (isOmitted(v)) this.ascii("null");
      else this.value(v);
    }
    this.byte(0x5d);
  }

  /** Text that is already JSON (from safeJson: only ASCII escapes and non-ASCII characters). */
  text(s: string): void {
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos);
  }
}

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
export function isOmitted(v: unknown): boolean {
  return v === undefined || typeof v === "function" || typeof v === "symbol";
}

/** A plain object with no toJSON of its own: walked here; anything else goes through safeJson. */
function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== "function";
}

/** "00" to "99" as character codes, two per number. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 0x30 + Math.floor(i / 10);
  PAIRS[2 * i + 1] = 0x30 + (i % 10);
}

/**
 * A non-negative int below 10^8 in decimal at `p`; returns the end. Two
 * digits per step, and n * 0.01 for n / 100: the double 0.01 is a little
 * above 1/100, so the product truncates to the exact quotient for every n
 * in range, without a division's latency.
 */
function smallDigits(b: Uint8Array, p: number, n: number): number {
  const digits = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : 8;
  let i = p + digits;
  const end = i;
  while (n >= 100) {
    const q = (n * 0.01) | 0;
    const r = (n - q * 100) << 1;
    b[--i] = PAIRS[r + 1]!;
    b[--i] = PAIRS[r]!;
    n = q;
  }
  if (n >= 10) {
    b[--i] = PAIRS[(n << 1) + 1]!;
    b[--i] = PAIRS[n << 1]!;
  } else b[--i] = 0x30 + n;
  return end;
}

/** A non-negative int below 10^8 as exactly eight digits at `p`; returns the end. */
function eightDigits(b: Uint8Array, p: number, n: number): number {
  for (let i = p + 6; i >= p; i -= 2) {
    const q = (n * 0.01) | 0;
    const r = (n - q * 100) << 1;
    b[i] = PAIRS[r]!;
    b[i + 1] = PAIRS[r + 1]!;
    n = q;
  }
  return p + 8;
}

/** An ASCII character inside a JSON string: itself, or JSON.stringify's escape for '"', '\\' and C0 controls. */
function asciiChar(b: Uint8Array, p: number, c: number): number {
  if (c >= 0x20 && c !== QUOTE && c !== BACKSLASH) b[p++] = c;
  else if (c === QUOTE || c === BACKSLASH) {
    b[p++] = BACKSLASH;
    b[p++] = c;
  } else {
    const e = C0_ESCAPES[c]!;
    for (let k = 0; k < e.length; k++) b[p++] = e.charCodeAt(k);
  }
  return p;
}

function unicodeEscape(b: Uint8Array, p: number, c: number): number {
  b[p++] = BACKSLASH;
  b[p++] = 0x75;
  b[p++] = HEX.charCodeAt(c >> 12);
  b[p++] = HEX.charCodeAt((c >> 8) & 15);
  b[p++] = HEX.charCodeAt((c >> 4) & 15);
  b[p++] = HEX.charCodeAt(c & 15);
  return p;
}
