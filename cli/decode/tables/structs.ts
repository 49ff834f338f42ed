// generated from <asm/stat.h>, <asm-generic/stat.h>, <linux/stat.h>, <linux/eventpoll.h>, <linux/openat2.h>, <linux/sched.h>, <linux/time_types.h>, <linux/resource.h>, <asm/poll.h>, <linux/utsname.h>, <linux/sysinfo.h>, <linux/uio.h>, <sys/socket.h>, <linux/capability.h>, <asm-generic/signal.h>, <asm/siginfo.h>, <linux/filter.h>, <linux/perf_event.h>, <linux/in.h>, <linux/in6.h>, <linux/un.h>, <linux/netlink.h>, <linux/if_packet.h>, <dirent.h>, <asm/statfs.h>, <linux/timex.h>, <linux/sched/types.h>, <stddef.h>, <linux/sysctl.h>, <linux/sem.h>, <linux/mqueue.h>, <linux/quota.h>, <linux/dqblk_xfs.h>, cli/decode/data/structs.in by scripts/gen-tables.ts — do not edit
// Each member is [offset, size, signed]; sizes are in bytes.
export interface StructLayout {
  readonly size: number;
  readonly fields: Readonly<Record<string, readonly [number, number, number]>>;
}

// struct stat on x86_64: <asm/stat.h>
export const STAT_X86_64 = {
  size: 144,
  fields: {
    st_dev: [0, 8, 0],
    st_ino: [8, 8, 0],
    st_nlink: [16, 8, 0],
    st_mode: [24, 4, 0],
    st_uid: [28, 4, 0],
    st_gid: [32, 4, 0],
    st_rdev: [40, 8, 0],
    st_size: [48, 8, 1],
    st_blksize: [56, 8, 1],
    st_blocks: [64, 8, 1],
    st_atime: [72, 8, 0],
    st_atime_nsec: [80, 8, 0],
    st_mtime: [88, 8, 0],
    st_mtime_nsec: [96, 8, 0],
    st_ctime: [104, 8, 0],
    st_ctime_nsec: [112, 8, 0],
  },
} as const satisfies StructLayout;

// struct stat on aarch64: <asm-generic/stat.h>
export const STAT_AARCH64 = {
  size: 128,
  fields: {
    st_dev: [0, 8, 0],
    st_ino: [8, 8, 0],
    st_nlink: [20, 4, 0],
    st_mode: [16, 4, 0],
    st_uid: [24, 4, 0],
    st_gid: [28, 4, 0],
    st_rdev: [32, 8, 0],
    st_size: [48, 8, 1],
    st_blksize: [56, 4, 1],
    st_blocks: [64, 8, 1],
    st_atime: [72, 8, 1],
    st_atime_nsec: [80, 8, 0],
    st_mtime: [88, 8, 1],
    st_mtime_nsec: [96, 8, 0],
    st_ctime: [104, 8, 1],
    st_ctime_nsec: [112, 8, 0],
  },
} as const satisfies StructLayout;

// struct statx: <linux/stat.h>
export const STATX = {
  size: 256,
  fields: {
    stx_mask: [0, 4, 0],
    stx_blksize: [4, 4, 0],
    stx_attributes: [8, 8, 0],
    stx_nlink: [16, 4, 0],
    stx_uid: [20, 4, 0],
    stx_gid: [24, 4, 0],
    stx_mode: [28, 2, 0],
    stx_ino: [32, 8, 0],
    stx_size: [40, 8, 0],
    stx_blocks: [48, 8, 0],
    stx_attributes_mask: [56, 8, 0],
    stx_atime: [64, 16, 0],
    stx_btime: [80, 16, 0],
    stx_ctime: [96, 16, 0],
    stx_mtime: [112, 16, 0],
    stx_rdev_major: [128, 4, 0],
    stx_rdev_minor: [132, 4, 0],
    stx_dev_major: [136, 4, 0],
    stx_dev_minor: [140, 4, 0],
    stx_mnt_id: [144, 8, 0],
  },
} as const satisfies StructLayout;

// struct statx_timestamp: <linux/stat.h>
export const STATX_TIMESTAMP = {
  size: 16,
  fields: {
    tv_sec: [0, 8, 1],
    tv_nsec: [8, 4, 0],
  },
} as const satisfies StructLayout;

// struct epoll_event on x86_64: <linux/eventpoll.h>
export const EPOLL_EVENT_X86_64 = {
  size: 12,
  fields: {
    events: [0, 4, 0],
    data: [4, 8, 0],
  },
} as const satisfies StructLayout;

// struct epoll_event on aarch64: <linux/eventpoll.h> without __x86_64__
export const EPOLL_EVENT_AARCH64 = {
  size: 16,
  fields: {
    events: [0, 4, 0],
    data: [8, 8, 0],
  },
} as const satisfies StructLayout;

// struct open_how: <linux/openat2.h>
export const OPEN_HOW = {
  size: 24,
  fields: {
    flags: [0, 8, 0],
    mode: [8, 8, 0],
    resolve: [16, 8, 0],
  },
} as const satisfies StructLayout;

// struct clone_args: <linux/sched.h>
export const CLONE_ARGS = {
  size: 88,
  fields: {
    flags: [0, 8, 0],
    pidfd: [8, 8, 0],
    child_tid: [16, 8, 0],
    parent_tid: [24, 8, 0],
    exit_signal: [32, 8, 0],
    stack: [40, 8, 0],
    stack_size: [48, 8, 0],
    tls: [56, 8, 0],
    set_tid: [64, 8, 0],
    set_tid_size: [72, 8, 0],
    cgroup: [80, 8, 0],
  },
} as const satisfies StructLayout;

// struct __kernel_timespec: <linux/time_types.h>
export const TIMESPEC = {
  size: 16,
  fields: {
    tv_sec: [0, 8, 1],
    tv_nsec: [8, 8, 1],
  },
} as const satisfies StructLayout;

// struct __kernel_old_timeval: <linux/time_types.h>
export const TIMEVAL = {
  size: 16,
  fields: {
    tv_sec: [0, 8, 1],
    tv_usec: [8, 8, 1],
  },
} as const satisfies StructLayout;

// struct __kernel_itimerspec: <linux/time_types.h>
export const ITIMERSPEC = {
  size: 32,
  fields: {
    it_interval: [0, 16, 0],
    it_value: [16, 16, 0],
  },
} as const satisfies StructLayout;

// struct __kernel_old_itimerval: <linux/time_types.h>
export const ITIMERVAL = {
  size: 32,
  fields: {
    it_interval: [0, 16, 0],
    it_value: [16, 16, 0],
  },
} as const satisfies StructLayout;

// struct rlimit64: <linux/resource.h>
export const RLIMIT64 = {
  size: 16,
  fields: {
    rlim_cur: [0, 8, 0],
    rlim_max: [8, 8, 0],
  },
} as const satisfies StructLayout;

// struct pollfd: <asm/poll.h>
export const POLLFD = {
  size: 8,
  fields: {
    fd: [0, 4, 1],
    events: [4, 2, 1],
    revents: [6, 2, 1],
  },
} as const satisfies StructLayout;

// struct new_utsname: <linux/utsname.h>
export const UTSNAME = {
  size: 390,
  fields: {
    sysname: [0, 65, 0],
    nodename: [65, 65, 0],
    release: [130, 65, 0],
    version: [195, 65, 0],
    machine: [260, 65, 0],
    domainname: [325, 65, 0],
  },
} as const satisfies StructLayout;

// struct sysinfo: <linux/sysinfo.h>
export const SYSINFO = {
  size: 112,
  fields: {
    uptime: [0, 8, 1],
    loads0: [8, 8, 0],
    loads1: [16, 8, 0],
    loads2: [24, 8, 0],
    totalram: [32, 8, 0],
    freeram: [40, 8, 0],
    sharedram: [48, 8, 0],
    bufferram: [56, 8, 0],
    totalswap: [64, 8, 0],
    freeswap: [72, 8, 0],
    procs: [80, 2, 0],
    totalhigh: [88, 8, 0],
    freehigh: [96, 8, 0],
    mem_unit: [104, 4, 0],
  },
} as const satisfies StructLayout;

// struct iovec: <linux/uio.h>
export const IOVEC = {
  size: 16,
  fields: {
    iov_base: [0, 8, 0],
    iov_len: [8, 8, 0],
  },
} as const satisfies StructLayout;

// struct msghdr: <sys/socket.h>
export const MSGHDR = {
  size: 56,
  fields: {
    msg_name: [0, 8, 0],
    msg_namelen: [8, 4, 0],
    msg_iov: [16, 8, 0],
    msg_iovlen: [24, 8, 0],
    msg_control: [32, 8, 0],
    msg_controllen: [40, 8, 0],
    msg_flags: [48, 4, 1],
  },
} as const satisfies StructLayout;

// struct __user_cap_header_struct: <linux/capability.h>
export const CAP_HEADER = {
  size: 8,
  fields: {
    version: [0, 4, 0],
    pid: [4, 4, 1],
  },
} as const satisfies StructLayout;

// struct __user_cap_data_struct: <linux/capability.h>
export const CAP_DATA = {
  size: 12,
  fields: {
    effective: [0, 4, 0],
    permitted: [4, 4, 0],
    inheritable: [8, 4, 0],
  },
} as const satisfies StructLayout;

// struct sigaction: <asm-generic/signal.h>
export const SIGACTION = {
  size: 32,
  fields: {
    sa_handler: [0, 8, 0],
    sa_flags: [8, 8, 0],
    sa_restorer: [16, 8, 0],
    sa_mask: [24, 8, 0],
  },
} as const satisfies StructLayout;

// siginfo_t: <asm/siginfo.h>
export const SIGINFO = {
  size: 128,
  fields: {
    si_signo: [0, 4, 1],
    si_errno: [4, 4, 1],
    si_code: [8, 4, 1],
    si_pid: [16, 4, 1],
    si_uid: [20, 4, 0],
    si_status: [24, 4, 1],
    si_utime: [32, 8, 1],
    si_stime: [40, 8, 1],
  },
} as const satisfies StructLayout;

// struct sock_fprog: <linux/filter.h>
export const SOCK_FPROG = {
  size: 16,
  fields: {
    len: [0, 2, 0],
    filter: [8, 8, 0],
  },
} as const satisfies StructLayout;

// struct perf_event_attr: <linux/perf_event.h>
export const PERF_EVENT_ATTR = {
  size: 128,
  fields: {
    type: [0, 4, 0],
    size: [4, 4, 0],
    config: [8, 8, 0],
    sample_period: [16, 8, 0],
    sample_type: [24, 8, 0],
    read_format: [32, 8, 0],
    wakeup_events: [48, 4, 0],
  },
} as const satisfies StructLayout;

// struct sockaddr_in: <linux/in.h>
export const SOCKADDR_IN = {
  size: 16,
  fields: {
    sin_family: [0, 2, 0],
    sin_port: [2, 2, 0],
    sin_addr: [4, 4, 0],
  },
} as const satisfies StructLayout;

// struct sockaddr_in6: <linux/in6.h>
export const SOCKADDR_IN6 = {
  size: 28,
  fields: {
    sin6_family: [0, 2, 0],
    sin6_port: [2, 2, 0],
    sin6_flowinfo: [4, 4, 0],
    sin6_addr: [8, 16, 0],
    sin6_scope_id: [24, 4, 0],
  },
} as const satisfies StructLayout;

// struct sockaddr_un: <linux/un.h>
export const SOCKADDR_UN = {
  size: 110,
  fields: {
    sun_family: [0, 2, 0],
    sun_path: [2, 108, 0],
  },
} as const satisfies StructLayout;

// struct sockaddr_nl: <linux/netlink.h>
export const SOCKADDR_NL = {
  size: 12,
  fields: {
    nl_family: [0, 2, 0],
    nl_pad: [2, 2, 0],
    nl_pid: [4, 4, 0],
    nl_groups: [8, 4, 0],
  },
} as const satisfies StructLayout;

// struct sockaddr_ll: <linux/if_packet.h>
export const SOCKADDR_LL = {
  size: 20,
  fields: {
    sll_family: [0, 2, 0],
    sll_protocol: [2, 2, 0],
    sll_ifindex: [4, 4, 1],
    sll_hatype: [8, 2, 0],
    sll_pkttype: [10, 1, 0],
    sll_halen: [11, 1, 0],
    sll_addr: [12, 8, 0],
  },
} as const satisfies StructLayout;

// struct dirent64: <dirent.h>
export const DIRENT64 = {
  size: 280,
  fields: {
    d_ino: [0, 8, 0],
    d_off: [8, 8, 1],
    d_reclen: [16, 2, 0],
    d_type: [18, 1, 0],
    d_name: [19, 256, 0],
  },
} as const satisfies StructLayout;

// struct statfs: <asm/statfs.h>
export const STATFS = {
  size: 120,
  fields: {
    f_type: [0, 8, 1],
    f_bsize: [8, 8, 1],
    f_blocks: [16, 8, 1],
    f_bfree: [24, 8, 1],
    f_bavail: [32, 8, 1],
    f_files: [40, 8, 1],
    f_ffree: [48, 8, 1],
    f_fsid0: [56, 4, 1],
    f_fsid1: [60, 4, 1],
    f_namelen: [64, 8, 1],
    f_frsize: [72, 8, 1],
    f_flags: [80, 8, 1],
  },
} as const satisfies StructLayout;

// struct __kernel_timex: <linux/timex.h>
export const TIMEX = {
  size: 208,
  fields: {
    modes: [0, 4, 0],
    offset: [8, 8, 1],
    freq: [16, 8, 1],
    maxerror: [24, 8, 1],
    esterror: [32, 8, 1],
    status: [40, 4, 1],
    constant: [48, 8, 1],
    precision: [56, 8, 1],
    tolerance: [64, 8, 1],
    time_sec: [72, 8, 1],
    time_usec: [80, 8, 1],
    tick: [88, 8, 1],
    ppsfreq: [96, 8, 1],
    jitter: [104, 8, 1],
    shift: [112, 4, 1],
    stabil: [120, 8, 1],
    jitcnt: [128, 8, 1],
    calcnt: [136, 8, 1],
    errcnt: [144, 8, 1],
    stbcnt: [152, 8, 1],
    tai: [160, 4, 1],
  },
} as const satisfies StructLayout;

// struct sched_attr: <linux/sched/types.h>
export const SCHED_ATTR = {
  size: 56,
  fields: {
    size: [0, 4, 0],
    sched_policy: [4, 4, 0],
    sched_flags: [8, 8, 0],
    sched_nice: [16, 4, 1],
    sched_priority: [20, 4, 0],
    sched_runtime: [24, 8, 0],
    sched_deadline: [32, 8, 0],
    sched_period: [40, 8, 0],
    sched_util_min: [48, 4, 0],
    sched_util_max: [52, 4, 0],
  },
} as const satisfies StructLayout;

// struct __sysctl_args: <stddef.h> <linux/sysctl.h>
export const SYSCTL_ARGS = {
  size: 80,
  fields: {
    name: [0, 8, 0],
    nlen: [8, 4, 1],
    oldval: [16, 8, 0],
    oldlenp: [24, 8, 0],
    newval: [32, 8, 0],
    newlen: [40, 8, 0],
  },
} as const satisfies StructLayout;

// struct sembuf: <linux/sem.h>
export const SEMBUF = {
  size: 6,
  fields: {
    sem_num: [0, 2, 0],
    sem_op: [2, 2, 1],
    sem_flg: [4, 2, 1],
  },
} as const satisfies StructLayout;

// struct mq_attr: <linux/mqueue.h>
export const MQ_ATTR = {
  size: 64,
  fields: {
    mq_flags: [0, 8, 1],
    mq_maxmsg: [8, 8, 1],
    mq_msgsize: [16, 8, 1],
    mq_curmsgs: [24, 8, 1],
  },
} as const satisfies StructLayout;

// struct if_dqblk: <linux/quota.h>
export const IF_DQBLK = {
  size: 72,
  fields: {
    dqb_bhardlimit: [0, 8, 0],
    dqb_bsoftlimit: [8, 8, 0],
    dqb_curspace: [16, 8, 0],
    dqb_ihardlimit: [24, 8, 0],
    dqb_isoftlimit: [32, 8, 0],
    dqb_curinodes: [40, 8, 0],
    dqb_btime: [48, 8, 0],
    dqb_itime: [56, 8, 0],
    dqb_valid: [64, 4, 0],
  },
} as const satisfies StructLayout;

// struct if_nextdqblk: <linux/quota.h>
export const IF_NEXTDQBLK = {
  size: 72,
  fields: {
    dqb_bhardlimit: [0, 8, 0],
    dqb_bsoftlimit: [8, 8, 0],
    dqb_curspace: [16, 8, 0],
    dqb_ihardlimit: [24, 8, 0],
    dqb_isoftlimit: [32, 8, 0],
    dqb_curinodes: [40, 8, 0],
    dqb_btime: [48, 8, 0],
    dqb_itime: [56, 8, 0],
    dqb_valid: [64, 4, 0],
    dqb_id: [68, 4, 0],
  },
} as const satisfies StructLayout;

// struct if_dqinfo: <linux/quota.h>
export const IF_DQINFO = {
  size: 24,
  fields: {
    dqi_bgrace: [0, 8, 0],
    dqi_igrace: [8, 8, 0],
    dqi_flags: [16, 4, 0],
    dqi_valid: [20, 4, 0],
  },
} as const satisfies StructLayout;

// struct fs_disk_quota: <linux/dqblk_xfs.h>
export const FS_DISK_QUOTA = {
  size: 112,
  fields: {
    d_version: [0, 1, 1],
    d_flags: [1, 1, 1],
    d_fieldmask: [2, 2, 0],
    d_id: [4, 4, 0],
    d_blk_hardlimit: [8, 8, 0],
    d_blk_softlimit: [16, 8, 0],
    d_ino_hardlimit: [24, 8, 0],
    d_ino_softlimit: [32, 8, 0],
    d_bcount: [40, 8, 0],
    d_icount: [48, 8, 0],
  },
} as const satisfies StructLayout;
