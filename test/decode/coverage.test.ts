/**
 * Every syscall decodes: the family specs match the kernel's argument
 * names, at least 100 calls (every one in LISTED) have full decoders,
 * and no register values or captures, however hostile, make a decoder
 * throw, emit unserializable JSON or put a control byte into text.
 */
import { describe, expect, test } from "bun:test";
import { decodeCall, SPECS } from "../../cli/decode/args";
import { makeCapture } from "../../cli/decode/capture";
import { CaptureFlag, CaptureKind } from "../../cli/decode/layout";
import { syscallTable, type Arch } from "../../cli/decode/syscalls";

const ARCHES: Arch[] = ["x86_64", "aarch64"];

/** The calls swoll promises to decode fully (those that exist on x86_64). */
const LISTED = `open openat openat2 creat execve execveat read write pread64 pwrite64 readv writev close dup dup2 dup3
pipe pipe2 fcntl ioctl lseek stat fstat lstat newfstatat statx access faccessat faccessat2 chdir fchdir mkdir mkdirat
rmdir unlink unlinkat rename renameat renameat2 link linkat symlink symlinkat readlink readlinkat chmod fchmod fchmodat
chown fchown lchown fchownat truncate ftruncate getdents64 mount umount2 pivot_root chroot socket socketpair connect bind
accept accept4 getsockname getpeername listen sendto recvfrom sendmsg recvmsg setsockopt getsockopt shutdown poll ppoll
select pselect6 epoll_create1 epoll_ctl epoll_wait epoll_pwait mmap munmap mprotect mremap madvise brk clone clone3 fork
vfork wait4 waitid exit exit_group kill tkill tgkill rt_sigaction rt_sigprocmask prctl arch_prctl setuid setgid setresuid
setresgid capget capset setns unshare prlimit64 nanosleep clock_nanosleep timerfd_create timerfd_settime futex getrandom
memfd_create bpf perf_event_open inotify_add_watch fanotify_init fanotify_mark seccomp ptrace init_module finit_module
sendfile splice copy_file_range sync_file_range fsync fdatasync flock umask uname getcwd sethostname syslog
sysinfo personality sched_getscheduler sched_setparam getgroups setgroups`.split(/\s+/);

describe("coverage", () => {
  const x86 = syscallTable("x86_64");

  test("every listed call has a decoder", () => {
    expect(LISTED.filter((n) => !SPECS[n])).toEqual([]);
  });

  test("at least 100 calls are fully decoded", () => {
    const decoded = Object.keys(SPECS).filter((n) => x86.byName(n));
    expect(decoded.length).toBeGreaterThanOrEqual(100);
  });

  for (const arch of ARCHES)
    test(`${arch}: every spec names arguments the kernel has`, () => {
      const t = syscallTable(arch);
      const bad: string[] = [];
      for (const [name, spec] of Object.entries(SPECS)) {
        const info = t.byName(name);
        if (!info) continue;
        const names = info.argsUnknown || info.argNames.length === 0 ? (spec.params ?? []).map(([n]) => n) : info.argNames;
        for (const k of Object.keys(spec.args ?? {})) if (!names.includes(k)) bad.push(`${name}.${k}`);
        for (const k of Object.keys(spec.names ?? {})) if (!names.includes(k)) bad.push(`${name} names ${k}`);
      }
      expect(bad).toEqual([]);
    });
});

/** A small deterministic PRNG, so a failure names a reproducible case. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1103515245 + 12345) >>> 0), s / 2 ** 32);
}

const REGS = [0, 1, -1, -100, 2 ** 32 - 1, 2 ** 31, 0x7ffc_1234_5678, 2 ** 53 - 1, -(2 ** 31), 4096, 3, 0xdeadbeef];
const CONTROL = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe("hostile input never breaks a decoder", () => {
  for (const arch of ARCHES)
    test(`${arch}: every syscall, random registers and captures`, () => {
      const next = rng(arch === "x86_64" ? 7 : 11);
      const pick = <T>(a: readonly T[]) => a[Math.floor(next() * a.length)]!;
      let cases = 0;
      for (const info of syscallTable(arch).all()) {
        for (let round = 0; round < 12; round++) {
          const raw = Array.from({ length: 6 }, () => pick(REGS));
          const caps = [];
          const n = Math.floor(next() * 5);
          for (let k = 0; k < n; k++) {
            const len = pick([0, 1, 3, 4, 7, 8, 12, 16, 24, 100, 300]);
            const data = new Uint8Array(len).map(() => Math.floor(next() * 256));
            const flags = pick([0, CaptureFlag.Truncated, CaptureFlag.Fault, CaptureFlag.More, 7]);
            caps.push(makeCapture(pick([0, 1, 2, 3, 4, 5, 9, 255]), pick([CaptureKind.Str, CaptureKind.ArgvItem, CaptureKind.Bytes, 0, 99]), data, flags));
          }
          const ret = pick([0, 1, -1, -2, -4, -14, 4096, 0x7f00_0000_0000, null]);
          const d = decodeCall(info, raw, caps, true, ret);
          cases++;
          for (const a of d.args) {
            expect(() => JSON.stringify(a.json)).not.toThrow();
            if (CONTROL.test(a.text)) throw new Error(`${arch} ${info.name}(${raw}) ${a.name}: control character in ${JSON.stringify(a.text)}`);
          }
          for (const t of [d.argsText, d.retText]) if (t !== undefined && CONTROL.test(t)) throw new Error(`${info.name}: control character in ${JSON.stringify(t)}`);
          const json = decodeCall(info, raw, caps, false, ret);
          expect(json.args.map((a) => a.json)).toEqual(d.args.map((a) => a.json));
        }
      }
      expect(cases).toBeGreaterThan(3000);
    });
});
