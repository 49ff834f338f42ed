/** The only module that binds the shim's C symbols. */
import { dlopen, FFIType, ptr } from "bun:ffi";
import { nativeFiles, nativeLoaded } from "./embedded";

const { ptr: P, u32, i32, u64, i64, void: V } = FFIType;

const symbols = {
  swoll_log_take: { args: [P, u32], returns: u32 },
  swoll_log_verbose: { args: [i32], returns: V },
  swoll_last_error: { args: [P, u32], returns: u32 },
  swoll_probe_open: { args: [P, u64], returns: P },
  swoll_probe_set_option: { args: [P, P, P, u32], returns: i32 },
  swoll_probe_set_ring: { args: [P, i32, u32], returns: i32 },
  swoll_probe_load: { args: [P], returns: i32 },
  swoll_probe_attach: { args: [P], returns: i32 },
  swoll_probe_defer_attach: { args: [P, P, i32], returns: i32 },
  swoll_probe_attach_program: { args: [P, P], returns: i32 },
  swoll_map_update: { args: [P, P, P, P], returns: i32 },
  swoll_map_delete: { args: [P, P, P], returns: i32 },
  swoll_map_lookup: { args: [P, P, P, P], returns: i32 },
  swoll_rules_clear: { args: [P, u32], returns: i32 },
  swoll_probe_counters: { args: [P, P, u32], returns: i32 },
  swoll_probe_drain: { args: [P, P, u32], returns: i64 },
  swoll_probe_pending: { args: [P], returns: u64 },
  swoll_probe_close: { args: [P], returns: V },
  swoll_probe_detach: { args: [P], returns: V },
  swoll_clock_offset_ns: { args: [], returns: i64 },
  swoll_monotonic_ns: { args: [], returns: u64 },
  // in-kernel aggregation (swoll serve, swoll top), ffi/shim-metrics.c
  swoll_metrics_layout: { args: [P, u32], returns: u32 },
  swoll_map_set_max_entries: { args: [P, P, u32], returns: i32 },
  swoll_metrics_read: { args: [P, i32, P, u64], returns: i64 },
  swoll_prog_stats: { args: [P, P, P], returns: i32 },
  swoll_map_dump: { args: [P, P, P, u64], returns: i64 },
  swoll_prog_set_autoload: { args: [P, P, i32], returns: i32 },
  swoll_percpu_sums: { args: [P, P, P, u32], returns: i32 },
  // capabilities after attach, ffi/shim-caps.c
  swoll_caps_drop: { args: [u64, u32, P], returns: i32 },
  // output without blocking, ffi/shim-fd.c
  swoll_write_nowait: { args: [i32, P, u32], returns: i64 },
  swoll_fd_poll: { args: [i32, i32, i32], returns: i32 },
  swoll_drop_user: { args: [i64, i64], returns: i32 },
} as const;

type Lib = ReturnType<typeof dlopen<typeof symbols>>["symbols"];
let lib: Lib | undefined;

export function native(): Lib {
  if (!lib) {
    lib = dlopen(nativeFiles().shim, symbols).symbols;
    nativeLoaded();
  }
  return lib;
}

export function probeObjectBytes(): Uint8Array {
  return nativeFiles().probeObject;
}

const textBuf = new Uint8Array(1 << 20);
const decoder = new TextDecoder();

export function lastError(): string {
  const n = native().swoll_last_error(textBuf, 512);
  return decoder.decode(textBuf.subarray(0, n));
}

export function takeLog(): string {
  const n = native().swoll_log_take(textBuf, textBuf.length);
  return decoder.decode(textBuf.subarray(0, n));
}

export function cString(s: string): Uint8Array {
  return new TextEncoder().encode(s + "\0");
}

export { ptr };
