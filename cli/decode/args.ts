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

function int32(v: number): number {
  return v | 0;
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

/** A register as the C type the kernel declares for it. */
function scalarArg(name: string, type: string, raw: number): DecodedArg {
  if (type.includes("*")) {
    const text = raw === 0 ? "NULL" : hex(raw);
    return { name, json: raw === 0 ? null : text, text };
  }
  const unsigned = /unsigned|size_t|u32|u64|umode_t|__u|key_serial_t|uid_t|gid_t|dev_t/.test(type) && !/ssize_t/.test(type);
  const narrow = /\b(int|u32|__u32|s32|__s32|umode_t|pid_t|uid_t|gid_t|mode_t|key_serial_t|timer_t|mqd_t|clockid_t|qid_t)\b/.test(type) && !/long/.test(type);
  let v = raw;
  if (narrow) v = unsigned ? raw >>> 0 : int32(raw);
  return { name, json: v, text: String(v) };
}

function createsFile(name: string, raw: number[]): boolean {
  if (name === "creat") return true;
  const flags = (name === "open" ? raw[1]! : raw[2]!) >>> 0;
  return formatOpenFlags(flags).some((f) => f === "O_CREAT" || f === "O_TMPFILE");
}

export function decodeArgs(info: SyscallInfo, raw: number[], captures: Capture[], _ret: number): DecodedArg[] {
  const rename = SEED_NAMES[info.name];
  const out: DecodedArg[] = [];
  const n = info.argNames.length;
  for (let i = 0; i < n; i++) {
    const kernelName = info.argNames[i]!;
    const name = rename?.[kernelName] ?? kernelName;
    const type = info.argTypes[i] ?? "unsigned long";
    const c = captures.find((x) => x.arg === i);
    if (c && c.kind === CaptureKind.Str) out.push(stringArg(name, raw[i]!, c));
    else if (c && c.kind === CaptureKind.ArgvItem) out.push(argvArg(name, raw[i]!, captures.filter((x) => x.arg === i)));
    else if (kernelName === "flags" && OPEN_FAMILY.has(info.name)) {
      const names = formatOpenFlags(raw[i]! >>> 0);
      out.push({ name, json: names, text: names.join("|") });
    } else if (DIRFD_NAMES.has(kernelName)) {
      const fd = int32(raw[i]!);
      out.push({ name, json: fd, text: String(formatDirFd(fd)) });
    } else if (kernelName === "mode" && OPEN_FAMILY.has(info.name)) {
      const mode = raw[i]! >>> 0;
      // strace shows the mode only when the call can create a file
      out.push({ name, json: mode, text: createsFile(info.name, raw) ? `0${mode.toString(8).padStart(3, "0")}` : "" });
    } else out.push(scalarArg(name, type, raw[i]!));
  }
  if (info.argsUnknown) {
    // No argument names for this call: show the registers the ABI may use.
    for (let i = 0; i < 6 && i < raw.length; i++) out.push(scalarArg(`arg${i}`, "unsigned long", raw[i]!));
  }
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
