/**
 * What an OCI runtime calls after it installs the container's seccomp
 * filter and before the workload's execve: these go through the filter,
 * so every profile must allow them. When the container ran under a
 * filter while recording, the kernel saw them (swoll counts a task's
 * calls from its filter's install) and nothing here is needed; when it
 * ran unconfined they were never made, and this list stands in.
 *
 * Measured on runc 1.1 (Go: its runtime's futex, signal and memory calls,
 * then closing inherited descriptors through /proc/self/fd, then execve)
 * by recording a container under an allow-all filter with `swoll seccomp`;
 * test/e2e/seccomp.test.ts measures it again on the runc installed and
 * fails if this list misses a call.
 */
export const RUNTIME_AFTER_FILTER = [
  "close", "epoll_ctl", "epoll_pwait", "execve", "exit", "exit_group", "fcntl", "fstat", "fstatfs", "futex",
  "getdents64", "getpid", "gettid", "madvise", "mmap", "munmap", "nanosleep", "newfstatat", "openat", "read",
  "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sched_yield", "sigaltstack", "tgkill", "write",
];
