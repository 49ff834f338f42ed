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

/* One SWOLL_CAP_FD item describing descriptor `fd` of the current task. */
static __always_inline void capture_fd(struct task_entry *e, __u8 arg, __u16 index, long fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct swoll_capture *c;
	struct swoll_fd_info *d;
	struct file *f;
	struct inode *inode;
	__u32 off;

	if (e->cap_used > SWOLL_CAP_BUDGET - sizeof(*c) - sizeof(*d) - 8) {
		e->ev.flags |= SWOLL_EVF_CAPTURE_EXHAUSTED;
		return;
	}
	c = capture_begin(e, arg, SWOLL_CAP_FD, 0);
	if (!c)
		return;
	c->index = index;
	off = e->cap_used & (SWOLL_CAP_BUDGET - 1);
	d = (void *)&e->cap[off];
	__builtin_memset(d, 0, sizeof(*d));
	c->len = sizeof(*d);
	e->cap_used = off + sizeof(*d);
	f = fd_file(task, fd);
	if (!f)
		return;
	inode = BPF_CORE_READ(f, f_inode);
	if (!inode)
		return;
	d->ino = BPF_CORE_READ(inode, i_ino);
	d->mode = BPF_CORE_READ(inode, i_mode);
	d->rdev = BPF_CORE_READ(inode, i_rdev);
	bpf_probe_read_kernel_str(d->name, sizeof(d->name), BPF_CORE_READ(f, f_path.dentry, d_name.name));
	if ((d->mode & FDI_S_IFMT) == FDI_S_IFSOCK)
		describe_socket(d, f);
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
			capture_fd(e, i, 0, (int)e->ev.args[i]);
}

/* At exit: a descriptor result, and the two a pipe2 or socketpair wrote. */
static __always_inline void capture_fd_result(struct task_entry *e, struct swoll_capture_spec *spec)
{
	__u8 fds = spec->fds;
	int pair[2];

	if ((fds & SWOLL_FD_RESULT) && e->ev.ret >= 0)
		capture_fd(e, SWOLL_FD_RET, 0, e->ev.ret);
	if (!(fds & SWOLL_FD_PAIR) || e->ev.ret != 0)
		return;
#pragma unroll
	for (int i = 0; i < 6; i++)
		if (fds & (1 << i)) {
			if (bpf_probe_read_user(pair, sizeof(pair), (const void *)e->ev.args[i]))
				return;
			capture_fd(e, i, 0, pair[0]);
			capture_fd(e, i, 1, pair[1]);
			return;
		}
}

#endif
