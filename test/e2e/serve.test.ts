/**
 * `swoll serve` end to end on dist/swoll: the real probe counting in the
 * kernel, real workloads in fresh cgroups, the real HTTP endpoints.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cgroupCounts, freePort, freshCgroup, parseExposition, SEED_NAME_LINTS, startServe, until, type Served } from "../helpers/serve";
import { SWOLL, expectProgramsGone, runSwoll, startTracer } from "../helpers/swoll";

// Waits below are bounded (15 s); the runner's default of 5 s is not enough on a busy host.
setDefaultTimeout(60_000);

let s: Served;
beforeAll(async () => {
  s = await startServe(["--grace", "1s"]);
});
afterAll(async () => {
  await s?.stop();
});

describe("swoll serve", () => {
  test("/healthz answers ok", async () => {
    const r = await s.get("/healthz");
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("ok\n");
  });

  test("exactly N getppid calls in a fresh cgroup count as exactly N for that cgroup", async () => {
    const cg = freshCgroup("exact");
    const N = 54321;
    try {
      cg.run("getppid", String(N));
      cg.run("open", "/nonexistent/swoll-exact", "777");
      const counts = await until("the cgroup's getppid count", () => cgroupCounts(s, cg.id), (c) => (c["sys_getppid/OK"] ?? 0) >= N);
      expect(counts["sys_getppid/OK"]).toBe(N);
      expect(counts["sys_openat/ENOENT"]).toBe(777);
      // exit_group never returns; it is counted at entry, once per process
      expect(counts["sys_exit_group/OK"]).toBe(2);
      const rows = await s.json<any[]>(`/metrics/cgroups?id=${cg.id}`);
      expect(rows.every((r) => r.cgroup === String(cg.id) && r.path === cg.path.slice(cg.path.indexOf("/swoll-test-")))).toBe(true);
    } finally {
      cg.remove();
    }
  });

  test("/metrics: valid exposition, HELP and TYPE once per family, no duplicate series", async () => {
    const r = await s.get("/metrics");
    expect(r.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const body = await r.text();
    const x = parseExposition(body);
    expect(x.duplicates).toEqual([]);
    for (const [name, n] of x.help) expect([name, n]).toEqual([name, 1]);
    expect(x.type.get("swoll_node_metrics_syscall_count")).toBe("counter");
    expect(x.type.get("swoll_node_metrics_syscall_time")).toBe("counter");
    expect(x.type.get("swoll_node_metrics_syscall_duration_seconds")).toBe("histogram");
    expect(x.type.get("swoll_build_info")).toBe("gauge");
    expect(body).toMatch(/^swoll_build_info\{version="\d+\.\d+\.\d+",arch="(x86_64|aarch64)"\} 1$/m);
    for (const cause of ["ringbuf_full", "task_storage", "recursion", "map_alloc_failed"]) expect(body).toMatch(new RegExp(`^swoll_events_lost_total\\{cause="${cause}"\\} \\d+$`, "m"));
    expect(body).toMatch(/^swoll_metrics_map_overflow_total 0$/m);
    expect(body).toMatch(/^swoll_scrape_duration_seconds [0-9.e-]+$/m);
    // host processes: empty pod labels; every label of the original swoll present, in order
    expect(body).toMatch(/^swoll_node_metrics_syscall_count\{syscall="sys_getppid",err="OK",class="\w+",group="\w+",namespace="",pod="",container=""\} \d+$/m);

    const lint = Bun.spawnSync(["promtool", "check", "metrics"], { stdin: Buffer.from(body), stdout: "pipe", stderr: "pipe" });
    const problems = (lint.stdout.toString() + lint.stderr.toString()).split("\n").filter(Boolean);
    expect(problems.sort()).toEqual([...SEED_NAME_LINTS].sort());
    expect(lint.exitCode).toBe(3); // lint findings only; a parse error exits 1
  });

  test("the histogram agrees with the counter: +Inf bucket == _count == syscall_count", async () => {
    const cg = freshCgroup("hist");
    try {
      cg.run("getppid", "1000");
      await until("getppid counted", () => cgroupCounts(s, cg.id), (c) => c["sys_getppid/OK"] === 1000);
    } finally {
      cg.remove();
    }
    const x = parseExposition(await s.text("/metrics"));
    const labels = 'syscall="sys_getppid",err="OK",class="ProcessManagement",group="Identity",namespace="",pod="",container=""';
    const count = x.samples.get(`swoll_node_metrics_syscall_count{${labels}}`)!;
    const inf = x.samples.get(`swoll_node_metrics_syscall_duration_seconds_bucket{${labels},le="+Inf"}`)!;
    const hcount = x.samples.get(`swoll_node_metrics_syscall_duration_seconds_count{${labels}}`)!;
    expect(count).toBeGreaterThanOrEqual(1000);
    // scraped at one instant: the histogram may only have caught up further
    expect(inf).toBe(hcount);
    expect(Math.abs(inf - count)).toBeLessThan(count * 0.01 + 100);
    const les = [...x.samples.keys()].filter((k) => k.startsWith(`swoll_node_metrics_syscall_duration_seconds_bucket{${labels},`));
    expect(les).toHaveLength(30);
    const values = les.map((k) => x.samples.get(k)!);
    expect(values).toEqual([...values].sort((a, b) => a - b)); // cumulative
    expect(les[0]).toContain('le="6.4e-8"');
  });

  test("series of a removed cgroup are dropped after the grace period", async () => {
    const cg = freshCgroup("prune");
    cg.run("getppid", "10");
    await until("counted", () => cgroupCounts(s, cg.id), (c) => c["sys_getppid/OK"] === 10);
    const prunedBefore = parseExposition(await s.text("/metrics")).samples.get("swoll_metrics_pruned_total")!;
    cg.remove();
    await until("series dropped", () => cgroupCounts(s, cg.id), (c) => Object.keys(c).length === 0, 15000);
    const prunedAfter = parseExposition(await s.text("/metrics")).samples.get("swoll_metrics_pruned_total")!;
    expect(prunedAfter).toBeGreaterThan(prunedBefore);
  });

  test("/metrics/charts is the page; its script, echarts and data are served locally", async () => {
    const page = await s.text("/metrics/charts");
    expect(page).toContain('<div id="sankey"');
    expect(page).not.toMatch(/https?:\/\//); // nothing from the internet
    const echarts = await s.get("/metrics/charts/echarts.min.js");
    expect(echarts.headers.get("content-type")).toContain("javascript");
    expect((await echarts.text()).length).toBeGreaterThan(500_000);
    const data = await s.json("/metrics/charts/data");
    expect(data.stages).toEqual(["syscall", "err", "class", "group", "namespace", "pod", "container"]);
    expect(data.rows.length).toBeGreaterThan(0);
    expect(data.latency[0]).toHaveProperty("p99_ns");
  });

  test("bad requests: unknown path 404, bad cgroup id 400, POST 405", async () => {
    expect((await s.get("/nope")).status).toBe(404);
    expect((await s.get("/metrics/cgroups?id=abc")).status).toBe(400);
    expect((await fetch(s.base + "/metrics", { method: "POST" })).status).toBe(405);
  });
});

describe("swoll serve: map capacity, lifecycle, errors", () => {
  test("a full aggregation map is counted as overflow, never silently", async () => {
    const small = await startServe(["--max-series", "4"]);
    try {
      const cg = freshCgroup("full");
      try {
        cg.run("open", "/nonexistent/swoll-full", "10");
      } finally {
        cg.remove();
      }
      const body = await until("overflow counted", () => small.text("/metrics"), (b) => /^swoll_metrics_map_overflow_total [1-9]\d*$/m.test(b));
      expect(body).toMatch(/^swoll_metrics_map_entries 4$/m);
      expect(body).toMatch(/^swoll_metrics_map_capacity 4$/m);
    } finally {
      await small.stop();
    }
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    test(`${signal}: exits 0, quietly, nothing left attached`, async () => {
      const x = await startServe();
      const code = await x.stop(signal);
      expect(code).toBe(0);
      // the stream API's notice (this runs in the host's network namespace) may follow, nothing else
      expect(x.t.err()).toMatch(/^swoll: serving http:\/\/127\.0\.0\.1:\d+\/metrics and \S+\/metrics\/charts\n(swoll: trace stream API off: [^\n]*\n)?$/);
      expect(await expectProgramsGone(x.t.progIds)).toEqual([]);
    });
  }

  test("the port in use: one line, exit 1; a second swoll never shares the port", async () => {
    const busy = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    try {
      const r = runSwoll(["serve", "--listen", `127.0.0.1:${busy.port}`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`swoll: port ${busy.port} on 127.0.0.1 is in use; stop what listens there or pick another port with --listen\n`);
    } finally {
      busy.stop(true);
    }
    // two swolls on one node (a DaemonSet rolled twice) must not split the scrapes
    const second = runSwoll(["serve", "--listen", `127.0.0.1:${s.port}`]);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(`swoll: port ${s.port} on 127.0.0.1 is in use; stop what listens there or pick another port with --listen\n`);
  });

  for (const bad of ["127.0.0.1", "localhost:99999", "1.2.3.4.5:80", "[::g]:80", "a b:80", "127.0.0.1:-1"]) {
    test(`--listen '${bad}' is refused in one line`, () => {
      const r = runSwoll(["serve", "--listen", bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`swoll: invalid --listen '${bad}'; use HOST:PORT such as 127.0.0.1:9095, or :PORT for all interfaces\n`);
    });
  }

  test("--listen :PORT serves on all interfaces", async () => {
    const port = freePort();
    const t = await startTracer(["serve", "--listen", `:${port}`]);
    try {
      await t.waitFor((t) => t.err().includes("on all interfaces"));
      const ss = Bun.spawnSync(["ss", "-Hltn", `sport = :${port}`], { stdout: "pipe" }).stdout.toString();
      expect(ss).toMatch(/(\*|\[::\]|0\.0\.0\.0):\d+/);
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).toBe("ok\n");
    } finally {
      await t.stop();
    }
  });

  test("an address this machine does not have: one line, exit 1", () => {
    const r = runSwoll(["serve", "--listen", "192.0.2.1:9095"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^swoll: cannot listen on 192\.0\.2\.1: no such local address; .*\n$/);
  });

  test("not root: says what privileges are needed", () => {
    const r = runSwoll(["serve"], { user: 65534 });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`swoll: not enough privileges to load the probe: swoll needs root or CAP_BPF+CAP_PERFMON (missing CAP_BPF, CAP_PERFMON); run it with sudo, or grant them with sudo setcap cap_bpf,cap_perfmon+ep ${SWOLL}\n`);
  });
});
