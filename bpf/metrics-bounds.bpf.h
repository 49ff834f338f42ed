/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The bounds of the in-kernel aggregation (bpf/metrics.h), included by
 * metrics.bpf.h: the syscall-table bitmap that folds unknown numbers, the
 * per-map key budgets with their reserve, and the per-cgroup key counts.
 */
#ifndef SWOLL_METRICS_BOUNDS_BPF_H
#define SWOLL_METRICS_BOUNDS_BPF_H

/* Bounds (bpf/metrics.h); user space sets them from the map capacities. */
const volatile bool fold_unknown = false;               /* known_nrs is filled */
const volatile __u64 known_nrs[SWOLL_MAX_SYSCALLS / 64]; /* bit n: n is in the syscall table */
const volatile __u64 cgroup_key_limit = ~0ull;          /* keys one cgroup may hold */
const volatile __u64 agg_ordinary_limit = ~0ull;        /* metrics_agg keys before its reserve */

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

#endif
