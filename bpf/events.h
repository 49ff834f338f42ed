/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Records and option structs that cross the kernel/user boundary.
 * Included by bpf/swoll.bpf.c and ffi/shim.c. cli/decode/layout.ts is
 * generated from this file by scripts/gen-layout.ts (every struct's
 * offsets, every enum and #define, as the C compiler sees them; the
 * trailing comments become its doc comments).
 */
#ifndef SWOLL_EVENTS_H
#define SWOLL_EVENTS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define SWOLL_COMM_LEN 16
#define SWOLL_MAX_SYSCALLS 1024      /* syscall filter / capture spec index bound */
#define SWOLL_CAP_BUDGET 4096        /* captured user bytes per event (power of 2) */
#define SWOLL_FDSET_MAX 512          /* bytes kept of one fd_set (4096 descriptors): select's three, twice, fit the budget */
#define SWOLL_ARGV_LIMIT 64          /* hard bound on argv entries walked */
#define SWOLL_IOV_MAX 16             /* iovec elements captured per array (each up to str_max bytes) */
#define SWOLL_MMSG_MAX 4             /* messages captured per sendmmsg/recvmmsg */
#define SWOLL_PATH_MAX 4096          /* bytes kept of a path (PATH_MAX; strace prints paths in full, --strsize cuts strings), within the budget */
#define SWOLL_NAME_MAX 128           /* bytes of a message's address (sizeof(struct sockaddr_storage)) */
#define SWOLL_CONTROL_MAX 1024       /* bytes of a message's control data (strace reads up to net.core.optmem_max) */
#define SWOLL_OPT_MAX 256            /* bytes of a socket option's value kept whole whatever str_max is */
#define SWOLL_MAX_CPUS 512
#define SWOLL_FRAME_HEADER 8         /* the shim frames each drained record as [u32 len][u32 ring] */
#define SWOLL_CAPS_KEEP_BPF_IF_GATED 1 /* swoll_caps_drop: keep CAP_BPF where every bpf() call checks it */

/*
 * Selection rules (see struct swoll_rules): at most SWOLL_MAX_RULES, one
 * bit each in a u64. Each dimension map holds value -> mask of the rules
 * that accept that value; its bound is the number of distinct values all
 * rules together can name. A full map refuses the addition (user space
 * gets E2BIG), and a child the kernel cannot follow at fork is counted
 * (SWOLL_CTR_FOLLOW_FULL).
 */
#define SWOLL_MAX_RULES 64
#define SWOLL_TGID_RULES 8192        /* pids named or followed, all rules together */
#define SWOLL_COMM_RULES 1024
#define SWOLL_ERRNO_RULES 4096       /* errno values a result filter can name: 0..4095 */
#define SWOLL_CGROUP_RULES 16384

enum swoll_event_kind {
	SWOLL_EV_SYSCALL = 1,
};

enum swoll_event_flag {
	SWOLL_EVF_NO_RETURN = 1 << 0,     /* emitted at entry: exit/exit_group never return */
	SWOLL_EVF_CAPTURE_EXHAUSTED = 1 << 1, /* capture budget ran out, later captures missing */
};

/* One syscall, entry and exit joined in the kernel. 160 bytes, 8-aligned. */
struct swoll_event {
	__u16 kind;          /* enum swoll_event_kind */
	__u16 flags;         /* enum swoll_event_flag */
	__u32 record_size;   /* bytes of this record including captures */
	__u32 nr;            /* syscall number (architecture specific) */
	__u32 tgid;          /* process id */
	__u32 tid;           /* thread id */
	__u32 uid;
	__u32 gid;
	__u32 session;       /* session id (init pid namespace) */
	__u32 pid_ns;        /* namespace inode numbers */
	__u32 uts_ns;
	__u32 mnt_ns;
	__u32 cap_count;     /* number of struct swoll_capture items that follow */
	__u64 cgroup_id;     /* cgroup v2 id */
	__s64 ret;           /* raw return value */
	__u64 start_ns;      /* CLOCK_MONOTONIC at entry */
	__u64 finish_ns;     /* CLOCK_MONOTONIC at exit (== start for NO_RETURN) */
	__u64 args[6];       /* raw argument registers */
	char comm[SWOLL_COMM_LEN];
	__u64 rules;         /* mask of the streaming rules this call matched */
	__u32 ns_tgid;       /* process id as its own pid namespace numbers it */
	__u32 ns_tid;        /* thread id as its own pid namespace numbers it */
};

enum swoll_capture_kind {
	SWOLL_CAP_STR = 1,       /* NUL-terminated string argument */
	SWOLL_CAP_ARGV_ITEM = 2, /* one element of a char *const[] argument, in order */
	SWOLL_CAP_BYTES = 3,     /* raw bytes of a Bytes* capture */
	SWOLL_CAP_IOV_DATA = 4,  /* the bytes behind one iovec element, elements in order (index: the message) */
	SWOLL_CAP_MSG_IOV = 5,   /* a message header's iovec array (index: the message) */
	SWOLL_CAP_MSG_NAME = 6,  /* a message header's address, msg_namelen bytes (index: the message) */
	SWOLL_CAP_MSG_CONTROL = 7, /* a message header's control data, msg_controllen bytes (index: the message) */
	SWOLL_CAP_FIELD = 8,     /* what a pointer field of the captured struct points to (index: the field's byte offset) */
	SWOLL_CAP_FD = 9,        /* with swoll_capture_spec.fds (strace -y): struct swoll_fd_info for a descriptor (arg SWOLL_FD_RET: the result; index: the element of a pair) */
	SWOLL_CAP_FD_PATH = 10,  /* after a file's SWOLL_CAP_FD item: its path's names, last first, each NUL-terminated, to the root of its mount namespace */
};

enum swoll_capture_flag {
	SWOLL_CAPF_TRUNCATED = 1 << 0, /* string longer than the size limit */
	SWOLL_CAPF_FAULT = 1 << 1,     /* user memory could not be read (an ARRAY's Bytes: the readable part before the page that failed, if any; an argv string: its pointer; another string: the readable part before the page, if any, TRUNCATED; ArgvCount: the count before the unreadable pointer) */
	SWOLL_CAPF_MORE = 1 << 2,      /* argv had more entries than the limit (with FAULT: it stopped being readable; the item holds the address) */
	SWOLL_CAPF_ENTRY = 1 << 3,     /* read at entry (the value the caller passed), else at exit */
	SWOLL_CAPF_SHORT = 1 << 4,     /* the memory ends at a page that cannot be read: only the bytes before it */
	SWOLL_CAPF_END = 1 << 5,       /* an empty ArgvItem: the array is empty (its first pointer is NULL) */
};

/* Header of one captured argument; `len` data bytes follow, padded to 8. */
struct swoll_capture {
	__u8 arg;    /* argument index 0..5 */
	__u8 kind;   /* enum swoll_capture_kind */
	__u16 flags; /* enum swoll_capture_flag */
	__u16 len;
	__u16 index; /* the message (of an mmsghdr array) a Msg* or IovData item belongs to */
};

/* What to capture for one syscall, indexed by syscall number. */
enum swoll_arg_capture {
	SWOLL_ARG_NONE = 0,
	SWOLL_ARG_C_STR = 1,           /* NUL-terminated string, at most str_max bytes: one Str item */
	SWOLL_ARG_ARGV = 2,            /* char *const[]: one ArgvItem per string up to argv_max, then an empty one flagged More */
	SWOLL_ARG_BYTES_FIXED = 3,     /* exactly sizes[i] bytes (a struct): one Bytes item */
	SWOLL_ARG_BYTES_ARG_LEN = 4,   /* args[sizes[i] & 0xff] bytes, capped at str_max (SWOLL_SIZE_NAME: at SWOLL_NAME_MAX) */
	SWOLL_ARG_BYTES_RET_LEN = 5,   /* ret bytes when ret > 0, capped at str_max and, when sizes[i] != 0, at args[sizes[i] - 1] (the buffer's size: recv's MSG_TRUNC returns more) */
	SWOLL_ARG_BYTES_PTR_LEN = 6,   /* *(u32 *)args[sizes[i] & 0xff] bytes (a socklen_t *), capped; with SWOLL_ARG_AT_BOTH, never more than it held at entry */
	SWOLL_ARG_ARGV_COUNT = 7,      /* count a char *const[] without copying it: a Bytes item holding a u32 (More at the limit) */
	SWOLL_ARG_BYTES_ARG_COUNT = 8, /* args[sizes[i] & 0xff] elements of (sizes[i] >> 8) bytes (arrays: pollfd, gid_t), at most str_max of them (one more when that one faults) */
	SWOLL_ARG_IOVEC = 9,           /* struct iovec[args[sizes[i] & 0xff]] (as many as strace shows, at most SWOLL_IOV_MAX): the array, then each element's bytes (IovData) */
	SWOLL_ARG_MSGHDR = 10,         /* struct user_msghdr: the header, then its name, iovec array, element bytes and control data; with SWOLL_ARG_AT_BOTH also the header at entry (its msg_namelen bounds the name read at exit) */
	SWOLL_ARG_MMSGHDR = 11,        /* struct mmsghdr[args[sizes[i] & 0xff]]: the array, then each message (at most SWOLL_MMSG_MAX) as MSGHDR */
	SWOLL_ARG_FLOCK = 12,          /* sizes[i] bytes (struct flock) when args[1] is a lock command of fcntl, or F_[GS]ETOWN_EX */
	SWOLL_ARG_IOCTL = 13,          /* the bytes ioctl's request names: its _IOC size, or a known terminal request's struct */
	SWOLL_ARG_CLONE_ARGS = 14,     /* struct clone_args, args[sizes[i]] bytes (at most 128); the tids set_tid points to, and after a fork the pidfd and parent tid it wrote (Field items) */
	SWOLL_ARG_PATH = 15,           /* NUL-terminated path, at most SWOLL_PATH_MAX bytes (what the event budget leaves): one Str item */
	SWOLL_ARG_FDSET = 16,          /* fd_set of (int)args[sizes[i]] descriptors: that many bits in whole longs, as select reads them (at most SWOLL_FDSET_MAX bytes) */
	SWOLL_ARG_ARRAY = 18,          /* args[sizes[i] & 0x7] elements of (sizes[i] >> 8) bytes, at most str_max elements (strace prints no more of an array) unless SWOLL_SIZE_EXIT_ALL */
	SWOLL_ARG_PTR_LEN = 17,        /* struct { void *p; size_t n; } (pselect6's sigmask): the 16 bytes, then n bytes at p (n <= sizes[i]) as a Field item */
	SWOLL_ARG_PTRACE_DATA = 20,    /* ptrace's data: PTRACE_*REGSET's iovec (Bytes), then (Field, index 0) the registers it or PTRACE_{GET,SET}{,FP}REGS name, PTRACE_SETSIGINFO's siginfo, PTRACE_SETSIGMASK's sigset, PTRACE_SECCOMP_GET_METADATA's filter_off (at entry), PTRACE_PEEKSIGINFO's siginfos (at exit on success) */
	SWOLL_ARG_BPF_ATTR = 19,       /* bpf's attr, (u32)args[sizes[i]] bytes not capped at str_max (what the event budget leaves), then what its pointers name for the command (paths and names: Str; blobs: Field, index the pointer's offset) */
};

/* Bits over enum swoll_arg_capture in swoll_capture_spec.args[i]. */
enum swoll_arg_timing {
	SWOLL_ARG_KIND_MASK = 0x3f,
	SWOLL_ARG_AT_ENTRY = 0x40,     /* read at entry only (memory the call reads and then changes) */
	SWOLL_ARG_AT_BOTH = 0x80,      /* read at entry and again at exit (value-result: [in => out]) */
};

/* Bits over the size in swoll_capture_spec.sizes[i]: RET_BOUND for IOVEC, MSGHDR, MMSGHDR; NAME, OPT for BYTES_ARG_LEN, BYTES_PTR_LEN. */
enum swoll_size_flag {
	SWOLL_SIZE_RET_BOUND = 0x100,  /* outputs: element bytes only as far as the return (or msg_len) says */
	SWOLL_SIZE_EXIT_ALL = 0x80,    /* ARRAY: at exit every element (within the budget), not only the first str_max (poll's revents) */
	SWOLL_SIZE_UNCAPPED = 0x200,   /* BYTES_RET_LEN: records the decoder walks (getdents): not capped at str_max, only by the budget */
	SWOLL_SIZE_NAME = 0x400,       /* a socket address: capped at SWOLL_NAME_MAX, not str_max (strace prints it whole) */
	SWOLL_SIZE_OPT = 0x800,        /* an option's value: whole up to SWOLL_OPT_MAX bytes (a struct), else capped at str_max; flagged SHORT where it runs into an unreadable page */
};

enum swoll_spec_flag {
	SWOLL_SPEC_EMIT_AT_ENTER = 1 << 0,    /* the call never returns */
	SWOLL_SPEC_CAPTURE_AT_ENTER = 1 << 1, /* memory is gone at exit (execve) */
	SWOLL_SPEC_SOME_AT_ENTER = 1 << 2,    /* some argument has SWOLL_ARG_AT_ENTRY or SWOLL_ARG_AT_BOTH */
};

/* Bits of swoll_capture_spec.fds: which descriptors fd_info describes. */
enum swoll_spec_fd {
	SWOLL_FD_ARGS = 0x3f,      /* bit i: args[i] is a descriptor, described at entry (AT_FDCWD: the working directory) */
	SWOLL_FD_RESULT = 0x40,    /* a result >= 0 is a new descriptor, described at exit */
	SWOLL_FD_PAIR = 0x80,      /* the one argument marked points to two ints the call wrote (pipe2), described at exit */
};
#define SWOLL_FD_RET 6           /* swoll_capture.arg of the result's SWOLL_CAP_FD item */
#define SWOLL_FD_NAME_LEN 32
/*
 * What a descriptor referred to, read from the kernel's own file table at
 * the call (strace -y names it): no later lookup in /proc can race with a
 * close. 96 bytes.
 */
struct swoll_fd_info {
	__u64 ino;         /* the file's inode number; 0: no such descriptor */
	__u32 mode;        /* the inode's i_mode (S_IFSOCK, S_IFIFO, 0 for an anonymous inode) */
	__u32 rdev;        /* a device file's device (kernel encoding: major << 20 | minor) */
	__u16 family;      /* sockets: address family */
	__u16 type;        /* sockets: SOCK_STREAM, SOCK_DGRAM... */
	__u16 protocol;    /* sockets: IPPROTO_TCP... */
	__u16 sport;       /* inet sockets: local port (host order) */
	__u16 dport;       /* inet sockets: peer port (host order) */
	__u16 pad;
	__u32 pad2;
	__u8 saddr[16];    /* inet sockets: local address (IPv4 in the first 4 bytes) */
	__u8 daddr[16];    /* inet sockets: peer address */
	__u64 peer_ino;    /* unix sockets: the peer's inode */
	char name[SWOLL_FD_NAME_LEN]; /* the dentry's name ("[eventfd]" for an anonymous inode), cut short */
};
struct swoll_capture_spec {
	__u8 args[6];    /* enum swoll_arg_capture per argument */
	__u8 flags;      /* enum swoll_spec_flag */
	__u8 fds;        /* enum swoll_spec_fd */
	__u16 sizes[6];  /* per kind: a byte count or an argument index */
};

/*
 * Which rules exist and what each one constrains, one bit per rule; one
 * entry, written by user space only. A call matches rule i when, for
 * every dimension the rule constrains (by_* bit i set), the dimension
 * map's mask for the call's value has bit i set. Counting rules decide
 * what is counted; streaming rules what is emitted, tagged with the
 * matching streaming rules (swoll_event.rules). Counting is decided
 * before, and independently of, the streaming rules.
 */
struct swoll_rules {
	__u64 active;        /* rules in use */
	__u64 stream;        /* matches are streamed */
	__u64 count_cgroup;  /* matches are counted per cgroup (metrics_agg) */
	__u64 count_process; /* matches are counted per process (metrics_proc) */
	__u64 by_syscall;    /* constrained by syscall number (rule_syscalls) */
	__u64 by_tgid;       /* by process (tgid_rules) */
	__u64 by_cgroup;     /* by cgroup v2 id (cgroup_rules) */
	__u64 by_comm;       /* by thread name (comm_rules) */
	__u64 follow;        /* children forked by a matching process join the rule */
	__u64 failed_only;   /* streamed only when the call failed (-4095..-1) */
	__u64 ok_only;       /* streamed only when it did not fail */
	__u64 by_errno;      /* streamed only when it failed with an errno of errno_rules */
};

/* Per-CPU counters, summed by user space. */
enum swoll_counter {
	SWOLL_CTR_RINGBUF_FULL = 0, /* ring buffer full: event dropped */
	SWOLL_CTR_TASK_STORAGE,     /* per-task storage could not be allocated */
	SWOLL_CTR_CAPTURE_FAULT,    /* a string argument could not be read */
	SWOLL_CTR_METRICS_FULL,     /* aggregation map full: a call was not counted */
	SWOLL_CTR_METRICS_NOMEM,    /* a new aggregation entry could not be allocated (or its bucket was busy): a call was not counted */
	SWOLL_CTR_FOLLOW_FULL,      /* a child of a followed process could not be added (tgid_rules full) */
	SWOLL_CTR__COUNT,
};

/*
 * In-kernel aggregation (swoll serve, swoll top): one entry per cgroup,
 * syscall and result (and, for top, process), summed over CPUs by user
 * space. Latency bucket i counts calls
 * that took at most 2^(i + SWOLL_LAT_MIN_SHIFT) ns and more than half
 * that; the last bucket has no upper bound (64 ns ... 2^34 ns = 17 s, +Inf).
 */
#define SWOLL_LAT_BUCKETS 30
#define SWOLL_LAT_MIN_SHIFT 6
#define SWOLL_METRICS_ENTRIES 16384  /* default capacity; user space may resize */

struct swoll_metric_key {
	__u64 cgroup_id;  /* cgroup v2 id at exit (inode of the cgroup directory) */
	__u32 nr;         /* syscall number */
	__u32 err;        /* errno, 0 for success */
};

struct swoll_metric_value {
	__u64 count;
	__u64 total_ns;
	__u64 buckets[SWOLL_LAT_BUCKETS];
};

/*
 * The same, per process (swoll top, with metrics_by_process): the key
 * adds the process and its exec generation, so that calls after an
 * execve start entries of their own under the new name. 24 bytes.
 */
struct swoll_proc_metric_key {
	__u64 cgroup_id;
	__u32 nr;
	__u32 err;
	__u32 tgid;       /* process id in the initial pid namespace */
	__u32 exec_gen;   /* low 32 bits of task->self_exec_id: +1 per execve */
};

/* 272 bytes. The comm is the process's (its group leader's) when the
 * entry was created, on the creating CPU's copy only; the others are 0. */
struct swoll_proc_metric_value {
	struct swoll_metric_value m;
	char comm[SWOLL_COMM_LEN];
};

/* Fixed widths, no implicit padding; per-CPU values are copied in 8-byte units. */
_Static_assert(sizeof(struct swoll_event) == 160, "swoll_event is 160 bytes");
_Static_assert(sizeof(struct swoll_rules) == 12 * 8, "swoll_rules has no padding");
_Static_assert(sizeof(struct swoll_metric_key) == 16, "swoll_metric_key is 16 bytes");
_Static_assert(sizeof(struct swoll_metric_value) == 16 + 8 * SWOLL_LAT_BUCKETS, "swoll_metric_value has no padding");
_Static_assert(sizeof(struct swoll_proc_metric_key) == 24, "swoll_proc_metric_key is 24 bytes");
_Static_assert(sizeof(struct swoll_proc_metric_value) == sizeof(struct swoll_metric_value) + SWOLL_COMM_LEN,
	       "swoll_proc_metric_value has no padding");
_Static_assert(sizeof(struct swoll_proc_metric_value) % 8 == 0, "per-CPU values are 8-byte multiples");

/*
 * swoll seccomp: one entry per cgroup, the set of syscalls made there by
 * processes that have exec'd in that cgroup (the workload, not the
 * runtime's setup before its exec), with the cgroup's name read in the
 * kernel when first seen, so containers that are gone before user space
 * looks are still named.
 */
#define SWOLL_SECCOMP_CGROUPS 4096
#define SWOLL_CGROUP_NAME_LEVELS 6  /* the cgroup's name and its ancestors', leaf first */
#define SWOLL_CGROUP_NAME_LEN 96

enum swoll_seccomp_flag {
	SWOLL_SECCOMP_FILTER_SEEN = 1 << 0, /* a task installed a seccomp filter here before its exec */
};

struct swoll_seccomp_cgroup {
	__u64 bits[SWOLL_MAX_SYSCALLS / 64];  /* bit nr: syscall nr was made */
	__u64 first_ns;                        /* CLOCK_MONOTONIC of the first recorded call */
	__u32 first_tgid;                      /* process of the first recorded call */
	__u32 levels;                          /* names filled */
	__u64 flags;                           /* enum swoll_seccomp_flag (64-bit: set atomically) */
	char first_comm[SWOLL_COMM_LEN];
	char names[SWOLL_CGROUP_NAME_LEVELS][SWOLL_CGROUP_NAME_LEN];
};

/* swoll seccomp --check: a call the profile under test would deny, per (cgroup, syscall). */
struct swoll_seccomp_denied_key {
	__u64 cgroup_id;
	__u32 nr;
	__u32 reserved;
};

struct swoll_seccomp_denied {
	__u64 count;
	__u32 first_tgid;
	__u32 reserved;
	char first_comm[SWOLL_COMM_LEN];
};

_Static_assert(sizeof(struct swoll_seccomp_cgroup) % 8 == 0, "swoll_seccomp_cgroup is 8-byte aligned");

#endif
