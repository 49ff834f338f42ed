/**
 * What strace users type first, on the real probe and real processes:
 * running a command (held before its execve, followed, its exit status),
 * -p following children, result filters (-Z, -z, --errno, -e status=),
 * -P and --fd, the -c/-C table, the timing flags, -w; and bad input.
 */
import { afterAll, expect, test, setDefaultTimeout } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SWOLL, bpfLinkCount, parseEventLine, runSwoll, startTracer, workload } from "../helpers/swoll";
import { waitFor } from "../helpers/wait";

setDefaultTimeout(90_000);

const dir = mkdtempSync(join(tmpdir(), "swoll-strace-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** swoll trace … -- COMMAND, to the end: the command's own output, swoll's lines (stderr), the exit code. */
async function traced(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const p = Bun.spawn([SWOLL, "trace", "--no-color", ...args], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}

const events = (text: string) => text.split("\n").filter((l) => l.startsWith("{")).map(parseEventLine);

test("-- COMMAND runs as under strace: its argv[0] as typed, the environment swoll was given, nothing before its execve", async () => {
  const p = Bun.spawn([SWOLL, "trace", "--no-color", "--", "sh", "-c", "exit 3"], {
    stdout: "pipe", stderr: "pipe", stdin: "ignore",
    env: { PATH: "/usr/bin:/bin", SWOLL_TEST_VAR: "x" },
  });
  const [stderr, code] = await Promise.all([new Response(p.stderr).text(), p.exited]);
  expect(code).toBe(3);
  const calls = stderr.split("\n").filter((l) => / sh\(\d+\) /.test(l));
  // the first call of the command is its execve: the path it resolved to, argv[0] "sh", the 2 variables
  expect(calls[0]).toMatch(/ execve\("\/(usr\/)?bin\/sh", \["sh", "-c", "exit 3"\], 0x[0-9a-f]+ \/\* 2 vars \*\/\) = 0 </);
  expect(calls.at(-1)).toMatch(/ exit_group\(3\) = \?/);
});

test("rt_sigreturn shows the signal mask it restores, read from the frame on the user stack", async () => {
  // dash runs the trap's handler, then returns through rt_sigreturn with the mask from before: empty
  const r = await traced(["-s", "rt_sigreturn", "--", "/bin/sh", "-c", "trap : USR1; kill -USR1 $$"]);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/ rt_sigreturn\(\{mask=\[\]\}\) = 0 </);
});

test("-- COMMAND: the descriptors swoll was started with reach the command at their numbers, as under strace", async () => {
  const file = join(dir, "fd7.txt");
  await Bun.write(file, "handed down\n");
  const { openSync, closeSync } = await import("node:fs");
  const fd = openSync(file, "r");
  try {
    // swoll's fd 7 is the file (the "ignore"s leave 3..6 closed)
    const p = Bun.spawn([SWOLL, "trace", "--no-color", "-s", "read", "--", "/bin/sh", "-c", "cat <&7; ls /proc/self/fd"], {
      stdio: ["ignore", "pipe", "pipe", "ignore", "ignore", "ignore", "ignore", fd],
    });
    const [stdout, , code] = await Promise.all([new Response(p.stdout as ReadableStream).text(), new Response(p.stderr as ReadableStream).text(), p.exited]);
    expect(code).toBe(0);
    expect(stdout).toContain("handed down");
    // 0, 1, 2, 7 and ls's own directory: none of swoll's descriptors (its BPF objects, rings)
    const fds = stdout.split("\n").filter((l) => /^\d+$/.test(l)).map(Number);
    expect(fds.filter((n) => n !== 3)).toEqual([0, 1, 2, 7]);
  } finally {
    closeSync(fd);
  }
});

test("-- COMMAND: its first traced call is its execve, its children are followed, swoll exits with its status", async () => {
  const wl = workload();
  const r = await traced(["-o", "json", "-s", "execve,getppid,exit_group", "--", "/bin/sh", "-c", `${wl} churn 3 4; exit 7`]);
  expect(r.code).toBe(7);
  const ev = events(r.stderr);
  // the shell's execve is the first call of the launched pid: nothing of the holding shell before it
  const launched = ev[0].pid;
  expect(ev[0].syscall.name).toBe("sys_execve");
  expect(ev[0].args.filename).toBe("/bin/sh");
  expect(ev.filter((e) => e.pid === launched && e.syscall.name === "sys_execve")).toHaveLength(1);
  // the workload (a child of the shell) and its three children, each with its four getppid calls
  // (the shell makes a getppid of its own)
  const getppid = ev.filter((e) => e.syscall.name === "sys_getppid" && e.pid !== launched);
  expect(getppid).toHaveLength(12);
  expect(new Set(getppid.map((e) => e.pid)).size).toBe(3);
  expect(ev.some((e) => e.pid === launched && e.syscall.name === "sys_exit_group" && e.args.error_code === 7)).toBe(true);
});

test("--no-follow: only the launched process, not the children it forks", async () => {
  const wl = workload();
  const r = await traced(["-o", "json", "--no-follow", "-s", "execve,getppid,exit_group,wait4", "--", wl, "churn", "2", "3"]);
  expect(r.code).toBe(0);
  const ev = events(r.stderr);
  // seen: the workload's own execve and its waits for the children, then its exit
  expect(ev[0].syscall.name).toBe("sys_execve");
  expect(ev.filter((e) => e.syscall.name === "sys_wait4")).toHaveLength(2);
  expect(ev.some((e) => e.syscall.name === "sys_exit_group")).toBe(true);
  expect(new Set(ev.map((e) => e.pid)).size).toBe(1);
  expect(ev.filter((e) => e.syscall.name === "sys_getppid")).toHaveLength(0);
});

test("--limit ends the trace, not the command: swoll still exits with its status", async () => {
  const r = await traced(["-o", "json", "--limit", "2", "-s", "getppid", "--", "/bin/sh", "-c", `${workload()} getppid 5; ${workload()} getppid 5; exit 4`]);
  expect(r.code).toBe(4);
  expect(events(r.stderr).filter((e) => e.syscall)).toHaveLength(2);
});

test("a command killed by a signal: swoll exits 128 + the signal", async () => {
  const r = await traced(["-s", "kill", "--", "/bin/sh", "-c", "kill -TERM $$"]);
  expect(r.code).toBe(128 + 15);
  expect(r.stderr).toMatch(/ kill\(\d+, SIGTERM\) = 0/);
});

test("a signal to swoll alone ends the trace and leaves the command running; swoll exits 128 + the signal", async () => {
  const wl = workload();
  const p = Bun.spawn([SWOLL, "trace", "-o", "json", "-s", "getppid", "--", wl, "getppid-hold", "3"], { stdin: "pipe", stdout: "ignore", stderr: "pipe" });
  let err = "";
  const reading = (async () => {
    for await (const chunk of p.stderr as ReadableStream<Uint8Array>) err += new TextDecoder().decode(chunk);
  })();
  // the command's three calls are traced: it runs, held open by its stdin
  await waitFor(() => (err.match(/"sys_getppid"/g) ?? []).length === 3, { what: "the command's three getppid calls" });
  const command = events(err)[0].pid;
  p.kill("SIGTERM");
  expect(await p.exited).toBe(128 + 15);
  await reading;
  expect(err).toMatch(/swoll: 3 events, 0 lost\n$/);
  // the command outlived the trace; closing its stdin ends it
  expect(() => process.kill(command, 0)).not.toThrow();
  p.stdin.end();
  await waitFor(() => !existsSync(`/proc/${command}`) || readFileSync(`/proc/${command}/stat`, "utf8").includes(") Z"), { what: "the command to exit once its stdin closed" });
});

test("-u NAME runs the command as that user; the command's output is its own stdout", async () => {
  const r = await traced(["-o", "json", "-u", "nobody", "-s", "execve", "--", "/usr/bin/id", "-u"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe("65534\n");
  const [exec] = events(r.stderr);
  expect(exec.syscall.name).toBe("sys_execve");
  expect(exec.uid).toBe(65534);
});

test("-w FILE takes the trace; the terminal's streams stay the command's", async () => {
  const file = join(dir, "trace.txt");
  const r = await traced(["-w", file, "-s", "write", "--", "/bin/echo", "to stdout"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe("to stdout\n");
  expect(r.stderr).toBe("");
  expect(readFileSync(file, "utf8")).toMatch(/^\d\d:\d\d:\d\d\.\d{6} echo\(\d+\) write\(1, "to stdout\\n", 10\) = 10 <\d+\.\d{6}>\n$/);
});

test("-p PID follows the children it forks after the trace started, from their first call", async () => {
  const wl = Bun.spawn([workload(), "wait-fork-getppid", "5"], { stdin: "pipe", stdout: "ignore", stderr: "ignore" });
  const t = await startTracer(["trace", "-o", "json", "-p", String(wl.pid), "-s", "getppid,wait4"]);
  try {
    // entry, exit, and the fork and exit programs that keep the pid set
    await waitFor(() => bpfLinkCount(t.pid) >= 4, { what: "the probe's four links" });
    wl.stdin.write("g");
    await wl.stdin.flush();
    expect(await wl.exited).toBe(0);
    await t.waitFor((x) => x.json().filter((e) => e.syscall.name === "sys_getppid").length >= 5);
    const ev = t.json();
    // the parent waits for the child; the five getppid are the child's
    expect(ev.some((e) => e.pid === wl.pid && e.syscall.name === "sys_wait4")).toBe(true);
    const kids = ev.filter((e) => e.syscall.name === "sys_getppid");
    expect(kids).toHaveLength(5);
    expect(kids.every((e) => e.pid !== wl.pid)).toBe(true);
  } finally {
    await t.stop();
  }
});

test("a child that finds the kernel's pid table full is not followed, and swoll says how many", async () => {
  // 8191 named pids and the command fill the table's 8192 entries: its two children find no room
  const named = Array.from({ length: 8191 }, (_, i) => 3_000_000 + i).join(",");
  const r = await traced(["-p", named, "-s", "execve", "--", "/bin/sh", "-c", "/bin/true; /bin/true"]);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/ sh\(\d+\) execve\("(\/usr)?\/bin\/sh"/);
  expect(r.stderr).not.toMatch(/true\(\d+\) execve/);
  expect(r.stderr).toMatch(/^swoll: warning: 2 forked processes were not followed: the kernel's pid table \(8192 pids\) was full$/m);
});

test("-Z keeps failed calls, -z successful ones, --errno and -e status= pick by result", async () => {
  const wl = workload();
  const missing = join(dir, "missing");
  const failed = events((await traced(["-o", "json", "-Z", "-s", "openat,exit_group", "--", wl, "open", missing, "3"])).stderr);
  expect(failed.filter((e) => e.args.pathname === missing)).toHaveLength(3);
  expect(failed.every((e) => e.error !== "OK" && e.error !== null)).toBe(true);
  const ok = events((await traced(["-o", "json", "-e", "status=successful", "-s", "openat", "--", wl, "open", missing, "3"])).stderr);
  expect(ok.length).toBeGreaterThan(0); // the loader's openat of libc succeeds
  expect(ok.every((e) => e.error === "OK")).toBe(true);
  expect(ok.some((e) => e.args.pathname === missing)).toBe(false);
  const enoent = events((await traced(["-o", "json", "--errno", "EACCES,ENOENT", "-e", "trace=openat", "--", wl, "open", missing, "2"])).stderr);
  expect(enoent.filter((e) => e.args.pathname === missing)).toHaveLength(2);
  expect(enoent.every((e) => e.error === "ENOENT" && e.syscall.name === "sys_openat")).toBe(true);
});

test("-P PATH: calls naming the path and calls on the descriptor opened with it; --fd N", async () => {
  const r = await traced(["-o", "json", "-P", "/etc/hostname", "--", "/bin/cat", "/etc/hostname"]);
  const ev = events(r.stderr);
  const open = ev.find((e) => e.syscall.name === "sys_openat");
  expect(open.args.pathname).toBe("/etc/hostname");
  const fd = open.return;
  const rest = ev.filter((e) => e !== open);
  expect(rest.length).toBeGreaterThan(0);
  expect(rest.some((e) => e.syscall.name === "sys_close" && e.args.fd === fd)).toBe(true);
  // nothing about any other file: every other call used that descriptor
  expect(rest.every((e) => Object.values(e.args).includes(fd))).toBe(true);
  const w = events((await traced(["-o", "json", "--fd", "1", "--", "/bin/echo", "x"])).stderr);
  expect(w.some((e) => e.syscall.name === "sys_write")).toBe(true);
  expect(w.every((e) => Object.values(e.args).includes(1))).toBe(true);
});

const TABLE_ROW = /^ *(\d+\.\d\d) +(\d+\.\d{6}) +(\d+) +(\d+) +(\d*) (\w+)$/;

test("-c: strace's table from the kernel's counters, time in the call as its header says; -C prints the calls too", async () => {
  const wl = workload();
  const r = await traced(["-c", "--", wl, "getppid", "50"]);
  expect(r.code).toBe(0);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^swoll: time in each call from entry to exit, as the kernel measured it/);
  expect(lines[1]).toBe("% time     seconds  usecs/call     calls    errors syscall");
  const rows = lines.filter((l) => TABLE_ROW.test(l)).map((l) => TABLE_ROW.exec(l)!);
  const byName = new Map(rows.map((m) => [m[6]!, { calls: Number(m[4]), errors: Number(m[5] || 0), pct: Number(m[1]) }]));
  expect(byName.get("getppid")?.calls).toBe(50);
  expect(byName.get("execve")?.calls).toBe(1);
  const total = byName.get("total")!;
  const body = rows.filter((m) => m[6] !== "total");
  expect(total.calls).toBe(body.reduce((n, m) => n + Number(m[4]), 0));
  expect(total.errors).toBe(body.reduce((n, m) => n + Number(m[5] || 0), 0));
  expect(body.reduce((n, m) => n + Number(m[1]), 0)).toBeCloseTo(100, 0);
  // -c prints no call lines
  expect(r.stderr).not.toMatch(/getppid\(\)/);

  const both = await traced(["-C", "-s", "getppid", "--", wl, "getppid", "4"]);
  expect(both.stderr.match(/ getppid\(\) = \d+/g)).toHaveLength(4);
  expect(both.stderr).toMatch(/^ *100\.00 +\d+\.\d{6} +\d+ +4 +getppid$/m);
});

test("-c -o json: the table as one summary object at exit; -C -o json: the calls' lines, then the summary", async () => {
  const wl = workload();
  const r = await traced(["-c", "-o", "json", "--", wl, "getppid", "50"]);
  expect(r.code).toBe(0);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  const doc = parseEventLine(lines[0]!);
  expect(Object.keys(doc)).toEqual(["type", "by", "rows", "totals"]);
  expect(doc).toMatchObject({ type: "summary", by: "syscall" });
  const byName = new Map<string, any>(doc.rows.map((row: any) => [row.syscall, row]));
  expect(byName.get("getppid")).toMatchObject({ calls: 50, errors: 0 });
  expect(byName.get("execve")).toMatchObject({ calls: 1 });
  expect(doc.totals.calls).toBe(doc.rows.reduce((n: number, row: any) => n + row.calls, 0));
  expect(doc.totals.errors).toBe(doc.rows.reduce((n: number, row: any) => n + row.errors, 0));
  expect(doc.rows.reduce((n: number, row: any) => n + row.percent_time, 0)).toBeCloseTo(100, 1);
  expect(doc.totals.seconds).toBeCloseTo(doc.rows.reduce((n: number, row: any) => n + row.seconds, 0), 6);
  // most time first
  const secs = doc.rows.map((row: any) => row.seconds);
  expect(secs).toEqual([...secs].sort((a, b) => b - a));

  const both = await traced(["-C", "-o", "json", "-s", "getppid", "--", wl, "getppid", "4"]);
  expect(both.code).toBe(0);
  const out = both.stderr.trimEnd().split("\n").map(parseEventLine);
  expect(out.slice(0, -1).map((e) => e.syscall?.name)).toEqual(["sys_getppid", "sys_getppid", "sys_getppid", "sys_getppid"]);
  expect(out.at(-1)).toEqual({ type: "summary", by: "syscall", rows: [expect.objectContaining({ syscall: "getppid", calls: 4, errors: 0, percent_time: 100 })], totals: expect.objectContaining({ calls: 4, errors: 0 }) });

  // --summary-by pod: one group, the host's
  const pods = await traced(["-c", "-o", "json", "--summary-by", "pod", "-s", "getppid", "--", wl, "getppid", "3"]);
  const byPod = parseEventLine(pods.stderr.trimEnd());
  expect(byPod).toEqual({
    type: "summary",
    by: "pod",
    groups: [{ namespace: null, pod: null, container: null, container_id: null, rows: [expect.objectContaining({ syscall: "getppid", calls: 3 })], totals: expect.objectContaining({ calls: 3 }) }],
    totals: expect.objectContaining({ calls: 3, percent_time: 100 }),
  });
});

test("-c with -Z counts only failures", async () => {
  const r = await traced(["-c", "-Z", "--", workload(), "open", join(dir, "nope"), "5"]);
  const rows = r.stderr.split("\n").filter((l) => TABLE_ROW.test(l)).map((l) => TABLE_ROW.exec(l)!);
  const openat = rows.find((m) => m[6] === "openat")!;
  expect(Number(openat[5])).toBe(Number(openat[4]));
  expect(Number(openat[4])).toBeGreaterThanOrEqual(5);
  expect(rows.every((m) => m[5] !== "")).toBe(true);
});

test("timing flags: -t, -tt, -ttt, -r and -T shape the line as strace's; the default line is unchanged", async () => {
  const run = async (...flags: string[]) => (await traced([...flags, "-s", "getppid", "--", workload(), "getppid", "2"])).stderr.trimEnd().split("\n");
  const call = String.raw`swoll-wl\(\d+\) getppid\(\) = \d+`;
  expect(await run()).toEqual([expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ${call} <\\d+\\.\\d{6}>$`)), expect.anything()]);
  expect((await run("-t"))[0]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${call}$`));
  expect((await run("-tt"))[0]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ${call}$`));
  const ttt = (await run("-ttt"))[0]!;
  expect(ttt).toMatch(new RegExp(`^\\d{10}\\.\\d{6} ${call}$`));
  expect(Math.abs(Number(ttt.split(" ")[0]) - Date.now() / 1000)).toBeLessThan(60);
  const rel = await run("-r");
  expect(rel[0]).toMatch(new RegExp(`^ +0\\.000000 ${call}$`));
  expect(rel[1]).toMatch(new RegExp(`^ +\\d+\\.\\d{6} ${call}$`));
  expect((await run("-T"))[0]).toMatch(new RegExp(`^${call} <\\d+\\.\\d{6}>$`));
});

const bad: [string, string[], RegExp][] = [
  ["-Z with -z", ["trace", "-Z", "-z"], /^swoll: -Z\/--failed and -z\/--successful select nothing together; pick one\n$/],
  ["unknown errno", ["trace", "--errno", "ENOPE"], /^swoll: unknown errno 'ENOPE' in --errno; use names such as ENOENT/],
  ["--errno with -z", ["trace", "--errno", "ENOENT", "-z"], /^swoll: --errno selects failed calls; it does not combine with -z/],
  ["an -e qualifier swoll has not", ["trace", "-e", "abbrev=all"], /^swoll: -e abbrev= has no swoll equivalent; .*-e trace=SET/],
  ["-e status= of another kind", ["trace", "-e", "status=unfinished"], /^swoll: -e status=unfinished is not supported; use -e status=failed/],
  ["-u without a command", ["trace", "-u", "nobody"], /^swoll: -u\/--user is the user a launched command runs as; give the command after --/],
  ["a command not on PATH", ["trace", "--", "no-such-command-here"], /^swoll: command not found: 'no-such-command-here' is not on \$PATH; /],
  ["a command path that is not there", ["trace", "--", "/no/such/file"], /^swoll: cannot run '\/no\/such\/file': no such executable file/],
  ["-u with an unknown user", ["trace", "-u", "no-such-user-here", "--", "/bin/true"], /^swoll: -u no-such-user-here: no such user in \/etc\/passwd/],
  ["a command with --cluster", ["trace", "--cluster", "--", "/bin/true"], /^swoll: --cluster traces pods on their nodes; it cannot run a command/],
  ["-c with --cluster", ["trace", "--cluster", "-c"], /^swoll: -c works on this node's trace; it does not combine with --cluster yet\n$/],
  ["-c with -C", ["trace", "-c", "-C"], /^swoll: -c prints only the table and -C the calls and the table; pick one/],
  ["bad --summary-by", ["trace", "-c", "--summary-by", "node"], /^swoll: invalid --summary-by 'node'; use syscall or pod/],
  ["bad --fd", ["trace", "--fd", "x"], /^swoll: invalid --fd 'x'; use a file descriptor number/],
  ["-tttt", ["trace", "-tttt"], /^swoll: -t takes at most three: -t, -tt or -ttt/],
  ["nothing after --", ["trace", "-s", "openat", "--"], /^swoll: nothing after --; name the command to run, e\.g\. swoll trace -- ls -l\n$/],
  ["a command without --", ["trace", "ls"], /^swoll: unexpected argument 'ls'; to run a command, put it after --: swoll trace \[options\] -- ls/],
  ["-w into a missing directory", ["trace", "-w", "/no/such/dir/x"], /^swoll: cannot write -w \/no\/such\/dir\/x: ENOENT; /],
  ["more pids than the kernel's table", ["trace", "-p", Array.from({ length: 8200 }, (_, i) => i + 1).join(",")], /^swoll: 8200 pids given to --pid; the kernel's pid table holds at most 8192 /],
];

for (const [name, args, re] of bad) {
  test(`bad input: ${name}`, () => {
    const r = runSwoll(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toBe("");
  });
}

test("top -Z / -z: the counters of failed or successful calls only", async () => {
  // a process that keeps failing an openat and sleeping between tries (the sleeps succeed)
  const loop = Bun.spawn([workload(), "open-loop", join(dir, "absent"), "60"], { stdout: "ignore", stderr: "ignore" });
  try {
    const top = (...flags: string[]) => {
      const r = runSwoll(["top", "--once", "-o", "json", ...flags, "-i", "2s", "-p", String(loop.pid)]);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout).rows as { name: string; count: number; errors: number }[];
    };
    const failed = top("-Z");
    expect(failed.some((r) => r.name === "openat" && r.count > 0)).toBe(true);
    expect(failed.every((r) => r.errors === r.count)).toBe(true);
    const ok = top("-e", "status=successful");
    expect(ok.some((r) => r.name === "clock_nanosleep" || r.name === "nanosleep")).toBe(true);
    expect(ok.every((r) => r.errors === 0)).toBe(true);
    expect(ok.some((r) => r.name === "openat")).toBe(false);
  } finally {
    loop.kill();
  }
});
