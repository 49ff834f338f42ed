/**
 * Raw registers + captured memory → named, typed arguments. Every
 * syscall gets its kernel argument names; the few decoders below add
 * strings, flag names and argv. Values keep two renderings: `json` for
 * NDJSON and `text` in strace's style.
 */
import type { Capture } from "./event";
import { CaptureKind } from "./layout";
import type { SyscallInfo } from "./syscalls";
import { formatDirFd, formatOpenFlags } from "./flags";
import { escapeForTerminal } from "./strings";

export interface DecodedArg {
  name: string;
  json: unknown;
  /** strace-style rendering; "" when not requested or when strace omits the argument. */
  text: string;
  truncated?: boolean;
}

/** JSON names the seed used, where they differ from the kernel's. */
const SEED_NAMES: Record<string, Record<string, string>> = {
  openat: { dfd: "dir_fd", filename: "pathname" },
  open: { filename: "pathname" },
};

const DIRFD_NAMES = new Set(["dfd", "dirfd", "olddfd", "newdfd", "fd_from", "fd_to"]);
const OPEN_FAMILY = new Set(["open", "openat", "creat"]);

export function hex(v: number): string {
  return v < 0 ? `0x${(BigInt(v) & 0xffffffffffffffffn).toString(16)}` : `0x${v.toString(16)}`;
}

function quoted(s: string, truncated: boolean): string {
  return `"${escapeForTerminal(s)}"${truncated ? "..." : ""}`;
}

function stringArg(name: string, raw: number, c: Capture): DecodedArg {
  if (c.fault) {
    const addr = hex(raw);
    return { name, json: { addr, error: "EFAULT" }, text: `${addr} /* unreadable */` };
  }
  return { name, json: c.text, text: quoted(c.text, c.truncated), truncated: c.truncated || undefined };
}

function argvArg(name: string, raw: number, items: Capture[]): DecodedArg {
  if (raw === 0) return { name, json: null, text: "NULL" };
  const strings = items.filter((c) => !c.more);
  const more = items.some((c) => c.more) || strings.some((c) => c.truncated);
  const json = strings.map((c) => (c.fault ? null : c.text));
  const text = `[${strings.map((c) => (c.fault ? "0x? /* unreadable */" : quoted(c.text, c.truncated))).join(", ")}${items.some((c) => c.more) ? ", ..." : ""}]`;
  return { name, json, text, truncated: more || undefined };
}

/**
 * How one argument of one syscall is decoded, worked out once per syscall
 * from its kernel name and C type so the hot path runs no regexes.
 */
type ArgDecoder = (raw: number[], captures: Capture[], text: boolean) => DecodedArg;

function pointerDecoder(name: string, i: number): ArgDecoder {
  return (raw) => {
    const v = raw[i]!;
    const h = v === 0 ? "NULL" : hex(v);
    return { name, json: v === 0 ? null : h, text: h };
  };
}

function integerDecoder(name: string, i: number, type: string): ArgDecoder {
  const unsigned = /unsigned|size_t|u32|u64|umode_t|__u|key_serial_t|uid_t|gid_t|dev_t/.test(type) && !/ssize_t/.test(type);
  const narrow = /\b(int|u32|__u32|s32|__s32|umode_t|pid_t|uid_t|gid_t|mode_t|key_serial_t|timer_t|mqd_t|clockid_t|qid_t)\b/.test(type) && !/long/.test(type);
  if (/\bsize_t\b/.test(type))
    // (size_t)-1 is 18446744073709551615, as strace prints it; other
    // "unsigned long" registers often carry ints (mmap's fd), so they keep the sign
    return (raw, _c, text) => {
      const v = raw[i]!;
      if (v >= 0) return { name, json: v, text: text ? String(v) : "" };
      const big = (BigInt(v) & 0xffffffffffffffffn).toString();
      return { name, json: big, text: big };
    };
  if (!narrow) return (raw, _c, text) => ({ name, json: raw[i]!, text: text ? String(raw[i]!) : "" });
  if (unsigned) return (raw, _c, text) => { const v = raw[i]! >>> 0; return { name, json: v, text: text ? String(v) : "" }; };
  return (raw, _c, text) => { const v = raw[i]! | 0; return { name, json: v, text: text ? String(v) : "" }; };
}

function captureDecoder(name: string, i: number, fallback: ArgDecoder): ArgDecoder {
  return (raw, captures, text) => {
    let first: Capture | undefined;
    for (const c of captures) if (c.arg === i) { first = c; break; }
    if (!first) return fallback(raw, captures, text);
    if (first.kind === CaptureKind.Str) return stringArg(name, raw[i]!, first);
    return argvArg(name, raw[i]!, captures.filter((x) => x.arg === i));
  };
}

function planArg(info: SyscallInfo, i: number): ArgDecoder {
  const kernelName = info.argNames[i]!;
  const name = SEED_NAMES[info.name]?.[kernelName] ?? kernelName;
  const type = info.argTypes[i] ?? "unsigned long";
  const base = type.includes("*") ? pointerDecoder(name, i) : integerDecoder(name, i, type);
  if (captureSpecFor(info)[i]) return captureDecoder(name, i, base);
  if (kernelName === "flags" && OPEN_FAMILY.has(info.name))
    return (raw, _c, text) => {
      const names = formatOpenFlags(raw[i]! >>> 0);
      return { name, json: names, text: text ? names.join("|") : "" };
    };
  if (DIRFD_NAMES.has(kernelName))
    return (raw, _c, text) => {
      const fd = raw[i]! | 0;
      return { name, json: fd, text: text ? String(formatDirFd(fd)) : "" };
    };
  if (kernelName === "mode" && OPEN_FAMILY.has(info.name))
    // strace shows the mode only when the call can create a file
    return (raw, _c, text) => {
      const mode = raw[i]! >>> 0;
      return { name, json: mode, text: text && createsFile(info.name, raw) ? octalMode(mode) : "" };
    };
  return base;
}

/** strace's %#03o: 0666, 0755, and 000 for zero. */
function octalMode(mode: number): string {
  return mode === 0 ? "000" : `0${mode.toString(8).padStart(2, "0")}`;
}

function createsFile(name: string, raw: number[]): boolean {
  if (name === "creat") return true;
  const flags = (name === "open" ? raw[1]! : raw[2]!) >>> 0;
  return formatOpenFlags(flags).some((f) => f === "O_CREAT" || f === "O_TMPFILE");
}

const plans = new WeakMap<SyscallInfo, ArgDecoder[]>();

function planFor(info: SyscallInfo): ArgDecoder[] {
  let plan = plans.get(info);
  if (!plan) {
    if (info.argsUnknown) {
      // No argument names for this call: show the registers the ABI may use.
      plan = [0, 1, 2, 3, 4, 5].map((i) => integerDecoder(`arg${i}`, i, "unsigned long"));
    } else plan = info.argNames.map((_, i) => planArg(info, i));
    plans.set(info, plan);
  }
  return plan;
}

/** Number of raw registers the decoder reads for this syscall. */
export function argCount(info: SyscallInfo): number {
  return planFor(info).length;
}

/** Decode every argument; `text` also renders strace-style text (else text is ""). */
export function decodeArgs(info: SyscallInfo, raw: number[], captures: Capture[], text = true): DecodedArg[] {
  const plan = planFor(info);
  const out: DecodedArg[] = new Array(plan.length);
  for (let i = 0; i < plan.length; i++) out[i] = plan[i]!(raw, captures, text);
  return out;
}

/** Names the kernel uses for NUL-terminated path/name string arguments. */
const STRING_ARG_NAMES = new Set([
  "filename", "pathname", "path", "oldname", "newname", "name", "specialfile", "dev_name",
  "dir_name", "new_root", "put_old", "library", "uargs", "oldpath", "newpath", "type",
]);

/** Which arguments the probe should capture for this syscall (enum swoll_arg_capture). */
export function captureSpecFor(info: SyscallInfo): number[] {
  const spec = [0, 0, 0, 0, 0, 0];
  info.argTypes.forEach((type, i) => {
    const name = info.argNames[i]!;
    if (/char\s*\*\s*const\s*\*|const char \*const \*/.test(type) && (name === "argv" || name === "envp")) {
      if (name === "argv") spec[i] = 2;
    } else if (/char\s*\*/.test(type) && !/\*\s*\*/.test(type) && STRING_ARG_NAMES.has(name)) spec[i] = 1;
  });
  return spec;
}

/** The caller's memory is replaced on success, so read it at entry. */
export const CAPTURE_AT_ENTER = new Set(["execve", "execveat"]);

/** Calls that never return: emitted at entry. */
export const NO_RETURN = new Set(["exit", "exit_group"]);
