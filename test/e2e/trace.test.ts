/**
 * End to end on the compiled dist/swoll: the real probe in the running
 * kernel, real processes, real output.
 */
import { describe, expect, test, setDefaultTimeout } from "bun:test";
import { writeFileSync, rmSync } from "node:fs";
import { expectProgramsGone, runWorkload, startTracer, uniquePath, workload, SWOLL, ROOT } from "../helpers/swoll";
import { join } from "node:path";

// The real probe and real processes: each wait is bounded in the test itself.
setDefaultTimeout(60_000);

const find = (events: any[], path: string) => events.filter((e) => e.args?.pathname === path);

describe("swoll trace --json", () => {
  test("openat of an existing file: pathname, flags, returned fd, OK", async () => {
    const path = uniquePath("open");
    writeFileSync(path, "x");
    const t = await startTracer(["trace", "-s", "openat", "--comm", "swoll-wl", "--json", "-d", "30s"]);
    try {
      // In a session of its own, so the session id is known whatever session
      // the test runner was started in (CI's may be 0).
      const r = Bun.spawnSync(["setsid", workload(), "open", path]);
      expect(r.exitCode).toBe(0);
      await t.waitFor((t) => t.out().includes(path));
    } finally {
      await t.stop();
      rmSync(path, { force: true });
    }
    const [ev] = find(t.json(), path);
    expect(ev.syscall).toEqual({ nr: 257, name: "sys_openat", class: "FileSystem", group: "Files" });
    expect(ev.comm).toBe("swoll-wl");
    expect(ev.error).toBe("OK");
    expect(ev.return).toBeGreaterThanOrEqual(3);
    expect(ev.args.dir_fd).toBe(-100);
    expect(ev.args.flags).toEqual(["O_RDONLY", "O_CLOEXEC"]);
    expect(ev.pid).toBe(ev.tid);
    expect(ev.uid).toBe(0);
    expect(ev.container).toBeNull();
    expect(ev.finish).toBeGreaterThanOrEqual(ev.start);
    expect(ev.pid_ns).toBeGreaterThan(0);
    expect(ev.mount_ns).toBeGreaterThan(0);
    expect(ev.uts_ns).toBeGreaterThan(0);
    expect(ev.cgroup_id).toBeGreaterThan(0);
    expect(ev.session).toBe(ev.pid);
    expect(Math.abs(Date.parse(ev.time) - Date.now())).toBeLessThan(60_000);
  });

  test("openat of a missing path reports ENOENT and -2", async () => {
    const path = uniquePath("missing");
    const t = await startTracer(["trace", "-s", "sys_openat", "--comm", "swoll-wl", "--json", "-d", "30s"]);
    try {
      runWorkload("open", path);
      await t.waitFor((t) => t.out().includes(path));
    } finally {
      await t.stop();
    }
    const [ev] = find(t.json(), path);
    expect(ev.error).toBe("ENOENT");
    expect(ev.return).toBe(-2);
  });

  test("execve shows filename and argv", async () => {
    const tag = `swoll-${Math.random().toString(36).slice(2)}`;
    const t = await startTracer(["trace", "-s", "execve", "--json", "-d", "30s"]);
    try {
      Bun.spawnSync(["/bin/echo", tag, "second arg", "--third"]);
      await t.waitFor((t) => t.out().includes(tag));
    } finally {
      await t.stop();
    }
    const ev = t.json().find((e) => e.args?.argv?.includes(tag));
    expect(ev.syscall.name).toBe("sys_execve");
    expect(ev.args.filename).toBe("/bin/echo");
    expect(ev.args.argv).toEqual(["/bin/echo", tag, "second arg", "--third"]);
    expect(ev.error).toBe("OK");
    expect(ev.return).toBe(0);
    expect(ev.comm).toBe("echo"); // identity is taken at exit, after the exec
  });

  test("--pid keeps only that process", async () => {
    const pathA = uniquePath("pid-a");
    const pathB = uniquePath("pid-b");
    const a = Bun.spawn([workload(), "open-loop", pathA, "20"]);
    const b = Bun.spawn([workload(), "open-loop", pathB, "20"]);
    const t = await startTracer(["trace", "-s", "openat", "-p", String(a.pid), "--json", "-d", "30s"]);
    try {
      await t.waitFor((t) => find(t.json(), pathA).length >= 5);
    } finally {
      await t.stop();
      a.kill();
      b.kill();
    }
    const events = t.json().filter((e) => !e.type);
    expect(find(events, pathA).length).toBeGreaterThanOrEqual(5);
    expect(find(events, pathB)).toHaveLength(0);
    expect(events.every((e) => e.pid === a.pid)).toBe(true);
  });

  test("--limit exits by itself after exactly n events", async () => {
    const path = uniquePath("limit");
    const t = await startTracer(["trace", "-s", "openat", "--comm", "swoll-wl", "--limit", "3", "--json", "-d", "30s"]);
    runWorkload("open", path, "10");
    const code = await Promise.race([t.exited, Bun.sleep(20000).then(() => -1)]);
    if (code === -1) await t.stop("SIGKILL");
    expect(code).toBe(0);
    expect(t.lines()).toHaveLength(3);
    expect(t.json().every((e) => e.syscall.name === "sys_openat")).toBe(true);
    expect(await expectProgramsGone(t.progIds)).toEqual([]);
  });

  test("the tracer never sees its own syscalls", async () => {
    const t = await startTracer(["trace", "--json", "-d", "1500ms"]);
    runWorkload("getppid", "1000");
    await t.exited;
    const events = t.json().filter((e) => !e.type);
    expect(events.length).toBeGreaterThan(1000);
    expect(events.filter((e) => e.pid === t.pid)).toEqual([]);
    // and it did see the workload, through its comm
    expect(events.some((e) => e.comm === "swoll-wl" && e.syscall.name === "sys_getppid")).toBe(true);
  });

  test("a full ring buffer is reported as lost events, never hidden", async () => {
    const t = await startTracer(["trace", "--json", "--buffer-size", "4096", "--poll-interval", "200", "-d", "3s"]);
    runWorkload("getppid", "300000");
    await t.exited;
    const lost = t.json().filter((e) => e.type === "lost");
    expect(lost.length).toBeGreaterThan(0);
    expect(lost[0].cause).toBe("ringbuf_full");
    expect(lost.reduce((n, l) => n + l.count, 0)).toBeGreaterThan(0);
    expect(Date.parse(lost[0].to)).toBeGreaterThanOrEqual(Date.parse(lost[0].from));
    expect(t.err()).toMatch(/^swoll: \d+ events, \d+ lost: \d+ \(ring buffer full\)$/m);
  });
});

describe("swoll trace text output", () => {
  test("strace-style line for a failing openat", async () => {
    const path = uniquePath("text");
    const t = await startTracer(["trace", "-s", "openat", "--comm", "swoll-wl", "-d", "30s"]);
    try {
      runWorkload("open", path);
      await t.waitFor((t) => t.out().includes(path));
    } finally {
      await t.stop();
    }
    const line = t.lines().find((l) => l.includes(path))!;
    const re = new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} swoll-wl\\(\\d+\\) openat\\(AT_FDCWD, "${path}", O_RDONLY\\|O_CLOEXEC\\) = -1 ENOENT \\(No such file or directory\\) <\\d+\\.\\d{6}>$`);
    expect(line).toMatch(re);
    expect(line).not.toContain("\x1b"); // stdout is a pipe: no colour
  });

  test("swoll-trace (the link) runs swoll trace", async () => {
    const path = uniquePath("link");
    const t = await startTracer(["-s", "openat", "--comm", "swoll-wl", "--json", "-d", "30s"], { argv0: join(ROOT, "dist", "swoll-trace") });
    try {
      runWorkload("open", path);
      await t.waitFor((t) => t.out().includes(path));
    } finally {
      await t.stop();
    }
    expect(find(t.json(), path)).toHaveLength(1);
  });
});

describe("nothing is left attached", () => {
  for (const signal of ["SIGINT", "SIGTERM", "SIGKILL"] as const) {
    test(`after ${signal}`, async () => {
      const t = await startTracer(["trace", "--json", "-d", "60s"]);
      expect(t.progIds.length).toBe(2);
      const code = await t.stop(signal);
      if (signal !== "SIGKILL") {
        expect(code).toBe(0);
        expect(t.err()).toMatch(/^swoll: \d+ events, \d+ lost/m);
      }
      expect(await expectProgramsGone(t.progIds)).toEqual([]);
    });
  }

  test("after the reader goes away (| head -1), quietly", async () => {
    const path = uniquePath("head");
    const sh = Bun.spawn(["sh", "-c", `${SWOLL} trace -s openat --comm swoll-wl --json -d 30s | head -1`], { stdout: "pipe", stderr: "pipe" });
    const end = Date.now() + 15000;
    while (sh.exitCode === null && Date.now() < end) {
      runWorkload("open", path, "3");
      await Bun.sleep(100);
    }
    expect(await sh.exited).toBe(0);
    const out = await new Response(sh.stdout).text();
    expect(out.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(out).comm).toBe("swoll-wl");
    expect(await new Response(sh.stderr).text()).toBe("");
    const left = Bun.spawnSync(["pgrep", "-f", `${SWOLL} trace -s openat --comm swoll-wl`]);
    expect(left.stdout.toString().trim()).toBe("");
  });
});
