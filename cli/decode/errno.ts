// errno lookup over the generated table (cli/decode/tables/errno.ts).
import { ERRNO, ERRNO_ALIASES } from "./tables/errno.ts";

const byNumber = new Map<number, readonly [number, string, string]>();
const byName = new Map<string, number>();
for (const row of ERRNO) {
  byNumber.set(row[0], row);
  byName.set(row[1], row[0]);
}
for (const [alias, primary] of ERRNO_ALIASES) {
  const n = byName.get(primary);
  if (n !== undefined) byName.set(alias, n);
}

/** Symbolic name for a positive errno (e.g. 2 -> "ENOENT"); aliases resolve to the primary name. */
export function errnoName(n: number): string | undefined {
  return byNumber.get(n)?.[1];
}

/** glibc strerror() text for a positive errno (e.g. 2 -> "No such file or directory"). */
export function errnoMessage(n: number): string | undefined {
  return byNumber.get(n)?.[2];
}

/** Number for a name, including aliases ("EWOULDBLOCK" -> 11). Case-insensitive. */
export function errnoByName(name: string): number | undefined {
  return byName.get(name.trim().toUpperCase());
}

/**
 * Interrupted by a signal: the kernel restarts the call (or returns EINTR to
 * the handler's caller) once the signal is handled, so the program never
 * sees these. strace shows such a call without a result: `= ? NAME (…)`.
 */
const RESTARTS = new Set(["ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ERESTART_RESTARTBLOCK"]);

/** A failed call's result as strace prints it: `-1 ENOENT (No such file or directory)`, `? ERESTARTSYS (…)`. */
export function failureText(name: string, errno: number): string {
  return `${RESTARTS.has(name) ? "?" : "-1"} ${name} (${errnoMessage(errno) ?? "Unknown error"})`;
}
