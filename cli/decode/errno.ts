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
