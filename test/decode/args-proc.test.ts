/** Processes, signals, time and the system calls, against strace 6.1's lines for test/fixtures/syscalls.c. */
import { describe, expect, test } from "bun:test";
import { CAP_DATA, CLONE_ARGS, ITIMERSPEC, PERF_EVENT_ATTR, RLIMIT64, SIGACTION, SIGINFO, SYSINFO, TIMESPEC, UTSNAME } from "../../cli/decode/tables/structs";
import { B, bytes, call, fault, item, PTR, str, struct } from "./args-helpers";

const int = (n: number) => new B().u32(n).get();
const sig = (...n: number[]) => n.reduce((m, s) => m | (1n << BigInt(s - 1)), 0n);

describe("signals", () => {
  const H = 0x55f6f14461b9;
  test("rt_sigreturn shows the mask it restores, read from its frame at entry", () => {
    // USR2 (12) is bit 11: byte 1, 0x08
    expect(call("rt_sigreturn", [PTR], [bytes(0, [0, 0x08, 0, 0, 0, 0, 0, 0], { entry: true })], 0).line).toBe("rt_sigreturn({mask=[USR2]}) = 0");
    expect(call("rt_sigreturn", [PTR], [bytes(0, new Uint8Array(8), { entry: true })], 0).json.mask).toEqual([]);
    // a frame that could not be read: its address
    expect(call("rt_sigreturn", [PTR], [fault(0)], 0).line).toBe("rt_sigreturn(0x7ffc12345678) = 0");
  });

  test("rt_sigaction with SA_RESTORER, and the old action", () => {
    const act = struct(SIGACTION, { sa_handler: H, sa_flags: 0x04000000 | 0x10000000 | 4, sa_restorer: H, sa_mask: sig(12, 15) });
    const old = struct(SIGACTION, { sa_handler: 0, sa_flags: 0, sa_mask: 0n });
    const d = call("rt_sigaction", [10, PTR, PTR + 64, 8], [bytes(1, act), bytes(2, old)], 0);
    // flags in strace's order: SA_RESTORER first; JSON in the same order
    expect(d.line).toBe(
      "rt_sigaction(SIGUSR1, {sa_handler=0x55f6f14461b9, sa_mask=[USR2 TERM], sa_flags=SA_RESTORER|SA_RESTART|SA_SIGINFO, sa_restorer=0x55f6f14461b9}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0",
    );
    expect(d.json.act).toEqual({ sa_handler: "0x55f6f14461b9", sa_mask: ["SIGUSR2", "SIGTERM"], sa_flags: ["SA_RESTORER", "SA_RESTART", "SA_SIGINFO"], sa_restorer: "0x55f6f14461b9" });
    expect(call("rt_sigaction", [10, 0, PTR, 8], [bytes(2, act)], 0).line).toMatch(/^rt_sigaction\(SIGUSR1, NULL, \{sa_handler=0x55f6f14461b9, /);
    expect(call("rt_sigaction", [2, PTR, 0, 8], [bytes(1, struct(SIGACTION, { sa_handler: 1 }))], 0).line).toBe("rt_sigaction(SIGINT, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=0}, NULL, 8) = 0");
  });

  test("rt_sigprocmask: sets by short name, ~[] when most are set", () => {
    const set = bytes(1, new B().u64(sig(12, 13)).get());
    expect(call("rt_sigprocmask", [0, PTR, PTR, 8], [set, bytes(2, new B().u64(0).get())], 0).line).toBe("rt_sigprocmask(SIG_BLOCK, [USR2 PIPE], [], 8) = 0");
    expect(call("rt_sigprocmask", [2, PTR, 0, 8], [bytes(1, new B().u64(0).get())], 0).line).toBe("rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0");
    const most = ~sig(9, 19) & 0xffffffffffffffffn;
    expect(call("rt_sigprocmask", [0, PTR, 0, 8], [bytes(1, new B().u64(most).get())], 0).line).toBe("rt_sigprocmask(SIG_BLOCK, ~[KILL STOP], NULL, 8) = 0");
    expect(call("rt_sigprocmask", [0, PTR, 0, 8], [bytes(1, new B().u64(sig(34, 64)).get())], 0).json.nset).toEqual(["SIGRT_2", "SIGRT_32"]);
  });

  test("rt_sigprocmask: a mask seen again, and more masks than are kept, decode the same", () => {
    const line = (mask: bigint) => call("rt_sigprocmask", [0, PTR, 0, 8], [bytes(1, new B().u64(mask).get())], 0).line;
    const first = line(sig(1, 2, 31));
    for (let m = 1n; m <= 700n; m++) line(m << 8n); // past the kept masks: the cache starts over
    expect(line(sig(1, 2, 31))).toBe(first);
    expect(first).toBe("rt_sigprocmask(SIG_BLOCK, [HUP INT SYS], NULL, 8) = 0");
    expect(line(sig(9) | (1n << 63n))).toBe("rt_sigprocmask(SIG_BLOCK, [KILL RT_32], NULL, 8) = 0");
  });

  test("kill, tkill, tgkill", () => {
    expect(call("kill", [21618, 0], [], 0).line).toBe("kill(21618, 0) = 0");
    expect(call("kill", [999999, 15], [], -3).line).toBe("kill(999999, SIGTERM) = -1 ESRCH (No such process)");
    expect(call("tkill", [999999, 10], [], -3).line).toBe("tkill(999999, SIGUSR1) = -1 ESRCH (No such process)");
    expect(call("tgkill", [999999, 999999, 9], [], -3).line).toBe("tgkill(999999, 999999, SIGKILL) = -1 ESRCH (No such process)");
    expect(call("kill", [1, 32], [], 0).line).toBe("kill(1, SIGRTMIN) = 0");
    expect(call("kill", [1, 99], [], -22).json.sig).toBe(99);
  });
});

describe("processes", () => {
  test("clone names its fields, shows the pointers its flags use", () => {
    const d = call("clone", [0x01200000 | 17, 0, 0, 0x7fc06c9a2a10, 0], [], 21619);
    expect(d.line).toBe("clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fc06c9a2a10) = 21619");
    expect(d.json.clone_flags).toEqual(["CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD"]);
    const thread = call("clone", [0x3d0f00, 0x7f0000001000, 0x7f0000002000, 0x7f0000002000, 0x7f0000003000], [], 100);
    expect(thread.line).toBe(
      "clone(child_stack=0x7f0000001000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, parent_tid=0x7f0000002000, child_tidptr=0x7f0000002000, tls=0x7f0000003000) = 100",
    );
  });

  test("clone3 reads struct clone_args as long as its size says", () => {
    const ca = struct(CLONE_ARGS, { flags: 0, exit_signal: 17 });
    expect(call("clone3", [PTR, 88], [bytes(0, ca)], 21621).line).toBe("clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 88) = 21621");
    expect(call("clone3", [PTR, 88], [bytes(0, ca.subarray(0, 5))], 1).line).toBe("clone3(0x7ffc12345678 /* truncated */, 88) = 1");
  });

  test("wait4 and waitid", () => {
    expect(call("wait4", [21619, PTR, 0, 0], [bytes(1, int(3 << 8))], 21619).line).toBe("wait4(21619, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 21619");
    expect(call("wait4", [-1, PTR, 1, 0], [bytes(1, int(9))], 5).line).toBe("wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], WNOHANG, NULL) = 5");
    expect(call("wait4", [-1, PTR, 1, 0], [bytes(1, int(9))], 0).line).toBe("wait4(-1, 0x7ffc12345678, WNOHANG, NULL) = 0");
    expect(call("wait4", [-1, PTR, 2, 0], [bytes(1, int((19 << 8) | 0x7f))], 5).json.stat_addr).toEqual({ code: "stopped", signal: "SIGSTOP" });
    const si = struct(SIGINFO, { si_signo: 17, si_code: 1, si_pid: 21620, si_uid: 0, si_status: 4 });
    expect(call("waitid", [1, 21620, PTR, 4, 0], [bytes(2, si)], 0).line).toBe(
      "waitid(P_PID, 21620, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=21620, si_uid=0, si_status=4, si_utime=0, si_stime=0}, WEXITED, NULL) = 0",
    );
    expect(call("waitid", [0, 0, PTR, 4 | 1, 0], [bytes(2, struct(SIGINFO, {}))], 0).line).toBe("waitid(P_ALL, 0, {}, WNOHANG|WEXITED, NULL) = 0");
  });

  test("execve: argv, and envp as a count (its values are never captured)", () => {
    const envc = bytes(2, int(2));
    const d = call("execve", [PTR, PTR + 8, 0x7ffe94dd32b0], [str(0, "/nonexistent/swoll-sc"), item(1, "swoll-sc"), item(1, "--exec-arg"), envc], -2);
    expect(d.line).toBe('execve("/nonexistent/swoll-sc", ["swoll-sc", "--exec-arg"], 0x7ffe94dd32b0 /* 2 vars */) = -1 ENOENT (No such file or directory)');
    expect(d.json.envp).toEqual({ addr: "0x7ffe94dd32b0", count: 2 });
    const at = call("execveat", [-100, PTR, PTR, 0x7ffe94dd32b0, 0], [str(1, "/nonexistent/swoll-sc2"), item(2, "swoll-sc"), item(2, "--exec-arg"), bytes(3, int(2))], -2);
    expect(at.line).toBe('execveat(AT_FDCWD, "/nonexistent/swoll-sc2", ["swoll-sc", "--exec-arg"], 0x7ffe94dd32b0 /* 2 vars */, 0) = -1 ENOENT (No such file or directory)');
    expect(call("execve", [PTR, PTR, PTR], [bytes(2, int(64), { more: true })], 0).line).toBe("execve(0x7ffc12345678, 0x7ffc12345678, 0x7ffc12345678 /* 64+ vars */) = 0");
    expect(call("execve", [PTR, PTR, PTR], [], 0).json.envp).toBe("0x7ffc12345678");
  });

  test("ids, capabilities, namespaces, limits", () => {
    expect(call("setresuid", [0xffffffff, 0xffffffff, 0xffffffff], [], 0).line).toBe("setresuid(-1, -1, -1) = 0");
    expect(call("setgid", [0], [], 0).line).toBe("setgid(0) = 0");
    const hdr = new B().u32(0x20080522).u32(0).get();
    const data = new Uint8Array(CAP_DATA.size * 2);
    new DataView(data.buffer).setUint32(0, 0b101, true); // effective: CAP_CHOWN, CAP_DAC_READ_SEARCH
    new DataView(data.buffer).setUint32(CAP_DATA.size, 1 << (40 - 32), true); // effective, second word: CAP_BPF? no: 40 is CAP_CHECKPOINT_RESTORE
    const d = call("capget", [PTR, PTR + 8], [bytes(0, hdr), bytes(1, data)], 0);
    expect(d.line).toBe("capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=1<<CAP_CHOWN|1<<CAP_DAC_READ_SEARCH|1<<CAP_CHECKPOINT_RESTORE, permitted=0, inheritable=0}) = 0");
    expect(call("setns", [999, 0x40000000], [], -9).line).toBe("setns(999, CLONE_NEWNET) = -1 EBADF (Bad file descriptor)");
    expect(call("unshare", [0x04000000], [], 0).line).toBe("unshare(CLONE_NEWUTS) = 0");
    const rl = struct(RLIMIT64, { rlim_cur: 1024, rlim_max: 4096 });
    const inf = struct(RLIMIT64, { rlim_cur: 0, rlim_max: 0xffffffffffffffffn });
    const p = call("prlimit64", [0, 4, PTR, PTR], [bytes(2, rl), bytes(3, inf)], 0);
    expect(p.line).toBe("prlimit64(0, RLIMIT_CORE, {rlim_cur=1024, rlim_max=4*1024}, {rlim_cur=0, rlim_max=RLIM64_INFINITY}) = 0");
    expect(p.json.old_rlim).toEqual({ rlim_cur: 0, rlim_max: "RLIM64_INFINITY" });
    expect(call("prlimit64", [0, 7, 0, PTR], [bytes(3, struct(RLIMIT64, { rlim_cur: 20000, rlim_max: 20000 }))], 0).line).toBe("prlimit64(0, RLIMIT_NOFILE, NULL, {rlim_cur=20000, rlim_max=20000}) = 0");
  });

  test("prctl shows the arguments each option uses", () => {
    expect(call("prctl", [16, PTR, 0, 0, 0], [str(1, "swoll-sc")], 0).line).toBe('prctl(PR_GET_NAME, "swoll-sc") = 0');
    expect(call("prctl", [15, PTR, 0, 0, 0], [str(1, "swoll-sc")], 0).line).toBe('prctl(PR_SET_NAME, "swoll-sc") = 0');
    expect(call("prctl", [3, 0, 0, 0, 0], [], 1).line).toBe("prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)");
    expect(call("prctl", [1, 9, 0, 0, 0], [], 0).line).toBe("prctl(PR_SET_PDEATHSIG, SIGKILL) = 0");
    expect(call("prctl", [38, 1, 0, 0, 0], [], 0).line).toBe("prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0");
    expect(call("prctl", [24, 21, 0, 0, 0], [], 0).line).toBe("prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN) = 0");
    expect(call("prctl", [0x1234, 1, 2, 3, 4], [], -22).line).toBe("prctl(0x1234 /* PR_??? */, 0x1, 0x2, 0x3, 0x4) = -1 EINVAL (Invalid argument)");
    expect(call("prctl", [15, 3, 0, 0, 0], [fault(1, 1)], -14).json.arg2).toEqual({ addr: "0x3", error: "EFAULT" });
    expect(call("arch_prctl", [0x1011, 0], [], 1).line).toBe("arch_prctl(ARCH_GET_CPUID) = 1");
    expect(call("arch_prctl", [0x1002, 0x7f0000000000], [], 0).line).toBe("arch_prctl(ARCH_SET_FS, 0x7f0000000000) = 0");
    expect(call("arch_prctl", [0x1003, PTR], [bytes(1, new B().u64(0x7f0000000000).get())], 0).line).toBe("arch_prctl(ARCH_GET_FS, [0x7f0000000000]) = 0");
  });

  test("sysinfo: every member, the load averages as loads=[…], exact past 2^53; cut short: the address, marked", () => {
    const si = struct(SYSINFO, {
      uptime: 4848, loads0: 49728, loads1: 59968, loads2: 66752, totalram: 25276182528, freeram: 23867179008, sharedram: 10637312,
      bufferram: 7794688, totalswap: 0, freeswap: 2n ** 63n + 1n, procs: 118, totalhigh: 0, freehigh: 0, mem_unit: 1,
    });
    const d = call("sysinfo", [PTR], [bytes(0, si)], 0);
    expect(d.line).toBe("sysinfo({uptime=4848, loads=[49728, 59968, 66752], totalram=25276182528, freeram=23867179008, sharedram=10637312, " +
      "bufferram=7794688, totalswap=0, freeswap=9223372036854775809, procs=118, totalhigh=0, freehigh=0, mem_unit=1}) = 0");
    expect(d.json.info).toMatchObject({ uptime: 4848, loads: [49728, 59968, 66752], freeswap: "9223372036854775809", procs: 118, mem_unit: 1 });
    expect(call("sysinfo", [PTR], [bytes(0, si.subarray(0, 40))], 0).line).toBe("sysinfo(0x7ffc12345678 /* truncated */) = 0");
  });

  test("getgroups/setgroups: the gid list read, and written as many as returned; the count alone, NULL and failures", () => {
    const gids = new B().u32(0).u32(1).u32(65534).get();
    expect(call("setgroups", [3, PTR], [bytes(1, gids)], 0).line).toBe("setgroups(3, [0, 1, 65534]) = 0");
    const got = call("getgroups", [32, PTR], [bytes(1, gids)], 3);
    expect(got.line).toBe("getgroups(32, [0, 1, 65534]) = 3");
    expect(got.json.grouplist).toEqual([0, 1, 65534]);
    expect(call("getgroups", [0, 0], [], 3).line).toBe("getgroups(0, NULL) = 3");
    expect(call("getgroups", [0, PTR], [bytes(1, new Uint8Array(0))], 3).line).toBe("getgroups(0, 0x7ffc12345678) = 3");
    expect(call("getgroups", [1, PTR], [], -22).line).toBe("getgroups(1, 0x7ffc12345678) = -1 EINVAL (Invalid argument)");
  });

  test("personality: persona and flags by name both ways, the query as hex, unknown parts in hex; sched policies", () => {
    expect(call("personality", [0xffffffff], [], 0).line).toBe("personality(0xffffffff) = 0 (PER_LINUX)");
    expect(call("personality", [0x40000], [], 0x400008).line).toBe("personality(PER_LINUX|ADDR_NO_RANDOMIZE) = 0x400008 (PER_LINUX32|READ_IMPLIES_EXEC)");
    const odd = call("personality", [0x12345678], [], -22);
    expect(odd.line).toBe("personality(0x78 /* PER_??? */|ADDR_NO_RANDOMIZE|MMAP_PAGE_ZERO|ADDR_COMPAT_LAYOUT|WHOLE_SECONDS|0x10005600) = -1 EINVAL (Invalid argument)");
    expect(odd.json.personality).toEqual(["0x78", "ADDR_NO_RANDOMIZE", "MMAP_PAGE_ZERO", "ADDR_COMPAT_LAYOUT", "WHOLE_SECONDS", "0x10005600"]);
    expect(call("sched_getscheduler", [0], [], 3).line).toBe("sched_getscheduler(0) = 3 (SCHED_BATCH)");
    expect(call("sched_getscheduler", [0], [], 0x40000003).line).toBe("sched_getscheduler(0) = 1073741827");
    expect(call("sched_setparam", [0, PTR], [bytes(1, new B().u32(5).get())], 0).line).toBe("sched_setparam(0, [5]) = 0");
    expect(call("sched_setscheduler", [0, 1, PTR], [bytes(2, new B().u32(10).get())], 0).line).toBe("sched_setscheduler(0, SCHED_FIFO, [10]) = 0");
  });

  test("ptrace, seccomp, modules, uname, sethostname, syslog", () => {
    expect(call("ptrace", [2, 999999, 0x1000, 0], [], -3).line).toBe("ptrace(PTRACE_PEEKDATA, 999999, 0x1000, NULL) = -1 ESRCH (No such process)");
    expect(call("ptrace", [0, 0, 0, 0], [], 0).line).toBe("ptrace(PTRACE_TRACEME) = 0");
    expect(call("seccomp", [2, 0, PTR], [bytes(2, new B().u32(0x80000000).zero(12).get())], 0).line).toBe("seccomp(SECCOMP_GET_ACTION_AVAIL, 0, [SECCOMP_RET_KILL_PROCESS]) = 0");
    expect(call("seccomp", [1, 4, PTR], [bytes(2, new B().u16(12).zero(6).u64(0x55000).get())], 0).line).toBe("seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_SPEC_ALLOW, {len=12, filter=0x55000}) = 0");
    expect(call("init_module", [0, 0, PTR], [str(2, "")], -38).line).toBe('init_module(NULL, 0, "") = -1 ENOSYS (Function not implemented)');
    expect(call("finit_module", [999, PTR, 0], [str(1, "swoll=1")], -38).line).toBe('finit_module(999, "swoll=1", 0) = -1 ENOSYS (Function not implemented)');
    const u = struct(UTSNAME, { sysname: "Linux", nodename: "vm", release: "6.18.0", machine: "x86_64" });
    const un = call("uname", [PTR], [bytes(0, u)], 0);
    expect(un.line).toBe('uname({sysname="Linux", nodename="vm", ...}) = 0');
    expect(un.json.name).toEqual({ sysname: "Linux", nodename: "vm", release: "6.18.0", version: "", machine: "x86_64", domainname: "" });
    expect(call("sethostname", [0x55f6f1449180, 70], [bytes(0, "x".repeat(70))], -22).line).toBe("sethostname(0x55f6f1449180, 70) = -1 EINVAL (Invalid argument)");
    expect(call("sethostname", [PTR, 4], [bytes(0, "box1")], 0).line).toBe('sethostname("box1", 4) = 0');
    expect(call("syslog", [10, 0, 0], [], 131072).line).toBe("syslog(10 /* SYSLOG_ACTION_SIZE_BUFFER */) = 131072");
    expect(call("syslog", [3, PTR, 4096], [bytes(1, "<6>hi")], 5).line).toBe('syslog(3 /* SYSLOG_ACTION_READ_ALL */, "<6>hi", 4096) = 5');
  });
});

describe("time, futex and the rest", () => {
  const ts = (s: number, ns: number) => struct(TIMESPEC, { tv_sec: s, tv_nsec: ns });
  test("sleeps and clocks", () => {
    expect(call("nanosleep", [PTR, 0x7ffe94dd35d0], [bytes(0, ts(0, 1000000)), bytes(1, ts(0, 0))], 0).line).toBe("nanosleep({tv_sec=0, tv_nsec=1000000}, 0x7ffe94dd35d0) = 0");
    expect(call("nanosleep", [PTR, PTR], [bytes(0, ts(1, 0)), bytes(1, ts(0, 5))], -4).line).toBe("nanosleep({tv_sec=1, tv_nsec=0}, {tv_sec=0, tv_nsec=5}) = -1 EINTR (Interrupted system call)");
    expect(call("clock_nanosleep", [1, 0, PTR, 0], [bytes(2, ts(0, 1000000))], 0).line).toBe("clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000000}, NULL) = 0");
    expect(call("clock_gettime", [7, PTR], [bytes(1, ts(3016, 254619445))], 0).line).toBe("clock_gettime(CLOCK_BOOTTIME, {tv_sec=3016, tv_nsec=254619445}) = 0");
    expect(call("timerfd_create", [1, 0o2000000 | 0o4000], [], 4).line).toBe("timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK) = 4");
    const its = struct(ITIMERSPEC, {});
    new DataView(its.buffer).setBigInt64(16, 5n, true);
    new DataView(its.buffer).setBigInt64(24, 500n, true);
    expect(call("timerfd_settime", [4, 0, PTR, PTR], [bytes(2, its), bytes(3, struct(ITIMERSPEC, {}))], 0).line).toBe(
      "timerfd_settime(4, 0, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=5, tv_nsec=500}}, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=0, tv_nsec=0}}) = 0",
    );
  });

  test("futex shows the arguments each command uses", () => {
    expect(call("futex", [0x55f6f144b058, 129, 1, 0, 0, 0], [], 0).line).toBe("futex(0x55f6f144b058, FUTEX_WAKE_PRIVATE, 1) = 0");
    expect(call("futex", [0x55f6f144b058, 128, 8, 0, 0, 0], [], -11).line).toBe("futex(0x55f6f144b058, FUTEX_WAIT_PRIVATE, 8, NULL) = -1 EAGAIN (Resource temporarily unavailable)");
    expect(call("futex", [0x1000, 9 | 256, 0, PTR, 0, 0xffffffff], [bytes(3, ts(1, 0))], -110).line).toBe(
      "futex(0x1000, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=0}, FUTEX_BITSET_MATCH_ANY) = -1 ETIMEDOUT (Connection timed out)",
    );
    expect(call("futex", [0x1000, 4 | 128, 1, 2147483647, 0x2000, 0], [], 1).line).toBe("futex(0x1000, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2147483647, 0x2000, 0) = 1");
    expect(call("futex", [0x1000, 10 | 128, 1, 0, 0, 0x20], [], 0).line).toBe("futex(0x1000, FUTEX_WAKE_BITSET_PRIVATE, 1, 0x20) = 0");
    expect(call("futex", [0x1000, 5 | 128, 1, 1, 0x2000, 0x04000001], [], 1).line).toBe(
      "futex(0x1000, FUTEX_WAKE_OP_PRIVATE, 1, 1, 0x2000, FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1) = 1",
    );
    expect(call("futex", [0x1000, 6 | 128, 0, 0, 0, 0], [], 0).line).toBe("futex(0x1000, FUTEX_LOCK_PI_PRIVATE, NULL) = 0");
    expect(call("futex", [0x1000, 77, 1, 2, 3, 4], [], -38).line).toBe("futex(0x1000, 77, 1, 0x2, 0x3, 0x4) = -1 ENOSYS (Function not implemented)");
  });

  test("getrandom in hex, bpf, perf_event_open", () => {
    const r = [0xdb, 0x38, 0x24, 0xd6];
    expect(call("getrandom", [PTR, 4, 1], [bytes(0, r)], 4).line).toBe('getrandom("\\xdb\\x38\\x24\\xd6", 4, GRND_NONBLOCK) = 4');
    expect(call("bpf", [0, PTR, 128], [], -22).line).toBe("bpf(BPF_MAP_CREATE, 0x7ffc12345678, 128) = -1 EINVAL (Invalid argument)");
    const attr = struct(PERF_EVENT_ATTR, { type: 1, size: 128, config: 9 });
    expect(call("perf_event_open", [PTR, 0, -1, -1, 8], [bytes(0, attr.subarray(0, 48), { entry: true })], 4).line).toBe(
      "perf_event_open({type=PERF_TYPE_SOFTWARE, size=PERF_ATTR_SIZE_VER7, config=PERF_COUNT_SW_DUMMY, sample_period=0, sample_type=0, read_format=0, precise_ip=0 /* arbitrary skid */, ...}, 0, -1, -1, PERF_FLAG_FD_CLOEXEC) = 4",
    );
  });
});
