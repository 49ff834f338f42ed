/**
 * The rest of the system interface: prctl (PR_* with the arguments each
 * option uses), arch_prctl, ptrace, seccomp, kernel modules, uname,
 * sethostname, syslog, getrandom, bpf, perf_event_open.
 */
import { valuesOf } from "../consts";
import { BPF_CMD, GETRANDOM_FLAGS, PERF_ATTR_SIZE, PERF_FLAGS, PERF_HW_ID, PERF_SW_ID, PERF_TYPE } from "../tables/consts-mm";
import {
  ARCH_PRCTL_CODE, CAPABILITY, DUMPABLE, MODULE_INIT_FLAGS, PRCTL_OPTION, PTRACE_REQUEST, SECCOMP_FILTER_FLAGS,
  SECCOMP_OP, SECCOMP_RET, SYSLOG_ACTION,
} from "../tables/consts-proc";
import { PERF_EVENT_ATTR, SOCK_FPROG, SYSCTL_ARGS } from "../tables/structs";
import { bufIn, bufOut, cstr, fd, flags, int, memory, path, ptr, s32, signal, size, u32, uint, value, u32a, s32a } from "./common";
import { openBits } from "./fd";
import { CaptureKind } from "../layout";
import { CapturedMemory } from "./captured-memory";
import { hex, pointer, struct, unreadable } from "./render";
import { structArg, sysinfoOut, utsnameOut } from "./structs";
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
      if (ONE_PTR.has(opt)) return k === 0 ? pointer(v) : raw;
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
        return pointer(v);
    }
  },
};

// ------------------------------------------------------------------- ptrace --

const ptraceArg = (k: number): ArgType => ({
  show(c, i) {
    const req = valuesOf(PTRACE_REQUEST, c.arch).name(c.raw[0]!) ?? "";
    const v = c.raw[i]!;
    if (req === "PTRACE_TRACEME") return { json: v, text: "" };
    if (k === 0) return { json: s32(v), text: String(s32(v)) };
    if (k === 1) return { json: v, text: hex(v) };
    return pointer(v);
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
    if (v === 0) return pointer(v);
    const op = seccompOp(c);
    const m = cap && cap.kind === CaptureKind.Bytes ? new CapturedMemory(cap.bytes) : undefined;
    if (op === "SECCOMP_GET_ACTION_AVAIL") {
      const a = m?.u32(0);
      if (a === undefined) return pointer(v);
      const vs = valuesOf(SECCOMP_RET, c.arch);
      return { json: vs.json(a), text: `[${vs.name(a) ?? `${hex(a)} /* SECCOMP_RET_??? */`}]` };
    }
    if (op === "SECCOMP_GET_NOTIF_SIZES") {
      const n = [m?.u16(0), m?.u16(2), m?.u16(4)];
      if (c.failed || n[2] === undefined) return pointer(v);
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
    return cap?.fault ? unreadable(v) : pointer(v);
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

// ------------------------------------------------------------------- syslog --

const SYSLOG_BUF = new Set(["SYSLOG_ACTION_READ", "SYSLOG_ACTION_READ_ALL", "SYSLOG_ACTION_READ_CLEAR"]);
const syslogName = (c: Call) => valuesOf(SYSLOG_ACTION, c.arch).name(s32a(c, 0)) ?? "";
const syslogBuf = bufOut();

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
  ptrace: { args: { request: value(PTRACE_REQUEST), pid: ptraceArg(0), addr: ptraceArg(1), data: ptraceArg(2) } },
  seccomp: { args: { op: value(SECCOMP_OP, false), flags: seccompFlags, uargs: seccompArgs } },
  init_module: {
    params: [["umod", "void *"], ["len", "unsigned long"], ["uargs", "const char *"]],
    args: { umod: ptr, len: size, uargs: path },
  },
  finit_module: {
    params: [["fd", "int"], ["uargs", "const char *"], ["flags", "int"]],
    args: { fd, uargs: path, flags: flags(MODULE_INIT_FLAGS) },
  },
  delete_module: {
    params: [["name_user", "const char *"], ["flags", "unsigned int"]],
    args: { name_user: path, flags: openBits },
  },
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
          return { json: n ?? v, text: n ? `${v} /* ${n} */` : String(v) };
        },
      },
      buf: { ...syslogBuf, show: (c, i, cap) => (SYSLOG_BUF.has(syslogName(c)) ? syslogBuf.show(c, i, cap) : { json: pointer(c.raw[i]!).json, text: "" }) },
      len: { show: (c, i) => ({ json: s32a(c, i), text: SYSLOG_BUF.has(syslogName(c)) || syslogName(c) === "SYSLOG_ACTION_CONSOLE_LEVEL" ? String(s32a(c, i)) : "" }) },
    },
  },
  getrandom: { args: { ubuf: bufOut(true), len: size, flags: flags(GETRANDOM_FLAGS) } },
  bpf: { args: { cmd: value(BPF_CMD), uattr: ptr, size: uint } },
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
      if (c.raw[i] !== 0 && (len < 0 || len > 64)) return pointer(c.raw[i]!);
      return inner.show(c, i, cap);
    },
  };
}

/** The head of struct perf_event_attr: type, size, config (named for hardware and software events). */
function perfAttr(): ArgType {
  const F = PERF_EVENT_ATTR.fields;
  const head = F.config[0] + F.config[1];
  return memory({ kind: "fixed", size: head }, (m, c) => {
    const type = m.u32(F.type[0])!, sz = m.u32(F.size[0])!, config = m.u64(F.config[0])!;
    const types = valuesOf(PERF_TYPE, c.arch);
    const cfgSet = types.name(type) === "PERF_TYPE_HARDWARE" ? PERF_HW_ID : types.name(type) === "PERF_TYPE_SOFTWARE" ? PERF_SW_ID : undefined;
    const cfg = cfgSet ? valuesOf(cfgSet, c.arch).name(config) : undefined;
    const sizeName = valuesOf(PERF_ATTR_SIZE, c.arch).name(sz);
    return {
      json: { type: types.json(type), size: sz, config: cfg ?? config },
      text: struct([["type", types.text(type)], ["size", sizeName ?? String(sz)], ["config", cfg ?? hex(config)]], true),
    };
  });
}

