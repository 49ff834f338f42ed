/** Sizes as users write them: 1048576, 512K, 100M, 2G (powers of 1024; KiB/MiB/GiB accepted too). */
import { UsageError } from "../errors";

const UNITS: Record<string, number> = { "": 1, b: 1, k: 1 << 10, kb: 1 << 10, kib: 1 << 10, m: 1 << 20, mb: 1 << 20, mib: 1 << 20, g: 1 << 30, gb: 1 << 30, gib: 1 << 30 };

export function parseSize(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`invalid ${flag} '${text}'; use a size such as 64K, 100M or 2G`);
  const n = Math.floor(Number(m[1]) * unit);
  if (n < 4096) throw new UsageError(`${flag} '${text}' is too small; use at least 4K`);
  return n;
}
