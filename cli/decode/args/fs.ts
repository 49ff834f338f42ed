/**
 * Files, directories, links, attributes and mounts: open*, stat*, access*,
 * mkdir/rmdir/unlink*, rename*, link*, symlink*, readlink*, chmod*, chown*,
 * truncate, getdents/getdents64, statfs/fstatfs, utime/utimes/futimesat/utimensat,
 * mount/umount2, chroot/pivot_root, getcwd, umask.
 */
import { flagsOf, valuesOf } from "../consts";
import { formatOpenFlags } from "../flags";
import { bytesToString } from "../strings";
import {
  ACCESS_MODE, AT_FLAGS, FACCESSAT_FLAGS, FS_MAGIC, MOUNT_FLAGS, STATFS_FLAGS, RENAME_FLAGS, STATX_MASK, STATX_SYNC, STATX_SYNC_MASK, UMOUNT_FLAGS,
} from "../tables/consts-fs";
import { DIRENT64, STATFS } from "../tables/structs";
import { cstr, dirfd, fd, flags, int, long, memory, mode, path, ptr, size, strOut, u32, u32a, uid, uint } from "./common";
import { hex, octal, pointer, struct } from "./render";
import { modeText, openHow, secondsText, statOut, statxOut, structArg, utimes, utimesTimeval } from "./structs";
import { simpleJson, valueJson, type ArgType, type Call, type CallSpecs } from "./types";

const O_CREAT = 0o100, O_TMPFILE_BIT = 0o20000000;

/**
 * Rendered open flags by architecture and value: a program opens files
 * with a handful of flag combinations, so these repeat on almost every
 * call. Bounded: past the limit the cache starts over.
 */
const OPEN_FLAGS_CACHE_MAX = 256;
const openFlagsCache = new Map<string, Map<number, { names: string[]; text: string }>>();

/** open(2) flags: the access mode as a value, then bits in order (arch-specific values). */
export const openFlags: ArgType = valueJson({
  show(c, i) {
    const v = u32a(c, i);
    let byValue = openFlagsCache.get(c.arch);
    if (!byValue) openFlagsCache.set(c.arch, (byValue = new Map()));
    let r = byValue.get(v);
    if (!r) {
      if (byValue.size >= OPEN_FLAGS_CACHE_MAX) byValue.clear();
      const names = formatOpenFlags(v, c.arch);
      // shared between the events of every call with these flags: consumers read event values, never change them
      r = { names, text: names.join("|") };
      byValue.set(v, r);
    }
    return { json: r.names, text: c.text ? r.text : "" };
  },
});

/** The mode of open/openat: strace shows it only when the call can create a file. */
function openMode(flagsArg: number): ArgType {
  return simpleJson(
    {
      show(c, i) {
        const m = u32a(c, i);
        const creates = (u32a(c, flagsArg) & (O_CREAT | O_TMPFILE_BIT)) !== 0;
        return { json: m, text: c.text && creates ? octal(m) : "" };
      },
    },
    "u32",
  );
}

/** *at() flags: names in order, "0" for none, unknown bits as `0x4000 /* AT_??? *\/`. */
export const atFlags: ArgType = flags(AT_FLAGS);

/** statx's flags: the sync type (a value: 0 is AT_STATX_SYNC_AS_STAT), then the *at() flags. */
const statxFlags: ArgType = {
  show(c, i) {
    const v = u32a(c, i);
    const typeMask = valuesOf(STATX_SYNC_MASK, c.arch).value("AT_STATX_SYNC_TYPE")!;
    const type = valuesOf(STATX_SYNC, c.arch);
    const sync = type.name(v & typeMask) ?? hex(v & typeMask);
    const rest = v & ~typeMask;
    const names = rest ? [sync, ...flagsOf(AT_FLAGS, c.arch).names(rest)] : [sync];
    return { json: names, text: names.join("|") };
  },
};

/** Where a directory record's parts are: getdents' linux_dirent (d_type in its last byte) or getdents64's linux_dirent64. */
interface DirentShape {
  /** Bytes before the name: the least a record can be (strace's header_size). */
  head: number;
  reclen: number;
  /** d_type's offset, or -1: the record's last byte. */
  type: number;
}
const DIRENT_SHAPE: DirentShape = { head: 18, reclen: 16, type: -1 };
const DIRENT64_SHAPE: DirentShape = { head: DIRENT64.fields.d_name[0], reclen: DIRENT64.fields.d_reclen[0], type: DIRENT64.fields.d_type[0] };

/**
 * Directory records (getdents, getdents64): JSON the entries captured,
 * text strace's `0x… /* N entries *\/`, counted record by record as strace
 * counts them; `N+` when bytes are left over (or the capture was cut).
 */
function dirents(shape: DirentShape): ArgType {
  const inner = memory(
    { kind: "retLen", whole: true },
    (m, c, i, cap) => {
      const entries: { d_ino: number; d_type: number; d_name: string }[] = [];
      let off = 0;
      let left = m.length;
      while (left >= shape.head) {
        let reclen = m.u16(off + shape.reclen)!;
        if (reclen > left) {
          if (cap.truncated) break; // the rest of the record was not captured
          reclen = left; // as strace, which counts it and stops
        }
        const step = Math.max(reclen, shape.head);
        const end = off + step;
        const name = m.bytes.subarray(off + shape.head, shape.type < 0 ? Math.max(off + shape.head, end - 1) : end);
        const nul = name.indexOf(0);
        const type = shape.type < 0 ? (reclen > shape.head ? m.u8(end - 1)! : 0) : m.u8(off + shape.type)!;
        entries.push({ d_ino: m.u64(off)!, d_type: type, d_name: bytesToString(nul < 0 ? name : name.subarray(0, nul)) });
        left -= step;
        off = end;
      }
      const more = left > 0 || cap.truncated;
      return { json: entries, text: `${pointer(c.raw[i]!, c.wide?.[i]).text} /* ${entries.length}${more ? "+" : ""} entries */`, truncated: cap.truncated || undefined };
    },
    { out: true },
  );
  return {
    ...inner,
    show(c, i, cap) {
      // nothing read (the end of the directory): no capture, and no records
      if (c.ret === 0 && c.raw[i] !== 0) return { json: [], text: `${pointer(c.raw[i]!, c.wide?.[i]).text} /* 0 entries */` };
      return inner.show(c, i, cap);
    },
  };
}

/** A mode with its file type: S_IFIFO|0644. */
const fileMode: ArgType = {
  show(c, i) {
    const m = u32a(c, i);
    return { json: m, text: c.text ? modeText(m, c.arch) : "" };
  },
};

/** umask's mask: an int, of which strace shows the umode_t (16 bits): umask(0177777). */
const umaskMode: ArgType = {
  show(c, i) {
    const m = u32a(c, i) & 0xffff;
    return { json: m, text: c.text ? octal(m) : "" };
  },
};

// ------------------------------------------------------------------ mount --

const MS_MGC_VAL = 0xc0ed0000, MS_MGC_MSK = 0xffff0000;
const MS_REMOUNT = 0x20, MS_BIND = 0x1000, MS_MOVE = 0x2000;
const MS_UNBINDABLE = 1 << 17, MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20;
const MS_NO_TYPE_OR_DATA = MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;

/** mount's flags without the old magic number in the top 16 bits (MS_MGC_VAL). */
function mountBits(c: Call): { magic: boolean; lo: number } {
  const lo = u32a(c, 3);
  const magic = (lo & MS_MGC_MSK) >>> 0 === MS_MGC_VAL;
  return { magic, lo: magic ? lo & ~MS_MGC_MSK : lo };
}

/** MS_MGC_VAL|MS_RDONLY|…: the old magic by name, then the flags. */
const mountFlags: ArgType = {
  show(c, i) {
    const { magic, lo } = mountBits(c);
    const w = c.wide?.[i];
    const high = w !== undefined ? w >> 32n : BigInt(Math.floor(c.raw[i]! / 2 ** 32));
    const rest = (high << 32n) | BigInt(lo);
    const names: string[] = magic ? ["MS_MGC_VAL"] : [];
    const texts: string[] = magic ? ["MS_MGC_VAL"] : [];
    if (rest !== 0n || !magic) {
      const f = flagsOf(MOUNT_FLAGS, c.arch).formatWide(rest);
      names.push(...f.names);
      texts.push(f.text);
    }
    return { json: names, text: texts.join("|") };
  },
};

/** The kinds of mount that take no file system type (a remount, a bind or a move, a propagation change): strace shows its address. */
const ignoresType = (c: Call) => {
  const { lo } = mountBits(c);
  return (lo & MS_REMOUNT) !== 0 || (lo & MS_NO_TYPE_OR_DATA) !== 0;
};
const ignoresData = (c: Call) => {
  const { lo } = mountBits(c);
  return (lo & MS_REMOUNT) === 0 && (lo & MS_NO_TYPE_OR_DATA) !== 0;
};

const mountStr = cstr();
const mountType: ArgType = { ...mountStr, show: (c, i, cap) => (ignoresType(c) ? ptr.show(c, i, undefined) : mountStr.show(c, i, cap)) };
const mountData: ArgType = { ...mountStr, show: (c, i, cap) => (ignoresData(c) ? ptr.show(c, i, undefined) : mountStr.show(c, i, cap)) };

/** statfs's ST_VALID: f_flags holds the mount flags (strace shows them only then). */
const ST_VALID = 0x20;
const STATFS_COUNTS = ["f_bsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree"] as const;

/** A member in hex as strace prints an unsigned int: 0 as 0. */
const hexMember = (v: number) => (v === 0 ? "0" : `0x${(v >>> 0).toString(16)}`);

/** struct statfs (statfs, fstatfs): the file system by magic name, counts, fsid, flags. */
const statfsOut: ArgType = structArg(STATFS, (m, c) => {
  const f = STATFS.fields;
  const type = m.u64(f.f_type[0])!;
  const typeName = valuesOf(FS_MAGIC, c.arch).name(type);
  const json: Record<string, unknown> = { f_type: typeName ?? type };
  const text: [string, string][] = [["f_type", typeName ?? hexMember(type)]];
  const unsigned = (k: keyof typeof f) => [f[k][0], f[k][1], 0] as const;
  for (const k of STATFS_COUNTS) {
    json[k] = m.fieldJson(unsigned(k));
    text.push([k, m.fieldText(unsigned(k))!]);
  }
  const fsid = [m.u32(f.f_fsid0[0])!, m.u32(f.f_fsid1[0])!];
  json.f_fsid = fsid;
  text.push(["f_fsid", `{val=[${fsid.map(hexMember).join(", ")}]}`]);
  for (const k of ["f_namelen", "f_frsize"] as const) {
    json[k] = m.fieldJson(unsigned(k));
    text.push([k, m.fieldText(unsigned(k))!]);
  }
  const fl = m.u64(f.f_flags[0])!;
  if (fl & ST_VALID) {
    const shown = flagsOf(STATFS_FLAGS, c.arch).format(fl);
    json.f_flags = shown.names;
    text.push(["f_flags", shown.text]);
  }
  return { json, text: struct(text) };
}, { out: true });

/** utime's struct utimbuf: two times in seconds, each with its date. */
const UTIMBUF = { size: 16, fields: { actime: [0, 8, 1], modtime: [8, 8, 1] } } as const;
const utimbuf: ArgType = structArg(UTIMBUF, (m) => {
  const f = UTIMBUF.fields;
  return {
    json: { actime: m.fieldJson(f.actime), modtime: m.fieldJson(f.modtime) },
    text: struct([["actime", secondsText(m.fieldText(f.actime)!, m.field(f.actime)!)], ["modtime", secondsText(m.fieldText(f.modtime)!, m.field(f.modtime)!)]]),
  };
});

const atFilename = { dfd: dirfd, filename: path };
const atPathname = { dfd: dirfd, pathname: path };

export const FS: CallSpecs = {
  utimensat: { args: { dfd: dirfd, filename: path, utimes, flags: atFlags } },
  utimes: { args: { filename: path, utimes: utimesTimeval } },
  futimesat: { args: { dfd: dirfd, filename: path, utimes: utimesTimeval } },
  utime: { args: { filename: path, times: utimbuf } },
  statfs: { args: { pathname: path, buf: statfsOut } },
  fstatfs: { args: { fd, buf: statfsOut } },
  open: { names: { filename: "pathname" }, args: { filename: path, flags: openFlags, mode: openMode(1) } },
  openat: { names: { dfd: "dir_fd", filename: "pathname" }, args: { ...atFilename, flags: openFlags, mode: openMode(2) } },
  openat2: { args: { ...atFilename, how: openHow, usize: size } },
  creat: { args: { pathname: path, mode } },

  stat: { args: { filename: path, statbuf: statOut } },
  lstat: { args: { filename: path, statbuf: statOut } },
  fstat: { args: { fd, statbuf: statOut } },
  newfstatat: { args: { ...atFilename, statbuf: statOut, flag: atFlags } },
  statx: {
    args: {
      ...atFilename,
      flags: statxFlags,
      mask: flags(STATX_MASK),
      buffer: statxOut,
    },
  },

  access: { args: { filename: path, mode: flags(ACCESS_MODE) } },
  faccessat: { args: { ...atFilename, mode: flags(ACCESS_MODE) } },
  faccessat2: { args: { ...atFilename, mode: flags(ACCESS_MODE), flags: flags(FACCESSAT_FLAGS) } },

  chdir: { args: { filename: path } },
  fchdir: { args: { fd } },
  chroot: { args: { filename: path } },
  pivot_root: { args: { new_root: path, put_old: path } },
  getcwd: { args: { buf: strOut({ countsNul: true }), size } },
  umask: { args: { mask: umaskMode }, ret: (c) => octal(c.ret!) },

  mkdir: { args: { pathname: path, mode } },
  mkdirat: { args: { ...atPathname, mode } },
  mknod: { args: { filename: path, mode: fileMode } },
  mknodat: { args: { ...atFilename, mode: fileMode } },
  rmdir: { args: { pathname: path } },
  unlink: { args: { pathname: path } },
  unlinkat: { args: { ...atPathname, flag: atFlags } },

  rename: { args: { oldname: path, newname: path } },
  renameat: { args: { olddfd: dirfd, oldname: path, newdfd: dirfd, newname: path } },
  renameat2: { args: { olddfd: dirfd, oldname: path, newdfd: dirfd, newname: path, flags: flags(RENAME_FLAGS) } },
  link: { args: { oldname: path, newname: path } },
  linkat: { args: { olddfd: dirfd, oldname: path, newdfd: dirfd, newname: path, flags: atFlags } },
  symlink: { args: { oldname: path, newname: path } },
  symlinkat: { args: { oldname: path, newdfd: dirfd, newname: path } },
  readlink: { args: { path, buf: strOut(), bufsiz: int } },
  readlinkat: { args: { ...atPathname, buf: strOut(), bufsiz: int } },

  chmod: { args: { filename: path, mode } },
  fchmod: { args: { fd, mode } },
  fchmodat: { args: { ...atFilename, mode } },
  chown: { args: { filename: path, user: uid, group: uid } },
  lchown: { args: { filename: path, user: uid, group: uid } },
  fchown: { args: { fd, user: uid, group: uid } },
  fchownat: { args: { ...atFilename, user: uid, group: uid, flag: atFlags } },
  truncate: { args: { path, length: long } },
  ftruncate: { args: { fd, length: long } },
  getdents: { args: { fd, dirent: dirents(DIRENT_SHAPE), count: uint } },
  getdents64: { args: { fd, dirent: dirents(DIRENT64_SHAPE), count: uint } },

  mount: { args: { dev_name: path, dir_name: path, type: mountType, flags: mountFlags, data: mountData } },
  umount2: { args: { name: path, flags: flags(UMOUNT_FLAGS) } },
};
