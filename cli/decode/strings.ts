/**
 * Bytes from traced processes become strings here. Nothing a traced
 * process controls reaches a terminal unescaped: see escapeForTerminal.
 */
// ignoreBOM: a leading U+FEFF is part of the data, not an encoding hint.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decode UTF-8; bytes that are not valid UTF-8 become the text `\xNN`. */
export function bytesToString(b: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < b.length; i++) {
    if (b[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return b.length < 64 ? String.fromCharCode.apply(null, b as unknown as number[]) : latin1(b);
  try {
    return utf8.decode(b);
  } catch {
    return decodeLossless(b);
  }
}

function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1");
}

/** Keep every valid UTF-8 sequence and mark each invalid byte as `\xNN`. */
function decodeLossless(b: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < b.length) {
    const n = utf8SequenceLength(b, i);
    if (n === 0) {
      out += `\\x${b[i]!.toString(16).padStart(2, "0")}`;
      i += 1;
    } else {
      out += utf8.decode(b.subarray(i, i + n));
      i += n;
    }
  }
  return out;
}

function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? (c <= 0xef ? 3 : 0) : c >= 0xc2 ? 2 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  try {
    utf8.decode(b.subarray(i, i + n)); // rejects overlongs and surrogates
    return n;
  } catch {
    return 0;
  }
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
 * characters (ESC becomes \33), and C1 controls and invisible format
 * characters as \u{…} so they cannot act. Inside quotes, `"` and `\` are
 * escaped too.
 */
export function escapeForTerminal(s: string, quoted = true): string {
  let out = "";
  let i = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    i += ch.length;
    if (c === 34 || c === 92) out += quoted ? `\\${ch}` : ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (CONTROL_ESCAPES[c]) out += CONTROL_ESCAPES[c];
    else if (c < 0x20 || c === 0x7f) {
      // Like strace: the short form, unless an octal digit follows and would join it.
      const next = s.charCodeAt(i);
      out += `\\${next >= 0x30 && next <= 0x37 ? c.toString(8).padStart(3, "0") : c.toString(8)}`;
    }
    else if (isInvisibleOrControl(c)) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out;
}

function isInvisibleOrControl(c: number): boolean {
  return (
    (c >= 0x80 && c <= 0x9f) || // C1 controls (CSI, OSC as single code points)
    c === 0x061c || // Arabic letter mark
    (c >= 0x200b && c <= 0x200f) || // zero-width, direction marks
    (c >= 0x202a && c <= 0x202e) || // bidi embedding/override
    (c >= 0x2066 && c <= 0x2069) || // bidi isolates
    c === 0xfeff
  );
}
