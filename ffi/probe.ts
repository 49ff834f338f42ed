/**
 * The loaded probe: open → configure → load → attach, one cleanup path.
 * A ProbeSpec says what to load; a Probe is the live object and owns
 * every kernel resource until close().
 */
import type { Pointer } from "bun:ffi";
import { existsSync } from "node:fs";
import { cString, lastError, native, probeObjectBytes, takeLog } from "./native";

import { ARGV_LIMIT, CAP_BUDGET, CAPTURE_SPEC, COUNTER_NAMES, type CounterName } from "../cli/decode/layout";
/** enum swoll_fold (bpf/metrics.h), in order. */
export const FOLD_NAMES = ["unknown_syscall", "cgroup_limit", "map_reserve", "process_limit", "process_exited", "lost_calls"] as const;
export type FoldName = (typeof FOLD_NAMES)[number];
const SYSCALL_BITMAP_WORDS = 16; // SWOLL_MAX_SYSCALLS / 64

export { ARGV_LIMIT, CAP_BUDGET, COUNTER_NAMES, type CounterName };

/**
 * What is fixed at load. Selections (which calls are streamed or
 * counted) are not: they are rules in maps, see cli/probe/.
 */
export interface ProbeSpec {
  /** Process whose calls are never streamed (the tracer itself). */
  selfTgid: number;
  /** Count selfTgid's calls all the same (nothing streamed can feed back). */
  countSelf: boolean;
  /** One ring shared by all CPUs instead of one per CPU. */
  sharedRing: boolean;
  /** Bytes per ring buffer, a power of two. */
  ringBytes: number;
  verbose: boolean;
  /** Stream events through the rings (swoll trace). */
  stream: boolean;
  /** Count calls per cgroup, syscall and errno in the kernel (swoll serve). */
  countByCgroup: boolean;
  /** Count per process, in a map of its own (swoll top); may run with countByCgroup. */
  countByProcess: boolean;
  /** Capacity of each aggregation map in use, in entries. */
  metricsEntries: number;
  /** Syscall numbers that never return (exit, exit_group): counted at entry. */
  noReturnNrs: number[];
  /** Bytes kept of each captured string (strace's -s): the largest any stream asks for. */
  strMax: number;
  /** argv entries kept: the largest any stream asks for. */
  argvMax: number;
  /** Load PROCESS_PROGRAMS (attached once a rule names pids); without them no rule may name pids. */
  processPrograms: boolean;
  /** Bounds on the keys a tenant can make (bpf/metrics.h); absent: none. */
  metricsBounds?: MetricsBounds;
  /** Record per-cgroup syscall sets for seccomp profiles (swoll seccomp): execve, seccomp and prctl numbers mark a workload's start. */
  seccompRecord?: boolean;
  seccompNrs?: { execve: number; seccomp: number; prctl: number };
  /** Also count, per cgroup and syscall, the workload's calls outside the `seccomp_allowed` bitmap (swoll seccomp --check). */
  seccompCheck?: boolean;
}

export interface MetricsBounds {
  /** The syscall table's numbers: any other counts as SWOLL_NR_UNKNOWN. */
  knownSyscalls: number[];
  /** Keys one cgroup may hold; past it, its one overflow key. */
  cgroupKeyLimit: number;
  /** Entries of the map kept for overflow keys (from its capacity). */
  reserve: number;
  /** top: keys one process may hold; past it, its calls go to the exited aggregate. */
  procKeyLimit: number;
}

export const defaultSpec = (): ProbeSpec => ({
  selfTgid: process.pid,
  countSelf: false,
  sharedRing: false,
  ringBytes: 4 << 20, // per CPU: ~25k events of slack, and a smaller resident set
  verbose: false,
  stream: true,
  countByCgroup: false,
  countByProcess: false,
  metricsEntries: 16384,
  noReturnNrs: [],
  processPrograms: true,
  strMax: 256,
  argvMax: 32,
});

const BTF_PATH = "/sys/kernel/btf/vmlinux";

/** Why the probe could not be loaded, with what to do about it. */
export class ProbeError extends Error {
  constructor(
    readonly operation: string,
    readonly errno: number,
    message: string,
    readonly log: string = "",
  ) {
    super(message);
    this.name = "ProbeError";
  }
}

const ERRNO = { EPERM: 1, ENOENT: 2, EINVAL: 22, EACCES: 13, E2BIG: 7, ENOSPC: 28, ENOMEM: 12 };

function explain(op: string, errno: number): string {
  const detail = lastError();
  if (errno === ERRNO.EPERM || (errno === ERRNO.EACCES && op !== "load"))
    return `${op}: permission denied (${detail}); swoll needs root or CAP_BPF+CAP_PERFMON`;
  if (op === "load" && (errno === ERRNO.EACCES || errno === ERRNO.EINVAL))
    return `the kernel's verifier rejected the probe (${detail}); rerun with --verbose for the verifier log`;
  return `${op}: ${detail || `errno ${errno}`}`;
}

function check(op: string, rc: number | bigint, log = ""): void {
  const n = Number(rc);
  if (n < 0) throw new ProbeError(op, -n, explain(op, -n), log || takeLog());
}

const METRICS_LAYOUT_FIELDS = [
  "keySize", "keyCgroup", "keyNr", "keyErr", "valueSize", "valueCount", "valueTotal", "valueBuckets",
  "buckets", "minShift", "defaultEntries", "fullCounter",
  "procKeySize", "procKeyCgroup", "procKeyNr", "procKeyErr", "procKeyTgid", "procKeyExecGen",
  "procValueSize", "procValueMetric", "procValueComm", "commLen",
  "exitedKeySize", "exitedKeyCgroup", "exitedKeyNr", "exitedKeyErr", "exitedKeyComm",
  "nrUnknown", "nrOther", "errOther", "foldCount", "maxSyscalls",
] as const;
export type MetricsLayout = Record<(typeof METRICS_LAYOUT_FIELDS)[number], number>;

/** Sizes, offsets and bounds of struct swoll_metric_key/value and swoll_proc_metric_key/value, from the compiler. */
export function metricsLayout(): MetricsLayout {
  const out = new Uint32Array(64);
  native().swoll_metrics_layout(out, out.length);
  const layout = {} as MetricsLayout;
  METRICS_LAYOUT_FIELDS.forEach((name, i) => (layout[name] = out[i]!));
  return layout;
}

/** Programs attached only once a rule names processes: following forks and forgetting exited pids. */
export const PROCESS_PROGRAMS = ["swoll_fork", "swoll_process_exit"] as const;

export class Probe {
  private handle: Pointer | null;
  private readonly scratch = new Uint8Array(64);
  private readonly counterBuf = new BigUint64Array(COUNTER_NAMES.length);
  private readonly attached = new Set<string>();

  private constructor(handle: Pointer, readonly spec: ProbeSpec) {
    this.handle = handle;
  }

  /**
   * Open, configure, load, run `setup` (fill filters and capture specs),
   * attach. Nothing is seen before setup is done; on any failure
   * everything is released.
   */
  static load(spec: Partial<ProbeSpec>, setup?: (probe: Probe) => void): Probe {
    if (!existsSync(BTF_PATH))
      throw new ProbeError("open", ERRNO.ENOENT, `kernel has no BTF at ${BTF_PATH}; swoll needs a kernel built with CONFIG_DEBUG_INFO_BTF=y (5.8 or newer)`);
    const lib = native();
    lib.swoll_log_verbose(spec.verbose ? 1 : 0);
    const obj = probeObjectBytes();
    const handle = lib.swoll_probe_open(obj, obj.length);
    if (!handle) throw new ProbeError("open", ERRNO.EINVAL, `open probe object: ${lastError()}`, takeLog());
    const probe = new Probe(handle as Pointer, { ...defaultSpec(), ...spec }); // u64 returns are bigint only past 2^53; user pointers are below
    try {
      probe.configure();
      check("load", lib.swoll_probe_load(handle));
      setup?.(probe);
      check("attach", lib.swoll_probe_attach(handle));
      takeLog(); // keep the log buffer from growing across runs
      return probe;
    } catch (e) {
      probe.close();
      throw e;
    }
  }

  private configure(): void {
    const s = this.spec;
    for (const name of PROCESS_PROGRAMS) check("configure", native().swoll_probe_defer_attach(this.live(), cString(name), s.processPrograms ? 1 : 0));
    if (!Number.isInteger(s.strMax) || s.strMax < 1 || s.strMax > CAP_BUDGET - 64)
      throw new ProbeError("configure", ERRNO.EINVAL, `string size ${s.strMax} is out of range; use 1..${CAP_BUDGET - 64}`);
    if (!Number.isInteger(s.argvMax) || s.argvMax < 0 || s.argvMax > ARGV_LIMIT)
      throw new ProbeError("configure", ERRNO.EINVAL, `argv limit ${s.argvMax} is out of range; use 0..${ARGV_LIMIT}`);
    this.setU32("str_max", s.strMax);
    this.setU32("argv_max", s.argvMax);
    this.setU32("self_tgid", s.selfTgid);
    this.setBool("count_self", s.countSelf);
    this.setBool("shared_ring", s.sharedRing);
    this.setBool("stream", s.stream);
    this.setBool("metrics_by_cgroup", s.countByCgroup);
    this.setBool("metrics_by_process", s.countByProcess);
    this.setU32("noreturn_nr0", s.noReturnNrs[0] ?? 0xffffffff);
    this.setU32("noreturn_nr1", s.noReturnNrs[1] ?? 0xffffffff);
    this.setBool("seccomp_record", !!s.seccompRecord);
    this.setBool("seccomp_check", !!s.seccompCheck);
    this.setU32("execve_nr", s.seccompNrs?.execve ?? 0xffffffff);
    this.setU32("seccomp_nr", s.seccompNrs?.seccomp ?? 0xffffffff);
    this.setU32("prctl_nr", s.seccompNrs?.prctl ?? 0xffffffff);
    const entries = s.metricsEntries;
    if (!Number.isInteger(entries) || entries < 1 || entries > 1 << 24)
      throw new ProbeError("configure", ERRNO.EINVAL, `metrics map size ${entries} is out of range; use 1..${1 << 24}`);
    // a map not in use keeps one entry
    check("configure", native().swoll_map_set_max_entries(this.live(), cString("metrics_agg"), s.countByCgroup ? entries : 1));
    check("configure", native().swoll_map_set_max_entries(this.live(), cString("metrics_proc"), s.countByProcess ? entries : 1));
    this.configureBounds(s.countByCgroup || s.countByProcess, s.countByProcess, entries);
    check("configure", native().swoll_probe_set_ring(this.live(), s.sharedRing ? 1 : 0, s.ringBytes));
  }

  /** Capacities of the bookkeeping maps and the bounds of bpf/metrics.h. */
  private configureBounds(metrics: boolean, byProcess: boolean, entries: number): void {
    const b = this.spec.metricsBounds;
    const lib = native();
    for (const map of ["metrics_exited", "proc_index", "proc_nkeys"])
      check("configure", lib.swoll_map_set_max_entries(this.live(), cString(map), byProcess ? entries : 1));
    check("configure", lib.swoll_map_set_max_entries(this.live(), cString("metrics_cgroup_keys"), metrics && b ? entries : 1));
    check("configure", lib.swoll_prog_set_autoload(this.live(), cString("swoll_proc_exit"), byProcess ? 1 : 0));
    check("configure", lib.swoll_prog_set_autoload(this.live(), cString("swoll_seccomp_fork"), this.spec.seccompRecord ? 1 : 0));
    if (!metrics || !b) return;
    const bits = new BigUint64Array(SYSCALL_BITMAP_WORDS);
    for (const nr of b.knownSyscalls) if (nr >= 0 && nr < SYSCALL_BITMAP_WORDS * 64) bits[nr >> 6]! |= 1n << BigInt(nr & 63);
    check("configure", lib.swoll_probe_set_option(this.live(), cString("known_nrs"), new Uint8Array(bits.buffer), bits.byteLength));
    this.setBool("fold_unknown", true);
    const reserve = Math.min(Math.max(b.reserve, 1), entries);
    this.setU64("cgroup_key_limit", b.cgroupKeyLimit);
    this.setU64("agg_capacity", entries);
    this.setU64("agg_ordinary_limit", entries - reserve);
    this.setU64("proc_ordinary_limit", entries);
    this.setU64("exited_capacity", entries);
    this.setU64("exited_ordinary_limit", entries - reserve);
    this.setU32("proc_key_limit", b.procKeyLimit);
  }

  private setU64(name: string, v: number): void {
    const buf = new BigUint64Array([BigInt(v)]);
    check("configure", native().swoll_probe_set_option(this.live(), cString(name), new Uint8Array(buf.buffer), 8));
  }

  private setU32(name: string, v: number): void {
    const buf = new Uint32Array([v >>> 0]);
    check("configure", native().swoll_probe_set_option(this.live(), cString(name), buf, 4));
  }

  private setBool(name: string, v: boolean): void {
    const buf = new Uint8Array([v ? 1 : 0]);
    check("configure", native().swoll_probe_set_option(this.live(), cString(name), buf, 1));
  }

  private live(): Pointer {
    if (this.handle === null) throw new ProbeError("use", ERRNO.EINVAL, "probe is closed");
    return this.handle;
  }

  /** Insert or replace one map entry (filters, capture specs). */
  updateMap(map: string, key: Uint8Array, value: Uint8Array): void {
    check(`update ${map}`, native().swoll_map_update(this.live(), cString(map), key, value));
  }

  deleteFromMap(map: string, key: Uint8Array): void {
    check(`delete from ${map}`, native().swoll_map_delete(this.live(), cString(map), key));
  }

  /** Attach a program left out at attach (PROCESS_PROGRAMS); idempotent. */
  attachProgram(name: (typeof PROCESS_PROGRAMS)[number]): void {
    if (this.attached.has(name)) return;
    if (!this.spec.processPrograms) throw new ProbeError("rules", ERRNO.EINVAL, "this probe was opened without process rules, so no selection may name pids");
    check(`attach ${name}`, native().swoll_probe_attach_program(this.live(), cString(name)));
    this.attached.add(name);
  }

  /** Read one map entry into `value`; false when the key is absent. */
  lookupMap(map: string, key: Uint8Array, value: Uint8Array): boolean {
    const rc = native().swoll_map_lookup(this.live(), cString(map), key, value);
    if (rc === -ERRNO.ENOENT) return false;
    check(`look up ${map}`, rc);
    return true;
  }

  /** Clear rule `bit` from every rule dimension map (struct swoll_rules). */
  clearRule(bit: number): void {
    check("clear rule", native().swoll_rules_clear(this.live(), bit));
  }

  /** What to capture for syscall `nr`: one enum swoll_arg_capture per argument; `fds`: enum swoll_spec_fd (strace -y). */
  setCaptureSpec(nr: number, args: number[], flags: number, sizes: number[] = [], fds = 0): void {
    const v = new Uint8Array(CAPTURE_SPEC.size);
    v.set(args.slice(0, 6), CAPTURE_SPEC.args);
    v[CAPTURE_SPEC.flags] = flags;
    v[CAPTURE_SPEC.fds] = fds;
    const dv = new DataView(v.buffer);
    sizes.slice(0, 6).forEach((s, i) => dv.setUint16(CAPTURE_SPEC.sizes + i * 2, s, true));
    this.updateMap("capture_spec", u32(nr), v);
  }

  /** Copy waiting records into buf; returns bytes written. Never blocks. */
  drain(buf: Uint8Array): number {
    const n = Number(native().swoll_probe_drain(this.live(), buf, buf.byteLength));
    check("drain", n);
    return n;
  }

  /** Bytes still waiting in the rings. */
  pending(): number {
    return Number(native().swoll_probe_pending(this.live()));
  }

  counters(): Record<CounterName, number> {
    check("read counters", native().swoll_probe_counters(this.live(), this.counterBuf, COUNTER_NAMES.length));
    const out = {} as Record<CounterName, number>;
    COUNTER_NAMES.forEach((name, i) => (out[name] = Number(this.counterBuf[i])));
    return out;
  }

  /**
   * Copy the aggregation map into buf as [key][value] records, values
   * summed over CPUs (layout: metricsLayout(); the proc* fields when
   * `byProcess`). Returns the record count.
   */
  readMetrics(buf: Uint8Array, map: boolean | "agg" | "proc" | "exited" = false): number {
    const which = map === true || map === "proc" ? 1 : map === "exited" ? 2 : 0;
    const n = Number(native().swoll_metrics_read(this.live(), which, buf, buf.byteLength));
    check("read metrics", n);
    return n;
  }

  /** Calls counted under a folded key, and calls lost past every bound, by FOLD_NAMES. */
  folds(): Record<FoldName, number> {
    const out = new BigUint64Array(FOLD_NAMES.length);
    check("read folds", native().swoll_percpu_sums(this.live(), cString("metrics_folds"), out, FOLD_NAMES.length));
    const r = {} as Record<FoldName, number>;
    FOLD_NAMES.forEach((name, i) => (r[name] = Number(out[i])));
    return r;
  }

  /**
   * Every entry of a (non per-CPU) hash map as [key][value] records in
   * buf; the record count. Throws ProbeError with errno ENOSPC when buf
   * is too small.
   */
  dumpMap(name: string, buf: Uint8Array): number {
    const n = Number(native().swoll_map_dump(this.live(), cString(name), buf, buf.byteLength));
    check(`read ${name}`, n);
    return n;
  }

  /**
   * Run time (ns) and run count of a program (zero unless
   * kernel.bpf_stats_enabled=1), and runs skipped because it was already
   * running on that CPU.
   */
  programStats(name: string): { runTimeNs: number; runCount: number; recursionMisses: number; verifiedInsns: number } {
    const out = new BigUint64Array(4);
    check("program stats", native().swoll_prog_stats(this.live(), cString(name), out));
    return { runTimeNs: Number(out[0]), runCount: Number(out[1]), recursionMisses: Number(out[2]), verifiedInsns: Number(out[3]) };
  }

  /**
   * Detach the programs but keep the rings: nothing new is produced, and
   * what the rings hold can still be drained (to count it at exit).
   */
  detach(): void {
    if (this.handle !== null) native().swoll_probe_detach(this.handle);
  }

  get closed(): boolean {
    return this.handle === null;
  }

  /** Detach the programs and free every map; idempotent. */
  close(): void {
    if (this.handle === null) return;
    const h = this.handle;
    this.handle = null;
    native().swoll_probe_close(h);
  }
}

function u32(v: number): Uint8Array {
  return new Uint8Array(new Uint32Array([v >>> 0]).buffer);
}
