// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * swoll's probe: raw_syscalls enter/exit joined per task, filtered in the
 * kernel, streamed through per-CPU (or one shared) ring buffers, and/or
 * counted per cgroup, syscall and errno in the kernel (metrics.bpf.h).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "events.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Options, fixed before load so the verifier prunes disabled branches. */
const volatile __u32 self_tgid = 0;   /* never streamed (the tracer itself) */
const volatile bool count_self = false; /* ...but counted (nothing streamed can feed back) */
const volatile bool shared_ring = false;
const volatile bool stream = true;   /* false: count only (swoll serve), emit nothing */
/* Capture limits: the largest any stream of this probe may ask for. Fixed
 * at load, the verifier knows them: as map values they would double the
 * instructions it has to walk through the capture loops. */
const volatile __u32 str_max = 256;  /* bytes kept per string, < SWOLL_CAP_BUDGET */
const volatile __u32 argv_max = 32;  /* argv entries kept, <= SWOLL_ARGV_LIMIT */

/*
 * The selection rules (events.h, struct swoll_rules): one config entry,
 * and per dimension a map from value to the mask of rules accepting it.
 * User space fills them before attach and changes them while attached.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct swoll_rules);
} rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SWOLL_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, __u64);
} rule_syscalls SEC(".maps");

/* Also written by the kernel: children of followed processes at fork,
 * and every entry of a process when its last thread exits. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SWOLL_TGID_RULES);
	__type(key, __u32);
	__type(value, __u64);
} tgid_rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SWOLL_COMM_RULES);
	__type(key, char[SWOLL_COMM_LEN]);
	__type(value, __u64);
} comm_rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SWOLL_CGROUP_RULES);
	__type(key, __u64);
	__type(value, __u64);
} cgroup_rules SEC(".maps");

/* errno → streaming rules that keep a call failing with it (by_errno). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SWOLL_ERRNO_RULES);
	__type(key, __u32);
	__type(value, __u64);
} errno_rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SWOLL_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, struct swoll_capture_spec);
} capture_spec SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SWOLL_CTR__COUNT);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/*
 * The entry half of a call in flight, kept with the task. The event header
 * and the capture area are contiguous so exit emits them with one copy.
 * The capture area is twice the budget so that a bounded offset plus a
 * bounded length always stays inside it, as the verifier requires.
 */
struct task_entry {
	struct swoll_event ev;
	__u8 cap[SWOLL_CAP_BUDGET * 2];
	__u32 cap_used;
	__u16 cap_phase; /* SWOLL_CAPF_ENTRY while entry reads: every item says when it was read */
	__u32 len_at_entry; /* read at both: a BYTES_PTR_LEN argument's length, a MSGHDR's msg_namelen, as the caller passed it */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_entry);
} entries SEC(".maps");

/* Shared mode: one ring. Per-CPU mode: user space fills `rings` by CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ring SEC(".maps");

struct ring_inner {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct ring_inner);
} rings SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &which);

	if (c)
		*c += 1;
}

#include "metrics.bpf.h"
#include "seccomp.bpf.h"

static __always_inline struct swoll_rules *rules_now(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&rules, &zero);
}

/* The rules still possible for syscall `nr`: the cheapest test, and the
 * only one exit repeats (it is all exit needs to skip unselected calls). */
static __always_inline __u64 match_syscall(struct swoll_rules *r, __u32 nr)
{
	__u64 m = r->active, *v;

	if (!(m & r->by_syscall))
		return m;
	v = nr < SWOLL_MAX_SYSCALLS ? bpf_map_lookup_elem(&rule_syscalls, &nr) : NULL;
	return m & ((v ? *v : 0) | ~r->by_syscall);
}

/* Narrow `m` by the process, cgroup and name dimensions, a lookup each
 * only when a remaining rule constrains it. */
static __always_inline __u64 match_task(struct swoll_rules *r, __u64 m, __u32 tgid)
{
	__u64 *v;

	if (m & r->by_tgid) {
		v = bpf_map_lookup_elem(&tgid_rules, &tgid);
		m &= (v ? *v : 0) | ~r->by_tgid;
	}
	if (m & r->by_cgroup) {
		__u64 cg = bpf_get_current_cgroup_id();

		v = bpf_map_lookup_elem(&cgroup_rules, &cg);
		m &= (v ? *v : 0) | ~r->by_cgroup;
	}
	if (m & r->by_comm) {
		char comm[SWOLL_COMM_LEN] = {};

		bpf_get_current_comm(comm, sizeof(comm));
		v = bpf_map_lookup_elem(&comm_rules, comm);
		m &= (v ? *v : 0) | ~r->by_comm;
	}
	return m;
}

/* Streaming rules that keep a call with this result. */
static __always_inline __u64 match_result(struct swoll_rules *r, __u64 m, long ret)
{
	__u32 err;
	__u64 *v;

	if (!(ret < 0 && ret >= -4095))
		return m & ~(r->failed_only | r->by_errno);
	m &= ~r->ok_only;
	if (m & r->by_errno) {
		err = (__u32)-ret;
		v = bpf_map_lookup_elem(&errno_rules, &err);
		m &= (v ? *v : 0) | ~r->by_errno;
	}
	return m;
}

static __always_inline long syscall_nr_of(struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_x86)
	return regs->orig_ax;
#elif defined(__TARGET_ARCH_arm64)
	return regs->syscallno;
#else
#error "unsupported architecture"
#endif
}

/*
 * rt_sigreturn takes no argument: its first slot carries the address of
 * the signal mask it restores, in the frame on the user stack, as strace
 * shows it ({mask=[…]}). x86_64: the handler's return popped pretcode, so
 * sp is the frame's struct ucontext, whose uc_sigmask follows uc_flags (8),
 * uc_link (8), uc_stack (24) and uc_mcontext (256). arm64: sp is struct
 * rt_sigframe, siginfo (128) then the ucontext, uc_sigmask after 40 bytes.
 */
#if defined(__TARGET_ARCH_x86)
#define NR_RT_SIGRETURN 15
#define SIGFRAME_MASK_OFF 296
#elif defined(__TARGET_ARCH_arm64)
#define NR_RT_SIGRETURN 139
#define SIGFRAME_MASK_OFF 168
#endif

static __always_inline void copy_args(struct swoll_event *ev, struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_x86)
	ev->args[0] = regs->di;
	ev->args[1] = regs->si;
	ev->args[2] = regs->dx;
	ev->args[3] = regs->r10;
	ev->args[4] = regs->r8;
	ev->args[5] = regs->r9;
	if (ev->nr == NR_RT_SIGRETURN)
		ev->args[0] = regs->sp + SIGFRAME_MASK_OFF;
#elif defined(__TARGET_ARCH_arm64)
	ev->args[0] = regs->orig_x0;
	ev->args[1] = regs->regs[1];
	ev->args[2] = regs->regs[2];
	ev->args[3] = regs->regs[3];
	ev->args[4] = regs->regs[4];
	ev->args[5] = regs->regs[5];
	if (ev->nr == NR_RT_SIGRETURN)
		ev->args[0] = regs->sp + SIGFRAME_MASK_OFF;
#endif
}

#include "capture.bpf.h"
#include "fdinfo.bpf.h"

static __always_inline void fill_identity(struct swoll_event *ev, struct task_struct *task)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();
	struct nsproxy *nsp = task->nsproxy;
	struct pid *tpid = task->thread_pid;
	struct upid up = {};

	ev->tgid = pid_tgid >> 32;
	ev->tid = (__u32)pid_tgid;
	ev->uid = (__u32)uid_gid;
	ev->gid = uid_gid >> 32;
	ev->cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(ev->comm, sizeof(ev->comm));
	ev->session = task->signal->pids[PIDTYPE_SID]->numbers[0].nr;
	if (nsp) {
		ev->uts_ns = nsp->uts_ns->ns.inum;
		ev->mnt_ns = nsp->mnt_ns->ns.inum;
	}
	/* The task's own pid namespace (the one at its pid's level) never
	 * changes, so it is read once and kept with the task's entry. */
	if (tpid && !ev->pid_ns) {
		__u32 level = tpid->level;
		struct pid *lpid = BPF_CORE_READ(task, group_leader, thread_pid);

		bpf_probe_read_kernel(&up, sizeof(up), &tpid->numbers[level & 31]);
		if (up.ns)
			ev->pid_ns = BPF_CORE_READ(up.ns, ns.inum);
		ev->ns_tid = up.nr;
		/* The process id is its leader's: same level, same namespace. */
		if (lpid && !bpf_probe_read_kernel(&up, sizeof(up), &lpid->numbers[level & 31]))
			ev->ns_tgid = up.nr;
	}
}

static __always_inline void emit(struct task_entry *e)
{
	__u32 used = e->cap_used;
	__u32 size;
	void *rb;
	long err;

	if (used > SWOLL_CAP_BUDGET)
		used = SWOLL_CAP_BUDGET;
	size = sizeof(struct swoll_event) + used;
	e->ev.record_size = size;
	if (shared_ring) {
		rb = &ring;
	} else {
		__u32 cpu = bpf_get_smp_processor_id();

		rb = bpf_map_lookup_elem(&rings, &cpu);
		if (!rb) {
			count(SWOLL_CTR_RINGBUF_FULL);
			return;
		}
	}
	/* Never wake per event: the consumer polls in batches. */
	err = bpf_ringbuf_output(rb, &e->ev, size, BPF_RB_NO_WAKEUP);
	if (err)
		count(SWOLL_CTR_RINGBUF_FULL);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(swoll_enter, struct pt_regs *regs, long id)
{
	struct swoll_capture_spec *spec;
	struct swoll_rules *r = rules_now();
	struct task_struct *task;
	struct task_entry *e;
	__u32 nr = (__u32)id;
	__u32 tgid, all;
	__u64 m;

	/* seccomp profiles learn from every call, whatever the rules select */
	if (seccomp_record)
		seccomp_enter(bpf_get_current_task_btf(), nr);
	if (!r)
		return 0;
	m = match_syscall(r, nr);
	if (!m)
		return 0;
	tgid = bpf_get_current_pid_tgid() >> 32;
	if (tgid == self_tgid) {
		m &= count_self ? r->count_cgroup | r->count_process : 0;
		if (!m)
			return 0;
	}
	m = match_task(r, m, tgid);
	if (!m)
		return 0;

	task = bpf_get_current_task_btf();
	/* counted whatever the streams select */
	if (metrics_by_cgroup || metrics_by_process)
		metrics_enter(task, nr, m, r);
	m &= r->stream;
	if (!stream || !m)
		return 0;
	e = bpf_task_storage_get(&entries, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!e) {
		count(SWOLL_CTR_TASK_STORAGE);
		return 0;
	}
	e->ev.kind = SWOLL_EV_SYSCALL;
	e->ev.flags = 0;
	e->ev.nr = nr;
	e->ev.cap_count = 0;
	e->ev.rules = m;
	e->cap_used = 0;
	copy_args(&e->ev, regs);
	e->ev.start_ns = bpf_ktime_get_ns();

	e->cap_phase = 0;

	/* Memory is read at exit by default: by then the kernel has faulted
	 * its pages in, which a non-sleepable probe cannot do at entry. Only
	 * what the call changes (value-result arguments, timeouts the kernel
	 * rewrites) or replaces (execve) is read at entry. */
	spec = bpf_map_lookup_elem(&capture_spec, &nr);
	if (spec && spec->fds) {
		e->cap_phase = SWOLL_CAPF_ENTRY;
		capture_fd_args(e, spec);
		e->cap_phase = 0;
	}
	if (!spec || !(spec->flags & (SWOLL_SPEC_CAPTURE_AT_ENTER | SWOLL_SPEC_EMIT_AT_ENTER | SWOLL_SPEC_SOME_AT_ENTER)))
		return 0;
	if (spec->flags & SWOLL_SPEC_EMIT_AT_ENTER) {
		/* no result ever comes: rules that want failures only skip it */
		e->ev.rules = match_result(r, m, 0);
		if (!e->ev.rules) {
			e->ev.kind = 0;
			return 0;
		}
	}
	/* Everything now (execve, calls that never return) or only the
	 * arguments marked for entry. One call site whose phase is computed,
	 * not branched on: the verifier checks capture_arg once for both
	 * (twice, one per constant phase, took swoll_enter near its limit). */
	all = (spec->flags | spec->flags >> 1) & 1; /* CAPTURE_AT_ENTER or EMIT_AT_ENTER */
	e->cap_phase = (all ^ 1) * SWOLL_CAPF_ENTRY;
	capture_args(e, spec, all * ALL_AT_ENTRY);
	e->cap_phase = 0;
	if (!all)
		return 0;
	if (spec->flags & SWOLL_SPEC_EMIT_AT_ENTER) {
		e->ev.flags |= SWOLL_EVF_NO_RETURN;
		e->ev.ret = 0;
		e->ev.finish_ns = e->ev.start_ns;
		fill_identity(&e->ev, task);
		emit(e);
		e->ev.kind = 0;
	}
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(swoll_exit, struct pt_regs *regs, long ret)
{
	struct swoll_rules *r = rules_now();
	struct task_struct *task;
	struct task_entry *e;
	long id;
	__u32 nr;
	__u64 m;

	if (seccomp_record)
		seccomp_exit(bpf_get_current_task_btf(), regs, syscall_nr_of(regs), ret);
	if (!r)
		return 0;
	id = syscall_nr_of(regs);
	if (id == -1) {
		/* rt_sigreturn restored the interrupted context's registers, its
		 * syscall number (-1) included: the call in flight says which it was */
		e = bpf_task_storage_get(&entries, bpf_get_current_task_btf(), 0, 0);
		if (!e || e->ev.kind != SWOLL_EV_SYSCALL)
			return 0;
		id = e->ev.nr;
	}
	nr = (__u32)id;
	m = match_syscall(r, nr);
	if (!m)
		return 0;
	task = bpf_get_current_task_btf();
	if (metrics_by_cgroup || metrics_by_process)
		metrics_exit(task, ret);
	if (!stream || !(m & r->stream))
		return 0;
	e = bpf_task_storage_get(&entries, task, 0, 0);
	if (!e || e->ev.kind != SWOLL_EV_SYSCALL)
		return 0;
	/* drop rules removed while the call was in flight, and result filters */
	m = match_result(r, e->ev.rules & r->active & r->stream, ret);
	if (!m || e->ev.nr != nr) {
		e->ev.kind = 0;
		return 0;
	}
	e->ev.rules = m;
	e->ev.finish_ns = bpf_ktime_get_ns();
	e->ev.ret = ret;
	if (e->ev.nr < SWOLL_MAX_SYSCALLS) {
		struct swoll_capture_spec *spec = bpf_map_lookup_elem(&capture_spec, &nr);

		if (spec && !(spec->flags & SWOLL_SPEC_CAPTURE_AT_ENTER))
			capture_args(e, spec, AT_EXIT);
		if (spec && spec->fds)
			capture_fd_result(e, spec);
	}
	fill_identity(&e->ev, task);
	emit(e);
	e->ev.kind = 0;
	return 0;
}

/* A process forked by a followed one joins its rules before it runs, so
 * its first call is seen. Threads share their process's entry. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(swoll_fork, struct task_struct *parent, struct task_struct *child)
{
	struct swoll_rules *r = rules_now();
	__u32 ptgid, ctgid;
	__u64 m, *v;

	if (!r || !(r->follow & r->active))
		return 0;
	ptgid = parent->tgid;
	ctgid = child->tgid;
	if (ptgid == ctgid)
		return 0;
	v = bpf_map_lookup_elem(&tgid_rules, &ptgid);
	if (!v)
		return 0;
	m = *v & r->follow;
	if (!m)
		return 0;
	v = bpf_map_lookup_elem(&tgid_rules, &ctgid);
	if (v) {
		__sync_fetch_and_or(v, m);
		return 0;
	}
	if (bpf_map_update_elem(&tgid_rules, &ctgid, &m, BPF_ANY))
		count(SWOLL_CTR_FOLLOW_FULL);
	return 0;
}

/* When a process's last thread exits its pid leaves every rule: the map
 * stays bounded by live processes, and a reused pid is not selected. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(swoll_process_exit, struct task_struct *task)
{
	struct swoll_rules *r = rules_now();
	__u32 tgid;

	if (!r || !(r->by_tgid & r->active))
		return 0;
	if (task->signal->live.counter)
		return 0;
	tgid = task->tgid;
	bpf_map_delete_elem(&tgid_rules, &tgid);
	return 0;
}
