/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the probe copies of a call's user memory (the capture area of
 * struct task_entry), per struct swoll_capture_spec: strings, argv, fixed
 * and sized buffers, I/O vectors with their elements' bytes, message
 * headers and their parts, struct flock and ioctl structs. Included by
 * swoll.bpf.c after struct task_entry, the capture limits and count().
 */
#ifndef SWOLL_CAPTURE_BPF_H
#define SWOLL_CAPTURE_BPF_H
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

/*
 * Copy one user string into the capture area, at most limit bytes (str_max
 * for strings, SWOLL_PATH_MAX for paths); false once the budget is gone.
 */
static __always_inline bool capture_str_at(struct task_entry *e, __u8 arg, __u8 kind, __u16 index,
					   const char *uptr, __u32 limit)
{
	struct swoll_capture *c = capture_begin(e, arg, kind, 0);
	__u32 off, room, want;
	long n;

	if (!c)
		return false;
	c->index = index;
	off = e->cap_used & (SWOLL_CAP_BUDGET - 1);
	/* Read two bytes past the limit: a longer result then proves
	 * truncation instead of an exact fit. */
	room = SWOLL_CAP_BUDGET - off;
	want = limit + 2;
	if (want > room)
		want = room;
	if (want > SWOLL_CAP_BUDGET)
		want = SWOLL_CAP_BUDGET;
	n = bpf_probe_read_user_str(&e->cap[off], want, uptr);
	if (n < 0 && want == limit + 2) {
		/* An unreadable page before the NUL: the string is still known
		 * when the bytes up to one past the limit can be read (strace's
		 * rule too), and it is then longer than the limit. */
		want -= 1;
		n = bpf_probe_read_user_str(&e->cap[off], want, uptr);
		if (n == want) {
			c->flags |= SWOLL_CAPF_TRUNCATED;
			n = limit;
			c->len = n;
			e->cap_used = off + ((n + 7) & ~7);
			return true;
		}
	}
	if (n <= 0) {
		c->flags = SWOLL_CAPF_FAULT | e->cap_phase;
		count(SWOLL_CTR_CAPTURE_FAULT);
		if (kind == SWOLL_CAP_ARGV_ITEM) {
			/* the pointer itself, which strace prints for an argv string it cannot read */
			*(__u64 *)&e->cap[off] = (__u64)uptr;
			c->len = 8;
			e->cap_used = off + 8;
		} else if (n < 0) {
			/* Still a fault, but keep what lies before the unreadable
			 * page: a decoder that reads at most that many bytes
			 * (reboot's 255, memfd_create's 250) has all it needs. */
			__u32 page_rest = 4096 - ((unsigned long)uptr & 4095);

			if (page_rest < want && !bpf_probe_read_user(&e->cap[off], page_rest, uptr)) {
				c->flags |= SWOLL_CAPF_TRUNCATED;
				c->len = page_rest;
				e->cap_used = off + ((page_rest + 7) & ~7);
			}
		}
		return true;
	}
	n -= 1; /* drop the NUL */
	if (n > limit) {
		n = limit;
		c->flags |= SWOLL_CAPF_TRUNCATED;
	} else if (n + 1 >= want && want < limit + 2) {
		/* cut short by the event budget, not by the limit */
		c->flags |= SWOLL_CAPF_TRUNCATED;
		e->ev.flags |= SWOLL_EVF_CAPTURE_EXHAUSTED;
	}
	c->len = n;
	e->cap_used = off + ((n + 7) & ~7);
	return true;
}

static __always_inline bool capture_str(struct task_entry *e, __u8 arg, __u8 kind,
					const char *uptr, __u32 limit)
{
	return capture_str_at(e, arg, kind, 0, uptr, limit);
}

/* Walking a char *const[] with bpf_loop: the verifier checks one element, not every one. */
struct argv_walk {
	struct task_entry *e;
	const char *const *uargv;
	__u8 arg;
};

/* One argv entry: its string; past argv_max an empty More item; where the array stops being
 * readable, a More|Fault item holding that address; an empty array, an End item. */
static long argv_element(__u64 k, void *ctx)
{
	struct argv_walk *w = ctx;
	struct task_entry *e = w->e;
	struct swoll_capture *c;
	const char *p;

	if (bpf_probe_read_user(&p, sizeof(p), &w->uargv[k])) {
		c = capture_begin(e, w->arg, SWOLL_CAP_ARGV_ITEM, SWOLL_CAPF_FAULT | SWOLL_CAPF_MORE);
		if (c) {
			*(__u64 *)&e->cap[e->cap_used & (SWOLL_CAP_BUDGET - 1)] = (__u64)&w->uargv[k];
			c->len = 8;
			e->cap_used += 8;
		}
		return 1;
	}
	if (!p) {
		if (k == 0)
			capture_begin(e, w->arg, SWOLL_CAP_ARGV_ITEM, SWOLL_CAPF_END);
		return 1;
	}
	if (k >= argv_max) {
		/* more entries than we keep: say so with an empty item */
		capture_begin(e, w->arg, SWOLL_CAP_ARGV_ITEM, SWOLL_CAPF_MORE);
		return 1;
	}
	return capture_str(e, w->arg, SWOLL_CAP_ARGV_ITEM, p, str_max) ? 0 : 1;
}

static __always_inline void capture_argv(struct task_entry *e, __u8 arg, const char *const *uargv)
{
	struct argv_walk w = { .e = e, .uargv = uargv, .arg = arg };

	bpf_loop(SWOLL_ARGV_LIMIT + 1, argv_element, &w, 0);
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
/* With ITEM(): a read that faults keeps the readable part before the failing page (arrays).
 * Structs (reads not capped at str_max) keep it too; a capped buffer or string that faults
 * stays empty, so that a flood of faulting calls does not fill the rings with their bytes. */
#define ITEM_PARTIAL (1U << 30)

__noinline int capture_bytes_as(struct task_entry *e, __u32 item, __u64 uaddr, __u64 len)
{
	const void *uptr = (const void *)uaddr;
	__u8 arg = item & 0xff, kind = (item >> 8) & 0xff;
	__u16 index = (item >> 16) & 0x3fff;
	bool capped = item >> 31;
	bool partial = (item & ITEM_PARTIAL) != 0 || !capped;
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
	if (flags) {
		/* strace reads one byte past what it shows, to know that more
		 * follows: where that byte cannot be read, it shows the address */
		__u8 past;

		if (bpf_probe_read_user(&past, 1, uptr + len)) {
			c->flags = SWOLL_CAPF_FAULT | e->cap_phase;
			count(SWOLL_CTR_CAPTURE_FAULT);
			return 1;
		}
	}
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
		/* for an array, with the fault flag, what lies before the page the read failed in, if
		 * that is readable: it shows its elements up to there, as strace shows the readable
		 * part of an array (at most one page boundary falls within the budget) */
		__u32 head = 4096 - (uaddr & 4095);

		c->flags = SWOLL_CAPF_FAULT | e->cap_phase;
		count(SWOLL_CTR_CAPTURE_FAULT);
		if (partial && head < want && !bpf_probe_read_user(&e->cap[off], head & (SWOLL_CAP_BUDGET - 1), uptr)) {
			c->len = head;
			e->cap_used = off + ((head + 7) & ~7);
		}
		return 1;
	}
	c->len = want;
	e->cap_used = off + ((want + 7) & ~7);
	return want == len;
}

/*
 * How many elements of an array to capture: as many as strace prints (-s
 * counts the elements of arrays). strace reads the one after them to know
 * that more follow; when that one cannot be read, it is captured too, so
 * that the item ends in a fault as strace's reading does.
 */
static __always_inline __u64 shown_elements(__u64 uaddr, __u64 count, __u64 elem)
{
	__u64 next;
	__u8 probe;

	if (count <= str_max)
		return count;
	next = uaddr + str_max * elem;
	if (bpf_probe_read_user(&probe, 1, (const void *)next) ||
	    bpf_probe_read_user(&probe, 1, (const void *)(next + elem - 1)))
		return str_max + 1;
	return str_max;
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
	/* ~0: no bound (inputs), whatever lengths the elements claim */
	if (w->left != ~0ULL)
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

/* One struct user_msghdr at `um`: its name (at most `name_max` bytes: the
 * length the caller gave, which the kernel reports past), iovec array,
 * element bytes (at most `left` in all) and control data (at most
 * SWOLL_CONTROL_MAX bytes), as items tagged `index`. */
static __always_inline void capture_msg_parts(struct task_entry *e, __u8 arg, __u16 index,
					      const struct user_msghdr *um, __u64 left, __u32 name_max)
{
	struct user_msghdr m;
	__u64 n;

	if (!e || bpf_probe_read_user(&m, sizeof(m), um))
		return;
	if (m.msg_name && m.msg_namelen > 0) {
		n = (__u32)m.msg_namelen;
		if (n > name_max)
			n = name_max;
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
		capture_bytes_as(e, ITEM(arg, SWOLL_CAP_MSG_CONTROL, index, 0), (__u64)m.msg_control,
				 m.msg_controllen > SWOLL_CONTROL_MAX ? SWOLL_CONTROL_MAX : m.msg_controllen);
}

/* capture_msg_parts as a global function: the verifier checks it once, not
 * once per caller (MSGHDR and each mmsghdr element). `arg_index`: the
 * argument, and the message << 8. */
__noinline int capture_msg(struct task_entry *e, __u32 arg_index, __u64 um, __u64 left, __u32 name_max)
{
	capture_msg_parts(e, arg_index & 0xff, (arg_index >> 8) & 0xffff, (const struct user_msghdr *)um, left, name_max);
	return 0;
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
	capture_msg(w->e, w->arg | (__u32)(k & 0xffff) << 8, (__u64)&um->msg_hdr, w->bound ? len : ~0ULL, ~0U);
	return 0;
}

/* clone3's struct clone_args, and in the parent after the fork the
 * values the kernel wrote through its pidfd and parent_tid pointers. */
static __always_inline void capture_clone_args(struct task_entry *e, __u8 arg, __u64 uargs, __u64 size)
{
	__u64 head[4]; /* flags, pidfd, child_tid, parent_tid */
	__u64 tids[2]; /* set_tid, set_tid_size */

	/* the struct (88 bytes today) and what a caller may pass after it */
	if (!capture_bytes_as(e, ITEM(arg, SWOLL_CAP_BYTES, 0, 0), uargs, size > 128 ? 128 : size))
		return;
	/* the tids set_tid points to (at most 32, as the kernel takes them) */
	if (size >= 80 && !bpf_probe_read_user(tids, sizeof(tids), (const void *)(uargs + 64)) &&
	    tids[0] && tids[1] && tids[1] <= 32 &&
	    !capture_bytes_as(e, ITEM(arg, SWOLL_CAP_FIELD, 64, 0), tids[0], tids[1] * 4))
		return;
	if (e->ev.ret <= 0 || bpf_probe_read_user(head, sizeof(head), (const void *)uargs))
		return;
	if ((head[0] & 0x1000 /* CLONE_PIDFD */) && head[1] &&
	    !capture_bytes_as(e, ITEM(arg, SWOLL_CAP_FIELD, 8, 0), head[1], 4))
		return;
	if ((head[0] & 0x100000 /* CLONE_PARENT_SETTID */) && head[3])
		capture_bytes_as(e, ITEM(arg, SWOLL_CAP_FIELD, 24, 0), head[3], 4);
}

#define SWOLL_BPF_ARRAY_MAX 256 /* bytes of an array bpf's attr names */
#define SWOLL_BPF_SYMS_MAX 8     /* strings of BPF_TRACE_KPROBE_MULTI's syms */

/*
 * An array bpf's attr names (a Field item, index: the pointer's offset),
 * split at the page boundary as strace reads it element by element: the
 * part on the next page is its own item (index | 0x2000: ITEM keeps 14 bits), so a fault there
 * leaves the elements before it.
 */
static __always_inline void capture_bpf_array(struct task_entry *e, __u8 arg, __u16 index, __u64 uaddr, __u64 len)
{
	__u64 head;

	if (!uaddr || !len)
		return;
	if (len > SWOLL_BPF_ARRAY_MAX)
		len = SWOLL_BPF_ARRAY_MAX;
	head = 4096 - (uaddr & 4095);
	if (head > len)
		head = len;
	capture_bytes_as(e, ITEM(arg, SWOLL_CAP_FIELD, index, 0), uaddr, head);
	if (head < len)
		capture_bytes_as(e, ITEM(arg, SWOLL_CAP_FIELD, index | 0x2000, 0), uaddr + head, len - head);
}

struct bpf_syms_walk {
	struct task_entry *e;
	__u64 syms;
	__u8 arg;
};

/* One string of BPF_TRACE_KPROBE_MULTI's syms: a Str item, index k + 1. */
static long bpf_sym(__u64 k, void *ctx)
{
	struct bpf_syms_walk *w = ctx;
	__u64 p;

	if (bpf_probe_read_user(&p, sizeof(p), (const void *)(w->syms + k * 8)))
		return 1;
	if (p && !capture_str_at(w->e, w->arg, SWOLL_CAP_STR, (__u16)(k + 1), (const char *)p, str_max))
		return 1;
	return 0;
}

/*
 * What bpf(2)'s attr points to, for the commands strace shows it for: a
 * path or name (Str), the BTF blob or the program's log buffer (Field items,
 * index: the pointer's offset in the attr). Only the attr bytes the size
 * covers are read, as the kernel reads them.
 */
__noinline int capture_bpf_ptrs(struct task_entry *e, __u8 arg, __u64 uattr, __u32 size, __u32 cmd)
{
	__u64 w[6];

	if (!e)
		return 0;

	switch (cmd) {
	case 6: /* BPF_OBJ_PIN */
	case 7: /* BPF_OBJ_GET */
	case 17: /* BPF_RAW_TRACEPOINT_OPEN */
		if (size < 8 || bpf_probe_read_user(w, 8, (const void *)uattr) || !w[0])
			return 0;
		capture_str(e, arg, SWOLL_CAP_STR, (const char *)w[0], cmd == 17 ? str_max : SWOLL_PATH_MAX);
		break;
	case 18: /* BPF_BTF_LOAD: btf, btf_log_buf, btf_size */
		if (size < 20 || bpf_probe_read_user(w, 20, (const void *)uattr) || !w[0])
			return 0;
		capture_bytes_as(e, ITEM(arg, SWOLL_CAP_FIELD, 0, 1), w[0], (__u32)w[2]);
		break;
	case 28: /* BPF_LINK_CREATE: the arrays its union names for the attach type */
		if (size < 16 || bpf_probe_read_user(w, 16, (const void *)uattr))
			return 0;
		if ((__u32)w[1] == 28 /* BPF_TRACE_ITER: iter_info at 16, iter_info_len at 24 */) {
			if (size < 28 || bpf_probe_read_user(&w[2], 12, (const void *)(uattr + 16)))
				return 0;
			capture_bpf_array(e, arg, 16, w[2], (__u64)(__u32)w[3] * 4);
		} else if ((__u32)w[1] == 42 /* BPF_TRACE_KPROBE_MULTI: cnt at 20, syms, addrs, cookies at 24, 32, 40 */) {
			struct bpf_syms_walk sw = { .e = e, .arg = arg };
			__u64 n;

			if (size < 48 || bpf_probe_read_user(&w[2], 32, (const void *)(uattr + 16)))
				return 0;
			n = (__u32)(w[2] >> 32);
			sw.syms = w[3];
			capture_bpf_array(e, arg, 24, w[3], n * 8);
			capture_bpf_array(e, arg, 32, w[4], n * 8);
			capture_bpf_array(e, arg, 40, w[5], n * 8);
			if (w[3])
				bpf_loop(n < SWOLL_BPF_SYMS_MAX ? n : SWOLL_BPF_SYMS_MAX, bpf_sym, &sw, 0);
		}
		break;
	case 5: /* BPF_PROG_LOAD: license at 16, log_size at 28, log_buf at 32 */
		if (size < 40 || bpf_probe_read_user(w, 40, (const void *)uattr))
			return 0;
		if (w[2] && !capture_str(e, arg, SWOLL_CAP_STR, (const char *)w[2], str_max))
			return 0;
		if (w[4])
			capture_bytes_as(e, ITEM(arg, SWOLL_CAP_FIELD, 32, 1), w[4], (__u32)(w[3] >> 32));
		break;
	}
	return 0;
}

/*
 * What ptrace's data points to, for the requests strace shows it for: the
 * struct iovec of PTRACE_GETREGSET/PTRACE_SETREGSET (a Bytes item, at entry
 * and at exit), and the registers themselves (a Field item, index 0): what
 * the caller passes at entry (SET*; also PTRACE_SETSIGINFO's siginfo,
 * PTRACE_SETSIGMASK's sigset, PTRACE_SECCOMP_GET_METADATA's filter_off),
 * what the kernel wrote at exit (GET*, PTRACE_PEEKSIGINFO's siginfos, when
 * it succeeded).
 */
__noinline int capture_ptrace_data(struct task_entry *e, __u8 arg, __u64 udata)
{
	__u64 iov[2], from = udata, n = 0;
	__u32 req;
	bool entry, set;

	if (!e)
		return 0;
	req = (__u32)e->ev.args[0];
	entry = e->cap_phase & SWOLL_CAPF_ENTRY;
	switch (req) {
	case 0x4204: /* PTRACE_GETREGSET */
	case 0x4205: /* PTRACE_SETREGSET */
		capture_bytes_as(e, ITEM(arg, SWOLL_CAP_BYTES, 0, 0), udata, 16);
		if (bpf_probe_read_user(iov, sizeof(iov), (const void *)udata))
			return 0;
		from = iov[0];
		n = iov[1];
		break;
	case 12: /* PTRACE_GETREGS */
	case 13: /* PTRACE_SETREGS */
		n = 216; /* struct user_regs_struct */
		break;
	case 14: /* PTRACE_GETFPREGS */
	case 15: /* PTRACE_SETFPREGS */
		n = 512; /* struct user_i387_struct */
		break;
	case 0x4203: /* PTRACE_SETSIGINFO: siginfo_t */
		n = 128;
		break;
	case 0x420b: /* PTRACE_SETSIGMASK: addr bytes of sigset */
		n = e->ev.args[2];
		break;
	case 0x420d: /* PTRACE_SECCOMP_GET_METADATA: its filter_off, when addr says it is there */
		n = e->ev.args[2] >= 8 ? 8 : 0;
		break;
	case 0x4209: /* PTRACE_PEEKSIGINFO: the siginfo_t array it returned */
		n = e->ev.ret > 0 ? (__u64)e->ev.ret * 128 : 0;
		break;
	default:
		return 0;
	}
	/* SET* (and what the caller passes) at entry; GET* at exit, when the kernel wrote them */
	set = req == 13 || req == 15 || req == 0x4205 || req == 0x4203 || req == 0x420b || req == 0x420d;
	if (set ? !entry : (entry || e->ev.ret < 0))
		return 0;
	if (!from || !n)
		return 0;
	if (n > 512)
		n = 512;
	capture_bytes_as(e, ITEM(arg, SWOLL_CAP_FIELD, 0, 0), from, n);
	return 0;
}

/* fcntl's lock commands (F_GETLK, F_SETLK, F_SETLKW and the OFD ones), whose argument is a struct flock. */
static __always_inline bool is_lock_cmd(__u64 cmd)
{
	__u32 c = (__u32)cmd;

	/* F_GETLK..F_SETLKW, F_OFD_GETLK..F_OFD_SETLKW; F_SETOWN_EX and
	 * F_GETOWN_EX's struct f_owner_ex is read as far as it can be */
	return (c >= 5 && c <= 7) || (c >= 36 && c <= 38) || c == 15 || c == 16;
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

/* Counting a char *const[] with bpf_loop: the verifier checks one step, not every one. */
struct count_walk {
	const char *const *uargv;
	__u32 n;
	bool fault; /* a pointer could not be read before the NULL */
};

static long count_element(__u64 k, void *ctx)
{
	struct count_walk *w = ctx;
	const char *p;

	if (bpf_probe_read_user(&p, sizeof(p), &w->uargv[k])) {
		w->fault = true;
		return 1;
	}
	if (!p)
		return 1;
	w->n++;
	return 0;
}

static __always_inline void capture_count(struct task_entry *e, __u8 arg, const char *const *uargv)
{
	struct count_walk w = { .uargv = uargv };
	struct swoll_capture *c;
	__u16 flags;

	bpf_loop(SWOLL_ARGV_LIMIT * 4, count_element, &w, 0);
	/* unterminated: the pointers stopped being readable after n of them */
	flags = w.fault ? SWOLL_CAPF_FAULT : w.n >= SWOLL_ARGV_LIMIT * 4 ? SWOLL_CAPF_MORE : 0;
	c = capture_begin(e, arg, SWOLL_CAP_BYTES, flags);
	if (!c)
		return;
	*(__u32 *)&e->cap[e->cap_used & (SWOLL_CAP_BUDGET - 1)] = w.n;
	c->len = 4;
	e->cap_used += 8;
}

/* `len` bytes of a buffer whose length an argument gives (a global
 * function, verified once): capped at
 * str_max, for a socket address (SWOLL_SIZE_NAME) at SWOLL_NAME_MAX; a
 * socket option's value (SWOLL_SIZE_OPT) whole up to SWOLL_OPT_MAX, and
 * where it runs into a page that cannot be read (a length larger than the
 * buffer), the bytes before that page, flagged SHORT: a struct the
 * option names may still be all there. */
__noinline int capture_len(struct task_entry *e, __u32 arg, __u64 a, __u64 len, __u32 sz)
{
	__u32 item = ITEM(arg, SWOLL_CAP_BYTES, 0, 0), off, count;
	__u64 n, page_left;
	bool short_read = false;
	__u8 probe;

	if (!e)
		return 0;
	off = e->cap_used;
	count = e->ev.cap_count;
	if (sz & SWOLL_SIZE_NAME) {
		if (len > SWOLL_NAME_MAX)
			len = SWOLL_NAME_MAX;
	} else if (!(sz & SWOLL_SIZE_OPT)) {
		item = ITEM(arg, SWOLL_CAP_BYTES, 0, 1);
	} else {
		if (len > SWOLL_OPT_MAX)
			item = ITEM(arg, SWOLL_CAP_BYTES, 0, 1);
		n = len > SWOLL_OPT_MAX ? SWOLL_OPT_MAX : len;
		page_left = 4096 - (a & 4095);
		if (n > page_left && bpf_probe_read_user(&probe, 1, (const void *)(a + page_left))) {
			len = page_left > SWOLL_OPT_MAX ? SWOLL_OPT_MAX : page_left;
			item = ITEM(arg, SWOLL_CAP_BYTES, 0, 0);
			short_read = true;
		}
	}
	capture_bytes_as(e, item, a, len);
	if (short_read && e->ev.cap_count != count) {
		struct swoll_capture *c = (void *)&e->cap[off & (SWOLL_CAP_BUDGET - 1)];

		c->flags |= SWOLL_CAPF_SHORT;
	}
	return 0;
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
			capture_str(e, i, SWOLL_CAP_STR, (const char *)a, str_max);
			break;
		case SWOLL_ARG_PATH:
			capture_str(e, i, SWOLL_CAP_STR, (const char *)a, SWOLL_PATH_MAX);
			break;
		case SWOLL_ARG_ARGV:
			capture_argv(e, i, (const char *const *)a);
			break;
		case SWOLL_ARG_BYTES_ARG_LEN:
			capture_len(e, i, a, arg_at(e, sz & 0xff), sz);
			break;
		case SWOLL_ARG_PTRACE_DATA:
			capture_ptrace_data(e, i, a);
			break;
		case SWOLL_ARG_BPF_ATTR:
			/* the pointed-to data first: a page-sized attr would leave it no room */
			capture_bpf_ptrs(e, i, a, (__u32)arg_at(e, sz), (__u32)e->ev.args[0]);
			capture_bytes(e, i, (const void *)a, (__u32)arg_at(e, sz), false);
			break;
		case SWOLL_ARG_BYTES_RET_LEN:
			if (e->ev.ret > 0) {
				__u64 n = e->ev.ret;

				/* never past the buffer the caller passed, whatever the call returned */
				if ((sz & 0xff) && arg_at(e, (sz & 0xff) - 1) < n)
					n = arg_at(e, (sz & 0xff) - 1);
				capture_bytes(e, i, (const void *)a, n, !(sz & SWOLL_SIZE_UNCAPPED));
			}
			break;
		case SWOLL_ARG_BYTES_PTR_LEN:
			/* value-result: the kernel reports the full length but
			 * writes no more than the caller's buffer holds */
			if (bpf_probe_read_user(&l32, sizeof(l32), (const void *)arg_at(e, sz & 0xff)))
				l32 = ~0U;
			if (phase == AT_ENTRY) {
				e->len_at_entry = l32;
				break;
			}
			if ((spec_how & SWOLL_ARG_AT_BOTH) && e->len_at_entry < l32)
				l32 = e->len_at_entry;
			if (l32 != ~0U)
				capture_len(e, i, a, l32, sz);
			break;
		case SWOLL_ARG_ARGV_COUNT:
			capture_count(e, i, (const char *const *)a);
			break;
		case SWOLL_ARG_BYTES_ARG_COUNT:
			left = shown_elements(a, arg_at(e, sz & 0xff), sz >> 8);
			capture_bytes(e, i, (const void *)a, left * (sz >> 8), false);
			break;
		case SWOLL_ARG_BYTES_FIXED:
			capture_bytes(e, i, (const void *)a, sz, false);
			break;
		case SWOLL_ARG_IOVEC:
			left = shown_elements(a, arg_at(e, sz & 0xff), sizeof(struct iovec));
			if (left > SWOLL_IOV_MAX)
				left = SWOLL_IOV_MAX;
			if (!capture_bytes_as(e, ITEM(i, SWOLL_CAP_BYTES, 0, 0), a, left * sizeof(struct iovec)))
				break;
			capture_iov_data(e, i, 0, a, left,
					 (sz & SWOLL_SIZE_RET_BOUND) ? (e->ev.ret > 0 ? e->ev.ret : 0) : ~0ULL);
			break;
		case SWOLL_ARG_MSGHDR:
			if (phase == AT_ENTRY) {
				/* value-result msg_namelen: the header as the caller passed it */
				if (bpf_probe_read_user(&l32, sizeof(l32), &((const struct user_msghdr *)a)->msg_namelen))
					l32 = ~0U;
				e->len_at_entry = l32;
				capture_bytes_as(e, ITEM(i, SWOLL_CAP_BYTES, 0, 0), a, sizeof(struct user_msghdr));
				break;
			}
			if (!capture_bytes_as(e, ITEM(i, SWOLL_CAP_BYTES, 0, 0), a, sizeof(struct user_msghdr)))
				break;
			capture_msg(e, i, a, (sz & SWOLL_SIZE_RET_BOUND) ? (e->ev.ret > 0 ? e->ev.ret : 0) : ~0ULL,
				    (spec_how & SWOLL_ARG_AT_BOTH) ? e->len_at_entry : ~0U);
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
		case SWOLL_ARG_ARRAY:
			left = arg_at(e, sz & 0x7) & 0xffffffff;
			/* at exit with SWOLL_SIZE_EXIT_ALL: every element the budget holds */
			l32 = (sz & SWOLL_SIZE_EXIT_ALL) && phase == AT_EXIT ? SWOLL_CAP_BUDGET : str_max;
			capture_bytes_as(e, ITEM(i, SWOLL_CAP_BYTES, 0, 0) | ITEM_PARTIAL, a, (left < l32 ? left : l32) * (sz >> 8));
			break;
		case SWOLL_ARG_FDSET:
			l32 = (__u32)arg_at(e, sz);
			if ((__s32)l32 > 0) {
				left = (((__u64)l32 + 63) / 64) * 8;
				/* three sets, at entry and at exit, share the event's budget (shorter: the decoder says so) */
				if (left > SWOLL_FDSET_MAX)
					left = SWOLL_FDSET_MAX;
				capture_bytes(e, i, (const void *)a, left, false);
			}
			break;
		case SWOLL_ARG_PTR_LEN: {
			__u64 pl[2];

			if (!capture_bytes_as(e, ITEM(i, SWOLL_CAP_BYTES, 0, 0), a, sizeof(pl)) ||
			    bpf_probe_read_user(pl, sizeof(pl), (const void *)a))
				break;
			if (pl[0] && pl[1] && pl[1] <= sz)
				capture_bytes_as(e, ITEM(i, SWOLL_CAP_FIELD, 0, 0), pl[0], pl[1]);
			break;
		}
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
					 __u32 phase)
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

#endif
