/**
 * `swoll serve` against an unprivileged tenant that tries to grow its
 * kernel map: syscall numbers no kernel has, many different failing
 * calls, and enough cgroups to fill the map. The real probe, real cgroups, real HTTP; the tenant runs as nobody.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cgroupCounts, freshCgroup, startServe, until, type Served, type TestCgroup } from "../helpers/serve";
import { workload } from "../helpers/swoll";

setDefaultTimeout(90_000);

const PER_CGROUP = 64; // starting a process as nobody (sh, setpriv, exec) makes about 35
const CAPACITY = 512; // an eighth (64) kept for overflow keys; small, to be filled in a test

/** Run the fixture workload as nobody inside the cgroup and wait for it. */
function runAsNobody(cg: TestCgroup, ...args: string[]): void {
  const script = `echo $$ > "$1/cgroup.procs" && shift && exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"`;
  const r = Bun.spawnSync(["sh", "-c", script, "sh", cg.path, workloadCopy(), ...args], { stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`workload ${args.join(" ")} as nobody failed: ${r.stderr}`);
}

/** The fixture, copied where nobody can execute it (the build directory may not be). */
let copy: string | undefined;
function workloadCopy(): string {
  if (copy) return copy;
  copy = `/tmp/swoll-wl-bounds-${process.pid}`;
  Bun.spawnSync(["install", "-m", "0755", workload(), copy]);
  return copy;
}

// room for every cgroup of a busy shared host, so that only the per-cgroup limit applies
let s: Served;
beforeAll(async () => {
  s = await startServe(["--max-series", "65536", "--max-series-per-cgroup", String(PER_CGROUP), "--grace", "1h"]);
});
afterAll(async () => {
  await s?.stop();
  if (copy) Bun.spawnSync(["rm", "-f", copy]);
});

const foldedBy = (body: string, reason: string) => Number(new RegExp(`^swoll_metrics_folded_total\\{reason="${reason}"\\} (\\d+)$`, "m").exec(body)![1]);

const sumOf = (counts: Record<string, number>, pred: (k: string) => boolean) =>
  Object.entries(counts).filter(([k]) => pred(k)).reduce((n, [, v]) => n + v, 0);

describe("swoll serve: what a tenant cannot grow", () => {
  test("syscall numbers outside the table are one series, sys_unknown, counted exactly", async () => {
    const cg = freshCgroup("unknown");
    try {
      runAsNobody(cg, "invalid", "3000", "2000");
      const counts = await until("sys_unknown counted", () => cgroupCounts(s, cg.id), (c) => (c["sys_unknown/ENOSYS"] ?? 0) >= 3000);
      expect(counts["sys_unknown/ENOSYS"]).toBe(3000);
      expect(Object.keys(counts).filter((k) => k.startsWith("sys_syscall_"))).toEqual([]);
      const body = await s.text("/metrics");
      expect(body).not.toMatch(/syscall="sys_syscall_2\d{3}"/);
      expect(Number(/^swoll_metrics_folded_total\{reason="unknown_syscall"\} (\d+)$/m.exec(body)![1])).toBeGreaterThanOrEqual(3000);
    } finally {
      cg.remove();
    }
  });

  test("a cgroup holds at most --max-series-per-cgroup keys; the rest count as sys_other", async () => {
    const cg = freshCgroup("badfd");
    try {
      const before = foldedBy(await s.text("/metrics"), "cgroup_limit");
      runAsNobody(cg, "badfd");
      const counts = await until("sys_other counted", () => cgroupCounts(s, cg.id), (c) => (c["sys_other/other"] ?? 0) > 0);
      // its own keys, plus the one overflow key
      expect(Object.keys(counts).length).toBe(PER_CGROUP + 1);
      // 51 different failing calls: what did not fit is in sys_other, none of it lost
      const body = await s.text("/metrics");
      // the counter is the node's (other cgroups may reach their limit too), at least ours
      expect(foldedBy(body, "cgroup_limit") - before).toBeGreaterThanOrEqual(counts["sys_other/other"]!);
      expect(body).toMatch(/^swoll_events_lost_total\{cause="map_full"\} 0$/m);
    } finally {
      cg.remove();
    }
  });

  test("with the map full of a tenant's cgroups, a new container is still counted, and the folding is reported", async () => {
    const s = await startServe(["--max-series", String(CAPACITY), "--max-series-per-cgroup", String(PER_CGROUP), "--grace", "1h"]);
    // each cgroup makes its 64 keys: 20 of them are more than the 448 ordinary keys
    const filler: TestCgroup[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const cg = freshCgroup(`fill${i}`);
        filler.push(cg);
        runAsNobody(cg, "badfd");
      }
      await until("map at its ordinary limit", () => s.text("/metrics"), (b) => Number(/^swoll_metrics_folded_total\{reason="map_reserve"\} (\d+)$/m.exec(b)?.[1] ?? 0) > 0);
      const late = freshCgroup("late");
      try {
        late.run("getppid", "7777");
        const counts = await until("the late container counted", () => cgroupCounts(s, late.id), (c) => sumOf(c, () => true) >= 7777);
        // its calls are in its own keys if any were left, else in its overflow key
        expect((counts["sys_getppid/OK"] ?? 0) + (counts["sys_other/other"] ?? 0)).toBeGreaterThanOrEqual(7777);
        const body = await s.text("/metrics");
        expect(body).toMatch(/^swoll_events_lost_total\{cause="map_full"\} 0$/m);
        expect(Number(/^swoll_metrics_map_entries (\d+)$/m.exec(body)![1])).toBeLessThanOrEqual(CAPACITY);
      } finally {
        late.remove();
      }
    } finally {
      for (const cg of filler) cg.remove();
      await s.stop();
    }
  });
});
