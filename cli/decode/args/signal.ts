/**
 * Signals: kill/tkill/tgkill (names), rt_sigaction (struct sigaction with
 * SA_* flags and its mask), rt_sigprocmask and the other calls that take
 * a sigset and its size (decoded only at the size strace decodes), the
 * sigqueue calls, and the siginfo and wait status decoders the process
 * family uses.
 */
import { flagsOf, valuesOf } from "../consts";
import { SA_FLAGS, SIGCHLD_CODE, SI_CODE, SIGPROCMASK_HOW } from "../tables/consts-proc";
import { SIGACTION, SIGINFO } from "../tables/structs";
import { fd, hexNum32, int, memory, signal, signalName, sigset, size, value } from "./common";
import type { CapturedMemory } from "./captured-memory";
import { errnoName } from "../errno";
import { cutShort, hex, pointer, u64Json } from "./render";
import { clockText } from "./time";
import { structArg, timespec } from "./structs";
import { sizedSigset } from "./poll";
import type { ArgType, Call, CallSpecs, Shown } from "./types";

const SA_RESTORER = 0x04000000;

function handler([v, w]: [number, bigint | undefined]): string {
  return v === 0 ? "SIG_DFL" : v === 1 ? "SIG_IGN" : hex(v, w);
}

/** struct sigaction as rt_sigaction(2) reads and writes it. */
const sigaction = (out: boolean): ArgType =>
  structArg(
    SIGACTION,
    (m, c) => {
      const f = SIGACTION.fields;
      const h = handler(m.u64w(f.sa_handler[0])!);
      const fl = m.u64(f.sa_flags[0])!;
      const flags = flagsOf(SA_FLAGS, c.arch).format(fl);
      const mask = sigset(m.slice(f.sa_mask)!, c.arch);
      const [restorer, restorerWide] = m.u64w(f.sa_restorer[0])!;
      const fields: [string, string][] = [["sa_handler", h], ["sa_mask", mask.text], ["sa_flags", flags.text]];
      const json: Record<string, unknown> = { sa_handler: h, sa_mask: mask.json, sa_flags: flags.names };
      if (fl & SA_RESTORER) {
        fields.push(["sa_restorer", hex(restorer, restorerWide)]);
        json.sa_restorer = hex(restorer, restorerWide);
      }
      return { json, text: `{${fields.map(([k, v]) => `${k}=${v}`).join(", ")}}` };
    },
    { out },
  );

// ------------------------------------------------------------------ siginfo --

const SIGCHLD = 17;
const CLD_EXITED = 1;
const SIGVAL_OFF = 24; // siginfo_t's _rt.si_sigval: after si_pid and si_uid

const SI_USER = 0, SI_TKILL = -6;

/** A uid/gid as strace prints an ID: unsigned, except -1. */
const idValue = (v: number) => (v === 0xffffffff ? -1 : v);

/**
 * siginfo_t as strace prints it: the signal, its code, a non-zero si_errno
 * (by name when known), then what the code says the union holds: the
 * sender (and the value sigqueue(3) sent, when there is one), or a child's
 * state change (waitid).
 */
export function siginfoShown(m: CapturedMemory, c: Call): Shown {
  const f = SIGINFO.fields;
  const signo = m.field(f.si_signo)!;
  if (signo === 0) return { json: {}, text: "{}" };
  const code = m.field(f.si_code)!;
  const sig = signalName(signo, c.arch) ?? String(signo);
  const codeSet = signo === SIGCHLD ? SIGCHLD_CODE : SI_CODE;
  const codeName = valuesOf(codeSet, c.arch);
  const json: Record<string, unknown> = { si_signo: sig, si_code: codeName.json(code) };
  const fields: [string, string][] = [["si_signo", sig], ["si_code", codeName.text(code)]];
  const errno = m.field(f.si_errno)!;
  if (errno !== 0) {
    const name = errnoName(errno);
    json.si_errno = name ?? errno;
    fields.push(["si_errno", name ?? String(errno >>> 0)]);
  }
  const pid = m.field(f.si_pid)!, uid = idValue(m.field(f.si_uid)!);
  Object.assign(json, { si_pid: pid, si_uid: uid });
  fields.push(["si_pid", String(pid)], ["si_uid", String(uid)]);
  const fromUser = code <= 0;
  if (signo === SIGCHLD && !fromUser) {
    const st = m.field(f.si_status)!;
    const bySignal = code !== CLD_EXITED;
    const status = bySignal ? (signalName(st, c.arch) ?? String(st)) : String(st);
    const ut = m.u64n(f.si_utime[0])!, stime = m.u64n(f.si_stime[0])!;
    Object.assign(json, { si_status: bySignal ? status : st, si_utime: u64Json(ut), si_stime: u64Json(stime) });
    fields.push(["si_status", status], ["si_utime", clockText(ut)], ["si_stime", clockText(stime)]);
  } else if (fromUser && code !== SI_USER && code !== SI_TKILL) {
    // the value sigqueue(3) sent: union sigval, after the sender's pid and uid (strace shows it when the pointer is set)
    const int = m.s32(SIGVAL_OFF) ?? 0;
    const [pv, pw] = m.u64w(SIGVAL_OFF) ?? [0, undefined];
    if (pv !== 0) {
      const ptr = pointer(pv, pw);
      Object.assign(json, { si_int: int, si_ptr: ptr.json });
      fields.push(["si_int", String(int)], ["si_ptr", ptr.text]);
    }
  }
  return { json, text: `{${fields.map(([k, v]) => `${k}=${v}`).join(", ")}}` };
}

export const siginfoOut: ArgType = structArg(SIGINFO, (m, c) => siginfoShown(m, c), { out: true });
/** siginfo_t the caller passes (rt_sigqueueinfo, pidfd_send_signal). */
export const siginfoIn: ArgType = structArg(SIGINFO, (m, c) => siginfoShown(m, c));

/** rt_sigtimedwait returns the signal it took: `12 (SIGUSR2)`. */
function takenSignal(c: Call): string | undefined {
  if (c.ret === null || c.ret <= 0) return undefined;
  const name = signalName(c.ret, c.arch);
  return name ? `${c.ret} (${name})` : undefined;
}

/** A wait status, in strace's words: [{WIFEXITED(s) && WEXITSTATUS(s) == 3}]. */
export function waitStatus(s: number, c: Call): Shown {
  const sig = (n: number) => signalName(n, c.arch) ?? String(n);
  if ((s & 0x7f) === 0) return { json: { code: "exited", status: (s >> 8) & 0xff }, text: `[{WIFEXITED(s) && WEXITSTATUS(s) == ${(s >> 8) & 0xff}}]` };
  if ((s & 0xff) === 0x7f) {
    const stop = sig((s >> 8) & 0xff);
    return { json: { code: "stopped", signal: stop }, text: `[{WIFSTOPPED(s) && WSTOPSIG(s) == ${stop}}]` };
  }
  if (s === 0xffff) return { json: { code: "continued" }, text: "[{WIFCONTINUED(s)}]" };
  const term = sig(s & 0x7f);
  const core = (s & 0x80) !== 0;
  return { json: { code: "killed", signal: term, core }, text: `[{WIFSIGNALED(s) && WTERMSIG(s) == ${term}${core ? " && WCOREDUMP(s)" : ""}}]` };
}

/** wait4's status: written only when a child was reaped (a positive return). */
const statusInner = memory(
  { kind: "fixed", size: 4 },
  (m, c, i) => {
    const s = m.s32(0);
    return s === undefined ? cutShort(c.raw[i]!, c.wide?.[i]) : waitStatus(s, c);
  },
  { out: true },
);
export const statusOut: ArgType = {
  ...statusInner,
  show: (c, i, cap) => (c.ret === 0 ? pointer(c.raw[i]!, c.wide?.[i]) : statusInner.show(c, i, cap)),
};

/**
 * rt_sigreturn's signal mask, read at entry from the frame it returns
 * through: the probe puts the mask's address where an argument would be
 * (bpf/swoll.bpf.c, copy_args). strace shows it as {mask=[…]}.
 */
const sigreturnMask = memory({ kind: "fixed", size: 8, when: "entry" }, (m, c, i) => {
  const b = m.slice([0, 8, 0]);
  if (!b) return cutShort(c.raw[i]!, c.wide?.[i]);
  const mask = sigset(b, c.arch);
  return { json: mask.json, text: `{mask=${mask.text}}` };
});

export const SIGNALS: CallSpecs = {
  rt_sigreturn: { params: [["mask", "sigset_t *"]], args: { mask: sigreturnMask } },
  kill: { args: { pid: int, sig: signal } },
  tkill: { args: { pid: int, sig: signal } },
  tgkill: { args: { tgid: int, pid: int, sig: signal } },
  rt_sigaction: { args: { sig: signal, act: sigaction(false), oact: sigaction(true), sigsetsize: size } },
  rt_sigprocmask: { args: { how: value(SIGPROCMASK_HOW), nset: sizedSigset(3), oset: sizedSigset(3, { out: true }), sigsetsize: size } },
  rt_sigpending: { args: { uset: sizedSigset(1, { out: true, min: 1 }), sigsetsize: size } },
  rt_sigsuspend: { args: { unewset: sizedSigset(1), sigsetsize: size } },
  rt_sigtimedwait: { args: { uthese: sizedSigset(3), uinfo: siginfoOut, uts: timespec(), sigsetsize: size }, ret: takenSignal },
  rt_sigqueueinfo: { args: { pid: int, sig: signal, uinfo: siginfoIn } },
  rt_tgsigqueueinfo: { args: { tgid: int, pid: int, sig: signal, uinfo: siginfoIn } },
  pidfd_send_signal: { args: { pidfd: fd, sig: signal, info: siginfoIn, flags: hexNum32 } },
};
