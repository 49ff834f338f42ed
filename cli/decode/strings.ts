/**
 * Bytes from traced processes become strings here. Nothing a traced
 * process controls reaches a terminal unescaped: see escapeForTerminal.
 *
 * Bytes that are not valid UTF-8 must stay recoverable and must not be
 * confused with text. Each such byte 0xNN (always 0x80 or above) becomes
 * the lone surrogate U+DCNN, as Python's surrogateescape does: valid
 * UTF-8 never decodes to a surrogate, so the mapping is one to one.
 * JSON writes it as "\udcNN"; text prints it as strace prints any
 * non-printable byte, in octal (\303), with a literal backslash doubled.
 */
// ignoreBOM: a leading U+FEFF is part of the data, not an encoding hint.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decode UTF-8; each byte 0xNN that is not valid UTF-8 becomes U+DCNN (see the header). */
export function bytesToString(b: Uint8Array): string {
  // ASCII is UTF-8 too, and the native decoder is the fastest way to a string
  // (a 37-byte path: ~45 ns, against ~165 ns for String.fromCharCode.apply)
  let ascii = true;
  for (let i = 0; i < b.length; i++)
    if (b[i]! >= 0x80) {
      ascii = false;
      break;
    }
  return ascii ? utf8.decode(b) : decodeLossless(b);
}

const ESCAPED_BYTE = 0xdc00;
/** UTF-16 units of a decoded buffer before they become a string (a byte makes at most one); reused up to this size. */
const KEPT_UNITS = 1 << 16;
const units = new Uint16Array(KEPT_UNITS);
/** String.fromCharCode.apply takes its units as arguments: a bounded number at a time. */
const APPLY_CHUNK = 8192;

/**
 * Keep every valid UTF-8 sequence and turn each invalid byte 0xNN into
 * U+DCNN. Binary buffers (ELF headers, random bytes) come here often, so
 * no exception, subarray or partial string is made per byte.
 */
function decodeLossless(b: Uint8Array): string {
  const u = b.length <= KEPT_UNITS ? units : new Uint16Array(b.length);
  let n = 0;
  for (let i = 0; i < b.length; ) {
    const len = utf8SequenceLength(b, i);
    if (len === 0) {
      u[n++] = ESCAPED_BYTE + b[i]!;
      i++;
      continue;
    }
    const cp = codePointAt(b, i, len);
    if (cp < 0x10000) u[n++] = cp;
    else {
      u[n++] = 0xd800 + ((cp - 0x10000) >> 10);
      u[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    }
    i += len;
  }
  let out = "";
  for (let k = 0; k < n; k += APPLY_CHUNK) out += String.fromCharCode.apply(null, u.subarray(k, Math.min(n, k + APPLY_CHUNK)) as unknown as number[]);
  return out;
}

/**
 * The length of the valid UTF-8 sequence at b[i] (1 to 4), or 0 when the
 * byte there does not start one: overlongs, surrogates (ED A0..BF), code
 * points past U+10FFFF and cut sequences are invalid, exactly as the
 * WHATWG decoder (TextDecoder with fatal) has it.
 */
export function utf8SequenceLength(b: Uint8Array, i: number, end = b.length): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return i + 1 < end && (b[i + 1]! & 0xc0) === 0x80 ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (i + 2 >= end) return 0;
    const c1 = b[i + 1]!;
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return c1 >= lo && c1 <= hi && (b[i + 2]! & 0xc0) === 0x80 ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (i + 3 >= end) return 0;
    const c1 = b[i + 1]!;
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return c1 >= lo && c1 <= hi && (b[i + 2]! & 0xc0) === 0x80 && (b[i + 3]! & 0xc0) === 0x80 ? 4 : 0;
  }
  return 0;
}

/** The code point of the valid `len`-byte sequence at b[i]. */
export function codePointAt(b: Uint8Array, i: number, len: number): number {
  switch (len) {
    case 1:
      return b[i]!;
    case 2:
      return ((b[i]! & 0x1f) << 6) | (b[i + 1]! & 0x3f);
    case 3:
      return ((b[i]! & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
    default:
      return ((b[i]! & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
  }
}

/** The bytes a string from bytesToString came from (U+DC80–U+DCFF back to single bytes). */
export function stringToBytes(s: string): Uint8Array {
  const out: number[] = [];
  const enc = new TextEncoder();
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= ESCAPED_BYTE + 0x80 && c <= ESCAPED_BYTE + 0xff) out.push(c - ESCAPED_BYTE);
    else out.push(...enc.encode(ch));
  }
  return new Uint8Array(out);
}

/** The comm field: NUL-terminated within 16 bytes. */
export function commFrom(buf: Uint8Array, off: number): string {
  let end = off;
  const stop = off + 16;
  while (end < stop && buf[end] !== 0) end++;
  return bytesToString(buf.subarray(off, end));
}

const CONTROL_ESCAPES: Record<number, string> = { 9: "\\t", 10: "\\n", 13: "\\r", 11: "\\v", 12: "\\f" };

/**
 * Render text for a terminal the way strace does: C escapes for control
 * characters (ESC becomes \33), a byte that was not UTF-8 in octal
 * (\303), and C1 controls and invisible format characters as \u{…} so
 * they cannot act. Inside quotes, `"` and `\` are escaped too; `backslash`
 * doubles `\` outside quotes (a command name), so that the escapes above
 * can always be told from the same text in the data.
 */
export function escapeForTerminal(s: string, quoted = true, backslash = quoted): string {
  let out = "";
  let i = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    i += ch.length;
    if (c === 34) out += quoted ? `\\${ch}` : ch;
    else if (c === 92) out += backslash ? "\\\\" : ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (CONTROL_ESCAPES[c]) out += CONTROL_ESCAPES[c];
    else if (c < 0x20 || c === 0x7f) {
      // Like strace: the short form, unless an octal digit follows and would join it.
      const next = s.charCodeAt(i);
      out += `\\${next >= 0x30 && next <= 0x37 ? c.toString(8).padStart(3, "0") : c.toString(8)}`;
    }
    else if (c >= ESCAPED_BYTE + 0x80 && c <= ESCAPED_BYTE + 0xff) out += `\\${(c - ESCAPED_BYTE).toString(8)}`;
    else if (isInvisibleOrControl(c)) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out;
}

function isInvisibleOrControl(c: number): boolean {
  return (
    (c >= 0x80 && c <= 0x9f) || // C1 controls (CSI, OSC as single code points)
    c === 0x061c || // Arabic letter mark
    (c >= 0xd800 && c <= 0xdfff) || // a lone surrogate not from bytesToString
    (c >= 0x200b && c <= 0x200f) || // zero-width, direction marks
    (c >= 0x202a && c <= 0x202e) || // bidi embedding/override
    (c >= 0x2066 && c <= 0x2069) || // bidi isolates
    c === 0xfeff
  );
}
