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
 * by recording a container under an allow-all filter with `swoll seccomp`.
 * Without no_new_privs — Kubernetes' default (allowPrivilegeEscalation
 * unset), so what containerd's CRI asks for — runc installs the filter
 * earlier, before it changes user and capabilities and finds the
 * executable: those calls (capget … setuid) go through it too, and a
 * profile without them stops the container from starting.
 * test/e2e/seccomp.test.ts (runc, no_new_privs on) and
 * test/e2e/seccomp-containerd.test.ts (CRI, off) measure it again on the
 * runc installed and fail if this list misses a call.
 */
export const RUNTIME_AFTER_FILTER = [
  "capget", "capset", "chdir", "close", "epoll_ctl", "epoll_pwait", "execve", "exit", "exit_group", "faccessat2",
  "fcntl", "fstat", "fstatfs", "futex", "getcwd", "getdents64", "getpid", "getppid", "gettid", "madvise", "mmap",
  "munmap", "nanosleep", "newfstatat", "openat", "read", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn",
  "sched_yield", "setgid", "setgroups", "setuid", "sigaltstack", "tgkill", "write",
];
