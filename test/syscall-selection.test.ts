// The -s selection language on the real generated syscall tables.
import { describe, expect, test } from "bun:test";
import { syscallTable } from "../cli/decode/syscalls";
import { UsageError } from "../cli/errors";
import { parseSyscalls } from "../cli/options";

const x86 = syscallTable("x86_64");
const names = (values: string[]) => parseSyscalls(values, x86).map((nr) => x86.byNr(nr)!.name);
const usageError = (f: () => unknown): UsageError => {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error("expected a UsageError");
};

describe("syscall classes", () => {
  test("%file has openat and execve, not getppid or close", () => {
    const file = names(["%file"]);
    expect(file).toContain("openat");
    expect(file).toContain("execve");
    expect(file).not.toContain("getppid");
    expect(file).not.toContain("close");
  });
  test("%process has execve, clone, clone3, exit_group and no openat", () => {
    const proc = names(["%process"]);
    for (const n of ["execve", "clone", "clone3", "exit_group", "wait4"]) expect(proc).toContain(n);
    expect(proc).not.toContain("openat");
  });
  test("%net is %network; %pure is the argument-less getters", () => {
    expect(names(["%net"])).toEqual(names(["%network"]));
    expect(names(["%network"])).toContain("connect");
    expect(names(["%pure"]).sort()).toEqual(["getegid", "geteuid", "getgid", "getpgrp", "getpid", "getppid", "gettid", "getuid"]);
  });
  test("every class strace documents selects something on both arches", () => {
    for (const arch of ["x86_64", "aarch64"] as const) {
      for (const c of ["%file", "%process", "%network", "%net", "%signal", "%ipc", "%desc", "%memory", "%creds", "%clock", "%stat", "%lstat", "%fstat", "%statfs", "%pure"]) {
        if (arch === "aarch64" && (c === "%stat" || c === "%lstat")) continue; // arm64 has no stat/lstat syscalls
        expect(parseSyscalls([c], syscallTable(arch)).length).toBeGreaterThan(0);
      }
    }
  });
  test("an unknown class is one line naming the valid ones", () => {
    const e = usageError(() => parseSyscalls(["%fil"], x86));
    expect(e.message).toBe(
      "unknown syscall class '%fil'; valid classes: %clock, %creds, %desc, %file, %fstat, %fstatfs, %ipc, %lstat, %memory, %net, %network, %process, %pure, %signal, %stat, %statfs",
    );
  });
});

describe("negation", () => {
  test("!futex excludes only futex", () => {
    const all = x86.all().map((s) => s.name);
    const got = names(["!futex"]);
    expect(got.length).toBe(all.length - 1);
    expect(got).not.toContain("futex");
  });
  test("a leading ! excludes the whole list", () => {
    const got = names(["!futex", "epoll_wait"]);
    expect(got.length).toBe(x86.all().length - 2);
    expect(got).not.toContain("epoll_wait");
    expect(got).toContain("read");
  });
  test("%file,!close and %desc,!close remove close only", () => {
    expect(names(["%desc", "!close"])).toEqual(names(["%desc"]).filter((n) => n !== "close"));
    expect(names(["%file", "!openat"])).toEqual(names(["%file"]).filter((n) => n !== "openat"));
  });
  test("a selection that leaves nothing, or a bare !, is a UsageError", () => {
    expect(usageError(() => parseSyscalls(["getpid", "!getpid"], x86)).message).toMatch(/leaves no syscall/);
    expect(usageError(() => parseSyscalls(["!"], x86)).message).toMatch(/empty exclusion/);
    expect(usageError(() => parseSyscalls(["!opnat"], x86)).message).toMatch(/unknown syscall 'opnat'.*openat/);
  });
});

describe("/regex", () => {
  test("/^open on x86_64", () => {
    expect(names(["/^open"]).sort()).toEqual(["open", "open_by_handle_at", "open_tree", "openat", "openat2"]);
  });
  test("combines with names and exclusions", () => {
    expect(names(["/^open", "!/at$"]).sort()).toEqual(["open", "open_tree", "openat2"]);
  });
  test("a pattern matching nothing, or a broken one, is one line", () => {
    expect(usageError(() => parseSyscalls(["/^zzz"], x86)).message).toMatch(/^syscall pattern '\/\^zzz' matches no syscall on x86_64; .*%file/);
    expect(usageError(() => parseSyscalls(["/("], x86)).message).toMatch(/^invalid syscall pattern '\/\('/);
  });
});
