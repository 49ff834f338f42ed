/** Metrics read-out, exposition and charts data, without a running server. */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { metricsLayout, COUNTER_NAMES } from "../../ffi/probe";
import { bucketOf, latencyBoundsNs, type KernelRow } from "../../cli/metrics/kernel";
import { Exposition, escapeHelp, escapeLabelValue, formatLabels, formatValue, writeSyscallSeries } from "../../cli/metrics/prometheus";
import { LABELS, type Series } from "../../cli/metrics/series";
import { errLabel, hostIdentity, quantileNs, toSeries } from "../../cli/metrics/series";
import { chartsData, cgroupRows } from "../../cli/metrics/charts";
import { CgroupTracker, scanCgroups } from "../../cli/metrics/cgroups";
import { cgroup2Mount } from "../../cli/containers/cgroupfs";
import { parseListen } from "../../cli/commands/serve";
import { syscallTable } from "../../cli/decode/syscalls";
import { SEED_NAME_LINTS } from "../helpers/serve";

const table = syscallTable("x86_64");
const B = 30;
const row = (cgroupId: number, nr: number, errno: number, count: number, bucket = 3): KernelRow => {
  const buckets = new Array(B).fill(0);
  buckets[bucket] = count;
  return { cgroupId, nr, errno, count, totalNs: BigInt(count * 500), buckets };
};

describe("kernel layout", () => {
  test("the compiler's record layout is what kernel.ts reads", () => {
    const l = metricsLayout();
    expect(l).toMatchObject({ keySize: 16, keyCgroup: 0, keyNr: 8, keyErr: 12, valueSize: 256, valueCount: 0, valueTotal: 8, valueBuckets: 16, buckets: 30, minShift: 6, defaultEntries: 16384 });
    expect(COUNTER_NAMES[l.fullCounter]).toBe("metrics_full");
  });

  test("the per-process record (swoll top): serve's key plus pid and exec generation, serve's value plus the comm", () => {
    const l = metricsLayout();
    expect(l).toMatchObject({ procKeySize: 24, procKeyCgroup: 0, procKeyNr: 8, procKeyErr: 12, procKeyTgid: 16, procKeyExecGen: 20, procValueSize: 272, procValueMetric: 0, procValueComm: 256, commLen: 16 });
    // fixed width, no padding: every field ends where the next begins
    expect(l.procKeyExecGen + 4).toBe(l.procKeySize);
    expect(l.procValueComm).toBe(l.valueSize);
    expect(l.procValueComm + l.commLen).toBe(l.procValueSize);
    expect(l.procValueSize % 8).toBe(0); // per-CPU values are copied in 8-byte units
  });

  test("bucket bounds run from 64 ns to 2^34 ns (17 s), then +Inf", () => {
    const b = latencyBoundsNs();
    expect(b).toHaveLength(29);
    expect(b[0]).toBe(64);
    expect(b[28]).toBe(2 ** 34);
    expect(b.some((ns) => ns <= 100) && b.some((ns) => ns >= 10e9)).toBe(true);
  });

  test("bucketOf mirrors the probe's latency_bucket: each bound is inclusive", () => {
    expect([0, 1, 2, 64].map((ns) => bucketOf(ns))).toEqual([0, 0, 0, 0]);
    expect([65, 128, 129, 256, 257].map((ns) => bucketOf(ns))).toEqual([1, 1, 2, 2, 3]);
    expect(bucketOf(2 ** 34)).toBe(28);
    expect(bucketOf(2 ** 34 + 1)).toBe(29);
    expect(bucketOf(1e15)).toBe(29);
  });
});

describe("exposition format", () => {
  test("label values escape backslash, quote and newline; help escapes backslash and newline", () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeHelp('x\\y\n"z"')).toBe('x\\\\y\\n"z"');
  });

  test("values: integers exact (also beyond 2^53), special floats spelled as Prometheus reads them", () => {
    expect(formatValue(2n ** 64n - 1n)).toBe("18446744073709551615");
    expect(formatValue(Infinity)).toBe("+Inf");
    expect(formatValue(-Infinity)).toBe("-Inf");
    expect(formatValue(NaN)).toBe("NaN");
    expect(formatValue(6.4e-8)).toBe("6.4e-8");
  });

  test("a family is declared once", () => {
    const x = new Exposition().family("a_total", "counter", "A.");
    expect(() => x.family("a_total", "counter", "A.")).toThrow(/declared twice/);
  });

  test("rows of several host cgroups with one label set become one series", () => {
    const series = toSeries([row(1, 110, 0, 5), row(7, 110, 0, 3), row(7, 257, 2, 4)], table, hostIdentity);
    expect(series).toHaveLength(2);
    const getppid = series.find((s) => s.labels.syscall === "sys_getppid")!;
    expect(getppid.count).toBe(8);
    expect(getppid.buckets[3]).toBe(8);
    expect(getppid.labels).toEqual({ syscall: "sys_getppid", err: "OK", class: "ProcessManagement", group: "Identity", namespace: "", pod: "", container: "" });
    expect(series.find((s) => s.labels.syscall === "sys_openat")!.labels.err).toBe("ENOENT");
  });

  test("err label: OK, errno names (kernel-internal too), E<n> for unknown numbers", () => {
    expect([0, 2, 110, 512, 4000].map(errLabel)).toEqual(["OK", "ENOENT", "ETIMEDOUT", "ERESTARTSYS", "E4000"]);
  });

  test("histogram: cumulative buckets, +Inf == _count, _sum in seconds", () => {
    const r = row(1, 0, 0, 0);
    r.buckets = new Array(B).fill(0);
    r.buckets[0] = 2;
    r.buckets[5] = 3;
    r.buckets[29] = 1; // beyond 17 s
    r.count = 6;
    r.totalNs = 30_000_000_000n;
    const x = new Exposition();
    writeSyscallSeries(x, toSeries([r], table, hostIdentity), latencyBoundsNs());
    const text = x.text();
    const lbl = 'syscall="sys_read",err="OK",class="FileSystem",group="IO",namespace="",pod="",container=""';
    expect(text).toContain(`swoll_node_metrics_syscall_duration_seconds_bucket{${lbl},le="6.4e-8"} 2\n`);
    expect(text).toContain(`swoll_node_metrics_syscall_duration_seconds_bucket{${lbl},le="0.000002048"} 5\n`);
    expect(text).toContain(`swoll_node_metrics_syscall_duration_seconds_bucket{${lbl},le="17.179869184"} 5\n`);
    expect(text).toContain(`swoll_node_metrics_syscall_duration_seconds_bucket{${lbl},le="+Inf"} 6\n`);
    expect(text).toContain(`swoll_node_metrics_syscall_duration_seconds_count{${lbl}} 6\n`);
    expect(text).toContain(`swoll_node_metrics_syscall_duration_seconds_sum{${lbl}} 30\n`);
    expect(text).toContain(`swoll_node_metrics_syscall_time{${lbl}} 30000000000\n`);
    expect(text.match(/^# TYPE /gm)).toHaveLength(3);
  });

  test("the syscall families are byte-identical to escaping every line on its own, for a fixed input", () => {
    const ids: Record<number, { namespace: string; pod: string; container: string }> = {
      1: { namespace: 'ns"quoted"', pod: "pod\\back\nslash", container: 'ctr=1,le="+Inf"}' },
      2: { namespace: "", pod: "", container: "" },
      3: { namespace: "kube-system", pod: "coredns-7d", container: "coredns" },
      4: { namespace: "kube-system", pod: "coredns-7d", container: "coredns" },
    };
    const rows = [[1, 257, 2, 9], [2, 0, 0, 1], [3, 59, 13, 4], [4, 0, 0, 7]].map(([c, nr, e, n], i) => ({
      ...row(c!, nr!, e!, n!),
      totalNs: BigInt(n! * 1234567),
      buckets: Array.from({ length: B }, (_, b) => (b * 7 + i) % 5),
    }));
    const bounds = [64, 128, 256, 1024, 1e6, 17179869184];
    const series = toSeries(rows, table, (id) => ids[id]!);
    const x = new Exposition();
    writeSyscallSeries(x, series, bounds);
    // The reference: every line formats (and escapes) its own labels.
    const ref = new Exposition();
    const pairs = (s: Series) => LABELS.map((l) => [l, s.labels[l]] as const);
    ref.family("swoll_node_metrics_syscall_count", "counter", "Syscalls that returned, by syscall, result (err) and the container that made them.");
    for (const s of series) ref.sample("swoll_node_metrics_syscall_count", pairs(s), s.count);
    ref.family("swoll_node_metrics_syscall_time", "counter", "Nanoseconds spent in syscalls, from entry to exit, by syscall, result and container.");
    for (const s of series) ref.sample("swoll_node_metrics_syscall_time", pairs(s), s.totalNs);
    ref.family("swoll_node_metrics_syscall_duration_seconds", "histogram", "Syscall latency from entry to exit, by syscall, result and container.");
    for (const s of series) {
      let acc = 0;
      s.buckets.forEach((n, b) => {
        acc += n;
        if (b < bounds.length) ref.sample("swoll_node_metrics_syscall_duration_seconds_bucket", [...pairs(s), ["le", formatValue(bounds[b]! / 1e9)]], acc);
      });
      ref.sample("swoll_node_metrics_syscall_duration_seconds_bucket", [...pairs(s), ["le", "+Inf"]], acc);
      ref.sample("swoll_node_metrics_syscall_duration_seconds_sum", pairs(s), Number(s.totalNs) / 1e9);
      ref.sample("swoll_node_metrics_syscall_duration_seconds_count", pairs(s), acc);
    }
    expect(x.text()).toBe(ref.text());
    // and the bytes the per-line renderer produced before labels were escaped once per series
    expect(new Bun.CryptoHasher("sha256").update(x.text()).digest("hex")).toBe("a5163726d78402102a756b2cdbb3faa2a474ae023dc8480121e9b36068191d10");
    expect(x.text()).toContain(formatLabels([["namespace", 'ns"quoted"']]).slice(1, -1));
  });

  test("promtool accepts hostile label values; it only lints the original swoll's names", () => {
    const hostile = () => ({ namespace: 'ns"quoted"', pod: "pod\\back\nslash", container: "ctr=1,le=\"+Inf\"}" });
    const x = new Exposition();
    writeSyscallSeries(x, toSeries([row(1, 257, 2, 9), row(2, 0, 0, 1)], table, hostile), latencyBoundsNs());
    const r = Bun.spawnSync(["promtool", "check", "metrics"], { stdin: Buffer.from(x.text()), stdout: "pipe", stderr: "pipe" });
    const out = (r.stdout.toString() + r.stderr.toString()).split("\n").filter(Boolean).sort();
    expect(out).toEqual([...SEED_NAME_LINTS].sort());
  });
});

describe("charts and cgroup data", () => {
  test("latency summary per syscall, slowest first; quantiles are bucket bounds", () => {
    const bounds = latencyBoundsNs();
    const slow = row(1, 0, 0, 100, 20);
    slow.totalNs = 100n * 50_000_000n;
    const d = chartsData(toSeries([row(1, 110, 0, 10, 1), slow], table, hostIdentity), bounds, 0, 0, new Date(0));
    expect(d.latency.map((l) => l.syscall)).toEqual(["sys_read", "sys_getppid"]);
    expect(d.latency[0]).toEqual({ syscall: "sys_read", count: 100, mean_ns: 50_000_000, p50_ns: 2 ** 26, p99_ns: 2 ** 26 });
    expect(d.rows).toHaveLength(2);
    expect(quantileNs([0, 0, 1], [64, 128], 0.99)).toBe(Infinity);
    expect(quantileNs([0, 0], [64], 0.5)).toBeNull();
  });

  test("/metrics/cgroups rows: one per kernel entry, filtered by id, ids as decimal strings", () => {
    const big = 2 ** 52 + 3; // a cgroup id past 32 bits (kernfs keeps wrap counts in the high half)
    const rows = cgroupRows([row(1, 110, 0, 5), row(big, 257, 2, 4)], table, (id) => (id === 1 ? "/" : undefined), big);
    expect(rows).toEqual([{ cgroup: String(big), path: null, syscall: "sys_openat", err: "ENOENT", count: 4, time_ns: "2000" }]);
  });
});

describe("cgroups", () => {
  test("the cgroup2 mount comes from /proc/mounts, octal escapes decoded", () => {
    expect(cgroup2Mount("cgroup2 /sys/fs/cgroup/my\\040dir cgroup2 rw 0 0\n")).toBe("/sys/fs/cgroup/my dir");
    expect(cgroup2Mount("proc /proc proc rw 0 0\n")).toBeNull();
  });

  test("scanCgroups maps each directory's inode to its path", () => {
    const dir = mkdtempSync(join(tmpdir(), "swoll-cg-"));
    try {
      Bun.spawnSync(["mkdir", "-p", join(dir, "a/b")]);
      const m = scanCgroups(dir);
      expect([...m.values()].sort()).toEqual(["/", "/a", "/a/b"]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test("an id absent for the grace period expires; live ids never do", () => {
    let now = 0;
    const t = new CgroupTracker({ root: cgroup2Mount(), graceMs: 1000, now: () => now });
    expect(t.enabled).toBe(true);
    const gone = 2 ** 40;
    expect([...t.expired([1, gone])]).toEqual([]);
    now = 999;
    expect([...t.expired([1, gone])]).toEqual([]);
    now = 1000;
    expect([...t.expired([1, gone, gone])]).toEqual([gone]);
  });

  test("pruning is off (with a reason) when the mount is not the hierarchy's root", () => {
    const dir = mkdtempSync(join(tmpdir(), "swoll-cg-"));
    try {
      const t = new CgroupTracker({ root: dir, graceMs: 1 });
      expect(t.enabled).toBe(false);
      expect(t.disabledReason).toContain("not the root");
      expect(t.expired([5]).size).toBe(0);
      expect(new CgroupTracker({ root: null, graceMs: 1 }).disabledReason).toBe("no cgroup2 mount in /proc/mounts");
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe("--listen", () => {
  const ok: [string, string, number][] = [
    ["127.0.0.1:9095", "127.0.0.1", 9095],
    [":9095", "::", 9095],
    ["9095", "127.0.0.1", 9095],
    ["[::1]:80", "::1", 80],
    ["localhost:0", "localhost", 0],
    ["node-1.example:65535", "node-1.example", 65535],
  ];
  for (const [text, hostname, port] of ok) test(`'${text}'`, () => expect(parseListen(text)).toEqual({ hostname, port }));
  for (const bad of ["", ":", "127.0.0.1", "127.0.0.1:70000", "[::1]", "[zz]:1", "::1:80", "1.2.3.4.5:1", "-x:1", "a_b:1"])
    test(`'${bad}' is refused`, () => expect(() => parseListen(bad)).toThrow(/^invalid --listen/));
});
