/**
 * An uncaught exception (or an unhandled rejection) after attaching ends
 * swoll through the same cleanup path as a signal: no program or link is
 * left in the kernel, the terminal is given back (top), one line says
 * what happened (the stack only with --verbose), and the exit code is 70.
 *
 * swoll runs from source, unchanged; the failure comes from a preloaded
 * file (test/fixtures/crash-after-attach.ts) that throws from a timer once
 * the probe's links exist.
 */
import { afterAll, describe, expect, test, setDefaultTimeout } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, bpfProgIdsOf, expectProgramsGone } from "../helpers/swoll";
import { waitFor } from "../helpers/wait";
import { ownWorkload } from "../helpers/workload";

setDefaultTimeout(60_000);

const PRELOAD = join(ROOT, "test", "fixtures", "crash-after-attach.ts");
const MAIN = join(ROOT, "cli", "main.ts");
const HOME = mkdtempSync(join(tmpdir(), "swoll-crash-home-"));
afterAll(() => rmSync(HOME, { recursive: true, force: true }));
const LINE = "swoll: internal error: injected failure after attach; rerun with --verbose for the stack trace\n";

/** Links that point at any of these programs (bpftool link show). */
function linksTo(ids: number[]): unknown[] {
  const r = Bun.spawnSync(["bpftool", "link", "show", "-j"], { stdout: "pipe" });
  return (JSON.parse(r.stdout.toString() || "[]") as { prog_id: number }[]).filter((l) => ids.includes(l.prog_id));
}

interface Crashed {
  code: number;
  stdout: string;
  stderr: string;
  progIds: number[];
}

/** Run `bun cli/main.ts args` with the failure preloaded; note its programs while they exist. */
async function crash(args: string[], env: Record<string, string> = {}): Promise<Crashed> {
  const proc = Bun.spawn(["bun", "--preload", PRELOAD, MAIN, ...args], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    // no kubeconfig of whoever runs the tests: its warnings would be lines of their own
    env: { ...process.env, HOME, KUBECONFIG: "", SWOLL_CRASH_DELAY_MS: "1000", ...env },
  });
  const stdout = new Response(proc.stdout).text();
  const stderr = new Response(proc.stderr).text();
  let progIds: number[] = [];
  const end = Date.now() + 20_000;
  while (proc.exitCode === null && Date.now() < end) {
    const ids = bpfProgIdsOf(proc.pid);
    if (ids.length > progIds.length) progIds = ids;
    await Bun.sleep(20);
  }
  if (proc.exitCode === null) proc.kill("SIGKILL");
  return { code: await proc.exited, stdout: await stdout, stderr: await stderr, progIds };
}

async function expectNothingLeft(c: Crashed): Promise<void> {
  expect(c.progIds.length).toBeGreaterThanOrEqual(2); // it had attached
  expect(await expectProgramsGone(c.progIds)).toEqual([]);
  expect(linksTo(c.progIds)).toEqual([]);
}

describe("an uncaught exception after attach", () => {
  test("trace: one line, exit 70, nothing left attached", async () => {
    const wl = ownWorkload();
    try {
      const c = await crash(["trace", "-s", "getppid", "--comm", wl.comm, "--json", "-d", "30s"]);
      expect(c.stderr).toBe(LINE);
      expect(c.code).toBe(70);
      await expectNothingLeft(c);
    } finally {
      wl.remove();
    }
  });

  test("trace --verbose: the same line, then the stack", async () => {
    const wl = ownWorkload();
    try {
      const c = await crash(["trace", "-s", "getppid", "--comm", wl.comm, "--json", "-d", "30s", "--verbose"]);
      const lines = c.stderr.trimEnd().split("\n");
      expect(lines[0]).toBe("swoll: internal error: injected failure after attach");
      expect(lines.slice(1).some((l) => /^\s+at .*crash-after-attach\.ts/.test(l))).toBe(true);
      expect(c.code).toBe(70);
      await expectNothingLeft(c);
    } finally {
      wl.remove();
    }
  });

  test("trace: an unhandled rejection takes the same path", async () => {
    const wl = ownWorkload();
    try {
      const c = await crash(["trace", "-s", "getppid", "--comm", wl.comm, "--json", "-d", "30s"], { SWOLL_CRASH: "reject" });
      expect(c.stderr).toBe("swoll: internal error: injected rejection after attach; rerun with --verbose for the stack trace\n");
      expect(c.code).toBe(70);
      await expectNothingLeft(c);
    } finally {
      wl.remove();
    }
  });

  test("serve: one line after its banner, exit 70, nothing left attached, the port free again", async () => {
    const c = await crash(["serve", "--listen", "127.0.0.1:0", "--trace-listen", "off"]);
    const [banner, ...rest] = c.stderr.split("\n");
    expect(banner).toMatch(/^swoll: serving http:\/\/127\.0\.0\.1:\d+\/metrics/);
    expect(rest.join("\n")).toBe(LINE);
    expect(c.code).toBe(70);
    await expectNothingLeft(c);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(banner!)![1]);
    const again = Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } });
    again.stop(true);
  });
});

describe("an uncaught exception in swoll top", () => {
  const SOCKET = `swoll-crash-test-${process.pid}`;
  const tmux = (...args: string[]) => {
    const r = Bun.spawnSync(["tmux", "-L", SOCKET, "-f", "/dev/null", ...args], { stdout: "pipe", stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`tmux ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout.toString();
  };
  afterAll(() => {
    Bun.spawnSync(["tmux", "-L", SOCKET, "kill-server"], { stderr: "ignore" });
  });

  test("the terminal is restored: main screen, cursor shown, cooked mode with echo", async () => {
    // after swoll: its exit status and the terminal's mode, from the same shell
    const script = join(tmpdir(), `swoll-crash-top-${process.pid}.sh`);
    writeFileSync(script, `SWOLL_CRASH_DELAY_MS=2000 SWOLL_CRASH_AFTER_LINKS=5 bun --preload ${PRELOAD} ${MAIN} top\necho swoll-exit=$?\nstty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '\necho\nexec sleep 600\n`);
    tmux("new-session", "-d", "-s", "top", "-x", "100", "-y", "30", `sh ${script}`);
    const screen = () => tmux("capture-pane", "-p", "-t", "top");
    const flags = () => tmux("display", "-p", "-t", "top", "#{alternate_on} #{cursor_flag}").trim();
    const sh = Number(tmux("display", "-p", "-t", "top", "#{pane_pid}").trim());

    // the UI is up, in the alternate screen, with the probe attached
    let progIds: number[] = [];
    const end = Date.now() + 20_000;
    while (flags().split(" ")[0] !== "1" || progIds.length < 2) {
      if (Date.now() > end) throw new Error(`top did not start:\n${screen()}`);
      const kid = Number(readFileSync(`/proc/${sh}/task/${sh}/children`, "utf8").trim().split(" ")[0]);
      if (kid) progIds = bpfProgIdsOf(kid).length ? bpfProgIdsOf(kid) : progIds;
      await Bun.sleep(100);
    }
    const kid = Number(readFileSync(`/proc/${sh}/task/${sh}/children`, "utf8").trim().split(" ")[0]);
    if (kid) progIds = bpfProgIdsOf(kid).length ? bpfProgIdsOf(kid) : progIds;

    // the script prints swoll's status, then the terminal's mode on the next line
    const afterExit = () => {
      const lines = screen().split("\n").filter((l) => l.trim() !== "");
      const at = lines.findIndex((l) => l.startsWith("swoll-exit="));
      return at >= 0 && lines[at + 1] !== undefined ? { lines, at } : null;
    };
    const { lines, at } = await waitFor(afterExit, { what: "top to end and the shell to print the terminal's mode", timeoutMs: 40_000, intervalMs: 100 });
    expect(lines[at]).toBe("swoll-exit=70");
    expect(lines[at - 1]).toBe(LINE.trimEnd());
    expect(lines[at + 1]!.trim().split(" ").sort()).toEqual(["echo", "icanon"]); // not -icanon / -echo: raw mode is off
    expect(flags()).toBe("0 1"); // main screen, cursor visible
    expect(progIds.length).toBeGreaterThanOrEqual(2);
    expect(await expectProgramsGone(progIds)).toEqual([]);
    expect(linksTo(progIds)).toEqual([]);
    rmSync(script, { force: true });
  });
});
