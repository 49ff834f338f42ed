# bash completion for swoll - generated from the commander definitions in cli/ by build.ts (cli/completion/) - do not edit
__swoll_syscalls='%clock %creds %desc %file %fstat %fstatfs %ipc %lstat %memory %net %network %process %pure %signal %stat %statfs _sysctl accept accept4 access acct add_key adjtimex afs_syscall alarm arch_prctl bind bpf brk capget capset chdir chmod chown chroot clock_adjtime clock_getres clock_gettime clock_nanosleep clock_settime clone clone3 close close_range connect copy_file_range creat create_module delete_module dup dup2 dup3 epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2 fadvise64 fallocate fanotify_init fanotify_mark fchdir fchmod fchmodat fchown fchownat fcntl fdatasync fgetxattr finit_module flistxattr flock fork fremovexattr fsconfig fsetxattr fsmount fsopen fspick fstat fstatfs fsync ftruncate futex futex_waitv futimesat get_kernel_syms get_mempolicy get_robust_list get_thread_area getcpu getcwd getdents getdents64 getegid geteuid getgid getgroups getitimer getpeername getpgid getpgrp getpid getpmsg getppid getpriority getrandom getresgid getresuid getrlimit getrusage getsid getsockname getsockopt gettid gettimeofday getuid getxattr init_module inotify_add_watch inotify_init inotify_init1 inotify_rm_watch io_cancel io_destroy io_getevents io_pgetevents io_setup io_submit io_uring_enter io_uring_register io_uring_setup ioctl ioperm iopl ioprio_get ioprio_set kcmp kexec_file_load kexec_load keyctl kill landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lgetxattr link linkat listen listxattr llistxattr lookup_dcookie lremovexattr lseek lsetxattr lstat madvise mbind membarrier memfd_create memfd_secret migrate_pages mincore mkdir mkdirat mknod mknodat mlock mlock2 mlockall mmap modify_ldt mount mount_setattr move_mount move_pages mprotect mq_getsetattr mq_notify mq_open mq_timedreceive mq_timedsend mq_unlink mremap msgctl msgget msgrcv msgsnd msync munlock munlockall munmap name_to_handle_at nanosleep newfstatat nfsservctl open open_by_handle_at open_tree openat openat2 pause perf_event_open personality pidfd_getfd pidfd_open pidfd_send_signal pipe pipe2 pivot_root pkey_alloc pkey_free pkey_mprotect poll ppoll prctl pread64 preadv preadv2 prlimit64 process_madvise process_mrelease process_vm_readv process_vm_writev pselect6 ptrace putpmsg pwrite64 pwritev pwritev2 query_module quotactl quotactl_fd read readahead readlink readlinkat readv reboot recvfrom recvmmsg recvmsg remap_file_pages removexattr rename renameat renameat2 request_key restart_syscall rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_tgsigqueueinfo sched_get_priority_max sched_get_priority_min sched_getaffinity sched_getattr sched_getparam sched_getscheduler sched_rr_get_interval sched_setaffinity sched_setattr sched_setparam sched_setscheduler sched_yield seccomp security select semctl semget semop semtimedop sendfile sendmmsg sendmsg sendto set_mempolicy set_mempolicy_home_node set_robust_list set_thread_area set_tid_address setdomainname setfsgid setfsuid setgid setgroups sethostname setitimer setns setpgid setpriority setregid setresgid setresuid setreuid setrlimit setsid setsockopt settimeofday setuid setxattr shmat shmctl shmdt shmget shutdown sigaltstack signalfd signalfd4 socket socketpair splice stat statfs statx swapoff swapon symlink symlinkat sync sync_file_range syncfs sysfs sysinfo syslog tee tgkill time timer_create timer_delete timer_getoverrun timer_gettime timer_settime timerfd_create timerfd_gettime timerfd_settime times tkill truncate tuxcall umask umount2 uname unlink unlinkat unshare uselib userfaultfd ustat utime utimensat utimes vfork vhangup vmsplice vserver wait4 waitid write writev'

# complete from a word list; with list=1 only the part after the last comma
__swoll_words() {
  local words=$1 list=$2 pre=""
  if [[ $list == 1 && $cur == *,* ]]; then pre="${cur%,*},"; fi
  COMPREPLY=($(compgen -P "$pre" -W "$words" -- "${cur##*,}"))
}

# namespace and pod names from the cluster: `completion --list`, given the kubeconfig, node and namespace flags already on the line; quiet and empty without a working kubeconfig
__swoll_k8s() {
  local i w v prog=${COMP_WORDS[0]%-trace}
  local -a args=(completion --list "$1")
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    case "$w" in
      --kubeconfig|--namespace|--node|-n)
        ((i + 1 < COMP_CWORD)) || continue
        v=${COMP_WORDS[i+1]}
        args+=("$w" "${v/#\~/$HOME}")
        ((i++)) ;;
      --kubeconfig=*|--namespace=*|--node=*|--all-namespaces|-A) args+=("$w") ;;
    esac
  done
  "$prog" "${args[@]}" 2>/dev/null
}

_swoll() {
  local cur prev cmd="" i
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  [[ ${COMP_WORDS[0]##*/} == swoll-trace ]] && cmd=trace
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ -z $cmd && ${COMP_WORDS[i]} != -* ]] && cmd=${COMP_WORDS[i]}
  done
  case "$cmd:$prev" in
    trace:-s|trace:--syscall) __swoll_words "$__swoll_syscalls" 1; return ;;
    trace:-p|trace:--pid) return ;;
    trace:--comm) return ;;
    trace:--pod) __swoll_words "$(__swoll_k8s pods)" 0; return ;;
    trace:-n|trace:--namespace) __swoll_words "$(__swoll_k8s namespaces)" 0; return ;;
    trace:--container) return ;;
    trace:-l|trace:--selector) return ;;
    trace:--field-selector) return ;;
    trace:--kubeconfig) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    trace:--cri) return ;;
    trace:--node) return ;;
    trace:-f|trace:--file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    trace:--trace-ref) return ;;
    trace:-o|trace:--output) __swoll_words 'text json wide columns= payload' 0; return ;;
    trace:--limit) return ;;
    trace:-d|trace:--duration) return ;;
    trace:--strsize) return ;;
    trace:--argc) return ;;
    trace:--agent-namespace) return ;;
    trace:--agent-selector) return ;;
    trace:--ring) __swoll_words 'percpu shared' 0; return ;;
    trace:--buffer-size) return ;;
    trace:--poll-interval) return ;;
    trace:--drop-user) return ;;
    trace:--errno) return ;;
    trace:-e) return ;;
    trace:-P|trace:--trace-path) return ;;
    trace:--fd) return ;;
    trace:--summary-by) return ;;
    trace:-u|trace:--user) return ;;
    trace:-w|trace:--write) return ;;
    trace:--drain-nice) return ;;
    selftest:--cri) return ;;
    serve:--drop-user) return ;;
    serve:--drain-nice) return ;;
    serve:--listen) return ;;
    serve:--max-series) return ;;
    serve:--max-series-per-cgroup) return ;;
    serve:--grace) return ;;
    serve:--kubeconfig) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    serve:--node) return ;;
    serve:--cri) return ;;
    serve:--trace-listen) return ;;
    serve:--cgroup-root) return ;;
    top:-s|top:--syscall) __swoll_words "$__swoll_syscalls" 1; return ;;
    top:-p|top:--pid) return ;;
    top:--comm) return ;;
    top:--pod) __swoll_words "$(__swoll_k8s pods)" 0; return ;;
    top:-n|top:--namespace) __swoll_words "$(__swoll_k8s namespaces)" 0; return ;;
    top:--container) return ;;
    top:-l|top:--selector) return ;;
    top:--field-selector) return ;;
    top:--kubeconfig) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    top:--cri) return ;;
    top:--node) return ;;
    top:-i|top:--interval) return ;;
    top:-o|top:--output) __swoll_words 'text json' 0; return ;;
    top:--group) __swoll_words 'syscall errno comm process container pod namespace class' 0; return ;;
    top:--sort) __swoll_words 'name count rate errors err% errno avg p50 p99 change' 0; return ;;
    top:--slow) return ;;
    top:--max-series) return ;;
    top:--replay) return ;;
    top:--from) return ;;
    top:--to) return ;;
    top:--speed) return ;;
    top:--drop-user) return ;;
    top:--errno) return ;;
    top:-e) return ;;
    record:-s|record:--syscall) __swoll_words "$__swoll_syscalls" 1; return ;;
    record:-p|record:--pid) return ;;
    record:--comm) return ;;
    record:--pod) __swoll_words "$(__swoll_k8s pods)" 0; return ;;
    record:-n|record:--namespace) __swoll_words "$(__swoll_k8s namespaces)" 0; return ;;
    record:--container) return ;;
    record:-l|record:--selector) return ;;
    record:--field-selector) return ;;
    record:--kubeconfig) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    record:--cri) return ;;
    record:--node) return ;;
    record:-w|record:--write) return ;;
    record:-f|record:--file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    record:--limit) return ;;
    record:-d|record:--duration) return ;;
    record:--max-size) return ;;
    record:--flight-recorder) return ;;
    record:--strsize) return ;;
    record:--argc) return ;;
    record:--drop-user) return ;;
    record:--drain-nice) return ;;
    replay:-s|replay:--syscall) __swoll_words "$__swoll_syscalls" 1; return ;;
    replay:-p|replay:--pid) return ;;
    replay:--comm) return ;;
    replay:--pod) __swoll_words "$(__swoll_k8s pods)" 0; return ;;
    replay:-n|replay:--namespace) __swoll_words "$(__swoll_k8s namespaces)" 0; return ;;
    replay:--container) return ;;
    replay:-l|replay:--selector) return ;;
    replay:-o|replay:--output) __swoll_words 'text json' 0; return ;;
    replay:--limit) return ;;
    replay:--speed) return ;;
    seccomp:-s|seccomp:--syscall) __swoll_words "$__swoll_syscalls" 1; return ;;
    seccomp:-p|seccomp:--pid) return ;;
    seccomp:--comm) return ;;
    seccomp:--pod) __swoll_words "$(__swoll_k8s pods)" 0; return ;;
    seccomp:-n|seccomp:--namespace) __swoll_words "$(__swoll_k8s namespaces)" 0; return ;;
    seccomp:--container) return ;;
    seccomp:-l|seccomp:--selector) return ;;
    seccomp:--field-selector) return ;;
    seccomp:--kubeconfig) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    seccomp:--cri) return ;;
    seccomp:--node) return ;;
    seccomp:-f|seccomp:--file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    seccomp:--container-id) return ;;
    seccomp:--cgroup) return ;;
    seccomp:-d|seccomp:--duration) return ;;
    seccomp:-w|seccomp:--write) return ;;
    seccomp:--write-dir) return ;;
    seccomp:-o|seccomp:--output) __swoll_words 'oci spo' 0; return ;;
    seccomp:--base) return ;;
    seccomp:--check) return ;;
    seccomp:--drop-user) return ;;
    controller:--kubeconfig) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    controller:--agent-namespace) return ;;
    controller:--agent-selector) return ;;
    controller:--image) return ;;
    controller:--job-service-account) return ;;
    controller:--lease-namespace) return ;;
    controller:--lease-name) return ;;
    controller:--lease-duration) return ;;
    controller:--renew-deadline) return ;;
    controller:--retry-period) return ;;
    controller:--identity) return ;;
  esac
  if [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W 'trace selftest serve top record replay seccomp completion controller --help --version' -- "$cur"))
    return
  fi
  [[ $cur == -* ]] || return
  case "$cmd" in
    trace) COMPREPLY=($(compgen -W '-s --syscall -p --pid --comm --pod -n --namespace -A --all-namespaces --container -l --selector --field-selector --kubeconfig --cri --no-cri --node -f --file --trace-ref -o --output --json --limit -d --duration --no-color --verbose --strsize --argc --cluster --agent-namespace --agent-selector --ring --buffer-size --poll-interval --drop-user --no-drop-user -Z --failed -z --successful --errno -e -P --trace-path --fd -c --summary -C --summary-with-trace --summary-by -t --absolute-timestamps -r --relative-timestamps -T --syscall-times -y --decode-fds -u --user --no-follow -w --write --drain-nice -h --help' -- "$cur")) ;;
    selftest) COMPREPLY=($(compgen -W '--no-load --no-color --cri --no-cri -h --help' -- "$cur")) ;;
    serve) COMPREPLY=($(compgen -W '--drop-user --no-drop-user --drain-nice --listen --max-series --max-series-per-cgroup --grace --kubeconfig --node --cri --no-cri --trace-listen --cgroup-root --verbose -h --help' -- "$cur")) ;;
    top) COMPREPLY=($(compgen -W '-s --syscall -p --pid --comm --pod -n --namespace -A --all-namespaces --container -l --selector --field-selector --kubeconfig --cri --no-cri --node -i --interval --once -o --output --json --group --sort --slow --max-series --no-color --verbose --replay --from --to --speed --drop-user --no-drop-user -Z --failed -z --successful --errno -e -h --help' -- "$cur")) ;;
    record) COMPREPLY=($(compgen -W '-s --syscall -p --pid --comm --pod -n --namespace -A --all-namespaces --container -l --selector --field-selector --kubeconfig --cri --no-cri --node -w --write -f --file --limit -d --duration --max-size --flight-recorder --strsize --argc --verbose --drop-user --no-drop-user --drain-nice -h --help' -- "$cur")) ;;
    replay) COMPREPLY=($(compgen -W '-s --syscall -p --pid --comm --pod -n --namespace -A --all-namespaces --container -l --selector -o --output --json --limit --speed --utc --no-color -h --help' -- "$cur")) ;;
    seccomp) COMPREPLY=($(compgen -W '-s --syscall -p --pid --comm --pod -n --namespace -A --all-namespaces --container -l --selector --field-selector --kubeconfig --cri --no-cri --node -f --file --container-id --cgroup -d --duration -w --write --write-dir -o --output --base --check --verbose --drop-user --no-drop-user -h --help' -- "$cur")) ;;
    completion) COMPREPLY=($(compgen -W '-h --help' -- "$cur")) ;;
    controller) COMPREPLY=($(compgen -W '--kubeconfig --agent-namespace --agent-selector --image --job-service-account --lease-namespace --lease-name --lease-duration --renew-deadline --retry-period --identity -h --help' -- "$cur")) ;;
  esac
}
complete -F _swoll swoll swoll-trace
