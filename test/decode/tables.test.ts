import { describe, expect, test } from "bun:test";
import {
  SYSCALL_CLASSES,
  currentArch,
  syscallTable,
  unknownSyscall,
  type Arch,
} from "../../cli/decode/syscalls.ts";

const ARCHES: Arch[] = ["x86_64", "aarch64"];

describe("syscall numbers", () => {
  test("x86_64 well-known numbers", () => {
    const t = syscallTable("x86_64");
    expect(t.byName("read")?.nr).toBe(0);
    expect(t.byName("openat")?.nr).toBe(257);
    expect(t.byName("execve")?.nr).toBe(59);
    expect(t.byName("getppid")?.nr).toBe(110);
    expect(t.byName("exit_group")?.nr).toBe(231);
    expect(t.byNr(2)?.name).toBe("open");
    expect(t.byName("clone3")?.nr).toBe(435);
  });

  test("aarch64 well-known numbers (asm-generic with arm64 switches)", () => {
    const t = syscallTable("aarch64");
    expect(t.byName("openat")?.nr).toBe(56);
    expect(t.byName("execve")?.nr).toBe(221);
    expect(t.byName("getppid")?.nr).toBe(173);
    expect(t.byName("exit_group")?.nr).toBe(94);
    expect(t.byName("clone3")?.nr).toBe(435);
    expect(t.byName("renameat")?.nr).toBe(38); // __ARCH_WANT_RENAMEAT
    expect(t.byName("newfstatat")?.nr).toBe(79); // __ARCH_WANT_NEW_STAT
    expect(t.byName("getrlimit")?.nr).toBe(163); // __ARCH_WANT_SET_GET_RLIMIT
    expect(t.byName("mmap")?.nr).toBe(222); // 64-bit __SC_3264 choice
    // legacy calls absent on arm64
    expect(t.byName("open")).toBeUndefined();
    expect(t.byName("fork")).toBeUndefined();
  });

  for (const arch of ARCHES) {
    test(`${arch}: numbers unique, sorted, names unique, maxNr consistent`, () => {
      const all = syscallTable(arch).all();
      expect(all.length).toBeGreaterThan(250);
      const nrs = all.map((s) => s.nr);
      expect(new Set(nrs).size).toBe(nrs.length);
      expect([...nrs].sort((a, b) => a - b)).toEqual(nrs);
      expect(new Set(all.map((s) => s.name)).size).toBe(all.length);
      expect(syscallTable(arch).maxNr()).toBe(Math.max(...nrs));
    });

    test(`${arch}: every syscall has one of the seven classes and a group`, () => {
      for (const s of syscallTable(arch).all()) {
        expect(SYSCALL_CLASSES as readonly string[]).toContain(s.class);
        expect(s.group).toMatch(/^[A-Z][A-Za-z]+$/);
        expect(s.fullName).toBe(`sys_${s.name}`);
        expect(s.argNames.length).toBe(s.argTypes.length);
        expect(s.argNames.length).toBeLessThanOrEqual(6);
        if (s.argsUnknown) expect(s.argNames).toEqual([]);
      }
    });
  }
});

describe("arguments and classes", () => {
  test("openat args from tracefs", () => {
    const s = syscallTable("x86_64").byName("openat")!;
    expect(s.argNames).toEqual(["dfd", "filename", "flags", "mode"]);
    expect(s.argTypes[1]).toBe("const char *");
    expect(s.argsUnknown).toBeUndefined();
    expect(syscallTable("aarch64").byName("openat")!.argNames).toEqual(s.argNames);
  });

  test("zero-arg syscalls are known, not unknown", () => {
    const s = syscallTable("x86_64").byName("getpid")!;
    expect(s.argNames).toEqual([]);
    expect(s.argsUnknown).toBeUndefined();
  });

  test("names whose kernel entry differs still get args", () => {
    const t = syscallTable("x86_64");
    expect(t.byName("fstat")!.argNames).toEqual(["fd", "statbuf"]);
    expect(t.byName("uname")!.argNames).toEqual(["name"]);
    expect(t.byName("sendfile")!.argNames).toEqual(["out_fd", "in_fd", "offset", "count"]);
  });

  test("clone argument order differs per arch (arm64 CLONE_BACKWARDS)", () => {
    expect(syscallTable("x86_64").byName("clone")!.argNames.slice(3)).toEqual(["child_tidptr", "tls"]);
    expect(syscallTable("aarch64").byName("clone")!.argNames.slice(3)).toEqual(["tls", "child_tidptr"]);
  });

  test("classification samples", () => {
    const t = syscallTable("x86_64");
    const cg = (n: string) => [t.byName(n)?.class, t.byName(n)?.group];
    expect(cg("openat")).toEqual(["FileSystem", "Files"]);
    expect(cg("connect")).toEqual(["Network", "Connections"]);
    expect(cg("clock_gettime")).toEqual(["Time", "Clocks"]);
    expect(cg("kill")).toEqual(["Signals", "Delivery"]);
    expect(cg("futex")).toEqual(["IPC", "Futex"]);
    expect(cg("execve")).toEqual(["ProcessManagement", "Lifecycle"]);
    expect(cg("bpf")).toEqual(["System", "BPF"]);
  });
});

describe("SyscallTable API", () => {
  test("byName accepts sys_ prefix", () => {
    const t = syscallTable("x86_64");
    expect(t.byName("sys_openat")?.nr).toBe(257);
    expect(t.byName("sys_openat")).toBe(t.byName("openat"));
    expect(t.byName("no_such_call")).toBeUndefined();
  });

  test("closest suggests near names", () => {
    const t = syscallTable("x86_64");
    expect(t.closest("opnat")).toContain("openat");
    expect(t.closest("sys_exceve")).toContain("execve");
    expect(t.closest("getppid", 1)).toEqual(["getppid"]);
    expect(t.closest("opnat", 2).length).toBeLessThanOrEqual(2);
    expect(t.closest("zzzzzzzzzzzzzzzzzzzzzzz")).toEqual([]);
  });

  test("syscallTable is cached per arch and defaults to current arch", () => {
    expect(syscallTable("x86_64")).toBe(syscallTable("x86_64"));
    expect(syscallTable("aarch64").arch).toBe("aarch64");
    expect(syscallTable().arch).toBe(currentArch());
  });

  test("all() returns a copy", () => {
    const t = syscallTable("x86_64");
    const n = t.all().length;
    t.all().pop();
    expect(t.all().length).toBe(n);
    expect(t.all().at(-1)?.nr).toBe(t.maxNr());
  });

  test("unknownSyscall", () => {
    const u = unknownSyscall(999);
    expect(u).toMatchObject({ nr: 999, name: "syscall_999", class: "System", group: "Misc", argsUnknown: true });
    expect(u.argNames).toEqual([]);
  });

  test("currentArch maps process.arch", () => {
    const expected = process.arch === "x64" ? "x86_64" : process.arch === "arm64" ? "aarch64" : undefined;
    if (expected) expect(currentArch()).toBe(expected);
    else expect(() => currentArch()).toThrow(/unsupported/);
  });
});
