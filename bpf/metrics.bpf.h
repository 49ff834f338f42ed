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
/* metrics_agg's capacity; its overflow keys may use it all (metrics-bounds.bpf.h has the rest) */
const volatile __u64 agg_capacity = ~0ull;

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

#include "metrics-bounds.bpf.h"


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

#include "metrics-proc.bpf.h"

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

static __noinline void metrics_account(struct task_struct *task, __u32 nr, long ret, __u64 ns, __u32 modes)
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

#endif
