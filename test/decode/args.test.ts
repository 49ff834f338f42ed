/** cli/decode/args/: raw registers + captures → named arguments (json + strace text). */
import { describe, expect, test } from "bun:test";
import { captureSpecFor, decodeArgs, hex, planFor, type DecodedArg } from "../../cli/decode/args";
import { makeCapture, type Capture } from "../../cli/decode/capture";
import { ArgCapture, ArgTiming, CaptureKind, SizeFlag } from "../../cli/decode/layout";
import { syscallTable, unknownSyscall, type SyscallInfo } from "../../cli/decode/syscalls";
import { call } from "./args-helpers";

const table = syscallTable("x86_64");
const info = (name: string): SyscallInfo => {
  const i = table.byName(name);
  if (!i) throw new Error(`no ${name} in the x86_64 table`);
  return i;
};

const O_RDONLY = 0, O_WRONLY = 0o1, O_RDWR = 0o2, O_CREAT = 0o100, O_EXCL = 0o200, O_TRUNC = 0o1000;
const O_APPEND = 0o2000, O_CLOEXEC = 0o2000000, O_DIRECTORY = 0o200000, O_TMPFILE = 0o20200000;
const AT_FDCWD = -100;
const PTR = 0x7ffc_1234_5678; // a user-space pointer (< 2^47)

type Flags = { truncated?: boolean; fault?: boolean; more?: boolean };
const str = (arg: number, text: string, flags: Flags = {}): Capture => makeCapture(arg, CaptureKind.Str, text, flags);
const item = (arg: number, text: string, flags: Flags = {}): Capture => makeCapture(arg, CaptureKind.ArgvItem, text, flags);
const byName = (list: DecodedArg[]) => Object.fromEntries(list.map((a) => [a.name, a]));
const texts = (list: DecodedArg[]) => list.map((a) => a.text);
const jsons = (list: DecodedArg[]) => list.map((a) => a.json);

describe("decodeArgs: openat", () => {
  const openat = info("openat");
  const decode = (dfd: number, flags: number, mode: number, caps: Capture[] = [str(1, "/etc/hostname")]) =>
    decodeArgs(openat, [dfd, PTR, flags, mode, 0, 0], caps);

  test("seed JSON names dir_fd / pathname / flags / mode, in order", () => {
    expect(decode(AT_FDCWD, O_RDONLY, 0).map((a) => a.name)).toEqual(["dir_fd", "pathname", "flags", "mode"]);
  });

  test("AT_FDCWD: json -100, text AT_FDCWD", () => {
    const a = byName(decode(AT_FDCWD, O_RDONLY | O_CLOEXEC, 0));
    expect(a.dir_fd!.json).toBe(-100);
    expect(a.dir_fd!.text).toBe("AT_FDCWD");
  });

  test("dir_fd as a zero-extended 32-bit register still reads as AT_FDCWD", () => {
    const a = byName(decode(0xffffff9c, O_RDONLY, 0));
    expect(a.dir_fd!.json).toBe(-100);
    expect(a.dir_fd!.text).toBe("AT_FDCWD");
  });

  test("an ordinary dir_fd is its number", () => {
    const a = byName(decode(7, O_RDONLY, 0));
    expect(a.dir_fd!.json).toBe(7);
    expect(a.dir_fd!.text).toBe("7");
  });

  const flagCases: [string, number, string[], string][] = [
    ["O_RDONLY", O_RDONLY, ["O_RDONLY"], "O_RDONLY"],
    ["O_RDONLY|O_CLOEXEC", O_RDONLY | O_CLOEXEC, ["O_RDONLY", "O_CLOEXEC"], "O_RDONLY|O_CLOEXEC"],
    ["O_WRONLY|O_CREAT|O_APPEND", O_APPEND | O_CREAT | O_WRONLY, ["O_WRONLY", "O_CREAT", "O_APPEND"], "O_WRONLY|O_CREAT|O_APPEND"],
    [
      "O_RDWR|O_CREAT|O_EXCL|O_TRUNC|O_CLOEXEC",
      O_CLOEXEC | O_TRUNC | O_EXCL | O_CREAT | O_RDWR,
      ["O_RDWR", "O_CREAT", "O_EXCL", "O_TRUNC", "O_CLOEXEC"],
      "O_RDWR|O_CREAT|O_EXCL|O_TRUNC|O_CLOEXEC",
    ],
    ["O_DIRECTORY", O_DIRECTORY, ["O_RDONLY", "O_DIRECTORY"], "O_RDONLY|O_DIRECTORY"],
    ["O_TMPFILE|O_RDWR", O_TMPFILE | O_RDWR, ["O_RDWR", "O_TMPFILE"], "O_RDWR|O_TMPFILE"],
    ["unknown high bit", O_WRONLY | 0x80000000, ["O_WRONLY", "0x80000000"], "O_WRONLY|0x80000000"],
  ];
  test.each(flagCases)("flags %s → canonical json array and |-joined text", (_n, flags, json, text) => {
    const a = byName(decode(AT_FDCWD, flags, 0o644));
    expect(a.flags!.json).toEqual(json);
    expect(a.flags!.text).toBe(text);
  });

  const modeCases: [string, number, number, string][] = [
    ["without O_CREAT the mode is hidden", O_WRONLY | O_TRUNC, 0o644, ""],
    ["O_RDONLY hides a garbage mode", O_RDONLY, 0o777, ""],
    ["O_CREAT shows 0644", O_WRONLY | O_CREAT, 0o644, "0644"],
    ["O_CREAT shows 0600", O_WRONLY | O_CREAT | O_EXCL, 0o600, "0600"],
    ["O_CREAT shows setuid bits", O_WRONLY | O_CREAT, 0o4755, "04755"],
    ["O_TMPFILE shows the mode", O_TMPFILE | O_RDWR, 0o600, "0600"],
    ["O_DIRECTORY alone (half of O_TMPFILE) hides it", O_DIRECTORY, 0o600, ""],
  ];
  test.each(modeCases)("%s", (_n, flags, mode, text) => {
    const a = byName(decode(AT_FDCWD, flags, mode));
    expect(a.mode!.json).toBe(mode); // JSON always carries the number
    expect(a.mode!.text).toBe(text);
  });

  test("full openat rendering", () => {
    const list = decode(AT_FDCWD, O_WRONLY | O_CREAT | O_APPEND, 0o644, [str(1, "/tmp/log")]);
    expect(jsons(list)).toEqual([-100, "/tmp/log", ["O_WRONLY", "O_CREAT", "O_APPEND"], 0o644]);
    expect(texts(list)).toEqual(["AT_FDCWD", '"/tmp/log"', "O_WRONLY|O_CREAT|O_APPEND", "0644"]);
    expect(list.every((a) => !a.truncated)).toBe(true);
  });

  test("faulted pathname → {addr, error: EFAULT}, the bare address in text as strace prints it", () => {
    const list = decode(AT_FDCWD, O_RDONLY, 0, [str(1, "", { fault: true })]);
    const p = byName(list).pathname!;
    expect(p.json).toEqual({ addr: "0x7ffc12345678", error: "EFAULT" });
    expect(p.text).toBe("0x7ffc12345678");
    expect(p.truncated).toBeFalsy();
  });

  test("faulted pathname at a kernel-half address keeps all 64 bits in hex", () => {
    const list = decodeArgs(openat, [AT_FDCWD, -4096, 0, 0, 0, 0], [str(1, "", { fault: true })]);
    expect(byName(list).pathname!.json).toEqual({ addr: "0xfffffffffffff000", error: "EFAULT" });
  });

  test("truncated pathname → text ends with \"... and truncated: true", () => {
    const long = "/a".repeat(100);
    const p = byName(decode(AT_FDCWD, O_RDONLY, 0, [str(1, long, { truncated: true })])).pathname!;
    expect(p.json).toBe(long);
    expect(p.text).toBe(`"${long}"...`);
    expect(p.text.endsWith('"...')).toBe(true);
    expect(p.truncated).toBe(true);
  });

  test("a path with no NUL in all the probe read, that the kernel faulted on (EFAULT), is its address, as strace prints it", () => {
    const unterminated = "\xff".repeat(4000);
    expect(call("chdir", [PTR], [str(0, unterminated, { truncated: true })], -14).line).toBe("chdir(0x7ffc12345678) = -1 EFAULT (Bad address)");
    // too long but readable: the kernel says ENAMETOOLONG, and the path prints cut
    expect(call("chdir", [PTR], [str(0, "/".repeat(4000), { truncated: true })], -36).line).toBe(`chdir("${"/".repeat(4000)}"...) = -1 ENAMETOOLONG (File name too long)`);
  });

  test("hostile pathname is escaped in text but kept raw in json", () => {
    const evil = '\x1b[2J"\\\n\u202e\u009b';
    const p = byName(decode(AT_FDCWD, O_RDONLY, 0, [str(1, evil)])).pathname!;
    expect(p.json).toBe(evil);
    expect(p.text).toBe('"\\33[2J\\"\\\\\\n\\u{202e}\\u{9b}"');
  });

  test("no capture for the pathname → pointer in hex", () => {
    const p = byName(decode(AT_FDCWD, O_RDONLY, 0, [])).pathname!;
    expect(p.json).toBe("0x7ffc12345678");
    expect(p.text).toBe("0x7ffc12345678");
  });

  test("a capture for another argument index is ignored", () => {
    const list = decode(AT_FDCWD, O_RDONLY, 0, [str(9, "nope"), str(1, "/ok")]);
    expect(byName(list).pathname!.json).toBe("/ok");
    expect(list).toHaveLength(4);
  });
});

describe("decodeArgs: open and creat", () => {
  test("open uses pathname and flags from register 1", () => {
    const list = decodeArgs(info("open"), [PTR, O_WRONLY | O_CREAT | O_TRUNC, 0o666, 0, 0, 0], [str(0, "out.txt")]);
    expect(list.map((a) => a.name)).toEqual(["pathname", "flags", "mode"]);
    expect(texts(list)).toEqual(['"out.txt"', "O_WRONLY|O_CREAT|O_TRUNC", "0666"]);
  });
  test("open without O_CREAT hides the mode", () => {
    const list = decodeArgs(info("open"), [PTR, O_RDONLY, 0o666, 0, 0, 0], [str(0, "in.txt")]);
    expect(texts(list)).toEqual(['"in.txt"', "O_RDONLY", ""]);
  });
  test("creat always shows the mode", () => {
    const list = decodeArgs(info("creat"), [PTR, 0o640, 0, 0, 0, 0], [str(0, "new")]);
    expect(texts(list)).toEqual(['"new"', "0640"]);
    expect(jsons(list)).toEqual(["new", 0o640]);
  });
});

describe("decodeArgs: execve argv", () => {
  const execve = info("execve");
  const ARGV = 0x7ffd_0000_1000;
  const ENVP = 0x7ffd_0000_2000;

  test("argv items → json array, strace text", () => {
    const caps = [str(0, "/bin/ls"), item(1, "ls"), item(1, "-l"), item(1, "/tmp")];
    const list = decodeArgs(execve, [PTR, ARGV, ENVP, 0, 0, 0], caps);
    expect(list.map((a) => a.name)).toEqual(["filename", "argv", "envp"]);
    expect(jsons(list)).toEqual(["/bin/ls", ["ls", "-l", "/tmp"], "0x7ffd00002000"]);
    expect(texts(list)).toEqual(['"/bin/ls"', '["ls", "-l", "/tmp"]', "0x7ffd00002000"]);
    expect(byName(list).argv!.truncated).toBeFalsy();
  });

  test("a trailing `more` marker: json has no marker, text ends with , ...]", () => {
    const caps = [str(0, "/bin/echo"), item(1, "echo"), item(1, "a"), item(1, "", { more: true })];
    const a = byName(decodeArgs(execve, [PTR, ARGV, ENVP, 0, 0, 0], caps)).argv!;
    expect(a.json).toEqual(["echo", "a"]);
    expect(a.text).toBe('["echo", "a", ...]');
    expect(a.text.endsWith(", ...]")).toBe(true);
    expect(a.truncated).toBe(true);
  });

  test("a truncated item is marked with ... and sets truncated", () => {
    const caps = [item(1, "sh"), item(1, "-c"), item(1, "x".repeat(20), { truncated: true })];
    const a = byName(decodeArgs(execve, [PTR, ARGV, 0, 0, 0, 0], caps)).argv!;
    expect(a.json).toEqual(["sh", "-c", "x".repeat(20)]);
    expect(a.text).toBe(`["sh", "-c", "${"x".repeat(20)}"...]`);
    expect(a.truncated).toBe(true);
  });

  test("a faulted item → null in json, unreadable in text", () => {
    const caps = [item(1, "prog"), item(1, "", { fault: true })];
    const a = byName(decodeArgs(execve, [PTR, ARGV, 0, 0, 0, 0], caps)).argv!;
    expect(a.json).toEqual(["prog", null]);
    expect(a.text).toBe('["prog", 0x? /* unreadable */]');
  });

  test("argv items are escaped in text", () => {
    const caps = [item(1, 'a"b'), item(1, "\x1b]0;t\x07")];
    const a = byName(decodeArgs(execve, [PTR, ARGV, 0, 0, 0, 0], caps)).argv!;
    expect(a.json).toEqual(['a"b', "\x1b]0;t\x07"]);
    expect(a.text).toBe('["a\\"b", "\\33]0;t\\7"]');
  });

  test("NULL argv (raw 0) → null / NULL, even with stray captures", () => {
    for (const caps of [[], [item(1, "ghost")]]) {
      const a = byName(decodeArgs(execve, [PTR, 0, 0, 0, 0, 0], caps)).argv!;
      expect(a.json).toBeNull();
      expect(a.text).toBe("NULL");
    }
  });

  test("NULL envp → null / NULL", () => {
    const e = byName(decodeArgs(execve, [PTR, ARGV, 0, 0, 0, 0], [])).envp!;
    expect(e.json).toBeNull();
    expect(e.text).toBe("NULL");
  });
});

describe("decodeArgs: scalars and pointers", () => {
  test("pointer args are hex, NULL for 0", () => {
    const list = decodeArgs(info("read"), [3, 0x5555_5555_a000, 4096, 0, 0, 0], []);
    expect(list.map((a) => a.name)).toEqual(["fd", "buf", "count"]);
    expect(jsons(list)).toEqual([3, "0x55555555a000", 4096]);
    expect(texts(list)).toEqual(["3", "0x55555555a000", "4096"]);
    const nul = byName(decodeArgs(info("read"), [3, 0, 1, 0, 0, 0], [])).buf!;
    expect(nul.json).toBeNull();
    expect(nul.text).toBe("NULL");
  });

  test("2^47 pointer is exact", () => {
    const b = byName(decodeArgs(info("write"), [1, 2 ** 47, 5, 0, 0, 0], [])).buf!;
    expect(b.text).toBe("0x800000000000");
  });

  test("write's buf is a pointer, never a string, even if a capture shows up for it", () => {
    for (const caps of [[], [str(1, "secret data")]]) {
      const list = decodeArgs(info("write"), [1, PTR, 6, 0, 0, 0], caps);
      expect(texts(list)).toEqual(["1", "0x7ffc12345678", "6"]);
      expect(jsons(list)).toEqual([1, "0x7ffc12345678", 6]);
    }
  });

  test("text = false keeps json identical and leaves scalar text empty", () => {
    const raw = [-100, PTR, O_WRONLY | O_CREAT, 0o644, 0, 0];
    const caps = [str(1, "/tmp/x")];
    const withText = decodeArgs(info("openat"), raw, caps, true);
    const without = decodeArgs(info("openat"), raw, caps, false);
    expect(jsons(without)).toEqual(jsons(withText));
    expect(without.map((a) => a.name)).toEqual(withText.map((a) => a.name));
    expect(byName(without).dir_fd!.text).toBe("");
    expect(byName(without).flags!.text).toBe("");
    expect(byName(without).mode!.text).toBe("");
    expect(decodeArgs(info("kill"), [5, 9], [], false).map((a) => a.text)).toEqual(["", ""]);
  });

  const intCases: [string, string, number[], Record<string, number | string>][] = [
    ["kill(pid_t -1, SIGKILL)", "kill", [-1, 9], { pid: -1, sig: "SIGKILL" }],
    ["kill with zero-extended -1 pid", "kill", [0xffffffff, 15], { pid: -1, sig: "SIGTERM" }],
    ["kill with signal 0", "kill", [5, 0], { pid: 5, sig: 0 }],
    ["exit_group(int -1)", "exit_group", [-1], { error_code: -1 }],
    ["exit_group(int) ignores garbage high bits", "exit_group", [0x1_0000_0003], { error_code: 3 }],
    ["setuid(uid_t -1) is -1, as strace shows it", "setuid", [-1], { uid: -1 }],
    ["setuid(uid_t 1000)", "setuid", [1000], { uid: 1000 }],
    ["read's fd is an int: sign-extended -1 is -1", "read", [-1, 0, 0], { fd: -1 }],
    ["lseek off_t negative offset stays negative", "lseek", [3, -100, 2], { fd: 3, offset: -100, whence: "SEEK_END" }],
  ];
  test.each(intCases)("%s", (_n, name, raw, expected) => {
    const list = decodeArgs(info(name), [...raw, 0, 0, 0, 0, 0, 0].slice(0, 6), []);
    for (const [k, v] of Object.entries(expected)) {
      const a = byName(list)[k]!;
      expect(a.json).toBe(v);
      expect(a.text).toBe(String(v));
    }
  });

  test("zero-argument syscall → []", () => {
    expect(decodeArgs(info("getpid"), [1, 2, 3, 4, 5, 6], [])).toEqual([]);
  });

  test("argsUnknown syscall from the table → arg0..arg5 as raw registers", () => {
    const unknown = table.all().find((s) => s.argsUnknown)!;
    expect(unknown).toBeDefined();
    expect(unknown.argNames).toEqual([]);
    const list = decodeArgs(unknown, [0, 1, 0xdead, PTR, 0, 7], []);
    expect(list.map((a) => a.name)).toEqual(["arg0", "arg1", "arg2", "arg3", "arg4", "arg5"]);
    expect(jsons(list)).toEqual([0, 1, 0xdead, PTR, 0, 7]);
    expect(texts(list)).toEqual(["0", "1", "57005", String(PTR), "0", "7"]);
  });

  test("a number missing from the table (unknownSyscall) → arg0..arg5", () => {
    const list = decodeArgs(unknownSyscall(999), [1, 2, 3, 4, 5, 6], []);
    expect(list.map((a) => a.name)).toEqual(["arg0", "arg1", "arg2", "arg3", "arg4", "arg5"]);
    expect(jsons(list)).toEqual([1, 2, 3, 4, 5, 6]);
    // every event of a number missing from the table is its own SyscallInfo: they share one plan, made once
    expect(planFor(unknownSyscall(999))).toBe(planFor(unknownSyscall(123456789)));
  });

  test("renameat2 decodes both dirfds and both paths", () => {
    const caps = [str(1, "old"), str(3, "new")];
    const list = decodeArgs(info("renameat2"), [AT_FDCWD, PTR, 5, PTR + 16, 1, 0], caps);
    expect(list.map((a) => a.name)).toEqual(["olddfd", "oldname", "newdfd", "newname", "flags"]);
    expect(texts(list)).toEqual(["AT_FDCWD", '"old"', "5", '"new"', "RENAME_NOREPLACE"]);
    expect(jsons(list)).toEqual([-100, "old", 5, "new", ["RENAME_NOREPLACE"]]);
  });
});

describe("hex", () => {
  const cases: [number, string][] = [
    [0, "0x0"],
    [255, "0xff"],
    [2 ** 47, "0x800000000000"],
    [-1, "0xffffffffffffffff"],
    [-100, "0xffffffffffffff9c"],
  ];
  test.each(cases)("hex(%p) = %s", (v, s) => expect(hex(v)).toBe(s));
});

describe("captureSpecFor", () => {
  const { None, CStr, Path, Argv, BytesFixed, BytesArgLen, BytesRetLen, BytesPtrLen, ArgvCount, BytesArgCount, Iovec, Msghdr } = ArgCapture;
  const { AtBoth } = ArgTiming;
  const { RetBound, Name } = SizeFlag;
  const cases: [string, number[], number[]][] = [
    ["openat", [None, Path, None, None, None, None], [0, 0, 0, 0, 0, 0]],
    ["open", [Path, None, None, None, None, None], [0, 0, 0, 0, 0, 0]],
    ["execve", [Path, Argv, ArgvCount, None, None, None], [0, 0, 0, 0, 0, 0]],
    ["execveat", [None, Path, Argv, ArgvCount, None, None], [0, 0, 0, 0, 0, 0]],
    ["write: buf as long as count", [None, BytesArgLen, None, None, None, None], [0, 2, 0, 0, 0, 0]],
    ["read: buf as long as the return value, never more than count (argument 2, + 1)", [None, BytesRetLen, None, None, None, None], [0, 3, 0, 0, 0, 0]],
    ["rename", [Path, Path, None, None, None, None], [0, 0, 0, 0, 0, 0]],
    ["renameat2", [None, Path, None, Path, None, None], [0, 0, 0, 0, 0, 0]],
    ["setxattr: the path in full, the attribute name a string", [Path, CStr, BytesArgLen, None, None, None], [0, 0, 3, 0, 0, 0]],
    ["mount: paths in full, type and data are strings cut at --strsize", [Path, Path, CStr, None, CStr, None], [0, 0, 0, 0, 0, 0]],
    ["connect: sockaddr as long as addrlen, whole", [None, BytesArgLen, None, None, None, None], [0, 2 | Name, 0, 0, 0, 0]],
    ["accept4: sockaddr as long as *addrlen (at most what it said at entry), addrlen an int read at entry and exit", [None, BytesPtrLen | AtBoth, BytesFixed | AtBoth, None, None, None], [0, 2 | Name, 4, 0, 0, 0]],
    ["recvfrom: data by return (at most size), source by *addr_len", [None, BytesRetLen, None, None, BytesPtrLen | AtBoth, BytesFixed | AtBoth], [0, 3, 0, 0, 5 | Name, 4]],
    ["readv: the iovecs and their bytes, as far as the return value", [None, Iovec, None, None, None, None], [0, 2 | RetBound, 0, 0, 0, 0]],
    ["writev: the iovecs and all their bytes", [None, Iovec, None, None, None, None], [0, 2, 0, 0, 0, 0]],
    ["recvmsg: the header (also at entry: msg_namelen in => out) and its parts", [None, Msghdr | AtBoth, None, None, None, None], [0, RetBound, 0, 0, 0, 0]],
    ["fstat: struct stat (x86_64: 144 bytes)", [None, BytesFixed, None, None, None, None], [0, 144, 0, 0, 0, 0]],
    ["poll: nfds pollfds of 8 bytes (as passed, and at exit every one)", [ArgCapture.Array | ArgTiming.AtBoth, None, None, None, None, None], [1 | (8 << 8) | SizeFlag.ExitAll, 0, 0, 0, 0, 0]],
    ["openat2: struct open_how and what may follow it", [None, Path, BytesFixed, None, None, None], [0, 0, 64, 0, 0, 0]],
    ["epoll_wait: maxevents events of 12 bytes (packed on x86_64)", [None, BytesArgCount, None, None, None, None], [0, 2 | (12 << 8), 0, 0, 0, 0]],
    ["getpid", [None, None, None, None, None, None], [0, 0, 0, 0, 0, 0]],
  ];
  test.each(cases)("%s", (name, kinds, sizes) => {
    const spec = captureSpecFor(info(name.split(":")[0]!));
    expect(spec.kinds).toEqual(kinds);
    expect(spec.sizes).toEqual(sizes);
  });

  test("aarch64 sizes follow its layouts (struct stat 128, epoll_event 16)", () => {
    const arm = syscallTable("aarch64");
    expect(captureSpecFor(arm.byName("fstat")!).sizes[1]).toBe(128);
    expect(captureSpecFor(arm.byName("epoll_pwait")!).sizes[1]).toBe(2 | (16 << 8));
  });

  test("flags say which calls never return and which are read at entry", () => {
    expect(captureSpecFor(info("exit_group")).flags).toBe(1);
    expect(captureSpecFor(info("execve")).flags).toBe(2);
    expect(captureSpecFor(info("openat")).flags).toBe(0);
  });

  test("argsUnknown syscalls without a spec capture nothing", () => {
    for (const s of table.all().filter((x) => x.argsUnknown && !["init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "_sysctl"].includes(x.name)))
      expect(captureSpecFor(s).kinds).toEqual([0, 0, 0, 0, 0, 0]);
  });

  for (const arch of ["x86_64", "aarch64"] as const)
    test(`${arch}: every syscall has a valid spec; sizes fit the kernel's u16 and indexes point at arguments`, () => {
      for (const s of syscallTable(arch).all()) {
        const { kinds, sizes } = captureSpecFor(s);
        expect(kinds).toHaveLength(6);
        expect(sizes).toHaveLength(6);
        kinds.forEach((timed, i) => {
          const k = timed & ArgTiming.KindMask;
          expect(timed & ~(ArgTiming.KindMask | ArgTiming.AtEntry | ArgTiming.AtBoth)).toBe(0);
          expect(k).toBeGreaterThanOrEqual(0);
          expect(k).toBeLessThanOrEqual(ArgCapture.PtraceData);
          if (k === Iovec || k === ArgCapture.Mmsghdr || k === ArgCapture.CloneArgs) expect(sizes[i]! & 0xff).toBeLessThan(s.argNames.length || 6);
          expect(sizes[i]!).toBeLessThan(1 << 16);
          if (k === BytesArgLen || k === BytesPtrLen || k === ArgCapture.Fdset || k === ArgCapture.BpfAttr) expect(sizes[i]! & ~(SizeFlag.Name | SizeFlag.Opt)).toBeLessThan(s.argNames.length || 6);
          if (k === BytesArgCount) expect(sizes[i]! & 0xff).toBeLessThan(s.argNames.length || 6);
          if (k === ArgCapture.Array) expect(sizes[i]! & 0x7).toBeLessThan(s.argNames.length || 6);
          if (k === BytesFixed) expect(sizes[i]!).toBeGreaterThan(0);
          if (k === Argv) expect(["execve", "execveat"]).toContain(s.name);
        });
      }
    });
});
