/**
 * The vocabulary of argument decoding. A syscall's decoding is data: a
 * CallSpec names, per kernel argument name, an ArgType that says how the
 * probe captures the argument's memory and how to show it.
 */
import type { Capture } from "../capture";
import type { Arch, SyscallInfo } from "../syscalls";

export interface DecodedArg {
  /** JSON key: the kernel's argument name (or the seed's, e.g. openat's dir_fd). */
  name: string;
  json: unknown;
  /** strace-style rendering; "" when not requested or when strace leaves the argument out. */
  text: string;
  /** Captured memory was cut short (--strsize, --argc, the event budget). */
  truncated?: boolean;
}

/** One call being decoded. Captures are views into the drain buffer: valid only now. */
export interface Call {
  /**
   * The registers, each cut to its argument's C type (an int is its low 32 bits,
   * sign-extended). A Number is exact below 2^53; beyond, `wide` has the exact value.
   */
  raw: readonly number[];
  /** Exact unsigned 64-bit values of the registers `raw` cannot hold exactly (undefined elsewhere). */
  wide?: readonly (bigint | undefined)[];
  caps: readonly Capture[];
  /** Render text too (the text output needs it; JSON does not). */
  text: boolean;
  /** The return value; null when the call does not return or it is not known. */
  ret: number | null;
  /** ret is an errno (-4095..-1): output memory was not written. */
  failed: boolean;
  arch: Arch;
  info: SyscallInfo;
  /**
   * --strsize: strace (-s) also prints at most this many elements of an
   * array the call points to, then `...`; undefined: every element.
   */
  strMax?: number;
}

/** What an argument shows: the name is added by the plan. */
export interface Shown {
  json: unknown;
  text: string;
  truncated?: boolean;
}

/**
 * How the probe captures an argument (see ArgCapture in ../layout.ts).
 * Arguments are referred to by kernel name; the plan turns names into
 * indexes and sizes into numbers for the kernel's capture spec.
 */
export type CaptureReq = (
  | { kind: "cstr" }
  /** A NUL-terminated path: kept in full (PATH_MAX) as strace prints it, not cut at --strsize. */
  | { kind: "path" }
  | { kind: "argv" }
  | { kind: "argvCount" }
  | { kind: "fixed"; size: number | ((arch: Arch) => number) }
  /**
   * `name`: a socket address, kept whole (up to sizeof(struct sockaddr_storage)), not cut at --strsize;
   * `opt`: a socket option's value, kept whole up to OPT_MAX bytes, and where the length runs past
   * the caller's memory, the bytes up to the unreadable page (Capture.short).
   */
  | { kind: "argLen"; arg: string; name?: boolean; opt?: boolean }
  /** bpf's attr (argument `arg` bytes, not cut at --strsize), then the path, name or buffer its pointers name for the command. */
  | { kind: "bpfAttr"; arg: string }
  /** ptrace's data: PTRACE_*REGSET's iovec, and the registers it or PTRACE_{GET,SET}{,FP}REGS name (a Field item). */
  | { kind: "ptraceData" }
  /**
   * As many bytes as the call returned, never more than the buffer's size:
   * argument `max`, by default the argument right after the buffer when it is
   * an integer (read's count, recvfrom's size, readlink's bufsiz, getcwd's size).
   */
  | { kind: "retLen"; max?: string; /** not cut at --strsize (records the decoder walks: getdents), only by the event's budget */ whole?: boolean }
  /**
   * As many bytes as *arg (a socklen_t *) says at exit; read "both", never more
   * than it said at entry (the caller's buffer: the kernel reports the full
   * length but writes only what fits). `name` and `opt` as for argLen.
   */
  | { kind: "ptrLen"; arg: string; name?: boolean; opt?: boolean }
  | { kind: "argCount"; arg: string; elem: number | ((arch: Arch) => number) }
  /** struct iovec[arg] and the bytes behind each element; `out`: only as many bytes as the call returned. */
  | { kind: "iovec"; arg: string; out?: boolean }
  /** struct msghdr with its name, iovecs and their bytes, and control data. */
  | { kind: "msghdr"; out?: boolean }
  /** struct mmsghdr[arg], each message as msghdr; `out`: bytes as far as each msg_len. */
  | { kind: "mmsghdr"; arg: string; out?: boolean }
  /** `size` bytes when fcntl's command is a lock command. */
  | { kind: "flock"; size: number }
  /** the bytes ioctl's request names. */
  | { kind: "ioctl" }
  /** an array of argument `arg` elements of `elem` bytes: at most --strsize elements, as strace prints at most -s of them */
  | { kind: "array"; arg: string; elem: number; /** at exit every element the budget holds (poll reads its results from the whole array) */ exitAll?: boolean }
  /** an fd_set of as many descriptors as (int) argument `arg` says, in whole longs, as select reads it */
  | { kind: "fdset"; arg: string }
  /** struct { void *p; size_t n; } (pselect6's sigmask and its size): the 16 bytes, then n bytes at p when n <= `max` (a Field item) */
  | { kind: "ptrLenPair"; max: number }
  /** struct clone_args, `arg` bytes, and what the kernel wrote through its pidfd and parent_tid. */
  | { kind: "cloneArgs"; arg: string }
) & {
  /**
   * When the probe reads it: at exit (the default: the kernel has faulted the
   * pages in, and outputs are written), at entry (the call changes it), or
   * both (value-result: the decoder shows `in => out`; entry items carry
   * Capture.entry).
   */
  when?: "entry" | "both";
};

export interface ArgType {
  capture?: CaptureReq;
  /**
   * The call writes this memory, and it is read at exit: a failed call
   * wrote nothing, so it shows as the address, as strace shows it.
   */
  out?: boolean;
  /** `cap` is the first capture for this argument, if any (argv items: see c.caps). */
  show(c: Call, i: number, cap: Capture | undefined): Shown;
  /**
   * The argument is a file descriptor (strace -y names what it refers to):
   * "fd" an int, "dir" a directory fd (AT_FDCWD: the working directory),
   * "pair" two ints the call writes (pipe's, socketpair's).
   */
  fd?: "fd" | "dir" | "pair";
}

/**
 * What show()'s `json` is, when it is this simple, so that the JSON
 * renderer (cli/output/json-record.ts) writes it without calling show():
 * "s32"/"u32" the register as a signed/unsigned 32-bit int, "raw" the
 * register as read, "size" the register when it is not negative (the
 * renderer takes these only for registers below 2^53, cut to the argument's
 * C type as decodeCall cuts them); "cstr":
 * null for a NULL pointer, else the captured string when a readable Str
 * capture is there; "bytes": the captured bytes as a string when the
 * pointer is not NULL, a readable Bytes capture is there and the call did
 * not fail (for output memory); "ptr": null for 0, else the register in
 * hex ("0x7ffd…"). Anything else: show().
 */
export type SimpleJson = "s32" | "u32" | "raw" | "size" | "cstr" | "bytes" | "ptr";

/**
 * The argument types whose JSON is simple, by identity: a type made by
 * spreading one of these and replacing its show() is not in here, so it
 * never inherits a promise its own show() may not keep. A test renders
 * every syscall both ways and compares the bytes.
 */
export const SIMPLE_JSON = new WeakMap<ArgType, SimpleJson>();

/**
 * The argument types whose show().json depends only on the argument's
 * register (cut to its C type) and the architecture: not on captures,
 * the result or other arguments. The JSON renderer keeps their bytes per
 * value, so a flag set seen on every call is decoded once.
 */
export const VALUE_JSON = new WeakSet<ArgType>();

/** Registers `t` in VALUE_JSON; returns it. */
export function valueJson<T extends ArgType>(t: T): T {
  VALUE_JSON.add(t);
  return t;
}

/** Registers `t` in SIMPLE_JSON; returns it. */
export function simpleJson<T extends ArgType>(t: T, kind: SimpleJson): T {
  SIMPLE_JSON.set(t, kind);
  return t;
}

export interface CallSpec {
  /**
   * Argument names and C types for kernels whose tracefs has no format for
   * this call, or what a call without arguments shows (rt_sigreturn's mask).
   */
  params?: readonly (readonly [string, string])[];
  /** By kernel argument name. Names not listed are decoded from their C type. */
  args?: Record<string, ArgType>;
  /** JSON names that differ from the kernel's (the seed's field names). */
  names?: Record<string, string>;
  /** strace's text when it is not the arguments in order (clone's named fields). */
  text?: (args: readonly DecodedArg[], c: Call) => string;
  /** What strace adds after a successful return: "0x1 (flags FD_CLOEXEC)", "1 ([{fd=3, revents=POLLIN}])". */
  ret?: (c: Call) => string | undefined;
}

export type CallSpecs = Record<string, CallSpec>;
