/**
 * A cgroup v2 id: the inode number of the cgroup's directory, as
 * bpf_get_current_cgroup_id() reports it and the JSON events print it.
 * A number, not a bigint: on 64-bit kernels kernfs puts a 32-bit cyclic
 * inode number in the low half and the count of its wrap-arounds in the
 * high half, so an id reaches 2^53 only after 2^21 wraps (about 9e15
 * cgroups created); and a number keyed Map lookup is 2-4x faster than a
 * bigint one (bench/cgroup-id.ts), which the per-event attribution pays.
 */
export type CgroupId = number;
