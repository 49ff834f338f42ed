/** Profiles from syscall sets: the OCI shape, libc's ENOSYS fallbacks, and a baseline merged in. */
import { describe, expect, test } from "bun:test";
import { buildProfile, parseProfile } from "../../cli/seccomp/profile";
import { UsageError } from "../../cli/errors";

describe("buildProfile", () => {
  test("sorted names allowed, EPERM by default, ENOSYS only for fallbacks not recorded", () => {
    const p = buildProfile(["write", "read", "clone3", "execve"], { arch: "aarch64" });
    expect(p).toEqual({
      defaultAction: "SCMP_ACT_ERRNO",
      defaultErrnoRet: 1,
      architectures: ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"],
      syscalls: [
        { names: ["clone3", "execve", "read", "write"], action: "SCMP_ACT_ALLOW" },
        { names: ["close_range", "faccessat2", "rseq", "statx"], action: "SCMP_ACT_ERRNO", errnoRet: 38 },
      ],
    });
  });

  test("--base: the baseline's allowed calls are added, what it denies stays denied even if recorded", () => {
    const base = parseProfile(JSON.stringify({ defaultAction: "SCMP_ACT_ERRNO", syscalls: [{ names: ["getpid"], action: "SCMP_ACT_ALLOW" }, { names: ["ptrace", "write"], action: "SCMP_ACT_ERRNO", errnoRet: 1 }] }), "base.json");
    const p = buildProfile(["write", "read"], { arch: "x86_64", base });
    expect(p.syscalls[0]).toEqual({ names: ["getpid", "read"], action: "SCMP_ACT_ALLOW" });
    expect(p.syscalls.at(-1)).toEqual({ names: ["ptrace", "write"], action: "SCMP_ACT_ERRNO", errnoRet: 1 });
    expect(p.architectures).toEqual(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]);
  });

  test("a file that is not a profile: one line naming what is missing", () => {
    expect(() => parseProfile("[]", "x.json")).toThrow(UsageError);
    expect(() => parseProfile('{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":[1],"action":"x"}]}', "x.json")).toThrow("x.json: syscalls[0] needs names (strings) and an action");
    expect(() => parseProfile('{"defaultAction":"SCMP_ACT_ERRNO","architectures":"SCMP_ARCH_X86_64","syscalls":[]}', "x.json")).toThrow("x.json: architectures must be a list of names such as SCMP_ARCH_X86_64");
    expect(() => parseProfile('{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":"EPERM","syscalls":[]}', "x.json")).toThrow("x.json: defaultErrnoRet must be a whole number such as 1 (EPERM)");
  });
});
