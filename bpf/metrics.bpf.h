/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * In-kernel aggregation for `swoll serve` and `swoll top`, included by
 * swoll.bpf.c. Entry stores the start time with the task; exit adds one
 * call to the per-CPU entry for (cgroup, syscall, errno): a count, the
 * total time and a log2 latency histogram. Nothing is streamed. With
 * `metrics_by_process` (top) an entry per process and exec generation,
 * in a map of its own, remembers the process's name; the two modes can
 * run at once, each with its own counting rules (struct swoll_rules).
 * With both off the verifier drops all of this from the programs.
 * Every key a tenant can make is bounded (see metrics.h); with
 * `metrics_by_process` a process's entries leave the map when it exits.
 */
#ifndef SWOLL_METRICS_BPF_H
#define SWOLL_METRICS_BPF_H

#include "metrics.h"

#define SWOLL_EEXIST 17
/* a full hash map refuses new keys with E2BIG; without preallocation an
 * entry can also fail to allocate (ENOMEM) or find its bucket busy (EBUSY) */
#define SWOLL_E2BIG 7

#define METRICS_BY_CGROUP 1
#define METRICS_BY_PROCESS 2

/* count per (cgroup, syscall, errno) in metrics_agg */
const volatile bool metrics_by_cgroup = false;
/* count per process too, in metrics_proc */
const volatile bool metrics_by_process = false;
/* exit and exit_group never return: counted at entry, with no latency */
const volatile __u32 noreturn_nr0 = ~0u;
const volatile __u32 noreturn_nr1 = ~0u;
/* Bounds (bpf/metrics.h); user space sets them from the map capacities. */
const volatile bool fold_unknown = false;               /* known_nrs is filled */
const volatile __u64 known_nrs[SWOLL_MAX_SYSCALLS / 64]; /* bit n: n is in the syscall table */
const volatile __u64 cgroup_key_limit = ~0ull;          /* keys one cgroup may hold */
const volatile __u64 agg_ordinary_limit = ~0ull;        /* metrics_agg keys before its reserve */
const volatile __u64 agg_capacity = ~0ull;
const volatile __u64 proc_ordinary_limit = ~0ull;
const volatile __u64 exited_ordinary_limit = ~0ull;
const volatile __u64 exited_capacity = ~0ull;
const volatile __u32 proc_key_limit = 256;              /* keys one process may hold (<= SWOLL_PROC_KEYS_MAX) */

#define SWOLL_PROC_KEYS_MAX 4096

/* 16 bytes per task instead of the streaming path's capture area. */
struct inflight {
	__u64 start_ns;  /* 0: no call in flight */
	__u32 nr;
	__u32 modes;     /* METRICS_BY_* the call is counted in */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct inflight);
} inflight SEC(".maps");

/* No preallocation: memory follows the entries in use, not the bound. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, SWOLL_METRICS_ENTRIES);
	__type(key, struct swoll_metric_key);
	__type(value, struct swoll_metric_value);
} metrics_agg SEC(".maps");

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

/* Keys each cgroup holds (metrics_agg, or metrics_exited for top). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, SWOLL_METRICS_ENTRIES);
	__type(key, __u64);
	__type(value, __u64);
} metrics_cgroup_keys SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SWOLL_BUDGET__COUNT);
	__type(key, __u32);
	__type(value, __u64);
} metrics_budget SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SWOLL_FOLD__COUNT);
	__type(key, __u32);
	__type(value, __u64);
} metrics_folds SEC(".maps");

static __always_inline void fold_count(__u32 why, __u64 n)
{
	__u64 *c = bpf_map_lookup_elem(&metrics_folds, &why);

	if (c)
		*c += n;
}

/* The number a call is counted under: its own, or SWOLL_NR_UNKNOWN. */
static __always_inline __u32 metric_nr(__u32 nr)
{
	if (!fold_unknown)
		return nr;
	if (nr < SWOLL_MAX_SYSCALLS && (known_nrs[(nr / 64) & (SWOLL_MAX_SYSCALLS / 64 - 1)] >> (nr % 64)) & 1)
		return nr;
	fold_count(SWOLL_FOLD_UNKNOWN_NR, 1);
	return SWOLL_NR_UNKNOWN;
}

/* Take one key of a map's budget (used - released < limit); false when none is left. */
static __always_inline bool budget_take(__u32 used_slot, __u32 released_slot, __u64 limit)
{
	__u64 *used = bpf_map_lookup_elem(&metrics_budget, &used_slot);
	__u64 *released = bpf_map_lookup_elem(&metrics_budget, &released_slot);
	__u64 before;

	if (!used || !released)
		return false;
	before = __sync_fetch_and_add(used, 1);
	if (before - *released >= limit) {
		__sync_fetch_and_sub(used, 1);
		return false;
	}
	return true;
}

static __always_inline void budget_give(__u32 used_slot)
{
	__u64 *used = bpf_map_lookup_elem(&metrics_budget, &used_slot);

	if (used)
		__sync_fetch_and_sub(used, 1);
}

/* Take one of the cgroup's keys; false once it holds cgroup_key_limit. */
static __always_inline bool cgroup_take(__u64 cg)
{
	__u64 zero = 0, *n = bpf_map_lookup_elem(&metrics_cgroup_keys, &cg);

	if (cgroup_key_limit == ~0ull)
		return true;
	if (!n) {
		bpf_map_update_elem(&metrics_cgroup_keys, &cg, &zero, BPF_NOEXIST);
		n = bpf_map_lookup_elem(&metrics_cgroup_keys, &cg);
		if (!n)
			return false;
	}
	if (__sync_fetch_and_add(n, 1) >= cgroup_key_limit) {
		__sync_fetch_and_sub(n, 1);
		return false;
	}
	return true;
}

static __always_inline void cgroup_give(__u64 cg)
{
	__u64 *n = bpf_map_lookup_elem(&metrics_cgroup_keys, &cg);

	if (n && cgroup_key_limit != ~0ull)
		__sync_fetch_and_sub(n, 1);
}

static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r = 0, s;

	s = (v > 0xffffffffULL) << 5; v >>= s; r |= s;
	s = (v > 0xffff) << 4; v >>= s; r |= s;
	s = (v > 0xff) << 3; v >>= s; r |= s;
	s = (v > 0xf) << 2; v >>= s; r |= s;
	s = (v > 0x3) << 1; v >>= s; r |= s;
	return r | (__u32)(v >> 1);
}

/* Bucket i holds calls of at most 2^(i + SWOLL_LAT_MIN_SHIFT) ns. */
static __always_inline __u32 latency_bucket(__u64 ns)
{
	__u32 b = ns > 1 ? log2_u64(ns - 1) + 1 : 0;

	b = b > SWOLL_LAT_MIN_SHIFT ? b - SWOLL_LAT_MIN_SHIFT : 0;
	return b < SWOLL_LAT_BUCKETS ? b : SWOLL_LAT_BUCKETS - 1;
}

/* bpf_get_current_cgroup_id() without the helper call: the task's
 * default-hierarchy cgroup, whose id is its kernfs node id. */
static __always_inline __u64 task_cgroup_id(struct task_struct *task)
{
	return task->cgroups->dfl_cgrp->kn->id;
}

static __always_inline void metric_add(struct swoll_metric_value *v, __u64 ns, __u32 b)
{
	v->count += 1;
	v->total_ns += ns;
	if (b < SWOLL_LAT_BUCKETS)
		v->buckets[b] += 1;
}

/* metric_add() on a value every CPU writes to. */
static __always_inline void metric_add_atomic(struct swoll_metric_value *v, __u64 ns, __u32 b)
{
	__sync_fetch_and_add(&v->count, 1);
	__sync_fetch_and_add(&v->total_ns, ns);
	if (b < SWOLL_LAT_BUCKETS)
		__sync_fetch_and_add(&v->buckets[b], 1);
}

static __always_inline void metric_merge_atomic(struct swoll_metric_value *into, const struct swoll_metric_value *v)
{
	int i;

	__sync_fetch_and_add(&into->count, v->count);
	__sync_fetch_and_add(&into->total_ns, v->total_ns);
	for (i = 0; i < SWOLL_LAT_BUCKETS; i++)
		if (v->buckets[i])
			__sync_fetch_and_add(&into->buckets[i], v->buckets[i]);
}

/*
 * Insert a first value for a new key of `map` within a budget: 0 when it
 * is in, -SWOLL_EEXIST when another CPU made it meanwhile (add to that),
 * other negatives when there was no room.
 */
static __always_inline long bounded_insert(void *map, void *key, void *value, __u32 used_slot,
					   __u32 released_slot, __u64 limit)
{
	long rc;

	if (!budget_take(used_slot, released_slot, limit))
		return -SWOLL_E2BIG;
	rc = bpf_map_update_elem(map, key, value, BPF_NOEXIST);
	if (rc)
		budget_give(used_slot);
	return rc;
}

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

/* (cgroup, syscall, errno): swoll serve's series. */
static __always_inline void metrics_account_key(struct task_struct *task, __u32 nr, __u32 err, __u64 ns, __u32 b)
{
	struct swoll_metric_key key = {
		.cgroup_id = task_cgroup_id(task),
		.nr = nr,
		.err = err,
	};
	struct swoll_metric_value *v = bpf_map_lookup_elem(&metrics_agg, &key);
	struct swoll_metric_value first;
	__u64 limit = agg_capacity;
	long rc;

	if (v) {
		metric_add(v, ns, b);
		return;
	}
	/* first call for this key on any CPU: the kernel zeroes the others */
	__builtin_memset(&first, 0, sizeof(first));
	metric_add(&first, ns, b);
	if (!cgroup_take(key.cgroup_id)) {
		fold_count(SWOLL_FOLD_CGROUP_LIMIT, 1);
		goto overflow;
	}
	rc = bounded_insert(&metrics_agg, &key, &first, SWOLL_BUDGET_AGG_USED, SWOLL_BUDGET_AGG_RELEASED, agg_ordinary_limit);
	if (!rc)
		return;
	cgroup_give(key.cgroup_id);
	if (rc == -SWOLL_EEXIST) {
		/* another CPU inserted it meanwhile */
		v = bpf_map_lookup_elem(&metrics_agg, &key);
		if (v) {
			metric_add(v, ns, b);
			return;
		}
	}
	if (rc != -SWOLL_E2BIG) {
		count(SWOLL_CTR_METRICS_NOMEM);
		return;
	}
	fold_count(SWOLL_FOLD_MAP_RESERVE, 1);
overflow:
	/* the cgroup's one overflow key, from the map's reserve */
	key.nr = SWOLL_NR_OTHER;
	key.err = SWOLL_ERR_OTHER;
	v = bpf_map_lookup_elem(&metrics_agg, &key);
	if (v) {
		metric_add(v, ns, b);
		return;
	}
	rc = bounded_insert(&metrics_agg, &key, &first, SWOLL_BUDGET_AGG_USED, SWOLL_BUDGET_AGG_RELEASED, limit);
	if (!rc)
		return;
	if (rc == -SWOLL_EEXIST) {
		v = bpf_map_lookup_elem(&metrics_agg, &key);
		if (v) {
			metric_add(v, ns, b);
			return;
		}
	}
	count(rc == -SWOLL_E2BIG ? SWOLL_CTR_METRICS_FULL : SWOLL_CTR_METRICS_NOMEM);
}

static __always_inline void metrics_account(struct task_struct *task, __u32 nr, long ret, __u64 ns, __u32 modes)
{
	__u32 err = ret < 0 && ret >= -4095 ? (__u32)-ret : 0;
	__u32 b = latency_bucket(ns);

	nr = metric_nr(nr);
	if (metrics_by_process && (modes & METRICS_BY_PROCESS))
		metrics_account_proc(task, nr, err, ns, b);
	if (metrics_by_cgroup && (modes & METRICS_BY_CGROUP))
		metrics_account_key(task, nr, err, ns, b);
}

/* `m`: the rules the call matched; the counting ones pick the modes. */
static __always_inline void metrics_enter(struct task_struct *task, __u32 nr, __u64 m, struct swoll_rules *r)
{
	__u32 modes = (m & r->count_cgroup ? METRICS_BY_CGROUP : 0) | (m & r->count_process ? METRICS_BY_PROCESS : 0);
	struct inflight *f;

	if (!modes)
		return;
	if (nr == noreturn_nr0 || nr == noreturn_nr1) {
		metrics_account(task, nr, 0, 0, modes);
		return;
	}
	f = bpf_task_storage_get(&inflight, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!f) {
		count(SWOLL_CTR_TASK_STORAGE);
		return;
	}
	f->nr = nr;
	f->modes = modes;
	f->start_ns = bpf_ktime_get_ns();
}

static __always_inline void metrics_exit(struct task_struct *task, long ret)
{
	__u64 now = bpf_ktime_get_ns();
	struct inflight *f = bpf_task_storage_get(&inflight, task, 0, 0);
	__u64 start;

	if (!f || !f->start_ns)
		return;
	start = f->start_ns;
	f->start_ns = 0;
	metrics_account(task, f->nr, ret, now - start, f->modes);
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
