/**
 * Files, directories, links, attributes, mounts: each case is the line
 * strace 6.1 printed for test/fixtures/syscalls.c, rebuilt from the
 * registers and exit captures the probe delivers.
 */
import { describe, expect, test } from "bun:test";
import { STAT_AARCH64, STAT_X86_64, STATX, OPEN_HOW, DIRENT64 } from "../../cli/decode/tables/structs";
import { B, bytes, call, fault, PTR, str, struct } from "./args-helpers";

const AT_FDCWD = -100;
const D = "/tmp/swoll-sc.d";
const O_WRONLY = 1, O_CREAT = 0o100, O_TRUNC = 0o1000, O_CLOEXEC = 0o2000000, O_DIRECTORY = 0o200000;

const S_IFREG = 0o100000, S_IFCHR = 0o020000, S_IFDIR = 0o040000;
const stat = (mode: number, size: number, extra: Record<string, number> = {}) => struct(STAT_X86_64, { st_mode: mode, st_size: size, st_nlink: 1, ...extra });

describe("open family", () => {
  const cases: [string, string, number[], ReturnType<typeof str>[], number][] = [
    ["openat O_CREAT shows the mode", `openat(AT_FDCWD, "${D}/data", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0640) = 3`, [AT_FDCWD, PTR, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640], [str(1, `${D}/data`)], 3],
    ["open", `open("${D}/data", O_RDONLY) = 3`, [PTR, 0, 0], [str(0, `${D}/data`)], 3],
    ["openat of a directory", `openat(AT_FDCWD, "${D}", O_RDONLY|O_CLOEXEC|O_DIRECTORY) = 4`, [AT_FDCWD, PTR, O_DIRECTORY | O_CLOEXEC, 0], [str(1, D)], 4],
    ["creat", `creat("${D}/created", 0604) = 3`, [PTR, 0o604], [str(0, `${D}/created`)], 3],
    ["openat ENOENT", `openat(AT_FDCWD, "${D}/@begin", O_RDONLY) = -1 ENOENT (No such file or directory)`, [AT_FDCWD, PTR, 0, 0], [str(1, `${D}/@begin`)], -2],
  ];
  test.each(cases)("%s", (_n, line, raw, caps, ret) => expect(call(raw.length === 2 ? "creat" : raw.length === 3 ? "open" : "openat", raw, caps, ret).line).toBe(line));

  test("openat2 decodes struct open_how", () => {
    const how = struct(OPEN_HOW, { flags: O_CLOEXEC, mode: 0, resolve: 4 /* RESOLVE_NO_SYMLINKS */ });
    const d = call("openat2", [AT_FDCWD, PTR, PTR + 64, 24], [str(1, `${D}/data`), bytes(2, how)], 4);
    expect(d.line).toBe(`openat2(AT_FDCWD, "${D}/data", {flags=O_RDONLY|O_CLOEXEC, resolve=RESOLVE_NO_SYMLINKS}, 24) = 4`);
    expect(d.json.how).toEqual({ flags: ["O_RDONLY", "O_CLOEXEC"], mode: 0, resolve: ["RESOLVE_NO_SYMLINKS"] });
    const create = struct(OPEN_HOW, { flags: O_CREAT | O_WRONLY, mode: 0o600, resolve: 0 });
    expect(call("openat2", [3, PTR, PTR, 24], [str(1, "x"), bytes(2, create)], 5).line).toBe('openat2(3, "x", {flags=O_WRONLY|O_CREAT, mode=0600, resolve=0}, 24) = 5');
  });

  test("the seed's JSON names for openat", () => {
    expect(Object.keys(call("openat", [AT_FDCWD, PTR, 0, 0], [str(1, "/x")], 3).json)).toEqual(["dir_fd", "pathname", "flags", "mode"]);
  });
});

describe("stat family", () => {
  test("fstat, stat, lstat, newfstatat show st_mode and st_size", () => {
    const st = bytes(1, stat(S_IFREG | 0o600, 4321));
    expect(call("fstat", [3, PTR], [st], 0).line).toBe("fstat(3, {st_mode=S_IFREG|0600, st_size=4321, ...}) = 0");
    expect(call("stat", [PTR, PTR], [str(0, `${D}/data`), st], 0).line).toBe(`stat("${D}/data", {st_mode=S_IFREG|0600, st_size=4321, ...}) = 0`);
    expect(call("lstat", [PTR, PTR], [str(0, `${D}/data`), st], 0).line).toBe(`lstat("${D}/data", {st_mode=S_IFREG|0600, st_size=4321, ...}) = 0`);
    const at = bytes(2, stat(S_IFREG | 0o600, 4321));
    expect(call("newfstatat", [AT_FDCWD, PTR, PTR, 0x100], [str(1, `${D}/data`), at], 0).line).toBe(
      `newfstatat(AT_FDCWD, "${D}/data", {st_mode=S_IFREG|0600, st_size=4321, ...}, AT_SYMLINK_NOFOLLOW) = 0`,
    );
  });

  test("a failed stat shows the buffer's address (the kernel wrote nothing)", () => {
    const d = call("stat", [PTR, 0x7ffe94dd24f0], [str(0, `${D}/missing`), bytes(1, stat(0, 0))], -2);
    expect(d.line).toBe(`stat("${D}/missing", 0x7ffe94dd24f0) = -1 ENOENT (No such file or directory)`);
    expect(d.json.statbuf).toBe("0x7ffe94dd24f0");
  });

  test("devices show st_rdev as makedev(); directories keep special bits", () => {
    const tty = stat(S_IFCHR | 0o620, 0, { st_rdev: (0x88 << 8) | 1 });
    expect(call("fstat", [0, PTR], [bytes(1, tty)], 0).line).toBe("fstat(0, {st_mode=S_IFCHR|0620, st_rdev=makedev(0x88, 0x1), ...}) = 0");
    const tmp = stat(S_IFDIR | 0o1777, 4096);
    expect(call("fstat", [4, PTR], [bytes(1, tmp)], 0).line).toBe("fstat(4, {st_mode=S_IFDIR|S_ISVTX|0777, st_size=4096, ...}) = 0");
  });

  test("JSON has every member, times as {tv_sec, tv_nsec}", () => {
    const st = stat(S_IFREG | 0o644, 10, { st_ino: 77, st_uid: 1000, st_gid: 1001, st_mtime: 1700000000, st_mtime_nsec: 5 });
    const j = call("fstat", [3, PTR], [bytes(1, st)], 0).json.statbuf as Record<string, unknown>;
    expect(j).toMatchObject({ st_ino: 77, st_mode: S_IFREG | 0o644, st_nlink: 1, st_uid: 1000, st_gid: 1001, st_size: 10 });
    expect(j.st_mtime).toEqual({ tv_sec: 1700000000, tv_nsec: 5 });
  });

  test("aarch64 reads its own struct stat layout", () => {
    const st = struct(STAT_AARCH64, { st_mode: S_IFREG | 0o600, st_size: 99, st_nlink: 1 });
    expect(call("fstat", [3, PTR], [bytes(1, st)], 0, "aarch64").line).toBe("fstat(3, {st_mode=S_IFREG|0600, st_size=99, ...}) = 0");
  });

  test("statx: AT_STATX_SYNC_AS_STAT for 0, masks by name", () => {
    const sx = struct(STATX, { stx_mask: 0x17ff, stx_mode: S_IFREG | 0o600, stx_size: 4321 });
    const d = call("statx", [AT_FDCWD, PTR, 0, 0x7ff, PTR], [str(1, `${D}/data`), bytes(4, sx)], 0);
    expect(d.line).toBe(
      `statx(AT_FDCWD, "${D}/data", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0600, stx_size=4321, ...}) = 0`,
    );
    expect((d.json.buffer as Record<string, unknown>).stx_mask).toEqual(["STATX_BASIC_STATS", "STATX_MNT_ID"]);
  });

  test("a struct capture shorter than the struct is marked, not misread", () => {
    const d = call("fstat", [3, PTR], [bytes(1, stat(S_IFREG, 1).subarray(0, 40), { truncated: true })], 0);
    expect(d.truncated).toEqual(["statbuf"]);
    expect(d.json.statbuf).toEqual({ addr: "0x7ffc12345678", truncated: true });
  });
});

describe("access, directories, links, attributes", () => {
  const p = (arg: number, s: string) => str(arg, `${D}/${s}`);
  const cases: [string, string, number[], ReturnType<typeof str>[], number][] = [
    ["access", `access("${D}/data", R_OK|W_OK) = 0`, [PTR, 6], [p(0, "data")], 0],
    ["faccessat", `faccessat(AT_FDCWD, "${D}/missing", X_OK) = -1 ENOENT (No such file or directory)`, [AT_FDCWD, PTR, 1], [p(1, "missing")], -2],
    ["faccessat2", `faccessat2(AT_FDCWD, "${D}/data", F_OK, AT_SYMLINK_NOFOLLOW|AT_EACCESS) = 0`, [AT_FDCWD, PTR, 0, 0x300], [p(1, "data")], 0],
    ["truncate", `truncate("${D}/data", 1234) = 0`, [PTR, 1234], [p(0, "data")], 0],
    ["chmod", `chmod("${D}/data", 0640) = 0`, [PTR, 0o640], [p(0, "data")], 0],
    ["fchmodat", `fchmodat(AT_FDCWD, "${D}/data", 0644) = 0`, [AT_FDCWD, PTR, 0o644], [p(1, "data")], 0],
    ["chown", `chown("${D}/data", 1000, 1001) = 0`, [PTR, 1000, 1001], [p(0, "data")], 0],
    ["lchown", `lchown("${D}/data", -1, 1002) = 0`, [PTR, 0xffffffff, 1002], [p(0, "data")], 0],
    ["fchownat", `fchownat(AT_FDCWD, "${D}/data", 0, 0, AT_SYMLINK_NOFOLLOW) = 0`, [AT_FDCWD, PTR, 0, 0, 0x100], [p(1, "data")], 0],
    ["mkdir", `mkdir("${D}/d1", 0750) = 0`, [PTR, 0o750], [p(0, "d1")], 0],
    ["mkdirat", `mkdirat(AT_FDCWD, "${D}/d2", 0700) = 0`, [AT_FDCWD, PTR, 0o700], [p(1, "d2")], 0],
    ["rename", `rename("${D}/created", "${D}/renamed") = 0`, [PTR, PTR], [p(0, "created"), p(1, "renamed")], 0],
    ["renameat", `renameat(AT_FDCWD, "${D}/renamed", AT_FDCWD, "${D}/renamed2") = 0`, [AT_FDCWD, PTR, AT_FDCWD, PTR], [p(1, "renamed"), p(3, "renamed2")], 0],
    ["renameat2", `renameat2(AT_FDCWD, "${D}/renamed2", AT_FDCWD, "${D}/data", RENAME_NOREPLACE) = -1 EEXIST (File exists)`, [AT_FDCWD, PTR, AT_FDCWD, PTR, 1], [p(1, "renamed2"), p(3, "data")], -17],
    ["link", `link("${D}/data", "${D}/hard") = 0`, [PTR, PTR], [p(0, "data"), p(1, "hard")], 0],
    ["linkat", `linkat(AT_FDCWD, "${D}/data", AT_FDCWD, "${D}/hard2", AT_SYMLINK_FOLLOW) = 0`, [AT_FDCWD, PTR, AT_FDCWD, PTR, 0x400], [p(1, "data"), p(3, "hard2")], 0],
    ["symlink", `symlink("data", "${D}/soft") = 0`, [PTR, PTR], [str(0, "data"), p(1, "soft")], 0],
    ["symlinkat", `symlinkat("data", AT_FDCWD, "${D}/soft2") = 0`, [PTR, AT_FDCWD, PTR], [str(0, "data"), p(2, "soft2")], 0],
    ["unlink", `unlink("${D}/hard") = 0`, [PTR], [p(0, "hard")], 0],
    ["unlinkat 0", `unlinkat(AT_FDCWD, "${D}/hard2", 0) = 0`, [AT_FDCWD, PTR, 0], [p(1, "hard2")], 0],
    ["unlinkat AT_REMOVEDIR", `unlinkat(AT_FDCWD, "${D}/d2", AT_REMOVEDIR) = 0`, [AT_FDCWD, PTR, 0x200], [p(1, "d2")], 0],
    ["rmdir", `rmdir("${D}/d1") = 0`, [PTR], [p(0, "d1")], 0],
    ["chdir", `chdir("/") = 0`, [PTR], [str(0, "/")], 0],
    ["fchdir", "fchdir(4) = 0", [4], [], 0],
    ["pivot_root", `pivot_root("/nonexistent-swoll-a", "/nonexistent-swoll-b") = -1 ENOENT (No such file or directory)`, [PTR, PTR], [str(0, "/nonexistent-swoll-a"), str(1, "/nonexistent-swoll-b")], -2],
    ["chroot", `chroot("/nonexistent-swoll") = -1 ENOENT (No such file or directory)`, [PTR], [str(0, "/nonexistent-swoll")], -2],
    ["umask shows octal both ways", "umask(022) = 022", [0o22], [], 0o22],
  ];
  test.each(cases)("%s", (name, line, raw, caps, ret) => expect(call(name.split(" ")[0]!, raw, caps, ret).line).toBe(line));

  test("readlink, readlinkat and getcwd show the result string", () => {
    expect(call("readlink", [PTR, PTR + 8, 4096], [str(0, `${D}/soft`), bytes(1, "data")], 4).line).toBe(`readlink("${D}/soft", "data", 4096) = 4`);
    expect(call("readlinkat", [AT_FDCWD, PTR, PTR, 2], [str(1, `${D}/soft2`), bytes(2, "da")], 2).line).toBe(`readlinkat(AT_FDCWD, "${D}/soft2", "da", 2) = 2`);
    // getcwd's return counts the NUL
    expect(call("getcwd", [PTR, 4096], [bytes(0, "/\0")], 2).line).toBe('getcwd("/", 4096) = 2');
    expect(call("getcwd", [PTR, 1], [], -34).line).toBe("getcwd(0x7ffc12345678, 1) = -1 ERANGE (Numerical result out of range)");
  });

  test("getdents64: the entries in JSON, a count in text", () => {
    const ent = (ino: number, type: number, name: string) => {
      const reclen = (DIRENT64.fields.d_name[0] + name.length + 1 + 7) & ~7;
      return new B().u64(ino).u64(0).u16(reclen).u8(type).str(name).zero(reclen - DIRENT64.fields.d_name[0] - name.length).get();
    };
    const buf = new B().raw(ent(1, 4, ".")).raw(ent(2, 4, "..")).raw(ent(77, 8, "data")).get();
    const d = call("getdents64", [4, 0x7ffe94dd2580, 4096], [bytes(1, buf)], buf.length);
    expect(d.line).toBe(`getdents64(4, 0x7ffe94dd2580 /* 3 entries */, 4096) = ${buf.length}`);
    expect(d.json.dirent).toEqual([{ d_ino: 1, d_type: 4, d_name: "." }, { d_ino: 2, d_type: 4, d_name: ".." }, { d_ino: 77, d_type: 8, d_name: "data" }]);
    // a record length that points past the capture stops the walk
    const bad = new B().u64(1).u64(0).u16(0xffff).u8(4).str("x").get();
    expect(call("getdents64", [4, 0x1000, 4096], [bytes(1, bad, { truncated: true })], 400).line).toBe("getdents64(4, 0x1000 /* 0+ entries */, 4096) = 400");
  });

  test("mount and umount2", () => {
    const d = call("mount", [PTR, PTR, PTR, 0xe, PTR], [str(0, "swoll-sc"), str(1, `${D}/mnt`), str(2, "tmpfs"), str(4, "size=1m,mode=0700")], 0);
    expect(d.line).toBe(`mount("swoll-sc", "${D}/mnt", "tmpfs", MS_NOSUID|MS_NODEV|MS_NOEXEC, "size=1m,mode=0700") = 0`);
    expect(d.json.flags).toEqual(["MS_NOSUID", "MS_NODEV", "MS_NOEXEC"]);
    expect(call("umount2", [PTR, 2], [str(0, `${D}/mnt`)], 0).line).toBe(`umount2("${D}/mnt", MNT_DETACH) = 0`);
    expect(call("mount", [PTR, PTR, 0, 0x1000 + 0x80000000, 0], [str(0, "none"), str(1, "/m")], 0).line).toBe(
      'mount("none", "/m", NULL, MS_BIND|MS_NOUSER, NULL) = 0',
    );
  });
});

describe("hostile input", () => {
  test("a faulted path is its address with a marker", () => {
    const d = call("openat", [AT_FDCWD, PTR, 0, 0], [fault(1, 1)], -14);
    expect(d.line).toBe("openat(AT_FDCWD, 0x7ffc12345678, O_RDONLY) = -1 EFAULT (Bad address)");
    expect(d.json.pathname).toEqual({ addr: "0x7ffc12345678", error: "EFAULT" });
  });

  test("a capture of the wrong kind is ignored (the address shows)", () => {
    expect(call("fstat", [3, PTR], [str(1, "not a struct")], 0).line).toBe("fstat(3, 0x7ffc12345678) = 0");
    expect(call("openat", [AT_FDCWD, PTR, 0, 0], [bytes(1, "/etc")], 3).json.pathname).toBe("0x7ffc12345678");
  });

  test("garbage flags keep their unknown bits as one hex remainder", () => {
    expect(call("renameat2", [AT_FDCWD, PTR, AT_FDCWD, PTR, 0xf0000001], [], 0).json.flags).toEqual(["RENAME_NOREPLACE", "0xf0000000"]);
    expect(call("unlinkat", [3, PTR, 0x80000200], [], 0).line).toBe("unlinkat(3, 0x7ffc12345678, AT_REMOVEDIR|0x80000000) = 0");
    expect(call("mount", [0, 0, 0, 2 ** 40 + 1, 0], [], 0).json.flags).toEqual(["MS_RDONLY", "0x10000000000"]);
  });

  test("every fs decoder survives empty, short and huge captures", () => {
    const junk = [new Uint8Array(), new Uint8Array(3), new Uint8Array(4096).fill(0xff)];
    for (const name of ["fstat", "statx", "openat2", "getdents64", "readlink", "getcwd", "newfstatat", "mount"])
      for (const b of junk)
        for (let arg = 0; arg < 6; arg++) {
          expect(() => call(name, [AT_FDCWD, PTR, PTR, PTR, PTR, PTR], [bytes(arg, b), str(arg, b)], 64)).not.toThrow();
        }
  });
});
