# fish completion for swoll - generated from the commander definitions in cli/ by build.ts (cli/completion/) - do not edit
set -g __swoll_syscalls _sysctl accept accept4 access acct add_key adjtimex afs_syscall alarm arch_prctl bind bpf brk capget capset chdir chmod chown chroot clock_adjtime clock_getres clock_gettime clock_nanosleep clock_settime clone clone3 close close_range connect copy_file_range creat create_module delete_module dup dup2 dup3 epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2 fadvise64 fallocate fanotify_init fanotify_mark fchdir fchmod fchmodat fchown fchownat fcntl fdatasync fgetxattr finit_module flistxattr flock fork fremovexattr fsconfig fsetxattr fsmount fsopen fspick fstat fstatfs fsync ftruncate futex futex_waitv futimesat get_kernel_syms get_mempolicy get_robust_list get_thread_area getcpu getcwd getdents getdents64 getegid geteuid getgid getgroups getitimer getpeername getpgid getpgrp getpid getpmsg getppid getpriority getrandom getresgid getresuid getrlimit getrusage getsid getsockname getsockopt gettid gettimeofday getuid getxattr init_module inotify_add_watch inotify_init inotify_init1 inotify_rm_watch io_cancel io_destroy io_getevents io_pgetevents io_setup io_submit io_uring_enter io_uring_register io_uring_setup ioctl ioperm iopl ioprio_get ioprio_set kcmp kexec_file_load kexec_load keyctl kill landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lgetxattr link linkat listen listxattr llistxattr lookup_dcookie lremovexattr lseek lsetxattr lstat madvise mbind membarrier memfd_create memfd_secret migrate_pages mincore mkdir mkdirat mknod mknodat mlock mlock2 mlockall mmap modify_ldt mount mount_setattr move_mount move_pages mprotect mq_getsetattr mq_notify mq_open mq_timedreceive mq_timedsend mq_unlink mremap msgctl msgget msgrcv msgsnd msync munlock munlockall munmap name_to_handle_at nanosleep newfstatat nfsservctl open open_by_handle_at open_tree openat openat2 pause perf_event_open personality pidfd_getfd pidfd_open pidfd_send_signal pipe pipe2 pivot_root pkey_alloc pkey_free pkey_mprotect poll ppoll prctl pread64 preadv preadv2 prlimit64 process_madvise process_mrelease process_vm_readv process_vm_writev pselect6 ptrace putpmsg pwrite64 pwritev pwritev2 query_module quotactl quotactl_fd read readahead readlink readlinkat readv reboot recvfrom recvmmsg recvmsg remap_file_pages removexattr rename renameat renameat2 request_key restart_syscall rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_tgsigqueueinfo sched_get_priority_max sched_get_priority_min sched_getaffinity sched_getattr sched_getparam sched_getscheduler sched_rr_get_interval sched_setaffinity sched_setattr sched_setparam sched_setscheduler sched_yield seccomp security select semctl semget semop semtimedop sendfile sendmmsg sendmsg sendto set_mempolicy set_mempolicy_home_node set_robust_list set_thread_area set_tid_address setdomainname setfsgid setfsuid setgid setgroups sethostname setitimer setns setpgid setpriority setregid setresgid setresuid setreuid setrlimit setsid setsockopt settimeofday setuid setxattr shmat shmctl shmdt shmget shutdown sigaltstack signalfd signalfd4 socket socketpair splice stat statfs statx swapoff swapon symlink symlinkat sync sync_file_range syncfs sysfs sysinfo syslog tee tgkill time timer_create timer_delete timer_getoverrun timer_gettime timer_settime timerfd_create timerfd_gettime timerfd_settime times tkill truncate tuxcall umask umount2 uname unlink unlinkat unshare uselib userfaultfd ustat utime utimensat utimes vfork vhangup vmsplice vserver wait4 waitid write writev
# values for comma-separated lists: keep what precedes the last comma
function __swoll_list_values
    set -l tok (commandline -ct)
    set -l pre ""
    string match -q -- '*,*' $tok; and set pre (string replace -r '[^,]*$' '' -- $tok)
    for v in $argv
        echo $pre$v
    end
end
# namespace and pod names from the cluster: `completion --list`, given the kubeconfig, node and namespace flags already on the line; quiet and empty without a working kubeconfig
function __swoll_k8s
    set -l toks (commandline -opc)
    set -l prog (string replace -r -- '-trace$' '' $toks[1])
    set -l args completion --list $argv[1]
    set -l n (count $toks)
    set -l i 2
    while test $i -le $n
        set -l w $toks[$i]
        switch $w
            case '--kubeconfig' '--namespace' '--node' '-n'
                if test $i -lt $n
                    set i (math $i + 1)
                    set -a args $w (string replace -r -- '^~' $HOME $toks[$i])
                end
            case '--kubeconfig=*' '--namespace=*' '--node=*' '--all-namespaces' '-A'
                set -a args $w
        end
        set i (math $i + 1)
    end
    $prog $args 2>/dev/null
end
complete -c swoll -f
complete -c swoll-trace -w 'swoll trace'
complete -c swoll -n '__fish_use_subcommand' -a trace -d 'stream syscalls as they happen, decoded, as text or NDJSON'
complete -c swoll -n '__fish_use_subcommand' -a selftest -d 'check privileges, BTF, tracefs, cgroups and the kernel, and say how to fix what is missing'
complete -c swoll -n '__fish_use_subcommand' -a serve -d 'count every syscall in the kernel by container, syscall and result; serve /metrics (Prometheus) and /metrics/charts'
complete -c swoll -n '__fish_use_subcommand' -a top -d 'live table of syscalls counted in the kernel: rates, errors, latency; drill down to a live trace'
complete -c swoll -n '__fish_use_subcommand' -a completion -d 'print the shell completion script for bash, zsh or fish'
complete -c swoll -n '__fish_use_subcommand' -a controller -d 'run Traces (tools.swoll.criticalstack.com) as Jobs in the agents'\'' namespace; leader-elected'
complete -c swoll -n '__fish_seen_subcommand_from trace' -s s -l syscall -x -a '(__swoll_list_values $__swoll_syscalls)' -d 'syscalls to trace, comma-separated or repeated (openat or sys_openat)'
complete -c swoll -n '__fish_seen_subcommand_from trace' -s p -l pid -x -d 'only these process ids'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l comm -x -d 'only processes with these command names'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l pod -x -a '(__swoll_k8s pods)' -d 'only these pods: exact names, or the part before a generated suffix (nginx matches nginx-7c5ddbdf54-x8p2q)'
complete -c swoll -n '__fish_seen_subcommand_from trace' -s n -l namespace -x -a '(__swoll_k8s namespaces)' -d 'pods in this namespace (default: the kubeconfig context'\''s)'
complete -c swoll -n '__fish_seen_subcommand_from trace' -s A -l all-namespaces -d 'pods in every namespace'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l container -x -d 'only these containers of the selected pods'
complete -c swoll -n '__fish_seen_subcommand_from trace' -s l -l selector -x -d 'pods whose labels match: app=nginx, tier in (web,api), !canary'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l field-selector -x -d 'pods whose fields match: status.phase=Running, metadata.name!=x'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l kubeconfig -r -F -d 'kubeconfig for pod metadata (default: $KUBECONFIG, ~/.kube/config, in-cluster)'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l cri -x -d 'container runtime (CRI) socket for pod metadata (default: the first of /run/containerd/containerd.sock, /run/k3s/containerd/containerd.sock, /run/crio/crio.sock)'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l no-cri -d 'do not ask the container runtime for pod metadata'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l node -x -d 'this node'\''s name in Kubernetes (default: $NODE_NAME, else the hostname)'
complete -c swoll -n '__fish_seen_subcommand_from trace' -s f -l file -r -F -d 'a Trace manifest (tools.swoll.criticalstack.com/v1alpha1); flags override it'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l trace-ref -x -d 'run the Trace object of that name, following edits of its spec (what a Trace'\''s Job runs)'
complete -c swoll -n '__fish_seen_subcommand_from trace' -s o -l output -x -a 'text json payload' -d 'output format; payload: JSON lines {"payload": event} as a Trace'\''s Job logs them'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l json -d 'same as --output json'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l limit -x -d 'exit after n events'
complete -c swoll -n '__fish_seen_subcommand_from trace' -s d -l duration -x -d 'exit after this long: 500ms, 5s, 2m, 1h'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l no-color -d 'never colour text output'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l verbose -d 'show libbpf'\''s log and the verifier log on failure'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l strsize -x -d 'bytes kept of each string argument'
complete -c swoll -n '__fish_seen_subcommand_from trace' -l argc -x -d 'argv entries kept'
complete -c swoll -n '__fish_seen_subcommand_from trace' -s h -l help -d 'display help for command'
complete -c swoll -n '__fish_seen_subcommand_from selftest' -l no-load -d 'do not try loading the probe'
complete -c swoll -n '__fish_seen_subcommand_from selftest' -l no-color -d 'never colour output'
complete -c swoll -n '__fish_seen_subcommand_from selftest' -l cri -x -d 'check this container runtime (CRI) socket instead of the well-known ones'
complete -c swoll -n '__fish_seen_subcommand_from selftest' -l no-cri -d 'do not look for a container runtime'
complete -c swoll -n '__fish_seen_subcommand_from selftest' -s h -l help -d 'display help for command'
complete -c swoll -n '__fish_seen_subcommand_from serve' -l listen -x -d 'HOST:PORT to serve on; :PORT for all interfaces'
complete -c swoll -n '__fish_seen_subcommand_from serve' -l max-series -x -d 'capacity of the kernel map, in (cgroup, syscall, errno) entries'
complete -c swoll -n '__fish_seen_subcommand_from serve' -l max-series-per-cgroup -x -d 'keys one cgroup may hold in the kernel map; past it, its new ones count as syscall="sys_other"'
complete -c swoll -n '__fish_seen_subcommand_from serve' -l grace -x -d 'how long series of a removed cgroup are kept: 30s, 2m'
complete -c swoll -n '__fish_seen_subcommand_from serve' -l kubeconfig -r -F -d 'kubeconfig for pod labels (default: $KUBECONFIG, ~/.kube/config, in-cluster)'
complete -c swoll -n '__fish_seen_subcommand_from serve' -l node -x -d 'this node'\''s name, for the pod watch (default: $NODE_NAME, then the hostname)'
complete -c swoll -n '__fish_seen_subcommand_from serve' -l cri -x -d 'container runtime (CRI) socket for pod labels (default: the first of /run/containerd/containerd.sock, /run/k3s/containerd/containerd.sock, /run/crio/crio.sock)'
complete -c swoll -n '__fish_seen_subcommand_from serve' -l no-cri -d 'do not ask the container runtime for pod labels'
complete -c swoll -n '__fish_seen_subcommand_from serve' -l trace-listen -x -d 'the trace stream API: loopback HOST:PORT in the agent pod'\''s own network namespace, unix:PATH, or off'
complete -c swoll -n '__fish_seen_subcommand_from serve' -l cgroup-root -x -d 'only containers under this cgroup2 directory (nodes that share a kernel, as kind'\''s do)'
complete -c swoll -n '__fish_seen_subcommand_from serve' -l verbose -d 'show libbpf'\''s log and the verifier log on failure'
complete -c swoll -n '__fish_seen_subcommand_from serve' -s h -l help -d 'display help for command'
complete -c swoll -n '__fish_seen_subcommand_from top' -s s -l syscall -x -a '(__swoll_list_values $__swoll_syscalls)' -d 'syscalls to count, comma-separated or repeated (openat or sys_openat)'
complete -c swoll -n '__fish_seen_subcommand_from top' -s p -l pid -x -d 'only these process ids'
complete -c swoll -n '__fish_seen_subcommand_from top' -l comm -x -d 'only processes with these command names'
complete -c swoll -n '__fish_seen_subcommand_from top' -l pod -x -a '(__swoll_k8s pods)' -d 'only these pods: exact names, or the part before a generated suffix (nginx matches nginx-7c5ddbdf54-x8p2q)'
complete -c swoll -n '__fish_seen_subcommand_from top' -s n -l namespace -x -a '(__swoll_k8s namespaces)' -d 'pods in this namespace (default: the kubeconfig context'\''s)'
complete -c swoll -n '__fish_seen_subcommand_from top' -s A -l all-namespaces -d 'pods in every namespace'
complete -c swoll -n '__fish_seen_subcommand_from top' -l container -x -d 'only these containers of the selected pods'
complete -c swoll -n '__fish_seen_subcommand_from top' -s l -l selector -x -d 'pods whose labels match: app=nginx, tier in (web,api), !canary'
complete -c swoll -n '__fish_seen_subcommand_from top' -l field-selector -x -d 'pods whose fields match: status.phase=Running, metadata.name!=x'
complete -c swoll -n '__fish_seen_subcommand_from top' -l kubeconfig -r -F -d 'kubeconfig for pod metadata (default: $KUBECONFIG, ~/.kube/config, in-cluster)'
complete -c swoll -n '__fish_seen_subcommand_from top' -l cri -x -d 'container runtime (CRI) socket for pod metadata (default: the first of /run/containerd/containerd.sock, /run/k3s/containerd/containerd.sock, /run/crio/crio.sock)'
complete -c swoll -n '__fish_seen_subcommand_from top' -l no-cri -d 'do not ask the container runtime for pod metadata'
complete -c swoll -n '__fish_seen_subcommand_from top' -l node -x -d 'this node'\''s name in Kubernetes (default: $NODE_NAME, else the hostname)'
complete -c swoll -n '__fish_seen_subcommand_from top' -s i -l interval -x -d 'refresh interval: 500ms, 1s, 5s'
complete -c swoll -n '__fish_seen_subcommand_from top' -l once -d 'print one interval'\''s table and exit (the default when stdout is not a terminal)'
complete -c swoll -n '__fish_seen_subcommand_from top' -s o -l output -x -a 'text json' -d 'output of --once'
complete -c swoll -n '__fish_seen_subcommand_from top' -l json -d 'same as --output json'
complete -c swoll -n '__fish_seen_subcommand_from top' -l group -x -a 'syscall errno comm process container pod namespace class' -d 'group rows by'
complete -c swoll -n '__fish_seen_subcommand_from top' -l sort -x -a 'name count rate errors err% errno avg p50 p99 change' -d 'sort rows by (largest first; r reverses in the UI)'
complete -c swoll -n '__fish_seen_subcommand_from top' -l slow -x -d 'latencies at or above this are shown in yellow'
complete -c swoll -n '__fish_seen_subcommand_from top' -l max-series -x -d 'capacity of the kernel map, in (cgroup, process, syscall, errno) entries'
complete -c swoll -n '__fish_seen_subcommand_from top' -l no-color -d 'never colour the --once table'
complete -c swoll -n '__fish_seen_subcommand_from top' -l verbose -d 'show libbpf'\''s log and the verifier log on failure'
complete -c swoll -n '__fish_seen_subcommand_from top' -s h -l help -d 'display help for command'
complete -c swoll -n '__fish_seen_subcommand_from completion' -s h -l help -d 'display help for command'
complete -c swoll -n '__fish_seen_subcommand_from controller' -l kubeconfig -r -F -d 'kubeconfig (default: $KUBECONFIG, ~/.kube/config, then the in-cluster service account)'
complete -c swoll -n '__fish_seen_subcommand_from controller' -l agent-namespace -x -d 'namespace of the node agents; Trace Jobs run there'
complete -c swoll -n '__fish_seen_subcommand_from controller' -l agent-selector -x -d 'labels of the node agents'\'' pods'
complete -c swoll -n '__fish_seen_subcommand_from controller' -l image -x -d 'image the Trace Jobs run'
complete -c swoll -n '__fish_seen_subcommand_from controller' -l job-service-account -x -d 'service account of the Trace Jobs'
complete -c swoll -n '__fish_seen_subcommand_from controller' -l lease-namespace -x -d 'namespace of the leader Lease (default: --agent-namespace)'
complete -c swoll -n '__fish_seen_subcommand_from controller' -l lease-name -x -d 'name of the leader Lease'
complete -c swoll -n '__fish_seen_subcommand_from controller' -l lease-duration -x -d 'how long a Lease holds without renewal'
complete -c swoll -n '__fish_seen_subcommand_from controller' -l renew-deadline -x -d 'a leader that has not renewed for this long stops writing'
complete -c swoll -n '__fish_seen_subcommand_from controller' -l retry-period -x -d 'how often to renew or try to acquire'
complete -c swoll -n '__fish_seen_subcommand_from controller' -l identity -x -d 'this replica'\''s name in the Lease (default: hostname_pid)'
complete -c swoll -n '__fish_seen_subcommand_from controller' -s h -l help -d 'display help for command'
