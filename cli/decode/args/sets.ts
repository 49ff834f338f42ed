/**
 * Flag sets and enumerations of the arguments no family decodes, by call
 * and kernel argument name. They apply where a family's spec does not name
 * the argument (so a family may decode a call's structures while its flags
 * come from here), and VALUES adds whole specs for calls that are only
 * numbers, flags and strings: eventfd2, fallocate, membarrier, add_key, …
 */
import { Capture } from "../capture";
import { flagsOf, valuesOf, type FlagsShown } from "../consts";
import type { CapturedMemory } from "./captured-memory";
import {
  AT_FLAGS, FADVISE_ADVICE, FALLOC_MODE, FSCONFIG_CMD, FSMOUNT_FLAGS, FSOPEN_FLAGS, FSPICK_FLAGS, MOUNT_ATTR,
  MOVE_MOUNT_FLAGS, OPEN_TREE_FLAGS, SPLICE_FLAGS, XATTR_FLAGS,
} from "../tables/consts-fs";
import {
  CLOCK_ID, EVENTFD_FLAGS, MADVISE, MAP_FLAGS, MEMBARRIER_CMD, MEMBARRIER_CMDS, MEMBARRIER_FLAGS, MLOCK_FLAGS,
  MQ_FLAGS, PIDFD_FLAGS, PKEY_ACCESS, PROT, QUOTACTL_CMD, QUOTACTL_FORMAT, QUOTACTL_TYPE, SEMOP_FLAGS, SIGNALFD_FLAGS, TIMER_FLAGS, UFFD_FLAGS,
} from "../tables/consts-mm";
import {
  GET_MEMPOLICY_FLAGS, IOPRIO_CLASS, IOPRIO_WHO, IPC_FLAGS, KCMP_TYPE, KEY_SPEC, KEYCTL_OPTION, LANDLOCK_ACCESS_FS,
  LANDLOCK_CREATE_FLAGS, LANDLOCK_RULE_TYPE, MEMFD_SECRET_FLAGS, MPOL_MF, MPOL_MODE, MPOL_MODE_FLAGS, MSGCTL_CMD,
  PRIORITY_WHICH, REBOOT_CMD, REBOOT_MAGIC1, REBOOT_MAGIC2, RUSAGE_WHO,
  SCHED_POLICY, SEMCTL_CMD, SHMCTL_CMD, SWAP_FLAGS,
} from "../tables/consts-proc";
import { arrayArg, bufIn, bufOut, cstr, cstrMax, flags, hexNum, int, intRef, long, memory, mode, path, ptr, s32a, size, u32a, u64Of, uint, ulong, value } from "./common";
import { openBits } from "./fd";
import { openFlags } from "./fs";
import { mapFlags } from "./mm";
import { pselectSigmask, sigsetArg } from "./poll";
import { cutShort, hex, octal, pointer, struct, u64Json } from "./render";
import { iovec } from "./vectors";
import { errnoName } from "../errno";
import { MQ_ATTR, SEMBUF } from "../tables/structs";
import { arrayShow, structArg, timespec } from "./structs";
import { sigevent } from "./time";
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

/** struct sembuf[nsops]: {sem_num=0, sem_op=-1, sem_flg=SEM_UNDO}, the flags as the unsigned short they are. */
const sembufs: ArgType = arrayArg({ kind: "argCount", arg: "nsops", elem: SEMBUF.size }, SEMBUF.size, (c) => u32a(c, 2), (m, off, c) => {
  const f = SEMBUF.fields;
  const num = m.u16(off + f.sem_num[0])!, op = m.field([off + f.sem_op[0], 2, 1])!;
  const flg = flagsOf(SEMOP_FLAGS, c.arch).format(m.u16(off + f.sem_flg[0])!);
  return { json: { sem_num: num, sem_op: op, sem_flg: flg.names }, text: struct([["sem_num", String(num)], ["sem_op", String(op)], ["sem_flg", flg.text]]) };
});

/**
 * A node mask of `maxnode` bits: (maxnode + 62) / 64 unsigned longs in hex,
 * 16 digits each; the address when that count overflows. The probe reads
 * up to maxnode longs (at most --strsize): the array is shorter, so what
 * lies past it may be unreadable, which only matters within it.
 */
function nodemask(maxnode: string, out = false): ArgType {
  const nmemb = (c: Call, i: number): number => {
    const max = u64Of(c, i + 1);
    const n = (max + 62n) / 64n;
    return n < max / 64n || (max && !n) ? -1 : Number(n);
  };
  const inner = arrayArg({ kind: "argCount", arg: maxnode, elem: 8 }, 8, nmemb, (m, off) => {
    const w = m.u64n(off)!;
    return { json: `0x${w.toString(16)}`, text: w.toString(16).padStart(16, "0") };
  }, { out });
  return { ...inner, show: (c, i, cap) => (nmemb(c, i) < 0 ? ptr.show(c, i, undefined) : inner.show(c, i, cap)) };
}

/** The policy get_mempolicy writes: [MPOL_BIND]. */
const mpolOut = intRef({ out: true, show: (n, c) => ({ json: valuesOf(MPOL_MODE, c.arch).json(n), text: valuesOf(MPOL_MODE, c.arch).name(n) ?? `${hex(n >>> 0)} /* MPOL_??? */` }) });

/** mincore's vector: a byte per page of len, each page's residency bit. */
const PAGE_SIZE = 4096;
const mincoreVec: ArgType = arrayArg({ kind: "argCount", arg: "len", elem: 1 }, 1, (c) => Number((u64Of(c, 1) + BigInt(PAGE_SIZE - 1)) / BigInt(PAGE_SIZE)), (m, off) => {
  const b = m.u8(off)! & 1;
  return { json: b, text: String(b) };
}, { out: true });

/** struct mq_attr: mq_flags by name (`names`: mq_getsetattr) or in hex (mq_open), the counts signed. */
function mqAttr(names: boolean, out = false): ArgType {
  return structArg(MQ_ATTR, (m, c) => {
    const f = MQ_ATTR.fields;
    const raw = m.u64n(f.mq_flags[0])!;
    const fl = names ? flagsOf(MQ_FLAGS, c.arch).formatWide(raw) : undefined;
    const flagsText = fl ? fl.text : raw === 0n ? "0" : `0x${raw.toString(16)}`;
    const json: Record<string, unknown> = { mq_flags: fl ? fl.names : `0x${raw.toString(16)}` };
    const fields: [string, string][] = [["mq_flags", flagsText]];
    for (const k of ["mq_maxmsg", "mq_msgsize", "mq_curmsgs"] as const) {
      json[k] = m.fieldJson(f[k]);
      fields.push([k, m.fieldText(f[k])!]);
    }
    return { json, text: struct(fields) };
  }, { out });
}

/** move_pages' arrays, nr_pages long: the pages' addresses, the target nodes, and the status written back. */
const movePagesCount = (c: Call) => Number(u64Of(c, 1));
const movePagesArgs = {
  pages: arrayArg({ kind: "argCount", arg: "nr_pages", elem: 8 }, 8, movePagesCount, (m, off) => {
    const [v, w] = m.u64w(off)!;
    return pointer(v, w);
  }),
  nodes: arrayArg({ kind: "argCount", arg: "nr_pages", elem: 4 }, 4, movePagesCount, (m, off) => {
    const n = m.s32(off)!;
    return { json: n, text: String(n) };
  }),
  // a page's status: its node, or the error moving it failed with (-EFAULT)
  status: arrayArg({ kind: "argCount", arg: "nr_pages", elem: 4 }, 4, movePagesCount, (m, off) => {
    const n = m.s32(off)!;
    const e = n < 0 ? errnoName(-n) : undefined;
    return e ? { json: `-${e}`, text: `-${e}` } : { json: n, text: String(n) };
  }, { out: true }),
  flags: flags(MPOL_MF),
};

/** An unsigned int in hex, 0 as 0 (flags no names are known for). */
const hex32: ArgType = { show: (c, i) => ({ json: u32a(c, i), text: u32a(c, i) ? hex(u32a(c, i)) : "0" }) };

/** An aio context (an address the kernel hands out): hex, 0 as 0. */
const aioContext = hexNum;

/** The aio context io_setup writes: `[0x7f…]`. */
const aioContextOut: ArgType = memory(
  { kind: "fixed", size: 8 },
  (m, c, i) => {
    const vw = m.u64w(0);
    if (vw === undefined) return ptr.show(c, i, undefined);
    const h = hex(...vw);
    return { json: h, text: `[${h}]` };
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
  show: arrayShow(IO_EVENT_SIZE, (c) => Math.max(c.ret ?? 0, 0), (m, off) => ioEventShown(m, off), { out: true }),
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
    const high = (v & ~SWAP_FLAG_PRIO_MASK) >>> 0;
    const names = high ? [...flagsOf(SWAP_FLAGS, c.arch).names(high)] : [];
    const all = [...names, String(v & SWAP_FLAG_PRIO_MASK)];
    return { json: all, text: all.join("|") };
  },
};

/** A quota command: QCMD(Q_GETFMT, USRQUOTA), the command in the bits above the type's 8. */
const quotaCmd: ArgType = {
  show(c, i) {
    const v = u32a(c, i);
    const cmd = valuesOf(QUOTACTL_CMD, c.arch), type = valuesOf(QUOTACTL_TYPE, c.arch);
    const name = cmd.name(v >>> 8) ?? `${hex(v >>> 8)} /* Q_??? */`;
    const t = type.name(v & 0xff) ?? `${hex(v & 0xff)} /* ???QUOTA */`;
    return { json: [cmd.json(v >>> 8), type.json(v & 0xff)], text: `QCMD(${name}, ${t})` };
  },
};

const quotaCmdName = (c: Call) => valuesOf(QUOTACTL_CMD, c.arch).name(u32a(c, 1) >>> 8);
/** The commands that take no id: strace leaves it out. */
const QUOTA_NO_ID = new Set(["Q_SYNC", "Q_QUOTAOFF", "Q_XQUOTASYNC", "Q_GETFMT"]);
/** The commands that take no data either. */
const QUOTA_NO_DATA = new Set(["Q_SYNC", "Q_QUOTAOFF", "Q_XQUOTASYNC"]);

const quotaFormatOut = intRef({
  out: true,
  show: (n, c) => {
    const f = valuesOf(QUOTACTL_FORMAT, c.arch);
    return { json: f.json(n), text: f.text(n) };
  },
});

/** quotactl_fd's id, for the commands that take one. */
const quotaId: ArgType = {
  show(c, i) {
    const v = u32a(c, i);
    return { json: v, text: QUOTA_NO_ID.has(quotaCmdName(c) ?? "") ? "" : String(v === 0xffffffff ? -1 : v) };
  },
};

/** quotactl_fd's data: Q_GETFMT's format ([QFMT_VFS_V1]); an address for the others, none when the command takes none. */
const quotaData: ArgType = {
  ...quotaFormatOut,
  show(c, i, cap) {
    const op = quotaCmdName(c) ?? "";
    if (op === "Q_GETFMT") return quotaFormatOut.show(c, i, cap);
    const p = ptr.show(c, i, undefined);
    return QUOTA_NO_DATA.has(op) ? { ...p, text: "" } : p;
  },
};

/** A 32-bit device number as glibc encodes it: makedev(0xfff, 0xfffff). */
const devArg: ArgType = {
  show(c, i) {
    const dev = u32a(c, i);
    const major = (dev & 0xfff00) >>> 8, minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
    return { json: { major, minor }, text: c.text ? `makedev(${hex(major)}, ${hex(minor)})` : "" };
  },
};

const LINUX_REBOOT_CMD_RESTART2 = 0xa1b2c3d4;
/** The kernel copies at most 255 bytes of reboot's command (its buffer is 256 with the NUL). */
const rebootStr = cstrMax(255);

/** reboot's argument: only LINUX_REBOOT_CMD_RESTART2 takes one, a string of at most 255 bytes. */
const rebootArg: ArgType = {
  ...rebootStr,
  show(c, i, cap) {
    const shown = rebootStr.show(c, i, cap);
    return u32a(c, 2) === LINUX_REBOOT_CMD_RESTART2 ? shown : { json: shown.json, text: "" };
  },
};

const kcmpType = (c: Call) => valuesOf(KCMP_TYPE, c.arch).name(s32a(c, 2));
/** The types that compare whole resources: strace shows no indexes. */
const KCMP_NO_IDX = new Set(["KCMP_VM", "KCMP_FILES", "KCMP_FS", "KCMP_SIGHAND", "KCMP_IO", "KCMP_SYSVSEM"]);

/** struct kcmp_epoll_slot: {efd=3, tfd=4, toff=0}. */
const kcmpSlot: ArgType = memory({ kind: "fixed", size: 12 }, (m, c, i) => {
  const efd = m.s32(0), tfd = m.s32(4), toff = m.u32(8);
  if (efd === undefined || tfd === undefined || toff === undefined) return ptr.show(c, i, undefined);
  return { json: { efd, tfd, toff }, text: `{efd=${efd}, tfd=${tfd}, toff=${toff}}` };
});

/** kcmp's idx1 and idx2: descriptors for KCMP_FILE, a descriptor and an epoll slot for KCMP_EPOLL_TFD, none for the others it knows, hex otherwise. */
function kcmpIdx(second: boolean): ArgType {
  return {
    ...(second ? kcmpSlot : {}),
    show(c, i, cap) {
      const type = kcmpType(c);
      const hx = hexNum.show(c, i, undefined);
      if (type === undefined) return hx;
      if (KCMP_NO_IDX.has(type)) return { json: hx.json, text: "" };
      if (type === "KCMP_EPOLL_TFD" && second) return kcmpSlot.show(c, i, cap);
      const fd = s32a(c, i);
      return { json: fd, text: String(fd) };
    },
  };
}

/** The access rights of a landlock rule or ruleset (64 bits). */
function landlockAccess(m: CapturedMemory, off: number, c: Call): FlagsShown {
  return flagsOf(LANDLOCK_ACCESS_FS, c.arch).formatWide(m.u64n(off)!);
}

const LANDLOCK_RULE_PATH_BENEATH = 1;
/** struct landlock_path_beneath_attr (packed: 12 bytes). */
const pathBeneathIn: ArgType = memory({ kind: "fixed", size: 12 }, (m, c, i) => {
  if (!m.has(0, 12)) return cutShort(c.raw[i]!, c.wide?.[i]);
  const access = landlockAccess(m, 0, c), parent = m.s32(8)!;
  return { json: { allowed_access: access.names, parent_fd: parent }, text: `{allowed_access=${access.text}, parent_fd=${parent}}` };
});
/** landlock_add_rule's rule_attr: the path_beneath attributes for LANDLOCK_RULE_PATH_BENEATH, an address otherwise. */
const landlockRuleAttr: ArgType = {
  ...pathBeneathIn,
  show: (c, i, cap) => (u32a(c, 1) === LANDLOCK_RULE_PATH_BENEATH ? pathBeneathIn.show(c, i, cap) : ptr.show(c, i, undefined)),
};

const LANDLOCK_RULESET_ATTR_FS = 8;
/** struct landlock_ruleset_attr: handled_access_fs, then `...` when size says there is more; the address when size is too small for it. */
const rulesetAttrIn: ArgType = memory({ kind: "fixed", size: LANDLOCK_RULESET_ATTR_FS }, (m, c, i) => {
  if (!m.has(0, LANDLOCK_RULESET_ATTR_FS)) return cutShort(c.raw[i]!, c.wide?.[i]);
  const access = landlockAccess(m, 0, c);
  const more = Number(c.raw[1]!) > LANDLOCK_RULESET_ATTR_FS;
  return { json: { handled_access_fs: access.names }, text: `{handled_access_fs=${access.text}${more ? ", ..." : ""}}` };
});
const landlockRulesetAttr: ArgType = {
  ...rulesetAttrIn,
  show: (c, i, cap) => (c.raw[1]! < LANDLOCK_RULESET_ATTR_FS ? ptr.show(c, i, undefined) : rulesetAttrIn.show(c, i, cap)),
};

const MPOL_MODE_FLAG_BITS = 0xe000;

/**
 * A memory policy: MPOL_* with its mode flags (MPOL_BIND|MPOL_F_STATIC_NODES);
 * an unknown mode alone in hex (`0x6 /* MPOL_??? *\/`), or with flags as
 * flags and the rest in hex. `wide`: all 64 bits (mbind's unsigned long), else an int's.
 */
function mpolModeArg(wide: boolean): ArgType {
  return {
    show(c, i) {
      const v = wide ? u64Of(c, i) : BigInt(u32a(c, i));
      const bits = v & BigInt(MPOL_MODE_FLAG_BITS);
      const base = v & ~BigInt(MPOL_MODE_FLAG_BITS);
      const name = base <= 0xffffffffn ? valuesOf(MPOL_MODE, c.arch).name(Number(base)) : undefined;
      if (!bits) {
        const t = name ?? `0x${v.toString(16)} /* MPOL_??? */`;
        return { json: [name ?? `0x${v.toString(16)}`], text: t };
      }
      if (!name) {
        const f = flagsOf(MPOL_MODE_FLAGS, c.arch).formatWide(v);
        return { json: f.names, text: f.text };
      }
      const names = [name, ...flagsOf(MPOL_MODE_FLAGS, c.arch).names(Number(bits))];
      return { json: names, text: names.join("|") };
    },
  };
}
const mpolMode = mpolModeArg(false);

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
  open_by_handle_at: { flags: openFlags },
  memfd_secret: { flags: flags(MEMFD_SECRET_FLAGS) },
  swapon: { specialfile: path, swap_flags: swapFlags },
  shmctl: { cmd: value(SHMCTL_CMD) },
  msgctl: { cmd: value(MSGCTL_CMD) },
  mbind: { start: ptr, mode: mpolModeArg(true), nmask: nodemask("maxnode"), flags: flags(MPOL_MF) },
  set_mempolicy: { mode: mpolMode, nmask: nodemask("maxnode") },
  get_mempolicy: { policy: mpolOut, nmask: nodemask("maxnode", true), addr: ptr, flags: flags(GET_MEMPOLICY_FLAGS) },
  landlock_create_ruleset: { attr: landlockRulesetAttr, flags: flags(LANDLOCK_CREATE_FLAGS) },
  landlock_add_rule: { rule_type: value(LANDLOCK_RULE_TYPE, false), rule_attr: landlockRuleAttr, flags: hexNum },
  semctl: { cmd: value(SEMCTL_CMD), arg: ptr },
  keyctl: { option: value(KEYCTL_OPTION), arg2: keyctlArg(0), arg3: keyctlArg(1), arg4: keyctlArg(2), arg5: keyctlArg(3) },
  mq_open: { u_name: path, oflag: openFlags, mode: mqCreateOnly(mode), u_attr: mqCreateOnly(mqAttr(false)) },
  mount_setattr: { path: path, flags: flags(AT_FLAGS) },
};

export const VALUES: CallSpecs = {
  reboot: { args: { magic1: value(REBOOT_MAGIC1, false), magic2: value(REBOOT_MAGIC2, false), cmd: value(REBOOT_CMD, false), arg: rebootArg } },
  quotactl_fd: { args: { fd: int, cmd: quotaCmd, id: quotaId, addr: quotaData } },
  ustat: { args: { dev: devArg } },
  ioperm: { args: { from: hexNum, num: hexNum, turn_on: int } },
  process_mrelease: { args: { pidfd: int, flags: hexNum } },
  landlock_restrict_self: { args: { ruleset_fd: int, flags: hexNum } },
  set_mempolicy_home_node: { args: { start: ptr, len: ulong, home_node: ulong, flags: hexNum } },
  remap_file_pages: { args: { start: ptr, size: ulong, prot: flags(PROT, true), pgoff: ulong, flags: mapFlags } },
  eventfd2: { args: { flags: flags(EVENTFD_FLAGS) } },
  fallocate: { args: { mode: flags(FALLOC_MODE) } },
  fadvise64: { args: { advice: value(FADVISE_ADVICE) } },
  pidfd_open: { args: { flags: flags(PIDFD_FLAGS) } },
  userfaultfd: { args: { flags: flags(UFFD_FLAGS) } },
  semop: { args: { tsops: sembufs, nsops: uint } },
  move_pages: { args: movePagesArgs },
  mq_unlink: { args: { u_name: path } },
  mq_timedsend: { args: { mqdes: int, u_msg_ptr: bufIn("msg_len"), msg_len: size, msg_prio: uint, u_abs_timeout: timespec() } },
  mq_timedreceive: {
    args: { mqdes: int, u_msg_ptr: bufOut(), msg_len: size, u_msg_prio: intRef({ out: true, show: (n) => ({ json: n >>> 0, text: String(n >>> 0) }) }), u_abs_timeout: timespec() },
  },
  mq_notify: { args: { mqdes: int, u_notification: sigevent } },
  mq_getsetattr: { args: { mqdes: int, u_mqstat: mqAttr(true), u_omqstat: mqAttr(true, true) } },
  semtimedop: { args: { tsops: sembufs, nsops: uint, timeout: timespec() } },
  process_madvise: { args: { vec: iovec("vlen", { addresses: true }), behavior: value(MADVISE, false), flags: hex32 } },
  // gone from kernels (ENOSYS), so no tracefs format: the buffer is never written
  lookup_dcookie: { params: [["cookie64", "u64"], ["buf", "char *"], ["len", "size_t"]], args: { cookie64: ulong, buf: ptr, len: size } },
  mlock2: { args: { start: ptr, flags: flags(MLOCK_FLAGS) } },
  mincore: { args: { start: ptr, vec: mincoreVec } },
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
  kcmp: { args: { type: value(KCMP_TYPE), idx1: kcmpIdx(false), idx2: kcmpIdx(true) } },
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
