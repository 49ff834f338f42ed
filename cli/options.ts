/** Parsers for command-line values; each failure names the value and the fix. */
import { UsageError } from "./errors";
import type { SyscallTable } from "./decode/syscalls";
import { selectSyscalls } from "./syscall-selection";
import { TGID_RULES } from "./decode/layout";

/** "a,b" given once or repeated → ["a", "b"]. */
export function collectList(value: string, previous: string[] = []): string[] {
  return previous.concat(value.split(",").map((s) => s.trim()).filter(Boolean));
}

/**
 * collectList for a selection flag: an empty value (`-s ''`, `--pod ,`)
 * would select nothing and so, once dropped, everything; it is an error.
 */
export function selectionList(flag: string, example: string): (value: string, previous?: string[]) => string[] {
  return (value, previous = []) => {
    const items = value.split(",").map((s) => s.trim());
    if (items.some((s) => s === ""))
      throw new UsageError(`empty ${flag} ${value.trim() === "" ? "value" : `entry in '${value}'`}; name at least one, e.g. ${flag} ${example}, or leave ${flag} out to select all`);
    return previous.concat(items);
  };
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)`;
/** Go's time.ParseDuration syntax (unsigned), or a bare number of seconds as timeout(1) reads it. */
export const DURATION_PATTERN = new RegExp(`^(?:${NUMBER}|(?:${NUMBER}(?:ns|us|µs|ms|s|m|h))+)$`, "u");
/** Go refuses what does not fit in an int64 of nanoseconds (about 292 years). */
const MAX_DURATION_MS = 9_223_372_036_854.775;

/**
 * The one duration syntax of every flag and of Trace manifests: Go's
 * (500ms, 90s, 1m30s, 1.5h) or a bare number meaning seconds. Milliseconds,
 * or null when the text is not a positive duration.
 */
export function durationMs(text: string): number | null {
  const t = text.trim();
  if (!DURATION_PATTERN.test(t)) return null;
  let ms = 0;
  if (/^[\d.]+$/.test(t)) ms = Number(t) * 1000;
  else for (const m of t.matchAll(new RegExp(`(${NUMBER})(ns|us|µs|ms|s|m|h)`, "gu"))) ms += Number(m[1]) * UNITS[m[2]!]!;
  return ms > 0 && ms <= MAX_DURATION_MS ? ms : null;
}

/** A duration flag → milliseconds, or a one-line error naming the syntax. */
export function parseDuration(text: string, flag = "--duration"): number {
  const ms = durationMs(text);
  if (ms === null)
    throw new UsageError(`invalid ${flag} '${text}'; use a positive number of seconds or a Go duration such as 500ms, 90s, 1m30s or 1h`);
  return ms;
}

export function parsePositiveInt(text: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > max)
    throw new UsageError(`invalid ${flag} '${text}'; use a whole number from 1 to ${max}`);
  return Number(text);
}

export function parsePids(values: string[]): number[] {
  const pids = values.map((v) => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 4194304)
      throw new UsageError(`invalid --pid '${v}'; use process ids like --pid 1234,5678`);
    return Number(v);
  });
  const distinct = new Set(pids).size;
  if (distinct > TGID_RULES)
    throw new UsageError(`${distinct} pids given to --pid; the kernel's pid table holds at most ${TGID_RULES} (named and followed children together); select fewer, or select by --comm or --pod`);
  return pids;
}

const COMM_BYTES = 15;

/** The longest prefix of whole characters that fits in `bytes` UTF-8 bytes. */
function utf8Prefix(s: string, bytes: number): string {
  const enc = new TextEncoder();
  let out = "";
  for (const ch of s) {
    if (enc.encode(out + ch).length > bytes) break;
    out += ch;
  }
  return out;
}

export function parseComms(values: string[]): string[] {
  for (const v of values) {
    if (new TextEncoder().encode(v).length > COMM_BYTES)
      throw new UsageError(`invalid --comm '${v}'; the kernel keeps ${COMM_BYTES} bytes of a command name, use '${utf8Prefix(v, COMM_BYTES)}'`);
  }
  return values;
}

/**
 * Syscall selection (names, sys_ names, %class, /regex, !exclusions) →
 * numbers, each once, with "did you mean" for typos. See syscall-selection.ts.
 */
export function parseSyscalls(values: string[], table: SyscallTable): number[] {
  return selectSyscalls(values, table);
}
