// generated from <asm/mman.h>, <linux/mman.h>, <linux/time.h>, <linux/timerfd.h>, <linux/futex.h>, <linux/timex.h>, <linux/random.h>, <linux/memfd.h>, <linux/bpf.h>, <linux/perf_event.h>, <asm-generic/mman-common.h>, <linux/membarrier.h>, <sys/eventfd.h>, <linux/signalfd.h>, <linux/pidfd.h>, <fcntl.h>, <linux/quota.h>, <linux/dqblk_xfs.h>, <linux/ipc.h>, <linux/sem.h>, <sys/shm.h>, <linux/userfaultfd.h>, cli/decode/data/consts.in by scripts/gen-tables.ts — do not edit
// [name, value] or [name, value, arch] for members that exist on one arch only.
type ConstSet = {
  readonly kind: "flags" | "values";
  /** Flags show ascending by value, or descending, or in the order of the entries (listed). */
  readonly order?: "descending" | "listed";
  /** The comment on unknown bits when it is not the names' common prefix followed by ??? (access: ?_OK). */
  readonly unknown?: string;
  readonly entries: readonly (readonly [string, number] | readonly [string, number, string])[];
};

// prot: asm/mman.h, arm64 uapi asm/mman.h (not installed on x86_64)
export const PROT: ConstSet = {
  kind: "flags",
  entries: [
    ["PROT_NONE", 0x0], ["PROT_READ", 0x1], ["PROT_WRITE", 0x2], ["PROT_EXEC", 0x4], ["PROT_SEM", 0x8],
    ["PROT_BTI", 0x10, "aarch64"], ["PROT_MTE", 0x20, "aarch64"], ["PROT_GROWSDOWN", 0x1000000],
    ["PROT_GROWSUP", 0x2000000],
  ],
};

// map_type: linux/mman.h
export const MAP_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["MAP_SHARED", 1], ["MAP_PRIVATE", 2], ["MAP_SHARED_VALIDATE", 3],
  ],
};

// map_flags: linux/mman.h
export const MAP_FLAGS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["MAP_FIXED", 0x10], ["MAP_ANONYMOUS", 0x20], ["MAP_32BIT", 0x40, "x86_64"], ["MAP_NORESERVE", 0x4000],
    ["MAP_POPULATE", 0x8000], ["MAP_NONBLOCK", 0x10000], ["MAP_GROWSDOWN", 0x100], ["MAP_DENYWRITE", 0x800],
    ["MAP_EXECUTABLE", 0x1000], ["MAP_LOCKED", 0x2000], ["MAP_STACK", 0x20000], ["MAP_HUGETLB", 0x40000],
    ["MAP_SYNC", 0x80000], ["MAP_FIXED_NOREPLACE", 0x100000], ["MAP_UNINITIALIZED", 0x4000000],
  ],
};

// madvise: asm/mman.h
export const MADVISE: ConstSet = {
  kind: "values",
  entries: [
    ["MADV_NORMAL", 0], ["MADV_RANDOM", 1], ["MADV_SEQUENTIAL", 2], ["MADV_WILLNEED", 3],
    ["MADV_DONTNEED", 4], ["MADV_FREE", 8], ["MADV_REMOVE", 9], ["MADV_DONTFORK", 10], ["MADV_DOFORK", 11],
    ["MADV_MERGEABLE", 12], ["MADV_UNMERGEABLE", 13], ["MADV_HUGEPAGE", 14], ["MADV_NOHUGEPAGE", 15],
    ["MADV_DONTDUMP", 16], ["MADV_DODUMP", 17], ["MADV_WIPEONFORK", 18], ["MADV_KEEPONFORK", 19],
    ["MADV_COLD", 20], ["MADV_PAGEOUT", 21], ["MADV_POPULATE_READ", 22], ["MADV_POPULATE_WRITE", 23],
    ["MADV_DONTNEED_LOCKED", 24], ["MADV_COLLAPSE", 25], ["MADV_HWPOISON", 100], ["MADV_SOFT_OFFLINE", 101],
  ],
};

// mremap_flags: linux/mman.h
export const MREMAP_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["MREMAP_MAYMOVE", 0x1], ["MREMAP_FIXED", 0x2], ["MREMAP_DONTUNMAP", 0x4],
  ],
};

// msync_flags: asm/mman.h
export const MSYNC_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["MS_ASYNC", 0x1], ["MS_INVALIDATE", 0x2], ["MS_SYNC", 0x4],
  ],
};

// mlockall_flags: asm/mman.h
export const MLOCKALL_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["MCL_CURRENT", 0x1], ["MCL_FUTURE", 0x2], ["MCL_ONFAULT", 0x4],
  ],
};

// clock_id: linux/time.h
export const CLOCK_ID: ConstSet = {
  kind: "values",
  entries: [
    ["CLOCK_REALTIME", 0], ["CLOCK_MONOTONIC", 1], ["CLOCK_PROCESS_CPUTIME_ID", 2],
    ["CLOCK_THREAD_CPUTIME_ID", 3], ["CLOCK_MONOTONIC_RAW", 4], ["CLOCK_REALTIME_COARSE", 5],
    ["CLOCK_MONOTONIC_COARSE", 6], ["CLOCK_BOOTTIME", 7], ["CLOCK_REALTIME_ALARM", 8],
    ["CLOCK_BOOTTIME_ALARM", 9], ["CLOCK_SGI_CYCLE", 10], ["CLOCK_TAI", 11],
  ],
};

// timer_flags: linux/time.h
export const TIMER_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["TIMER_ABSTIME", 0x1],
  ],
};

// timerfd_flags: linux/timerfd.h
export const TIMERFD_FLAGS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["TFD_TIMER_ABSTIME", 0x1], ["TFD_TIMER_CANCEL_ON_SET", 0x2], ["TFD_CLOEXEC", 0x80000],
    ["TFD_NONBLOCK", 0x800],
  ],
};

// itimer_which: linux/time.h
export const ITIMER_WHICH: ConstSet = {
  kind: "values",
  entries: [
    ["ITIMER_REAL", 0], ["ITIMER_VIRTUAL", 1], ["ITIMER_PROF", 2],
  ],
};

// futex_cmd: linux/futex.h
export const FUTEX_CMD: ConstSet = {
  kind: "values",
  entries: [
    ["FUTEX_WAIT", 0], ["FUTEX_WAKE", 1], ["FUTEX_FD", 2], ["FUTEX_REQUEUE", 3], ["FUTEX_CMP_REQUEUE", 4],
    ["FUTEX_WAKE_OP", 5], ["FUTEX_LOCK_PI", 6], ["FUTEX_UNLOCK_PI", 7], ["FUTEX_TRYLOCK_PI", 8],
    ["FUTEX_WAIT_BITSET", 9], ["FUTEX_WAKE_BITSET", 10], ["FUTEX_WAIT_REQUEUE_PI", 11],
    ["FUTEX_CMP_REQUEUE_PI", 12], ["FUTEX_LOCK_PI2", 13],
  ],
};

// adjtimex_modes: linux/timex.h
export const ADJTIMEX_MODES: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["ADJ_OFFSET_SS_READ", 0xa001], ["ADJ_OFFSET_SINGLESHOT", 0x8001], ["ADJ_OFFSET", 0x1],
    ["ADJ_FREQUENCY", 0x2], ["ADJ_MAXERROR", 0x4], ["ADJ_ESTERROR", 0x8], ["ADJ_STATUS", 0x10],
    ["ADJ_TIMECONST", 0x20], ["ADJ_TAI", 0x80], ["ADJ_SETOFFSET", 0x100], ["ADJ_MICRO", 0x1000],
    ["ADJ_NANO", 0x2000], ["ADJ_TICK", 0x4000],
  ],
};

// adjtimex_status: linux/timex.h
export const ADJTIMEX_STATUS: ConstSet = {
  kind: "flags",
  entries: [
    ["STA_PLL", 0x1], ["STA_PPSFREQ", 0x2], ["STA_PPSTIME", 0x4], ["STA_FLL", 0x8], ["STA_INS", 0x10],
    ["STA_DEL", 0x20], ["STA_UNSYNC", 0x40], ["STA_FREQHOLD", 0x80], ["STA_PPSSIGNAL", 0x100],
    ["STA_PPSJITTER", 0x200], ["STA_PPSWANDER", 0x400], ["STA_PPSERROR", 0x800], ["STA_CLOCKERR", 0x1000],
    ["STA_NANO", 0x2000], ["STA_MODE", 0x4000], ["STA_CLK", 0x8000],
  ],
};

// adjtimex_state: linux/timex.h
export const ADJTIMEX_STATE: ConstSet = {
  kind: "values",
  entries: [
    ["TIME_OK", 0], ["TIME_INS", 1], ["TIME_DEL", 2], ["TIME_OOP", 3], ["TIME_WAIT", 4], ["TIME_ERROR", 5],
  ],
};

// futex_wake_op: linux/futex.h
export const FUTEX_WAKE_OP: ConstSet = {
  kind: "values",
  entries: [
    ["FUTEX_OP_SET", 0], ["FUTEX_OP_ADD", 1], ["FUTEX_OP_OR", 2], ["FUTEX_OP_ANDN", 3], ["FUTEX_OP_XOR", 4],
  ],
};

// futex_wake_cmp: linux/futex.h
export const FUTEX_WAKE_CMP: ConstSet = {
  kind: "values",
  entries: [
    ["FUTEX_OP_CMP_EQ", 0], ["FUTEX_OP_CMP_NE", 1], ["FUTEX_OP_CMP_LT", 2], ["FUTEX_OP_CMP_LE", 3],
    ["FUTEX_OP_CMP_GT", 4], ["FUTEX_OP_CMP_GE", 5],
  ],
};

// futex_flags: linux/futex.h
export const FUTEX_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["FUTEX_PRIVATE_FLAG", 0x80], ["FUTEX_CLOCK_REALTIME", 0x100],
  ],
};

// futex_waiter_flags: linux/futex.h
export const FUTEX_WAITER_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["FUTEX_32", 0x2], ["FUTEX_PRIVATE_FLAG", 0x80],
  ],
};

// getrandom_flags: linux/random.h
export const GETRANDOM_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["GRND_NONBLOCK", 0x1], ["GRND_RANDOM", 0x2], ["GRND_INSECURE", 0x4],
  ],
};

// memfd_flags: linux/memfd.h
export const MEMFD_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["MFD_CLOEXEC", 0x1], ["MFD_ALLOW_SEALING", 0x2], ["MFD_HUGETLB", 0x4],
  ],
};

// bpf_cmd: linux/bpf.h
export const BPF_CMD: ConstSet = {
  kind: "values",
  entries: [
    ["BPF_MAP_CREATE", 0], ["BPF_MAP_LOOKUP_ELEM", 1], ["BPF_MAP_UPDATE_ELEM", 2], ["BPF_MAP_DELETE_ELEM", 3],
    ["BPF_MAP_GET_NEXT_KEY", 4], ["BPF_PROG_LOAD", 5], ["BPF_OBJ_PIN", 6], ["BPF_OBJ_GET", 7],
    ["BPF_PROG_ATTACH", 8], ["BPF_PROG_DETACH", 9], ["BPF_PROG_TEST_RUN", 10], ["BPF_PROG_GET_NEXT_ID", 11],
    ["BPF_MAP_GET_NEXT_ID", 12], ["BPF_PROG_GET_FD_BY_ID", 13], ["BPF_MAP_GET_FD_BY_ID", 14],
    ["BPF_OBJ_GET_INFO_BY_FD", 15], ["BPF_PROG_QUERY", 16], ["BPF_RAW_TRACEPOINT_OPEN", 17],
    ["BPF_BTF_LOAD", 18], ["BPF_BTF_GET_FD_BY_ID", 19], ["BPF_TASK_FD_QUERY", 20],
    ["BPF_MAP_LOOKUP_AND_DELETE_ELEM", 21], ["BPF_MAP_FREEZE", 22], ["BPF_BTF_GET_NEXT_ID", 23],
    ["BPF_MAP_LOOKUP_BATCH", 24], ["BPF_MAP_LOOKUP_AND_DELETE_BATCH", 25], ["BPF_MAP_UPDATE_BATCH", 26],
    ["BPF_MAP_DELETE_BATCH", 27], ["BPF_LINK_CREATE", 28], ["BPF_LINK_UPDATE", 29],
    ["BPF_LINK_GET_FD_BY_ID", 30], ["BPF_LINK_GET_NEXT_ID", 31], ["BPF_ENABLE_STATS", 32],
    ["BPF_ITER_CREATE", 33], ["BPF_LINK_DETACH", 34], ["BPF_PROG_BIND_MAP", 35],
  ],
};

// bpf_map_type: linux/bpf.h
export const BPF_MAP_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["BPF_MAP_TYPE_UNSPEC", 0], ["BPF_MAP_TYPE_HASH", 1], ["BPF_MAP_TYPE_ARRAY", 2],
    ["BPF_MAP_TYPE_PROG_ARRAY", 3], ["BPF_MAP_TYPE_PERF_EVENT_ARRAY", 4], ["BPF_MAP_TYPE_PERCPU_HASH", 5],
    ["BPF_MAP_TYPE_PERCPU_ARRAY", 6], ["BPF_MAP_TYPE_STACK_TRACE", 7], ["BPF_MAP_TYPE_CGROUP_ARRAY", 8],
    ["BPF_MAP_TYPE_LRU_HASH", 9], ["BPF_MAP_TYPE_LRU_PERCPU_HASH", 10], ["BPF_MAP_TYPE_LPM_TRIE", 11],
    ["BPF_MAP_TYPE_ARRAY_OF_MAPS", 12], ["BPF_MAP_TYPE_HASH_OF_MAPS", 13], ["BPF_MAP_TYPE_DEVMAP", 14],
    ["BPF_MAP_TYPE_SOCKMAP", 15], ["BPF_MAP_TYPE_CPUMAP", 16], ["BPF_MAP_TYPE_XSKMAP", 17],
    ["BPF_MAP_TYPE_SOCKHASH", 18], ["BPF_MAP_TYPE_CGROUP_STORAGE", 19],
    ["BPF_MAP_TYPE_REUSEPORT_SOCKARRAY", 20], ["BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE", 21],
    ["BPF_MAP_TYPE_QUEUE", 22], ["BPF_MAP_TYPE_STACK", 23], ["BPF_MAP_TYPE_SK_STORAGE", 24],
    ["BPF_MAP_TYPE_DEVMAP_HASH", 25], ["BPF_MAP_TYPE_STRUCT_OPS", 26], ["BPF_MAP_TYPE_RINGBUF", 27],
    ["BPF_MAP_TYPE_INODE_STORAGE", 28], ["BPF_MAP_TYPE_TASK_STORAGE", 29], ["BPF_MAP_TYPE_BLOOM_FILTER", 30],
    ["BPF_MAP_TYPE_USER_RINGBUF", 31],
  ],
};

// bpf_prog_type: linux/bpf.h
export const BPF_PROG_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["BPF_PROG_TYPE_UNSPEC", 0], ["BPF_PROG_TYPE_SOCKET_FILTER", 1], ["BPF_PROG_TYPE_KPROBE", 2],
    ["BPF_PROG_TYPE_SCHED_CLS", 3], ["BPF_PROG_TYPE_SCHED_ACT", 4], ["BPF_PROG_TYPE_TRACEPOINT", 5],
    ["BPF_PROG_TYPE_XDP", 6], ["BPF_PROG_TYPE_PERF_EVENT", 7], ["BPF_PROG_TYPE_CGROUP_SKB", 8],
    ["BPF_PROG_TYPE_CGROUP_SOCK", 9], ["BPF_PROG_TYPE_LWT_IN", 10], ["BPF_PROG_TYPE_LWT_OUT", 11],
    ["BPF_PROG_TYPE_LWT_XMIT", 12], ["BPF_PROG_TYPE_SOCK_OPS", 13], ["BPF_PROG_TYPE_SK_SKB", 14],
    ["BPF_PROG_TYPE_CGROUP_DEVICE", 15], ["BPF_PROG_TYPE_SK_MSG", 16], ["BPF_PROG_TYPE_RAW_TRACEPOINT", 17],
    ["BPF_PROG_TYPE_CGROUP_SOCK_ADDR", 18], ["BPF_PROG_TYPE_LWT_SEG6LOCAL", 19],
    ["BPF_PROG_TYPE_LIRC_MODE2", 20], ["BPF_PROG_TYPE_SK_REUSEPORT", 21],
    ["BPF_PROG_TYPE_FLOW_DISSECTOR", 22], ["BPF_PROG_TYPE_CGROUP_SYSCTL", 23],
    ["BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE", 24], ["BPF_PROG_TYPE_CGROUP_SOCKOPT", 25],
    ["BPF_PROG_TYPE_TRACING", 26], ["BPF_PROG_TYPE_STRUCT_OPS", 27], ["BPF_PROG_TYPE_EXT", 28],
    ["BPF_PROG_TYPE_LSM", 29], ["BPF_PROG_TYPE_SK_LOOKUP", 30], ["BPF_PROG_TYPE_SYSCALL", 31],
  ],
};

// bpf_attach_type: linux/bpf.h
export const BPF_ATTACH_TYPE: ConstSet = {
  kind: "values",
  unknown: "BPF_???",
  entries: [
    ["BPF_CGROUP_INET_INGRESS", 0], ["BPF_CGROUP_INET_EGRESS", 1], ["BPF_CGROUP_INET_SOCK_CREATE", 2],
    ["BPF_CGROUP_SOCK_OPS", 3], ["BPF_SK_SKB_STREAM_PARSER", 4], ["BPF_SK_SKB_STREAM_VERDICT", 5],
    ["BPF_CGROUP_DEVICE", 6], ["BPF_SK_MSG_VERDICT", 7], ["BPF_CGROUP_INET4_BIND", 8],
    ["BPF_CGROUP_INET6_BIND", 9], ["BPF_CGROUP_INET4_CONNECT", 10], ["BPF_CGROUP_INET6_CONNECT", 11],
    ["BPF_CGROUP_INET4_POST_BIND", 12], ["BPF_CGROUP_INET6_POST_BIND", 13], ["BPF_CGROUP_UDP4_SENDMSG", 14],
    ["BPF_CGROUP_UDP6_SENDMSG", 15], ["BPF_LIRC_MODE2", 16], ["BPF_FLOW_DISSECTOR", 17],
    ["BPF_CGROUP_SYSCTL", 18], ["BPF_CGROUP_UDP4_RECVMSG", 19], ["BPF_CGROUP_UDP6_RECVMSG", 20],
    ["BPF_CGROUP_GETSOCKOPT", 21], ["BPF_CGROUP_SETSOCKOPT", 22], ["BPF_TRACE_RAW_TP", 23],
    ["BPF_TRACE_FENTRY", 24], ["BPF_TRACE_FEXIT", 25], ["BPF_MODIFY_RETURN", 26], ["BPF_LSM_MAC", 27],
    ["BPF_TRACE_ITER", 28], ["BPF_CGROUP_INET4_GETPEERNAME", 29], ["BPF_CGROUP_INET6_GETPEERNAME", 30],
    ["BPF_CGROUP_INET4_GETSOCKNAME", 31], ["BPF_CGROUP_INET6_GETSOCKNAME", 32], ["BPF_XDP_DEVMAP", 33],
    ["BPF_CGROUP_INET_SOCK_RELEASE", 34], ["BPF_XDP_CPUMAP", 35], ["BPF_SK_LOOKUP", 36], ["BPF_XDP", 37],
    ["BPF_SK_SKB_VERDICT", 38], ["BPF_SK_REUSEPORT_SELECT", 39], ["BPF_SK_REUSEPORT_SELECT_OR_MIGRATE", 40],
    ["BPF_PERF_EVENT", 41], ["BPF_TRACE_KPROBE_MULTI", 42], ["BPF_LSM_CGROUP", 43],
  ],
};

// bpf_map_flags: linux/bpf.h, linux/bpf.h, an anonymous enum
export const BPF_MAP_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "BPF_F_???",
  entries: [
    ["BPF_F_NO_PREALLOC", 0x1], ["BPF_F_NO_COMMON_LRU", 0x2], ["BPF_F_NUMA_NODE", 0x4], ["BPF_F_RDONLY", 0x8],
    ["BPF_F_WRONLY", 0x10], ["BPF_F_STACK_BUILD_ID", 0x20], ["BPF_F_ZERO_SEED", 0x40],
    ["BPF_F_RDONLY_PROG", 0x80], ["BPF_F_WRONLY_PROG", 0x100], ["BPF_F_CLONE", 0x200],
    ["BPF_F_MMAPABLE", 0x400], ["BPF_F_PRESERVE_ELEMS", 0x800], ["BPF_F_INNER_MAP", 0x1000],
  ],
};

// bpf_attach_flags: linux/bpf.h, linux/bpf.h, an anonymous enum
export const BPF_ATTACH_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "BPF_F_???",
  entries: [
    ["BPF_F_ALLOW_OVERRIDE", 0x1], ["BPF_F_ALLOW_MULTI", 0x2], ["BPF_F_REPLACE", 0x4],
  ],
};

// bpf_file_mode_flags: linux/bpf.h, linux/bpf.h, an anonymous enum
export const BPF_FILE_MODE_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "BPF_F_???",
  entries: [
    ["BPF_F_RDONLY", 0x8], ["BPF_F_WRONLY", 0x10],
  ],
};

// bpf_lookup_flags: linux/bpf.h, linux/bpf.h, an anonymous enum
export const BPF_LOOKUP_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "BPF_???",
  entries: [
    ["BPF_ANY", 0x0], ["BPF_F_LOCK", 0x4],
  ],
};

// bpf_update_flags: linux/bpf.h, linux/bpf.h, an anonymous enum
export const BPF_UPDATE_FLAGS: ConstSet = {
  kind: "values",
  unknown: "BPF_???",
  entries: [
    ["BPF_ANY", 0], ["BPF_NOEXIST", 1], ["BPF_EXIST", 2], ["BPF_F_LOCK", 4],
  ],
};

// bpf_prog_flags: linux/bpf.h, linux/bpf.h, an anonymous enum
export const BPF_PROG_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "BPF_F_???",
  entries: [
    ["BPF_F_STRICT_ALIGNMENT", 0x1], ["BPF_F_ANY_ALIGNMENT", 0x2], ["BPF_F_TEST_RND_HI32", 0x4],
    ["BPF_F_TEST_STATE_FREQ", 0x8], ["BPF_F_SLEEPABLE", 0x10],
  ],
};

// bpf_query_flags: linux/bpf.h, linux/bpf.h, an anonymous enum
export const BPF_QUERY_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["BPF_F_QUERY_EFFECTIVE", 0x1],
  ],
};

// bpf_test_run_flags: linux/bpf.h, linux/bpf.h, an anonymous enum
export const BPF_TEST_RUN_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "BPF_F_???",
  entries: [
    ["BPF_F_TEST_RUN_ON_CPU", 0x1], ["BPF_F_TEST_XDP_LIVE_FRAMES", 0x2],
  ],
};

// bpf_task_fd_type: linux/bpf.h
export const BPF_TASK_FD_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["BPF_FD_TYPE_RAW_TRACEPOINT", 0], ["BPF_FD_TYPE_TRACEPOINT", 1], ["BPF_FD_TYPE_KPROBE", 2],
    ["BPF_FD_TYPE_KRETPROBE", 3], ["BPF_FD_TYPE_UPROBE", 4], ["BPF_FD_TYPE_URETPROBE", 5],
  ],
};

// bpf_kprobe_multi_flags: linux/bpf.h, linux/bpf.h, an anonymous enum
export const BPF_KPROBE_MULTI_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "BPF_F_???",
  entries: [
    ["BPF_F_KPROBE_MULTI_RETURN", 0x1],
  ],
};

// perf_type: linux/perf_event.h
export const PERF_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["PERF_TYPE_HARDWARE", 0], ["PERF_TYPE_SOFTWARE", 1], ["PERF_TYPE_TRACEPOINT", 2],
    ["PERF_TYPE_HW_CACHE", 3], ["PERF_TYPE_RAW", 4], ["PERF_TYPE_BREAKPOINT", 5],
  ],
};

// perf_hw_id: linux/perf_event.h
export const PERF_HW_ID: ConstSet = {
  kind: "values",
  entries: [
    ["PERF_COUNT_HW_CPU_CYCLES", 0], ["PERF_COUNT_HW_INSTRUCTIONS", 1], ["PERF_COUNT_HW_CACHE_REFERENCES", 2],
    ["PERF_COUNT_HW_CACHE_MISSES", 3], ["PERF_COUNT_HW_BRANCH_INSTRUCTIONS", 4],
    ["PERF_COUNT_HW_BRANCH_MISSES", 5], ["PERF_COUNT_HW_BUS_CYCLES", 6],
    ["PERF_COUNT_HW_STALLED_CYCLES_FRONTEND", 7], ["PERF_COUNT_HW_STALLED_CYCLES_BACKEND", 8],
    ["PERF_COUNT_HW_REF_CPU_CYCLES", 9],
  ],
};

// perf_sw_id: linux/perf_event.h
export const PERF_SW_ID: ConstSet = {
  kind: "values",
  entries: [
    ["PERF_COUNT_SW_CPU_CLOCK", 0], ["PERF_COUNT_SW_TASK_CLOCK", 1], ["PERF_COUNT_SW_PAGE_FAULTS", 2],
    ["PERF_COUNT_SW_CONTEXT_SWITCHES", 3], ["PERF_COUNT_SW_CPU_MIGRATIONS", 4],
    ["PERF_COUNT_SW_PAGE_FAULTS_MIN", 5], ["PERF_COUNT_SW_PAGE_FAULTS_MAJ", 6],
    ["PERF_COUNT_SW_ALIGNMENT_FAULTS", 7], ["PERF_COUNT_SW_EMULATION_FAULTS", 8], ["PERF_COUNT_SW_DUMMY", 9],
    ["PERF_COUNT_SW_BPF_OUTPUT", 10], ["PERF_COUNT_SW_CGROUP_SWITCHES", 11],
  ],
};

// perf_flags: linux/perf_event.h
export const PERF_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["PERF_FLAG_FD_NO_GROUP", 0x1], ["PERF_FLAG_FD_OUTPUT", 0x2], ["PERF_FLAG_PID_CGROUP", 0x4],
    ["PERF_FLAG_FD_CLOEXEC", 0x8],
  ],
};

// perf_attr_size: linux/perf_event.h
export const PERF_ATTR_SIZE: ConstSet = {
  kind: "values",
  entries: [
    ["PERF_ATTR_SIZE_VER0", 64], ["PERF_ATTR_SIZE_VER1", 72], ["PERF_ATTR_SIZE_VER2", 80],
    ["PERF_ATTR_SIZE_VER3", 96], ["PERF_ATTR_SIZE_VER4", 104], ["PERF_ATTR_SIZE_VER5", 112],
    ["PERF_ATTR_SIZE_VER6", 120], ["PERF_ATTR_SIZE_VER7", 128],
  ],
};

// perf_sample_format: linux/perf_event.h
export const PERF_SAMPLE_FORMAT: ConstSet = {
  kind: "flags",
  entries: [
    ["PERF_SAMPLE_IP", 0x1], ["PERF_SAMPLE_TID", 0x2], ["PERF_SAMPLE_TIME", 0x4], ["PERF_SAMPLE_ADDR", 0x8],
    ["PERF_SAMPLE_READ", 0x10], ["PERF_SAMPLE_CALLCHAIN", 0x20], ["PERF_SAMPLE_ID", 0x40],
    ["PERF_SAMPLE_CPU", 0x80], ["PERF_SAMPLE_PERIOD", 0x100], ["PERF_SAMPLE_STREAM_ID", 0x200],
    ["PERF_SAMPLE_RAW", 0x400], ["PERF_SAMPLE_BRANCH_STACK", 0x800], ["PERF_SAMPLE_REGS_USER", 0x1000],
    ["PERF_SAMPLE_STACK_USER", 0x2000], ["PERF_SAMPLE_WEIGHT", 0x4000], ["PERF_SAMPLE_DATA_SRC", 0x8000],
    ["PERF_SAMPLE_IDENTIFIER", 0x10000], ["PERF_SAMPLE_TRANSACTION", 0x20000],
    ["PERF_SAMPLE_REGS_INTR", 0x40000], ["PERF_SAMPLE_PHYS_ADDR", 0x80000], ["PERF_SAMPLE_AUX", 0x100000],
    ["PERF_SAMPLE_CGROUP", 0x200000], ["PERF_SAMPLE_DATA_PAGE_SIZE", 0x400000],
    ["PERF_SAMPLE_CODE_PAGE_SIZE", 0x800000], ["PERF_SAMPLE_WEIGHT_STRUCT", 0x1000000],
  ],
};

// perf_read_format: linux/perf_event.h
export const PERF_READ_FORMAT: ConstSet = {
  kind: "flags",
  entries: [
    ["PERF_FORMAT_TOTAL_TIME_ENABLED", 0x1], ["PERF_FORMAT_TOTAL_TIME_RUNNING", 0x2], ["PERF_FORMAT_ID", 0x4],
    ["PERF_FORMAT_GROUP", 0x8], ["PERF_FORMAT_LOST", 0x10],
  ],
};

// perf_hw_cache_id: linux/perf_event.h
export const PERF_HW_CACHE_ID: ConstSet = {
  kind: "values",
  entries: [
    ["PERF_COUNT_HW_CACHE_L1D", 0], ["PERF_COUNT_HW_CACHE_L1I", 1], ["PERF_COUNT_HW_CACHE_LL", 2],
    ["PERF_COUNT_HW_CACHE_DTLB", 3], ["PERF_COUNT_HW_CACHE_ITLB", 4], ["PERF_COUNT_HW_CACHE_BPU", 5],
    ["PERF_COUNT_HW_CACHE_NODE", 6],
  ],
};

// perf_hw_cache_op_id: linux/perf_event.h
export const PERF_HW_CACHE_OP_ID: ConstSet = {
  kind: "values",
  entries: [
    ["PERF_COUNT_HW_CACHE_OP_READ", 0], ["PERF_COUNT_HW_CACHE_OP_WRITE", 1],
    ["PERF_COUNT_HW_CACHE_OP_PREFETCH", 2],
  ],
};

// perf_hw_cache_op_result_id: linux/perf_event.h
export const PERF_HW_CACHE_OP_RESULT_ID: ConstSet = {
  kind: "values",
  entries: [
    ["PERF_COUNT_HW_CACHE_RESULT_ACCESS", 0], ["PERF_COUNT_HW_CACHE_RESULT_MISS", 1],
  ],
};

// mlock_flags: asm-generic/mman-common.h
export const MLOCK_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["MLOCK_ONFAULT", 0x1],
  ],
};

// pkey_access: asm-generic/mman-common.h, powerpc uapi asm/mman.h (strace names it on every arch)
export const PKEY_ACCESS: ConstSet = {
  kind: "flags",
  unknown: "PKEY_???",
  entries: [
    ["PKEY_DISABLE_ACCESS", 0x1], ["PKEY_DISABLE_WRITE", 0x2], ["PKEY_DISABLE_EXECUTE", 0x4],
  ],
};

// membarrier_cmd: linux/membarrier.h
export const MEMBARRIER_CMD: ConstSet = {
  kind: "values",
  entries: [
    ["MEMBARRIER_CMD_QUERY", 0], ["MEMBARRIER_CMD_GLOBAL", 1], ["MEMBARRIER_CMD_GLOBAL_EXPEDITED", 2],
    ["MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED", 4], ["MEMBARRIER_CMD_PRIVATE_EXPEDITED", 8],
    ["MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED", 16], ["MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE", 32],
    ["MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE", 64],
    ["MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ", 128], ["MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ", 256],
  ],
};

// membarrier_cmds: linux/membarrier.h
export const MEMBARRIER_CMDS: ConstSet = {
  kind: "flags",
  entries: [
    ["MEMBARRIER_CMD_GLOBAL", 0x1], ["MEMBARRIER_CMD_GLOBAL_EXPEDITED", 0x2],
    ["MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED", 0x4], ["MEMBARRIER_CMD_PRIVATE_EXPEDITED", 0x8],
    ["MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED", 0x10], ["MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE", 0x20],
    ["MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE", 0x40],
    ["MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ", 0x80],
    ["MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ", 0x100],
  ],
};

// membarrier_flags: linux/membarrier.h
export const MEMBARRIER_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["MEMBARRIER_CMD_FLAG_CPU", 0x1],
  ],
};

// eventfd_flags: sys/eventfd.h
export const EVENTFD_FLAGS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["EFD_SEMAPHORE", 0x1], ["EFD_CLOEXEC", 0x80000], ["EFD_NONBLOCK", 0x800],
  ],
};

// signalfd_flags: linux/signalfd.h
export const SIGNALFD_FLAGS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["SFD_CLOEXEC", 0x80000], ["SFD_NONBLOCK", 0x800],
  ],
};

// pidfd_flags: linux/pidfd.h
export const PIDFD_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["PIDFD_NONBLOCK", 0x800],
  ],
};

// mq_flags: fcntl.h
export const MQ_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "O_???",
  entries: [
    ["O_NONBLOCK", 0x800],
  ],
};

// quotactl_cmd: linux/quota.h, linux/dqblk_xfs.h
export const QUOTACTL_CMD: ConstSet = {
  kind: "values",
  unknown: "Q_???",
  entries: [
    ["Q_XQUOTAON", 22529], ["Q_XQUOTAOFF", 22530], ["Q_XGETQUOTA", 22531], ["Q_XSETQLIM", 22532],
    ["Q_XGETQSTAT", 22533], ["Q_XQUOTARM", 22534], ["Q_XQUOTASYNC", 22535], ["Q_XGETQSTATV", 22536],
    ["Q_XGETNEXTQUOTA", 22537], ["Q_SYNC", 8388609], ["Q_QUOTAON", 8388610], ["Q_QUOTAOFF", 8388611],
    ["Q_GETFMT", 8388612], ["Q_GETINFO", 8388613], ["Q_SETINFO", 8388614], ["Q_GETQUOTA", 8388615],
    ["Q_SETQUOTA", 8388616], ["Q_GETNEXTQUOTA", 8388617],
  ],
};

// quotactl_type: linux/quota.h
export const QUOTACTL_TYPE: ConstSet = {
  kind: "values",
  unknown: "???QUOTA",
  entries: [
    ["USRQUOTA", 0], ["GRPQUOTA", 1], ["PRJQUOTA", 2],
  ],
};

// quotactl_format: linux/quota.h
export const QUOTACTL_FORMAT: ConstSet = {
  kind: "values",
  unknown: "QFMT_VFS_???",
  entries: [
    ["QFMT_VFS_OLD", 1], ["QFMT_VFS_V0", 2], ["QFMT_OCFS2", 3], ["QFMT_VFS_V1", 4],
  ],
};

// xfs_quota_flags: linux/dqblk_xfs.h
export const XFS_QUOTA_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "FS_QUOTA_???",
  entries: [
    ["FS_QUOTA_UDQ_ACCT", 0x1], ["FS_QUOTA_UDQ_ENFD", 0x2], ["FS_QUOTA_GDQ_ACCT", 0x4],
    ["FS_QUOTA_GDQ_ENFD", 0x8], ["FS_QUOTA_PDQ_ACCT", 0x10], ["FS_QUOTA_PDQ_ENFD", 0x20],
  ],
};

// xfs_dqblk_flags: linux/dqblk_xfs.h
export const XFS_DQBLK_FLAGS: ConstSet = {
  kind: "flags",
  order: "listed",
  unknown: "FS_???_QUOTA",
  entries: [
    ["FS_USER_QUOTA", 0x1], ["FS_PROJ_QUOTA", 0x2], ["FS_GROUP_QUOTA", 0x4],
  ],
};

// dqinfo_flags: linux/quota.h
export const DQINFO_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "DQF_???",
  entries: [
    ["DQF_ROOT_SQUASH", 0x1], ["DQF_SYS_FILE", 0x10000],
  ],
};

// dqinfo_valid: linux/quota.h
export const DQINFO_VALID: ConstSet = {
  kind: "flags",
  unknown: "IIF_???",
  entries: [
    ["IIF_BGRACE", 0x1], ["IIF_IGRACE", 0x2], ["IIF_FLAGS", 0x4],
  ],
};

// semop_flags: linux/ipc.h, linux/sem.h
export const SEMOP_FLAGS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["SEM_UNDO", 0x1000], ["IPC_NOWAIT", 0x800],
  ],
};

// shm_flags: sys/shm.h
export const SHM_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["SHM_RDONLY", 0x1000], ["SHM_RND", 0x2000], ["SHM_REMAP", 0x4000], ["SHM_EXEC", 0x8000],
  ],
};

// uffd_flags: linux/userfaultfd.h, fcntl.h
export const UFFD_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "UFFD_???",
  entries: [
    ["UFFD_USER_MODE_ONLY", 0x1], ["O_NONBLOCK", 0x800], ["O_CLOEXEC", 0x80000],
  ],
};
