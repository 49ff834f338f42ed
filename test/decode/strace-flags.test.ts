/**
 * Flags and enumerations printed as strace prints them: unknown values cut
 * to their C type, the flag sets each call really takes, and the arguments
 * strace leaves as addresses.
 */
import { describe, expect, test } from "bun:test";
import { CaptureFlag, CaptureKind } from "../../cli/decode/layout";
import { syscallTable } from "../../cli/decode/syscalls";
import { TextFormatter } from "../../cli/output/text";
import { decodeRecord } from "./decode-record";
import { record, type Cap } from "./record";
import { join } from "node:path";

const table = syscallTable("x86_64");
const text = new TextFormatter(false);
const u64 = (v: bigint) => BigInt.asUintN(64, v);

const decode = decodeRecord;

describe("unknown enumeration values", () => {
  test("an int's unknown value prints in 32-bit hex", () => {
    const d = decode("ioprio_get", [u64(-94912785n), 42n], -22n);
    expect(d.line).toBe("ioprio_get(0xfa57beef /* IOPRIO_WHO_??? */, 42) = -1 EINVAL (Invalid argument)");
    expect(d.json.args.which).toBe(-94912785);
    expect(decode("getitimer", [0xdeadbeefn, 0n], -22n).line).toBe("getitimer(0xdeadbeef /* ITIMER_??? */, NULL) = -1 EINVAL (Invalid argument)");
  });
});

describe("the flag sets each call takes", () => {
  test("setns names the namespaces alone, unknown bits as CLONE_NEW???", () => {
    expect(decode("setns", [3n, 0x81fdff7fn], -9n).line).toBe("setns(3, 0x81fdff7f /* CLONE_NEW??? */) = -1 EBADF (Bad file descriptor)");
    const d = decode("setns", [3n, 0xfffffffen], -9n);
    expect(d.line).toBe("setns(3, CLONE_NEWTIME|CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|0x81fdff7e) = -1 EBADF (Bad file descriptor)");
    expect(d.json.args.flags).toContain("CLONE_NEWNS");
  });

  test("unshare takes what a task can unshare, over 64 bits", () => {
    expect(decode("unshare", [0xbadc0ded0000000fn], -22n).line).toBe("unshare(0xbadc0ded0000000f /* CLONE_??? */) = -1 EINVAL (Invalid argument)");
    expect(decode("unshare", [0x81f8f07fn], -22n).line).toBe("unshare(0x81f8f07f /* CLONE_??? */) = -1 EINVAL (Invalid argument)");
  });

  test("memfd_secret takes O_CLOEXEC alone; other bits have no comment", () => {
    expect(decode("memfd_secret", [0xde97facen], -22n).line).toBe("memfd_secret(0xde97face) = -1 EINVAL (Invalid argument)");
    expect(decode("memfd_secret", [0xde97facen | 0o2000000n], -22n).line).toBe("memfd_secret(O_CLOEXEC|0xde97face) = -1 EINVAL (Invalid argument)");
  });

  test("swapon: all four SWAP_FLAG_* bits, the int's other bits in 32-bit hex, then the priority", () => {
    const d = decode("swapon", [0n, 0xffffffffn], -22n);
    expect(d.line).toBe("swapon(NULL, SWAP_FLAG_PREFER|SWAP_FLAG_DISCARD|SWAP_FLAG_DISCARD_ONCE|SWAP_FLAG_DISCARD_PAGES|0xfff80000|32767) = -1 EINVAL (Invalid argument)");
  });

  test("wait4 option 2 is WSTOPPED, listed after WEXITED", () => {
    expect(decode("wait4", [u64(-1n), 0n, 0x40000003n, 0n], -10n).line).toBe("wait4(-1, NULL, WNOHANG|WSTOPPED|__WALL, NULL) = -1 ECHILD (No child processes)");
    expect(decode("waitid", [1n, 5n, 0n, 7n, 0n], -10n).line).toBe("waitid(P_PID, 5, NULL, WNOHANG|WEXITED|WSTOPPED, NULL) = -1 ECHILD (No child processes)");
  });

  test("delete_module names O_NONBLOCK and O_TRUNC alone", () => {
    expect(decode("delete_module", [0n, 0xffffffffn], -38n).line).toBe("delete_module(NULL, O_NONBLOCK|O_TRUNC|0xfffff5ff) = -1 ENOSYS (Function not implemented)");
    expect(decode("delete_module", [0n, 0xfacef157n & ~0xa00n], -38n).line).toBe("delete_module(NULL, 0xfacef157 /* O_??? */) = -1 ENOSYS (Function not implemented)");
  });

  test("set_mempolicy_home_node's flags in hex", () => {
    expect(decode("set_mempolicy_home_node", [0x1000n, 1n, 2n, 3n], -22n).line).toBe("set_mempolicy_home_node(0x1000, 1, 2, 0x3) = -1 EINVAL (Invalid argument)");
  });
});

describe("modes", () => {
  test("a mode whose file type has no name is one octal number", () => {
    expect(decode("mknod", [0n, 0o177777n, 0n], -22n).line).toBe("mknod(NULL, 0177777) = -1 EINVAL (Invalid argument)");
    expect(decode("mknod", [0n, 0o10644n, 0n], -22n).line).toBe("mknod(NULL, S_IFIFO|0644) = -1 EINVAL (Invalid argument)");
  });

  test("umask shows the mask's 16 bits", () => {
    const d = decode("umask", [0xffff0000n | 0o126n], 0o22n);
    expect(d.line).toBe("umask(0126) = 022");
    expect(d.json.args.mask).toBe(0o126);
  });
});

describe("arguments strace leaves as addresses", () => {
  test("epoll_ctl's event under EPOLL_CTL_DEL", () => {
    const ev = new Uint8Array(12);
    ev[0] = 1;
    const d = decode("epoll_ctl", [3n, 2n, 4n, 0x7ff0ddcbfff4n], -9n, [{ arg: 3, kind: CaptureKind.Bytes, data: ev }]);
    expect(d.line).toBe("epoll_ctl(3, EPOLL_CTL_DEL, 4, 0x7ff0ddcbfff4) = -1 EBADF (Bad file descriptor)");
  });

  test("epoll_pwait's sigmask when sigsetsize is not 8, or when the call failed", () => {
    const mask = { arg: 4, kind: CaptureKind.Bytes, data: new Uint8Array(8) };
    expect(decode("epoll_pwait", [u64(-1n), 0x1000n, 1n, u64(-2n), 0x2000n, 256n], -22n, [mask]).line).toBe("epoll_pwait(-1, 0x1000, 1, -2, 0x2000, 256) = -1 EINVAL (Invalid argument)");
    expect(decode("epoll_pwait2", [3n, 0x1000n, 1n, 0x3000n, 0x2000n, 8n], -22n, [mask]).line).toBe("epoll_pwait2(3, 0x1000, 1, 0x3000, 0x2000, 8) = -1 EINVAL (Invalid argument)");
    expect(decode("epoll_pwait", [3n, 0x1000n, 1n, 0n, 0x2000n, 8n], 0n, [mask]).line).toBe("epoll_pwait(3, 0x1000, 1, 0, [], 8) = 0");
  });
});

describe("strings", () => {
  test("getcwd's path is whole when the cut left out only the NUL its length counts", () => {
    const dir = "/tmp/strace-6.1/tests/getcwd.dir";
    const cap = { arg: 0, kind: CaptureKind.Bytes, flags: CaptureFlag.Truncated, data: dir };
    expect(decode("getcwd", [0x1000n, 4097n], 33n, [cap]).line).toBe(`getcwd("${dir}", 4097) = 33`);
    expect(decode("getcwd", [0x1000n, 4097n], 40n, [cap]).line).toBe(`getcwd("${dir}"..., 4097) = 40`);
  });

  test("module parameters and names are strings cut at the string size", () => {
    const cap = { arg: 1, kind: CaptureKind.Str, flags: CaptureFlag.Truncated, data: "0123456789:;<=>?@ABCDEFGHIJKLMNO" };
    expect(decode("finit_module", [3n, 0x1000n, 0n], -38n, [cap]).line).toBe('finit_module(3, "0123456789:;<=>?@ABCDEFGHIJKLMNO"..., 0) = -1 ENOSYS (Function not implemented)');
  });
});

describe("syslog", () => {
  test("the type with its name in a comment; buffer and length as the action uses them", () => {
    expect(decode("syslog", [u64(-1n), 0n, u64(-1n)], -22n).line).toBe("syslog(-1 /* SYSLOG_ACTION_??? */, NULL, -1) = -1 EINVAL (Invalid argument)");
    expect(decode("syslog", [11n, 0xfacefeeddeadbeefn, 64n], -22n).line).toBe("syslog(11 /* SYSLOG_ACTION_??? */, 0xfacefeeddeadbeef, 64) = -1 EINVAL (Invalid argument)");
    expect(decode("syslog", [8n, 0xfacefeeddeadbeefn, 8n], 0n).line).toBe("syslog(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, 0xfacefeeddeadbeef, 8 /* LOGLEVEL_DEBUG+1 */) = 0");
    expect(decode("syslog", [8n, 0n, 0n], 0n).line).toBe("syslog(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, NULL, 0 /* LOGLEVEL_EMERG */) = 0");
    expect(decode("syslog", [8n, 0n, 9n], -22n).line).toBe("syslog(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, NULL, 9 /* LOGLEVEL_??? */) = -1 EINVAL (Invalid argument)");
    expect(decode("syslog", [10n, 0n, 0n], 4096n).line).toBe("syslog(10 /* SYSLOG_ACTION_SIZE_BUFFER */) = 4096");
  });
});

describe("calls decoded as strace decodes them", () => {
  test("quotactl_fd: QCMD(command, type), no id for Q_GETFMT, its format read back", () => {
    const d = decode("quotactl_fd", [u64(-1n), 0x80000401n, 0xfffffffen, 0x1000n], -9n);
    expect(d.line).toBe("quotactl_fd(-1, QCMD(Q_GETFMT, GRPQUOTA), 0x1000) = -1 EBADF (Bad file descriptor)");
    expect(d.json.args.cmd).toEqual(["Q_GETFMT", "GRPQUOTA"]);
    const fmt = { arg: 3, kind: CaptureKind.Bytes, data: new Uint8Array([4, 0, 0, 0]) };
    expect(decode("quotactl_fd", [3n, 0x80000400n, 0n, 0x1000n], 0n, [fmt]).line).toBe("quotactl_fd(3, QCMD(Q_GETFMT, USRQUOTA), [QFMT_VFS_V1]) = 0");
  });

  test("ustat's device as makedev()", () => {
    expect(decode("ustat", [0xffffffffn, 0n], -22n).line).toBe("ustat(makedev(0xfff, 0xfffff), NULL) = -1 EINVAL (Invalid argument)");
  });

  test("remap_file_pages: 64-bit prot, flags as mmap's", () => {
    expect(decode("remap_file_pages", [0x1000n, 4096n, 7n, 0n, 0x22n], -22n).line).toBe("remap_file_pages(0x1000, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, 0, MAP_PRIVATE|MAP_ANONYMOUS) = -1 EINVAL (Invalid argument)");
    expect(decode("remap_file_pages", [0x1000n, 4096n, 0xdefaced00000000n, 0n, 0x5404401fn], -22n).line).toBe("remap_file_pages(0x1000, 4096, 0xdefaced00000000 /* PROT_??? */, 0, 0xf /* MAP_??? */|MAP_FIXED|MAP_NORESERVE|MAP_HUGETLB|21<<MAP_HUGE_SHIFT) = -1 EINVAL (Invalid argument)");
  });

  test("fanotify_init: the class in hex when unknown, other bits in 32-bit hex", () => {
    expect(decode("fanotify_init", [0xcn, 0n], -22n).line).toBe("fanotify_init(0xc /* FAN_CLASS_??? */, O_RDONLY) = -1 EINVAL (Invalid argument)");
    expect(decode("fanotify_init", [0xeface004n, 0n], -22n).line).toBe("fanotify_init(FAN_CLASS_CONTENT|0xeface000 /* FAN_??? */, O_RDONLY) = -1 EINVAL (Invalid argument)");
  });

  test("mount: the old magic by name; a remount's type and a bind's type and data as addresses", () => {
    const strs = (type: string, data: string): Cap[] => [
      { arg: 0, kind: CaptureKind.Str, data: "src" }, { arg: 1, kind: CaptureKind.Str, data: "dst" },
      { arg: 2, kind: CaptureKind.Str, data: type }, { arg: 4, kind: CaptureKind.Str, data: data },
    ];
    expect(decode("mount", [1n, 2n, 3n, 0xc0ed000fn, 5n], -2n, strs("ext4", "ro")).line).toBe('mount("src", "dst", "ext4", MS_MGC_VAL|MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC, "ro") = -1 ENOENT (No such file or directory)');
    expect(decode("mount", [1n, 2n, 3n, 0xc0ed0000n, 5n], -2n, strs("ext4", "ro")).line).toBe('mount("src", "dst", "ext4", MS_MGC_VAL, "ro") = -1 ENOENT (No such file or directory)');
    expect(decode("mount", [1n, 2n, 3n, 0x20n, 5n], -2n, strs("ext4", "ro")).line).toBe('mount("src", "dst", 0x3, MS_REMOUNT, "ro") = -1 ENOENT (No such file or directory)');
    expect(decode("mount", [1n, 2n, 0n, 0x1000n, 5n], -2n, strs("ext4", "ro")).line).toBe('mount("src", "dst", NULL, MS_BIND, 0x5) = -1 ENOENT (No such file or directory)');
  });

  test("reboot: magic numbers and commands by name, hex when unknown; RESTART2's string at most 255 bytes", () => {
    expect(decode("reboot", [0n, 0n, 0n, 0n], -22n).line).toBe("reboot(0 /* LINUX_REBOOT_MAGIC_??? */, 0 /* LINUX_REBOOT_MAGIC_??? */, LINUX_REBOOT_CMD_CAD_OFF) = -1 EINVAL (Invalid argument)");
    const long = "x".repeat(256);
    const d = decode("reboot", [0xfee1deadn, 672274793n, 0xa1b2c3d4n, 0x1000n], -22n, [{ arg: 3, kind: CaptureKind.Str, data: long }]);
    expect(d.line).toBe(`reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_RESTART2, "${"x".repeat(255)}"...) = -1 EINVAL (Invalid argument)`);
  });

  test("kcmp: the indexes each type takes", () => {
    expect(decode("kcmp", [1n, 2n, 0xda7adeadn, 0xdec0ded3dec0ded4n, 5n], -3n).line).toBe("kcmp(1, 2, 0xda7adead /* KCMP_??? */, 0xdec0ded3dec0ded4, 0x5) = -1 ESRCH (No such process)");
    expect(decode("kcmp", [1n, 2n, 0n, 0xdec0ded3dec0ded4n, 5n], -3n).line).toBe("kcmp(1, 2, KCMP_FILE, -557785388, 5) = -1 ESRCH (No such process)");
    expect(decode("kcmp", [1n, 2n, 1n, 3n, 5n], -3n).line).toBe("kcmp(1, 2, KCMP_VM) = -1 ESRCH (No such process)");
    const slot = new Uint8Array([23, 0, 0, 0, 42, 0, 0, 0, 0, 0, 0, 0]);
    const d = decode("kcmp", [1n, 2n, 7n, 23n, 0x1000n], -3n, [{ arg: 4, kind: CaptureKind.Bytes, data: slot }]);
    expect(d.line).toBe("kcmp(1, 2, KCMP_EPOLL_TFD, 23, {efd=23, tfd=42, toff=0}) = -1 ESRCH (No such process)");
    expect(d.json.args.idx2).toEqual({ efd: 23, tfd: 42, toff: 0 });
  });

  test("pkey_alloc knows PKEY_DISABLE_EXECUTE", () => {
    expect(decode("pkey_alloc", [0n, 0xdec0dedn], -22n).line).toBe("pkey_alloc(0, PKEY_DISABLE_ACCESS|PKEY_DISABLE_EXECUTE|0xdec0de8) = -1 EINVAL (Invalid argument)");
    expect(decode("pkey_alloc", [0n, 0xbadc0de8n], -22n).line).toBe("pkey_alloc(0, 0xbadc0de8 /* PKEY_??? */) = -1 EINVAL (Invalid argument)");
  });

  test("timer_create's sigevent: its value exact, the signal a number where none is sent, the thread function", () => {
    const ev = new Uint8Array(64);
    const dv = new DataView(ev.buffer);
    dv.setBigUint64(0, 0xdeadbeefbadc0dedn, true);
    dv.setUint32(8, 0xfacefeed, true);
    dv.setUint32(12, 0xdefaced, true);
    const cap = (notify: number, signo: number): Cap[] => {
      dv.setUint32(12, notify, true);
      dv.setUint32(8, signo, true);
      dv.setBigUint64(16, 0xdeadbeefbadc0dedn, true);
      dv.setBigUint64(24, 0xcafef00dfacefeedn, true);
      return [{ arg: 1, kind: CaptureKind.Bytes, data: ev.slice() }];
    };
    expect(decode("timer_create", [0n, 0x1000n, 0n], -22n, cap(0xdefaced, 0xfacefeed)).line).toBe("timer_create(CLOCK_REALTIME, {sigev_value={sival_int=-1159983635, sival_ptr=0xdeadbeefbadc0ded}, sigev_signo=4207869677, sigev_notify=0xdefaced /* SIGEV_??? */}, NULL) = -1 EINVAL (Invalid argument)");
    const d = decode("timer_create", [0n, 0x1000n, 0n], -22n, cap(2, 14));
    expect(d.line).toBe("timer_create(CLOCK_REALTIME, {sigev_value={sival_int=-1159983635, sival_ptr=0xdeadbeefbadc0ded}, sigev_signo=SIGALRM, sigev_notify=SIGEV_THREAD, sigev_notify_function=0xdeadbeefbadc0ded, sigev_notify_attributes=0xcafef00dfacefeed}, NULL) = -1 EINVAL (Invalid argument)");
    expect(d.json.args.timer_event_spec.sigev_value).toBe("0xdeadbeefbadc0ded");
  });

  test("kexec_file_load and kexec_load: their arguments and flags", () => {
    expect(decode("kexec_file_load", [3n, 4n, 0n, 0n, 0xbadc0dedda7a1058n], -38n).line).toBe("kexec_file_load(3, 4, 0, NULL, 0xbadc0dedda7a1058 /* KEXEC_FILE_??? */) = -1 ENOSYS (Function not implemented)");
    expect(decode("kexec_file_load", [3n, 4n, 0n, 0n, 0xdeadbeefn], -38n).line).toBe("kexec_file_load(3, 4, 0, NULL, KEXEC_FILE_UNLOAD|KEXEC_FILE_ON_CRASH|KEXEC_FILE_NO_INITRAMFS|0xdeadbee8) = -1 ENOSYS (Function not implemented)");
    expect(decode("kexec_load", [0n, 0n, 0n, 0xbadc0dedda7a1054n], -38n).line).toBe("kexec_load(NULL, 0, NULL, 0xda7a0000 /* KEXEC_ARCH_??? */|0xbadc0ded00001054 /* KEXEC_??? */) = -1 ENOSYS (Function not implemented)");
    expect(decode("kexec_load", [0xdeadca57badda7a1n, 17n, 0x1000n, 0x2a0003n], -38n).line).toBe("kexec_load(0xdeadca57badda7a1, 17, 0x1000, KEXEC_ARCH_SH|KEXEC_ON_CRASH|KEXEC_PRESERVE_CONTEXT) = -1 ENOSYS (Function not implemented)");
  });

  test("modify_ldt: its 32-bit error named; a user_desc when bytecount is its size", () => {
    expect(decode("modify_ldt", [1n, 0x1000n, 42n], 4294967258n).line).toBe("modify_ldt(1, 0x1000, 42) = 4294967258 ENOSYS (Function not implemented)");
    const desc = new Uint8Array(16);
    const dv = new DataView(desc.buffer);
    dv.setUint32(0, 0xffffffff, true);
    dv.setUint32(12, 0x61, true);
    const d = decode("modify_ldt", [1n, 0x1000n, 16n], 4294967258n, [{ arg: 1, kind: CaptureKind.Bytes, data: desc }]);
    expect(d.line).toBe("modify_ldt(1, {entry_number=-1, base_addr=00000000, limit=00000000, seg_32bit=1, contents=0, read_exec_only=0, limit_in_pages=0, seg_not_present=1, useable=1, lm=0}, 16) = 4294967258 ENOSYS (Function not implemented)");
  });
});

describe("strings the call reads at most so many bytes of", () => {
  const pattern = (n: number) => Array.from({ length: n }, (_, k) => String(k % 10)).join("");

  test("memfd_create's name: 250 bytes at most, even when unreadable memory follows them", () => {
    const partial = { arg: 0, kind: CaptureKind.Str, flags: CaptureFlag.Fault | CaptureFlag.Truncated, data: pattern(250) };
    expect(decode("memfd_create", [0x1000n, 0n], -22n, [partial]).line).toBe(`memfd_create("${pattern(250)}"..., 0) = -1 EINVAL (Invalid argument)`);
    const short = { arg: 0, kind: CaptureKind.Str, flags: CaptureFlag.Fault | CaptureFlag.Truncated, data: pattern(20) };
    expect(decode("memfd_create", [0x1000n, 0n], -22n, [short]).line).toBe("memfd_create(0x1000, 0) = -1 EINVAL (Invalid argument)");
    const whole = { arg: 0, kind: CaptureKind.Str, data: pattern(249) };
    expect(decode("memfd_create", [0x1000n, 30n << 26n], -22n, [whole]).line).toBe(`memfd_create("${pattern(249)}", 30<<MFD_HUGE_SHIFT) = -1 EINVAL (Invalid argument)`);
  });

  test("memfd_create's flags: MFD_* bits, unknown bits, then the huge page size", () => {
    expect(decode("memfd_create", [0n, 0xffffffffn], -22n).line).toBe("memfd_create(NULL, MFD_CLOEXEC|MFD_ALLOW_SEALING|MFD_HUGETLB|0x3fffff8|63<<MFD_HUGE_SHIFT) = -1 EINVAL (Invalid argument)");
  });
});

describe("landlock", () => {
  test("landlock_add_rule: the rule type in hex when unknown, path_beneath's attributes, flags in hex", () => {
    expect(decode("landlock_add_rule", [0n, 0n, 0n, 0n], -77n).line).toBe("landlock_add_rule(0, 0 /* LANDLOCK_RULE_??? */, NULL, 0) = -1 EBADFD (File descriptor in bad state)");
    expect(decode("landlock_add_rule", [1729n, 2n, 0x1000n, 0xffffffffn], -22n).line).toBe("landlock_add_rule(1729, 0x2 /* LANDLOCK_RULE_??? */, 0x1000, 0xffffffff) = -1 EINVAL (Invalid argument)");
    const attr = new Uint8Array(12);
    new DataView(attr.buffer).setBigUint64(0, 0xdebeefeddecac001n, true);
    new DataView(attr.buffer).setInt32(8, -1, true);
    const d = decode("landlock_add_rule", [u64(-1n), 1n, 0x1000n, 0n], -9n, [{ arg: 2, kind: CaptureKind.Bytes, data: attr }]);
    expect(d.line).toBe("landlock_add_rule(-1, LANDLOCK_RULE_PATH_BENEATH, {allowed_access=LANDLOCK_ACCESS_FS_EXECUTE|0xdebeefeddecac000, parent_fd=-1}, 0) = -1 EBADF (Bad file descriptor)");
    expect(d.json.args.rule_attr).toEqual({ allowed_access: ["LANDLOCK_ACCESS_FS_EXECUTE", "0xdebeefeddecac000"], parent_fd: -1 });
  });

  test("landlock_create_ruleset: handled_access_fs, `...` when size says more follows", () => {
    const attr = { arg: 0, kind: CaptureKind.Bytes, data: new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]) };
    expect(decode("landlock_create_ruleset", [0x1000n, 8n, 0n], 3n, [attr]).line).toBe("landlock_create_ruleset({handled_access_fs=LANDLOCK_ACCESS_FS_EXECUTE}, 8, 0) = 3");
    expect(decode("landlock_create_ruleset", [0x1000n, 16n, 0n], -14n, [attr]).line).toBe("landlock_create_ruleset({handled_access_fs=LANDLOCK_ACCESS_FS_EXECUTE, ...}, 16, 0) = -1 EFAULT (Bad address)");
    expect(decode("landlock_create_ruleset", [0x1000n, 4n, 0n], -22n, [attr]).line).toBe("landlock_create_ruleset(0x1000, 4, 0) = -1 EINVAL (Invalid argument)");
  });
});
