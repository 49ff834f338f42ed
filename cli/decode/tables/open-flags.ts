// generated from /usr/include/x86_64-linux-gnu/asm/fcntl.h, /usr/include/asm-generic/fcntl.h, arm64 asm/fcntl.h overrides, /usr/include/linux/fcntl.h by scripts/gen-tables.ts — do not edit
// Per-arch open(2) flags. accessModes are VALUES of (flags & accmode), not bits.
// Composite flags (O_SYNC includes O_DSYNC, O_TMPFILE includes O_DIRECTORY) keep all their bits.
export interface OpenFlagSet {
  readonly accmode: number;
  readonly accessModes: readonly (readonly [string, number])[];
  readonly flags: readonly (readonly [string, number])[];
}

export const OPEN_FLAGS_X86_64: OpenFlagSet = {
  accmode: 0o3,
  accessModes: [["O_RDONLY", 0o0], ["O_WRONLY", 0o1], ["O_RDWR", 0o2]],
  flags: [
    ["O_CREAT", 0o100],
    ["O_EXCL", 0o200],
    ["O_NOCTTY", 0o400],
    ["O_TRUNC", 0o1000],
    ["O_APPEND", 0o2000],
    ["O_NONBLOCK", 0o4000],
    ["O_DSYNC", 0o10000],
    ["O_ASYNC", 0o20000],
    ["O_DIRECT", 0o40000],
    ["O_LARGEFILE", 0o100000],
    ["O_DIRECTORY", 0o200000],
    ["O_NOFOLLOW", 0o400000],
    ["O_NOATIME", 0o1000000],
    ["O_CLOEXEC", 0o2000000],
    ["O_SYNC", 0o4010000],
    ["O_PATH", 0o10000000],
    ["O_TMPFILE", 0o20200000],
  ],
};

export const OPEN_FLAGS_AARCH64: OpenFlagSet = {
  accmode: 0o3,
  accessModes: [["O_RDONLY", 0o0], ["O_WRONLY", 0o1], ["O_RDWR", 0o2]],
  flags: [
    ["O_CREAT", 0o100],
    ["O_EXCL", 0o200],
    ["O_NOCTTY", 0o400],
    ["O_TRUNC", 0o1000],
    ["O_APPEND", 0o2000],
    ["O_NONBLOCK", 0o4000],
    ["O_DSYNC", 0o10000],
    ["O_ASYNC", 0o20000],
    ["O_DIRECTORY", 0o40000],
    ["O_NOFOLLOW", 0o100000],
    ["O_DIRECT", 0o200000],
    ["O_LARGEFILE", 0o400000],
    ["O_NOATIME", 0o1000000],
    ["O_CLOEXEC", 0o2000000],
    ["O_SYNC", 0o4010000],
    ["O_PATH", 0o10000000],
    ["O_TMPFILE", 0o20040000],
  ],
};

// AT_* constants from linux/fcntl.h (several share a value; meaning depends on the syscall).
export const AT_CONSTANTS: readonly (readonly [string, number])[] = [
  ["AT_FDCWD", -100],
  ["AT_STATX_SYNC_AS_STAT", 0x0],
  ["AT_SYMLINK_NOFOLLOW", 0x100],
  ["AT_EACCESS", 0x200],
  ["AT_REMOVEDIR", 0x200],
  ["AT_SYMLINK_FOLLOW", 0x400],
  ["AT_NO_AUTOMOUNT", 0x800],
  ["AT_EMPTY_PATH", 0x1000],
  ["AT_STATX_FORCE_SYNC", 0x2000],
  ["AT_STATX_DONT_SYNC", 0x4000],
  ["AT_STATX_SYNC_TYPE", 0x6000],
  ["AT_RECURSIVE", 0x8000],
];
