// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A thin C layer over libbpf with plain functions bun:ffi can call.
 * Why C at all: bun:ffi cannot receive libbpf's va_list log callback, and
 * draining the ring buffers must copy many records per call into memory
 * JS owns, without one JS callback per record.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "../bpf/events.h"
#include "../bpf/metrics.h"

#define EXPORT __attribute__((visibility("default")))
#define MAX_LINKS 8
#define LOG_CAP (1 << 20)

/* One consumer-side view of a BPF ring buffer, mapped by hand so that a
 * full caller buffer stops the drain before a record is consumed. */
struct ring_view {
	int fd;
	uint64_t mask;
	size_t data_len;
	volatile uint64_t *consumer;   /* read-write page */
	volatile uint64_t *producer;   /* read-only page, data follows */
	uint8_t *data;
};

struct swoll_probe {
	struct bpf_object *obj;
	struct bpf_link *links[MAX_LINKS];
	int nlinks;
	struct ring_view *rings;
	int nrings;
	int shared;
	uint32_t ring_bytes;
	long page;
};

static char log_buf[LOG_CAP];
static size_t log_len;
static int log_verbose;
static char last_error[512];

static void set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
}

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	if (level == LIBBPF_DEBUG && !log_verbose)
		return 0;
	if (log_len >= LOG_CAP - 1)
		return 0;
	n = vsnprintf(log_buf + log_len, LOG_CAP - log_len, fmt, ap);
	if (n > 0)
		log_len += (size_t)n < LOG_CAP - log_len ? (size_t)n : LOG_CAP - 1 - log_len;
	return 0;
}

/* Copy (and clear) what libbpf has logged since the last call. */
EXPORT uint32_t swoll_log_take(char *buf, uint32_t cap)
{
	size_t n = log_len < cap ? log_len : cap;

	memcpy(buf, log_buf, n);
	log_len = 0;
	return n;
}

EXPORT void swoll_log_verbose(int on)
{
	log_verbose = on;
}

EXPORT uint32_t swoll_last_error(char *buf, uint32_t cap)
{
	size_t n = strnlen(last_error, sizeof(last_error));

	if (n > cap)
		n = cap;
	memcpy(buf, last_error, n);
	return n;
}

EXPORT struct swoll_probe *swoll_probe_open(const void *obj_buf, uint64_t len)
{
	struct swoll_probe *p;
	int err;

	libbpf_set_print(libbpf_log);
	p = calloc(1, sizeof(*p));
	if (!p) {
		set_error("out of memory");
		errno = ENOMEM;
		return NULL;
	}
	p->page = sysconf(_SC_PAGESIZE);
	p->ring_bytes = 4u << 20;
	p->obj = bpf_object__open_mem(obj_buf, len, NULL);
	err = libbpf_get_error(p->obj);
	if (err) {
		set_error("bpf_object__open_mem: %s", strerror(-err));
		free(p);
		errno = -err;
		return NULL;
	}
	return p;
}

/* Write a `const volatile` option in .rodata by variable name. */
EXPORT int swoll_probe_set_option(struct swoll_probe *p, const char *name, const void *val,
				  uint32_t size)
{
	struct bpf_map *map = bpf_object__find_map_by_name(p->obj, ".rodata");
	struct btf *btf = bpf_object__btf(p->obj);
	const struct btf_var_secinfo *vsi;
	const struct btf_type *sec;
	size_t map_size;
	uint8_t *data;
	int id, i;

	if (!map || !btf) {
		set_error("probe has no .rodata section");
		return -ENOENT;
	}
	data = (uint8_t *)bpf_map__initial_value(map, &map_size);
	id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	if (!data || id < 0) {
		set_error("probe has no .rodata BTF");
		return -ENOENT;
	}
	sec = btf__type_by_id(btf, id);
	vsi = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vsi++) {
		const struct btf_type *var = btf__type_by_id(btf, vsi->type);

		if (strcmp(btf__name_by_offset(btf, var->name_off), name))
			continue;
		if (vsi->size != size || vsi->offset + size > map_size) {
			set_error("option %s has size %u, not %u", name, vsi->size, size);
			return -EINVAL;
		}
		memcpy(data + vsi->offset, val, size);
		return 0;
	}
	set_error("probe has no option named %s", name);
	return -ENOENT;
}

EXPORT int swoll_probe_set_ring(struct swoll_probe *p, int shared, uint32_t bytes)
{
	if (bytes < (uint32_t)p->page || (bytes & (bytes - 1))) {
		set_error("ring buffer size %u is not a power of two >= %ld", bytes, p->page);
		return -EINVAL;
	}
	p->shared = shared;
	p->ring_bytes = bytes;
	return 0;
}

static int ring_map(struct swoll_probe *p, struct ring_view *r, int fd)
{
	void *cons, *prod;

	r->fd = fd;
	r->data_len = p->ring_bytes;
	r->mask = p->ring_bytes - 1;
	cons = mmap(NULL, p->page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (cons == MAP_FAILED)
		return -errno;
	/* producer page, then the data area once: a record that wraps around
	 * its end is copied in two parts (swoll_probe_drain), so the second
	 * mapping libbpf makes for reading records in place is not needed,
	 * and the ring's pages count once in our resident set, not twice */
	prod = mmap(NULL, p->page + r->data_len, PROT_READ, MAP_SHARED, fd, p->page);
	if (prod == MAP_FAILED) {
		int err = -errno;

		munmap(cons, p->page);
		return err;
	}
	r->consumer = cons;
	r->producer = prod;
	r->data = (uint8_t *)prod + p->page;
	return 0;
}

static void ring_unmap(struct swoll_probe *p, struct ring_view *r)
{
	if (r->consumer)
		munmap((void *)r->consumer, p->page);
	if (r->producer)
		munmap((void *)r->producer, p->page + r->data_len);
	r->consumer = r->producer = NULL;
}

static int setup_rings(struct swoll_probe *p)
{
	int ncpu = p->shared ? 1 : libbpf_num_possible_cpus();
	struct bpf_map *outer = bpf_object__find_map_by_name(p->obj, "rings");
	struct bpf_map *single = bpf_object__find_map_by_name(p->obj, "ring");
	int i, err;

	p->rings = calloc(ncpu, sizeof(*p->rings));
	if (!p->rings)
		return -ENOMEM;
	p->nrings = ncpu;
	for (i = 0; i < ncpu; i++)
		p->rings[i].fd = -1;
	if (p->shared) {
		err = ring_map(p, &p->rings[0], bpf_map__fd(single));
		if (err)
			set_error("mmap ring buffer: %s", strerror(-err));
		p->rings[0].fd = -1; /* owned by the object */
		return err;
	}
	for (i = 0; i < ncpu; i++) {
		__u32 key = i;
		int fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, NULL, 0, 0, p->ring_bytes, NULL);

		if (fd < 0) {
			err = -errno;
			set_error("create ring buffer for cpu %d: %s", i, strerror(errno));
			return err;
		}
		p->rings[i].fd = fd;
		if (bpf_map_update_elem(bpf_map__fd(outer), &key, &fd, BPF_ANY)) {
			err = -errno;
			set_error("install ring buffer for cpu %d: %s", i, strerror(errno));
			return err;
		}
		err = ring_map(p, &p->rings[i], fd);
		if (err) {
			set_error("mmap ring buffer for cpu %d: %s", i, strerror(-err));
			return err;
		}
	}
	return 0;
}

/* Size the maps, load (verifier runs here), fill the rings. */
EXPORT int swoll_probe_load(struct swoll_probe *p)
{
	struct bpf_map *outer = bpf_object__find_map_by_name(p->obj, "rings");
	struct bpf_map *single = bpf_object__find_map_by_name(p->obj, "ring");
	int err, ncpu = libbpf_num_possible_cpus();

	if (!outer || !single || ncpu <= 0) {
		set_error("probe object lacks its ring buffer maps");
		return -ENOENT;
	}
	/* The unused layout gets the smallest size the kernel accepts. */
	bpf_map__set_max_entries(single, p->shared ? p->ring_bytes : p->page);
	bpf_map__set_max_entries(outer, p->shared ? 1 : ncpu);
	/* The inner template keeps its declared size: libbpf 1.1 cannot resize
	 * it, and the kernel does not compare ring sizes of inner maps. */

	/* The verifier gives up with EAGAIN when a signal arrives while it
	 * checks (a terminal resized, a child exited, a profiler's tick), and
	 * a check takes a second or more: signals wait until the load is done,
	 * then are delivered as usual. */
	sigset_t all, before;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &before);
	err = bpf_object__load(p->obj);
	pthread_sigmask(SIG_SETMASK, &before, NULL);
	if (err) {
		set_error("load BPF object: %s", strerror(-err));
		return err;
	}
	return setup_rings(p);
}

/* Attach every program. Separate from load so that filters and capture
 * specs are in place before the first call is seen. */
EXPORT int swoll_probe_attach(struct swoll_probe *p)
{
	struct bpf_program *prog;
	int err;

	bpf_object__for_each_program(prog, p->obj) {
		struct bpf_link *link;

		if (!bpf_program__autoload(prog) || !bpf_program__autoattach(prog))
			continue;
		if (p->nlinks == MAX_LINKS) {
			set_error("too many programs");
			return -E2BIG;
		}
		link = bpf_program__attach(prog);
		err = libbpf_get_error(link);
		if (err) {
			set_error("attach %s: %s", bpf_program__name(prog), strerror(-err));
			return err;
		}
		p->links[p->nlinks++] = link;
	}
	return 0;
}

/* Before load: leave program `name` out of swoll_probe_attach (it is
 * attached later, when first needed, by swoll_probe_attach_program), and
 * with `load` 0 out of the kernel altogether. */
EXPORT int swoll_probe_defer_attach(struct swoll_probe *p, const char *name, int load)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(p->obj, name);

	if (!prog) {
		set_error("probe has no program named %s", name);
		return -ENOENT;
	}
	bpf_program__set_autoattach(prog, false);
	bpf_program__set_autoload(prog, load != 0);
	return 0;
}

EXPORT int swoll_probe_attach_program(struct swoll_probe *p, const char *name)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(p->obj, name);
	struct bpf_link *link;
	int err;

	if (!prog) {
		set_error("probe has no program named %s", name);
		return -ENOENT;
	}
	if (p->nlinks == MAX_LINKS) {
		set_error("too many programs");
		return -E2BIG;
	}
	link = bpf_program__attach(prog);
	err = libbpf_get_error(link);
	if (err) {
		set_error("attach %s: %s", name, strerror(-err));
		return err;
	}
	p->links[p->nlinks++] = link;
	return 0;
}

static int map_fd(struct swoll_probe *p, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(p->obj, name);

	if (!m) {
		set_error("probe has no map named %s", name);
		return -ENOENT;
	}
	return bpf_map__fd(m);
}

EXPORT int swoll_map_update(struct swoll_probe *p, const char *name, const void *key,
			    const void *val)
{
	int fd = map_fd(p, name);

	if (fd < 0)
		return fd;
	if (bpf_map_update_elem(fd, key, val, BPF_ANY)) {
		set_error("update map %s: %s", name, strerror(errno));
		return -errno;
	}
	return 0;
}

EXPORT int swoll_map_delete(struct swoll_probe *p, const char *name, const void *key)
{
	int fd = map_fd(p, name);

	if (fd < 0)
		return fd;
	if (bpf_map_delete_elem(fd, key) && errno != ENOENT) {
		set_error("delete from map %s: %s", name, strerror(errno));
		return -errno;
	}
	return 0;
}

/* Read one entry into val; -ENOENT when the key is absent. */
EXPORT int swoll_map_lookup(struct swoll_probe *p, const char *name, const void *key, void *val)
{
	int fd = map_fd(p, name);

	if (fd < 0)
		return fd;
	if (bpf_map_lookup_elem(fd, key, val))
		return -errno;
	return 0;
}

/* Clear one rule's bit in every entry of a value -> u64 mask map, deleting
 * entries left with no rule (hash maps) or leaving them 0 (arrays). */
static int clear_rule_bit(struct swoll_probe *p, const char *name, uint64_t bit)
{
	struct bpf_map *m = bpf_object__find_map_by_name(p->obj, name);
	uint32_t ksize, n, i, count = 0;
	int fd, is_array;
	uint8_t *keys;
	int err = 0;

	if (!m) {
		set_error("probe has no map named %s", name);
		return -ENOENT;
	}
	fd = bpf_map__fd(m);
	ksize = bpf_map__key_size(m);
	n = bpf_map__max_entries(m);
	is_array = bpf_map__type(m) == BPF_MAP_TYPE_ARRAY;
	keys = malloc((size_t)ksize * n);
	if (!keys)
		return -ENOMEM;
	/* collect first: deleting while walking a hash map restarts the walk */
	if (is_array) {
		for (i = 0; i < n; i++)
			memcpy(keys + (size_t)i * ksize, &i, sizeof(i));
		count = n;
	} else {
		uint8_t *prev = NULL;

		while (count < n && !bpf_map_get_next_key(fd, prev, keys + (size_t)count * ksize)) {
			prev = keys + (size_t)count * ksize;
			count++;
		}
	}
	for (i = 0; i < count && !err; i++) {
		uint8_t *k = keys + (size_t)i * ksize;
		uint64_t v;

		if (bpf_map_lookup_elem(fd, k, &v) || !(v & bit))
			continue;
		v &= ~bit;
		if (!v && !is_array) {
			if (bpf_map_delete_elem(fd, k) && errno != ENOENT)
				err = -errno;
		} else if (bpf_map_update_elem(fd, k, &v, is_array ? BPF_ANY : BPF_EXIST) && errno != ENOENT) {
			err = -errno;
		}
	}
	free(keys);
	if (err)
		set_error("clear rule in map %s: %s", name, strerror(-err));
	return err;
}

/* Remove rule `rule` (0..SWOLL_MAX_RULES) from every dimension map. */
EXPORT int swoll_rules_clear(struct swoll_probe *p, uint32_t rule)
{
	static const char *const maps[] = { "rule_syscalls", "tgid_rules", "comm_rules", "cgroup_rules", "errno_rules" };
	uint64_t bit;
	unsigned i;
	int err;

	if (rule >= SWOLL_MAX_RULES) {
		set_error("rule %u is out of range", rule);
		return -EINVAL;
	}
	bit = 1ull << rule;
	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		err = clear_rule_bit(p, maps[i], bit);
		if (err)
			return err;
	}
	return 0;
}

/* Sum each per-CPU counter into out[0..n). */
EXPORT int swoll_probe_counters(struct swoll_probe *p, uint64_t *out, uint32_t n)
{
	int fd = map_fd(p, "counters"), ncpu = libbpf_num_possible_cpus();
	uint64_t vals[SWOLL_MAX_CPUS];
	uint32_t k;
	int c;

	if (fd < 0)
		return fd;
	if (ncpu > SWOLL_MAX_CPUS)
		return -E2BIG;
	for (k = 0; k < n && k < SWOLL_CTR__COUNT; k++) {
		if (bpf_map_lookup_elem(fd, &k, vals))
			return -errno;
		out[k] = 0;
		for (c = 0; c < ncpu; c++)
			out[k] += vals[c];
	}
	return k;
}

#define RB_BUSY (1u << 31)
#define RB_DISCARD (1u << 30)
#define RB_HDR 8u

/* The next committed record of a ring, skipping discarded ones; NULL if none. */
static uint32_t *ring_head(struct ring_view *r, uint64_t *cons, uint64_t prod)
{
	while (*cons < prod) {
		uint32_t *hdr = (uint32_t *)(r->data + (*cons & r->mask));
		uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);

		if (len & RB_BUSY)
			return NULL;
		if (!(len & RB_DISCARD))
			return hdr;
		*cons += ((len & ~(RB_BUSY | RB_DISCARD)) + RB_HDR + 7) & ~7u;
	}
	return NULL;
}

/* The exit time of the record whose header is at ring position `pos`
 * (8-byte aligned, as is the field: it never straddles the wrap). */
static uint64_t record_finish(const struct ring_view *r, uint64_t pos, uint32_t body)
{
	uint64_t at = pos + RB_HDR + offsetof(struct swoll_event, finish_ns);

	return body >= sizeof(struct swoll_event) ? *(const uint64_t *)(r->data + (at & r->mask)) : 0;
}

/* Copy `len` bytes from ring position `pos` (the data area wraps). */
static void ring_copy(const struct ring_view *r, uint8_t *dst, uint64_t pos, uint32_t len)
{
	size_t start = pos & r->mask;
	size_t first = len < r->data_len - start ? len : r->data_len - start;

	memcpy(dst, r->data + start, first);
	if (first < len)
		memcpy(dst + first, r->data, len - first);
}

/*
 * Copy whole records from the rings into buf as [u32 len][u32 ring][data
 * padded to 8], merged across rings by exit time so output from per-CPU
 * rings reads in order. Stops before a record that does not fit, leaving
 * it in its ring. Returns bytes written. Never blocks.
 */
EXPORT int64_t swoll_probe_drain(struct swoll_probe *p, uint8_t *buf, uint32_t cap)
{
	uint64_t cons[SWOLL_MAX_CPUS], prod[SWOLL_MAX_CPUS];
	uint64_t written = 0;
	int i;

	if (p->nrings > SWOLL_MAX_CPUS)
		return -E2BIG;
	for (i = 0; i < p->nrings; i++) {
		cons[i] = *p->rings[i].consumer;
		prod[i] = __atomic_load_n(p->rings[i].producer, __ATOMIC_ACQUIRE);
	}
	for (;;) {
		uint32_t *best = NULL, body = 0, need;
		uint64_t best_t = UINT64_MAX;
		int best_i = -1;

		for (i = 0; i < p->nrings; i++) {
			uint32_t *h = ring_head(&p->rings[i], &cons[i], prod[i]);
			uint32_t len;
			uint64_t t;

			if (!h)
				continue;
			len = *h & ~(RB_BUSY | RB_DISCARD);
			t = record_finish(&p->rings[i], cons[i], len);
			if (!best || t < best_t) {
				best = h;
				best_t = t;
				best_i = i;
				body = len;
			}
		}
		if (!best)
			break;
		need = SWOLL_FRAME_HEADER + ((body + 7) & ~7u);
		if (written + need > cap)
			break;
		/* the frame header: [u32 len][u32 ring] */
		((uint32_t *)(buf + written))[0] = body;
		((uint32_t *)(buf + written))[1] = best_i;
		ring_copy(&p->rings[best_i], buf + written + SWOLL_FRAME_HEADER, cons[best_i] + RB_HDR, body);
		written += need;
		cons[best_i] += (body + RB_HDR + 7) & ~7u;
	}
	for (i = 0; i < p->nrings; i++)
		__atomic_store_n(p->rings[i].consumer, cons[i], __ATOMIC_RELEASE);
	return written;
}

/* Bytes waiting in all rings (for back-pressure decisions). */
EXPORT uint64_t swoll_probe_pending(struct swoll_probe *p)
{
	uint64_t total = 0;
	int i;

	for (i = 0; i < p->nrings; i++)
		total += __atomic_load_n(p->rings[i].producer, __ATOMIC_ACQUIRE) -
			 *p->rings[i].consumer;
	return total;
}

/* Detach the programs, keeping the maps and rings: nothing new arrives,
 * and what the rings hold can still be drained and counted. Idempotent. */
EXPORT void swoll_probe_detach(struct swoll_probe *p)
{
	int i;

	for (i = 0; i < p->nlinks; i++)
		bpf_link__destroy(p->links[i]);
	p->nlinks = 0;
}

/* Detach and free everything; safe on a partially loaded probe. */
EXPORT void swoll_probe_close(struct swoll_probe *p)
{
	int i;

	if (!p)
		return;
	for (i = 0; i < p->nlinks; i++)
		bpf_link__destroy(p->links[i]);
	for (i = 0; i < p->nrings; i++) {
		ring_unmap(p, &p->rings[i]);
		if (p->rings[i].fd >= 0)
			close(p->rings[i].fd);
	}
	free(p->rings);
	bpf_object__close(p->obj);
	free(p);
}

/* CLOCK_REALTIME minus CLOCK_MONOTONIC (the probe's clock), in ns. */
EXPORT int64_t swoll_clock_offset_ns(void)
{
	struct timespec mono, real;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	return (int64_t)(real.tv_sec - mono.tv_sec) * 1000000000 + (real.tv_nsec - mono.tv_nsec);
}

EXPORT uint64_t swoll_monotonic_ns(void)
{
	struct timespec mono;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	return (uint64_t)mono.tv_sec * 1000000000 + mono.tv_nsec;
}

/* Aggregation read-out for swoll serve; shares the helpers above. */
#include "shim-metrics.c"
#include "shim-maps.c"

/* Dropping capabilities after attach (swoll trace, swoll serve). */
#include "shim-caps.c"

/* Writing output without blocking (swoll trace's stdout). */
#include "shim-fd.c"
