/*
 * Reading a whole (non per-CPU) hash map: `swoll seccomp` reads its
 * per-cgroup syscall sets this way. Included by shim.c.
 */

/*
 * Copy every entry of map `name` into buf as [key][value] records.
 * Returns the number of records, or -ENOSPC when buf is too small
 * (nothing partial is returned), or -errno.
 */
EXPORT int64_t swoll_map_dump(struct swoll_probe *p, const char *name, uint8_t *buf, uint64_t cap)
{
	struct bpf_map *m = bpf_object__find_map_by_name(p->obj, name);
	uint8_t key[64], next[64];
	size_t ksz, vsz, rec;
	uint64_t used = 0;
	int64_t n = 0;
	int fd, err;
	void *prev = NULL;

	if (!m) {
		set_error("probe has no map named %s", name);
		return -ENOENT;
	}
	fd = bpf_map__fd(m);
	ksz = bpf_map__key_size(m);
	vsz = bpf_map__value_size(m);
	rec = ksz + vsz;
	if (ksz > sizeof(key))
		return -EINVAL;
	for (;;) {
		err = bpf_map_get_next_key(fd, prev, next);
		if (err) {
			if (errno == ENOENT)
				break;
			set_error("read map %s: %s", name, strerror(errno));
			return -errno;
		}
		memcpy(key, next, ksz);
		prev = key;
		if (used + rec > cap)
			return -ENOSPC;
		memcpy(buf + used, key, ksz);
		if (bpf_map_lookup_elem(fd, key, buf + used + ksz))
			continue; /* deleted meanwhile */
		used += rec;
		n++;
	}
	return n;
}
