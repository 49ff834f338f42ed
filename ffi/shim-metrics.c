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

/*
 * Copy every entry of metrics_agg into buf as [key][value] with the value
 * summed over CPUs, using batched lookups. Returns the number of records,
 * or -ENOSPC when buf is too small.
 */
EXPORT int64_t swoll_metrics_read(struct swoll_probe *p, uint8_t *buf, uint64_t cap)
{
	const size_t ksz = sizeof(struct swoll_metric_key), vsz = sizeof(struct swoll_metric_value);
	const size_t rec = ksz + vsz;
	int fd = map_fd(p, "metrics_agg"), ncpu = libbpf_num_possible_cpus();
	uint32_t chunk = 256, n, i;
	uint64_t in_tok[2], out_tok[2], records = 0;
	void *in = NULL;
	struct swoll_metric_key *keys = NULL;
	struct swoll_metric_value *vals = NULL;
	int64_t ret = 0;
	int err, c, k;

	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	if (fd < 0)
		return fd;
	if (ncpu <= 0)
		return -EINVAL;
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
			set_error("read map metrics_agg: %s", strerror(-err));
			ret = err;
			break;
		}
		for (i = 0; i < n; i++) {
			struct swoll_metric_value sum = {};
			uint8_t *dst = buf + records * rec;

			if ((records + 1) * rec > cap) {
				set_error("metrics buffer too small");
				ret = -ENOSPC;
				goto out;
			}
			for (c = 0; c < ncpu; c++) {
				const struct swoll_metric_value *v = &vals[(size_t)i * ncpu + c];

				sum.count += v->count;
				sum.total_ns += v->total_ns;
				for (k = 0; k < SWOLL_LAT_BUCKETS; k++)
					sum.buckets[k] += v->buckets[k];
			}
			memcpy(dst, &keys[i], ksz);
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
 * program was already running on that CPU (it was preempted mid-run).
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
	return 0;
}
