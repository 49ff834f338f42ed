/**
 * Flag sets and enumerations of the arguments no family decodes, by call
 * and kernel argument name. They apply where a family's spec does not name
 * the argument (so a family may decode a call's structures while its flags
 * come from here), and VALUES adds whole specs for calls that are only
 * numbers, flags and strings: eventfd2, fallocate, membarrier, add_key, …
 */
import { Capture } from "../capture";
import { flagsOf, valuesOf } from "../consts";
import {
  AT_FLAGS, FADVISE_ADVICE, FALLOC_MODE, FSCONFIG_CMD, FSMOUNT_FLAGS, FSOPEN_FLAGS, FSPICK_FLAGS, MOUNT_ATTR,
  MOVE_MOUNT_FLAGS, OPEN_TREE_FLAGS, SPLICE_FLAGS, XATTR_FLAGS,
} from "../tables/consts-fs";
import {
  CLOCK_ID, EVENTFD_FLAGS, MADVISE, MAP_FLAGS, MEMBARRIER_CMD, MEMBARRIER_CMDS, MEMBARRIER_FLAGS, MLOCK_FLAGS, PIDFD_FLAGS, PKEY_ACCESS,
  PROT, SIGNALFD_FLAGS, TIMER_FLAGS,
} from "../tables/consts-mm";
import {
  GET_MEMPOLICY_FLAGS, IOPRIO_CLASS, IOPRIO_WHO, IPC_FLAGS, KCMP_TYPE, KEY_SPEC, KEYCTL_OPTION, LANDLOCK_CREATE_FLAGS,
  LANDLOCK_RULE_TYPE, MPOL_MF, MPOL_MODE, MPOL_MODE_FLAGS, MSGCTL_CMD, PRIORITY_WHICH, RUSAGE_WHO, SCHED_POLICY, SEMCTL_CMD,
  SHMCTL_CMD, SWAP_FLAGS,
} from "../tables/consts-proc";
import { bufIn, bufOut, cstr, flags, hexNum, int, intRef, long, memory, mode, path, ptr, ulong, value } from "./common";
import { openBits } from "./fd";
import { openFlags } from "./fs";
import { pselectSigmask, sigsetArg } from "./poll";
import { arrayArg, timespec } from "./structs";
import type { CapturedMemory } from "./captured-memory";
import { hex, octal, pointer, u64Json } from "./render";
import type { ArgType, Call, CallSpecs, Shown } from "./types";

/** A key serial number: KEY_SPEC_* by name (they are negative), else the number. */
const keySerial: ArgType = {
  show(c, i) {
    const v = c.raw[i]! | 0;
    const name = valuesOf(KEY_SPEC, c.arch).name(v);
    return { json: name ?? v, text: name ?? String(v) };
  },
};

const XATTR_SIZE_MAX = 65536;

/**
 * An extended attribute's value, as strace prints it: only the address
 * when the size is past XATTR_SIZE_MAX (the kernel refuses it), else the
 * bytes with a trailing NUL left out. `out`: getxattr's, as many bytes as
 * it returned (the address when it failed).
 */
function xattrValue(out: boolean): ArgType {
  const inner = out ? bufOut() : bufIn("size");
  return {
    ...inner,
    show(c, i, cap) {
      const size = out ? c.ret ?? 0 : c.wide?.[3] !== undefined ? Infinity : c.raw[3]!;
      if (c.raw[i] !== 0 && (size > XATTR_SIZE_MAX || size < 0)) return pointer(c.raw[i]!, c.wide?.[i]);
      const whole = cap && !cap.fault && !cap.truncated && cap.bytes.length === size && size > 0 && cap.bytes[size - 1] === 0;
      return inner.show(c, i, whole ? new Capture(cap.arg, cap.kind, cap.flags, cap.bytes.subarray(0, size - 1), cap.index) : cap);
    },
  };
}

/** listxattr's names, NUL after each: as many bytes as it returned; the address for a size of 0. */
const xattrList: ArgType = (() => {
  const inner = bufOut();
  return { ...inner, show: (c, i, cap) => (c.raw[2] === 0 ? pointer(c.raw[i]!, c.wide?.[i]) : inner.show(c, i, cap)) };
})();

/** An aio context (an address the kernel hands out): hex, 0 as 0. */
const aioContext = hexNum;

/** The aio context io_setup writes: `[0x7f…]`. */
const aioContextOut: ArgType = memory(
  { kind: "fixed", size: 8 },
  (m, c, i) => {
    const v = m.u64(0);
    if (v === undefined) return ptr.show(c, i, undefined);
    return { json: hex(v), text: `[${hex(v)}]` };
  },
  { out: true },
);

/** struct io_event: u64 data, u64 obj, s64 res, s64 res2. */
const IO_EVENT_SIZE = 32;

function ioEventShown(m: CapturedMemory, off: number): Shown {
  const data = m.u64n(off)!, obj = m.u64n(off + 8)!;
  const res = m.fieldText([off + 16, 8, 1])!, res2 = m.fieldText([off + 24, 8, 1])!;
  const x = (v: bigint) => (v === 0n ? "0" : `0x${v.toString(16)}`);
  return {
    json: { data: u64Json(data), obj: obj === 0n ? null : `0x${obj.toString(16)}`, res: m.fieldJson([off + 16, 8, 1]), res2: m.fieldJson([off + 24, 8, 1]) },
    text: `{data=${x(data)}, obj=${x(obj)}, res=${res}, res2=${res2}}`,
  };
}

/** The events io_getevents returned: as many as its result (at most --strsize captured); the address when it failed. */
const ioEvents: ArgType = {
  capture: { kind: "array", arg: "nr", elem: IO_EVENT_SIZE },
  out: true,
  show: arrayArg(IO_EVENT_SIZE, (c) => Math.max(c.ret ?? 0, 0), (m, off) => ioEventShown(m, off), { out: true }),
};

/** membarrier's cpu_id means something only with MEMBARRIER_CMD_FLAG_CPU: strace leaves it out otherwise. */
const membarrierCpu: ArgType = {
  show(c, i) {
    const withCpu = (c.raw[1]! & 1) !== 0;
    const v = c.raw[i]! | 0;
    return { json: v, text: withCpu && c.text ? String(v) : "" };
  },
};

/** MEMBARRIER_CMD_QUERY returns the commands the kernel supports, as a bit set. */
function membarrierRet(c: Call): string | undefined {
  if ((c.raw[0]! | 0) !== 0 || !c.ret) return undefined;
  return `${hex(c.ret)} (${flagsOf(MEMBARRIER_CMDS, c.arch).text(c.ret)})`;
}

const S_IFMT = 0o170000, S_IFCHR = 0o020000, S_IFBLK = 0o060000;

/** mknod's device: only for character and block devices (the mode, just before it, says), as makedev(major, minor). */
const mknodDev: ArgType = {
  show(c, i) {
    const dev = c.raw[i]! >>> 0;
    const type = (c.raw[i - 1]! >>> 0) & S_IFMT;
    if (type !== S_IFCHR && type !== S_IFBLK) return { json: dev, text: "" };
    // the kernel's 32-bit dev_t: minor's low 8 bits, 12 bits of major, the rest of minor
    const major = (dev & 0xfff00) >>> 8, minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
    return { json: { major, minor }, text: `makedev(${hex(major)}, ${hex(minor)})` };
  },
};

const IOPRIO_CLASS_SHIFT = 13;

/** An I/O priority: IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4). */
function ioprioText(v: number, c: Call): string {
  const cls = v >>> IOPRIO_CLASS_SHIFT, data = v & ((1 << IOPRIO_CLASS_SHIFT) - 1);
  return `IOPRIO_PRIO_VALUE(${valuesOf(IOPRIO_CLASS, c.arch).text(cls)}, ${data})`;
}

/** System V IPC flags: IPC_* bits, then the permission bits in octal (IPC_CREAT|IPC_EXCL|0600). */
const ipcFlags: ArgType = {
  show(c, i) {
    const v = c.raw[i]! >>> 0;
    const names = v & ~0o777 ? [...flagsOf(IPC_FLAGS, c.arch).names(v & ~0o777)] : [];
    const text = [...names, octal(v & 0o777)].join("|");
    return { json: [...names, octal(v & 0o777)], text };
  },
};

/** An IPC key: IPC_PRIVATE for 0, else hex. */
const ipcKey: ArgType = {
  show(c, i) {
    const v = c.raw[i]! | 0;
    return v === 0 ? { json: "IPC_PRIVATE", text: "IPC_PRIVATE" } : { json: v, text: hex(v >>> 0) };
  },
};

const SWAP_FLAG_PRIO_MASK = 0x7fff;

/** swapon's flags: SWAP_FLAG_* bits, then the priority in the low bits (SWAP_FLAG_PREFER|SWAP_FLAG_DISCARD|10). */
const swapFlags: ArgType = {
  show(c, i) {
    const v = c.raw[i]! >>> 0;
    const names = v & ~SWAP_FLAG_PRIO_MASK ? [...flagsOf(SWAP_FLAGS, c.arch).names(v & ~SWAP_FLAG_PRIO_MASK)] : [];
    const all = [...names, String(v & SWAP_FLAG_PRIO_MASK)];
    return { json: all, text: all.join("|") };
  },
};

const MPOL_MODE_FLAG_BITS = 0xe000;

/** A memory policy: MPOL_* with its mode flags (MPOL_BIND|MPOL_F_STATIC_NODES). */
const mpolMode: ArgType = {
  show(c, i) {
    const v = c.raw[i]! >>> 0;
    const mode = valuesOf(MPOL_MODE, c.arch);
    const names = [mode.name(v & ~MPOL_MODE_FLAG_BITS) ?? String(v & ~MPOL_MODE_FLAG_BITS)];
    if (v & MPOL_MODE_FLAG_BITS) names.push(...flagsOf(MPOL_MODE_FLAGS, c.arch).names(v & MPOL_MODE_FLAG_BITS));
    return { json: names, text: names.join("|") };
  },
};

/** keyctl's arguments after the option, for the options whose arguments are known; others show all four in hex. */
const KEYCTL_ARGS: Record<string, ("key" | "int" | "skip")[]> = {
  KEYCTL_GET_KEYRING_ID: ["key", "int"],
  KEYCTL_REVOKE: ["key"],
  KEYCTL_CLEAR: ["key"],
  KEYCTL_INVALIDATE: ["key"],
  KEYCTL_LINK: ["key", "key"],
  KEYCTL_UNLINK: ["key", "key"],
  KEYCTL_SET_TIMEOUT: ["key", "int"],
};

function keyctlArg(k: number): ArgType {
  return {
    show(c, i) {
      const op = valuesOf(KEYCTL_OPTION, c.arch).name(c.raw[0]! | 0);
      const roles = op ? KEYCTL_ARGS[op] : undefined;
      if (!roles) return hexNum.show(c, i, undefined);
      const role = roles[k] ?? "skip";
      if (role === "key") return keySerial.show(c, i, undefined);
      const v = c.raw[i]! | 0;
      return { json: v, text: role === "int" ? String(v) : "" };
    },
  };
}

const O_CREAT = 0o100;

/** mq_open's mode and attributes exist only when it creates the queue. */
function mqCreateOnly(t: ArgType): ArgType {
  return { ...t, show: (c, i, cap) => ((c.raw[1]! & O_CREAT) !== 0 ? t.show(c, i, cap) : { ...t.show(c, i, cap), text: "" }) };
}

/** Arguments decoded by name where no family's spec names them: [call] → [argument] → type. */
export const ARG_SETS: Readonly<Record<string, Readonly<Record<string, ArgType>>>> = {
  utimensat: { flags: flags(AT_FLAGS) },
  mknod: { dev: mknodDev },
  mknodat: { dev: mknodDev },
  name_to_handle_at: { flag: flags(AT_FLAGS) },
  signalfd4: { user_mask: sigsetArg(), flags: flags(SIGNALFD_FLAGS) },
  signalfd: { user_mask: sigsetArg() },
  timer_create: { which_clock: value(CLOCK_ID) },
  timer_settime: { flags: flags(TIMER_FLAGS) },
  clock_adjtime: { which_clock: value(CLOCK_ID) },
  tee: { flags: flags(SPLICE_FLAGS) },
  vmsplice: { flags: flags(SPLICE_FLAGS) },
  setxattr: { value: xattrValue(false), flags: flags(XATTR_FLAGS) },
  lsetxattr: { value: xattrValue(false), flags: flags(XATTR_FLAGS) },
  fsetxattr: { value: xattrValue(false), flags: flags(XATTR_FLAGS) },
  getxattr: { value: xattrValue(true) },
  lgetxattr: { value: xattrValue(true) },
  fgetxattr: { value: xattrValue(true) },
  listxattr: { list: xattrList },
  llistxattr: { list: xattrList },
  flistxattr: { list: xattrList },
  sched_setscheduler: { policy: value(SCHED_POLICY), param: intRef() },
  pkey_mprotect: { start: ptr, prot: flags(PROT, true) },
  process_madvise: { behavior: value(MADVISE) },
  open_by_handle_at: { flags: openFlags },
  memfd_secret: { flags: openBits },
  swapon: { specialfile: path, swap_flags: swapFlags },
  shmctl: { cmd: value(SHMCTL_CMD) },
  msgctl: { cmd: value(MSGCTL_CMD) },
  mbind: { start: ptr, mode: mpolMode, flags: flags(MPOL_MF) },
  set_mempolicy: { mode: mpolMode },
  get_mempolicy: { addr: ptr, flags: flags(GET_MEMPOLICY_FLAGS) },
  landlock_create_ruleset: { flags: flags(LANDLOCK_CREATE_FLAGS) },
  landlock_add_rule: { rule_type: value(LANDLOCK_RULE_TYPE) },
  semctl: { cmd: value(SEMCTL_CMD), arg: ptr },
  keyctl: { option: value(KEYCTL_OPTION), arg2: keyctlArg(0), arg3: keyctlArg(1), arg4: keyctlArg(2), arg5: keyctlArg(3) },
  mq_open: { u_name: path, oflag: openFlags, mode: mqCreateOnly(mode), u_attr: mqCreateOnly(ptr) },
  mount_setattr: { path: path, flags: flags(AT_FLAGS) },
  move_pages: { flags: flags(MPOL_MF) },
};

export const VALUES: CallSpecs = {
  ioperm: { args: { from: hexNum, num: hexNum, turn_on: int } },
  process_mrelease: { args: { pidfd: int, flags: hexNum } },
  landlock_restrict_self: { args: { ruleset_fd: int, flags: hexNum } },
  set_mempolicy_home_node: { args: { start: ptr, len: ulong, home_node: ulong, flags: ulong } },
  remap_file_pages: { args: { start: ptr, size: ulong, prot: flags(PROT), pgoff: ulong, flags: flags(MAP_FLAGS) } },
  eventfd2: { args: { flags: flags(EVENTFD_FLAGS) } },
  fallocate: { args: { mode: flags(FALLOC_MODE) } },
  fadvise64: { args: { advice: value(FADVISE_ADVICE) } },
  pidfd_open: { args: { flags: flags(PIDFD_FLAGS) } },
  mlock2: { args: { start: ptr, flags: flags(MLOCK_FLAGS) } },
  mincore: { args: { start: ptr } },
  pkey_alloc: { args: { flags: hexNum, init_val: flags(PKEY_ACCESS, true) } },
  membarrier: { args: { cmd: value(MEMBARRIER_CMD), flags: flags(MEMBARRIER_FLAGS), cpu_id: membarrierCpu }, ret: membarrierRet },
  // strace 6.1 has no decoder of its own for rseq: every argument in hex, 0 as 0
  rseq: { args: { rseq: hexNum, rseq_len: hexNum, flags: hexNum, sig: hexNum } },
  add_key: { args: { _type: cstr(), _description: cstr(), _payload: bufIn("plen"), ringid: keySerial } },
  request_key: { args: { _type: cstr(), _description: cstr(), _callout_info: cstr(), destringid: keySerial } },
  io_setup: { args: { ctxp: aioContextOut } },
  io_destroy: { args: { ctx: aioContext } },
  io_getevents: { args: { ctx_id: aioContext, min_nr: long, nr: long, events: ioEvents, timeout: timespec() } },
  io_pgetevents: { args: { ctx_id: aioContext, min_nr: long, nr: long, events: ioEvents, timeout: timespec(), usig: pselectSigmask } },
  io_submit: { args: { ctx_id: aioContext } },
  io_cancel: { args: { ctx_id: aioContext } },
  getpriority: { args: { which: value(PRIORITY_WHICH) } },
  setpriority: { args: { which: value(PRIORITY_WHICH) } },
  sched_get_priority_max: { args: { policy: value(SCHED_POLICY) } },
  sched_get_priority_min: { args: { policy: value(SCHED_POLICY) } },
  kcmp: { args: { type: value(KCMP_TYPE) } },
  ioprio_get: { args: { which: value(IOPRIO_WHO) }, ret: (c) => `${c.ret} (${ioprioText(c.ret!, c)})` },
  ioprio_set: { args: { which: value(IOPRIO_WHO), ioprio: { show: (c, i) => ({ json: c.raw[i]! | 0, text: ioprioText(c.raw[i]! >>> 0, c) }) } } },
  shmget: { args: { key: ipcKey, shmflg: ipcFlags } },
  semget: { args: { key: ipcKey, semflg: ipcFlags } },
  msgget: { args: { key: ipcKey, msgflg: ipcFlags } },
  open_tree: { args: { filename: path, flags: flags(OPEN_TREE_FLAGS) } },
  move_mount: { args: { from_pathname: path, to_pathname: path, flags: flags(MOVE_MOUNT_FLAGS) } },
  fsopen: { args: { _fs_name: cstr(), flags: flags(FSOPEN_FLAGS) } },
  fsconfig: { args: { cmd: value(FSCONFIG_CMD, false), _key: cstr() } },
  fsmount: { args: { flags: flags(FSMOUNT_FLAGS), attr_flags: flags(MOUNT_ATTR) } },
  fspick: { args: { path: path, flags: flags(FSPICK_FLAGS) } },
};
