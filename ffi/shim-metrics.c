// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The shim's functions for in-kernel aggregation (swoll serve). Not a
 * separate translation unit: ffi/shim.c includes it at its end, so it
 * uses shim.c's static helpers (map_fd, set_error) and struct swoll_probe.
 */
/* Sizes and offsets of the aggregation records, for the TypeScript reader. */
EXPORT uint32_t swoll_metrics_layout(uint32_t *out, uint32_t cap)
{
	const uint32_t v[] = {
		sizeof(struct swoll_metric_key),
		offsetof(struct swoll_metric_key, cgroup_id), offsetof(struct swoll_metric_key, nr),
		offsetof(struct swoll_metric_key, err),
		sizeof(struct swoll_metric_value),
		offsetof(struct swoll_metric_value, count), offsetof(struct swoll_metric_value, total_ns),
		offsetof(struct swoll_metric_value, buckets),
		SWOLL_LAT_BUCKETS, SWOLL_LAT_MIN_SHIFT, SWOLL_METRICS_ENTRIES, SWOLL_CTR_METRICS_FULL,
		sizeof(struct swoll_proc_metric_key),
		offsetof(struct swoll_proc_metric_key, cgroup_id), offsetof(struct swoll_proc_metric_key, nr),
		offsetof(struct swoll_proc_metric_key, err), offsetof(struct swoll_proc_metric_key, tgid),
		offsetof(struct swoll_proc_metric_key, exec_gen),
		sizeof(struct swoll_proc_metric_value),
		offsetof(struct swoll_proc_metric_value, m), offsetof(struct swoll_proc_metric_value, comm),
		SWOLL_COMM_LEN,
		sizeof(struct swoll_exited_key), offsetof(struct swoll_exited_key, cgroup_id),
		offsetof(struct swoll_exited_key, nr), offsetof(struct swoll_exited_key, err),
		offsetof(struct swoll_exited_key, comm),
		SWOLL_NR_UNKNOWN, SWOLL_NR_OTHER, SWOLL_ERR_OTHER, SWOLL_FOLD__COUNT, SWOLL_MAX_SYSCALLS,
	};
	uint32_t n = sizeof(v) / sizeof(v[0]);

	if (n > cap)
		n = cap;
	memcpy(out, v, n * sizeof(uint32_t));
	return sizeof(v) / sizeof(v[0]);
}

/* Capacity of a map, before load. */
EXPORT int swoll_map_set_max_entries(struct swoll_probe *p, const char *name, uint32_t n)
{
	struct bpf_map *m = bpf_object__find_map_by_name(p->obj, name);
	int err;

	if (!m) {
		set_error("probe has no map named %s", name);
		return -ENOENT;
	}
	err = bpf_map__set_max_entries(m, n);
	if (err)
		set_error("resize map %s: %s", name, strerror(-err));
	return err;
}

/* Adds one CPU's counts into sum. */
static void metric_sum(struct swoll_metric_value *sum, const struct swoll_metric_value *v)
{
	int k;

	sum->count += v->count;
	sum->total_ns += v->total_ns;
	for (k = 0; k < SWOLL_LAT_BUCKETS; k++)
		sum->buckets[k] += v->buckets[k];
}

/*
 * Copy every entry of one aggregation map into buf as [key][value], the
 * value summed over CPUs for per-CPU maps, using batched lookups:
 * which 0: metrics_agg (struct swoll_metric_key, swoll_metric_value);
 * 1: metrics_proc (swoll_proc_metric_key, swoll_proc_metric_value);
 * 2: metrics_exited (swoll_exited_key, swoll_metric_value).
 * A per-process value keeps the comm of the CPU that created the entry.
 * Returns the number of records, or -ENOSPC when buf is too small.
 */
EXPORT int64_t swoll_metrics_read(struct swoll_probe *p, int32_t which, uint8_t *buf, uint64_t cap)
{
	static const char *const names[] = { "metrics_agg", "metrics_proc", "metrics_exited" };
	static const size_t ksizes[] = { sizeof(struct swoll_metric_key), sizeof(struct swoll_proc_metric_key),
					 sizeof(struct swoll_exited_key) };
	const int by_process = which == 1;
	const char *name = names[which >= 0 && which <= 2 ? which : 0];
	const size_t ksz = ksizes[which >= 0 && which <= 2 ? which : 0];
	const size_t vsz = by_process ? sizeof(struct swoll_proc_metric_value) : sizeof(struct swoll_metric_value);
	const size_t rec = ksz + vsz;
	struct bpf_map *map = bpf_object__find_map_by_name(p->obj, name);
	int fd = map_fd(p, name), ncpu = libbpf_num_possible_cpus();
	uint32_t chunk = 256, n, i;
	uint64_t in_tok[2], out_tok[2], records = 0;
	void *in = NULL;
	uint8_t *keys = NULL, *vals = NULL;
	int64_t ret = 0;
	int err, c;

	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	if (fd < 0)
		return fd;
	if (ncpu <= 0)
		return -EINVAL;
	/* metrics_proc and metrics_exited are shared by all CPUs: one value */
	if (map && bpf_map__type(map) != BPF_MAP_TYPE_PERCPU_HASH)
		ncpu = 1;
	for (;;) {
		if (!keys) {
			keys = calloc(chunk, ksz);
			vals = calloc((size_t)chunk * ncpu, vsz);
			if (!keys || !vals) {
				ret = -ENOMEM;
				break;
			}
		}
		n = chunk;
		err = bpf_map_lookup_batch(fd, in, out_tok, keys, vals, &n, &opts);
		if (err < 0 && err != -ENOENT) {
			if (err == -ENOSPC && chunk < (1u << 20)) {
				/* one hash bucket holds more than `chunk` keys */
				chunk *= 2;
				free(keys);
				free(vals);
				keys = NULL;
				vals = NULL;
				continue;
			}
			set_error("read map %s: %s", name, strerror(-err));
			ret = err;
			break;
		}
		for (i = 0; i < n; i++) {
			struct swoll_proc_metric_value sum = {};
			uint8_t *dst = buf + records * rec;

			if ((records + 1) * rec > cap) {
				set_error("metrics buffer too small");
				ret = -ENOSPC;
				goto out;
			}
			for (c = 0; c < ncpu; c++) {
				const uint8_t *v = vals + ((size_t)i * ncpu + c) * vsz;

				/* the per-process value starts with the plain one */
				metric_sum(&sum.m, (const struct swoll_metric_value *)v);
				if (by_process && !sum.comm[0])
					memcpy(sum.comm, ((const struct swoll_proc_metric_value *)v)->comm, sizeof(sum.comm));
			}
			memcpy(dst, keys + (size_t)i * ksz, ksz);
			memcpy(dst + ksz, &sum, vsz);
			records++;
		}
		if (err == -ENOENT)
			break;
		memcpy(in_tok, out_tok, sizeof(in_tok));
		in = in_tok;
	}
	if (!ret)
		ret = records;
out:
	free(keys);
	free(vals);
	return ret;
}

/*
 * Of one program: run time and run count (non-zero only with
 * kernel.bpf_stats_enabled), and the runs the kernel skipped because the
 * program was already running on that CPU (it was preempted mid-run),
 * and the instructions the verifier processed to load it.
 */
EXPORT int swoll_prog_stats(struct swoll_probe *p, const char *name, uint64_t *out)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(p->obj, name);
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info);
	int err;

	if (!prog) {
		set_error("probe has no program named %s", name);
		return -ENOENT;
	}
	err = bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len);
	if (err) {
		set_error("program info for %s: %s", name, strerror(errno));
		return -errno;
	}
	out[0] = info.run_time_ns;
	out[1] = info.run_cnt;
	out[2] = info.recursion_misses;
	out[3] = info.verified_insns;
	return 0;
}

/* Load a program or not (before load); a program not loaded is not attached. */
EXPORT int swoll_prog_set_autoload(struct swoll_probe *p, const char *name, int32_t on)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(p->obj, name);

	if (!prog) {
		set_error("probe has no program named %s", name);
		return -ENOENT;
	}
	return bpf_program__set_autoload(prog, on != 0);
}

/* Sums over CPUs of the first n slots of a per-CPU u64 array (metrics_folds). */
EXPORT int swoll_percpu_sums(struct swoll_probe *p, const char *name, uint64_t *out, uint32_t n)
{
	int fd = map_fd(p, name), ncpu = libbpf_num_possible_cpus();
	uint64_t vals[SWOLL_MAX_CPUS];
	uint32_t k;
	int c;

	if (fd < 0)
		return fd;
	if (ncpu <= 0 || ncpu > SWOLL_MAX_CPUS)
		return -E2BIG;
	for (k = 0; k < n; k++) {
		if (bpf_map_lookup_elem(fd, &k, vals)) {
			if (errno == ENOENT)
				break;
			set_error("read map %s: %s", name, strerror(errno));
			return -errno;
		}
		out[k] = 0;
		for (c = 0; c < ncpu; c++)
			out[k] += vals[c];
	}
	return k;
}
