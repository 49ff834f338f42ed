/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What crosses the kernel/user boundary for the bounds of the in-kernel
 * aggregation (bpf/metrics.bpf.h): the folded keys, the fold counters, the
 * per-process index and the key of the exited-process aggregate. Included
 * by bpf/metrics.bpf.h and ffi/shim-metrics.c, after events.h.
 *
 * Everything a tenant controls that could add keys is bounded here:
 * - a syscall number outside the table is one key, SWOLL_NR_UNKNOWN;
 * - a cgroup holds at most `cgroup_key_limit` keys; past it its new keys
 *   fold into one overflow key (SWOLL_NR_OTHER, SWOLL_ERR_OTHER);
 * - ordinary keys may fill the map only up to its capacity less a reserve,
 *   which is kept for overflow keys, so a new container is still counted
 *   when the map is otherwise full;
 * - top's per-process entries leave the map when the process exits,
 *   merged into a per-(cgroup, syscall, errno, comm) aggregate.
 */
#ifndef SWOLL_METRICS_H
#define SWOLL_METRICS_H

#define SWOLL_NR_UNKNOWN 0xfffffffeu /* a number the syscall table does not have */
#define SWOLL_NR_OTHER 0xffffffffu   /* past a bound: any syscall */
#define SWOLL_ERR_OTHER 0xffffffffu  /* past a bound: any result */

/* Calls counted under a folded key instead of their own, by reason (per-CPU sums). */
enum swoll_fold {
	SWOLL_FOLD_UNKNOWN_NR = 0, /* number outside the syscall table */
	SWOLL_FOLD_CGROUP_LIMIT,   /* the cgroup already had cgroup_key_limit keys */
	SWOLL_FOLD_MAP_RESERVE,    /* the map was full but for its reserve */
	SWOLL_FOLD_PROC_LIMIT,     /* top: the process had proc_key_limit keys, or the per-process map was full */
	SWOLL_FOLD_PROC_EXITED,    /* top: entries of exited processes merged into the exited aggregate */
	SWOLL_FOLD_LOST_CALLS,     /* calls not counted at all: even the overflow key found no room */
	SWOLL_FOLD__COUNT,
};

/* Slots of metrics_budget: keys inserted (kernel) and released by user space, per map. */
enum swoll_budget_slot {
	SWOLL_BUDGET_AGG_USED = 0,
	SWOLL_BUDGET_AGG_RELEASED,   /* written by user space only (serve's prune) */
	SWOLL_BUDGET_PROC_USED,      /* kernel only: +1 on insert, -1 when a process exits */
	SWOLL_BUDGET_PROC_RELEASED,  /* always 0: the kernel itself gives keys back */
	SWOLL_BUDGET_EXITED_USED,
	SWOLL_BUDGET_EXITED_RELEASED,
	SWOLL_BUDGET__COUNT,
};

/* One entry of a process's key list: the process and the order its keys were made in. */
struct swoll_proc_slot {
	__u32 tgid;
	__u32 slot;
};

/* Calls of exited processes (swoll top): per cgroup, syscall, result and comm. 32 bytes. */
struct swoll_exited_key {
	__u64 cgroup_id;
	__u32 nr;
	__u32 err;
	char comm[SWOLL_COMM_LEN];
};

_Static_assert(sizeof(struct swoll_exited_key) == 32, "swoll_exited_key is 32 bytes");

#endif
