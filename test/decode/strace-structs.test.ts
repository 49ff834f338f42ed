/**
 * Structs and values the kernel writes or reads, decoded as strace 6.1
 * prints them: time and its dates, clock ticks, file system statistics,
 * signal sets and siginfo, and the rest of strace's own test programs'
 * lines. Each record goes through EventDecoder; its JSON must validate.
 */
import { describe, expect, test } from "bun:test";
import { EventDecoder } from "../../cli/decode/event";
import { captureSpecFor } from "../../cli/decode/args";
import { ArgCapture, CaptureFlag, CaptureKind, SizeFlag } from "../../cli/decode/layout";
import { syscallTable } from "../../cli/decode/syscalls";
import { TextFormatter } from "../../cli/output/text";
import { B } from "./args-helpers";
import { decodeRecord } from "./decode-record";
import { record, type Cap } from "./record";

const table = syscallTable("x86_64");
const text = new TextFormatter(false);
const PTR = 0x7ffc12345678n;

/** Bytes the probe captured for argument `arg` (at exit unless `entry`). */
function mem(arg: number, data: Uint8Array, opts: { entry?: boolean; fault?: boolean; truncated?: boolean } = {}): Cap {
  const flags = (opts.entry ? CaptureFlag.Entry : 0) | (opts.fault ? CaptureFlag.Fault : 0) | (opts.truncated ? CaptureFlag.Truncated : 0);
  return { arg, kind: CaptureKind.Bytes, flags, data };
}

const decode = decodeRecord;

const i64 = (...v: (number | bigint)[]) => v.reduce((b: B, x) => b.u64(x), new B()).get();

describe("times and dates", () => {
  test("an interrupted sleep shows the time left (ERESTART_RESTARTBLOCK), clock_nanosleep only for a relative sleep", () => {
    const req = mem(0, i64(0, 999999999)), rem = mem(1, i64(0, 888802424));
    expect(decode("nanosleep", [PTR, PTR + 16n], -516, [req, rem]).line)
      .toBe("nanosleep({tv_sec=0, tv_nsec=999999999}, {tv_sec=0, tv_nsec=888802424}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
    expect(decode("nanosleep", [PTR, PTR + 16n], 0, [req, rem]).line).toBe("nanosleep({tv_sec=0, tv_nsec=999999999}, 0x7ffc12345688) = 0");
    const creq = mem(2, i64(0, 999999999)), crem = mem(3, i64(0, 5));
    expect(decode("clock_nanosleep", [0, 0, PTR, PTR + 16n], -516, [creq, crem]).line)
      .toBe("clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=999999999}, {tv_sec=0, tv_nsec=5}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
    expect(decode("clock_nanosleep", [0, 1, PTR, PTR + 16n], -516, [creq, crem]).line)
      .toBe("clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, {tv_sec=0, tv_nsec=999999999}, 0x7ffc12345688) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
  });

  test("time: the value written with its date, the result with its date", () => {
    const d = decode("time", [PTR], 1796598842, [mem(0, i64(1796598842))]);
    expect(d.line).toBe("time([1796598842 /* 2026-12-06T23:14:02+0000 */]) = 1796598842 (2026-12-06T23:14:02+0000)");
    expect(d.json.args.tloc).toBe(1796598842);
    expect(decode("time", [0], 1796598842).line).toBe("time(NULL) = 1796598842 (2026-12-06T23:14:02+0000)");
  });

  test("times: clock ticks with their seconds (none for 0)", () => {
    const d = decode("times", [PTR], 1719036190, [mem(0, i64(31, 0, 160, 12345))]);
    expect(d.line).toBe("times({tms_utime=31 /* 0.31 s */, tms_stime=0, tms_cutime=160 /* 1.60 s */, tms_cstime=12345 /* 123.45 s */}) = 1719036190");
    expect(d.json.args.tbuf).toEqual({ tms_utime: 31, tms_stime: 0, tms_cutime: 160, tms_cstime: 12345 });
  });

  test("utime's utimbuf and utimes' timeval pair with dates; no date for the epoch or a fraction out of range", () => {
    const path = { arg: 0, kind: CaptureKind.Str, data: "f" };
    expect(decode("utime", [PTR, PTR], -2, [path, mem(1, i64(1492350678, 0))]).line)
      .toBe('utime("f", {actime=1492350678 /* 2017-04-16T13:51:18+0000 */, modtime=0}) = -1 ENOENT (No such file or directory)');
    const tv = mem(1, i64(1492356708, 567891, 1492357086, 1000000));
    expect(decode("utimes", [PTR, PTR], -22, [path, tv]).line)
      .toBe('utimes("f", [{tv_sec=1492356708, tv_usec=567891} /* 2017-04-16T15:31:48.567891+0000 */, {tv_sec=1492357086, tv_usec=1000000}]) = -1 EINVAL (Invalid argument)');
    const fpath = { arg: 1, kind: CaptureKind.Str, data: "f" };
    expect(decode("futimesat", [-100, PTR, PTR], -22, [fpath, mem(2, i64(0, 0, -1n, 2n ** 63n))]).line)
      .toBe('futimesat(AT_FDCWD, "f", [{tv_sec=0, tv_usec=0}, {tv_sec=-1, tv_usec=9223372036854775808}]) = -1 EINVAL (Invalid argument)');
    expect(decode("utimensat", [-100, PTR, PTR, 0x100], -2, [fpath, mem(2, i64(0, 0, 1, 0))]).line)
      .toBe('utimensat(AT_FDCWD, "f", [{tv_sec=0, tv_nsec=0}, {tv_sec=1, tv_nsec=0} /* 1970-01-01T00:00:01+0000 */], AT_SYMLINK_NOFOLLOW) = -1 ENOENT (No such file or directory)');
  });
});

/** siginfo_t (128 bytes) with the members this test sets. */
function siginfo(v: { signo: number; errno?: number; code: number; pid?: number; uid?: number; status?: number; int?: number; ptr?: bigint; utime?: number }): Uint8Array {
  const b = new Uint8Array(128);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, v.signo, true);
  dv.setInt32(4, v.errno ?? 0, true);
  dv.setInt32(8, v.code, true);
  dv.setInt32(16, v.pid ?? 0, true);
  dv.setUint32(20, v.uid ?? 0, true);
  if (v.status !== undefined) dv.setInt32(24, v.status, true);
  if (v.int !== undefined) dv.setInt32(24, v.int, true);
  if (v.ptr !== undefined) dv.setBigUint64(24, v.ptr, true);
  if (v.utime !== undefined) dv.setBigInt64(32, BigInt(v.utime), true);
  return b;
}

describe("clock adjustment", () => {
  test("adjtimex: struct timex with modes and status by name, the clock state as the result", () => {
    const tx = new Uint8Array(208);
    const dv = new DataView(tx.buffer);
    dv.setBigInt64(24, 16000000n, true); // maxerror
    dv.setInt32(40, 0x40, true); // status: STA_UNSYNC
    dv.setBigInt64(48, 2n, true); // constant
    dv.setBigInt64(72, 1796599012n, true); // time.tv_sec
    dv.setBigInt64(80, 925177n, true);
    dv.setBigInt64(88, 10000n, true); // tick
    dv.setInt32(160, 37, true); // tai
    const d = decode("adjtimex", [PTR], 5, [mem(0, tx)]);
    expect(d.line).toBe("adjtimex({modes=0, offset=0, freq=0, maxerror=16000000, esterror=0, status=STA_UNSYNC, constant=2, precision=0, tolerance=0, " +
      "time={tv_sec=1796599012, tv_usec=925177}, tick=10000, ppsfreq=0, jitter=0, shift=0, stabil=0, jitcnt=0, calcnt=0, errcnt=0, stbcnt=0, tai=37}) = 5 (TIME_ERROR)");
    expect(d.json.args.txc_p).toMatchObject({ modes: [], status: ["STA_UNSYNC"], time: { tv_sec: 1796599012, tv_usec: 925177 }, tai: 37 });
    dv.setUint32(0, 0xa001, true);
    expect(decode("adjtimex", [PTR], 0, [mem(0, tx)]).line).toMatch(/^adjtimex\(\{modes=ADJ_OFFSET_SS_READ, .* = 0 \(TIME_OK\)$/);
    expect(decode("adjtimex", [0], -14).line).toBe("adjtimex(NULL) = -1 EFAULT (Bad address)");
  });
});

describe("signals", () => {
  test("sigsets whose size is not the kernel's 8 bytes show as addresses; rt_sigpending reads 1 to 8", () => {
    const set = mem(1, new B().u32(0).u32(0).get());
    expect(decode("rt_sigprocmask", [2, PTR, 0, 8], 0, [set]).line).toBe("rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0");
    expect(decode("rt_sigprocmask", [2, PTR, 0, 4], -22, [set]).line).toBe("rt_sigprocmask(SIG_SETMASK, 0x7ffc12345678, NULL, 4) = -1 EINVAL (Invalid argument)");
    expect(decode("rt_sigsuspend", [PTR, 16], -22, [mem(0, new Uint8Array(8))]).line).toBe("rt_sigsuspend(0x7ffc12345678, 16) = -1 EINVAL (Invalid argument)");
    const pend = decode("rt_sigpending", [PTR, 1], 0, [mem(0, new Uint8Array([3]))]);
    expect(pend.line).toBe("rt_sigpending([HUP INT], 1) = 0");
    expect(pend.json.args.uset).toEqual(["SIGHUP", "SIGINT"]);
    expect(decode("rt_sigpending", [PTR, 4], 0, [mem(0, new Uint8Array(4))]).line).toBe("rt_sigpending([], 4) = 0");
    expect(decode("rt_sigpending", [PTR, 9], -22).line).toBe("rt_sigpending(0x7ffc12345678, 9) = -1 EINVAL (Invalid argument)");
  });

  test("siginfo: si_errno by name (unknown ones unsigned), si_uid -1, the value only when its pointer is set; flags in hex", () => {
    const q = siginfo({ signo: 10, errno: 2, code: -1, pid: 20610, uid: 0, int: -87097619, ptr: 0xdeadbeeffacefeedn });
    const d = decode("rt_tgsigqueueinfo", [20610, 20610, 10, PTR], 0, [mem(3, q)]);
    expect(d.line).toBe("rt_tgsigqueueinfo(20610, 20610, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_QUEUE, si_errno=ENOENT, si_pid=20610, si_uid=0, si_int=-87097619, si_ptr=0xdeadbeeffacefeed}) = 0");
    expect(d.json.args.uinfo).toMatchObject({ si_errno: "ENOENT", si_pid: 20610 });
    const odd = siginfo({ signo: 10, errno: -1, code: -1, pid: 5, uid: 0xffffffff });
    expect(decode("pidfd_send_signal", [3, 12, PTR, 0xffffffff], -22, [mem(2, odd)]).line)
      .toBe("pidfd_send_signal(3, SIGUSR2, {si_signo=SIGUSR1, si_code=SI_QUEUE, si_errno=4294967295, si_pid=5, si_uid=-1}, 0xffffffff) = -1 EINVAL (Invalid argument)");
  });

  test("waitid: WSTOPPED after WEXITED, a continued child's signal by name, clock ticks, and the rusage written", () => {
    const cont = siginfo({ signo: 17, code: 6, pid: 7, status: 18, utime: 250 });
    const ru = new B().u64(0).u64(135).u64(0).u64(0).zero(112).get();
    const d = decode("waitid", [1, 7, PTR, 8, PTR + 256n], 0, [mem(2, cont), mem(4, ru)]);
    expect(d.line).toBe("waitid(P_PID, 7, {si_signo=SIGCHLD, si_code=CLD_CONTINUED, si_pid=7, si_uid=0, si_status=SIGCONT, si_utime=250 /* 2.50 s */, si_stime=0}, WCONTINUED, " +
      "{ru_utime={tv_sec=0, tv_usec=135}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 0");
    expect(decode("waitid", [0, -1, PTR, 6, PTR + 256n], -10).line).toBe("waitid(P_ALL, -1, 0x7ffc12345678, WEXITED|WSTOPPED, 0x7ffc12345778) = -1 ECHILD (No child processes)");
  });
});

/** struct statfs (120 bytes on 64-bit arches). */
function statfs(type: number, counts: number[], fsid: [number, number], namelen: number, frsize: number, flags: number): Uint8Array {
  return new B().u64(type).u64(counts[0]!).u64(counts[1]!).u64(counts[2]!).u64(counts[3]!).u64(counts[4]!).u64(counts[5]!)
    .u32(fsid[0]).u32(fsid[1]).u64(namelen).u64(frsize).u64(flags).zero(32).get();
}

describe("file systems", () => {
  test("statfs/fstatfs: the magic by name, counts, fsid in hex, flags only when ST_VALID is set", () => {
    const path = { arg: 0, kind: CaptureKind.Str, data: "/proc/self/status" };
    const d = decode("statfs", [PTR, PTR], 0, [path, mem(1, statfs(0x9fa0, [4096, 0, 0, 0, 0, 0], [0x15, 0], 255, 4096, 0x1020))]);
    expect(d.line).toBe('statfs("/proc/self/status", {f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0, f_bavail=0, f_files=0, f_ffree=0, ' +
      "f_fsid={val=[0x15, 0]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}) = 0");
    expect(d.json.args.buf).toMatchObject({ f_type: "PROC_SUPER_MAGIC", f_fsid: [0x15, 0], f_flags: ["ST_VALID", "ST_RELATIME"] });
    const odd = decode("fstatfs", [4, PTR], 0, [mem(1, statfs(0x12345, [1, 2, 3, 4, 5, 6], [0xffffffff, 1], 0, 0, 1))]);
    expect(odd.line).toBe("fstatfs(4, {f_type=0x12345, f_bsize=1, f_blocks=2, f_bfree=3, f_bavail=4, f_files=5, f_ffree=6, f_fsid={val=[0xffffffff, 0x1]}, f_namelen=0, f_frsize=0}) = 0");
    expect(decode("fstatfs", [4, PTR], -9).line).toBe("fstatfs(4, 0x7ffc12345678) = -1 EBADF (Bad file descriptor)");
  });

  test("getdents/getdents64: records counted as strace counts them, the whole buffer captured; 0 entries at the end", () => {
    // linux_dirent: d_ino, d_off, d_reclen, d_name, then d_type in the record's last byte
    const old = (ino: number, name: string, type: number) => {
      const reclen = (18 + name.length + 2 + 7) & ~7;
      return new B().u64(ino).u64(0).u16(reclen).str(name).zero(reclen - 18 - name.length - 1).u8(type).get();
    };
    const buf = new B().raw(old(1, ".", 4)).raw(old(2, "..", 4)).raw(old(3, "a-rather-long-file-name-past-32-bytes", 8)).get();
    const d = decode("getdents", [3, PTR, 8192], buf.length, [mem(1, buf)]);
    expect(d.line).toBe(`getdents(3, 0x7ffc12345678 /* 3 entries */, 8192) = ${buf.length}`);
    expect(d.json.args.dirent[2]).toEqual({ d_ino: 3, d_type: 8, d_name: "a-rather-long-file-name-past-32-bytes" });
    expect(decode("getdents", [3, PTR, 8192], 0).line).toBe("getdents(3, 0x7ffc12345678 /* 0 entries */, 8192) = 0");
    expect(decode("getdents64", [3, PTR, 8192], 0).line).toBe("getdents64(3, 0x7ffc12345678 /* 0 entries */, 8192) = 0");
    expect(decode("getdents64", [-1, 0, 3735928559], -9).line).toBe("getdents64(-1, NULL, 3735928559) = -1 EBADF (Bad file descriptor)");
    // bytes left over after the last whole record: N+
    expect(decode("getdents", [3, PTR, 8192], buf.length + 4, [mem(1, new B().raw(buf).u32(0).get())]).line).toContain("/* 3+ entries */");
    for (const name of ["getdents", "getdents64"]) {
      const spec = captureSpecFor(table.byName(name)!);
      expect(spec.kinds[1]! & 0x3f).toBe(ArgCapture.BytesRetLen);
      expect(spec.sizes[1]).toBe(SizeFlag.Uncapped | 3); // bounded by count, not by --strsize
    }
  });

  test("xattr values: a trailing NUL left out, past XATTR_SIZE_MAX only the address; list's size 0 is its address", () => {
    const path = { arg: 0, kind: CaptureKind.Str, data: "." }, name = { arg: 1, kind: CaptureKind.Str, data: "strace.test" };
    expect(decode("setxattr", [PTR, PTR + 64n, PTR + 128n, 8, 1], -95, [path, name, mem(2, new TextEncoder().encode("foo\0bar\0"))]).line)
      .toBe('setxattr(".", "strace.test", "foo\\0bar", 8, XATTR_CREATE) = -1 EOPNOTSUPP (Operation not supported)');
    expect(decode("fsetxattr", [-1, PTR + 64n, 0x7f57e5990fffn, 65537, 1], -7, [{ ...name }, mem(2, new Uint8Array(32).fill(255), { truncated: true })]).line)
      .toBe('fsetxattr(-1, "strace.test", 0x7f57e5990fff, 65537, XATTR_CREATE) = -1 E2BIG (Argument list too long)');
    const got = decode("getxattr", [PTR, PTR + 64n, PTR + 128n, 100], 4, [path, name, mem(2, new TextEncoder().encode("abc\0"))]);
    expect(got.line).toBe('getxattr(".", "strace.test", "abc", 100) = 4');
    expect(decode("listxattr", [PTR, PTR + 128n, 65537], 0, [path]).line).toBe('listxattr(".", "", 65537) = 0');
    expect(decode("listxattr", [PTR, PTR + 128n, 0], 0, [path]).line).toBe('listxattr(".", 0x7ffc123456f8, 0) = 0');
    expect(decode("listxattr", [PTR, PTR + 128n, 64], 6, [path, mem(1, new TextEncoder().encode("a.b\0c\0"))]).line).toBe('listxattr(".", "a.b\\0c\\0", 64) = 6');
  });
});

/** An fd_set of `bytes` bytes with these descriptors set. */
function fdset(bytes: number, ...fds: number[]): Uint8Array {
  const b = new Uint8Array(bytes);
  for (const fd of fds) b[fd >> 3]! |= 1 << (fd & 7);
  return b;
}

describe("select", () => {
  test("fd_sets read as long as nfds says; nothing read for nfds <= 0; the ready ones as strace lists them, `()` when none", () => {
    const set = (arg: number, entry: Uint8Array, exit: Uint8Array) => [mem(arg, entry, { entry: true }), mem(arg, exit)];
    const d = decode("select", [5, PTR, PTR + 128n, PTR + 256n, 0], 3,
      [...set(1, fdset(8, 3, 4), fdset(8)), ...set(2, fdset(8, 1, 2, 3, 4), fdset(8, 1, 2, 4)), ...set(3, fdset(8), fdset(8))]);
    expect(d.line).toBe("select(5, [3 4], [1 2 3 4], [], NULL) = 3 (out [1 2 4])");
    expect(d.json.args.outp).toEqual([1, 2, 3, 4]);
    const none = decode("select", [5, PTR, PTR + 128n, PTR + 256n, 0], 1,
      [...set(1, fdset(8, 3, 4), fdset(8)), ...set(2, fdset(8, 3, 4), fdset(8)), ...set(3, fdset(8, 3, 4), fdset(8))]);
    expect(none.line).toBe("select(5, [3 4], [3 4], [3 4], NULL) = 1 ()");
    expect(decode("select", [-1, 0, PTR, 0, 0], -22).line).toBe("select(-1, NULL, 0x7ffc12345678, NULL, NULL) = -1 EINVAL (Invalid argument)");
    // 1025 descriptors: 136 bytes (whole longs), not FD_SETSIZE's 128
    expect(decode("select", [1025, PTR, PTR + 256n, 0, 0], 0, [...set(1, fdset(136, 3), fdset(136)), ...set(2, fdset(136), fdset(136))]).line)
      .toBe("select(1025, [3], [], NULL, NULL) = 0 (Timeout)");
    // more descriptors than the probe keeps of a set
    expect(decode("select", [2147483647, PTR, 0, 0, 0], 0, set(1, fdset(512, 3, 4), fdset(512))).line).toBe("select(2147483647, [3 4 ...], NULL, NULL, NULL) = 0 (Timeout)");
    const spec = captureSpecFor(table.byName("select")!);
    expect(spec.kinds[1]! & 0x3f).toBe(ArgCapture.Fdset);
    expect(spec.sizes[1]).toBe(0); // the count is argument 0
  });

  test("select's time left after the ready sets; a stray ] once the count outlasts the first set, as strace writes it", () => {
    const tv = [mem(4, i64(789985, 789986), { entry: true }), mem(4, i64(789985, 789984))];
    const d = decode("select", [5, PTR, PTR + 128n, 0, PTR + 512n], 3,
      [mem(1, fdset(8, 3), { entry: true }), mem(1, fdset(8, 3)), mem(2, fdset(8, 1), { entry: true }), mem(2, fdset(8)), ...tv]);
    expect(d.line).toBe("select(5, [3], [1], NULL, {tv_sec=789985, tv_usec=789986}) = 3 (in [3]], left {tv_sec=789985, tv_usec=789984})");
  });

  test("pselect6's sigmask and its size, the mask decoded only for the kernel's 8 bytes", () => {
    const pair = (p: bigint, n: number | bigint) => new B().u64(p).u64(n).get();
    const mask = { arg: 5, kind: CaptureKind.Field, data: new B().u64((1n << 0n) | (1n << 16n)).get() };
    const d = decode("pselect6", [0, 0, 0, 0, 0, PTR], 0, [mem(5, pair(PTR + 64n, 8)), mask]);
    expect(d.line).toBe("pselect6(0, NULL, NULL, NULL, NULL, {sigmask=[HUP CHLD], sigsetsize=8}) = 0 (Timeout)");
    expect(d.json.args.sig).toEqual({ sigmask: ["SIGHUP", "SIGCHLD"], sigsetsize: 8 });
    expect(decode("pselect6", [0, 0, 0, 0, 0, PTR], -22, [mem(5, pair(0n, 8))]).line)
      .toBe("pselect6(0, NULL, NULL, NULL, NULL, {sigmask=NULL, sigsetsize=8}) = -1 EINVAL (Invalid argument)");
    expect(decode("pselect6", [0, 0, 0, 0, 0, PTR], -22, [mem(5, pair(PTR + 64n, 16045690984232431614n))]).line)
      .toContain("{sigmask=0x7ffc123456b8, sigsetsize=16045690984232431614}");
  });
});

/** struct sched_attr (56 bytes). */
function schedAttr(v: { size: number; policy?: number; flags?: bigint; nice?: number; prio?: number; runtime?: bigint; util?: [number, number] }): Uint8Array {
  return new B().u32(v.size).u32(v.policy ?? 0).u64(v.flags ?? 0n).u32(v.nice ?? 0).u32(v.prio ?? 0).u64(v.runtime ?? 0n).u64(0).u64(0)
    .u32(v.util?.[0] ?? 0).u32(v.util?.[1] ?? 0).get();
}

describe("sched_attr", () => {
  test("sched_getattr: as many members as the kernel wrote (48: no clamp values); usize 0 is the address", () => {
    const d = decode("sched_getattr", [0, PTR, 48, 0], 0, [mem(1, schedAttr({ size: 48, runtime: 1400000n, util: [7, 7] }))]);
    expect(d.line).toBe("sched_getattr(0, {size=48, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, sched_priority=0, sched_runtime=1400000, sched_deadline=0, sched_period=0}, 48, 0) = 0");
    expect(d.json.args.uattr).toMatchObject({ size: 48, sched_policy: "SCHED_OTHER", sched_flags: [], sched_runtime: 1400000 });
    expect(decode("sched_getattr", [0, PTR, 56, 0], 0, [mem(1, schedAttr({ size: 56, util: [1, 2] }))]).line).toContain("sched_period=0, sched_util_min=1, sched_util_max=2}, 56, 0) = 0");
    expect(decode("sched_getattr", [0, PTR, 0, 0], -22, []).line).toBe("sched_getattr(0, 0x7ffc12345678, 0, 0) = -1 EINVAL (Invalid argument)");
  });

  test("sched_setattr: kept policy and parameters left out, unknown bits, `...` past 56 bytes, and E2BIG's size written back", () => {
    const at = (b: Uint8Array) => [mem(1, b, { entry: true })];
    expect(decode("sched_setattr", [0, PTR, 0], 0, at(schedAttr({ size: 0, flags: 1n, runtime: 1400000n }))).line)
      .toBe("sched_setattr(0, {size=0, sched_policy=SCHED_OTHER, sched_flags=SCHED_FLAG_RESET_ON_FORK, sched_nice=0, sched_priority=0, sched_runtime=1400000, sched_deadline=0, sched_period=0}, 0) = 0");
    const big = decode("sched_setattr", [0, PTR, 0], -7, [...at(schedAttr({ size: 1 })), mem(1, schedAttr({ size: 56 }))]);
    expect(big.line).toBe("sched_setattr(0, {size=1} => {size=56}, 0) = -1 E2BIG (Argument list too long)");
    expect(big.json.args.uattr).toEqual({ in: { size: 1 }, out: { size: 56 } });
    expect(decode("sched_setattr", [0, PTR, 0], -22, at(schedAttr({ size: 56, policy: 0xdefaced, flags: 0xcaffee90n, util: [0, 0] }))).line)
      .toBe("sched_setattr(0, {size=56, sched_flags=SCHED_FLAG_KEEP_PARAMS|0xcaffee80, sched_util_min=0, sched_util_max=0}, 0) = -1 EINVAL (Invalid argument)");
    expect(decode("sched_setattr", [0, PTR, 0], -22, at(schedAttr({ size: 2424336480, policy: 0xca7faced, flags: 0xbadc0ded1057da80n }))).line)
      .toMatch(/^sched_setattr\(0, \{size=2424336480, sched_policy=0xca7faced \/\* SCHED_\?\?\? \*\/, sched_flags=0xbadc0ded1057da80 \/\* SCHED_FLAG_\?\?\? \*\/, .*sched_util_max=0, \.\.\.\}, 0\)/);
  });
});

describe("arrays", () => {
  const waiter = (val: bigint, uaddr: bigint, flags: number, reserved = 0) => new B().u64(val).u64(uaddr).u32(flags).u32(reserved).get();
  const cat = (...parts: Uint8Array[]) => parts.reduce((b, p) => b.raw(p), new B()).get();

  test("futex_waitv: each waiter, __reserved only when set; [] for none; flags in hex; an unknown clock unsigned", () => {
    const d = decode("futex_waitv", [PTR, 1, 0, 0, 1], -22, [mem(0, waiter(2n ** 64n - 1n, 0n, 0xffffffff, 0xffffffff))]);
    expect(d.line).toBe("futex_waitv([{val=0xffffffffffffffff, uaddr=NULL, flags=FUTEX_32|FUTEX_PRIVATE_FLAG|0xffffff7d, __reserved=0xffffffff}], 1, 0, NULL, CLOCK_MONOTONIC) = -1 EINVAL (Invalid argument)");
    expect(d.json.args.waiters).toEqual([{ val: "18446744073709551615", uaddr: null, flags: ["FUTEX_32", "FUTEX_PRIVATE_FLAG", "0xffffff7d"], __reserved: 4294967295 }]);
    expect(decode("futex_waitv", [PTR, 0, 1, PTR + 64n, 0xffffffffffffffffn], -22).line)
      .toBe("futex_waitv([], 0, 0x1, 0x7ffc123456b8, 0xffffffff /* CLOCK_??? */) = -1 EINVAL (Invalid argument)");
    expect(decode("futex_waitv", [0, 1, 0xffffffff, 0, 1], -22).line).toBe("futex_waitv(NULL, 1, 0xffffffff, NULL, CLOCK_MONOTONIC) = -1 EINVAL (Invalid argument)");
  });

  test("an array read only in part shows what was readable and where it stopped; nothing readable: the address", () => {
    const one = waiter(0n, 0x7f698d25effcn, 2);
    const partial = mem(0, one, { fault: true });
    expect(decode("futex_waitv", [0x7f698d06ffe8n, 2, 0, 0, 1], -14, [partial]).line)
      .toBe("futex_waitv([{val=0, uaddr=0x7f698d25effc, flags=FUTEX_32}, ... /* 0x7f698d070000 */], 2, 0, NULL, CLOCK_MONOTONIC) = -1 EFAULT (Bad address)");
    expect(decode("futex_waitv", [0x7f698d06ffe9n, 1, 0, 0, 0], -14, [mem(0, new Uint8Array(0), { fault: true })]).line)
      .toBe("futex_waitv(0x7f698d06ffe9, 1, 0, NULL, CLOCK_REALTIME) = -1 EFAULT (Bad address)");
  });

  test("futex_waitv shows at most 128 waiters, then ...; fewer captured than asked for (--strsize): ...", () => {
    const many = cat(...Array.from({ length: 129 }, (_, k) => waiter(BigInt(k), 0x1000n + BigInt(4 * k), 0x82)));
    const line = decode("futex_waitv", [PTR, 129, 0, 0, 1], -22, [mem(0, many)]).line;
    expect(line.match(/\{val=/g)).toHaveLength(128);
    expect(line).toContain("{val=0x7f, uaddr=0x11fc, flags=FUTEX_32|FUTEX_PRIVATE_FLAG}, ...], 129, 0,");
    expect(decode("futex_waitv", [PTR, 3, 0, 0, 1], -22, [mem(0, cat(waiter(1n, 0n, 2), waiter(2n, 0n, 2)))]).line)
      .toBe("futex_waitv([{val=0x1, uaddr=NULL, flags=FUTEX_32}, {val=0x2, uaddr=NULL, flags=FUTEX_32}, ...], 3, 0, NULL, CLOCK_MONOTONIC) = -1 EINVAL (Invalid argument)");
    const spec = captureSpecFor(table.byName("futex_waitv")!);
    expect([spec.kinds[0]! & 0x3f, spec.sizes[0]]).toEqual([ArgCapture.Array, 1 | (24 << 8)]);
  });
});

describe("poll", () => {
  const pfd = (fd: number, events: number, revents: number) => new B().u32(fd).u16(events).u16(revents).get();
  const cat = (...parts: Uint8Array[]) => parts.reduce((b, p) => b.raw(p), new B()).get();

  test("ppoll: the entries shown as passed (as many as --strsize kept), the ready ones from the whole array at exit", () => {
    const all = cat(pfd(3, 0x43, 0), pfd(4, 0x304, 0x104), pfd(5, 0x43, 0), pfd(6, 4, 4));
    // -s2: two entries kept at entry, all four at exit
    const d = decode("ppoll", [PTR, 4, 0, 0, 8], 2, [mem(0, all.subarray(0, 16), { entry: true }), mem(0, all)]);
    expect(d.line).toBe("ppoll([{fd=3, events=POLLIN|POLLPRI|POLLRDNORM}, {fd=4, events=POLLOUT|POLLWRNORM|POLLWRBAND}, ...], 4, NULL, NULL, 8) = 2 " +
      "([{fd=4, revents=POLLOUT|POLLWRNORM}, {fd=6, revents=POLLOUT}])");
    expect(d.json.args.ufds[1]).toEqual({ fd: 4, events: ["POLLOUT", "POLLWRNORM", "POLLWRBAND"], revents: ["POLLOUT", "POLLWRNORM"] });
    // no more ready ones than strace shows entries (-s)
    const busy = cat(pfd(3, 1, 1), pfd(4, 1, 1), pfd(5, 1, 1));
    expect(decode("poll", [PTR, 3, 0], 3, [mem(0, busy.subarray(0, 16), { entry: true }), mem(0, busy)]).line)
      .toBe("poll([{fd=3, events=POLLIN}, {fd=4, events=POLLIN}, ...], 3, 0) = 3 ([{fd=3, revents=POLLIN}, {fd=4, revents=POLLIN}, ...])");
    expect(decode("ppoll", [0, 4207869677, 0, 0, 16045690984232390125n], -22).line).toBe("ppoll(NULL, 4207869677, NULL, NULL, 16045690984232390125) = -1 EINVAL (Invalid argument)");
  });

  test("poll: the time left even with no ready entry listed; where the array stopped being readable", () => {
    const tsp = [mem(2, i64(1, 0), { entry: true }), mem(2, i64(0, 5))];
    const one = pfd(3, 1, 1);
    expect(decode("ppoll", [PTR, 2, PTR + 64n, 0, 8], 1, [mem(0, one, { entry: true, fault: true }), mem(0, one, { fault: true }), ...tsp]).line)
      .toBe("ppoll([{fd=3, events=POLLIN}, ... /* 0x7ffc12345680 */], 2, {tv_sec=1, tv_nsec=0}, NULL, 8) = 1 ([{fd=3, revents=POLLIN}, 0x7ffc12345680], left {tv_sec=0, tv_nsec=5})");
    expect(decode("ppoll", [PTR, 1, PTR + 64n, 0, 8], 1, [mem(0, pfd(3, 1, 0), { entry: true }), mem(0, pfd(3, 1, 0)), ...tsp]).line)
      .toBe("ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8) = 1 (left {tv_sec=0, tv_nsec=5})");
  });
});

describe("aio", () => {
  test("io_getevents/io_pgetevents: the events returned, the timeout even when the call failed, the sigmask pair", () => {
    const ev = (data: bigint, obj: bigint, res: number) => new B().u64(data).u64(obj).u64(res).u64(0).get();
    const evs = new B().raw(ev(0xfeedface11111111n, 0x7f0945ceaf80n, 4096)).raw(ev(0xfeedface22222222n, 0x7f0945ceafc0n, 8192)).get();
    const d = decode("io_getevents", [0x7f0945ee3000n, 2, 3, PTR, PTR + 256n], 2, [mem(3, evs), mem(4, i64(0, 123456789))]);
    expect(d.line).toBe("io_getevents(0x7f0945ee3000, 2, 3, [{data=0xfeedface11111111, obj=0x7f0945ceaf80, res=4096, res2=0}, " +
      "{data=0xfeedface22222222, obj=0x7f0945ceafc0, res=8192, res2=0}], {tv_sec=0, tv_nsec=123456789}) = 2");
    expect(d.json.args.events[0]).toEqual({ data: String(0xfeedface11111111n), obj: "0x7f0945ceaf80", res: 4096, res2: 0 });
    expect(decode("io_getevents", [0xface1e55deadbeefn, 0, 0, 0, PTR], -22, [mem(4, i64(3735928559, 4207869677))]).line)
      .toBe("io_getevents(0xface1e55deadbeef, 0, 0, NULL, {tv_sec=3735928559, tv_nsec=4207869677}) = -1 EINVAL (Invalid argument)");
    expect(decode("io_getevents", [0xface1e55deadbeefn, -3855172618362687475n, -5017539604343590432n, PTR, 0], -22).line)
      .toBe("io_getevents(0xface1e55deadbeef, -3855172618362687475, -5017539604343590432, 0x7ffc12345678, NULL) = -1 EINVAL (Invalid argument)");
    const sig = [mem(5, new B().u64(PTR + 512n).u64(8).get()), { arg: 5, kind: CaptureKind.Field, data: new B().u64(1n << 30n).get() }];
    expect(decode("io_pgetevents", [0xface1e55deadbeefn, 0, 0, 0, 0, PTR], -22, sig).line)
      .toBe("io_pgetevents(0xface1e55deadbeef, 0, 0, NULL, NULL, {sigmask=[SYS], sigsetsize=8}) = -1 EINVAL (Invalid argument)");
  });
});

describe("execve's arrays", () => {
  const item = (data: string | Uint8Array, flags = 0): Cap => ({ arg: 2, kind: CaptureKind.ArgvItem, flags, data });
  const count = (n: number, flags = 0): Cap => ({ arg: 3, kind: CaptureKind.Bytes, flags, data: new B().u32(n).get() });
  const path = { arg: 1, kind: CaptureKind.Str, data: "f" };

  test("argv: an unreadable string's pointer, where the array stopped being readable, [] for an empty one", () => {
    const bad = (p: bigint) => item(new B().u64(p).get(), CaptureFlag.Fault);
    const d = decode("execveat", [-100, PTR, PTR + 64n, PTR + 128n, 0x1100], -2,
      [path, item("first"), bad(0xffffffffffffffffn), item(new B().u64(0x7f3964853000n).get(), CaptureFlag.Fault | CaptureFlag.More), count(5, CaptureFlag.Fault)]);
    expect(d.line).toBe('execveat(AT_FDCWD, "f", ["first", 0xffffffffffffffff, ... /* 0x7f3964853000 */], 0x7ffc123456f8 /* 5 vars, unterminated */, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH) = -1 ENOENT (No such file or directory)');
    expect(d.json.args.argv).toEqual(["first", null]);
    expect(d.json.args.envp).toEqual({ addr: "0x7ffc123456f8", count: 5, unterminated: true });
    expect(decode("execveat", [-100, PTR, PTR + 64n, PTR + 128n, 0], -2, [path, item("", CaptureFlag.End), count(0)]).line)
      .toBe('execveat(AT_FDCWD, "f", [], 0x7ffc123456f8 /* 0 vars */, 0) = -1 ENOENT (No such file or directory)');
  });

  test("argv or envp unreadable from the start: only the address", () => {
    const d = decode("execveat", [-100, PTR, PTR + 64n, PTR + 128n, 0], -14,
      [path, item(new B().u64(PTR + 64n).get(), CaptureFlag.Fault | CaptureFlag.More), count(0, CaptureFlag.Fault)]);
    expect(d.line).toBe('execveat(AT_FDCWD, "f", 0x7ffc123456b8, 0x7ffc123456f8, 0) = -1 EFAULT (Bad address)');
  });
});

