/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Syscall sets per cgroup for `swoll seccomp`, included by swoll.bpf.c.
 * Nothing is streamed: exit sets one bit per (cgroup, syscall).
 *
 * A container's runtime makes its own calls inside the container's cgroup
 * before it installs the seccomp filter and execs the workload (runc
 * init's mount, pivot_root, sethostname...). Those must not end up in the
 * profile, so a task's calls count only once it has exec'd in the cgroup
 * it is in: each task remembers the cgroup of its last successful execve
 * (children inherit it at fork). runc init was forked outside the
 * container and joined its cgroup later, so it does not count until its
 * execve of the workload, which does. A task also counts from the
 * moment it installs a seccomp filter: what the runtime calls after that
 * (closing fds, the execve itself) goes through the filter, so the
 * profile must allow it. The cgroup is taken at the
 * execve's entry: runc moves `runc init` into the container's cgroup
 * while that exec may still be returning. Only execve marks the start:
 * runc re-executes its own copy with execveat(fd, "", AT_EMPTY_PATH)
 * after joining the cgroup, and that is still the runtime. Tasks that
 * existed before the recorder started have no entry and count from the
 * start.
 */
#ifndef SWOLL_SECCOMP_BPF_H
#define SWOLL_SECCOMP_BPF_H

const volatile bool seccomp_record = false;
const volatile __u32 execve_nr = ~0u;
const volatile __u32 seccomp_nr = ~0u;
const volatile __u32 prctl_nr = ~0u;

#define SWOLL_SECCOMP_SET_MODE_FILTER 1
#define SWOLL_PR_SET_SECCOMP 22
#define SWOLL_SECCOMP_MODE_FILTER 2

struct exec_home {
	__u64 cgroup_id;  /* cgroup the task's last successful execve was made from */
	__u64 entered_in; /* cgroup at the entry of the execve in flight */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct exec_home);
} exec_home SEC(".maps");

/* Bounded; past the bound new cgroups are counted in seccomp_dropped, never silently. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, SWOLL_SECCOMP_CGROUPS);
	__type(key, __u64);
	__type(value, struct swoll_seccomp_cgroup);
} seccomp_cgroups SEC(".maps");

/* --check: the profile's allowed calls (one bit per syscall); what else the workload calls is counted in seccomp_denied. */
const volatile bool seccomp_check = false;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[SWOLL_MAX_SYSCALLS / 64]);
} seccomp_allowed SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, SWOLL_SECCOMP_CGROUPS);
	__type(key, struct swoll_seccomp_denied_key);
	__type(value, struct swoll_seccomp_denied);
} seccomp_denied SEC(".maps");

/* A new entry is built here: it is larger than the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct swoll_seccomp_cgroup);
} seccomp_scratch SEC(".maps");

/* [0]: calls of cgroups the map had no room for. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} seccomp_dropped SEC(".maps");

static __always_inline struct swoll_seccomp_cgroup *seccomp_cgroup_new(struct task_struct *task, __u64 cg)
{
	struct kernfs_node *kn = task->cgroups->dfl_cgrp->kn;
	struct swoll_seccomp_cgroup *v;
	__u32 zero = 0, i;
	__u64 *dropped;

	v = bpf_map_lookup_elem(&seccomp_scratch, &zero);
	if (!v)
		return NULL;
	__builtin_memset(v->bits, 0, sizeof(v->bits));
	v->first_ns = bpf_ktime_get_ns();
	v->first_tgid = task->tgid;
	v->levels = 0;
	v->flags = 0;
	bpf_get_current_comm(v->first_comm, sizeof(v->first_comm));
	for (i = 0; i < SWOLL_CGROUP_NAME_LEVELS; i++) {
		v->names[i][0] = 0;
		if (!kn)
			continue;
		bpf_probe_read_kernel_str(v->names[i], SWOLL_CGROUP_NAME_LEN, BPF_CORE_READ(kn, name));
		v->levels = i + 1;
		kn = BPF_CORE_READ(kn, __parent);
	}
	if (bpf_map_update_elem(&seccomp_cgroups, &cg, v, BPF_NOEXIST) && !bpf_map_lookup_elem(&seccomp_cgroups, &cg)) {
		dropped = bpf_map_lookup_elem(&seccomp_dropped, &zero);
		if (dropped)
			__sync_fetch_and_add(dropped, 1);
		return NULL;
	}
	return bpf_map_lookup_elem(&seccomp_cgroups, &cg);
}

static __always_inline void seccomp_check_call(struct task_struct *task, __u64 cg, long nr)
{
	struct swoll_seccomp_denied_key key = { .cgroup_id = cg, .nr = (__u32)nr };
	struct swoll_seccomp_denied *d, first = {};
	__u32 zero = 0;
	__u64 *allowed = bpf_map_lookup_elem(&seccomp_allowed, &zero);

	if (!allowed || (allowed[(nr >> 6) & (SWOLL_MAX_SYSCALLS / 64 - 1)] & (1ULL << (nr & 63))))
		return;
	d = bpf_map_lookup_elem(&seccomp_denied, &key);
	if (d) {
		__sync_fetch_and_add(&d->count, 1);
		return;
	}
	first.count = 1;
	first.first_tgid = task->tgid;
	bpf_get_current_comm(first.first_comm, sizeof(first.first_comm));
	if (bpf_map_update_elem(&seccomp_denied, &key, &first, BPF_NOEXIST)) {
		d = bpf_map_lookup_elem(&seccomp_denied, &key);
		if (d) {
			__sync_fetch_and_add(&d->count, 1);
		} else {
			/* the map is full: counted, never silently dropped */
			__u64 *dropped = bpf_map_lookup_elem(&seccomp_dropped, &zero);

			if (dropped)
				__sync_fetch_and_add(dropped, 1);
		}
	}
}

/* The first two arguments of the call, at its exit (the argument registers are preserved). */
static __always_inline void call_args01(struct pt_regs *regs, __u64 *a0, __u64 *a1)
{
#if defined(__TARGET_ARCH_x86)
	*a0 = regs->di;
	*a1 = regs->si;
#elif defined(__TARGET_ARCH_arm64)
	*a0 = regs->orig_x0;
	*a1 = regs->regs[1];
#endif
}

static __always_inline bool installs_filter(struct pt_regs *regs, long nr)
{
	__u64 a0, a1;

	if (nr != seccomp_nr && nr != prctl_nr)
		return false;
	call_args01(regs, &a0, &a1);
	if (nr == seccomp_nr)
		return a0 == SWOLL_SECCOMP_SET_MODE_FILTER;
	return a0 == SWOLL_PR_SET_SECCOMP && a1 == SWOLL_SECCOMP_MODE_FILTER;
}

static __noinline void seccomp_exit(struct task_struct *task, struct pt_regs *regs, long nr, long ret)
{
	__u64 cg = task->cgroups->dfl_cgrp->kn->id;
	struct swoll_seccomp_cgroup *v;
	struct exec_home *h;

	if (task->tgid == self_tgid || nr < 0 || nr >= SWOLL_MAX_SYSCALLS)
		return;
	h = bpf_task_storage_get(&exec_home, task, 0, 0);
	if (h && nr == execve_nr && ret == 0 && h->entered_in) {
		h->cgroup_id = h->entered_in;
		h->entered_in = 0;
	}
	if (h && h->cgroup_id != cg) {
		/* not the workload yet: the runtime's setup, unless it just installed the filter */
		if (ret != 0 || !installs_filter(regs, nr))
			return;
		h->cgroup_id = cg;
		v = bpf_map_lookup_elem(&seccomp_cgroups, &cg);
		if (!v)
			v = seccomp_cgroup_new(task, cg);
		if (v)
			__sync_fetch_and_or(&v->flags, SWOLL_SECCOMP_FILTER_SEEN);
		return;
	}
	v = bpf_map_lookup_elem(&seccomp_cgroups, &cg);
	if (!v)
		v = seccomp_cgroup_new(task, cg);
	if (v)
		__sync_fetch_and_or(&v->bits[(nr >> 6) & (SWOLL_MAX_SYSCALLS / 64 - 1)], 1ULL << (nr & 63));
	if (seccomp_check)
		seccomp_check_call(task, cg, nr);
}

/* At execve's entry: remember where the exec started. */
static __noinline void seccomp_enter(struct task_struct *task, __u32 nr)
{
	struct exec_home *h;

	if (nr != execve_nr || task->tgid == self_tgid)
		return;
	h = bpf_task_storage_get(&exec_home, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (h)
		h->entered_in = task->cgroups->dfl_cgrp->kn->id;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(swoll_seccomp_fork, struct task_struct *parent, struct task_struct *child)
{
	struct exec_home *p, *c;
	__u64 home;

	if (!seccomp_record)
		return 0;
	/* read in two steps: one load instruction may not serve two pointer kinds */
	home = parent->cgroups->dfl_cgrp->kn->id;
	p = bpf_task_storage_get(&exec_home, parent, 0, 0);
	if (p)
		home = p->cgroup_id;
	c = bpf_task_storage_get(&exec_home, child, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (c) {
		c->cgroup_id = home;
		c->entered_in = 0;
	}
	return 0;
}

#endif
