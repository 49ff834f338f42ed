/**
 * A siginfo_t of any signal, as strace prints one the caller passes
 * (ptrace's PTRACE_SETSIGINFO) or ptrace reads (PTRACE_PEEKSIGINFO): the
 * si_code named for its signal, si_errno when set, and the union member
 * the signal and code select (the sender, a timer, a fault address, a poll
 * band, a seccomp trap). Offsets are the 64-bit kernel layout.
 */
import { valuesOf, type ConstSet } from "../consts";
import { errnoName } from "../errno";
import { signalName } from "./common";
import { syscallTable } from "../syscalls";
import {
  AUDIT_ARCH, BUS_CODE, FPE_CODE, ILL_CODE, POLL_CODE, SEGV_CODE, SIGCHLD_CODE, SI_CODE, SYS_CODE, TRAP_CODE,
} from "../tables/consts-proc";
import { hex, int64Json, pointer } from "./render";
import type { Call, Shown } from "./types";

const SIG = { SIGILL: 4, SIGTRAP: 5, SIGBUS: 7, SIGFPE: 8, SIGSEGV: 11, SIGCHLD: 17, SIGIO: 29, SIGSYS: 31 } as const;
const SI_TIMER = -2, SI_SIGIO = -5, SI_QUEUE = -1, SI_MESGQ = -3;
const BUS_MCEERR_AR = 4, BUS_MCEERR_AO = 5, SEGV_BNDERR = 3, SEGV_PKUERR = 4;

const CODES: Record<number, ConstSet> = {
  [SIG.SIGILL]: ILL_CODE, [SIG.SIGTRAP]: TRAP_CODE, [SIG.SIGBUS]: BUS_CODE, [SIG.SIGFPE]: FPE_CODE,
  [SIG.SIGSEGV]: SEGV_CODE, [SIG.SIGCHLD]: SIGCHLD_CODE, [SIG.SIGIO]: POLL_CODE, [SIG.SIGSYS]: SYS_CODE,
};
const FAULTS = new Set<number>([SIG.SIGILL, SIG.SIGTRAP, SIG.SIGBUS, SIG.SIGFPE, SIG.SIGSEGV]);

/** The siginfo_t in the first 128 bytes at `off` of `dv`. */
export function siginfoAny(dv: DataView, off: number, c: Call): Shown {
  const s32 = (o: number) => dv.getInt32(off + o, true);
  const u32 = (o: number) => dv.getUint32(off + o, true);
  const u64 = (o: number) => dv.getBigUint64(off + o, true);
  const ptr = (o: number) => {
    const v = u64(o);
    return pointer(Number(v), v > BigInt(Number.MAX_SAFE_INTEGER) ? v : undefined);
  };
  const fields: [string, string][] = [];
  const json: Record<string, unknown> = {};
  const put = (name: string, text: string, value: unknown) => {
    fields.push([name, text]);
    json[name] = value;
  };
  const signo = s32(0), errno = s32(4), code = s32(8);
  const sig = signalName(signo, c.arch) ?? String(signo);
  put("si_signo", sig, sig);
  const own = code > 0 && code !== 0x80 ? CODES[signo] : undefined;
  const codeName = own ? valuesOf(own, c.arch).name(code) : valuesOf(SI_CODE, c.arch).name(code);
  put("si_code", codeName ?? hex(code >>> 0), codeName ?? code);
  if (errno) {
    const e = errnoName(errno);
    put("si_errno", e ?? String(errno >>> 0), e ?? errno >>> 0);
  }
  const sender = () => {
    put("si_pid", String(s32(16)), s32(16));
    put("si_uid", String(u32(20)), u32(20));
  };
  const sigval = () => {
    const p = ptr(24);
    put("si_int", String(s32(24)), s32(24));
    put("si_ptr", p.text, p.json);
  };
  const band = () => {
    const b = BigInt.asIntN(64, u64(16));
    put("si_band", b.toString(), int64Json(b));
    put("si_fd", String(s32(24)), s32(24));
  };
  if (code <= 0 || code === 0x80 || !CODES[signo]) {
    if (code === SI_TIMER) {
      put("si_timerid", hex(u32(16)), u32(16));
      put("si_overrun", String(s32(20)), s32(20));
      sigval();
    } else if (code === SI_SIGIO) {
      band();
    } else {
      sender();
      if (code === SI_QUEUE || code === SI_MESGQ) sigval();
    }
  } else if (FAULTS.has(signo)) {
    const a = ptr(16);
    put("si_addr", a.text, a.json);
    if (signo === SIG.SIGBUS && (code === BUS_MCEERR_AR || code === BUS_MCEERR_AO)) put("si_addr_lsb", hex(dv.getInt16(off + 24, true) & 0xffff), dv.getInt16(off + 24, true));
    if (signo === SIG.SIGSEGV && code === SEGV_BNDERR) {
      const lo = ptr(32), up = ptr(40);
      put("si_lower", lo.text, lo.json);
      put("si_upper", up.text, up.json);
    }
    if (signo === SIG.SIGSEGV && code === SEGV_PKUERR) put("si_pkey", String(u32(32)), u32(32));
  } else if (signo === SIG.SIGIO) {
    band();
  } else if (signo === SIG.SIGSYS) {
    const a = ptr(16);
    put("si_call_addr", a.text, a.json);
    const nr = s32(24), arch = u32(28);
    const archName = valuesOf(AUDIT_ARCH, c.arch).name(arch);
    const ours = archName === (c.arch === "x86_64" ? "AUDIT_ARCH_X86_64" : "AUDIT_ARCH_AARCH64");
    const name = ours && nr >= 0 ? syscallTable(c.arch).byNr(nr)?.name : undefined;
    put("si_syscall", name ? `__NR_${name}` : String(nr >>> 0), name ?? nr >>> 0);
    put("si_arch", archName ?? `${hex(arch)} /* AUDIT_ARCH_??? */`, archName ?? arch);
  } else if (signo === SIG.SIGCHLD) {
    sender();
    put("si_status", String(s32(24)), s32(24));
    put("si_utime", u64(32).toString(), int64Json(u64(32)));
    put("si_stime", u64(40).toString(), int64Json(u64(40)));
  } else {
    sender();
  }
  return { json, text: `{${fields.map(([k, v]) => `${k}=${v}`).join(", ")}}` };
}
