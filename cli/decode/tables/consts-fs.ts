// generated from <linux/fcntl.h>, <unistd.h>, <linux/fs.h>, <fcntl.h>, <linux/close_range.h>, <linux/openat2.h>, <linux/stat.h>, <linux/mount.h>, <sys/mount.h>, <linux/inotify.h>, <linux/fanotify.h>, <asm/termbits.h>, <asm/ioctls.h>, <linux/sockios.h>, <linux/fiemap.h>, <linux/falloc.h>, <linux/xattr.h>, <linux/fadvise.h>, <linux/magic.h>, <sys/statvfs.h>, cli/decode/data/consts.in by scripts/gen-tables.ts — do not edit
// [name, value] or [name, value, arch] for members that exist on one arch only.
type ConstSet = {
  readonly kind: "flags" | "values";
  /** Flags show ascending by value, or descending, or in the order of the entries (listed). */
  readonly order?: "descending" | "listed";
  /** The comment on unknown bits when it is not the names' common prefix followed by ??? (access: ?_OK). */
  readonly unknown?: string;
  readonly entries: readonly (readonly [string, number] | readonly [string, number, string])[];
};

// fcntl_cmd: linux/fcntl.h
export const FCNTL_CMD: ConstSet = {
  kind: "values",
  entries: [
    ["F_DUPFD", 0], ["F_GETFD", 1], ["F_SETFD", 2], ["F_GETFL", 3], ["F_SETFL", 4], ["F_GETLK", 5],
    ["F_SETLK", 6], ["F_SETLKW", 7], ["F_SETOWN", 8], ["F_GETOWN", 9], ["F_SETSIG", 10], ["F_GETSIG", 11],
    ["F_SETOWN_EX", 15], ["F_GETOWN_EX", 16], ["F_GETOWNER_UIDS", 17], ["F_OFD_GETLK", 36],
    ["F_OFD_SETLK", 37], ["F_OFD_SETLKW", 38], ["F_SETLEASE", 1024], ["F_GETLEASE", 1025], ["F_NOTIFY", 1026],
    ["F_CANCELLK", 1029], ["F_DUPFD_CLOEXEC", 1030], ["F_SETPIPE_SZ", 1031], ["F_GETPIPE_SZ", 1032],
    ["F_ADD_SEALS", 1033], ["F_GET_SEALS", 1034], ["F_GET_RW_HINT", 1035], ["F_SET_RW_HINT", 1036],
  ],
};

// fd_flags: linux/fcntl.h
export const FD_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["FD_CLOEXEC", 0x1],
  ],
};

// seals: linux/fcntl.h
export const SEALS: ConstSet = {
  kind: "flags",
  entries: [
    ["F_SEAL_SEAL", 0x1], ["F_SEAL_SHRINK", 0x2], ["F_SEAL_GROW", 0x4], ["F_SEAL_WRITE", 0x8],
    ["F_SEAL_FUTURE_WRITE", 0x10],
  ],
};

// f_owner_type: linux/fcntl.h
export const F_OWNER_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["F_OWNER_TID", 0], ["F_OWNER_PID", 1], ["F_OWNER_PGRP", 2],
  ],
};

// lock_type: linux/fcntl.h
export const LOCK_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["F_RDLCK", 0], ["F_WRLCK", 1], ["F_UNLCK", 2],
  ],
};

// flock_op: linux/fcntl.h
export const FLOCK_OP: ConstSet = {
  kind: "flags",
  entries: [
    ["LOCK_SH", 0x1], ["LOCK_EX", 0x2], ["LOCK_NB", 0x4], ["LOCK_UN", 0x8], ["LOCK_MAND", 0x20],
    ["LOCK_READ", 0x40], ["LOCK_WRITE", 0x80],
  ],
};

// dnotify: linux/fcntl.h
export const DNOTIFY: ConstSet = {
  kind: "flags",
  entries: [
    ["DN_ACCESS", 0x1], ["DN_MODIFY", 0x2], ["DN_CREATE", 0x4], ["DN_DELETE", 0x8], ["DN_RENAME", 0x10],
    ["DN_ATTRIB", 0x20], ["DN_MULTISHOT", 0x80000000],
  ],
};

// at_flags: linux/fcntl.h
export const AT_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["AT_SYMLINK_NOFOLLOW", 0x100], ["AT_REMOVEDIR", 0x200], ["AT_SYMLINK_FOLLOW", 0x400],
    ["AT_NO_AUTOMOUNT", 0x800], ["AT_EMPTY_PATH", 0x1000], ["AT_RECURSIVE", 0x8000],
  ],
};

// faccessat_flags: linux/fcntl.h
export const FACCESSAT_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["AT_SYMLINK_NOFOLLOW", 0x100], ["AT_EACCESS", 0x200], ["AT_EMPTY_PATH", 0x1000],
  ],
};

// statx_sync: linux/fcntl.h
export const STATX_SYNC: ConstSet = {
  kind: "values",
  entries: [
    ["AT_STATX_SYNC_AS_STAT", 0], ["AT_STATX_FORCE_SYNC", 8192], ["AT_STATX_DONT_SYNC", 16384],
  ],
};

// statx_sync_mask: linux/fcntl.h
export const STATX_SYNC_MASK: ConstSet = {
  kind: "values",
  entries: [
    ["AT_STATX_SYNC_TYPE", 24576],
  ],
};

// access_mode: unistd.h
export const ACCESS_MODE: ConstSet = {
  kind: "flags",
  order: "descending",
  unknown: "?_OK",
  entries: [
    ["F_OK", 0x0], ["X_OK", 0x1], ["W_OK", 0x2], ["R_OK", 0x4],
  ],
};

// seek_whence: linux/fs.h
export const SEEK_WHENCE: ConstSet = {
  kind: "values",
  entries: [
    ["SEEK_SET", 0], ["SEEK_CUR", 1], ["SEEK_END", 2], ["SEEK_DATA", 3], ["SEEK_HOLE", 4],
  ],
};

// rename_flags: linux/fs.h
export const RENAME_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["RENAME_NOREPLACE", 0x1], ["RENAME_EXCHANGE", 0x2], ["RENAME_WHITEOUT", 0x4],
  ],
};

// sync_file_range: linux/fs.h
export const SYNC_FILE_RANGE: ConstSet = {
  kind: "flags",
  entries: [
    ["SYNC_FILE_RANGE_WAIT_BEFORE", 0x1], ["SYNC_FILE_RANGE_WRITE", 0x2], ["SYNC_FILE_RANGE_WAIT_AFTER", 0x4],
  ],
};

// splice_flags: fcntl.h
export const SPLICE_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["SPLICE_F_MOVE", 0x1], ["SPLICE_F_NONBLOCK", 0x2], ["SPLICE_F_MORE", 0x4], ["SPLICE_F_GIFT", 0x8],
  ],
};

// rwf_flags: linux/fs.h
export const RWF_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["RWF_HIPRI", 0x1], ["RWF_DSYNC", 0x2], ["RWF_SYNC", 0x4], ["RWF_NOWAIT", 0x8], ["RWF_APPEND", 0x10],
  ],
};

// close_range: linux/close_range.h
export const CLOSE_RANGE: ConstSet = {
  kind: "flags",
  entries: [
    ["CLOSE_RANGE_UNSHARE", 0x2], ["CLOSE_RANGE_CLOEXEC", 0x4],
  ],
};

// resolve: linux/openat2.h
export const RESOLVE: ConstSet = {
  kind: "flags",
  entries: [
    ["RESOLVE_NO_XDEV", 0x1], ["RESOLVE_NO_MAGICLINKS", 0x2], ["RESOLVE_NO_SYMLINKS", 0x4],
    ["RESOLVE_BENEATH", 0x8], ["RESOLVE_IN_ROOT", 0x10], ["RESOLVE_CACHED", 0x20],
  ],
};

// file_type: linux/stat.h
export const FILE_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["S_IFIFO", 4096], ["S_IFCHR", 8192], ["S_IFDIR", 16384], ["S_IFBLK", 24576], ["S_IFREG", 32768],
    ["S_IFLNK", 40960], ["S_IFSOCK", 49152],
  ],
};

// statx_mask: linux/stat.h
export const STATX_MASK: ConstSet = {
  kind: "flags",
  entries: [
    ["STATX_TYPE", 0x1], ["STATX_MODE", 0x2], ["STATX_NLINK", 0x4], ["STATX_UID", 0x8], ["STATX_GID", 0x10],
    ["STATX_ATIME", 0x20], ["STATX_MTIME", 0x40], ["STATX_CTIME", 0x80], ["STATX_INO", 0x100],
    ["STATX_SIZE", 0x200], ["STATX_BLOCKS", 0x400], ["STATX_BASIC_STATS", 0x7ff], ["STATX_BTIME", 0x800],
    ["STATX_MNT_ID", 0x1000], ["STATX_DIOALIGN", 0x2000],
  ],
};

// statx_attr: linux/stat.h
export const STATX_ATTR: ConstSet = {
  kind: "flags",
  entries: [
    ["STATX_ATTR_COMPRESSED", 0x4], ["STATX_ATTR_IMMUTABLE", 0x10], ["STATX_ATTR_APPEND", 0x20],
    ["STATX_ATTR_NODUMP", 0x40], ["STATX_ATTR_ENCRYPTED", 0x800], ["STATX_ATTR_AUTOMOUNT", 0x1000],
    ["STATX_ATTR_MOUNT_ROOT", 0x2000], ["STATX_ATTR_VERITY", 0x100000], ["STATX_ATTR_DAX", 0x200000],
  ],
};

// mount_flags: linux/mount.h
export const MOUNT_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["MS_RDONLY", 0x1], ["MS_NOSUID", 0x2], ["MS_NODEV", 0x4], ["MS_NOEXEC", 0x8], ["MS_SYNCHRONOUS", 0x10],
    ["MS_REMOUNT", 0x20], ["MS_MANDLOCK", 0x40], ["MS_DIRSYNC", 0x80], ["MS_NOSYMFOLLOW", 0x100],
    ["MS_NOATIME", 0x400], ["MS_NODIRATIME", 0x800], ["MS_BIND", 0x1000], ["MS_MOVE", 0x2000],
    ["MS_REC", 0x4000], ["MS_SILENT", 0x8000], ["MS_POSIXACL", 0x10000], ["MS_UNBINDABLE", 0x20000],
    ["MS_PRIVATE", 0x40000], ["MS_SLAVE", 0x80000], ["MS_SHARED", 0x100000], ["MS_RELATIME", 0x200000],
    ["MS_KERNMOUNT", 0x400000], ["MS_I_VERSION", 0x800000], ["MS_STRICTATIME", 0x1000000],
    ["MS_LAZYTIME", 0x2000000], ["MS_SUBMOUNT", 0x4000000], ["MS_NOREMOTELOCK", 0x8000000],
    ["MS_NOSEC", 0x10000000], ["MS_BORN", 0x20000000], ["MS_ACTIVE", 0x40000000], ["MS_NOUSER", 0x80000000],
  ],
};

// umount_flags: sys/mount.h
export const UMOUNT_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["MNT_FORCE", 0x1], ["MNT_DETACH", 0x2], ["MNT_EXPIRE", 0x4], ["UMOUNT_NOFOLLOW", 0x8],
  ],
};

// inotify_init: linux/inotify.h
export const INOTIFY_INIT: ConstSet = {
  kind: "flags",
  entries: [
    ["IN_NONBLOCK", 0x800], ["IN_CLOEXEC", 0x80000],
  ],
};

// inotify_mask: linux/inotify.h
export const INOTIFY_MASK: ConstSet = {
  kind: "flags",
  entries: [
    ["IN_ACCESS", 0x1], ["IN_MODIFY", 0x2], ["IN_ATTRIB", 0x4], ["IN_CLOSE_WRITE", 0x8],
    ["IN_CLOSE_NOWRITE", 0x10], ["IN_OPEN", 0x20], ["IN_MOVED_FROM", 0x40], ["IN_MOVED_TO", 0x80],
    ["IN_CREATE", 0x100], ["IN_DELETE", 0x200], ["IN_DELETE_SELF", 0x400], ["IN_MOVE_SELF", 0x800],
    ["IN_UNMOUNT", 0x2000], ["IN_Q_OVERFLOW", 0x4000], ["IN_IGNORED", 0x8000], ["IN_ONLYDIR", 0x1000000],
    ["IN_DONT_FOLLOW", 0x2000000], ["IN_EXCL_UNLINK", 0x4000000], ["IN_MASK_CREATE", 0x10000000],
    ["IN_MASK_ADD", 0x20000000], ["IN_ISDIR", 0x40000000], ["IN_ONESHOT", 0x80000000],
  ],
};

// fan_class: linux/fanotify.h
export const FAN_CLASS: ConstSet = {
  kind: "values",
  entries: [
    ["FAN_CLASS_NOTIF", 0], ["FAN_CLASS_CONTENT", 4], ["FAN_CLASS_PRE_CONTENT", 8],
  ],
};

// fan_init: linux/fanotify.h
export const FAN_INIT: ConstSet = {
  kind: "flags",
  entries: [
    ["FAN_CLOEXEC", 0x1], ["FAN_NONBLOCK", 0x2], ["FAN_UNLIMITED_QUEUE", 0x10], ["FAN_UNLIMITED_MARKS", 0x20],
    ["FAN_ENABLE_AUDIT", 0x40], ["FAN_REPORT_PIDFD", 0x80], ["FAN_REPORT_TID", 0x100],
    ["FAN_REPORT_FID", 0x200], ["FAN_REPORT_DIR_FID", 0x400], ["FAN_REPORT_NAME", 0x800],
    ["FAN_REPORT_TARGET_FID", 0x1000],
  ],
};

// fan_mark: linux/fanotify.h
export const FAN_MARK: ConstSet = {
  kind: "flags",
  entries: [
    ["FAN_MARK_ADD", 0x1], ["FAN_MARK_REMOVE", 0x2], ["FAN_MARK_DONT_FOLLOW", 0x4], ["FAN_MARK_ONLYDIR", 0x8],
    ["FAN_MARK_MOUNT", 0x10], ["FAN_MARK_IGNORED_MASK", 0x20], ["FAN_MARK_IGNORED_SURV_MODIFY", 0x40],
    ["FAN_MARK_FLUSH", 0x80], ["FAN_MARK_FILESYSTEM", 0x100], ["FAN_MARK_EVICTABLE", 0x200],
    ["FAN_MARK_IGNORE", 0x400],
  ],
};

// fan_events: linux/fanotify.h, linux 5.7 uapi fanotify.h (removed in 5.9; strace still names the bit)
export const FAN_EVENTS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["FAN_ACCESS", 0x1], ["FAN_MODIFY", 0x2], ["FAN_ATTRIB", 0x4], ["FAN_CLOSE_WRITE", 0x8],
    ["FAN_CLOSE_NOWRITE", 0x10], ["FAN_OPEN", 0x20], ["FAN_MOVED_FROM", 0x40], ["FAN_MOVED_TO", 0x80],
    ["FAN_CREATE", 0x100], ["FAN_DELETE", 0x200], ["FAN_DELETE_SELF", 0x400], ["FAN_MOVE_SELF", 0x800],
    ["FAN_OPEN_EXEC", 0x1000], ["FAN_Q_OVERFLOW", 0x4000], ["FAN_FS_ERROR", 0x8000],
    ["FAN_OPEN_PERM", 0x10000], ["FAN_ACCESS_PERM", 0x20000], ["FAN_OPEN_EXEC_PERM", 0x40000],
    ["FAN_DIR_MODIFY", 0x80000], ["FAN_ONDIR", 0x40000000], ["FAN_EVENT_ON_CHILD", 0x8000000],
    ["FAN_RENAME", 0x10000000],
  ],
};

// ioctl_request: asm/termbits.h, asm/ioctls.h, linux/sockios.h, linux/fs.h, linux/fiemap.h
export const IOCTL_REQUEST: ConstSet = {
  kind: "values",
  entries: [
    ["BLKROGET", 4702], ["BLKGETSIZE", 4704], ["BLKFLSBUF", 4705], ["BLKSSZGET", 4712], ["BLKDISCARD", 4727],
    ["TCGETS", 21505], ["TCSETS", 21506], ["TCSETSW", 21507], ["TCSETSF", 21508], ["TCGETA", 21509],
    ["TCSETA", 21510], ["TCSETAW", 21511], ["TCSETAF", 21512], ["TCSBRK", 21513], ["TCXONC", 21514],
    ["TCFLSH", 21515], ["TIOCEXCL", 21516], ["TIOCNXCL", 21517], ["TIOCSCTTY", 21518], ["TIOCGPGRP", 21519],
    ["TIOCSPGRP", 21520], ["TIOCOUTQ", 21521], ["TIOCSTI", 21522], ["TIOCGWINSZ", 21523],
    ["TIOCSWINSZ", 21524], ["TIOCMGET", 21525], ["TIOCMBIS", 21526], ["TIOCMBIC", 21527], ["TIOCMSET", 21528],
    ["TIOCGSOFTCAR", 21529], ["TIOCSSOFTCAR", 21530], ["FIONREAD", 21531], ["TIOCLINUX", 21532],
    ["TIOCCONS", 21533], ["TIOCPKT", 21536], ["FIONBIO", 21537], ["TIOCNOTTY", 21538], ["TIOCSETD", 21539],
    ["TIOCGETD", 21540], ["TIOCSBRK", 21543], ["TIOCCBRK", 21544], ["TIOCGSID", 21545],
    ["TIOCVHANGUP", 21559], ["TIOCGPTPEER", 21569], ["FIONCLEX", 21584], ["FIOCLEX", 21585],
    ["FIOASYNC", 21586], ["FIOQSIZE", 21600], ["SIOCGSTAMP_OLD", 35078], ["SIOCGIFNAME", 35088],
    ["SIOCGIFCONF", 35090], ["SIOCGIFFLAGS", 35091], ["SIOCSIFFLAGS", 35092], ["SIOCGIFADDR", 35093],
    ["SIOCSIFADDR", 35094], ["SIOCGIFBRDADDR", 35097], ["SIOCGIFNETMASK", 35099], ["SIOCGIFMTU", 35105],
    ["SIOCSIFMTU", 35106], ["SIOCGIFHWADDR", 35111], ["SIOCGIFINDEX", 35123], ["SIOCETHTOOL", 35142],
    ["TIOCSPTLCK", 1074025521], ["TIOCSIG", 1074025526], ["FICLONE", 1074041865],
    ["FS_IOC_SETFLAGS", 1074292226], ["FS_IOC_SETVERSION", 1074296322], ["FS_IOC_FSSETXATTR", 1075599392],
    ["FICLONERANGE", 1075876877], ["TCSETS2", 1076646955], ["TCSETSW2", 1076646956], ["TCSETSF2", 1076646957],
    ["TIOCGPTN", 2147767344], ["TIOCGDEV", 2147767346], ["TIOCGPKT", 2147767352], ["TIOCGPTLCK", 2147767353],
    ["TIOCGEXCL", 2147767360], ["BLKGETSIZE64", 2148012658], ["FS_IOC_GETFLAGS", 2148034049],
    ["FS_IOC_GETVERSION", 2148038145], ["FS_IOC_FSGETXATTR", 2149341215], ["TCGETS2", 2150388778],
    ["FIFREEZE", 3221510263], ["FITHAW", 3221510264], ["FITRIM", 3222820985], ["FIDEDUPERANGE", 3222836278],
    ["FS_IOC_FIEMAP", 3223348747],
  ],
};

// falloc_mode: linux/falloc.h
export const FALLOC_MODE: ConstSet = {
  kind: "flags",
  entries: [
    ["FALLOC_FL_KEEP_SIZE", 0x1], ["FALLOC_FL_PUNCH_HOLE", 0x2], ["FALLOC_FL_NO_HIDE_STALE", 0x4],
    ["FALLOC_FL_COLLAPSE_RANGE", 0x8], ["FALLOC_FL_ZERO_RANGE", 0x10], ["FALLOC_FL_INSERT_RANGE", 0x20],
    ["FALLOC_FL_UNSHARE_RANGE", 0x40],
  ],
};

// xattr_flags: linux/xattr.h
export const XATTR_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["XATTR_CREATE", 0x1], ["XATTR_REPLACE", 0x2],
  ],
};

// fadvise_advice: linux/fadvise.h
export const FADVISE_ADVICE: ConstSet = {
  kind: "values",
  entries: [
    ["POSIX_FADV_NORMAL", 0], ["POSIX_FADV_RANDOM", 1], ["POSIX_FADV_SEQUENTIAL", 2],
    ["POSIX_FADV_WILLNEED", 3], ["POSIX_FADV_DONTNEED", 4], ["POSIX_FADV_NOREUSE", 5],
  ],
};

// open_tree_flags: linux/fcntl.h, linux/mount.h
export const OPEN_TREE_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["OPEN_TREE_CLONE", 0x1], ["OPEN_TREE_CLOEXEC", 0x80000],
  ],
};

// move_mount_flags: linux/mount.h
export const MOVE_MOUNT_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["MOVE_MOUNT_F_SYMLINKS", 0x1], ["MOVE_MOUNT_F_AUTOMOUNTS", 0x2], ["MOVE_MOUNT_F_EMPTY_PATH", 0x4],
    ["MOVE_MOUNT_T_SYMLINKS", 0x10], ["MOVE_MOUNT_T_AUTOMOUNTS", 0x20], ["MOVE_MOUNT_T_EMPTY_PATH", 0x40],
    ["MOVE_MOUNT_SET_GROUP", 0x100],
  ],
};

// fsopen_flags: linux/mount.h
export const FSOPEN_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["FSOPEN_CLOEXEC", 0x1],
  ],
};

// fspick_flags: linux/mount.h
export const FSPICK_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["FSPICK_CLOEXEC", 0x1], ["FSPICK_SYMLINK_NOFOLLOW", 0x2], ["FSPICK_NO_AUTOMOUNT", 0x4],
    ["FSPICK_EMPTY_PATH", 0x8],
  ],
};

// fsmount_flags: linux/mount.h
export const FSMOUNT_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["FSMOUNT_CLOEXEC", 0x1],
  ],
};

// mount_attr: linux/mount.h
export const MOUNT_ATTR: ConstSet = {
  kind: "flags",
  entries: [
    ["MOUNT_ATTR_RDONLY", 0x1], ["MOUNT_ATTR_NOSUID", 0x2], ["MOUNT_ATTR_NODEV", 0x4],
    ["MOUNT_ATTR_NOEXEC", 0x8], ["MOUNT_ATTR_NOATIME", 0x10], ["MOUNT_ATTR_STRICTATIME", 0x20],
    ["MOUNT_ATTR_NODIRATIME", 0x80], ["MOUNT_ATTR_IDMAP", 0x100000], ["MOUNT_ATTR_NOSYMFOLLOW", 0x200000],
  ],
};

// fsconfig_cmd: linux/mount.h
export const FSCONFIG_CMD: ConstSet = {
  kind: "values",
  entries: [
    ["FSCONFIG_SET_FLAG", 0], ["FSCONFIG_SET_STRING", 1], ["FSCONFIG_SET_BINARY", 2],
    ["FSCONFIG_SET_PATH", 3], ["FSCONFIG_SET_PATH_EMPTY", 4], ["FSCONFIG_SET_FD", 5],
    ["FSCONFIG_CMD_CREATE", 6], ["FSCONFIG_CMD_RECONFIGURE", 7],
  ],
};

// fs_magic: linux/magic.h, file systems' own sources (not in linux/magic.h), same
export const FS_MAGIC: ConstSet = {
  kind: "values",
  entries: [
    ["QNX4_SUPER_MAGIC", 47], ["Z3FOLD_MAGIC", 51], ["AUTOFS_SUPER_MAGIC", 391], ["DEVFS_SUPER_MAGIC", 4979],
    ["EXT_SUPER_MAGIC", 4989], ["MINIX_SUPER_MAGIC", 4991], ["DEVPTS_SUPER_MAGIC", 7377],
    ["MINIX2_SUPER_MAGIC", 9320], ["NILFS_SUPER_MAGIC", 13364], ["HFS_SUPER_MAGIC", 16964],
    ["HFSPLUS_SUPER_MAGIC", 18475], ["MSDOS_SUPER_MAGIC", 19780], ["MINIX3_SUPER_MAGIC", 19802],
    ["SMB_SUPER_MAGIC", 20859], ["NCP_SUPER_MAGIC", 22092], ["EXOFS_SUPER_MAGIC", 24053],
    ["NFS_SUPER_MAGIC", 26985], ["ROMFS_MAGIC", 29301], ["JFFS2_SUPER_MAGIC", 29366],
    ["ISOFS_SUPER_MAGIC", 38496], ["PROC_SUPER_MAGIC", 40864], ["OPENPROM_SUPER_MAGIC", 40865],
    ["USBDEVICE_SUPER_MAGIC", 40866], ["ADFS_SUPER_MAGIC", 44533], ["AFFS_SUPER_MAGIC", 44543],
    ["EXT2_OLD_SUPER_MAGIC", 61265], ["EXT2_SUPER_MAGIC", 61267], ["ECRYPTFS_SUPER_MAGIC", 61791],
    ["UFS_MAGIC", 72020], ["CGROUP_SUPER_MAGIC", 2613483], ["EFS_SUPER_MAGIC", 4278867],
    ["HOSTFS_SUPER_MAGIC", 12648430], ["CEPH_SUPER_MAGIC", 12805120], ["TMPFS_MAGIC", 16914836],
    ["V9FS_MAGIC", 16914839], ["GFS2_MAGIC", 18225520], ["XIAFS_SUPER_MAGIC", 19911021],
    ["XENIX_SUPER_MAGIC", 19920820], ["SYSV4_SUPER_MAGIC", 19920821], ["SYSV2_SUPER_MAGIC", 19920822],
    ["COH_SUPER_MAGIC", 19920823], ["SHMFS_SUPER_MAGIC", 33626516], ["ANON_INODE_FS_MAGIC", 151263540],
    ["FUTEXFS_SUPER_MAGIC", 195894762], ["MTD_INODE_FS_MAGIC", 288389204], ["BALLOON_KVM_MAGIC", 325456742],
    ["UDF_SUPER_MAGIC", 352400198], ["BFS_MAGIC", 464386766], ["EXFAT_SUPER_MAGIC", 538032816],
    ["UBIFS_SUPER_MAGIC", 604313861], ["CRAMFS_MAGIC", 684539205], ["ZFS_SUPER_MAGIC", 801189825],
    ["JFS_SUPER_MAGIC", 827541066], ["BEFS_SUPER_MAGIC", 1111905073], ["BINFMTFS_MAGIC", 1112100429],
    ["SMACK_MAGIC", 1128357203], ["DMA_BUF_MAGIC", 1145913666], ["DEVMEM_MAGIC", 1162691661],
    ["GPFS_SUPER_MAGIC", 1196443219], ["PIPEFS_MAGIC", 1346981957], ["REISERFS_SUPER_MAGIC", 1382369651],
    ["SECRETMEM_MAGIC", 1397048141], ["AFS_SUPER_MAGIC", 1397113167], ["NTFS_SB_MAGIC", 1397118030],
    ["SOCKFS_MAGIC", 1397703499], ["UFS_CIGAM", 1410924800], ["VZFS_SUPER_MAGIC", 1448756819],
    ["STACK_END_MAGIC", 1470918301], ["ZSMALLOC_MAGIC", 1479104553], ["XFS_SUPER_MAGIC", 1481003842],
    ["AAFS_MAGIC", 1513908720], ["ZONEFS_MAGIC", 1515144787], ["PSTOREFS_MAGIC", 1634035564],
    ["AUFS_SUPER_MAGIC", 1635083891], ["BDEVFS_MAGIC", 1650746742], ["CONFIGFS_MAGIC", 1650812272],
    ["SYSFS_MAGIC", 1650812274], ["CGROUP2_SUPER_MAGIC", 1667723888], ["DEBUGFS_MAGIC", 1684170528],
    ["DAXFS_MAGIC", 1684300152], ["FUSE_CTL_SUPER_MAGIC", 1702057283], ["FUSE_SUPER_MAGIC", 1702057286],
    ["QNX6_SUPER_MAGIC", 1746473250], ["AFS_FS_MAGIC", 1799439955], ["BINDERFS_SUPER_MAGIC", 1819242352],
    ["NSFS_MAGIC", 1853056627], ["SECURITYFS_MAGIC", 1935894131], ["SQUASHFS_MAGIC", 1936814952],
    ["BTRFS_TEST_MAGIC", 1936880249], ["CODA_SUPER_MAGIC", 1937076805], ["OCFS2_SUPER_MAGIC", 1952539503],
    ["TRACEFS_MAGIC", 1953653091], ["OVERLAYFS_SUPER_MAGIC", 2035054128], ["RAMFS_MAGIC", 2240043254],
    ["BTRFS_SUPER_MAGIC", 2435016766], ["HUGETLBFS_MAGIC", 2508478710], ["VXFS_SUPER_MAGIC", 2768370933],
    ["XENFS_SUPER_MAGIC", 2881100148], ["PPC_CMM_MAGIC", 3344373136], ["LOGFS_MAGIC", 3380511080],
    ["BPF_FS_MAGIC", 3405662737], ["EFIVARFS_MAGIC", 3730735588], ["F2FS_SUPER_MAGIC", 4076150800],
    ["SELINUX_MAGIC", 4185718668], ["HPFS_SUPER_MAGIC", 4187351113], ["SMB2_SUPER_MAGIC", 4266872130],
    ["CIFS_SUPER_MAGIC", 4283649346],
  ],
};

// statfs_flags: sys/statvfs.h, kernel include/linux/statfs.h (not exported)
export const STATFS_FLAGS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["ST_VALID", 0x20], ["ST_RDONLY", 0x1], ["ST_NOSUID", 0x2], ["ST_NODEV", 0x4], ["ST_NOEXEC", 0x8],
    ["ST_SYNCHRONOUS", 0x10], ["ST_MANDLOCK", 0x40], ["ST_NOATIME", 0x400], ["ST_NODIRATIME", 0x800],
    ["ST_RELATIME", 0x1000], ["ST_NOSYMFOLLOW", 0x2000],
  ],
};
