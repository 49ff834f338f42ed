/**
 * Structures both ways: I/O vectors with their bytes, message headers with
 * control messages, value-result lengths, socket options, time values,
 * process status and limits, locks and terminal sizes. Each line is what
 * strace 6.1 printed for the same call in test/fixtures/structs.c.
 */
import { describe, expect, test } from "bun:test";
import { makeCapture, type Capture } from "../../cli/decode/capture";
import { CaptureKind } from "../../cli/decode/layout";
import { MSGHDR } from "../../cli/decode/tables/structs";
import { B, bytes, call, inOut, PTR, struct } from "./args-helpers";

const iov = (...els: [number, number][]) => {
  const b = new B();
  for (const [base, len] of els) b.u64(base).u64(len);
  return b.get();
};
const data = (arg: number, s: string | Uint8Array, opts: { truncated?: boolean; index?: number } = {}): Capture =>
  makeCapture(arg, CaptureKind.IovData, s, { truncated: opts.truncated }, opts.index ?? 0);
const part = (arg: number, kind: number, b: Uint8Array, index = 0): Capture => makeCapture(arg, kind, b, 0, index);
const int = (n: number) => new B().u32(n).get();
const inet = (port: number, a: number[]) => new B().u16(2).be16(port).raw(a).zero(8).get();
const A = 0x5584_0786_4000;

describe("I/O vectors", () => {
  test("writev: every element's bytes", () => {
    const d = call("writev", [4, PTR, 3], [bytes(1, iov([A, 3], [A + 8, 7], [A + 16, 0])), data(1, "one"), data(1, "two-two"), data(1, "")], 10);
    expect(d.line).toBe('writev(4, [{iov_base="one", iov_len=3}, {iov_base="two-two", iov_len=7}, {iov_base="", iov_len=0}], 3) = 10');
    expect(d.json.vec).toEqual([
      { iov_base: `0x${A.toString(16)}`, iov_len: 3, data: "one" },
      { iov_base: `0x${(A + 8).toString(16)}`, iov_len: 7, data: "two-two" },
      { iov_base: `0x${(A + 16).toString(16)}`, iov_len: 0, data: "" },
    ]);
  });

  test("readv: only as far as the return value; a failed one shows the addresses", () => {
    // the probe keeps 1 byte for the first element and none for the second (the call returned 1)
    const caps = [bytes(1, iov([A, 2], [A + 8, 16])), data(1, "e"), data(1, "")];
    expect(call("readv", [3, PTR, 2], caps, 1).line).toBe('readv(3, [{iov_base="e", iov_len=2}, {iov_base="", iov_len=16}], 2) = 1');
    expect(call("readv", [-1, PTR, 2], caps, -9).line).toBe(
      `readv(-1, [{iov_base=0x${A.toString(16)}, iov_len=2}, {iov_base=0x${(A + 8).toString(16)}, iov_len=16}], 2) = -1 EBADF (Bad file descriptor)`,
    );
  });

  test("an element longer than --strsize ends in ...; elements past the captured array as ...", () => {
    const d = call("writev", [4, PTR, 3], [bytes(1, iov([A, 300])), data(1, "z".repeat(4), { truncated: true })], 300);
    expect(d.line).toBe('writev(4, [{iov_base="zzzz"..., iov_len=300}, ...], 3) = 300');
    expect(d.truncated).toEqual(["vec"]);
  });

  test("preadv/pwritev2: the offset is pos_l on a 64-bit kernel (pos_h shifted out), RWF_* flags", () => {
    const caps = [bytes(1, iov([A, 3])), data(1, "one")];
    expect(call("pwritev", [5, PTR, 1, 40, 0], caps, 3).line).toBe('pwritev(5, [{iov_base="one", iov_len=3}], 1, 40) = 3');
    expect(call("pwritev2", [5, PTR, 1, 20, 1, 2], caps, 3).line).toBe('pwritev2(5, [{iov_base="one", iov_len=3}], 1, 20, RWF_DSYNC) = 3');
    // all 64 bits of pos_l, not its low half
    expect(call("pwritev", [5, PTR, 1, 2 ** 40 + 20, 0], caps, 3).line).toBe('pwritev(5, [{iov_base="one", iov_len=3}], 1, 1099511627796) = 3');
    expect(call("preadv2", [5, PTR, 1, 20, 0, 0], caps, 3).json.offset).toBe(20);
  });

  test("sendfile: the offset before and after, as strace shows it", () => {
    const off = (n: number) => new B().u64(n).get();
    expect(call("sendfile", [4, 3, PTR, 4], inOut(2, off(2), off(6)), 4).line).toBe("sendfile(4, 3, [2] => [6], 4) = 4");
    expect(call("sendfile", [4, 3, PTR, 4], inOut(2, off(2), off(2)), 0).line).toBe("sendfile(4, 3, [2], 4) = 0");
    expect(call("sendfile", [4, 3, 0, 3], [], 3).line).toBe("sendfile(4, 3, NULL, 3) = 3");
  });

  test("process_vm_readv: the local side's bytes, the remote side's addresses", () => {
    const d = call("process_vm_readv", [42, PTR, 1, PTR + 64, 1, 0], [bytes(1, iov([A, 16])), data(1, "process-vm"), bytes(3, iov([A + 32, 10]))], 10);
    expect(d.line).toBe(`process_vm_readv(42, [{iov_base="process-vm", iov_len=16}], 1, [{iov_base=0x${(A + 32).toString(16)}, iov_len=10}], 1, 0) = 10`);
  });
});

describe("message headers", () => {
  const hdr = (v: Record<string, number>) => struct(MSGHDR, { msg_name: 0, msg_namelen: 0, msg_iov: A, msg_iovlen: 2, msg_control: 0, msg_controllen: 0, msg_flags: 0, ...v });
  const twoIov = [part(1, CaptureKind.MsgIov, iov([A, 4], [A + 8, 4])), data(1, "hdr-"), data(1, "body")];

  test("sendmsg: iovecs with their bytes, SCM_RIGHTS descriptors", () => {
    const cmsg = new B().u64(24).u32(1).u32(1).u32(5).u32(6).get();
    const d = call("sendmsg", [3, PTR, 0x40], [bytes(1, hdr({ msg_control: A + 64, msg_controllen: 24 })), ...twoIov, part(1, CaptureKind.MsgControl, cmsg)], 8);
    expect(d.line).toBe(
      'sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="hdr-", iov_len=4}, {iov_base="body", iov_len=4}], msg_iovlen=2, ' +
        "msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5, 6]}], msg_controllen=24, msg_flags=0}, MSG_DONTWAIT) = 8",
    );
    expect((d.json.msg as { msg_control: unknown }).msg_control).toEqual([{ cmsg_len: 24, cmsg_level: "SOL_SOCKET", cmsg_type: "SCM_RIGHTS", cmsg_data: [5, 6] }]);
  });

  test("recvmsg: the sender's address and SCM_CREDENTIALS; a failed one only msg_namelen", () => {
    const cred = new B().u64(28).u32(1).u32(2).u32(8001).u32(0).u32(0).zero(4).get();
    const h = hdr({ msg_name: A + 128, msg_namelen: 16, msg_iovlen: 1, msg_control: A + 64, msg_controllen: 32 });
    const caps = [bytes(1, h), part(1, CaptureKind.MsgName, inet(47333, [127, 0, 0, 1])), part(1, CaptureKind.MsgIov, iov([A, 16])), data(1, "named"), part(1, CaptureKind.MsgControl, cred)];
    expect(call("recvmsg", [12, PTR, 0], caps, 5).line).toBe(
      'recvmsg(12, {msg_name={sa_family=AF_INET, sin_port=htons(47333), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="named", iov_len=16}], ' +
        "msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=8001, uid=0, gid=0}}], msg_controllen=32, msg_flags=0}, 0) = 5",
    );
    expect(call("recvmsg", [4, PTR, 0x40], caps, -11).line).toBe("recvmsg(4, {msg_namelen=16}, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)");
  });

  test("sendmmsg: each message with its parts and msg_len", () => {
    const mm = (len: number) => new B().raw(struct(MSGHDR, { msg_iov: A, msg_iovlen: 1 })).u32(len).zero(4).get();
    const arr = new B().raw(mm(5)).raw(mm(6)).get();
    const caps = [bytes(1, arr), part(1, CaptureKind.MsgIov, iov([A, 5]), 0), data(1, "first", { index: 0 }), part(1, CaptureKind.MsgIov, iov([A, 6]), 1), data(1, "second", { index: 1 })];
    expect(call("sendmmsg", [9, PTR, 2, 0], caps, 2).line).toBe(
      'sendmmsg(9, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="first", iov_len=5}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=5}, ' +
        '{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="second", iov_len=6}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=6}], 2, 0) = 2',
    );
  });
});

describe("addresses and lengths both ways, socket options", () => {
  test("accept4: [in => out]; unchanged lengths as one value", () => {
    const d = call("accept4", [3, PTR, PTR + 8, 0x80000], [bytes(1, inet(34464, [127, 0, 0, 1])), ...inOut(2, int(128), int(16))], 5);
    expect(d.line).toBe('accept4(3, {sa_family=AF_INET, sin_port=htons(34464), sin_addr=inet_addr("127.0.0.1")}, [128 => 16], SOCK_CLOEXEC) = 5');
    expect(d.json.upeer_addrlen).toEqual({ in: 128, out: 16 });
    expect(call("getsockopt", [4, 6, 4, PTR, PTR + 8], [bytes(3, int(30)), ...inOut(4, int(4), int(4))], 0).line).toBe("getsockopt(4, SOL_TCP, TCP_KEEPIDLE, [30], [4]) = 0");
  });

  test("getsockname: only what the caller's length let the kernel write", () => {
    const caps = [bytes(1, inet(47331, [127, 0, 0, 1])), ...inOut(2, int(4), int(16))];
    expect(call("getsockname", [5, PTR, PTR + 16], caps, 0).line).toBe('getsockname(5, {sa_family=AF_INET, sa_data="\\270\\343"}, [4 => 16]) = 0');
    // a socket with no name yet: only the family
    expect(call("getsockname", [3, PTR, PTR + 16], [bytes(1, new B().u16(1).get()), ...inOut(2, int(128), int(2))], 0).line).toBe(
      "getsockname(3, {sa_family=AF_UNIX}, [128 => 2]) = 0",
    );
    expect(call("getsockname", [4, 0, PTR + 16], [...inOut(2, int(128), int(128))], -14).line).toBe("getsockname(4, NULL, 0x7ffc12345688) = -1 EFAULT (Bad address)");
  });

  test("socket options by option: SO_LINGER, an int shorter than an int, the old timeouts", () => {
    expect(call("getsockopt", [4, 1, 13, PTR, PTR + 8], [bytes(3, new B().u32(1).u32(5).get()), ...inOut(4, int(8), int(8))], 0).line).toBe(
      "getsockopt(4, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, [8]) = 0",
    );
    expect(call("getsockopt", [4, 1, 4, PTR, PTR + 8], [bytes(3, [0, 0]), ...inOut(4, int(2), int(2))], 0).line).toBe('getsockopt(4, SOL_SOCKET, SO_ERROR, "\\x00\\x00", [2]) = 0');
    const tv = call("setsockopt", [4, 1, 20, PTR, 16], [bytes(3, new B().u64(3).u64(250000).get())], 0);
    expect(tv.line).toBe('setsockopt(4, SOL_SOCKET, SO_RCVTIMEO_OLD, "\\3\\0\\0\\0\\0\\0\\0\\0\\220\\320\\3\\0\\0\\0\\0\\0", 16) = 0');
    expect(tv.json.optval).toEqual({ tv_sec: 3, tv_usec: 250000 });
  });
});

describe("time values", () => {
  test("utimensat: a time with its date, UTIME_NOW and UTIME_OMIT", () => {
    const ts = new B().u64(1700000000).u64(5).u64(0).u64((1 << 30) - 2).get();
    expect(call("utimensat", [5, 0, PTR, 0], [bytes(2, ts)], 0).line).toBe(
      "utimensat(5, NULL, [{tv_sec=1700000000, tv_nsec=5} /* 2023-11-14T22:13:20.000000005+0000 */, UTIME_OMIT], 0) = 0",
    );
    const now = new B().u64(0).u64((1 << 30) - 1).u64(0).u64((1 << 30) - 2).get();
    expect(call("utimensat", [-100, 0, PTR, 0x100], [bytes(2, now)], 0).json.utimes).toEqual(["UTIME_NOW", "UTIME_OMIT"]);
  });

  test("timer_create: the sigevent and the timer made", () => {
    const sev = new B().u64(0).u32(0).u32(1).zero(48).get();
    expect(call("timer_create", [1, PTR, PTR + 64], [bytes(1, sev), bytes(2, int(0))], 0).line).toBe(
      "timer_create(CLOCK_MONOTONIC, {sigev_signo=0, sigev_notify=SIGEV_NONE}, [0]) = 0",
    );
  });
});

describe("signals and processes", () => {
  const si = new B().u32(12).u32(0).u32(-1 >>> 0).zero(4).u32(1).u32(0).u64(42).zero(96).get();

  test("rt_sigtimedwait: the set, the siginfo taken (with the queued value), the signal by name", () => {
    const d = call("rt_sigtimedwait", [PTR, PTR + 8, PTR + 256, 8], [bytes(0, new B().u64(1 << 11).get()), bytes(1, si), bytes(2, new B().u64(0).u64(0).get())], 12);
    expect(d.line).toBe(
      "rt_sigtimedwait([USR2], {si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=1, si_uid=0, si_int=42, si_ptr=0x2a}, {tv_sec=0, tv_nsec=0}, 8) = 12 (SIGUSR2)",
    );
    expect(call("rt_sigqueueinfo", [77, 12, PTR], [bytes(2, si)], 0).line).toBe(
      "rt_sigqueueinfo(77, SIGUSR2, {si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=1, si_uid=0, si_int=42, si_ptr=0x2a}) = 0",
    );
  });

  test("clone3: what the kernel wrote back through pidfd, in the parent", () => {
    const ca = new B().u64(0x1000).u64(A).u64(0).u64(0).u64(17).u64(0).u64(0).u64(0).u64(0).u64(0).u64(0).get();
    const d = call("clone3", [PTR, 88], [bytes(0, ca), makeCapture(0, CaptureKind.Field, int(3), 0, 8)], 8005);
    expect(d.line).toBe(`clone3({flags=CLONE_PIDFD, pidfd=0x${A.toString(16)}, exit_signal=SIGCHLD, stack=NULL, stack_size=0} => {pidfd=[3]}, 88) = 8005`);
    expect((d.json.uargs as { pidfd_value: number }).pidfd_value).toBe(3);
  });

  test("wait4's rusage (times, then ...), affinity as CPU lists", () => {
    const ru = new B().u64(0).u64(0).u64(0).u64(1526).zero(112).get();
    const d = call("wait4", [8003, PTR, 0, PTR + 8], [bytes(1, int(7 << 8)), bytes(3, ru)], 8003);
    expect(d.line).toBe("wait4(8003, [{WIFEXITED(s) && WEXITSTATUS(s) == 7}], 0, {ru_utime={tv_sec=0, tv_usec=0}, ru_stime={tv_sec=0, tv_usec=1526}, ...}) = 8003");
    expect(call("sched_getaffinity", [0, 128, PTR], [bytes(2, new B().u64(3).zero(24).get())], 32).line).toBe("sched_getaffinity(0, 128, [0 1]) = 32");
    expect(call("sched_setaffinity", [0, 8, PTR], [bytes(2, new B().u64(1).get())], 0).line).toBe("sched_setaffinity(0, 8, [0]) = 0");
  });
});

describe("locks and terminals", () => {
  const lock = (type: number, pid = 0) => new B().u16(type).u16(0).zero(4).u64(10).u64(20).u32(pid).zero(4).get();

  test("fcntl's lock commands show struct flock; F_GETLK adds the holder", () => {
    expect(call("fcntl", [3, 6, PTR], [bytes(2, lock(1))], 0).line).toBe("fcntl(3, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=10, l_len=20}) = 0");
    expect(call("fcntl", [3, 5, PTR], [bytes(2, lock(2))], 0).line).toBe("fcntl(3, F_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=10, l_len=20, l_pid=0}) = 0");
    expect(call("fcntl", [3, 5, PTR], [bytes(2, lock(2))], -9).line).toBe("fcntl(3, F_GETLK, 0x7ffc12345678) = -1 EBADF (Bad file descriptor)");
    expect(call("fcntl", [3, 37, PTR], [bytes(2, lock(0))], 0).json.arg).toEqual({ l_type: "F_RDLCK", l_whence: "SEEK_SET", l_start: 10, l_len: 20 });
  });

  test("TCGETS/TCSETS*: the termios summary (a new pty's defaults)", () => {
    // c_iflag ICRNL|IXON, c_oflag OPOST|ONLCR, c_cflag B38400|CS8|CREAD, c_lflag ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE (strace's order)
    const t = new B().u32(0x500).u32(0x5).u32(0xbf).u32(0x8a3b).u8(0).raw([3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0]).get();
    const line = "{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}";
    const d = call("ioctl", [3, 0x5401, PTR], [bytes(2, t)], 0);
    expect(d.line).toBe(`ioctl(3, TCGETS, ${line}) = 0`);
    expect(d.json.arg).toEqual({ c_iflag: 0x500, c_oflag: 5, c_cflag: 0xbf, c_lflag: 0x8a3b, c_line: 0, c_cc: "031c7f150400010011131a00120f1716000000" });
    expect(call("ioctl", [3, 0x5403, PTR], [bytes(2, t)], -25).args[2]!.text).toBe(line);
    expect(call("ioctl", [3, 0x5401, PTR], [bytes(2, t)], -25).args[2]!.text).toBe("0x7ffc12345678");
  });

  test("TIOCGWINSZ: struct winsize; unknown requests as _IOC(…)", () => {
    expect(call("ioctl", [1, 0x5413, PTR], [bytes(2, new B().u16(24).u16(80).u16(0).u16(0).get())], 0).line).toBe(
      "ioctl(1, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0",
    );
    expect(call("ioctl", [3, 0x5413, PTR], [], -25).line).toBe("ioctl(3, TIOCGWINSZ, 0x7ffc12345678) = -1 ENOTTY (Inappropriate ioctl for device)");
    expect(call("ioctl", [3, 0x8010f307, PTR], [], -25).line).toBe("ioctl(3, _IOC(_IOC_READ, 0xf3, 0x7, 0x10), 0x7ffc12345678) = -1 ENOTTY (Inappropriate ioctl for device)");
  });
});

describe("values strace's own tests print", () => {
  test("64-bit time fields past 2^53 are printed exactly", () => {
    const ts = new B().u64(0xcafef00ddeadbeefn).u64(0xbadc0dedfacefeedn).get();
    expect(call("clock_settime", [3, PTR], [bytes(1, ts)], -22).line).toBe(
      "clock_settime(CLOCK_THREAD_CPUTIME_ID, {tv_sec=-3819351491602432273, tv_nsec=13464652301697220333}) = -1 EINVAL (Invalid argument)",
    );
  });
  test("getresuid's ids, gettimeofday's timeval and timezone", () => {
    const id = new B().u32(0).get();
    expect(call("getresuid", [PTR, PTR + 8, PTR + 16], [bytes(0, id), bytes(1, id), bytes(2, id)], 0).line).toBe("getresuid([0], [0], [0]) = 0");
    const tv = new B().u64(1796573578).u64(130538).get();
    const tz = new B().u32(0).u32(0).get();
    expect(call("gettimeofday", [PTR, PTR + 16], [bytes(0, tv), bytes(1, tz)], 0).line).toBe(
      "gettimeofday({tv_sec=1796573578, tv_usec=130538}, {tz_minuteswest=0, tz_dsttime=0}) = 0",
    );
  });
});
