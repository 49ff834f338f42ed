/** The probe's clock (CLOCK_MONOTONIC) as seen from user space. */
import { native } from "./native";

/** CLOCK_REALTIME − CLOCK_MONOTONIC in ns, exact (a BigInt: it exceeds 2^53). */
export function realtimeOffsetNs(): bigint {
  return BigInt(native().swoll_clock_offset_ns());
}

export function monotonicNs(): number {
  return Number(native().swoll_monotonic_ns());
}
