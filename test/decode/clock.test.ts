/** cli/decode/clock.ts: wall time from the probe's monotonic nanoseconds. */
import { expect, test } from "bun:test";
import { portableOffsetNs, WallClock } from "../../cli/decode/clock";
import { monotonicNs, realtimeOffsetNs } from "../../ffi/clock";

test("the portable offset (no shim: /proc/uptime under Bun) agrees with the shim's exact one to 20 ms", () => {
  const exact = realtimeOffsetNs();
  const portable = portableOffsetNs();
  expect(Number(portable - exact) / 1e6).toBeWithin(-20, 20);
});

test("rfc3339 turns a monotonic time into UTC with microseconds, from the offset it was given", () => {
  const offset = 1_764_000_000_123_456_789n; // 2025-11-24T16:00:00.123456789Z minus a zero monotonic clock
  const clock = new WallClock(() => offset);
  expect(clock.rfc3339(0)).toBe("2025-11-24T16:00:00.123456Z");
  expect(clock.rfc3339(1_000_000_999)).toBe("2025-11-24T16:00:01.123457Z");
  expect(clock.rfc3339(876_543_211)).toBe("2025-11-24T16:00:01.000000Z");
});

test("with the exact offset, now is now", () => {
  const clock = new WallClock(realtimeOffsetNs);
  expect(Math.abs(Date.parse(clock.rfc3339(monotonicNs())) - Date.now())).toBeLessThan(50);
});
