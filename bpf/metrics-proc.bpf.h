/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Counting per process (swoll top), included by metrics.bpf.h: the
 * per-process map, the list of each process's keys, the exited-process
 * aggregate, and the sched_process_exit program that moves a process's
 * entries into it when its last thread exits.
 */
#ifndef SWOLL_METRICS_PROC_BPF_H
#define SWOLL_METRICS_PROC_BPF_H

/* Bounds of the per-process and exited maps (metrics.h), set by user space. */
const volatile __u64 proc_ordinary_limit = ~0ull;
const volatile __u64 exited_ordinary_limit = ~0ull;
const volatile __u64 exited_capacity = ~0ull;
const volatile __u32 proc_key_limit = 256;              /* keys one process may hold (<= SWOLL_PROC_KEYS_MAX) */

#define SWOLL_PROC_KEYS_MAX 4096

/*
 * Per process (top). Shared by all CPUs, added to atomically, so that the
 * exit of a process can move its entries out in one pass without reading
 * every CPU's copy.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, SWOLL_METRICS_ENTRIES);
	__type(key, struct swoll_proc_metric_key);
	__type(value, struct swoll_proc_metric_value);
} metrics_proc SEC(".maps");

/* top: the calls of exited processes, per cgroup, syscall, result and comm. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, SWOLL_METRICS_ENTRIES);
	__type(key, struct swoll_exited_key);
	__type(value, struct swoll_metric_value);
} metrics_exited SEC(".maps");

/* top: the keys each live process holds in metrics_proc, by creation order. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, SWOLL_METRICS_ENTRIES);
	__type(key, struct swoll_proc_slot);
	__type(value, struct swoll_proc_metric_key);
} proc_index SEC(".maps");

/* top: how many slots of proc_index each live process has used. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, SWOLL_METRICS_ENTRIES);
	__type(key, __u32);
	__type(value, __u32);
} proc_nkeys SEC(".maps");

/*
 * Add calls to the exited-process aggregate under (cgroup, nr, err, comm);
 * past the cgroup's key limit or into the reserve, under the cgroup's
 * overflow key with an empty comm. `v` is one CPU-independent value.
 */
static __always_inline void exited_add(struct swoll_exited_key *key, struct swoll_metric_value *v)
{
	struct swoll_metric_value *e = bpf_map_lookup_elem(&metrics_exited, key);
	long rc;

	if (e) {
		metric_merge_atomic(e, v);
		return;
	}
	if (key->nr != SWOLL_NR_OTHER && cgroup_take(key->cgroup_id)) {
		rc = bounded_insert(&metrics_exited, key, v, SWOLL_BUDGET_EXITED_USED, SWOLL_BUDGET_EXITED_RELEASED,
				    exited_ordinary_limit);
		if (!rc)
			return;
		cgroup_give(key->cgroup_id);
		if (rc == -SWOLL_EEXIST && (e = bpf_map_lookup_elem(&metrics_exited, key))) {
			metric_merge_atomic(e, v);
			return;
		}
		fold_count(SWOLL_FOLD_MAP_RESERVE, v->count);
	} else if (key->nr != SWOLL_NR_OTHER) {
		fold_count(SWOLL_FOLD_CGROUP_LIMIT, v->count);
	}
	key->nr = SWOLL_NR_OTHER;
	key->err = SWOLL_ERR_OTHER;
	__builtin_memset(key->comm, 0, sizeof(key->comm));
	e = bpf_map_lookup_elem(&metrics_exited, key);
	if (!e) {
		rc = bounded_insert(&metrics_exited, key, v, SWOLL_BUDGET_EXITED_USED, SWOLL_BUDGET_EXITED_RELEASED,
				    exited_capacity);
		if (!rc)
			return;
		e = bpf_map_lookup_elem(&metrics_exited, key);
	}
	if (e)
		metric_merge_atomic(e, v);
	else
		fold_count(SWOLL_FOLD_LOST_CALLS, v->count);
}

/* A new process key: remember it in the process's list, then insert it. */
static __always_inline long proc_insert(struct swoll_proc_metric_key *key, struct swoll_proc_metric_value *first)
{
	struct swoll_proc_slot slot = { .tgid = key->tgid };
	__u32 zero = 0, *n = bpf_map_lookup_elem(&proc_nkeys, &key->tgid);
	long rc;

	if (!n) {
		bpf_map_update_elem(&proc_nkeys, &key->tgid, &zero, BPF_NOEXIST);
		n = bpf_map_lookup_elem(&proc_nkeys, &key->tgid);
		if (!n)
			return -SWOLL_E2BIG;
	}
	slot.slot = __sync_fetch_and_add(n, 1);
	if (slot.slot >= proc_key_limit || slot.slot >= SWOLL_PROC_KEYS_MAX) {
		__sync_fetch_and_sub(n, 1);
		return -SWOLL_E2BIG;
	}
	if (bpf_map_update_elem(&proc_index, &slot, key, BPF_ANY))
		return -SWOLL_E2BIG; /* the slot stays used: skipped at exit */
	rc = bounded_insert(&metrics_proc, key, first, SWOLL_BUDGET_PROC_USED, SWOLL_BUDGET_PROC_RELEASED, proc_ordinary_limit);
	if (rc)
		bpf_map_delete_elem(&proc_index, &slot);
	return rc;
}

/*
 * metrics_account() with the process in the key; the comm is read once per
 * entry. A process past its key limit, or a map past its reserve, counts
 * straight into the exited aggregate under its comm: nothing is lost.
 */
static __always_inline void metrics_account_proc(struct task_struct *task, __u32 nr, __u32 err, __u64 ns, __u32 b)
{
	struct swoll_proc_metric_key key = {
		.cgroup_id = task_cgroup_id(task),
		.nr = nr,
		.err = err,
		.tgid = task->tgid,
		.exec_gen = (__u32)task->self_exec_id,
	};
	struct swoll_proc_metric_value *v = bpf_map_lookup_elem(&metrics_proc, &key);
	struct swoll_proc_metric_value first;
	struct swoll_exited_key ek;
	long rc;

	if (v) {
		metric_add_atomic(&v->m, ns, b);
		return;
	}
	__builtin_memset(&first, 0, sizeof(first));
	metric_add(&first.m, ns, b);
	bpf_probe_read_kernel_str(first.comm, sizeof(first.comm), task->group_leader->comm);
	rc = proc_insert(&key, &first);
	if (!rc)
		return;
	if (rc == -SWOLL_EEXIST) {
		v = bpf_map_lookup_elem(&metrics_proc, &key);
		if (v) {
			metric_add_atomic(&v->m, ns, b);
			return;
		}
	}
	fold_count(SWOLL_FOLD_PROC_LIMIT, 1);
	ek.cgroup_id = key.cgroup_id;
	ek.nr = nr;
	ek.err = err;
	__builtin_memcpy(ek.comm, first.comm, sizeof(ek.comm));
	exited_add(&ek, &first.m);
}


/* Move one entry of an exiting process into the exited aggregate. */
static long fold_slot(__u32 i, void *ctx)
{
	struct swoll_proc_slot slot = { .tgid = *(__u32 *)ctx, .slot = i };
	struct swoll_proc_metric_key *key = bpf_map_lookup_elem(&proc_index, &slot);
	struct swoll_proc_metric_value *v;
	struct swoll_exited_key ek;

	if (!key)
		return 0;
	v = bpf_map_lookup_elem(&metrics_proc, key);
	if (v) {
		ek.cgroup_id = key->cgroup_id;
		ek.nr = key->nr;
		ek.err = key->err;
		__builtin_memcpy(ek.comm, v->comm, sizeof(ek.comm));
		exited_add(&ek, &v->m);
		fold_count(SWOLL_FOLD_PROC_EXITED, 1);
		if (!bpf_map_delete_elem(&metrics_proc, key))
			budget_give(SWOLL_BUDGET_PROC_USED);
	}
	bpf_map_delete_elem(&proc_index, &slot);
	return 0;
}

/*
 * The last thread of a process is exiting (signal->live is already 0):
 * no call of it can come any more, so its per-process entries move into
 * the exited aggregate and leave the map.
 */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(swoll_proc_exit, struct task_struct *p)
{
	__u32 tgid, *n, count;

	if (!metrics_by_process)
		return 0;
	if (p->signal->live.counter != 0)
		return 0;
	tgid = p->tgid;
	n = bpf_map_lookup_elem(&proc_nkeys, &tgid);
	if (!n)
		return 0;
	count = *n;
	if (count > proc_key_limit)
		count = proc_key_limit;
	bpf_loop(count, fold_slot, &tgid, 0);
	bpf_map_delete_elem(&proc_nkeys, &tgid);
	return 0;
}

#endif
