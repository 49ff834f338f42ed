/**
 * Byte offsets of bpf/events.h's records. The shim reports the compiler's
 * offsets (nativeEventLayout) and test/decode/layout.test.ts checks that
 * this table agrees with them.
 */
export const EVENT = {
  size: 144,
  kind: 0,
  flags: 2,
  recordSize: 4,
  nr: 8,
  tgid: 12,
  tid: 16,
  uid: 20,
  gid: 24,
  session: 28,
  pidNs: 32,
  utsNs: 36,
  mntNs: 40,
  capCount: 44,
  cgroupId: 48,
  ret: 56,
  startNs: 64,
  finishNs: 72,
  args: 80,
  comm: 128,
} as const;

/** Order matches swoll_event_layout() in ffi/shim.c. */
export const EVENT_LAYOUT_ORDER = [
  EVENT.size, EVENT.kind, EVENT.flags, EVENT.recordSize, EVENT.nr, EVENT.tgid, EVENT.tid,
  EVENT.uid, EVENT.gid, EVENT.session, EVENT.pidNs, EVENT.utsNs, EVENT.mntNs, EVENT.capCount,
  EVENT.cgroupId, EVENT.ret, EVENT.startNs, EVENT.finishNs, EVENT.args, EVENT.comm,
] as const;

export const CAPTURE = { size: 8, arg: 0, kind: 1, flags: 2, len: 4 } as const;
export const CAPTURE_SPEC_SIZE = 20;
export const COUNTER_COUNT = 5;

/** Each drained record is framed as [u32 len][u32 ring index][record, padded to 8]. */
export const FRAME_HEADER = 8;

export const EventKind = { Syscall: 1 } as const;
export const EventFlag = { NoReturn: 1, CaptureExhausted: 2 } as const;
/** Kind of a captured item in a record (enum swoll_capture_kind). */
export const CaptureKind = { Str: 1, ArgvItem: 2, Bytes: 3 } as const;
export const CaptureFlag = { Truncated: 1, Fault: 2, More: 4 } as const;
/**
 * How the probe captures one argument's memory (enum swoll_arg_capture),
 * with the meaning of its `size` (struct swoll_capture_spec). Everything but
 * execve's arguments is read at syscall exit, so output arguments show results.
 */
export const ArgCapture = {
  None: 0,
  /** NUL-terminated string, at most --strsize bytes → one Str item. */
  CStr: 1,
  /** char *const[] → one ArgvItem per string, at most --argc, then one empty item flagged More. */
  Argv: 2,
  /** exactly `size` bytes (a struct) → one Bytes item. */
  BytesFixed: 3,
  /** as many bytes as the value of argument number `size`, capped at --strsize. */
  BytesArgLen: 4,
  /** as many bytes as a positive return value, capped at --strsize. */
  BytesRetLen: 5,
  /** as many bytes as the u32 that argument number `size` points to (a socklen_t *), capped. */
  BytesPtrLen: 6,
  /** count the entries of a char *const[] without copying them → a Bytes item holding a u32 (More at the limit). */
  ArgvCount: 7,
  /** (value of argument number `size & 0xff`) × (`size >> 8`) bytes, capped at --strsize (arrays: pollfd, iovec, epoll_event). */
  BytesArgCount: 8,
} as const;
export const SpecFlag = { EmitAtEnter: 1, CaptureAtEnter: 2 } as const;
