/**
 * Processes: clone/clone3 (CLONE_* and the exit signal), fork/vfork,
 * execve/execveat (argv, envp count), wait4/waitid, exit*, the id calls,
 * capget/capset, setns/unshare, prlimit64/[gs]etrlimit, personality and
 * the scheduling calls (sched_setattr/sched_getattr's struct sched_attr).
 */
import { flagsOf, valuesOf } from "../consts";
import { CAPABILITY, CAPABILITY_VERSION, CLONE_FLAGS, PERSONALITY_FLAGS, PERSONALITY_TYPE, RLIMIT_RESOURCE, RUSAGE_WHO, SCHED_FLAGS, SCHED_POLICY, SETNS_TYPES, UNSHARE_FLAGS, WAIT_OPTIONS, WAITID_WHICH } from "../tables/consts-proc";
import { CAP_DATA, CAP_HEADER, CLONE_ARGS, SCHED_ATTR } from "../tables/structs";
import { CaptureFlag, CaptureKind } from "../layout";
import { arrayArg, dirfd, entryExit, fd, flags, int, intRef, memory, path, ptr, signalName, size, uid, uint, value } from "./common";
import type { Capture } from "../capture";
import { CapturedMemory } from "./captured-memory";
import { atFlags } from "./fs";
import { cutShort, hex, pointer, quoted, struct, u64Json, unreadable } from "./render";
import { siginfoOut, statusOut } from "./signal";
import { array, rlimit, structArg, timevalShown, trailingBytes } from "./structs";
import type { ArgType, Call, CallSpecs, DecodedArg, Shown } from "./types";

const CSIGNAL = 0xff;
const CLONE_PIDFD = 0x1000, CLONE_SETTLS = 0x80000, CLONE_PARENT_SETTID = 0x100000;
const CLONE_CHILD_CLEARTID = 0x200000, CLONE_CHILD_SETTID = 0x1000000, CLONE_INTO_CGROUP = 2 ** 33;

/** clone's flags: CLONE_* bits, then the exit signal in the low byte by name. */
function cloneFlags(v: number, c: Call): Shown {
  const low = (v >>> 0) & CSIGNAL;
  const names = v - low ? [...flagsOf(CLONE_FLAGS, c.arch).names(v - low)] : [];
  if (low) names.push(signalName(low, c.arch) ?? String(low));
  return { json: names, text: names.length ? names.join("|") : "0" };
}

const cloneFlagsArg: ArgType = { show: (c, i) => cloneFlags(c.raw[i]!, c) };

/** The kernel's NGROUPS_MAX: strace shows a longer list as its address. */
const NGROUPS_MAX = 65536;

/**
 * A gid_t list: setgroups reads gidsetsize of them, getgroups writes as many
 * as it returns (nothing when asked for the count with gidsetsize 0).
 */
function groupList(out: boolean): ArgType {
  const len = (c: Call) => (out ? c.ret! : c.raw[0]! >>> 0);
  const t = arrayArg({ kind: "argCount", arg: "gidsetsize", elem: 4 }, 4, len, (m, off) => {
    const g = m.u32(off)!;
    return g === 0xffffffff ? { json: -1, text: "-1" } : { json: g, text: String(g) };
  }, { out, when: (c) => len(c) <= NGROUPS_MAX });
  // asked for the count only: nothing of the list was written (strace reads it anyway)
  return out ? { ...t, show: (c, i, cap) => ((c.raw[0]! | 0) === 0 && c.raw[i] && c.ret! > 0 ? pointer(c.raw[i]!, c.wide?.[i]) : t.show(c, i, cap)) } : t;
}

/** personality(0xffffffff) asks without changing anything: strace shows that value as it is. */
const PERSONALITY_QUERY = 0xffffffff;
const PER_MASK = 0xff;

/** A persona (the low byte, by name) and the bug-emulation flags above it: PER_LINUX|ADDR_NO_RANDOMIZE. */
function personality(v: number, c: Call): Shown {
  v >>>= 0;
  if (v === PERSONALITY_QUERY) return { json: v, text: hex(v) };
  const persona = v & PER_MASK, rest = (v & ~PER_MASK) >>> 0;
  const named = valuesOf(PERSONALITY_TYPE, c.arch).name(persona);
  const flags = rest ? flagsOf(PERSONALITY_FLAGS, c.arch).names(rest) : [];
  return { json: [named ?? hex(persona), ...flags], text: [named ?? `${hex(persona)} /* PER_??? */`, ...flags].join("|") };
}

/** The previous persona, as strace decorates it: `= 0x40000 (PER_LINUX|ADDR_NO_RANDOMIZE)`. */
function personalityRet(c: Call): string | undefined {
  const r = c.ret!;
  if (r < 0) return undefined;
  return `${r === 0 ? "0" : hex(r)} (${personality(r, c).text})`;
}

/** sched_getscheduler's policy by name when it is one (with SCHED_RESET_ON_FORK strace shows the number). */
function schedPolicyRet(c: Call): string | undefined {
  const n = c.ret! >= 0 ? valuesOf(SCHED_POLICY, c.arch).name(c.ret!) : undefined;
  return n ? `${c.ret} (${n})` : undefined;
}

/** strace names clone's fields and shows the tid/tls pointers only when the flags use them. */
function cloneText(args: readonly DecodedArg[], c: Call): string {
  const by = Object.fromEntries(args.map((a) => [a.name, a]));
  const f = c.raw[0]!;
  const lo = f >>> 0;
  const parts = [`child_stack=${by.newsp?.text}`, `flags=${by.clone_flags?.text}`];
  if (lo & CLONE_PARENT_SETTID) parts.push(`parent_tid=${by.parent_tidptr?.text}`);
  if (lo & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) parts.push(`child_tidptr=${by.child_tidptr?.text}`);
  if (lo & CLONE_SETTLS) parts.push(`tls=${by.tls?.text}`);
  return parts.join(", ");
}

/** The first struct clone_args (up to tls); strace shows smaller ones as an address. */
const CLONE_ARGS_SIZE_VER0 = 64;
const MAX_SET_TID = 32;
const INT_MAX = 0x7fffffffn;

/**
 * struct clone_args, as long as clone3's size argument says, as strace
 * prints it: the pointers the flags use, set_tid's tids (the probe reads
 * them), cgroup when used, the bytes a caller passes beyond the struct;
 * after a fork, in the parent, what the kernel wrote through pidfd and parent_tid.
 */
const cloneArgs: ArgType = {
  capture: { kind: "cloneArgs", arg: "size" },
  show(c, i, cap) {
    const v = c.raw[i]!;
    const w = c.wide?.[i];
    if (v === 0) return { json: null, text: "NULL" };
    const size = c.wide?.[i + 1] ?? BigInt.asUintN(64, BigInt(Math.trunc(c.raw[i + 1] ?? 0)));
    const fetch = size < BigInt(CLONE_ARGS.size) ? Number(size) : CLONE_ARGS.size;
    if (fetch < CLONE_ARGS_SIZE_VER0 || !cap || cap.kind !== CaptureKind.Bytes) return pointer(v, w);
    if (cap.bytes.length < fetch) return cap.fault ? unreadable(v, w) : cutShort(v, w);
    const F = CLONE_ARGS.fields;
    // members past the size the caller gave are zero, as the kernel takes them
    const m = new CapturedMemory(cap.bytes.subarray(0, fetch));
    const g = (k: keyof typeof F): bigint => m.u64n(F[k][0]) ?? 0n;
    const addr = (x: bigint) => (x === 0n ? "NULL" : `0x${x.toString(16)}`);
    const fl = g("flags");
    const f = flagsOf(CLONE_FLAGS, c.arch).formatWide(fl);
    const has = (bit: number) => (fl & BigInt(bit)) !== 0n;
    const json: Record<string, unknown> = { flags: f.names };
    const fields: [string, string][] = [["flags", f.text]];
    const member = (k: keyof typeof F, text: string) => {
      fields.push([k, text]);
      json[k] = u64Json(g(k));
    };
    if (has(CLONE_PIDFD)) member("pidfd", addr(g("pidfd")));
    if (has(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) member("child_tid", addr(g("child_tid")));
    if (has(CLONE_PARENT_SETTID)) member("parent_tid", addr(g("parent_tid")));
    const sig = g("exit_signal");
    const sigName = sig < INT_MAX && sig ? signalName(Number(sig), c.arch) : undefined;
    fields.push(["exit_signal", sigName ?? sig.toString()]);
    json.exit_signal = sigName ?? u64Json(sig);
    member("stack", addr(g("stack")));
    member("stack_size", g("stack_size") ? `0x${g("stack_size").toString(16)}` : "0");
    if (has(CLONE_SETTLS)) member("tls", addr(g("tls")));
    const setTid = g("set_tid"), setTidSize = g("set_tid_size");
    if (setTid || setTidSize) {
      const tids = setTid && setTidSize && setTidSize <= MAX_SET_TID ? c.caps.find((x) => x.arg === i && x.kind === CaptureKind.Field && x.index === F.set_tid[0]) : undefined;
      if (tids && !tids.fault && tids.bytes.length >= Number(setTidSize) * 4) {
        const tm = new CapturedMemory(tids.bytes);
        const list = Array.from({ length: Number(setTidSize) }, (_, k) => tm.s32(4 * k)!);
        fields.push(["set_tid", `[${list.join(", ")}]`]);
        json.set_tid = list;
      } else member("set_tid", addr(setTid));
      member("set_tid_size", setTidSize.toString());
    }
    if (fetch > F.cgroup[0] && (g("cgroup") || has(CLONE_INTO_CGROUP))) member("cgroup", g("cgroup").toString());
    const parts = fields.map(([k, t]) => `${k}=${t}`);
    const extra = trailingBytes(cap.bytes, fetch, size > 4096n ? 4096 : Number(size), cap.fault);
    if (extra) {
      parts.push(extra.text);
      json.extra = extra.json;
    }
    let text = `{${parts.join(", ")}}`;
    // what the kernel wrote back in the parent: strace's `=> {pidfd=[3]}`
    if (c.ret !== null && !c.failed && (has(CLONE_PIDFD) || has(CLONE_PARENT_SETTID))) {
      const wrote: [string, string][] = [];
      for (const [name, bit] of [["pidfd", CLONE_PIDFD], ["parent_tid", CLONE_PARENT_SETTID]] as const) {
        if (!has(bit)) continue;
        const p = g(name);
        const x = c.caps.find((y) => y.arg === i && y.kind === CaptureKind.Field && y.index === F[name][0]);
        if (p === 0n || !x || x.fault || x.bytes.length < 4) {
          wrote.push([name, addr(p)]);
          continue;
        }
        const val = new DataView(x.bytes.buffer, x.bytes.byteOffset, 4).getInt32(0, true);
        wrote.push([name, `[${val}]`]);
        json[`${name}_value`] = val;
      }
      text += ` => ${struct(wrote)}`;
    }
    return { json, text, truncated: cap.truncated || undefined };
  },
};

// ------------------------------------------------------------------- execve --

/** An item's 8 bytes as an address (an unreadable string's pointer, or where an array stopped being readable). */
const itemAddress = (x: Capture): string | undefined => (x.bytes.length >= 8 ? hex(0, new CapturedMemory(x.bytes).u64n(0)!) : undefined);

/**
 * char *const argv[]: the strings captured, as strace prints them: the
 * pointer of a string that cannot be read, `...` when --argc cut the
 * list, `... /* addr *\/` where the array stopped being readable (only the
 * address when not even its first pointer was), [] for an empty one.
 */
export const argv: ArgType = {
  capture: { kind: "argv" },
  show(c, i) {
    const v = c.raw[i]!;
    if (v === 0) return { json: null, text: "NULL" };
    const items = c.caps.filter((x) => x.arg === i && x.kind === CaptureKind.ArgvItem);
    if (items.length === 0) return pointer(v, c.wide?.[i]);
    if (items.length === 1 && items[0]!.flags & CaptureFlag.End) return { json: [], text: "[]" };
    const stop = items.find((x) => x.more && x.fault);
    if (stop && items[0] === stop) return pointer(v, c.wide?.[i]);
    const strings = items.filter((x) => !x.more);
    const more = items.some((x) => x.more);
    const json = strings.map((x) => (x.fault ? null : x.text));
    let tail = "";
    if (stop) tail = `, ... /* ${itemAddress(stop) ?? "?"} */`;
    else if (more) tail = ", ...";
    const text = c.text ? `[${strings.map((x) => (x.fault ? itemAddress(x) ?? "0x? /* unreadable */" : quoted(x.text, x.truncated))).join(", ")}${tail}]` : "";
    return { json, text, truncated: more || strings.some((x) => x.truncated) || undefined };
  },
};

/**
 * envp: only counted (its strings often hold secrets): `0x… /* 23 vars *\/`,
 * `unterminated` when the pointers stop being readable before a NULL (only
 * the address when not even the first one was).
 */
export const envp: ArgType = {
  capture: { kind: "argvCount" },
  show(c, i, cap) {
    const v = c.raw[i]!;
    if (v === 0) return { json: null, text: "NULL" };
    if (!cap || cap.kind !== CaptureKind.Bytes) return pointer(v, c.wide?.[i]);
    const n = cap.bytes.length >= 4 ? new DataView(cap.bytes.buffer, cap.bytes.byteOffset, 4).getUint32(0, true) : 0;
    if (cap.fault && n === 0) return unreadable(v, c.wide?.[i]);
    const addr = pointer(v, c.wide?.[i]).text;
    const json: Record<string, unknown> = { addr, count: n };
    let note = "";
    if (cap.fault) {
      json.unterminated = true;
      note = ", unterminated";
    }
    return { json, text: `${addr} /* ${n}${cap.more ? "+" : ""} ${n === 1 && !cap.more ? "var" : "vars"}${note} */`, truncated: cap.more || undefined };
  },
};

// ---------------------------------------------------------------- caps etc --

const capHeader: ArgType = structArg(CAP_HEADER, (m, c) => {
  const version = m.u32(CAP_HEADER.fields.version[0])!;
  const pid = m.s32(CAP_HEADER.fields.pid[0])!;
  const vs = valuesOf(CAPABILITY_VERSION, c.arch);
  return { json: { version: vs.json(version), pid }, text: struct([["version", vs.name(version) ?? `0x${version.toString(16)}`], ["pid", String(pid)]]) };
});

/** Capability sets, 64 bits from two __user_cap_data_structs: 1<<CAP_CHOWN|… */
function capData(out: boolean): ArgType {
  return memory(
    { kind: "fixed", size: CAP_DATA.size * 2 },
    (m, c) => {
      const json: Record<string, string[]> = {};
      const fields: [string, string][] = [];
      for (const k of ["effective", "permitted", "inheritable"] as const) {
        const f = CAP_DATA.fields[k];
        const lo = m.u32(f[0]) ?? 0;
        const hi = m.u32(CAP_DATA.size + f[0]) ?? 0;
        const names: string[] = [];
        for (let bit = 0; bit < 64; bit++) {
          if (((bit < 32 ? lo : hi) >>> (bit & 31)) & 1) names.push(valuesOf(CAPABILITY, c.arch).name(bit) ?? String(bit));
        }
        json[k] = names;
        fields.push([k, names.length ? names.map((n) => `1<<${n}`).join("|") : "0"]);
      }
      return { json, text: struct(fields) };
    },
    { out },
  );
}

const cloneNs = flags(SETNS_TYPES);

// ------------------------------------------------------------------ rusage --

/** struct rusage (linux/resource.h): two timevals, then fourteen longs. */
const RUSAGE_SIZE = 144;
const RUSAGE_LONGS = [
  "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss", "ru_minflt", "ru_majflt", "ru_nswap",
  "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw",
] as const;

/** The times in text (and `...`, as strace abbreviates the counters), everything in JSON. */
export const rusageOut: ArgType = memory(
  { kind: "fixed", size: RUSAGE_SIZE },
  (m, c, i) => {
    if (m.length < RUSAGE_SIZE) return cutShort(c.raw[i]!, c.wide?.[i]);
    const ut = timevalShown(m, 0), st = timevalShown(m, 16);
    const json: Record<string, unknown> = { ru_utime: ut.json, ru_stime: st.json };
    RUSAGE_LONGS.forEach((k, n) => (json[k] = m.s64(32 + 8 * n)!));
    return { json, text: struct([["ru_utime", ut.text], ["ru_stime", st.text]], true) };
  },
  { out: true },
);

/** wait4 fills its rusage only when it reaped a child. */
const waitRusage: ArgType = { ...rusageOut, show: (c, i, cap) => (c.ret === 0 ? pointer(c.raw[i]!, c.wide?.[i]) : rusageOut.show(c, i, cap)) };

// ---------------------------------------------------------------- affinity --

/** A CPU mask as strace shows it: the CPUs set, `[0 1]`. */
function cpuMask(b: Uint8Array): Shown {
  const cpus: number[] = [];
  for (let k = 0; k < b.length * 8; k++) if ((b[k >> 3]! >> (k & 7)) & 1) cpus.push(k);
  return { json: cpus, text: `[${cpus.join(" ")}]` };
}

/** sched_setaffinity reads len bytes; sched_getaffinity writes as many as it returns. */
const maskIn: ArgType = memory({ kind: "argLen", arg: "len" }, (m) => cpuMask(m.bytes));
const maskOut: ArgType = memory({ kind: "retLen", max: "len" }, (m) => cpuMask(m.bytes), { out: true });

/** An id the call writes (getresuid's `[0]`; -1 as strace prints it). */
const idOut = intRef({ out: true });
/** An unsigned the call writes (getcpu's `[1]`). */
const uintOut = intRef({ out: true, show: (n) => ({ json: n >>> 0, text: String(n >>> 0) }) });

// --------------------------------------------------------------- sched_attr --

const SCHED_ATTR_MIN = 48;
const SCHED_FLAG_KEEP_POLICY = 0x08n, SCHED_FLAG_KEEP_PARAMS = 0x10n;
const E2BIG = -7;

/**
 * struct sched_attr as strace shows it: `size` bytes of it (the members a
 * 48-byte VER0 has, the clamp values from 56), the policy and parameters
 * left out when sched_setattr's flags say they are kept, `...` when the
 * caller's size is past what strace knows.
 */
function schedAttrShown(b: Uint8Array, c: Call, set: boolean, usize: number): Shown {
  const f = SCHED_ATTR.fields;
  const whole = new Uint8Array(SCHED_ATTR.size);
  const first = new CapturedMemory(b).u32(0) ?? 0;
  let size: number;
  if (set) {
    usize = first || SCHED_ATTR_MIN;
    size = Math.min(usize, SCHED_ATTR.size);
    whole.set(b.subarray(0, size >= SCHED_ATTR_MIN ? size : 4));
  } else {
    whole.set(b.subarray(0, Math.min(usize, SCHED_ATTR.size)));
    size = new CapturedMemory(whole).u32(0)!; // what the kernel wrote
  }
  const m = new CapturedMemory(whole);
  const json: Record<string, unknown> = { size: m.field(f.size) };
  const text: [string, string][] = [["size", String(m.field(f.size))]];
  const num = (k: keyof typeof f) => {
    json[k] = m.fieldJson(f[k]);
    text.push([k, m.fieldText(f[k])!]);
  };
  if (size >= SCHED_ATTR_MIN) {
    const policy = m.u32(f.sched_policy[0])!;
    const flags = m.u64n(f.sched_flags[0])!;
    if (!set || (policy | 0) < 0 || !(flags & (SCHED_FLAG_KEEP_POLICY | SCHED_FLAG_KEEP_PARAMS))) {
      const name = valuesOf(SCHED_POLICY, c.arch).name(policy);
      json.sched_policy = name ?? policy;
      text.push(["sched_policy", name ?? `0x${policy.toString(16)} /* SCHED_??? */`]);
    }
    const fl = flagsOf(SCHED_FLAGS, c.arch).formatWide(flags);
    json.sched_flags = fl.names;
    text.push(["sched_flags", fl.text]);
    if (!set || !(flags & SCHED_FLAG_KEEP_PARAMS)) for (const k of ["sched_nice", "sched_priority", "sched_runtime", "sched_deadline", "sched_period"] as const) num(k);
    if (size >= SCHED_ATTR.size) for (const k of ["sched_util_min", "sched_util_max"] as const) num(k);
  }
  return { json, text: struct(text, set && usize > size) };
}

/** sched_setattr's attributes as passed; after E2BIG, ` => {size=N}`: the size the kernel wrote back. */
const schedAttrIn: ArgType = {
  capture: { kind: "fixed", size: SCHED_ATTR.size, when: "both" },
  show(c, i) {
    const v = c.raw[i]!;
    if (v === 0) return { json: null, text: "NULL" };
    const { entry, exit } = entryExit(c, i);
    if (!entry || entry.fault || entry.bytes.length < 4) return entry?.fault ? unreadable(v, c.wide?.[i]) : pointer(v, c.wide?.[i]);
    const shown = schedAttrShown(entry.bytes, c, true, 0);
    const back = c.ret === E2BIG && exit && !exit.fault ? new CapturedMemory(exit.bytes).u32(0) : undefined;
    if (back === undefined) return shown;
    return { json: { in: shown.json, out: { size: back } }, text: `${shown.text} => {size=${back}}` };
  },
};

/** sched_getattr's attributes as the kernel wrote them (usize bytes at most); the address for a usize of 0. */
const schedAttrOut: ArgType = memory(
  { kind: "fixed", size: SCHED_ATTR.size },
  (m, c, i) => {
    const usize = c.raw[2]! >>> 0;
    if (usize === 0) return pointer(c.raw[i]!, c.wide?.[i]);
    if (m.length < Math.min(usize, SCHED_ATTR.size)) return cutShort(c.raw[i]!, c.wide?.[i]);
    return schedAttrShown(m.bytes, c, false, usize);
  },
  { out: true },
);

export const PROC: CallSpecs = {
  clone: {
    args: { clone_flags: cloneFlagsArg, newsp: ptr, parent_tidptr: ptr, child_tidptr: ptr, tls: ptr },
    text: cloneText,
  },
  clone3: { args: { uargs: cloneArgs, size } },
  fork: {},
  vfork: {},
  execve: { args: { filename: path, argv, envp } },
  execveat: { args: { fd: dirfd, filename: path, argv, envp, flags: atFlags } },
  exit: { args: { error_code: int } },
  exit_group: { args: { error_code: int } },
  wait4: { args: { upid: int, stat_addr: statusOut, options: flags(WAIT_OPTIONS), ru: waitRusage } },
  getrusage: { args: { who: value(RUSAGE_WHO), ru: rusageOut } },
  sched_setaffinity: { args: { pid: int, len: uint, user_mask_ptr: maskIn } },
  sched_getaffinity: { args: { pid: int, len: uint, user_mask_ptr: maskOut } },
  waitid: { args: { which: value(WAITID_WHICH), upid: int, infop: siginfoOut, options: flags(WAIT_OPTIONS), ru: rusageOut } },

  setuid: { args: { uid } },
  setgid: { args: { gid: uid } },
  setreuid: { args: { ruid: uid, euid: uid } },
  setregid: { args: { rgid: uid, egid: uid } },
  setresuid: { args: { ruid: uid, euid: uid, suid: uid } },
  setresgid: { args: { rgid: uid, egid: uid, sgid: uid } },
  getresuid: { args: { ruidp: idOut, euidp: idOut, suidp: idOut } },
  getgroups: { args: { gidsetsize: int, grouplist: groupList(true) } },
  setgroups: { args: { gidsetsize: int, grouplist: groupList(false) } },
  getresgid: { args: { rgidp: idOut, egidp: idOut, sgidp: idOut } },
  sched_getparam: { args: { pid: int, param: intRef({ out: true }) } },
  sched_setattr: { args: { pid: int, uattr: schedAttrIn, flags: uint } },
  sched_getattr: { args: { pid: int, uattr: schedAttrOut, usize: uint, flags: uint } },
  sched_setparam: { args: { pid: int, param: intRef() } },
  sched_getscheduler: { args: { pid: int }, ret: schedPolicyRet },
  personality: { args: { personality: { show: (c, i) => personality(c.raw[i]!, c) } }, ret: personalityRet },
  getcpu: { args: { cpup: uintOut, nodep: uintOut, unused: ptr } },
  setfsuid: { args: { uid } },
  setfsgid: { args: { gid: uid } },
  capget: { args: { header: capHeader, dataptr: capData(true) } },
  capset: { args: { header: capHeader, data: capData(false) } },
  setns: { args: { fd, flags: cloneNs } },
  unshare: { args: { unshare_flags: flags(UNSHARE_FLAGS, true) } },
  prlimit64: { args: { pid: int, resource: value(RLIMIT_RESOURCE, false), new_rlim: rlimit(), old_rlim: rlimit(true) } },
  getrlimit: { args: { resource: value(RLIMIT_RESOURCE, false), rlim: rlimit(true) } },
  setrlimit: { args: { resource: value(RLIMIT_RESOURCE, false), rlim: rlimit() } },
};

