// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Dropping capabilities once the probe is attached (swoll trace, swoll
 * serve): plain capget/capset/prctl system calls, no libcap.
 *
 * Capabilities, the bounding and ambient sets and no_new_privs belong to
 * each thread, and Bun runs several (JIT workers, GC helpers, the
 * allocator's scavenger). So the calling thread drops first, then every
 * other thread is asked to drop the same from a signal handler, the way
 * glibc applies setuid() to all threads, and /proc/self/task/<tid>/status
 * is read back to confirm each one did. The request travels on SIGSYS: Bun's
 * allocator thread blocks every signal except the fatal ones, SIGSYS and
 * glibc's two internal ones. SIGSYS's own handler (Bun's crash reporter) is
 * chained for any SIGSYS that does not come from here, and put back once
 * every thread has answered.
 *
 * Included by shim.c.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/capability.h>

#ifndef CAP_BPF
#define CAP_BPF 39
#endif
#define CAPS_SIGNAL SIGSYS
/* SWOLL_CAPS_KEEP_BPF_IF_GATED (bpf/events.h): keep CAP_BPF when this
 * kernel checks it on every bpf() call, map updates included
 * (kernel.unprivileged_bpf_disabled before Linux 6.5) */
#define CAPS_ROUNDS 5
#define CAPS_WAIT_MS 2000

struct caps_sets {
	uint64_t eff, prm, inh;
};

static uint64_t caps_keep;
/* the user every thread switches to, or -1 to keep the current one */
static long caps_uid = -1, caps_gid = -1;
static int caps_last = 40;
static int caps_acks;
static int caps_errno;
static struct sigaction caps_prev;

static int caps_get(struct caps_sets *s)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -errno;
	s->eff = d[0].effective | (uint64_t)d[1].effective << 32;
	s->prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	s->inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	return 0;
}

static int caps_set(const struct caps_sets *s)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = {
		{ (uint32_t)s->eff, (uint32_t)s->prm, (uint32_t)s->inh },
		{ (uint32_t)(s->eff >> 32), (uint32_t)(s->prm >> 32), (uint32_t)(s->inh >> 32) },
	};

	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

/* This thread keeps `keep` (what of it it holds) and nothing else, for
 * good: async-signal-safe, system calls only. */
static int caps_apply(uint64_t keep)
{
	struct caps_sets now, want;
	int cap, rc;

	if (syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L))
		return -errno;
	rc = caps_get(&now);
	if (rc)
		return rc;
	keep &= now.prm;
	/* the bounding set needs CAP_SETPCAP, so it goes first; without it,
	 * no_new_privs still keeps programs we run from gaining anything */
	if (now.eff & (1ULL << CAP_SETPCAP))
		for (cap = 0; cap <= caps_last && cap < 64; cap++)
			if (!(keep & (1ULL << cap)) &&
			    syscall(SYS_prctl, PR_CAPBSET_DROP, (long)cap, 0L, 0L, 0L) && errno != EINVAL)
				return -errno;
	if (syscall(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0L, 0L, 0L) && errno != EINVAL)
		return -errno;
	/* raw system calls: glibc's wrappers would signal every thread from a
	 * signal handler; here each thread changes its own credentials. Groups
	 * and gid first, while CAP_SETGID is still there; the uid change from
	 * 0 empties the permitted and effective sets. */
	if (caps_gid >= 0) {
		if (syscall(SYS_setgroups, 0L, NULL) || syscall(SYS_setresgid, caps_gid, caps_gid, caps_gid))
			return -errno;
	}
	if (caps_uid >= 0 && syscall(SYS_setresuid, caps_uid, caps_uid, caps_uid))
		return -errno;
	want.eff = keep;
	want.prm = keep;
	want.inh = 0;
	return caps_set(&want);
}

static void caps_on_signal(int sig, siginfo_t *si, void *uc)
{
	int saved = errno;

	if (si->si_code == SI_TKILL && si->si_pid == getpid()) {
		int rc = caps_apply(caps_keep);

		if (rc)
			__atomic_store_n(&caps_errno, -rc, __ATOMIC_RELAXED);
		__atomic_add_fetch(&caps_acks, 1, __ATOMIC_RELEASE);
	} else if (caps_prev.sa_flags & SA_SIGINFO) {
		if (caps_prev.sa_sigaction)
			caps_prev.sa_sigaction(sig, si, uc);
	} else if (caps_prev.sa_handler != SIG_DFL && caps_prev.sa_handler != SIG_IGN) {
		caps_prev.sa_handler(sig);
	}
	errno = saved;
}

/* A thread's CapEff, CapPrm, NoNewPrivs and effective uid from /proc; 0 if it is gone. */
static int caps_of_thread(int tid, uint64_t *eff, uint64_t *prm, int *nnp, long *euid)
{
	char path[64], buf[4096], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/status", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	*eff = *prm = ~0ULL;
	*nnp = 0;
	*euid = -1;
	if ((p = strstr(buf, "\nUid:\t"))) {
		strtol(p + 6, &p, 10); /* real */
		*euid = strtol(p, NULL, 10);
	}
	if ((p = strstr(buf, "\nCapEff:\t")))
		*eff = strtoull(p + 9, NULL, 16);
	if ((p = strstr(buf, "\nCapPrm:\t")))
		*prm = strtoull(p + 9, NULL, 16);
	if ((p = strstr(buf, "\nNoNewPrivs:\t")))
		*nnp = atoi(p + 13);
	return 1;
}

static int caps_last_cap(void)
{
	char buf[16] = { 0 };
	int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 40;
	if (read(fd, buf, sizeof(buf) - 1) <= 0)
		buf[0] = 0;
	close(fd);
	return buf[0] ? atoi(buf) : 40;
}

/* Does bpf() on an object we already hold need CAP_BPF here? */
static int caps_bpf_gated(uint64_t keep)
{
	struct caps_sets now, probe;
	union bpf_attr attr;
	int gated;

	if (caps_get(&now))
		return 1;
	probe = now;
	probe.eff = keep & now.prm & ~(1ULL << CAP_BPF) & ~(1ULL << CAP_SYS_ADMIN);
	if (caps_set(&probe))
		return 1;
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (uint32_t)-1;
	/* no such fd: EBADF where the call is open to all, EPERM where it is not */
	gated = syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)) < 0 && errno == EPERM;
	caps_set(&now);
	return gated;
}

/*
 * Every thread of this process keeps `keep` (bit n: capability n), as far
 * as it holds it, and loses every other capability: effective, permitted,
 * inheritable, ambient and (with CAP_SETPCAP) bounding; no_new_privs is
 * set. *kept receives what was kept. Returns 0 or -errno (swoll_last_error
 * says what failed).
 */
static int caps_drop_all_threads(uint64_t keep, uint32_t flags, uint64_t *kept)
{
	struct sigaction sa;
	struct caps_sets now;
	int round, rc, self = (int)syscall(SYS_gettid), pid = getpid();

	caps_last = caps_last_cap();
	rc = caps_get(&now);
	if (rc) {
		set_error("capget: %s", strerror(-rc));
		return rc;
	}
	/* before CAP_BPF (5.8), or without it, CAP_SYS_ADMIN is what bpf() checks */
	if ((flags & SWOLL_CAPS_KEEP_BPF_IF_GATED) && caps_bpf_gated(keep)) {
		if (caps_uid >= 0) {
			set_error("this kernel checks CAP_BPF on every bpf() call (kernel.unprivileged_bpf_disabled before Linux 6.5), so the tracer cannot run without it");
			return -EOPNOTSUPP;
		}
		keep |= now.prm & (1ULL << CAP_BPF) ? 1ULL << CAP_BPF : 1ULL << CAP_SYS_ADMIN;
	}
	caps_keep = keep & now.prm;
	*kept = caps_keep;
	__atomic_store_n(&caps_errno, 0, __ATOMIC_RELAXED);
	rc = caps_apply(caps_keep);
	if (rc) {
		set_error("dropping capabilities: %s", strerror(-rc));
		return rc;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = caps_on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
	sigfillset(&sa.sa_mask);
	if (sigaction(CAPS_SIGNAL, &sa, &caps_prev)) {
		set_error("sigaction: %s", strerror(errno));
		return -errno;
	}
	for (round = 0; round < CAPS_ROUNDS; round++) {
		DIR *d = opendir("/proc/self/task");
		struct dirent *e;
		int sent = 0, base = __atomic_load_n(&caps_acks, __ATOMIC_ACQUIRE), waited;

		if (!d) {
			set_error("/proc/self/task: %s", strerror(errno));
			return -errno;
		}
		while ((e = readdir(d))) {
			int tid = atoi(e->d_name), nnp;
			uint64_t eff, prm;
			long euid;

			if (tid <= 0 || tid == self || !caps_of_thread(tid, &eff, &prm, &nnp, &euid))
				continue;
			if (eff == caps_keep && prm == caps_keep && nnp && (caps_uid < 0 || euid == caps_uid))
				continue;
			if (syscall(SYS_tgkill, pid, tid, CAPS_SIGNAL) == 0)
				sent++;
		}
		closedir(d);
		if (!sent)
			break;
		for (waited = 0; __atomic_load_n(&caps_acks, __ATOMIC_ACQUIRE) - base < sent; waited++) {
			struct timespec ms = { 0, 1000000 };

			if (waited >= CAPS_WAIT_MS) {
				/* a thread that never answers may still get the signal: our
				 * handler stays, and passes on any other SIGSYS */
				set_error("%d thread(s) did not drop their capabilities within %d ms",
					  sent - (__atomic_load_n(&caps_acks, __ATOMIC_ACQUIRE) - base), CAPS_WAIT_MS);
				return -ETIMEDOUT;
			}
			nanosleep(&ms, NULL);
		}
	}
	sigaction(CAPS_SIGNAL, &caps_prev, NULL);
	rc = __atomic_load_n(&caps_errno, __ATOMIC_RELAXED);
	if (rc) {
		set_error("a thread could not drop its capabilities: %s", strerror(rc));
		return -rc;
	}
	if (round == CAPS_ROUNDS) {
		set_error("threads kept appearing with other capabilities after %d rounds", CAPS_ROUNDS);
		return -EAGAIN;
	}
	return 0;
}

/*
 * Every thread of this process keeps `keep` (bit n: capability n), as far
 * as it holds it, and loses every other capability: effective, permitted,
 * inheritable, ambient and (with CAP_SETPCAP) bounding; no_new_privs is
 * set. *kept receives what was kept. Returns 0 or -errno (swoll_last_error
 * says what failed).
 */
EXPORT int swoll_caps_drop(uint64_t keep, uint32_t flags, uint64_t *kept)
{
	caps_uid = caps_gid = -1;
	return caps_drop_all_threads(keep, flags, kept);
}

/*
 * Every thread switches to uid/gid (real, effective and saved), with no
 * supplementary groups, no capabilities in any set and no_new_privs, the
 * way `tcpdump -Z` gives up root once its capture is open. uid or gid -1
 * keeps the current one (a user already not root drops only capabilities).
 * Returns 0 or -errno; -EOPNOTSUPP where the kernel would still need
 * CAP_BPF for every map update.
 */
EXPORT int swoll_drop_user(int64_t uid, int64_t gid)
{
	uint64_t kept;
	int rc;

	caps_uid = uid;
	caps_gid = gid;
	rc = caps_drop_all_threads(0, SWOLL_CAPS_KEEP_BPF_IF_GATED, &kept);
	return rc;
}
