/**
 * The rest of the system interface: prctl (PR_* with the arguments each
 * option uses), arch_prctl, ptrace, seccomp, kernel modules, uname,
 * sethostname, syslog, getrandom, bpf, perf_event_open.
 */
import { flagsOf, valuesOf, type ConstSet } from "../consts";
import { errnoMessage, errnoName } from "../errno";
import {
  BPF_CMD, GETRANDOM_FLAGS, PERF_ATTR_SIZE, PERF_FLAGS, PERF_HW_CACHE_ID, PERF_HW_CACHE_OP_ID,
  PERF_HW_CACHE_OP_RESULT_ID, PERF_HW_ID, PERF_READ_FORMAT, PERF_SAMPLE_FORMAT, PERF_SW_ID, PERF_TYPE,
} from "../tables/consts-mm";
import {
  ARCH_PRCTL_CODE, CAPABILITY, DELETE_MODULE_FLAGS, DUMPABLE, KEXEC_ARCH, KEXEC_FILE_FLAGS, KEXEC_FLAGS,
  MODULE_INIT_FLAGS, NT_TYPE, PRCTL_OPTION, PTRACE_OPTIONS, PTRACE_REQUEST, SECCOMP_FILTER_FLAGS, SECCOMP_OP,
  SECCOMP_RET, SYSLOG_ACTION, SYSLOG_LOGLEVEL,
} from "../tables/consts-proc";
import { PERF_EVENT_ATTR, SOCK_FPROG, SYSCTL_ARGS } from "../tables/structs";
import {
  bufIn, bufOut, cstr, entryExit, fd, flags, int, memory, path, ptr, s32, s32a, signal, sigset, size, u32, u32a,
  u64Of, uint, value,
} from "./common";
import { cutShort, hex, int64Json, pointer, struct, u64Json, unreadable } from "./render";
import { array, structArg, sysinfoOut, utsnameOut } from "./structs";
import { openBits } from "./fd";
import { CaptureKind } from "../layout";
import { CapturedMemory } from "./captured-memory";

import { bpfAttr } from "./bpf";
import { siginfoAny } from "./siginfo-any";
import type { ArgType, Call, CallSpecs, Shown } from "./types";

// -------------------------------------------------------------------- prctl --

const prctlName = (c: Call) => valuesOf(PRCTL_OPTION, c.arch).name(s32a(c, 0)) ?? "";

const NO_ARGS = new Set([
  "PR_GET_DUMPABLE", "PR_GET_KEEPCAPS", "PR_GET_NO_NEW_PRIVS", "PR_GET_SECCOMP", "PR_GET_TIMERSLACK", "PR_GET_THP_DISABLE",
  "PR_GET_IO_FLUSHER", "PR_GET_SECUREBITS", "PR_GET_TIMING", "PR_GET_FP_MODE", "PR_TASK_PERF_EVENTS_DISABLE",
  "PR_TASK_PERF_EVENTS_ENABLE", "PR_MCE_KILL_GET", "PR_GET_SPECULATION_CTRL", "PR_GET_TAGGED_ADDR_CTRL",
]);
const ONE_INT = new Set(["PR_SET_KEEPCAPS", "PR_SET_TIMERSLACK", "PR_SET_THP_DISABLE", "PR_SET_CHILD_SUBREAPER", "PR_SET_IO_FLUSHER", "PR_SET_SECUREBITS", "PR_SET_TIMING", "PR_SET_FP_MODE"]);
const ONE_PTR = new Set(["PR_GET_PDEATHSIG", "PR_GET_CHILD_SUBREAPER", "PR_GET_TID_ADDRESS", "PR_GET_ENDIAN", "PR_GET_FPEMU", "PR_GET_FPEXC", "PR_GET_UNALIGN", "PR_GET_TSC"]);

const prctlString = cstr();
const prctlStringOut = cstr({ out: true });

/** arg2..arg5 (k = 0..3) as the option uses them; unused ones are left out of the text. */
function prctlArg(k: number): ArgType {
  return {
    capture: k === 0 ? prctlString.capture : undefined,
    show(c, i, cap) {
      const v = c.raw[i]!;
      const opt = prctlName(c);
      const raw: Shown = { json: v, text: "" };
      if (NO_ARGS.has(opt)) return raw;
      if (opt === "PR_SET_NAME") return k === 0 ? prctlString.show(c, i, cap) : raw;
      if (opt === "PR_GET_NAME") return k === 0 ? prctlStringOut.show(c, i, cap) : raw;
      if (opt === "PR_SET_PDEATHSIG") return k === 0 ? signal.show(c, i, cap) : raw;
      if (opt === "PR_SET_DUMPABLE") return k === 0 ? value(DUMPABLE, false).show(c, i, cap) : raw;
      if (opt === "PR_CAPBSET_READ" || opt === "PR_CAPBSET_DROP") return k === 0 ? value(CAPABILITY, false).show(c, i, cap) : raw;
      if (ONE_INT.has(opt)) return k === 0 ? { json: v, text: String(v) } : raw;
      if (ONE_PTR.has(opt)) return k === 0 ? pointer(v, c.wide?.[i]) : raw;
      if (opt === "PR_SET_NO_NEW_PRIVS") return { json: v, text: String(v) };
      return { json: v, text: v === 0 ? "0" : hex(v) };
    },
  };
}

function prctlRet(c: Call): string | undefined {
  if (prctlName(c) === "PR_GET_DUMPABLE") {
    const n = valuesOf(DUMPABLE, c.arch).name(c.ret!);
    return n ? `${c.ret} (${n})` : undefined;
  }
  return undefined;
}

// --------------------------------------------------------------- arch_prctl --

const archPrctlArg: ArgType = {
  capture: { kind: "fixed", size: 8 },
  show(c, i, cap) {
    const v = c.raw[i]!;
    switch (valuesOf(ARCH_PRCTL_CODE, c.arch).name(s32a(c, 0))) {
      case "ARCH_GET_CPUID":
        return { json: v, text: "" };
      case "ARCH_SET_CPUID":
        return { json: v, text: String(v) };
      case "ARCH_GET_FS": case "ARCH_GET_GS":
        return memory({ kind: "fixed", size: 8 }, (m) => ({ json: hex(m.u64(0) ?? 0), text: `[${hex(m.u64(0) ?? 0)}]` }), { out: true }).show(c, i, cap);
      default:
        return pointer(v, c.wide?.[i]);
    }
  },
};

// ------------------------------------------------------------------- ptrace --

/** The request is a long: an unknown one shows all 64 bits. */
const ptraceRequest: ArgType = {
  show(c, i) {
    const w = u64Of(c, i);
    const vs = valuesOf(PTRACE_REQUEST, c.arch);
    const name = w <= 0xffffffffn ? vs.name(Number(w)) : undefined;
    if (name !== undefined) return { json: name, text: name };
    return { json: int64Json(BigInt.asIntN(64, w)), text: `0x${w.toString(16)} /* ${vs.prefix}??? */` };
  },
};

/** Requests that take the pid alone, the pid and data alone, a signal to deliver, options. */
const PTRACE_PID_ONLY = new Set(["PTRACE_ATTACH", "PTRACE_INTERRUPT", "PTRACE_KILL", "PTRACE_LISTEN"]);
const PTRACE_DATA_ONLY = new Set(["PTRACE_GETREGS", "PTRACE_SETREGS", "PTRACE_GETFPREGS", "PTRACE_SETFPREGS", "PTRACE_GETFPXREGS", "PTRACE_SETFPXREGS"]);
const PTRACE_SIGNAL = new Set([
  "PTRACE_CONT", "PTRACE_DETACH", "PTRACE_SYSCALL", "PTRACE_SINGLESTEP", "PTRACE_SINGLEBLOCK", "PTRACE_SYSEMU", "PTRACE_SYSEMU_SINGLESTEP",
]);
/** Requests whose addr is a size or a count, printed in decimal. */
const PTRACE_ADDR_NUMBER = new Set([
  "PTRACE_GETSIGMASK", "PTRACE_SETSIGMASK", "PTRACE_SECCOMP_GET_FILTER", "PTRACE_SECCOMP_GET_METADATA", "PTRACE_GET_SYSCALL_INFO",
]);
const PTRACE_REGSET = new Set(["PTRACE_GETREGSET", "PTRACE_SETREGSET"]);

/** struct user_regs_struct (x86_64), as strace names the registers. */
const USER_REGS = [
  "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs",
  "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs",
];
const x64 = (v: bigint) => (v === 0n ? "0" : `0x${v.toString(16)}`);

/**
 * Registers as far as `size` bytes reach (a regset's iov_len): struct
 * user_regs_struct (prstatus) or struct user_i387_struct (fp); undefined
 * where strace shows the address (no size, or not a multiple of 8).
 */
function regsShown(b: Uint8Array, size: bigint, fp: boolean): Shown | undefined {
  if (size === 0n || size & 7n) return undefined;
  const whole = fp ? 512 : 216;
  const fetch = Number(size < BigInt(whole) ? size : BigInt(whole));
  if (b.length < fetch) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const fields: [string, string][] = [];
  const json: Record<string, unknown> = {};
  const put = (name: string, v: bigint) => {
    fields.push([name, x64(v)]);
    json[name] = int64Json(v);
  };
  if (!fp) {
    USER_REGS.forEach((name, k) => {
      if (k === 0 || fetch > k * 8) put(name, dv.getBigUint64(k * 8, true));
    });
  } else {
    const scalars: [string, number, 2 | 4 | 8][] = [["cwd", 0, 2], ["swd", 2, 2], ["ftw", 4, 2], ["fop", 6, 2], ["rip", 8, 8], ["rdp", 16, 8], ["mxcsr", 24, 4], ["mxcr_mask", 28, 4]];
    for (const [name, off, w] of scalars) {
      if (off > 0 && fetch <= off) break;
      put(name, w === 2 ? BigInt(dv.getUint16(off, true)) : w === 4 ? BigInt(dv.getUint32(off, true)) : dv.getBigUint64(off, true));
    }
    for (const [name, off, count] of [["st_space", 32, 32], ["xmm_space", 160, 64], ["padding", 416, 24]] as const) {
      if (fetch <= off) break;
      const n = Math.min(count, Math.floor((fetch - off) / 4));
      const items = Array.from({ length: n }, (_, k) => dv.getUint32(off + k * 4, true));
      fields.push([name, `[${items.map((v) => x64(BigInt(v))).join(", ")}]`]);
      json[name] = items;
    }
  }
  return { json, text: struct(fields, size > BigInt(whole)) };
}

/** ptrace's data for the register requests: the registers (or the iovec naming them), else the address. */
function ptraceData(c: Call, i: number, req: string): Shown {
  const v = c.raw[i]!;
  const w = c.wide?.[i];
  if (v === 0) return pointer(v, w);
  const regs = c.caps.find((k) => k.arg === i && k.kind === CaptureKind.Field && !k.fault);
  const fp = req.includes("FPREG") || valuesOf(NT_TYPE, c.arch).name(Number(u64Of(c, 2) & 0xffffffffn)) === "NT_FPREGSET";
  if (!PTRACE_REGSET.has(req)) return (regs && regsShown(regs.bytes, BigInt(fp ? 512 : 216), fp)) || pointer(v, w);
  const { entry, exit } = entryExit(c, i);
  const before = entry ?? exit;
  if (!before) return pointer(v, w);
  if (before.fault) return unreadable(v, w);
  const m = new CapturedMemory(before.bytes);
  const base = m.u64n(0), len = m.u64n(8);
  if (base === undefined || len === undefined) return pointer(v, w);
  // the kernel writes back the size it used; GET* shows the registers it wrote, SET* those it was passed
  const after = exit && exit !== before && !exit.fault ? new CapturedMemory(exit.bytes).u64n(8) : undefined;
  const shownLen = req === "PTRACE_GETREGSET" ? (after ?? len) : len;
  const known = u64Of(c, 2) <= 2n && u64Of(c, 2) >= 1n; // NT_PRSTATUS, NT_FPREGSET
  const inner = known && regs ? regsShown(regs.bytes, shownLen, fp) : undefined;
  const baseShown = inner ?? pointer(Number(base), base > BigInt(Number.MAX_SAFE_INTEGER) ? base : undefined);
  const lenText = after !== undefined && after !== len ? `${len} => ${after}` : String(len);
  return {
    json: { iov_base: baseShown.json, iov_len: int64Json(shownLen) },
    text: struct([["iov_base", baseShown.text], ["iov_len", lenText]]),
  };
}

/** What the kernel read or wrote at data for the siginfo, sigmask and seccomp requests; undefined for the address. */
function ptraceOther(c: Call, i: number, req: string): Shown | undefined {
  const cap = c.caps.find((k) => k.arg === i && k.kind === CaptureKind.Field && !k.fault);
  if (!cap) return undefined;
  const dv = new DataView(cap.bytes.buffer, cap.bytes.byteOffset, cap.bytes.byteLength);
  switch (req) {
    case "PTRACE_SETSIGINFO":
      return cap.bytes.length >= 128 ? siginfoAny(dv, 0, c) : undefined;
    case "PTRACE_SETSIGMASK":
      return sigset(cap.bytes, c.arch);
    case "PTRACE_SECCOMP_GET_METADATA": {
      if (cap.bytes.length < 8) return undefined;
      const off = dv.getBigUint64(0, true);
      return { json: { filter_off: int64Json(off) }, text: `{filter_off=${off}}` };
    }
    case "PTRACE_PEEKSIGINFO": {
      const n = Math.min(c.ret ?? 0, Math.floor(cap.bytes.length / 128));
      const items = Array.from({ length: n }, (_, k) => siginfoAny(dv, k * 128, c));
      return { json: items.map((x) => x.json), text: `[${items.map((x) => x.text).join(", ")}]` };
    }
  }
  return undefined;
}

/** PTRACE_PEEKSIGINFO's struct ptrace_peeksiginfo_args at addr. */
const peeksiginfoArgs = memory({ kind: "fixed", size: 16, when: "entry" }, (m) => {
  const off = m.u64n(0) ?? 0n, flags = m.u32(8) ?? 0, nr = m.s32(12) ?? 0;
  const rest = flags & ~1;
  const f = [flags & 1 ? "PTRACE_PEEKSIGINFO_SHARED" : "", rest ? hex(rest) : ""].filter(Boolean).join("|") || "0";
  return { json: { off: int64Json(off), flags, nr }, text: struct([["off", off.toString()], ["flags", f], ["nr", String(nr)]]) };
});

const ptraceArg = (k: number): ArgType => ({
  capture: k === 2 ? { kind: "ptraceData", when: "both" } : k === 1 ? peeksiginfoArgs.capture : undefined,
  show(c, i, cap) {
    const req = valuesOf(PTRACE_REQUEST, c.arch).name(c.raw[0]!) ?? "";
    const v = c.raw[i]!;
    const w = c.wide?.[i];
    const none: Shown = { json: v, text: "" };
    if (req === "PTRACE_TRACEME") return none;
    if (k === 0) {
      // the kernel takes the pid's low 32 bits; a register beyond 2^53 has them exact only in `wide`
      const pid = w !== undefined ? Number(BigInt.asIntN(32, w)) : s32(v);
      return { json: pid, text: String(pid) };
    }
    if (PTRACE_PID_ONLY.has(req)) return none;
    if (PTRACE_DATA_ONLY.has(req)) return k === 1 ? none : ptraceData(c, i, req);
    if (k === 1) {
      // an offset into struct user for these two, a number for some, a regset, an address (NULL for 0) for the rest
      if (req === "PTRACE_PEEKUSER" || req === "PTRACE_POKEUSER") return { json: int64Json(u64Of(c, i)), text: hex(v, w) };
      if (PTRACE_ADDR_NUMBER.has(req)) return { json: int64Json(u64Of(c, i)), text: u64Of(c, i).toString() };
      if (req === "PTRACE_PEEKSIGINFO") return peeksiginfoArgs.show(c, i, c.caps.find((x) => x.arg === i && x.kind === CaptureKind.Bytes));
      if (PTRACE_REGSET.has(req)) {
        const vs = valuesOf(NT_TYPE, c.arch);
        const n = u64Of(c, i);
        const name = n <= 0xffffffffn ? vs.name(Number(n)) : undefined;
        return { json: name ?? int64Json(n), text: name ?? `${n === 0n ? "0" : `0x${n.toString(16)}`} /* ${vs.prefix}??? */` };
      }
      return pointer(v, w);
    }
    if (PTRACE_SIGNAL.has(req)) return signal.show(c, i, cap);
    if (req === "PTRACE_SETOPTIONS" || req === "PTRACE_SEIZE") {
      const f = flagsOf(PTRACE_OPTIONS, c.arch).formatWide(u64Of(c, i));
      return { json: f.names, text: f.text };
    }
    if (PTRACE_REGSET.has(req)) return ptraceData(c, i, req);
    return (v !== 0 && ptraceOther(c, i, req)) || pointer(v, w);
  },
});

// ------------------------------------------------------------------ seccomp --

const seccompOp = (c: Call) => valuesOf(SECCOMP_OP, c.arch).name(u32a(c, 0));

/**
 * seccomp's uargs by operation: the action asked about ([SECCOMP_RET_LOG]),
 * the sizes the kernel wrote, the filter program; the address otherwise.
 * The probe reads a sock_fprog's worth: what lies before an unreadable
 * page is enough for the smaller ones.
 */
const seccompArgs: ArgType = {
  capture: { kind: "fixed", size: SOCK_FPROG.size },
  show(c, i, cap) {
    const v = c.raw[i]!;
    if (v === 0) return pointer(v, c.wide?.[i]);
    const op = seccompOp(c);
    const m = cap && cap.kind === CaptureKind.Bytes ? new CapturedMemory(cap.bytes) : undefined;
    if (op === "SECCOMP_GET_ACTION_AVAIL") {
      const a = m?.u32(0);
      if (a === undefined) return pointer(v, c.wide?.[i]);
      const vs = valuesOf(SECCOMP_RET, c.arch);
      return { json: vs.json(a), text: `[${vs.name(a) ?? `${hex(a)} /* SECCOMP_RET_??? */`}]` };
    }
    if (op === "SECCOMP_GET_NOTIF_SIZES") {
      const n = [m?.u16(0), m?.u16(2), m?.u16(4)];
      if (c.failed || n[2] === undefined) return pointer(v, c.wide?.[i]);
      const [notif, resp, data] = n as number[];
      return {
        json: { seccomp_notif: notif, seccomp_notif_resp: resp, seccomp_data: data },
        text: struct([["seccomp_notif", String(notif)], ["seccomp_notif_resp", String(resp)], ["seccomp_data", String(data)]]),
      };
    }
    if (op === "SECCOMP_SET_MODE_FILTER" && m && !cap!.fault && m.length >= SOCK_FPROG.size) {
      const len = m.u16(SOCK_FPROG.fields.len[0])!;
      const filter = pointer(m.u64(SOCK_FPROG.fields.filter[0])!);
      return { json: { len, filter: filter.json }, text: struct([["len", String(len)], ["filter", filter.text]]) };
    }
    return cap?.fault ? unreadable(v, c.wide?.[i]) : pointer(v, c.wide?.[i]);
  },
};

/** seccomp's flags: SECCOMP_FILTER_FLAG_* for installing a filter, in hex for the other operations. */
const seccompFlags: ArgType = {
  show(c, i) {
    const v = u32a(c, i);
    if (seccompOp(c) === "SECCOMP_SET_MODE_FILTER") return filterFlags.show(c, i, undefined);
    return { json: v, text: v === 0 ? "0" : hex(v) };
  },
};
const filterFlags = flags(SECCOMP_FILTER_FLAGS);

// --------------------------------------------------------------- modify_ldt --

const USER_DESC_SIZE = 16;

/** A u32 as strace's %#08x: 0x87868584, and 0 as 00000000. */
const hex08 = (v: number) => (v === 0 ? "00000000" : `0x${v.toString(16).padStart(6, "0")}`);

/** struct user_desc (x86): the entry, its base and limit, and the bit fields after them. */
const userDescIn: ArgType = memory({ kind: "fixed", size: USER_DESC_SIZE }, (m, c, i) => {
  const entry = m.u32(0), base = m.u32(4), limit = m.u32(8), bits = m.u32(12);
  if (entry === undefined || base === undefined || limit === undefined || bits === undefined) return ptr.show(c, i, undefined);
  const fields = {
    entry_number: entry === 0xffffffff ? -1 : entry,
    base_addr: base,
    limit,
    seg_32bit: bits & 1,
    contents: (bits >>> 1) & 3,
    read_exec_only: (bits >>> 3) & 1,
    limit_in_pages: (bits >>> 4) & 1,
    seg_not_present: (bits >>> 5) & 1,
    useable: (bits >>> 6) & 1,
    lm: (bits >>> 7) & 1,
  };
  const text = Object.entries(fields).map(([k, v]) => `${k}=${k === "base_addr" || k === "limit" ? hex08(v) : v}`).join(", ");
  return { json: fields, text: `{${text}}` };
});

/** modify_ldt's ptr: a user_desc when bytecount is its size, else the address. */
const userDesc: ArgType = {
  ...userDescIn,
  show: (c, i, cap) => (c.raw[2] === USER_DESC_SIZE ? userDescIn.show(c, i, cap) : ptr.show(c, i, undefined)),
};

/**
 * modify_ldt returns an int in a 64-bit register: an error comes back as its
 * 32-bit two's complement (4294967258), which strace names as the errno.
 */
function modifyLdtRet(c: Call): string | undefined {
  const r = c.ret;
  if (r === null || r < 0xfffff000 || r > 0xffffffff) return undefined;
  const errno = 2 ** 32 - r;
  const name = errnoName(errno);
  return name ? `${r} ${name} (${errnoMessage(errno) ?? "Unknown error"})` : undefined;
}

// -------------------------------------------------------------------- kexec --

const KEXEC_ARCH_MASK = 0xffff0000;
/** The kernel takes at most 16 segments; strace shows the address of more. */
const KEXEC_SEGMENT_MAX = 16;
const KEXEC_SEGMENT_SIZE = 32;

/** kexec_load's flags: the architecture (a value in the top 16 of the low 32 bits), then KEXEC_* bits. */
const kexecFlags: ArgType = {
  show(c, i) {
    const w = c.wide?.[i] ?? BigInt.asUintN(64, BigInt(c.raw[i]!));
    const arch = Number(w & BigInt(KEXEC_ARCH_MASK));
    const rest = w & ~BigInt(KEXEC_ARCH_MASK);
    const archs = valuesOf(KEXEC_ARCH, c.arch);
    const names: (string | number)[] = [archs.json(arch)];
    const texts = [archs.text(arch)];
    if (rest) {
      const f = flagsOf(KEXEC_FLAGS, c.arch).formatWide(rest);
      names.push(...f.names);
      texts.push(f.text);
    }
    return { json: names, text: texts.join("|") };
  },
};

/** kexec_load's segments: {buf, bufsz, mem, memsz} each, the address when there are more than the kernel takes. */
const kexecSegmentsIn: ArgType = memory({ kind: "argCount", arg: "nr_segments", elem: KEXEC_SEGMENT_SIZE }, (m, c) => {
  const n = Number(c.raw[1]!);
  return array(m, KEXEC_SEGMENT_SIZE, n, (off) => {
    const buf = m.u64n(off)!, bufsz = m.u64n(off + 8)!, mem = m.u64n(off + 16)!, memsz = m.u64n(off + 24)!;
    const b = pointer(Number(buf), buf), p = pointer(Number(mem), mem);
    return {
      json: { buf: b.json, bufsz: u64Json(bufsz), mem: p.json, memsz: u64Json(memsz) },
      text: `{buf=${b.text}, bufsz=${bufsz}, mem=${p.text}, memsz=${memsz}}`,
    };
  });
});
const kexecSegments: ArgType = {
  ...kexecSegmentsIn,
  show: (c, i, cap) => (c.raw[1]! > KEXEC_SEGMENT_MAX ? ptr.show(c, i, undefined) : kexecSegmentsIn.show(c, i, cap)),
};

// ------------------------------------------------------------------- syslog --

const SYSLOG_BUF = new Set(["SYSLOG_ACTION_READ", "SYSLOG_ACTION_READ_ALL", "SYSLOG_ACTION_READ_CLEAR"]);
/** The actions that take neither buffer nor length: strace prints the type alone. */
const SYSLOG_TYPE_ONLY = new Set([
  "SYSLOG_ACTION_CLOSE", "SYSLOG_ACTION_OPEN", "SYSLOG_ACTION_CLEAR", "SYSLOG_ACTION_CONSOLE_OFF", "SYSLOG_ACTION_CONSOLE_ON",
  "SYSLOG_ACTION_SIZE_UNREAD", "SYSLOG_ACTION_SIZE_BUFFER",
]);
const syslogName = (c: Call) => valuesOf(SYSLOG_ACTION, c.arch).name(s32a(c, 0)) ?? "";
const syslogBuf = bufOut();

/** `N /* NAME *\/`: a number with its name in a comment, as strace shows syslog's type and level. */
function numberNamed(v: number, name: string | undefined, unknown: string): string {
  return `${v} /* ${name ?? unknown} */`;
}

/** The console level: 8 is one past LOGLEVEL_DEBUG (the kernel takes 1..8). */
function logLevelName(v: number, c: Call): string | undefined {
  return v === 8 ? "LOGLEVEL_DEBUG+1" : valuesOf(SYSLOG_LOGLEVEL, c.arch).name(v);
}

/** syslog's buffer: the text read by the READ actions, an address for the others (none for the type-only ones). */
const syslogBufArg: ArgType = {
  ...syslogBuf,
  show(c, i, cap) {
    const op = syslogName(c);
    if (SYSLOG_BUF.has(op)) return syslogBuf.show(c, i, cap);
    const p = ptr.show(c, i, undefined);
    return { json: p.json, text: SYSLOG_TYPE_ONLY.has(op) ? "" : p.text };
  },
};

/** syslog's len: the console level by name for SYSLOG_ACTION_CONSOLE_LEVEL, else a number (none for the type-only actions). */
const syslogLen: ArgType = {
  show(c, i) {
    const v = s32a(c, i);
    const op = syslogName(c);
    if (SYSLOG_TYPE_ONLY.has(op)) return { json: v, text: "" };
    if (op === "SYSLOG_ACTION_CONSOLE_LEVEL") return { json: v, text: numberNamed(v, logLevelName(v, c), "LOGLEVEL_???") };
    return { json: v, text: String(v) };
  },
};

/** struct __sysctl_args: its pointers as addresses, nlen signed, newlen unsigned. */
const sysctlArgs: ArgType = structArg(SYSCTL_ARGS, (m) => {
  const f = SYSCTL_ARGS.fields;
  const addr = (x: readonly [number, number, number]) => {
    const w = m.u64w(x[0])!;
    return w[0] === 0 ? "NULL" : hex(w[0], w[1]);
  };
  const ptrs = { name: addr(f.name), oldval: addr(f.oldval), oldlenp: addr(f.oldlenp), newval: addr(f.newval) };
  const nlen = m.field(f.nlen)!;
  const newlen = m.fieldText(f.newlen)!;
  const j = (t: string) => (t === "NULL" ? null : t);
  return {
    json: { name: j(ptrs.name), nlen, oldval: j(ptrs.oldval), oldlenp: j(ptrs.oldlenp), newval: j(ptrs.newval), newlen: m.fieldJson(f.newlen) },
    text: struct([["name", ptrs.name], ["nlen", String(nlen)], ["oldval", ptrs.oldval], ["oldlenp", ptrs.oldlenp], ["newval", ptrs.newval], ["newlen", newlen]]),
  };
});

export const SYS: CallSpecs = {
  // removed from kernels long ago: no tracefs format
  _sysctl: { params: [["args", "struct __sysctl_args *"]], args: { args: sysctlArgs } },
  prctl: {
    args: { option: value(PRCTL_OPTION), arg2: prctlArg(0), arg3: prctlArg(1), arg4: prctlArg(2), arg5: prctlArg(3) },
    ret: prctlRet,
  },
  arch_prctl: { args: { option: value(ARCH_PRCTL_CODE), arg2: archPrctlArg } },
  ptrace: { args: { request: ptraceRequest, pid: ptraceArg(0), addr: ptraceArg(1), data: ptraceArg(2) } },
  seccomp: { args: { op: value(SECCOMP_OP, false), flags: seccompFlags, uargs: seccompArgs } },
  init_module: {
    params: [["umod", "void *"], ["len", "unsigned long"], ["uargs", "const char *"]],
    args: { umod: ptr, len: size, uargs: cstr() },
  },
  finit_module: {
    params: [["fd", "int"], ["uargs", "const char *"], ["flags", "int"]],
    args: { fd, uargs: cstr(), flags: flags(MODULE_INIT_FLAGS) },
  },
  delete_module: {
    params: [["name_user", "const char *"], ["flags", "unsigned int"]],
    args: { name_user: cstr(), flags: flags(DELETE_MODULE_FLAGS) },
  },
  kexec_file_load: {
    params: [["kernel_fd", "int"], ["initrd_fd", "int"], ["cmdline_len", "unsigned long"], ["cmdline_ptr", "const char *"], ["flags", "unsigned long"]],
    args: { kernel_fd: fd, initrd_fd: fd, cmdline_len: size, cmdline_ptr: bufIn("cmdline_len"), flags: flags(KEXEC_FILE_FLAGS, true) },
  },
  kexec_load: {
    params: [["entry", "unsigned long"], ["nr_segments", "unsigned long"], ["segments", "struct kexec_segment *"], ["flags", "unsigned long"]],
    args: { entry: ptr, nr_segments: size, segments: kexecSegments, flags: kexecFlags },
  },
  modify_ldt: { args: { func: int, ptr: userDesc, bytecount: size }, ret: modifyLdtRet },
  uname: { args: { name: utsnameOut } },
  sysinfo: { args: { info: sysinfoOut } },
  sethostname: { args: { name: hostname(), len: int } },
  setdomainname: { args: { name: hostname(), len: int } },
  syslog: {
    args: {
      type: {
        show(c, i) {
          const v = s32a(c, i);
          const n = valuesOf(SYSLOG_ACTION, c.arch).name(v);
          return { json: n ?? v, text: numberNamed(v, n, "SYSLOG_ACTION_???") };
        },
      },
      buf: syslogBufArg,
      len: syslogLen,
    },
  },
  getrandom: { args: { ubuf: bufOut(true), len: size, flags: flags(GETRANDOM_FLAGS) } },
  bpf: { args: { cmd: value(BPF_CMD, false), uattr: bpfAttr, size: uint } },
  perf_event_open: {
    args: { attr_uptr: perfAttr(), pid: int, cpu: int, group_fd: int, flags: flags(PERF_FLAGS, true) },
  },
};

/** sethostname's name: a string of `len` bytes (strace shows the address past HOST_NAME_MAX). */
function hostname(): ArgType {
  const inner = bufIn("len");
  return {
    ...inner,
    show(c, i, cap) {
      const len = s32a(c, 1);
      if (c.raw[i] !== 0 && (len < 0 || len > 64)) return pointer(c.raw[i]!, c.wide?.[i]);
      return inner.show(c, i, cap);
    },
  };
}

/** An enumeration value as strace prints it: the name, or `0x6 /* PREFIX??? *\/` (0 stays 0). */
function xval(set: ConstSet, arch: Call["arch"], v: number): string {
  const vs = valuesOf(set, arch);
  return vs.name(v) ?? `${v === 0 ? "0" : hex(v)} /* ${vs.prefix}??? */`;
}

/** 64-bit flags from memory, exactly. */
function flags64(set: ConstSet, arch: Call["arch"], v: bigint): { names: readonly string[]; text: string } {
  return flagsOf(set, arch).formatWide(v);
}

const E2BIG = 7;

const PERF_BITS = [
  "disabled", "inherit", "pinned", "exclusive", "exclude_user", "exclude_kernel", "exclude_hv", "exclude_idle", "mmap", "comm",
  "freq", "inherit_stat", "enable_on_exec", "task", "watermark", "", "", "mmap_data", "sample_id_all", "exclude_host",
  "exclude_guest", "exclude_callchain_kernel", "exclude_callchain_user", "mmap2", "comm_exec", "use_clockid",
  "context_switch", "write_backward", "namespaces", "ksymbol", "bpf_event", "aux_output", "cgroup", "text_poke", "build_id",
  "inherit_thread", "remove_on_exec", "sigtrap",
];
const PRECISE_IP = ["arbitrary skid", "constant skid", "requested to have 0 skid", "must have 0 skid"];

/** The config word as strace spells it for the event type. */
function perfConfig(type: string | undefined, config: bigint, arch: Call["arch"]): { json: unknown; text: string } {
  const hi = Number(config >> 32n), lo = Number(config & 0xffffffffn);
  const top = hi ? `${hex(hi)}<<32|` : "";
  switch (type) {
    case "PERF_TYPE_HARDWARE": {
      const n = hi ? undefined : valuesOf(PERF_HW_ID, arch).name(lo);
      return { json: n ?? int64Json(config), text: top + xval(PERF_HW_ID, arch, lo) };
    }
    case "PERF_TYPE_SOFTWARE": {
      const n = hi ? undefined : valuesOf(PERF_SW_ID, arch).name(lo);
      return { json: n ?? int64Json(config), text: n ?? `${hex(0, config)} /* ${valuesOf(PERF_SW_ID, arch).prefix}??? */` };
    }
    case "PERF_TYPE_TRACEPOINT":
      return { json: int64Json(config), text: config.toString() };
    case "PERF_TYPE_HW_CACHE": {
      const b24 = lo >>> 24;
      const t = top + (b24 ? `${hex(b24)}<<24|` : "") + `${xval(PERF_HW_CACHE_OP_RESULT_ID, arch, (lo >>> 16) & 0xff)}<<16|` +
        `${xval(PERF_HW_CACHE_OP_ID, arch, (lo >>> 8) & 0xff)}<<8|${xval(PERF_HW_CACHE_ID, arch, lo & 0xff)}`;
      return { json: int64Json(config), text: t };
    }
    default:
      return { json: int64Json(config), text: config === 0n ? "0" : hex(0, config) };
  }
}

/**
 * struct perf_event_attr as strace abbreviates it: the fields up to the bit
 * flags (set flags only, precise_ip always), then `...`; `size=N => M` when
 * the kernel wrote back the size it wants (E2BIG); the address when the
 * size is below the first published one.
 */
function perfAttr(): ArgType {
  const F = PERF_EVENT_ATTR.fields;
  const head = F.wakeup_events[0];
  return {
    capture: { kind: "fixed", size: head, when: "both" },
    show(c, i) {
      const v = c.raw[i]!;
      const w = c.wide?.[i];
      if (v === 0) return { json: null, text: "NULL" };
      const { entry, exit } = entryExit(c, i);
      const cap = entry ?? exit;
      if (!cap) return pointer(v, w);
      if (cap.fault) return unreadable(v, w);
      const m = new CapturedMemory(cap.bytes);
      if (!m.has(0, head)) return cutShort(v, w);
      const type = m.u32(F.type[0])!, sz = m.u32(F.size[0])!;
      if (sz !== 0 && sz < 64) return pointer(v, w);
      const config = m.u64n(F.config[0])!, period = m.u64n(F.sample_period[0])!;
      const sampleType = m.u64n(F.sample_type[0])!, readFormat = m.u64n(F.read_format[0])!;
      const bits = m.u64n(F.read_format[0] + 8)!;
      const types = valuesOf(PERF_TYPE, c.arch);
      const json: Record<string, unknown> = { type: types.json(type), size: sz };
      const fields: [string, string][] = [["type", xval(PERF_TYPE, c.arch, type)]];
      let sizeText = xval(PERF_ATTR_SIZE, c.arch, sz);
      if (c.ret === -E2BIG) {
        const after = exit && !exit.fault ? new CapturedMemory(exit.bytes).u32(F.size[0]) : undefined;
        sizeText += ` => ${after === undefined ? "???" : xval(PERF_ATTR_SIZE, c.arch, after)}`;
        if (after !== undefined) json.size_out = after;
      }
      fields.push(["size", sizeText]);
      const cfg = perfConfig(types.name(type), config, c.arch);
      json.config = cfg.json;
      fields.push(["config", cfg.text]);
      const freq = (bits & (1n << 10n)) !== 0n;
      const pname = freq ? "sample_freq" : "sample_period";
      json[pname] = int64Json(period);
      fields.push([pname, period.toString()]);
      const st = flags64(PERF_SAMPLE_FORMAT, c.arch, sampleType);
      const rf = flags64(PERF_READ_FORMAT, c.arch, readFormat);
      json.sample_type = st.names;
      json.read_format = rf.names;
      fields.push(["sample_type", st.text], ["read_format", rf.text]);
      const set: string[] = [];
      json.bits = set;
      PERF_BITS.forEach((name, bit) => {
        if (bit === 15) {
          const p = Number((bits >> 15n) & 3n);
          json.precise_ip = p;
          fields.push(["precise_ip", `${p} /* ${PRECISE_IP[p]} */`]);
        }
        if (!name || !((bits >> BigInt(bit)) & 1n)) return;
        set.push(name);
        fields.push([name, "1"]);
      });
      const reserved = bits >> 38n;
      if (reserved) {
        json.__reserved_1 = int64Json(reserved);
        fields.push(["__reserved_1", `${hex(0, reserved)} /* Bits 63..38 */`]);
      }
      return { json, text: c.text ? struct(fields, true) : "" };
    },
  };
}

