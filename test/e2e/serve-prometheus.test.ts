/**
 * The original swoll's Prometheus queries against the real Prometheus
 * (Debian's package, installed by scripts/setup.sh) scraping `swoll serve`.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startServe, until, type Served } from "../helpers/serve";
import { runWorkload, uniquePath } from "../helpers/swoll";

/** Start-up and bounded waits take longer than the runner's 5 s default. */
const LONG = 60_000;

let swoll: Served;
let prom: ReturnType<typeof Bun.spawn>;
let promUrl: string;
let dir: string;

beforeAll(async () => {
  swoll = await startServe();
  dir = mkdtempSync(join(tmpdir(), "swoll-prom-"));
  writeFileSync(
    join(dir, "prometheus.yml"),
    [
      "global:",
      "  scrape_interval: 1s",
      "  evaluation_interval: 1s",
      "scrape_configs:",
      "  - job_name: swoll",
      "    scrape_interval: 1s",
      "    scrape_timeout: 1s",
      "    static_configs:",
      `      - targets: ["127.0.0.1:${swoll.port}"]`,
      "",
    ].join("\n"),
  );
  const port = freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prom = Bun.spawn(
    ["prometheus", `--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"],
    { stdout: "ignore", stderr: "pipe" },
  );
  await until("prometheus ready", () => fetch(`${promUrl}/-/ready`).then((r) => r.status).catch(() => 0), (s) => s === 200, 30000);
  await until("swoll scraped", () => instant("up"), (r) => r.some((x) => x.labels === '{instance="127.0.0.1:' + swoll.port + '", job="swoll"}' && x.value === 1), 30000);
}, LONG);

afterAll(async () => {
  prom?.kill("SIGTERM");
  await prom?.exited;
  await swoll?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, LONG);

interface Sample {
  labels: string;
  value: number;
}

/** `promtool query instant`, its promql-format output parsed: `{a="b"} => 12 @[t]`. */
function instant(query: string): Sample[] {
  const r = Bun.spawnSync(["promtool", "query", "instant", promUrl, query], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`promtool query instant failed: ${r.stderr}`);
  return r.stdout
    .toString()
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const m = /^(?:[a-zA-Z_:][\w:]*)?(\{.*\}) => (\S+) @\[[\d.]+\]$/.exec(line);
      if (!m) throw new Error(`unexpected promtool line: ${line}`);
      return { labels: m[1]!, value: Number(m[2]) };
    });
}

// The original README's first two queries, with namespace="kube-system"
// dropped: processes outside pods have empty namespace and pod labels.
const BY_ERR = "sort_desc(sum(swoll_node_metrics_syscall_count) by (err))";
const OPENAT_BY_POD = 'sort_desc(sum(swoll_node_metrics_syscall_count{syscall="sys_openat"}) by (namespace,pod))';
const OPENAT_ENOENT = 'sum(swoll_node_metrics_syscall_count{syscall="sys_openat",err="ENOENT"})';

const valueOf = (samples: Sample[], labels: string) => samples.find((s) => s.labels === labels)?.value ?? 0;

test("the original README's queries see every failed openat of a workload", async () => {
  const N = 200_000;
  // Wait for a scrape that includes everything so far, then note the baseline.
  const now = Date.now() / 1000;
  await until("a scrape after now", () => valueOf(instant('max(timestamp(up{job="swoll"}))'), "{}"), (t) => t > now, 20000);
  const enoentBefore = valueOf(instant(OPENAT_ENOENT), "{}");
  const byErrBefore = valueOf(instant(BY_ERR), '{err="ENOENT"}');
  const openatBefore = valueOf(instant(OPENAT_BY_POD), "{}");

  runWorkload("open", uniquePath("prom-missing") + "/x", String(N));

  const enoentAfter = await until("Prometheus to scrape the workload", () => valueOf(instant(OPENAT_ENOENT), "{}"), (v) => v - enoentBefore >= N, 20000);
  const delta = enoentAfter - enoentBefore;
  expect(delta).toBeGreaterThanOrEqual(N);
  // other processes on this host fail openat with ENOENT too, but rarely
  expect(delta).toBeLessThan(N * 1.05 + 1000);

  // Query 1: by err. ENOENT is there and grew by at least the workload.
  const byErr = instant(BY_ERR);
  expect(byErr[0]!.value).toBeGreaterThan(0);
  expect(byErr.map((s) => s.labels)).toContain('{err="OK"}');
  expect(valueOf(byErr, '{err="ENOENT"}') - byErrBefore).toBeGreaterThanOrEqual(N);
  expect(byErr.every((s) => /^\{err="(OK|E[A-Z0-9_]+)"\}$/.test(s.labels))).toBe(true);

  // Query 2: openat by (namespace, pod). Host processes: one series, empty labels.
  const byPod = instant(OPENAT_BY_POD);
  expect(byPod.map((s) => s.labels)).toEqual(["{}"]);
  expect(byPod[0]!.value - openatBefore).toBeGreaterThanOrEqual(N);
}, LONG);

test("Prometheus reads the latency histogram: histogram_quantile over the kernel buckets", () => {
  const q = instant('histogram_quantile(0.5, sum(swoll_node_metrics_syscall_duration_seconds_bucket{syscall="sys_openat",err="ENOENT"}) by (le))');
  expect(q).toHaveLength(1);
  expect(q[0]!.value).toBeGreaterThan(0);
  expect(q[0]!.value).toBeLessThan(0.01); // a failed path lookup takes microseconds
});
