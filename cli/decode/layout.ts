// generated from bpf/events.h by scripts/gen-layout.ts — do not edit
/* The kernel/user boundary as the C compiler lays it out: offsets and sizes of
 * every struct, every enum and #define of bpf/events.h. */

export const COMM_LEN = 16;
/** syscall filter / capture spec index bound */
export const MAX_SYSCALLS = 1024;
/** captured user bytes per event (power of 2) */
export const CAP_BUDGET = 4096;
/** bytes kept of one fd_set (4096 descriptors): select's three, twice, fit the budget */
export const FDSET_MAX = 512;
/** hard bound on argv entries walked */
export const ARGV_LIMIT = 64;
/** iovec elements captured per array (each up to str_max bytes) */
export const IOV_MAX = 16;
/** messages captured per sendmmsg/recvmmsg */
export const MMSG_MAX = 4;
/** bytes kept of a path (PATH_MAX; strace prints paths in full, --strsize cuts strings), within the budget */
export const PATH_MAX = 4096;
/** bytes of a message's address (sizeof(struct sockaddr_storage)) */
export const NAME_MAX = 128;
/** bytes of a message's control data (strace reads up to net.core.optmem_max) */
export const CONTROL_MAX = 1024;
/** bytes of a socket option's value kept whole whatever str_max is */
export const OPT_MAX = 256;
export const MAX_CPUS = 512;
/** the shim frames each drained record as [u32 len][u32 ring] */
export const FRAME_HEADER = 8;
/** swoll_caps_drop: keep CAP_BPF where every bpf() call checks it */
export const CAPS_KEEP_BPF_IF_GATED = 1;
export const MAX_RULES = 64;
/** pids named or followed, all rules together */
export const TGID_RULES = 8192;
export const COMM_RULES = 1024;
/** errno values a result filter can name: 0..4095 */
export const ERRNO_RULES = 4096;
export const CGROUP_RULES = 16384;
/** swoll_capture.arg of the result's SWOLL_CAP_FD item */
export const FD_RET = 6;
export const FD_NAME_LEN = 32;
export const LAT_BUCKETS = 30;
export const LAT_MIN_SHIFT = 6;
/** default capacity; user space may resize */
export const METRICS_ENTRIES = 16384;
export const SECCOMP_CGROUPS = 4096;
/** the cgroup's name and its ancestors', leaf first */
export const CGROUP_NAME_LEVELS = 6;
export const CGROUP_NAME_LEN = 96;

/** Byte offsets of struct swoll_event's fields, and its `size`. One syscall, entry and exit joined in the kernel. 160 bytes, 8-aligned. */
export const EVENT = {
  size: 160,
  /** enum swoll_event_kind */
  kind: 0,
  /** enum swoll_event_flag */
  flags: 2,
  /** bytes of this record including captures */
  recordSize: 4,
  /** syscall number (architecture specific) */
  nr: 8,
  /** process id */
  tgid: 12,
  /** thread id */
  tid: 16,
  uid: 20,
  gid: 24,
  /** session id (init pid namespace) */
  session: 28,
  /** namespace inode numbers */
  pidNs: 32,
  utsNs: 36,
  mntNs: 40,
  /** number of struct swoll_capture items that follow */
  capCount: 44,
  /** cgroup v2 id */
  cgroupId: 48,
  /** raw return value */
  ret: 56,
  /** CLOCK_MONOTONIC at entry */
  startNs: 64,
  /** CLOCK_MONOTONIC at exit (== start for NO_RETURN) */
  finishNs: 72,
  /** raw argument registers */
  args: 80,
  comm: 128,
  /** mask of the streaming rules this call matched */
  rules: 144,
  /** process id as its own pid namespace numbers it */
  nsTgid: 152,
  /** thread id as its own pid namespace numbers it */
  nsTid: 156,
} as const;

/** Byte offsets of struct swoll_capture's fields, and its `size`. Header of one captured argument; `len` data bytes follow, padded to 8. */
export const CAPTURE = {
  size: 8,
  /** argument index 0..5 */
  arg: 0,
  /** enum swoll_capture_kind */
  kind: 1,
  /** enum swoll_capture_flag */
  flags: 2,
  len: 4,
  /** the message (of an mmsghdr array) a Msg* or IovData item belongs to */
  index: 6,
} as const;

/** Byte offsets of struct swoll_fd_info's fields, and its `size`. What a descriptor referred to, read from the kernel's own file table at the call (strace -y names it): no later lookup in /proc can race with a close. 96 bytes. */
export const FD_INFO = {
  size: 104,
  /** the file's inode number; 0: no such descriptor */
  ino: 0,
  /** the inode's i_mode (S_IFSOCK, S_IFIFO, 0 for an anonymous inode) */
  mode: 8,
  /** a device file's device (kernel encoding: major << 20 | minor) */
  rdev: 12,
  /** sockets: address family */
  family: 16,
  /** sockets: SOCK_STREAM, SOCK_DGRAM... */
  type: 18,
  /** sockets: IPPROTO_TCP... */
  protocol: 20,
  /** inet sockets: local port (host order) */
  sport: 22,
  /** inet sockets: peer port (host order) */
  dport: 24,
  pad: 26,
  pad2: 28,
  /** inet sockets: local address (IPv4 in the first 4 bytes) */
  saddr: 32,
  /** inet sockets: peer address */
  daddr: 48,
  /** unix sockets: the peer's inode */
  peerIno: 64,
  /** the dentry's name ("[eventfd]" for an anonymous inode), cut short */
  name: 72,
} as const;

/** Byte offsets of struct swoll_capture_spec's fields, and its `size`. */
export const CAPTURE_SPEC = {
  size: 20,
  /** enum swoll_arg_capture per argument */
  args: 0,
  /** enum swoll_spec_flag */
  flags: 6,
  /** enum swoll_spec_fd */
  fds: 7,
  /** per kind: a byte count or an argument index */
  sizes: 8,
} as const;

/** Byte offsets of struct swoll_rules's fields, and its `size`. Which rules exist and what each one constrains, one bit per rule; one entry, written by user space only. A call matches rule i when, for every dimension the rule constrains (by_* bit i set), the dimension map's mask for the call's value has bit i set. Counting rules decide what is counted; streaming rules what is emitted, tagged with the matching streaming rules (swoll_event.rules). Counting is decided before, and independently of, the streaming rules. */
export const RULES = {
  size: 96,
  /** rules in use */
  active: 0,
  /** matches are streamed */
  stream: 8,
  /** matches are counted per cgroup (metrics_agg) */
  countCgroup: 16,
  /** matches are counted per process (metrics_proc) */
  countProcess: 24,
  /** constrained by syscall number (rule_syscalls) */
  bySyscall: 32,
  /** by process (tgid_rules) */
  byTgid: 40,
  /** by cgroup v2 id (cgroup_rules) */
  byCgroup: 48,
  /** by thread name (comm_rules) */
  byComm: 56,
  /** children forked by a matching process join the rule */
  follow: 64,
  /** streamed only when the call failed (-4095..-1) */
  failedOnly: 72,
  /** streamed only when it did not fail */
  okOnly: 80,
  /** streamed only when it failed with an errno of errno_rules */
  byErrno: 88,
} as const;

/** Byte offsets of struct swoll_metric_key's fields, and its `size`. */
export const METRIC_KEY = {
  size: 16,
  /** cgroup v2 id at exit (inode of the cgroup directory) */
  cgroupId: 0,
  /** syscall number */
  nr: 8,
  /** errno, 0 for success */
  err: 12,
} as const;

/** Byte offsets of struct swoll_metric_value's fields, and its `size`. */
export const METRIC_VALUE = {
  size: 256,
  count: 0,
  totalNs: 8,
  buckets: 16,
} as const;

/** Byte offsets of struct swoll_proc_metric_key's fields, and its `size`. The same, per process (swoll top, with metrics_by_process): the key adds the process and its exec generation, so that calls after an execve start entries of their own under the new name. 24 bytes. */
export const PROC_METRIC_KEY = {
  size: 24,
  cgroupId: 0,
  nr: 8,
  err: 12,
  /** process id in the initial pid namespace */
  tgid: 16,
  /** low 32 bits of task->self_exec_id: +1 per execve */
  execGen: 20,
} as const;

/** Byte offsets of struct swoll_proc_metric_value's fields, and its `size`. 272 bytes. The comm is the process's (its group leader's) when the entry was created, on the creating CPU's copy only; the others are 0. */
export const PROC_METRIC_VALUE = {
  size: 272,
  m: 0,
  comm: 256,
} as const;

/** Byte offsets of struct swoll_seccomp_cgroup's fields, and its `size`. */
export const SECCOMP_CGROUP = {
  size: 744,
  /** bit nr: syscall nr was made */
  bits: 0,
  /** CLOCK_MONOTONIC of the first recorded call */
  firstNs: 128,
  /** process of the first recorded call */
  firstTgid: 136,
  /** names filled */
  levels: 140,
  /** enum swoll_seccomp_flag (64-bit: set atomically) */
  flags: 144,
  firstComm: 152,
} as const;

/** Byte offsets of struct swoll_seccomp_denied_key's fields, and its `size`. swoll seccomp --check: a call the profile under test would deny, per (cgroup, syscall). */
export const SECCOMP_DENIED_KEY = {
  size: 16,
  cgroupId: 0,
  nr: 8,
  reserved: 12,
} as const;

/** Byte offsets of struct swoll_seccomp_denied's fields, and its `size`. */
export const SECCOMP_DENIED = {
  size: 32,
  count: 0,
  firstTgid: 8,
  reserved: 12,
  firstComm: 16,
} as const;

/** enum swoll_event_kind. */
export const EventKind = {
  Syscall: 1,
} as const;

/** enum swoll_event_flag. */
export const EventFlag = {
  /** emitted at entry: exit/exit_group never return */
  NoReturn: 1,
  /** capture budget ran out, later captures missing */
  CaptureExhausted: 2,
} as const;

/** enum swoll_capture_kind. */
export const CaptureKind = {
  /** NUL-terminated string argument */
  Str: 1,
  /** one element of a char *const[] argument, in order */
  ArgvItem: 2,
  /** raw bytes of a Bytes* capture */
  Bytes: 3,
  /** the bytes behind one iovec element, elements in order (index: the message) */
  IovData: 4,
  /** a message header's iovec array (index: the message) */
  MsgIov: 5,
  /** a message header's address, msg_namelen bytes (index: the message) */
  MsgName: 6,
  /** a message header's control data, msg_controllen bytes (index: the message) */
  MsgControl: 7,
  /** what a pointer field of the captured struct points to (index: the field's byte offset) */
  Field: 8,
  /** with swoll_capture_spec.fds (strace -y): struct swoll_fd_info for a descriptor (arg SWOLL_FD_RET: the result; index: the element of a pair) */
  Fd: 9,
  /** after a file's SWOLL_CAP_FD item: its path's names, last first, each NUL-terminated, to the root of its mount namespace */
  FdPath: 10,
} as const;

/** enum swoll_capture_flag. */
export const CaptureFlag = {
  /** string longer than the size limit */
  Truncated: 1,
  /** user memory could not be read (an ARRAY's Bytes: the readable part before the page that failed, if any; an argv string: its pointer; another string: the readable part before the page, if any, TRUNCATED; ArgvCount: the count before the unreadable pointer) */
  Fault: 2,
  /** argv had more entries than the limit (with FAULT: it stopped being readable; the item holds the address) */
  More: 4,
  /** read at entry (the value the caller passed), else at exit */
  Entry: 8,
  /** the memory ends at a page that cannot be read: only the bytes before it */
  Short: 16,
  /** an empty ArgvItem: the array is empty (its first pointer is NULL) */
  End: 32,
} as const;

/** enum swoll_arg_capture. What to capture for one syscall, indexed by syscall number. */
export const ArgCapture = {
  None: 0,
  /** NUL-terminated string, at most str_max bytes: one Str item */
  CStr: 1,
  /** char *const[]: one ArgvItem per string up to argv_max, then an empty one flagged More */
  Argv: 2,
  /** exactly sizes[i] bytes (a struct): one Bytes item */
  BytesFixed: 3,
  /** args[sizes[i] & 0xff] bytes, capped at str_max (SWOLL_SIZE_NAME: at SWOLL_NAME_MAX) */
  BytesArgLen: 4,
  /** ret bytes when ret > 0, capped at str_max and, when sizes[i] != 0, at args[sizes[i] - 1] (the buffer's size: recv's MSG_TRUNC returns more) */
  BytesRetLen: 5,
  /** *(u32 *)args[sizes[i] & 0xff] bytes (a socklen_t *), capped; with SWOLL_ARG_AT_BOTH, never more than it held at entry */
  BytesPtrLen: 6,
  /** count a char *const[] without copying it: a Bytes item holding a u32 (More at the limit) */
  ArgvCount: 7,
  /** args[sizes[i] & 0xff] elements of (sizes[i] >> 8) bytes (arrays: pollfd, gid_t), at most str_max of them (one more when that one faults) */
  BytesArgCount: 8,
  /** struct iovec[args[sizes[i] & 0xff]] (as many as strace shows, at most SWOLL_IOV_MAX): the array, then each element's bytes (IovData) */
  Iovec: 9,
  /** struct user_msghdr: the header, then its name, iovec array, element bytes and control data; with SWOLL_ARG_AT_BOTH also the header at entry (its msg_namelen bounds the name read at exit) */
  Msghdr: 10,
  /** struct mmsghdr[args[sizes[i] & 0xff]]: the array, then each message (at most SWOLL_MMSG_MAX) as MSGHDR */
  Mmsghdr: 11,
  /** sizes[i] bytes (struct flock) when args[1] is a lock command of fcntl, or F_[GS]ETOWN_EX */
  Flock: 12,
  /** the bytes ioctl's request names: its _IOC size, or a known terminal request's struct */
  Ioctl: 13,
  /** struct clone_args, args[sizes[i]] bytes (at most 128); the tids set_tid points to, and after a fork the pidfd and parent tid it wrote (Field items) */
  CloneArgs: 14,
  /** NUL-terminated path, at most SWOLL_PATH_MAX bytes (what the event budget leaves): one Str item */
  Path: 15,
  /** fd_set of (int)args[sizes[i]] descriptors: that many bits in whole longs, as select reads them (at most SWOLL_FDSET_MAX bytes) */
  Fdset: 16,
  /** args[sizes[i] & 0x7] elements of (sizes[i] >> 8) bytes, at most str_max elements (strace prints no more of an array) unless SWOLL_SIZE_EXIT_ALL */
  Array: 18,
  /** struct { void *p; size_t n; } (pselect6's sigmask): the 16 bytes, then n bytes at p (n <= sizes[i]) as a Field item */
  PtrLen: 17,
  /** ptrace's data: PTRACE_*REGSET's iovec (Bytes), then (Field, index 0) the registers it or PTRACE_{GET,SET}{,FP}REGS name, PTRACE_SETSIGINFO's siginfo, PTRACE_SETSIGMASK's sigset, PTRACE_SECCOMP_GET_METADATA's filter_off (at entry), PTRACE_PEEKSIGINFO's siginfos (at exit on success) */
  PtraceData: 20,
  /** bpf's attr, (u32)args[sizes[i]] bytes not capped at str_max (what the event budget leaves), then what its pointers name for the command (paths and names: Str; blobs: Field, index the pointer's offset) */
  BpfAttr: 19,
} as const;

/** enum swoll_arg_timing. Bits over enum swoll_arg_capture in swoll_capture_spec.args[i]. */
export const ArgTiming = {
  KindMask: 63,
  /** read at entry only (memory the call reads and then changes) */
  AtEntry: 64,
  /** read at entry and again at exit (value-result: [in => out]) */
  AtBoth: 128,
} as const;

/** enum swoll_size_flag. Bits over the size in swoll_capture_spec.sizes[i]: RET_BOUND for IOVEC, MSGHDR, MMSGHDR; NAME, OPT for BYTES_ARG_LEN, BYTES_PTR_LEN. */
export const SizeFlag = {
  /** outputs: element bytes only as far as the return (or msg_len) says */
  RetBound: 256,
  /** ARRAY: at exit every element (within the budget), not only the first str_max (poll's revents) */
  ExitAll: 128,
  /** BYTES_RET_LEN: records the decoder walks (getdents): not capped at str_max, only by the budget */
  Uncapped: 512,
  /** a socket address: capped at SWOLL_NAME_MAX, not str_max (strace prints it whole) */
  Name: 1024,
  /** an option's value: whole up to SWOLL_OPT_MAX bytes (a struct), else capped at str_max; flagged SHORT where it runs into an unreadable page */
  Opt: 2048,
} as const;

/** enum swoll_spec_flag. */
export const SpecFlag = {
  /** the call never returns */
  EmitAtEnter: 1,
  /** memory is gone at exit (execve) */
  CaptureAtEnter: 2,
  /** some argument has SWOLL_ARG_AT_ENTRY or SWOLL_ARG_AT_BOTH */
  SomeAtEnter: 4,
} as const;

/** enum swoll_spec_fd. Bits of swoll_capture_spec.fds: which descriptors fd_info describes. */
export const SpecFd = {
  /** bit i: args[i] is a descriptor, described at entry (AT_FDCWD: the working directory) */
  Args: 63,
  /** a result >= 0 is a new descriptor, described at exit */
  Result: 64,
  /** the one argument marked points to two ints the call wrote (pipe2), described at exit */
  Pair: 128,
} as const;

/** Per-CPU counters, summed by user space. */
export const COUNTER_NAMES = ["ringbuf_full", "task_storage", "capture_fault", "metrics_full", "metrics_nomem", "follow_full"] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];

/** enum swoll_seccomp_flag. */
export const SeccompFlag = {
  /** a task installed a seccomp filter here before its exec */
  FilterSeen: 1,
} as const;
