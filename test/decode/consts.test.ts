/**
 * The generated constant sets and struct layouts (cli/decode/tables/consts-*.ts,
 * structs.ts) and the renderers over them (cli/decode/consts.ts).
 */
import { describe, expect, test } from "bun:test";
import { Flags, flagsOf, halves, hexOf, Values, valuesOf, type ConstSet } from "../../cli/decode/consts";
import * as FS from "../../cli/decode/tables/consts-fs";
import * as MM from "../../cli/decode/tables/consts-mm";
import * as NET from "../../cli/decode/tables/consts-net";
import * as PROC from "../../cli/decode/tables/consts-proc";
import * as S from "../../cli/decode/tables/structs";

const SETS: [string, ConstSet][] = Object.entries({ ...FS, ...MM, ...NET, ...PROC }) as [string, ConstSet][];

describe("every generated set", () => {
  test("there are many, each non-empty and well-formed", () => {
    expect(SETS.length).toBeGreaterThan(75);
    for (const [name, set] of SETS) {
      expect(["flags", "values"]).toContain(set.kind);
      expect(set.entries.length).toBeGreaterThan(0);
      for (const e of set.entries) {
        expect(e[0]).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        expect(Number.isSafeInteger(e[1])).toBe(true);
        if (e.length === 3) expect(["x86_64", "aarch64"]).toContain(e[2]);
        if (set.kind === "flags") expect(e[1]).toBeGreaterThanOrEqual(0);
      }
      expect(new Set(set.entries.map((e) => e[0])).size, name).toBe(set.entries.length);
    }
  });

  for (const arch of ["x86_64", "aarch64"] as const)
    test(`${arch}: no two members of a set share a value`, () => {
      for (const [name, set] of SETS) {
        const vals = set.entries.filter((e) => e.length === 2 || e[2] === arch).map((e) => e[1]);
        expect(new Set(vals).size, name).toBe(vals.length);
      }
    });

  test("well-known values from the UAPI headers", () => {
    const v = (set: ConstSet, name: string) => set.entries.find((e) => e[0] === name)?.[1];
    expect(v(NET.ADDRESS_FAMILY, "AF_INET6")).toBe(10);
    expect(v(NET.ADDRESS_FAMILY, "AF_NETLINK")).toBe(16);
    expect(v(NET.SOCKET_FLAGS, "SOCK_CLOEXEC")).toBe(0o2000000);
    expect(v(NET.IP_PROTOCOL, "IPPROTO_TCP")).toBe(6);
    expect(v(NET.SOCKET_OPTION, "SO_REUSEADDR")).toBe(2);
    expect(v(NET.TCP_OPTION, "TCP_NODELAY")).toBe(1);
    expect(v(NET.MSG_FLAGS, "MSG_NOSIGNAL")).toBe(0x4000);
    expect(v(NET.EPOLL_EVENTS, "EPOLLET")).toBe(2 ** 31);
    expect(v(MM.PROT, "PROT_NONE")).toBe(0);
    expect(v(MM.MAP_FLAGS, "MAP_ANONYMOUS")).toBe(0x20);
    expect(v(MM.MADVISE, "MADV_DONTNEED")).toBe(4);
    expect(v(MM.CLOCK_ID, "CLOCK_BOOTTIME")).toBe(7);
    expect(v(MM.FUTEX_CMD, "FUTEX_WAIT_BITSET")).toBe(9);
    expect(v(MM.BPF_CMD, "BPF_PROG_LOAD")).toBe(5);
    expect(v(MM.GETRANDOM_FLAGS, "GRND_RANDOM")).toBe(2);
    expect(v(PROC.CLONE_FLAGS, "CLONE_NEWUSER")).toBe(0x10000000);
    expect(v(PROC.CLONE_FLAGS, "CLONE_INTO_CGROUP")).toBe(2 ** 33);
    expect(v(PROC.SIGNAL, "SIGKILL")).toBe(9);
    expect(v(PROC.SIGNAL, "SIGCHLD")).toBe(17);
    expect(v(PROC.SA_FLAGS, "SA_RESTORER")).toBe(0x04000000);
    expect(v(PROC.PRCTL_OPTION, "PR_SET_NAME")).toBe(15);
    expect(v(PROC.RLIMIT_RESOURCE, "RLIMIT_NOFILE")).toBe(7);
    expect(v(PROC.CAPABILITY, "CAP_SYS_ADMIN")).toBe(21);
    expect(v(PROC.PTRACE_REQUEST, "PTRACE_SEIZE")).toBe(0x4206);
    expect(v(PROC.SYSLOG_ACTION, "SYSLOG_ACTION_SIZE_BUFFER")).toBe(10);
    expect(v(FS.FCNTL_CMD, "F_DUPFD_CLOEXEC")).toBe(1030);
    expect(v(FS.IOCTL_REQUEST, "TCGETS")).toBe(0x5401);
    expect(v(FS.IOCTL_REQUEST, "FIONREAD")).toBe(0x541b);
    expect(v(FS.MOUNT_FLAGS, "MS_NOUSER")).toBe(2 ** 31);
    expect(v(FS.SEEK_WHENCE, "SEEK_HOLE")).toBe(4);
    expect(v(FS.STATX_MASK, "STATX_BASIC_STATS")).toBe(0x7ff);
    expect(v(FS.INOTIFY_MASK, "IN_ONLYDIR")).toBe(0x1000000);
    expect(v(FS.FAN_EVENTS, "FAN_OPEN")).toBe(0x20);
  });

  test("arch-only members are tagged", () => {
    expect(MM.MAP_FLAGS.entries.find((e) => e[0] === "MAP_32BIT")?.[2]).toBe("x86_64");
    expect(MM.PROT.entries.find((e) => e[0] === "PROT_BTI")?.[2]).toBe("aarch64");
    expect(valuesOf(PROC.ARCH_PRCTL_CODE, "aarch64").name(0x1002)).toBeUndefined();
    expect(valuesOf(PROC.ARCH_PRCTL_CODE, "x86_64").name(0x1002)).toBe("ARCH_SET_FS");
  });
});

describe("Flags", () => {
  const set: ConstSet = { kind: "flags", entries: [["Z", 0], ["A", 1], ["B", 2], ["AB", 3], ["C", 0x100], ["HI", 2 ** 33]] };
  const f = new Flags(set, "x86_64");
  test("canonical ascending order, composites claimed first, zero name", () => {
    expect(f.names(0)).toEqual(["Z"]);
    expect(f.names(0x100 | 1)).toEqual(["A", "C"]);
    expect(f.names(3)).toEqual(["AB"]);
    expect(f.text(0x103)).toBe("AB|C");
  });
  test("unknown bits become one hex remainder, 64-bit values included", () => {
    expect(f.names(0x80000001)).toEqual(["A", "0x80000000"]);
    expect(f.names(2 ** 33 + 2 ** 40 + 2)).toEqual(["B", "HI", "0x10000000000"]);
    expect(f.names(-1)).toEqual(["AB", "C", "HI", "0xfffffffdfffffefc"]);
  });
  test("no zero name: json [] and text 0", () => {
    const g = new Flags({ kind: "flags", entries: [["A", 1]] }, "x86_64");
    expect(g.format(0)).toEqual({ names: [], text: "0" });
  });
  test("descending order where the data says so (R_OK|W_OK)", () => {
    expect(flagsOf(FS.ACCESS_MODE, "x86_64").text(7)).toBe("R_OK|W_OK|X_OK");
  });
  test("results are cached and stable", () => {
    expect(f.format(0x101)).toBe(f.format(0x101));
    for (let i = 0; i < 2000; i++) f.format(i);
    expect(f.names(0x101)).toEqual(["A", "C"]);
  });
});

describe("Values", () => {
  test("name, json, and text with strace's ??? for unknowns", () => {
    const v = new Values(FS.SEEK_WHENCE, "x86_64");
    expect(v.name(2)).toBe("SEEK_END");
    expect(v.value("SEEK_DATA")).toBe(3);
    expect(v.json(9)).toBe(9);
    expect(v.text(9)).toBe("0x9 /* SEEK_??? */");
    expect(v.text(-5)).toBe("0xfffffffb /* SEEK_??? */"); // an int: its 32 bits, as strace prints it
  });
  test("halves and hexOf", () => {
    expect(halves(5)).toEqual([0, 5]);
    expect(halves(2 ** 40 + 1)).toEqual([256, 1]);
    expect(halves(-1)).toEqual([0xffffffff, 0xffffffff]);
    expect(hexOf(1, 2)).toBe("0x100000002");
  });
});

describe("struct layouts (measured by the C compiler)", () => {
  test("sizes the kernel ABI fixes", () => {
    expect(S.STAT_X86_64.size).toBe(144);
    expect(S.STAT_AARCH64.size).toBe(128);
    expect(S.STATX.size).toBe(256);
    expect(S.EPOLL_EVENT_X86_64.size).toBe(12);
    expect(S.EPOLL_EVENT_AARCH64.size).toBe(16);
    expect(S.OPEN_HOW.size).toBe(24);
    expect(S.TIMESPEC.size).toBe(16);
    expect(S.ITIMERSPEC.size).toBe(32);
    expect(S.RLIMIT64.size).toBe(16);
    expect(S.SIGACTION.size).toBe(32);
    expect(S.SIGINFO.size).toBe(128);
    expect(S.UTSNAME.size).toBe(390);
    expect(S.CLONE_ARGS.size).toBe(88);
    expect(S.MSGHDR.size).toBe(56);
    expect(S.POLLFD.size).toBe(8);
    expect(S.SOCKADDR_IN6.size).toBe(28);
  });
  test("members that differ by arch", () => {
    expect(S.STAT_X86_64.fields.st_mode).toEqual([24, 4, 0]);
    expect(S.STAT_AARCH64.fields.st_mode).toEqual([16, 4, 0]);
    expect(S.STAT_X86_64.fields.st_size[2]).toBe(1); // signed
    expect(S.EPOLL_EVENT_AARCH64.fields.data[0]).toBe(8);
    expect(S.SIGINFO.fields.si_pid).toEqual([16, 4, 1]);
  });
  test("every member lies inside its struct", () => {
    for (const [name, l] of Object.entries(S) as [string, S.StructLayout][]) {
      if (typeof l !== "object") continue;
      for (const [f, [off, size]] of Object.entries(l.fields)) expect(off + size, `${name}.${f}`).toBeLessThanOrEqual(l.size);
    }
  });
});
