/**
 * Text in strace's style, and the JSON that goes with it: addresses,
 * quoted strings and buffers, modes, fault markers.
 */
import { escapeForTerminal } from "../strings";
import type { Shown } from "./types";

/**
 * A register as hex; negative (sign-extended) values show all 64 bits.
 * `wide`: the exact value when `v` is beyond 2^53 (a Number has lost its low bits there).
 */
export function hex(v: number, wide?: bigint): string {
  if (wide !== undefined) return `0x${wide.toString(16)}`;
  return v < 0 ? `0x${(BigInt(Math.trunc(v)) & 0xffffffffffffffffn).toString(16)}` : `0x${v.toString(16)}`;
}

/** A pointer: JSON null / text NULL for 0, else its address in hex. */
export function pointer(v: number, wide?: bigint): Shown {
  if (v === 0) return { json: null, text: "NULL" };
  const h = hex(v, wide);
  return { json: h, text: h };
}

/** Memory the kernel could not read: the address alone in text (as strace prints it), with the error in JSON. */
export function unreadable(v: number, wide?: bigint): Shown {
  const addr = hex(v, wide);
  return { json: { addr, error: "EFAULT" }, text: addr };
}

/** Memory captured shorter than what it holds (the event's capture budget ran out): its address, marked. */
export function cutShort(v: number, wide?: bigint): Shown {
  const addr = hex(v, wide);
  return { json: { addr, truncated: true }, text: `${addr} /* truncated */`, truncated: true };
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A 64-bit integer in JSON: a number while it is exact (|v| <= 2^53 - 1),
 * beyond that its decimal digits as a string, so nothing is rounded.
 */
export function int64Json(v: bigint): number | string {
  return v <= MAX_EXACT && v >= -MAX_EXACT ? Number(v) : v.toString();
}

/** A string argument, escaped for a terminal, `...` after the quote when cut short. */
export function quoted(s: string, truncated = false): string {
  return `"${escapeForTerminal(s)}"${truncated ? "..." : ""}`;
}

const NAMED: Record<number, string> = { 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\" };

/**
 * A data buffer the way strace prints one: printable ASCII as is, C escapes,
 * everything else in octal (three digits when an octal digit follows), or
 * every byte as \xNN when `asHex` (strace does that for random bytes).
 * Only ASCII comes out, so nothing in a buffer can act on a terminal.
 */
export function quoteBytes(b: Uint8Array, truncated = false, asHex = false): string {
  let out = '"';
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (asHex) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (NAMED[c]) out += NAMED[c];
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else {
      const next = i + 1 < b.length ? b[i + 1]! : -1;
      out += `\\${next >= 0x30 && next <= 0x37 ? c.toString(8).padStart(3, "0") : c.toString(8)}`;
    }
  }
  return `${out}"${truncated ? "..." : ""}`;
}

/** strace's %#03o: 0644, 04755, and 000 for zero. */
export function octal(mode: number): string {
  return mode === 0 ? "000" : `0${mode.toString(8).padStart(2, "0")}`;
}

/** `{a=1, b=2}` from [name, text] pairs; a trailing `...` when more is left out. */
export function struct(fields: readonly (readonly [string, string])[], more = false): string {
  const parts = fields.map(([k, v]) => `${k}=${v}`);
  if (more) parts.push("...");
  return `{${parts.join(", ")}}`;
}

/** JSON value of an unsigned 64-bit quantity: a number when exact, else its decimal string. */
export function u64Json(v: bigint): number | string {
  return int64Json(v);
}
