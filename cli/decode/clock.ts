/**
 * Converts the probe's CLOCK_MONOTONIC nanoseconds to wall-clock time.
 * The offset is re-read every second so that clock steps show up; it is
 * kept as whole seconds plus nanoseconds because wall-clock nanoseconds
 * exceed 2^53 and would lose precision as one Number.
 */

import { readFileSync } from "node:fs";

/** CLOCK_REALTIME − CLOCK_MONOTONIC in ns. */
export type OffsetSource = () => bigint;

/**
 * The offset from clocks any runtime has, for decoding without the shim
 * (the tracer passes the shim's exact one). Node's process.hrtime is
 * CLOCK_MONOTONIC (libuv), good to Date.now's millisecond. Bun's counts
 * from process start, so there /proc/uptime stands in: CLOCK_BOOTTIME at
 * 10 ms, which equals CLOCK_MONOTONIC unless the machine was suspended.
 */
export const portableOffsetNs: OffsetSource = () => {
  const wallNs = BigInt(Date.now()) * 1_000_000n;
  if (!("bun" in process.versions)) return wallNs - process.hrtime.bigint();
  const [uptime] = readFileSync("/proc/uptime", "utf8").split(" ");
  const [sec, frac = ""] = uptime!.split(".");
  return wallNs - (BigInt(sec!) * 1_000_000_000n + BigInt(frac.padEnd(9, "0").slice(0, 9)));
};

export class WallClock {
  private offsetSec = 0;
  private offsetRemNs = 0;
  private offsetAt = -Infinity;
  private cachedSecond = -1;
  private cachedPrefix = "";

  constructor(private readonly offsetNs: OffsetSource = portableOffsetNs) {}

  /** Re-read the offset if a second has passed; call once per batch, not per event. */
  refresh(): void {
    const now = performance.now();
    if (now - this.offsetAt <= 1000) return;
    const off = this.offsetNs();
    this.offsetSec = Number(off / 1_000_000_000n);
    this.offsetRemNs = Number(off % 1_000_000_000n);
    this.offsetAt = now;
  }

  /** [whole seconds, nanoseconds within the second] of wall time. */
  wall(monoNs: number): [number, number] {
    if (this.offsetAt === -Infinity) this.refresh();
    const t = monoNs + this.offsetRemNs;
    const s = Math.floor(t / 1e9);
    return [s + this.offsetSec, t - s * 1e9];
  }

  /** RFC 3339 in UTC with microseconds: 2026-11-24T20:31:00.123456Z */
  rfc3339(monoNs: number): string {
    const micros = this.splitMicros(monoNs);
    return `${this.cachedPrefix}.${String(micros).padStart(6, "0")}Z`;
  }

  /**
   * rfc3339 in two parts without building the string: returns the
   * microseconds within the second, and leaves the text before the '.'
   * (2026-11-24T20:31:00) in `prefix` until the next call.
   */
  splitMicros(monoNs: number): number {
    if (this.offsetAt === -Infinity) this.refresh();
    const t = monoNs + this.offsetRemNs;
    const s = Math.floor(t / 1e9);
    const second = s + this.offsetSec;
    if (second !== this.cachedSecond) {
      this.cachedSecond = second;
      this.cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
    }
    return Math.floor((t - s * 1e9) / 1000);
  }

  /** The text before the '.' of the time splitMicros last split. */
  get prefix(): string {
    return this.cachedPrefix;
  }
}
