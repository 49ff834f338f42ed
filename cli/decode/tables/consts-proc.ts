// generated from <linux/sched.h>, <asm/signal.h>, <linux/prctl.h>, <asm/prctl.h>, <asm/resource.h>, <linux/wait.h>, <asm/siginfo.h>, <linux/audit.h>, <linux/capability.h>, <linux/ptrace.h>, <elf.h>, <linux/seccomp.h>, <linux/module.h>, <fcntl.h>, <linux/keyctl.h>, <sched.h>, <linux/ipc.h>, <linux/shm.h>, <linux/msg.h>, <linux/mempolicy.h>, <linux/sem.h>, <linux/landlock.h>, <linux/reboot.h>, <linux/kexec.h>, <sys/swap.h>, <linux/resource.h>, <linux/kcmp.h>, cli/decode/data/consts.in by scripts/gen-tables.ts — do not edit
// [name, value] or [name, value, arch] for members that exist on one arch only.
type ConstSet = {
  readonly kind: "flags" | "values";
  /** Flags show ascending by value, or descending, or in the order of the entries (listed). */
  readonly order?: "descending" | "listed";
  /** The comment on unknown bits when it is not the names' common prefix followed by ??? (access: ?_OK). */
  readonly unknown?: string;
  readonly entries: readonly (readonly [string, number] | readonly [string, number, string])[];
};

// clone_flags: linux/sched.h
export const CLONE_FLAGS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["CLONE_VM", 0x100], ["CLONE_FS", 0x200], ["CLONE_FILES", 0x400], ["CLONE_SIGHAND", 0x800],
    ["CLONE_PIDFD", 0x1000], ["CLONE_PTRACE", 0x2000], ["CLONE_VFORK", 0x4000], ["CLONE_PARENT", 0x8000],
    ["CLONE_THREAD", 0x10000], ["CLONE_NEWNS", 0x20000], ["CLONE_SYSVSEM", 0x40000],
    ["CLONE_SETTLS", 0x80000], ["CLONE_PARENT_SETTID", 0x100000], ["CLONE_CHILD_CLEARTID", 0x200000],
    ["CLONE_UNTRACED", 0x800000], ["CLONE_CHILD_SETTID", 0x1000000], ["CLONE_NEWCGROUP", 0x2000000],
    ["CLONE_NEWUTS", 0x4000000], ["CLONE_NEWIPC", 0x8000000], ["CLONE_NEWUSER", 0x10000000],
    ["CLONE_NEWPID", 0x20000000], ["CLONE_NEWNET", 0x40000000], ["CLONE_IO", 0x80000000],
    ["CLONE_NEWTIME", 0x80], ["CLONE_CLEAR_SIGHAND", 0x100000000], ["CLONE_INTO_CGROUP", 0x200000000],
  ],
};

// setns_types: linux/sched.h
export const SETNS_TYPES: ConstSet = {
  kind: "flags",
  order: "listed",
  unknown: "CLONE_NEW???",
  entries: [
    ["CLONE_NEWTIME", 0x80], ["CLONE_NEWNS", 0x20000], ["CLONE_NEWCGROUP", 0x2000000],
    ["CLONE_NEWUTS", 0x4000000], ["CLONE_NEWIPC", 0x8000000], ["CLONE_NEWUSER", 0x10000000],
    ["CLONE_NEWPID", 0x20000000], ["CLONE_NEWNET", 0x40000000],
  ],
};

// unshare_flags: linux/sched.h
export const UNSHARE_FLAGS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["CLONE_NEWTIME", 0x80], ["CLONE_VM", 0x100], ["CLONE_FS", 0x200], ["CLONE_FILES", 0x400],
    ["CLONE_SIGHAND", 0x800], ["CLONE_THREAD", 0x10000], ["CLONE_NEWNS", 0x20000], ["CLONE_SYSVSEM", 0x40000],
    ["CLONE_NEWCGROUP", 0x2000000], ["CLONE_NEWUTS", 0x4000000], ["CLONE_NEWIPC", 0x8000000],
    ["CLONE_NEWUSER", 0x10000000], ["CLONE_NEWPID", 0x20000000], ["CLONE_NEWNET", 0x40000000],
  ],
};

// signal: asm/signal.h
export const SIGNAL: ConstSet = {
  kind: "values",
  entries: [
    ["SIGHUP", 1], ["SIGINT", 2], ["SIGQUIT", 3], ["SIGILL", 4], ["SIGTRAP", 5], ["SIGABRT", 6],
    ["SIGBUS", 7], ["SIGFPE", 8], ["SIGKILL", 9], ["SIGUSR1", 10], ["SIGSEGV", 11], ["SIGUSR2", 12],
    ["SIGPIPE", 13], ["SIGALRM", 14], ["SIGTERM", 15], ["SIGSTKFLT", 16], ["SIGCHLD", 17], ["SIGCONT", 18],
    ["SIGSTOP", 19], ["SIGTSTP", 20], ["SIGTTIN", 21], ["SIGTTOU", 22], ["SIGURG", 23], ["SIGXCPU", 24],
    ["SIGXFSZ", 25], ["SIGVTALRM", 26], ["SIGPROF", 27], ["SIGWINCH", 28], ["SIGIO", 29], ["SIGPWR", 30],
    ["SIGSYS", 31], ["SIGRTMIN", 32],
  ],
};

// sa_flags: asm/signal.h
export const SA_FLAGS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["SA_RESTORER", 0x4000000], ["SA_ONSTACK", 0x8000000], ["SA_RESTART", 0x10000000],
    ["SA_NODEFER", 0x40000000], ["SA_RESETHAND", 0x80000000], ["SA_SIGINFO", 0x4], ["SA_NOCLDSTOP", 0x1],
    ["SA_NOCLDWAIT", 0x2], ["SA_UNSUPPORTED", 0x400], ["SA_EXPOSE_TAGBITS", 0x800],
  ],
};

// sigprocmask_how: asm/signal.h
export const SIGPROCMASK_HOW: ConstSet = {
  kind: "values",
  entries: [
    ["SIG_BLOCK", 0], ["SIG_UNBLOCK", 1], ["SIG_SETMASK", 2],
  ],
};

// prctl_option: linux/prctl.h
export const PRCTL_OPTION: ConstSet = {
  kind: "values",
  entries: [
    ["PR_SET_PDEATHSIG", 1], ["PR_GET_PDEATHSIG", 2], ["PR_GET_DUMPABLE", 3], ["PR_SET_DUMPABLE", 4],
    ["PR_GET_UNALIGN", 5], ["PR_SET_UNALIGN", 6], ["PR_GET_KEEPCAPS", 7], ["PR_SET_KEEPCAPS", 8],
    ["PR_GET_FPEMU", 9], ["PR_SET_FPEMU", 10], ["PR_GET_FPEXC", 11], ["PR_SET_FPEXC", 12],
    ["PR_GET_TIMING", 13], ["PR_SET_TIMING", 14], ["PR_SET_NAME", 15], ["PR_GET_NAME", 16],
    ["PR_GET_ENDIAN", 19], ["PR_SET_ENDIAN", 20], ["PR_GET_SECCOMP", 21], ["PR_SET_SECCOMP", 22],
    ["PR_CAPBSET_READ", 23], ["PR_CAPBSET_DROP", 24], ["PR_GET_TSC", 25], ["PR_SET_TSC", 26],
    ["PR_GET_SECUREBITS", 27], ["PR_SET_SECUREBITS", 28], ["PR_SET_TIMERSLACK", 29],
    ["PR_GET_TIMERSLACK", 30], ["PR_TASK_PERF_EVENTS_DISABLE", 31], ["PR_TASK_PERF_EVENTS_ENABLE", 32],
    ["PR_MCE_KILL", 33], ["PR_MCE_KILL_GET", 34], ["PR_SET_MM", 35], ["PR_SET_CHILD_SUBREAPER", 36],
    ["PR_GET_CHILD_SUBREAPER", 37], ["PR_SET_NO_NEW_PRIVS", 38], ["PR_GET_NO_NEW_PRIVS", 39],
    ["PR_GET_TID_ADDRESS", 40], ["PR_SET_THP_DISABLE", 41], ["PR_GET_THP_DISABLE", 42],
    ["PR_MPX_ENABLE_MANAGEMENT", 43], ["PR_MPX_DISABLE_MANAGEMENT", 44], ["PR_SET_FP_MODE", 45],
    ["PR_GET_FP_MODE", 46], ["PR_CAP_AMBIENT", 47], ["PR_SVE_SET_VL", 50], ["PR_SVE_GET_VL", 51],
    ["PR_GET_SPECULATION_CTRL", 52], ["PR_SET_SPECULATION_CTRL", 53], ["PR_PAC_RESET_KEYS", 54],
    ["PR_SET_TAGGED_ADDR_CTRL", 55], ["PR_GET_TAGGED_ADDR_CTRL", 56], ["PR_SET_IO_FLUSHER", 57],
    ["PR_GET_IO_FLUSHER", 58], ["PR_SET_SYSCALL_USER_DISPATCH", 59], ["PR_PAC_SET_ENABLED_KEYS", 60],
    ["PR_PAC_GET_ENABLED_KEYS", 61], ["PR_SCHED_CORE", 62], ["PR_SME_SET_VL", 63], ["PR_SME_GET_VL", 64],
    ["PR_SET_VMA", 1398164801], ["PR_SET_PTRACER", 1499557217],
  ],
};

// arch_prctl_code: asm/prctl.h
export const ARCH_PRCTL_CODE: ConstSet = {
  kind: "values",
  entries: [
    ["ARCH_SET_GS", 4097, "x86_64"], ["ARCH_SET_FS", 4098, "x86_64"], ["ARCH_GET_FS", 4099, "x86_64"],
    ["ARCH_GET_GS", 4100, "x86_64"], ["ARCH_GET_CPUID", 4113, "x86_64"], ["ARCH_SET_CPUID", 4114, "x86_64"],
    ["ARCH_GET_XCOMP_SUPP", 4129, "x86_64"], ["ARCH_GET_XCOMP_PERM", 4130, "x86_64"],
    ["ARCH_REQ_XCOMP_PERM", 4131, "x86_64"], ["ARCH_GET_XCOMP_GUEST_PERM", 4132, "x86_64"],
    ["ARCH_REQ_XCOMP_GUEST_PERM", 4133, "x86_64"], ["ARCH_MAP_VDSO_X32", 8193, "x86_64"],
    ["ARCH_MAP_VDSO_32", 8194, "x86_64"], ["ARCH_MAP_VDSO_64", 8195, "x86_64"],
  ],
};

// rlimit_resource: asm/resource.h
export const RLIMIT_RESOURCE: ConstSet = {
  kind: "values",
  entries: [
    ["RLIMIT_CPU", 0], ["RLIMIT_FSIZE", 1], ["RLIMIT_DATA", 2], ["RLIMIT_STACK", 3], ["RLIMIT_CORE", 4],
    ["RLIMIT_RSS", 5], ["RLIMIT_NPROC", 6], ["RLIMIT_NOFILE", 7], ["RLIMIT_MEMLOCK", 8], ["RLIMIT_AS", 9],
    ["RLIMIT_LOCKS", 10], ["RLIMIT_SIGPENDING", 11], ["RLIMIT_MSGQUEUE", 12], ["RLIMIT_NICE", 13],
    ["RLIMIT_RTPRIO", 14], ["RLIMIT_RTTIME", 15],
  ],
};

// wait_options: linux/wait.h
export const WAIT_OPTIONS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["WNOHANG", 0x1], ["WEXITED", 0x4], ["WSTOPPED", 0x2], ["WCONTINUED", 0x8], ["WNOWAIT", 0x1000000],
    ["__WCLONE", 0x80000000], ["__WALL", 0x40000000], ["__WNOTHREAD", 0x20000000],
  ],
};

// waitid_which: linux/wait.h
export const WAITID_WHICH: ConstSet = {
  kind: "values",
  entries: [
    ["P_ALL", 0], ["P_PID", 1], ["P_PGID", 2], ["P_PIDFD", 3],
  ],
};

// sigchld_code: asm/siginfo.h
export const SIGCHLD_CODE: ConstSet = {
  kind: "values",
  entries: [
    ["CLD_EXITED", 1], ["CLD_KILLED", 2], ["CLD_DUMPED", 3], ["CLD_TRAPPED", 4], ["CLD_STOPPED", 5],
    ["CLD_CONTINUED", 6],
  ],
};

// si_code: asm/siginfo.h
export const SI_CODE: ConstSet = {
  kind: "values",
  entries: [
    ["SI_ASYNCNL", -60], ["SI_DETHREAD", -7], ["SI_TKILL", -6], ["SI_SIGIO", -5], ["SI_ASYNCIO", -4],
    ["SI_MESGQ", -3], ["SI_TIMER", -2], ["SI_QUEUE", -1], ["SI_USER", 0], ["SI_KERNEL", 128],
  ],
};

// trap_code: asm/siginfo.h
export const TRAP_CODE: ConstSet = {
  kind: "values",
  entries: [
    ["TRAP_BRKPT", 1], ["TRAP_TRACE", 2], ["TRAP_BRANCH", 3], ["TRAP_HWBKPT", 4], ["TRAP_UNK", 5],
    ["TRAP_PERF", 6],
  ],
};

// ill_code: asm/siginfo.h
export const ILL_CODE: ConstSet = {
  kind: "values",
  entries: [
    ["ILL_ILLOPC", 1], ["ILL_ILLOPN", 2], ["ILL_ILLADR", 3], ["ILL_ILLTRP", 4], ["ILL_PRVOPC", 5],
    ["ILL_PRVREG", 6], ["ILL_COPROC", 7], ["ILL_BADSTK", 8], ["ILL_BADIADDR", 9],
  ],
};

// fpe_code: asm/siginfo.h
export const FPE_CODE: ConstSet = {
  kind: "values",
  entries: [
    ["FPE_INTDIV", 1], ["FPE_INTOVF", 2], ["FPE_FLTDIV", 3], ["FPE_FLTOVF", 4], ["FPE_FLTUND", 5],
    ["FPE_FLTRES", 6], ["FPE_FLTINV", 7], ["FPE_FLTSUB", 8], ["FPE_FLTUNK", 14], ["FPE_CONDTRAP", 15],
  ],
};

// segv_code: asm/siginfo.h
export const SEGV_CODE: ConstSet = {
  kind: "values",
  entries: [
    ["SEGV_MAPERR", 1], ["SEGV_ACCERR", 2], ["SEGV_BNDERR", 3], ["SEGV_PKUERR", 4], ["SEGV_ACCADI", 5],
    ["SEGV_ADIDERR", 6], ["SEGV_ADIPERR", 7], ["SEGV_MTEAERR", 8], ["SEGV_MTESERR", 9],
  ],
};

// bus_code: asm/siginfo.h
export const BUS_CODE: ConstSet = {
  kind: "values",
  entries: [
    ["BUS_ADRALN", 1], ["BUS_ADRERR", 2], ["BUS_OBJERR", 3], ["BUS_MCEERR_AR", 4], ["BUS_MCEERR_AO", 5],
  ],
};

// poll_code: asm/siginfo.h
export const POLL_CODE: ConstSet = {
  kind: "values",
  entries: [
    ["POLL_IN", 1], ["POLL_OUT", 2], ["POLL_MSG", 3], ["POLL_ERR", 4], ["POLL_PRI", 5], ["POLL_HUP", 6],
  ],
};

// sys_code: asm/siginfo.h
export const SYS_CODE: ConstSet = {
  kind: "values",
  entries: [
    ["SYS_SECCOMP", 1], ["SYS_USER_DISPATCH", 2],
  ],
};

// audit_arch: linux/audit.h
export const AUDIT_ARCH: ConstSet = {
  kind: "values",
  entries: [
    ["AUDIT_ARCH_SPARC", 2], ["AUDIT_ARCH_M68K", 4], ["AUDIT_ARCH_MIPS", 8], ["AUDIT_ARCH_PARISC", 15],
    ["AUDIT_ARCH_PPC", 20], ["AUDIT_ARCH_S390", 22], ["AUDIT_ARCH_ARMEB", 40], ["AUDIT_ARCH_SH", 42],
    ["AUDIT_ARCH_H8300", 46], ["AUDIT_ARCH_M32R", 88], ["AUDIT_ARCH_OPENRISC", 92],
    ["AUDIT_ARCH_ARCOMPACTBE", 93], ["AUDIT_ARCH_XTENSA", 94], ["AUDIT_ARCH_C6XBE", 140],
    ["AUDIT_ARCH_HEXAGON", 164], ["AUDIT_ARCH_NDS32BE", 167], ["AUDIT_ARCH_MICROBLAZE", 189],
    ["AUDIT_ARCH_ARCV2BE", 195], ["AUDIT_ARCH_FRV", 21569], ["AUDIT_ARCH_I386", 1073741827],
    ["AUDIT_ARCH_MIPSEL", 1073741832], ["AUDIT_ARCH_ARM", 1073741864], ["AUDIT_ARCH_SHEL", 1073741866],
    ["AUDIT_ARCH_CRIS", 1073741900], ["AUDIT_ARCH_ARCOMPACT", 1073741917], ["AUDIT_ARCH_UNICORE", 1073741934],
    ["AUDIT_ARCH_NIOS2", 1073741937], ["AUDIT_ARCH_C6X", 1073741964], ["AUDIT_ARCH_NDS32", 1073741991],
    ["AUDIT_ARCH_TILEPRO", 1073742012], ["AUDIT_ARCH_TILEGX32", 1073742015], ["AUDIT_ARCH_ARCV2", 1073742019],
    ["AUDIT_ARCH_RISCV32", 1073742067], ["AUDIT_ARCH_CSKY", 1073742076],
    ["AUDIT_ARCH_LOONGARCH32", 1073742082], ["AUDIT_ARCH_MIPS64", 2147483656],
    ["AUDIT_ARCH_PARISC64", 2147483663], ["AUDIT_ARCH_PPC64", 2147483669], ["AUDIT_ARCH_S390X", 2147483670],
    ["AUDIT_ARCH_SH64", 2147483690], ["AUDIT_ARCH_SPARC64", 2147483691], ["AUDIT_ARCH_MIPS64N32", 2684354568],
    ["AUDIT_ARCH_MIPSEL64", 3221225480], ["AUDIT_ARCH_PPC64LE", 3221225493],
    ["AUDIT_ARCH_SHEL64", 3221225514], ["AUDIT_ARCH_IA64", 3221225522], ["AUDIT_ARCH_X86_64", 3221225534],
    ["AUDIT_ARCH_AARCH64", 3221225655], ["AUDIT_ARCH_TILEGX", 3221225663], ["AUDIT_ARCH_RISCV64", 3221225715],
    ["AUDIT_ARCH_LOONGARCH64", 3221225730], ["AUDIT_ARCH_ALPHA", 3221262374],
    ["AUDIT_ARCH_MIPSEL64N32", 3758096392],
  ],
};

// capability: linux/capability.h
export const CAPABILITY: ConstSet = {
  kind: "values",
  entries: [
    ["CAP_CHOWN", 0], ["CAP_DAC_OVERRIDE", 1], ["CAP_DAC_READ_SEARCH", 2], ["CAP_FOWNER", 3],
    ["CAP_FSETID", 4], ["CAP_KILL", 5], ["CAP_SETGID", 6], ["CAP_SETUID", 7], ["CAP_SETPCAP", 8],
    ["CAP_LINUX_IMMUTABLE", 9], ["CAP_NET_BIND_SERVICE", 10], ["CAP_NET_BROADCAST", 11],
    ["CAP_NET_ADMIN", 12], ["CAP_NET_RAW", 13], ["CAP_IPC_LOCK", 14], ["CAP_IPC_OWNER", 15],
    ["CAP_SYS_MODULE", 16], ["CAP_SYS_RAWIO", 17], ["CAP_SYS_CHROOT", 18], ["CAP_SYS_PTRACE", 19],
    ["CAP_SYS_PACCT", 20], ["CAP_SYS_ADMIN", 21], ["CAP_SYS_BOOT", 22], ["CAP_SYS_NICE", 23],
    ["CAP_SYS_RESOURCE", 24], ["CAP_SYS_TIME", 25], ["CAP_SYS_TTY_CONFIG", 26], ["CAP_MKNOD", 27],
    ["CAP_LEASE", 28], ["CAP_AUDIT_WRITE", 29], ["CAP_AUDIT_CONTROL", 30], ["CAP_SETFCAP", 31],
    ["CAP_MAC_OVERRIDE", 32], ["CAP_MAC_ADMIN", 33], ["CAP_SYSLOG", 34], ["CAP_WAKE_ALARM", 35],
    ["CAP_BLOCK_SUSPEND", 36], ["CAP_AUDIT_READ", 37], ["CAP_PERFMON", 38], ["CAP_BPF", 39],
    ["CAP_CHECKPOINT_RESTORE", 40],
  ],
};

// capability_version: linux/capability.h
export const CAPABILITY_VERSION: ConstSet = {
  kind: "values",
  entries: [
    ["_LINUX_CAPABILITY_VERSION_1", 429392688], ["_LINUX_CAPABILITY_VERSION_2", 537333798],
    ["_LINUX_CAPABILITY_VERSION_3", 537396514],
  ],
};

// ptrace_request: linux/ptrace.h, glibc sys/ptrace.h enum __ptrace_request (the names strace prints)
export const PTRACE_REQUEST: ConstSet = {
  kind: "values",
  entries: [
    ["PTRACE_TRACEME", 0], ["PTRACE_PEEKTEXT", 1], ["PTRACE_PEEKDATA", 2], ["PTRACE_PEEKUSER", 3],
    ["PTRACE_POKETEXT", 4], ["PTRACE_POKEDATA", 5], ["PTRACE_POKEUSER", 6], ["PTRACE_CONT", 7],
    ["PTRACE_KILL", 8], ["PTRACE_SINGLESTEP", 9], ["PTRACE_GETREGS", 12, "x86_64"],
    ["PTRACE_SETREGS", 13, "x86_64"], ["PTRACE_GETFPREGS", 14, "x86_64"], ["PTRACE_SETFPREGS", 15, "x86_64"],
    ["PTRACE_ATTACH", 16], ["PTRACE_DETACH", 17], ["PTRACE_GETFPXREGS", 18, "x86_64"],
    ["PTRACE_SETFPXREGS", 19, "x86_64"], ["PTRACE_OLDSETOPTIONS", 21, "x86_64"], ["PTRACE_SYSCALL", 24],
    ["PTRACE_GET_THREAD_AREA", 25, "x86_64"], ["PTRACE_SET_THREAD_AREA", 26, "x86_64"],
    ["PTRACE_ARCH_PRCTL", 30, "x86_64"], ["PTRACE_SYSEMU", 31, "x86_64"],
    ["PTRACE_SYSEMU_SINGLESTEP", 32, "x86_64"], ["PTRACE_SINGLEBLOCK", 33, "x86_64"],
    ["PTRACE_SETOPTIONS", 16896], ["PTRACE_GETEVENTMSG", 16897], ["PTRACE_GETSIGINFO", 16898],
    ["PTRACE_SETSIGINFO", 16899], ["PTRACE_GETREGSET", 16900], ["PTRACE_SETREGSET", 16901],
    ["PTRACE_SEIZE", 16902], ["PTRACE_INTERRUPT", 16903], ["PTRACE_LISTEN", 16904],
    ["PTRACE_PEEKSIGINFO", 16905], ["PTRACE_GETSIGMASK", 16906], ["PTRACE_SETSIGMASK", 16907],
    ["PTRACE_SECCOMP_GET_FILTER", 16908], ["PTRACE_SECCOMP_GET_METADATA", 16909],
    ["PTRACE_GET_SYSCALL_INFO", 16910], ["PTRACE_GET_RSEQ_CONFIGURATION", 16911],
  ],
};

// ptrace_options: linux/ptrace.h
export const PTRACE_OPTIONS: ConstSet = {
  kind: "flags",
  entries: [
    ["PTRACE_O_TRACESYSGOOD", 0x1], ["PTRACE_O_TRACEFORK", 0x2], ["PTRACE_O_TRACEVFORK", 0x4],
    ["PTRACE_O_TRACECLONE", 0x8], ["PTRACE_O_TRACEEXEC", 0x10], ["PTRACE_O_TRACEVFORKDONE", 0x20],
    ["PTRACE_O_TRACEEXIT", 0x40], ["PTRACE_O_TRACESECCOMP", 0x80], ["PTRACE_O_EXITKILL", 0x100000],
    ["PTRACE_O_SUSPEND_SECCOMP", 0x200000],
  ],
};

// nt_type: elf.h
export const NT_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["NT_PRSTATUS", 1], ["NT_FPREGSET", 2], ["NT_PRPSINFO", 3], ["NT_PRXREG", 4], ["NT_PLATFORM", 5],
    ["NT_AUXV", 6], ["NT_GWINDOWS", 7], ["NT_ASRS", 8], ["NT_PSTATUS", 10], ["NT_PSINFO", 13],
    ["NT_PRCRED", 14], ["NT_UTSNAME", 15], ["NT_LWPSTATUS", 16], ["NT_LWPSINFO", 17], ["NT_PRFPXREG", 20],
    ["NT_386_TLS", 512], ["NT_386_IOPERM", 513], ["NT_X86_XSTATE", 514], ["NT_ARM_VFP", 1024],
    ["NT_ARM_TLS", 1025], ["NT_ARM_HW_BREAK", 1026], ["NT_ARM_HW_WATCH", 1027], ["NT_ARM_SYSTEM_CALL", 1028],
    ["NT_ARM_SVE", 1029], ["NT_ARM_PAC_MASK", 1030], ["NT_FILE", 1179208773], ["NT_PRXFPREG", 1189489535],
    ["NT_SIGINFO", 1397311305],
  ],
};

// seccomp_op: linux/seccomp.h
export const SECCOMP_OP: ConstSet = {
  kind: "values",
  entries: [
    ["SECCOMP_SET_MODE_STRICT", 0], ["SECCOMP_SET_MODE_FILTER", 1], ["SECCOMP_GET_ACTION_AVAIL", 2],
    ["SECCOMP_GET_NOTIF_SIZES", 3],
  ],
};

// seccomp_filter_flags: linux/seccomp.h
export const SECCOMP_FILTER_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["SECCOMP_FILTER_FLAG_TSYNC", 0x1], ["SECCOMP_FILTER_FLAG_LOG", 0x2],
    ["SECCOMP_FILTER_FLAG_SPEC_ALLOW", 0x4], ["SECCOMP_FILTER_FLAG_NEW_LISTENER", 0x8],
    ["SECCOMP_FILTER_FLAG_TSYNC_ESRCH", 0x10], ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 0x20],
  ],
};

// seccomp_ret: linux/seccomp.h
export const SECCOMP_RET: ConstSet = {
  kind: "values",
  entries: [
    ["SECCOMP_RET_KILL_THREAD", 0], ["SECCOMP_RET_TRAP", 196608], ["SECCOMP_RET_ERRNO", 327680],
    ["SECCOMP_RET_USER_NOTIF", 2143289344], ["SECCOMP_RET_TRACE", 2146435072],
    ["SECCOMP_RET_LOG", 2147221504], ["SECCOMP_RET_ALLOW", 2147418112],
    ["SECCOMP_RET_KILL_PROCESS", 2147483648],
  ],
};

// module_init_flags: linux/module.h
export const MODULE_INIT_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["MODULE_INIT_IGNORE_MODVERSIONS", 0x1], ["MODULE_INIT_IGNORE_VERMAGIC", 0x2],
    ["MODULE_INIT_COMPRESSED_FILE", 0x4],
  ],
};

// syslog_action: kernel include/linux/syslog.h (not exported), same
export const SYSLOG_ACTION: ConstSet = {
  kind: "values",
  entries: [
    ["SYSLOG_ACTION_CLOSE", 0], ["SYSLOG_ACTION_OPEN", 1], ["SYSLOG_ACTION_READ", 2],
    ["SYSLOG_ACTION_READ_ALL", 3], ["SYSLOG_ACTION_READ_CLEAR", 4], ["SYSLOG_ACTION_CLEAR", 5],
    ["SYSLOG_ACTION_CONSOLE_OFF", 6], ["SYSLOG_ACTION_CONSOLE_ON", 7], ["SYSLOG_ACTION_CONSOLE_LEVEL", 8],
    ["SYSLOG_ACTION_SIZE_UNREAD", 9], ["SYSLOG_ACTION_SIZE_BUFFER", 10],
  ],
};

// syslog_loglevel: kernel include/linux/kern_levels.h (not exported), same
export const SYSLOG_LOGLEVEL: ConstSet = {
  kind: "values",
  entries: [
    ["LOGLEVEL_EMERG", 0], ["LOGLEVEL_ALERT", 1], ["LOGLEVEL_CRIT", 2], ["LOGLEVEL_ERR", 3],
    ["LOGLEVEL_WARNING", 4], ["LOGLEVEL_NOTICE", 5], ["LOGLEVEL_INFO", 6], ["LOGLEVEL_DEBUG", 7],
  ],
};

// delete_module_flags: fcntl.h
export const DELETE_MODULE_FLAGS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["O_NONBLOCK", 0x800], ["O_TRUNC", 0x200],
  ],
};

// dumpable: kernel include/linux/sched/coredump.h (not exported)
export const DUMPABLE: ConstSet = {
  kind: "values",
  entries: [
    ["SUID_DUMP_DISABLE", 0], ["SUID_DUMP_USER", 1], ["SUID_DUMP_ROOT", 2],
  ],
};

// key_spec: linux/keyctl.h
export const KEY_SPEC: ConstSet = {
  kind: "values",
  entries: [
    ["KEY_SPEC_REQUESTOR_KEYRING", -8], ["KEY_SPEC_REQKEY_AUTH_KEY", -7], ["KEY_SPEC_GROUP_KEYRING", -6],
    ["KEY_SPEC_USER_SESSION_KEYRING", -5], ["KEY_SPEC_USER_KEYRING", -4], ["KEY_SPEC_SESSION_KEYRING", -3],
    ["KEY_SPEC_PROCESS_KEYRING", -2], ["KEY_SPEC_THREAD_KEYRING", -1],
  ],
};

// sched_policy: sched.h, linux/sched.h
export const SCHED_POLICY: ConstSet = {
  kind: "values",
  entries: [
    ["SCHED_OTHER", 0], ["SCHED_FIFO", 1], ["SCHED_RR", 2], ["SCHED_BATCH", 3], ["SCHED_IDLE", 5],
    ["SCHED_DEADLINE", 6],
  ],
};

// sched_flags: linux/sched.h
export const SCHED_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["SCHED_FLAG_RESET_ON_FORK", 0x1], ["SCHED_FLAG_RECLAIM", 0x2], ["SCHED_FLAG_DL_OVERRUN", 0x4],
    ["SCHED_FLAG_KEEP_POLICY", 0x8], ["SCHED_FLAG_KEEP_PARAMS", 0x10], ["SCHED_FLAG_UTIL_CLAMP_MIN", 0x20],
    ["SCHED_FLAG_UTIL_CLAMP_MAX", 0x40],
  ],
};

// personality_type: linux/personality.h & PER_MASK (an anonymous enum), as above
export const PERSONALITY_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["PER_LINUX", 0], ["PER_SVR4", 1], ["PER_SVR3", 2], ["PER_OSR5", 3], ["PER_WYSEV386", 4],
    ["PER_ISCR4", 5], ["PER_BSD", 6], ["PER_XENIX", 7], ["PER_LINUX32", 8], ["PER_IRIX32", 9],
    ["PER_IRIXN32", 10], ["PER_IRIX64", 11], ["PER_RISCOS", 12], ["PER_SOLARIS", 13], ["PER_UW7", 14],
    ["PER_OSF4", 15], ["PER_HPUX", 16],
  ],
};

// personality_flags: linux/personality.h (an anonymous enum), as above
export const PERSONALITY_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["UNAME26", 0x20000], ["ADDR_NO_RANDOMIZE", 0x40000], ["FDPIC_FUNCPTRS", 0x80000],
    ["MMAP_PAGE_ZERO", 0x100000], ["ADDR_COMPAT_LAYOUT", 0x200000], ["READ_IMPLIES_EXEC", 0x400000],
    ["ADDR_LIMIT_32BIT", 0x800000], ["SHORT_INODE", 0x1000000], ["WHOLE_SECONDS", 0x2000000],
    ["STICKY_TIMEOUTS", 0x4000000], ["ADDR_LIMIT_3GB", 0x8000000],
  ],
};

// ioprio_who: linux/ioprio.h (an anonymous enum the generator cannot name)
export const IOPRIO_WHO: ConstSet = {
  kind: "values",
  entries: [
    ["IOPRIO_WHO_PROCESS", 1], ["IOPRIO_WHO_PGRP", 2], ["IOPRIO_WHO_USER", 3],
  ],
};

// ioprio_class: linux/ioprio.h (an anonymous enum)
export const IOPRIO_CLASS: ConstSet = {
  kind: "values",
  entries: [
    ["IOPRIO_CLASS_NONE", 0], ["IOPRIO_CLASS_RT", 1], ["IOPRIO_CLASS_BE", 2], ["IOPRIO_CLASS_IDLE", 3],
  ],
};

// shmctl_cmd: linux/ipc.h, linux/shm.h
export const SHMCTL_CMD: ConstSet = {
  kind: "values",
  entries: [
    ["IPC_RMID", 0], ["IPC_SET", 1], ["IPC_STAT", 2], ["IPC_INFO", 3], ["SHM_LOCK", 11], ["SHM_UNLOCK", 12],
    ["SHM_STAT", 13], ["SHM_INFO", 14], ["SHM_STAT_ANY", 15],
  ],
};

// msgctl_cmd: linux/ipc.h, linux/msg.h
export const MSGCTL_CMD: ConstSet = {
  kind: "values",
  entries: [
    ["IPC_RMID", 0], ["IPC_SET", 1], ["IPC_STAT", 2], ["IPC_INFO", 3], ["MSG_STAT", 11], ["MSG_INFO", 12],
    ["MSG_STAT_ANY", 13],
  ],
};

// mpol_mf: linux/mempolicy.h
export const MPOL_MF: ConstSet = {
  kind: "flags",
  entries: [
    ["MPOL_MF_STRICT", 0x1], ["MPOL_MF_MOVE", 0x2], ["MPOL_MF_MOVE_ALL", 0x4],
  ],
};

// semctl_cmd: linux/ipc.h, linux/sem.h
export const SEMCTL_CMD: ConstSet = {
  kind: "values",
  entries: [
    ["IPC_RMID", 0], ["IPC_SET", 1], ["IPC_STAT", 2], ["IPC_INFO", 3], ["GETPID", 11], ["GETVAL", 12],
    ["GETALL", 13], ["GETNCNT", 14], ["GETZCNT", 15], ["SETVAL", 16], ["SETALL", 17], ["SEM_STAT", 18],
    ["SEM_INFO", 19], ["SEM_STAT_ANY", 20],
  ],
};

// keyctl_option: linux/keyctl.h
export const KEYCTL_OPTION: ConstSet = {
  kind: "values",
  entries: [
    ["KEYCTL_GET_KEYRING_ID", 0], ["KEYCTL_JOIN_SESSION_KEYRING", 1], ["KEYCTL_UPDATE", 2],
    ["KEYCTL_REVOKE", 3], ["KEYCTL_CHOWN", 4], ["KEYCTL_SETPERM", 5], ["KEYCTL_DESCRIBE", 6],
    ["KEYCTL_CLEAR", 7], ["KEYCTL_LINK", 8], ["KEYCTL_UNLINK", 9], ["KEYCTL_SEARCH", 10], ["KEYCTL_READ", 11],
    ["KEYCTL_INSTANTIATE", 12], ["KEYCTL_NEGATE", 13], ["KEYCTL_SET_REQKEY_KEYRING", 14],
    ["KEYCTL_SET_TIMEOUT", 15], ["KEYCTL_ASSUME_AUTHORITY", 16], ["KEYCTL_GET_SECURITY", 17],
    ["KEYCTL_SESSION_TO_PARENT", 18], ["KEYCTL_REJECT", 19], ["KEYCTL_INSTANTIATE_IOV", 20],
    ["KEYCTL_INVALIDATE", 21], ["KEYCTL_GET_PERSISTENT", 22], ["KEYCTL_DH_COMPUTE", 23],
    ["KEYCTL_PKEY_QUERY", 24], ["KEYCTL_PKEY_ENCRYPT", 25], ["KEYCTL_PKEY_DECRYPT", 26],
    ["KEYCTL_PKEY_SIGN", 27], ["KEYCTL_PKEY_VERIFY", 28], ["KEYCTL_RESTRICT_KEYRING", 29],
    ["KEYCTL_MOVE", 30], ["KEYCTL_CAPABILITIES", 31], ["KEYCTL_WATCH_KEY", 32],
  ],
};

// landlock_rule_type: linux/landlock.h
export const LANDLOCK_RULE_TYPE: ConstSet = {
  kind: "values",
  unknown: "LANDLOCK_RULE_???",
  entries: [
    ["LANDLOCK_RULE_PATH_BENEATH", 1],
  ],
};

// landlock_access_fs: linux/landlock.h
export const LANDLOCK_ACCESS_FS: ConstSet = {
  kind: "flags",
  entries: [
    ["LANDLOCK_ACCESS_FS_EXECUTE", 0x1], ["LANDLOCK_ACCESS_FS_WRITE_FILE", 0x2],
    ["LANDLOCK_ACCESS_FS_READ_FILE", 0x4], ["LANDLOCK_ACCESS_FS_READ_DIR", 0x8],
    ["LANDLOCK_ACCESS_FS_REMOVE_DIR", 0x10], ["LANDLOCK_ACCESS_FS_REMOVE_FILE", 0x20],
    ["LANDLOCK_ACCESS_FS_MAKE_CHAR", 0x40], ["LANDLOCK_ACCESS_FS_MAKE_DIR", 0x80],
    ["LANDLOCK_ACCESS_FS_MAKE_REG", 0x100], ["LANDLOCK_ACCESS_FS_MAKE_SOCK", 0x200],
    ["LANDLOCK_ACCESS_FS_MAKE_FIFO", 0x400], ["LANDLOCK_ACCESS_FS_MAKE_BLOCK", 0x800],
    ["LANDLOCK_ACCESS_FS_MAKE_SYM", 0x1000], ["LANDLOCK_ACCESS_FS_REFER", 0x2000],
  ],
};

// mpol_mode: linux/mempolicy.h (an anonymous enum)
export const MPOL_MODE: ConstSet = {
  kind: "values",
  entries: [
    ["MPOL_DEFAULT", 0], ["MPOL_PREFERRED", 1], ["MPOL_BIND", 2], ["MPOL_INTERLEAVE", 3], ["MPOL_LOCAL", 4],
    ["MPOL_PREFERRED_MANY", 5],
  ],
};

// mpol_mode_flags: linux/mempolicy.h
export const MPOL_MODE_FLAGS: ConstSet = {
  kind: "flags",
  order: "descending",
  entries: [
    ["MPOL_F_NUMA_BALANCING", 0x2000], ["MPOL_F_RELATIVE_NODES", 0x4000], ["MPOL_F_STATIC_NODES", 0x8000],
  ],
};

// get_mempolicy_flags: linux/mempolicy.h
export const GET_MEMPOLICY_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["MPOL_F_NODE", 0x1], ["MPOL_F_ADDR", 0x2], ["MPOL_F_MEMS_ALLOWED", 0x4],
  ],
};

// landlock_create_flags: linux/landlock.h
export const LANDLOCK_CREATE_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["LANDLOCK_CREATE_RULESET_VERSION", 0x1], ["LANDLOCK_CREATE_RULESET_ERRATA", 0x2],
  ],
};

// memfd_secret_flags: fcntl.h
export const MEMFD_SECRET_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "",
  entries: [
    ["O_CLOEXEC", 0x80000],
  ],
};

// reboot_magic1: linux/reboot.h
export const REBOOT_MAGIC1: ConstSet = {
  kind: "values",
  unknown: "LINUX_REBOOT_MAGIC_???",
  entries: [
    ["LINUX_REBOOT_MAGIC1", 4276215469],
  ],
};

// reboot_magic2: linux/reboot.h
export const REBOOT_MAGIC2: ConstSet = {
  kind: "values",
  unknown: "LINUX_REBOOT_MAGIC_???",
  entries: [
    ["LINUX_REBOOT_MAGIC2A", 85072278], ["LINUX_REBOOT_MAGIC2B", 369367448],
    ["LINUX_REBOOT_MAGIC2C", 537993216], ["LINUX_REBOOT_MAGIC2", 672274793],
  ],
};

// reboot_cmd: linux/reboot.h
export const REBOOT_CMD: ConstSet = {
  kind: "values",
  entries: [
    ["LINUX_REBOOT_CMD_CAD_OFF", 0], ["LINUX_REBOOT_CMD_RESTART", 19088743],
    ["LINUX_REBOOT_CMD_POWER_OFF", 1126301404], ["LINUX_REBOOT_CMD_KEXEC", 1163412803],
    ["LINUX_REBOOT_CMD_CAD_ON", 2309737967], ["LINUX_REBOOT_CMD_RESTART2", 2712847316],
    ["LINUX_REBOOT_CMD_HALT", 3454992675], ["LINUX_REBOOT_CMD_SW_SUSPEND", 3489725666],
  ],
};

// kexec_file_flags: linux/kexec.h
export const KEXEC_FILE_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["KEXEC_FILE_UNLOAD", 0x1], ["KEXEC_FILE_ON_CRASH", 0x2], ["KEXEC_FILE_NO_INITRAMFS", 0x4],
  ],
};

// kexec_arch: linux/kexec.h
export const KEXEC_ARCH: ConstSet = {
  kind: "values",
  entries: [
    ["KEXEC_ARCH_DEFAULT", 0], ["KEXEC_ARCH_386", 196608], ["KEXEC_ARCH_68K", 262144],
    ["KEXEC_ARCH_MIPS", 524288], ["KEXEC_ARCH_MIPS_LE", 655360], ["KEXEC_ARCH_PARISC", 983040],
    ["KEXEC_ARCH_PPC", 1310720], ["KEXEC_ARCH_PPC64", 1376256], ["KEXEC_ARCH_S390", 1441792],
    ["KEXEC_ARCH_ARM", 2621440], ["KEXEC_ARCH_SH", 2752512], ["KEXEC_ARCH_IA_64", 3276800],
    ["KEXEC_ARCH_X86_64", 4063232], ["KEXEC_ARCH_AARCH64", 11993088], ["KEXEC_ARCH_RISCV", 15925248],
    ["KEXEC_ARCH_LOONGARCH", 16908288],
  ],
};

// kexec_flags: linux/kexec.h
export const KEXEC_FLAGS: ConstSet = {
  kind: "flags",
  unknown: "KEXEC_???",
  entries: [
    ["KEXEC_ON_CRASH", 0x1], ["KEXEC_PRESERVE_CONTEXT", 0x2],
  ],
};

// swap_flags: sys/swap.h, include/linux/swap.h (kernel-internal)
export const SWAP_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["SWAP_FLAG_PREFER", 0x8000], ["SWAP_FLAG_DISCARD", 0x10000], ["SWAP_FLAG_DISCARD_ONCE", 0x20000],
    ["SWAP_FLAG_DISCARD_PAGES", 0x40000],
  ],
};

// ipc_flags: linux/ipc.h
export const IPC_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["IPC_CREAT", 0x200], ["IPC_EXCL", 0x400], ["IPC_NOWAIT", 0x800],
  ],
};

// priority_which: linux/resource.h
export const PRIORITY_WHICH: ConstSet = {
  kind: "values",
  entries: [
    ["PRIO_PROCESS", 0], ["PRIO_PGRP", 1], ["PRIO_USER", 2],
  ],
};

// rusage_who: linux/resource.h
export const RUSAGE_WHO: ConstSet = {
  kind: "values",
  entries: [
    ["RUSAGE_CHILDREN", -1], ["RUSAGE_SELF", 0], ["RUSAGE_THREAD", 1],
  ],
};

// kcmp_type: linux/kcmp.h
export const KCMP_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["KCMP_FILE", 0], ["KCMP_VM", 1], ["KCMP_FILES", 2], ["KCMP_FS", 3], ["KCMP_SIGHAND", 4], ["KCMP_IO", 5],
    ["KCMP_SYSVSEM", 6], ["KCMP_EPOLL_TFD", 7],
  ],
};
