/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * strace -y in the kernel: what a descriptor refers to, read from the
 * calling task's file table at the call (struct swoll_fd_info, one
 * SWOLL_CAP_FD item each). Descriptor arguments are described at entry
 * (close's is gone at exit), results and pipe2's pair at exit. Which
 * descriptors: swoll_capture_spec.fds, written by user space only when a
 * stream asks (-y); otherwise 0 and nothing here runs. Included by
 * swoll.bpf.c after capture.bpf.h.
 */
#ifndef SWOLL_FDINFO_BPF_H
#define SWOLL_FDINFO_BPF_H

#define FDI_S_IFMT 00170000
#define FDI_S_IFSOCK 0140000
#define FDI_S_IFIFO 0010000
#define FDI_AT_FDCWD -100
#define FDI_AF_UNIX 1
#define FDI_AF_INET 2
#define FDI_AF_INET6 10

static __always_inline struct file *fd_file(struct task_struct *task, long fd)
{
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **arr, *f = NULL;

	if (!fdt || fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	arr = BPF_CORE_READ(fdt, fd);
	if (bpf_probe_read_kernel(&f, sizeof(f), &arr[fd]))
		return NULL;
	return f;
}

static __always_inline void describe_socket(struct swoll_fd_info *d, struct file *f)
{
	struct socket *sock = BPF_CORE_READ(f, private_data);
	struct sock *sk = sock ? BPF_CORE_READ(sock, sk) : NULL;

	if (!sk)
		return;
	d->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	d->type = BPF_CORE_READ(sk, sk_type);
	d->protocol = BPF_CORE_READ(sk, sk_protocol);
	if (d->family == FDI_AF_INET || d->family == FDI_AF_INET6) {
		d->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
		d->dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (d->family == FDI_AF_INET) {
			__u32 a = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);

			__builtin_memcpy(d->saddr, &a, sizeof(a));
			a = BPF_CORE_READ(sk, __sk_common.skc_daddr);
			__builtin_memcpy(d->daddr, &a, sizeof(a));
		} else {
			BPF_CORE_READ_INTO(&d->saddr, sk, __sk_common.skc_v6_rcv_saddr);
			BPF_CORE_READ_INTO(&d->daddr, sk, __sk_common.skc_v6_daddr);
		}
	} else if (d->family == FDI_AF_UNIX) {
		struct sock *peer = BPF_CORE_READ((struct unix_sock *)sk, peer);
		struct socket *ps = peer ? BPF_CORE_READ(peer, sk_socket) : NULL;

		if (ps)
			d->peer_ino = BPF_CORE_READ((struct socket_alloc *)ps, vfs_inode.i_ino);
	}
}

#define FDI_PATH_DEPTH 32        /* names walked up from a file to the root */
#define FDI_NAME_MAX 256

/*
 * The names from dentry d (on mount vm) up to the root of its mount namespace,
 * crossing mount points, last first (as d_path would walk them): one
 * SWOLL_CAP_FD_PATH item, flagged Truncated when the walk stopped short
 * (deeper than FDI_PATH_DEPTH, longer than str_max, or the budget).
 */
static __always_inline void capture_fd_path(struct task_entry *e, __u8 arg, __u16 index, struct dentry *d, struct vfsmount *vm)
{
	struct mount *mnt = (void *)vm - bpf_core_field_offset(struct mount, mnt);
	struct swoll_capture *c = capture_begin(e, arg, SWOLL_CAP_FD_PATH, 0);
	__u32 start, off;
	int i;

	if (!c)
		return;
	c->index = index;
	start = e->cap_used & (SWOLL_CAP_BUDGET - 1);
	off = start;
	for (i = 0; i < FDI_PATH_DEPTH; i++) {
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		long n;

		if (d == BPF_CORE_READ(vm, mnt_root)) {
			struct mount *up = BPF_CORE_READ(mnt, mnt_parent);

			if (up == mnt)
				break;
			d = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = up;
			vm = &up->mnt;
			continue;
		}
		if (d == parent)
			break;
		if (off >= SWOLL_CAP_BUDGET - FDI_NAME_MAX || off - start > str_max) {
			c->flags |= SWOLL_CAPF_TRUNCATED;
			break;
		}
		n = bpf_probe_read_kernel_str(&e->cap[off & (SWOLL_CAP_BUDGET - 1)], FDI_NAME_MAX, BPF_CORE_READ(d, d_name.name));
		if (n <= 0)
			break;
		off += n;
		d = parent;
	}
	if (i == FDI_PATH_DEPTH)
		c->flags |= SWOLL_CAPF_TRUNCATED;
	c->len = off - start;
	e->cap_used = start + ((off - start + 7) & ~7);
}

/*
 * One SWOLL_CAP_FD item describing descriptor `fd` of the current task
 * (and a SWOLL_CAP_FD_PATH item for a file with a path). `item` packs
 * the item's argument and index (arg | index << 8). A global function:
 * the verifier checks it once, not once per descriptor of each call.
 */
__noinline int capture_fd(struct task_entry *e, __u32 item, long fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u8 arg = item & 0xff;
	__u16 index = (item >> 8) & 0xff;
	struct swoll_capture *c;
	struct swoll_fd_info *d;
	struct file *f;
	struct inode *inode;
	__u32 off, type;

	if (!e)
		return 0;
	if (e->cap_used > SWOLL_CAP_BUDGET - sizeof(*c) - sizeof(*d) - 8) {
		e->ev.flags |= SWOLL_EVF_CAPTURE_EXHAUSTED;
		return 0;
	}
	c = capture_begin(e, arg, SWOLL_CAP_FD, 0);
	if (!c)
		return 0;
	c->index = index;
	off = e->cap_used & (SWOLL_CAP_BUDGET - 1);
	d = (void *)&e->cap[off];
	__builtin_memset(d, 0, sizeof(*d));
	c->len = sizeof(*d);
	e->cap_used = off + sizeof(*d);
	if (fd == FDI_AT_FDCWD) {
		/* a directory argument of AT_FDCWD: the working directory */
		struct dentry *pwd = BPF_CORE_READ(task, fs, pwd.dentry);

		if (!pwd)
			return 0;
		d->ino = BPF_CORE_READ(pwd, d_inode, i_ino);
		d->mode = BPF_CORE_READ(pwd, d_inode, i_mode);
		capture_fd_path(e, arg, index, pwd, BPF_CORE_READ(task, fs, pwd.mnt));
		return 0;
	}
	f = fd_file(task, fd);
	if (!f)
		return 0;
	inode = BPF_CORE_READ(f, f_inode);
	if (!inode)
		return 0;
	d->ino = BPF_CORE_READ(inode, i_ino);
	d->mode = BPF_CORE_READ(inode, i_mode);
	d->rdev = BPF_CORE_READ(inode, i_rdev);
	bpf_probe_read_kernel_str(d->name, sizeof(d->name), BPF_CORE_READ(f, f_path.dentry, d_name.name));
	type = d->mode & FDI_S_IFMT;
	if (type == FDI_S_IFSOCK)
		describe_socket(d, f);
	/* pipes and anonymous inodes are named without a path; a named FIFO has one */
	else if (type && (type != FDI_S_IFIFO || d->name[0]))
		capture_fd_path(e, arg, index, BPF_CORE_READ(f, f_path.dentry), BPF_CORE_READ(f, f_path.mnt));
	return 0;
}

/* At entry: each descriptor argument. */
static __always_inline void capture_fd_args(struct task_entry *e, struct swoll_capture_spec *spec)
{
	__u8 fds = spec->fds;

	if (!(fds & SWOLL_FD_ARGS) || (fds & SWOLL_FD_PAIR))
		return;
#pragma unroll
	for (int i = 0; i < 6; i++)
		if (fds & (1 << i))
			capture_fd(e, i, (int)e->ev.args[i]);
}

/* At exit: a descriptor result, and the two a pipe2 or socketpair wrote. */
static __always_inline void capture_fd_result(struct task_entry *e, struct swoll_capture_spec *spec)
{
	__u8 fds = spec->fds;
	int pair[2];

	if ((fds & SWOLL_FD_RESULT) && e->ev.ret >= 0)
		capture_fd(e, SWOLL_FD_RET, e->ev.ret);
	if (!(fds & SWOLL_FD_PAIR) || e->ev.ret != 0)
		return;
#pragma unroll
	for (int i = 0; i < 6; i++)
		if (fds & (1 << i)) {
			if (bpf_probe_read_user(pair, sizeof(pair), (const void *)e->ev.args[i]))
				return;
			capture_fd(e, i, pair[0]);
			capture_fd(e, i | 1 << 8, pair[1]);
			return;
		}
}

#endif
