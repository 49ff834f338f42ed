// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Output descriptors without blocking. The tracer's stdout may be a pipe
 * whose reader stalls (a paused `less`); a blocking write(2) would keep the
 * process inside the kernel, where neither SIGINT nor SIGTERM reach the
 * JavaScript that detaches the probe. Setting O_NONBLOCK would change the
 * descriptor for everyone sharing it (the shell's terminal), so each write
 * asks for "no wait" itself (RWF_NOWAIT; pipes honour it). Included by shim.c.
 */
#include <poll.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#ifndef RWF_NOWAIT
#define RWF_NOWAIT 0x00000008
#endif

/* Bytes written (>= 0), -EAGAIN when the write would block, -EOPNOTSUPP
 * when this kind of file cannot say (the caller then writes normally),
 * or another -errno (-EPIPE: the reader is gone). */
EXPORT int64_t swoll_write_nowait(int32_t fd, const uint8_t *buf, uint32_t len)
{
	struct iovec v = { .iov_base = (void *)buf, .iov_len = len };
	/* the raw call: shim.c's headers come without _GNU_SOURCE; offset -1 = the file position */
	long n = syscall(SYS_pwritev2, fd, &v, 1, -1L, 0L, RWF_NOWAIT);

	return n < 0 ? -errno : n;
}

/* poll(2) on one descriptor: its revents (POLLOUT, POLLERR, POLLHUP), or -errno. */
EXPORT int32_t swoll_fd_poll(int32_t fd, int16_t events, int32_t timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r = poll(&p, 1, timeout_ms);

	if (r < 0)
		return -errno;
	return r == 0 ? 0 : p.revents;
}
