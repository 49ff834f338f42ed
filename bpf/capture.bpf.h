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
	if (n <= 0) {
		c->flags = SWOLL_CAPF_FAULT | e->cap_phase;
		count(SWOLL_CTR_CAPTURE_FAULT);
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
		if (!capture_str(e, arg, SWOLL_CAP_ARGV_ITEM, p, str_max))
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

#define SWOLL_BPF_ARRAY_MAX 256 /* bytes of an array bpf's attr names */
#define SWOLL_BPF_SYMS_MAX 8     /* strings of BPF_TRACE_KPROBE_MULTI's syms */

/*
 * An array bpf's attr names (a Field item, index: the pointer's offset),
 * split at the page boundary as strace reads it element by element: the
 * part on the next page is its own item (index | 0x4000), so a fault there
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
		capture_bytes_as(e, ITEM(arg, SWOLL_CAP_FIELD, index | 0x4000, 0), uaddr + head, len - head);
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
			capture_str(e, i, SWOLL_CAP_STR, (const char *)a, str_max);
			break;
		case SWOLL_ARG_PATH:
			capture_str(e, i, SWOLL_CAP_STR, (const char *)a, SWOLL_PATH_MAX);
			break;
		case SWOLL_ARG_ARGV:
			capture_argv(e, i, (const char *const *)a);
			break;
		case SWOLL_ARG_BYTES_ARG_LEN:
			capture_bytes(e, i, (const void *)a, arg_at(e, sz), true);
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
				if (sz && arg_at(e, sz - 1) < n)
					n = arg_at(e, sz - 1);
				capture_bytes(e, i, (const void *)a, n, true);
			}
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
