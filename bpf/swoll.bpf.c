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
	return m & ~(ret < 0 && ret >= -4095 ? r->ok_only : r->failed_only);
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

static __always_inline void copy_args(struct swoll_event *ev, struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_x86)
	ev->args[0] = regs->di;
	ev->args[1] = regs->si;
	ev->args[2] = regs->dx;
	ev->args[3] = regs->r10;
	ev->args[4] = regs->r8;
	ev->args[5] = regs->r9;
#elif defined(__TARGET_ARCH_arm64)
	ev->args[0] = regs->orig_x0;
	ev->args[1] = regs->regs[1];
	ev->args[2] = regs->regs[2];
	ev->args[3] = regs->regs[3];
	ev->args[4] = regs->regs[4];
	ev->args[5] = regs->regs[5];
#endif
}

/* Start a capture item; NULL once the budget is gone. */
static __always_inline struct swoll_capture *capture_begin(struct task_entry *e, __u8 arg,
							   __u8 kind, __u16 flags)
{
	__u32 off = e->cap_used;
	struct swoll_capture *c;

	if (off > SWOLL_CAP_BUDGET - sizeof(*c) - 8) {
		e->ev.flags |= SWOLL_EVF_CAPTURE_EXHAUSTED;
		return NULL;
	}
	c = (void *)&e->cap[off & (SWOLL_CAP_BUDGET - 1)];
	c->arg = arg;
	c->kind = kind;
	c->flags = flags | e->cap_phase;
	c->len = 0;
	c->index = 0;
	e->cap_used = off + sizeof(*c);
	e->ev.cap_count += 1;
	return c;
}

/* Copy one user string into the capture area; false once the budget is gone. */
static __always_inline bool capture_str(struct task_entry *e, __u8 arg, __u8 kind,
					const char *uptr)
{
	struct swoll_capture *c = capture_begin(e, arg, kind, 0);
	__u32 off, room, want;
	long n;

	if (!c)
		return false;
	off = e->cap_used & (SWOLL_CAP_BUDGET - 1);
	/* Read two bytes past the limit: a longer result then proves
	 * truncation instead of an exact fit. */
	room = SWOLL_CAP_BUDGET - off;
	want = str_max + 2;
	if (want > room)
		want = room;
	if (want > SWOLL_CAP_BUDGET)
		want = SWOLL_CAP_BUDGET;
	n = bpf_probe_read_user_str(&e->cap[off], want, uptr);
	if (n <= 0) {
		c->flags = SWOLL_CAPF_FAULT | e->cap_phase;
		count(SWOLL_CTR_CAPTURE_FAULT);
		return true;
	}
	n -= 1; /* drop the NUL */
	if (n > str_max) {
		n = str_max;
		c->flags |= SWOLL_CAPF_TRUNCATED;
	} else if (n + 1 >= want && want < str_max + 2) {
		/* cut short by the event budget, not by the limit */
		c->flags |= SWOLL_CAPF_TRUNCATED;
		e->ev.flags |= SWOLL_EVF_CAPTURE_EXHAUSTED;
	}
	c->len = n;
	e->cap_used = off + ((n + 7) & ~7);
	return true;
}

static __always_inline void capture_argv(struct task_entry *e, __u8 arg, const char *const *uargv)
{
	const char *p;
	__u32 i;

	for (i = 0; i <= SWOLL_ARGV_LIMIT; i++) {
		if (bpf_probe_read_user(&p, sizeof(p), &uargv[i]) || !p)
			return;
		if (i >= argv_max) {
			/* more entries than we keep: say so with an empty item */
			capture_begin(e, arg, SWOLL_CAP_ARGV_ITEM, SWOLL_CAPF_MORE);
			return;
		}
		if (!capture_str(e, arg, SWOLL_CAP_ARGV_ITEM, p))
			return;
	}
}

/*
 * Copy `len` user bytes as an item of `kind`; `capped` limits it to
 * str_max. 0 once the budget is gone (nothing more fits), else 1. A
 * global function: the verifier checks it once, not once per caller and
 * per path into it (the structure captures call it many times). BPF
 * functions take at most five arguments: `item` packs the item's
 * argument, kind, index and cap (ITEM()).
 */
#define ITEM(arg, kind, index, capped) ((arg) | (kind) << 8 | (__u32)(index) << 16 | ((capped) ? 1U << 31 : 0))

__noinline int capture_bytes_as(struct task_entry *e, __u32 item, __u64 uaddr, __u64 len)
{
	const void *uptr = (const void *)uaddr;
	__u8 arg = item & 0xff, kind = (item >> 8) & 0xff;
	__u16 index = (item >> 16) & 0x7fff;
	bool capped = item >> 31;
	struct swoll_capture *c;
	__u32 off, room, want;
	__u16 flags = 0;

	if (!e)
		return 0;
	if (capped && len > str_max) {
		len = str_max;
		flags = SWOLL_CAPF_TRUNCATED;
	}
	c = capture_begin(e, arg, kind, flags);
	if (!c)
		return 0;
	c->index = index;
	off = e->cap_used & (SWOLL_CAP_BUDGET - 1);
	room = SWOLL_CAP_BUDGET - off;
	want = len > room ? room : len;
	if (want < len) {
		c->flags |= SWOLL_CAPF_TRUNCATED;
		e->ev.flags |= SWOLL_EVF_CAPTURE_EXHAUSTED;
	}
	if (want > SWOLL_CAP_BUDGET)
		want = SWOLL_CAP_BUDGET;
	if (want && bpf_probe_read_user(&e->cap[off], want, uptr)) {
		c->flags = SWOLL_CAPF_FAULT | e->cap_phase;
		count(SWOLL_CTR_CAPTURE_FAULT);
		return 1;
	}
	c->len = want;
	e->cap_used = off + ((want + 7) & ~7);
	return want == len;
}

static __always_inline void capture_bytes(struct task_entry *e, __u8 arg, const void *uptr, __u64 len, bool capped)
{
	capture_bytes_as(e, ITEM(arg, SWOLL_CAP_BYTES, 0, capped), (__u64)uptr, len);
}

/*
 * I/O vectors: the bytes behind each element, one IovData item per
 * element in order (an empty one where nothing is shown), walked with
 * bpf_loop so the verifier checks one element, not SWOLL_IOV_MAX.
 */
struct iov_walk {
	struct task_entry *e;
	__u64 uiov;   /* user address of struct iovec[] */
	__u64 left;   /* bytes still to show: the return value for outputs, else ~0 */
	__u8 arg;
	__u16 index;
};

static long iov_element(__u64 k, void *ctx)
{
	struct iov_walk *w = ctx;
	struct iovec v;
	__u64 n;

	if (bpf_probe_read_user(&v, sizeof(v), (const void *)(w->uiov + k * sizeof(v))))
		return 1;
	n = (__u64)v.iov_len < w->left ? (__u64)v.iov_len : w->left;
	w->left -= n;
	return capture_bytes_as(w->e, ITEM(w->arg, SWOLL_CAP_IOV_DATA, w->index, 1), (__u64)v.iov_base, n) ? 0 : 1;
}

static __always_inline void capture_iov_data(struct task_entry *e, __u8 arg, __u16 index, __u64 uiov,
					     __u64 count, __u64 left)
{
	struct iov_walk w = { .e = e, .uiov = uiov, .left = left, .arg = arg, .index = index };

	if (count > SWOLL_IOV_MAX)
		count = SWOLL_IOV_MAX;
	bpf_loop(count, iov_element, &w, 0);
}

/* One struct user_msghdr at `um`: its name, iovec array, element bytes
 * (at most `left` in all) and control data, as items tagged `index`. */
static __always_inline void capture_msg_parts(struct task_entry *e, __u8 arg, __u16 index,
					      const struct user_msghdr *um, __u64 left)
{
	struct user_msghdr m;
	__u64 n;

	if (bpf_probe_read_user(&m, sizeof(m), um))
		return;
	if (m.msg_name && m.msg_namelen > 0) {
		n = (__u32)m.msg_namelen;
		if (!capture_bytes_as(e, ITEM(arg, SWOLL_CAP_MSG_NAME, index, 0), (__u64)m.msg_name,
				      n > SWOLL_NAME_MAX ? SWOLL_NAME_MAX : n))
			return;
	}
	if (m.msg_iov && m.msg_iovlen) {
		n = m.msg_iovlen > SWOLL_IOV_MAX ? SWOLL_IOV_MAX : m.msg_iovlen;
		if (!capture_bytes_as(e, ITEM(arg, SWOLL_CAP_MSG_IOV, index, 0), (__u64)m.msg_iov, n * sizeof(struct iovec)))
			return;
		capture_iov_data(e, arg, index, (__u64)m.msg_iov, n, left);
	}
	if (m.msg_control && m.msg_controllen)
		capture_bytes_as(e, ITEM(arg, SWOLL_CAP_MSG_CONTROL, index, 1), (__u64)m.msg_control, m.msg_controllen);
}

struct mmsg_walk {
	struct task_entry *e;
	__u64 umsgs;  /* user address of struct mmsghdr[] */
	bool bound;   /* element bytes only as far as each msg_len */
	__u8 arg;
};

static long mmsg_element(__u64 k, void *ctx)
{
	struct mmsg_walk *w = ctx;
	const struct mmsghdr *um = (const void *)(w->umsgs + k * sizeof(struct mmsghdr));
	__u32 len = 0;

	if (w->bound && bpf_probe_read_user(&len, sizeof(len), &um->msg_len))
		return 1;
	capture_msg_parts(w->e, w->arg, k, &um->msg_hdr, w->bound ? len : ~0ULL);
	return 0;
}

/* clone3's struct clone_args, and in the parent after the fork the
 * values the kernel wrote through its pidfd and parent_tid pointers. */
static __always_inline void capture_clone_args(struct task_entry *e, __u8 arg, __u64 uargs, __u64 size)
{
	__u64 head[4]; /* flags, pidfd, child_tid, parent_tid */

	if (!capture_bytes_as(e, ITEM(arg, SWOLL_CAP_BYTES, 0, 1), uargs, size))
		return;
	if (e->ev.ret <= 0 || bpf_probe_read_user(head, sizeof(head), (const void *)uargs))
		return;
	if ((head[0] & 0x1000 /* CLONE_PIDFD */) && head[1] &&
	    !capture_bytes_as(e, ITEM(arg, SWOLL_CAP_FIELD, 8, 0), head[1], 4))
		return;
	if ((head[0] & 0x100000 /* CLONE_PARENT_SETTID */) && head[3])
		capture_bytes_as(e, ITEM(arg, SWOLL_CAP_FIELD, 24, 0), head[3], 4);
}

/* fcntl's lock commands (F_GETLK, F_SETLK, F_SETLKW and the OFD ones), whose argument is a struct flock. */
static __always_inline bool is_lock_cmd(__u64 cmd)
{
	__u32 c = (__u32)cmd;

	return (c >= 5 && c <= 7) || (c >= 36 && c <= 38);
}

/* The bytes an ioctl request reads or writes: the size its _IOC number
 * encodes, or for the terminal requests that predate _IOC, their struct. */
static __always_inline __u32 ioctl_size(__u64 request)
{
	__u32 r = (__u32)request;

	if (r >> 30)
		return (r >> 16) & 0x3fff;
	switch (r) {
	case 0x5401: case 0x5402: case 0x5403: case 0x5404: /* TCGETS, TCSETS, TCSETSW, TCSETSF */
		return 36;                                   /* struct termios */
	case 0x5413: case 0x5414:                            /* TIOCGWINSZ, TIOCSWINSZ */
		return 8;                                    /* struct winsize */
	case 0x540f: case 0x5410: case 0x5411: case 0x541b: /* TIOCGPGRP, TIOCSPGRP, TIOCOUTQ, FIONREAD */
	case 0x5421: case 0x5452: case 0x5429:              /* FIONBIO, FIOASYNC, TIOCGSID */
	case 0x5415: case 0x5416: case 0x5417: case 0x5418: /* TIOCMGET, TIOCMBIS, TIOCMBIC, TIOCMSET */
	case 0x5419: case 0x541a: case 0x5420:              /* TIOCGSOFTCAR, TIOCSSOFTCAR, TIOCPKT */
	case 0x5423: case 0x5424:                            /* TIOCSETD, TIOCGETD */
		return 4;
	}
	return 0;
}

static __always_inline void capture_count(struct task_entry *e, __u8 arg, const char *const *uargv)
{
	const char *p;
	__u32 i, n = 0;
	struct swoll_capture *c;

	for (i = 0; i < SWOLL_ARGV_LIMIT * 4; i++) {
		if (bpf_probe_read_user(&p, sizeof(p), &uargv[i]) || !p)
			break;
		n++;
	}
	c = capture_begin(e, arg, SWOLL_CAP_BYTES, n == SWOLL_ARGV_LIMIT * 4 ? SWOLL_CAPF_MORE : 0);
	if (!c)
		return;
	*(__u32 *)&e->cap[e->cap_used & (SWOLL_CAP_BUDGET - 1)] = n;
	c->len = 4;
	e->cap_used += 8;
}

/* The value of argument k (a length, or a pointer to one), for a capture's size. */
static __always_inline __u64 arg_at(struct task_entry *e, __u32 k)
{
	__u64 v = 0;

	if (k < 6)
		bpf_probe_read_kernel(&v, sizeof(v), &e->ev.args[k]);
	return v;
}

enum capture_phase { AT_ENTRY, AT_EXIT, ALL_AT_ENTRY };

struct arg_walk {
	struct task_entry *e;
	struct swoll_capture_spec *spec;
	enum capture_phase phase;
};

/*
 * One argument's capture, as a bpf_loop callback: the verifier checks
 * the switch once instead of once per argument and per path through the
 * arguments before it (which took it past its instruction limit).
 */
static long capture_arg(__u64 idx, void *ctx)
{
	struct arg_walk *w = ctx;
	struct task_entry *e = w->e;
	enum capture_phase phase = w->phase;
	__u32 i = idx & 7;

	if (i >= 6)
		return 1;
	{
		__u8 spec_how = w->spec->args[i];
		__u8 how = spec_how & SWOLL_ARG_KIND_MASK;
		__u16 sz = w->spec->sizes[i];
		__u64 a = e->ev.args[i];
		__u64 left;
		__u32 l32;

		if (how == SWOLL_ARG_NONE)
			return 0;
		if (phase == AT_ENTRY && !(spec_how & (SWOLL_ARG_AT_ENTRY | SWOLL_ARG_AT_BOTH)))
			return 0;
		if (phase == AT_EXIT && (spec_how & SWOLL_ARG_AT_ENTRY))
			return 0;
		if (a < 4096) /* NULL, or an int in a pointer's place */
			return 0;
		switch (how) {
		case SWOLL_ARG_C_STR:
			capture_str(e, i, SWOLL_CAP_STR, (const char *)a);
			break;
		case SWOLL_ARG_ARGV:
			capture_argv(e, i, (const char *const *)a);
			break;
		case SWOLL_ARG_BYTES_ARG_LEN:
			capture_bytes(e, i, (const void *)a, arg_at(e, sz), true);
			break;
		case SWOLL_ARG_BYTES_RET_LEN:
			if (e->ev.ret > 0)
				capture_bytes(e, i, (const void *)a, e->ev.ret, true);
			break;
		case SWOLL_ARG_BYTES_PTR_LEN:
			if (!bpf_probe_read_user(&l32, sizeof(l32), (const void *)arg_at(e, sz)))
				capture_bytes(e, i, (const void *)a, l32, true);
			break;
		case SWOLL_ARG_ARGV_COUNT:
			capture_count(e, i, (const char *const *)a);
			break;
		case SWOLL_ARG_BYTES_ARG_COUNT:
			capture_bytes(e, i, (const void *)a, (arg_at(e, sz & 0xff) & 0xffff) * (sz >> 8), true);
			break;
		case SWOLL_ARG_BYTES_FIXED:
			capture_bytes(e, i, (const void *)a, sz, false);
			break;
		case SWOLL_ARG_IOVEC:
			left = arg_at(e, sz & 0xff);
			if (left > SWOLL_IOV_MAX)
				left = SWOLL_IOV_MAX;
			if (!capture_bytes_as(e, ITEM(i, SWOLL_CAP_BYTES, 0, 0), a, left * sizeof(struct iovec)))
				break;
			capture_iov_data(e, i, 0, a, left,
					 (sz & SWOLL_SIZE_RET_BOUND) ? (e->ev.ret > 0 ? e->ev.ret : 0) : ~0ULL);
			break;
		case SWOLL_ARG_MSGHDR:
			if (!capture_bytes_as(e, ITEM(i, SWOLL_CAP_BYTES, 0, 0), a, sizeof(struct user_msghdr)))
				break;
			capture_msg_parts(e, i, 0, (const void *)a,
					  (sz & SWOLL_SIZE_RET_BOUND) ? (e->ev.ret > 0 ? e->ev.ret : 0) : ~0ULL);
			break;
		case SWOLL_ARG_MMSGHDR: {
			struct mmsg_walk w = { .e = e, .umsgs = a, .bound = sz & SWOLL_SIZE_RET_BOUND, .arg = i };

			left = arg_at(e, sz & 0xff);
			if ((sz & SWOLL_SIZE_RET_BOUND) && (__u64)e->ev.ret < left)
				left = e->ev.ret > 0 ? e->ev.ret : 0;
			if (left > SWOLL_MMSG_MAX)
				left = SWOLL_MMSG_MAX;
			if (!capture_bytes_as(e, ITEM(i, SWOLL_CAP_BYTES, 0, 0), a, left * sizeof(struct mmsghdr)))
				break;
			bpf_loop(left, mmsg_element, &w, 0);
			break;
		}
		case SWOLL_ARG_FLOCK:
			if (is_lock_cmd(e->ev.args[1]))
				capture_bytes(e, i, (const void *)a, sz, false);
			break;
		case SWOLL_ARG_CLONE_ARGS:
			capture_clone_args(e, i, a, arg_at(e, sz));
			break;
		case SWOLL_ARG_IOCTL:
			l32 = ioctl_size(e->ev.args[1]);
			if (l32)
				capture_bytes(e, i, (const void *)a, l32, true);
			break;
		}
	}
	return 0;
}

static __always_inline void capture_args(struct task_entry *e, struct swoll_capture_spec *spec,
					 enum capture_phase phase)
{
	struct arg_walk w = { .e = e, .spec = spec, .phase = phase };
	__u32 n = 6;

	/* most calls capture nothing (the map holds zeros for them), and most
	 * that do stop before the sixth argument: walk only up to the last */
	while (n > 0 && !spec->args[(n - 1) & 7])
		n--;
	if (n)
		bpf_loop(n, capture_arg, &w, 0);
}

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

		bpf_probe_read_kernel(&up, sizeof(up), &tpid->numbers[level & 31]);
		if (up.ns)
			ev->pid_ns = BPF_CORE_READ(up.ns, ns.inum);
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
	__u32 tgid;
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
	if (!spec || !(spec->flags & (SWOLL_SPEC_CAPTURE_AT_ENTER | SWOLL_SPEC_EMIT_AT_ENTER | SWOLL_SPEC_SOME_AT_ENTER)))
		return 0;
	if (!(spec->flags & (SWOLL_SPEC_CAPTURE_AT_ENTER | SWOLL_SPEC_EMIT_AT_ENTER))) {
		e->cap_phase = SWOLL_CAPF_ENTRY;
		capture_args(e, spec, AT_ENTRY);
		e->cap_phase = 0;
		return 0;
	}
	if (spec->flags & SWOLL_SPEC_EMIT_AT_ENTER) {
		/* no result ever comes: rules that want failures only skip it */
		e->ev.rules = match_result(r, m, 0);
		if (!e->ev.rules) {
			e->ev.kind = 0;
			return 0;
		}
	}
	capture_args(e, spec, ALL_AT_ENTRY);
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
	__u32 nr;
	__u64 m;

	if (seccomp_record)
		seccomp_exit(bpf_get_current_task_btf(), regs, syscall_nr_of(regs), ret);
	if (!r)
		return 0;
	nr = (__u32)syscall_nr_of(regs);
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
