import { describe, expect, test } from "bun:test";
import { formatAtFlags, formatDirFd, formatOpenFlags } from "../../cli/decode/flags.ts";

// x86_64 / asm-generic octal values
const O_WRONLY = 0o1, O_RDWR = 0o2, O_CREAT = 0o100, O_EXCL = 0o200, O_TRUNC = 0o1000;
const O_APPEND = 0o2000, O_NONBLOCK = 0o4000, O_DSYNC = 0o10000, O_CLOEXEC = 0o2000000;
const O_SYNC = 0o4010000, O_TMPFILE = 0o20200000, O_PATH = 0o10000000;

describe("formatOpenFlags x86_64", () => {
  const f = (n: number) => formatOpenFlags(n, "x86_64");
  test("access mode is a value, O_RDONLY for 0", () => {
    expect(f(0)).toEqual(["O_RDONLY"]);
    expect(f(O_WRONLY)).toEqual(["O_WRONLY"]);
    expect(f(O_RDWR)).toEqual(["O_RDWR"]);
    expect(f(3)).toEqual(["O_ACCMODE"]);
  });
  test("bits in strace's order after the mode (O_DIRECTORY and FASYNC last)", () => {
    expect(f(O_WRONLY | O_CREAT | O_APPEND)).toEqual(["O_WRONLY", "O_CREAT", "O_APPEND"]);
    expect(f(O_CLOEXEC)).toEqual(["O_RDONLY", "O_CLOEXEC"]);
    expect(f(O_CLOEXEC | O_TRUNC | O_EXCL | O_CREAT | O_RDWR)).toEqual([
      "O_RDWR", "O_CREAT", "O_EXCL", "O_TRUNC", "O_CLOEXEC",
    ]);
    expect(f(O_PATH | O_CLOEXEC)).toEqual(["O_RDONLY", "O_CLOEXEC", "O_PATH"]);
    expect(f(0o200000 | O_NONBLOCK | O_CLOEXEC)).toEqual(["O_RDONLY", "O_NONBLOCK", "O_CLOEXEC", "O_DIRECTORY"]);
    expect(f(0o200000 | 0o20000 | O_PATH)).toEqual(["O_RDONLY", "O_PATH", "O_DIRECTORY", "FASYNC"]);
  });
  test("composite flags render as one name", () => {
    expect(f(O_SYNC | O_WRONLY)).toEqual(["O_WRONLY", "O_SYNC"]);
    expect(f(O_DSYNC | O_WRONLY)).toEqual(["O_WRONLY", "O_DSYNC"]);
    expect(f(O_TMPFILE | O_RDWR)).toEqual(["O_RDWR", "O_TMPFILE"]);
    expect(f(0o200000)).toEqual(["O_RDONLY", "O_DIRECTORY"]);
    expect(f(O_TMPFILE | O_SYNC | O_RDWR | O_APPEND)).toEqual(["O_RDWR", "O_APPEND", "O_SYNC", "O_TMPFILE"]);
  });
  test("unknown bits become one hex remainder, last", () => {
    expect(f(0x80000000 | O_CREAT | O_WRONLY)).toEqual(["O_WRONLY", "O_CREAT", "0x80000000"]);
    expect(f(0x40000000 | 0x80000000)).toEqual(["O_RDONLY", "0xc0000000"]);
    expect(f(-2147483648)).toEqual(["O_RDONLY", "0x80000000"]); // int32 view of the same bit
    expect(f(2 ** 32 + O_CLOEXEC)).toEqual(["O_RDONLY", "O_CLOEXEC", "0x100000000"]);
  });
});

describe("formatOpenFlags aarch64", () => {
  const f = (n: number) => formatOpenFlags(n, "aarch64");
  test("arm64 overrides", () => {
    expect(f(0o40000)).toEqual(["O_RDONLY", "O_DIRECTORY"]);
    expect(f(0o100000)).toEqual(["O_RDONLY", "O_NOFOLLOW"]);
    expect(f(0o200000)).toEqual(["O_RDONLY", "O_DIRECT"]);
    expect(f(0o400000)).toEqual(["O_RDONLY", "O_LARGEFILE"]);
    expect(f(0o20040000 | O_RDWR)).toEqual(["O_RDWR", "O_TMPFILE"]);
    expect(f(O_WRONLY | O_CREAT | O_APPEND)).toEqual(["O_WRONLY", "O_CREAT", "O_APPEND"]);
  });
  test("defaults to the current arch", () => {
    expect(formatOpenFlags(O_CREAT | O_WRONLY)).toEqual(["O_WRONLY", "O_CREAT"]);
  });
});

describe("dirfd and AT flags", () => {
  test("formatDirFd", () => {
    expect(formatDirFd(-100)).toBe("AT_FDCWD");
    expect(formatDirFd(0xffffff9c)).toBe("AT_FDCWD"); // u32 register view
    expect(formatDirFd(3)).toBe(3);
    expect(formatDirFd(0)).toBe(0);
    expect(formatDirFd(-1)).toBe(-1);
  });
  test("formatAtFlags", () => {
    expect(formatAtFlags(0)).toEqual([]);
    expect(formatAtFlags(0x100)).toEqual(["AT_SYMLINK_NOFOLLOW"]);
    expect(formatAtFlags(0x1000 | 0x100)).toEqual(["AT_SYMLINK_NOFOLLOW", "AT_EMPTY_PATH"]);
    expect(formatAtFlags(0x200)).toEqual(["AT_REMOVEDIR"]);
    expect(formatAtFlags(0x200, "faccessat2")).toEqual(["AT_EACCESS"]);
    expect(formatAtFlags(0x400 | 0x800)).toEqual(["AT_SYMLINK_FOLLOW", "AT_NO_AUTOMOUNT"]);
    expect(formatAtFlags(0x8000 | 0x1)).toEqual(["AT_RECURSIVE", "0x1"]);
  });
});
