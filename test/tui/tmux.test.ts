/**
 * dist/swoll top in a real terminal: tmux runs it in a detached session of
 * a known size; keys go in with send-keys and frames come out with
 * capture-pane. Checks the live row of a workload, sorting, filtering,
 * drilling down to a live trace and back, resizing, quitting, and that
 * the terminal and the kernel are left as they were.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { SWOLL, bpfProgIdsOf, expectProgramsGone, uniquePath } from "../helpers/swoll";
import { ownWorkload } from "../helpers/workload";

/** Explicit: in a run of several files, bun 1.4.5 does not apply the preload's setDefaultTimeout. */
const E2E_TIMEOUT = 60_000;

const SOCKET = `swoll-top-test-${process.pid}`;

function tmux(...args: string[]): string {
  const r = Bun.spawnSync(["tmux", "-L", SOCKET, "-f", "/dev/null", ...args], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`tmux ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.toString();
}

afterAll(() => {
  Bun.spawnSync(["tmux", "-L", SOCKET, "kill-server"], { stderr: "ignore" });
});

interface Pane {
  name: string;
  screen(): string[];
  until(pred: (lines: string[]) => boolean, what: string, ms?: number): Promise<string[]>;
  keys(...keys: string[]): Promise<void>;
  text(s: string): Promise<void>;
  flags(): { alternate: boolean; cursor: boolean };
  swollPid(): number;
}

/** A session of `cols`×`rows` running `command`, then a marker with its exit status. */
function open(name: string, cols: number, rows: number, command: string): Pane {
  tmux("new-session", "-d", "-s", name, "-x", String(cols), "-y", String(rows), `sh -c '${command}; echo swoll-exit=$?; exec sleep 600'`);
  const pane: Pane = {
    name,
    screen: () => tmux("capture-pane", "-p", "-t", name).replace(/\n$/, "").split("\n"),
    async until(pred, what, ms = 15000) {
      const end = Date.now() + ms;
      for (;;) {
        const s = pane.screen();
        if (pred(s)) return s;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s.join("\n")}`);
        await Bun.sleep(100);
      }
    },
    async keys(...keys) {
      for (const k of keys) {
        tmux("send-keys", "-t", name, k);
        await Bun.sleep(150);
      }
    },
    async text(s) {
      tmux("send-keys", "-t", name, "-l", s);
      await Bun.sleep(150);
    },
    flags() {
      const [alt, cur] = tmux("display", "-p", "-t", name, "#{alternate_on} #{cursor_flag}").trim().split(" ");
      return { alternate: alt === "1", cursor: cur === "1" };
    },
    swollPid() {
      const sh = Number(tmux("display", "-p", "-t", name, "#{pane_pid}").trim());
      return Number(readFileSync(`/proc/${sh}/task/${sh}/children`, "utf8").trim().split(" ")[0]);
    },
  };
  return pane;
}

/** Table rows: the lines under the column header, up to the footer. */
function tableRows(lines: string[]): string[] {
  const head = lines.findIndex((l) => /^ (SYSCALL|ERRNO|COMM|PROCESS)/.test(l));
  return head < 0 ? [] : lines.slice(head + 1, -1).filter((l) => /^[› ]\S/.test(l)).map((l) => l.trimEnd());
}

const count = (row: string | undefined) => Number(row?.slice(1).trim().split(/\s+/)[1] ?? NaN);

describe("swoll top in tmux", () => {
  test("live row, sort, filter, drill down to a trace and back, resize, q", async () => {
    const wl = ownWorkload();
    const missing = uniquePath("tmux-missing");
    // one process that lives through the test: exited processes fold into "(exited)", so the process view needs a live one
    const resident = wl.spawn("open-loop", missing, "55");
    const load = setInterval(() => {
      wl.run("getppid", "3000");
      wl.run("open", missing, "5");
    }, 200);
    // as root throughout: the trace view's probe loads and unloads on demand
    const pane = open("drill", 120, 32, `${SWOLL} top --no-drop-user -i 500ms --comm ${wl.comm} -s getppid,openat`);
    const seen = new Set<number>();
    try {
      // the workload's row appears with a non-zero count
      let s = await pane.until((l) => count(tableRows(l).find((r) => r.slice(1).startsWith("getppid "))) > 0, "the getppid row");
      const pid = pane.swollPid();
      bpfProgIdsOf(pid).forEach((id) => seen.add(id));
      // enter, exit, and the process-exit program that moves exited processes' counts
      expect(seen.size).toBe(3);
      expect(pane.flags()).toEqual({ alternate: true, cursor: false });
      expect(s[0]).toMatch(/^swoll top {2}host \S+ {2}kernel \S+ {2}up \d\d:\d\d:\d\d {2}every 500ms/);
      expect(s[2]).toContain(`filters --syscall getppid,openat --comm ${wl.comm}  group syscall  sort RATE/s ▼`);
      for (const l of s) expect(Bun.stringWidth(l)).toBeLessThanOrEqual(120);

      // group by comm (3) and by process (4): the workload's calls by its name, and by pid
      await pane.keys("3");
      s = await pane.until((l) => l[2]!.includes("group comm") && count(tableRows(l).find((r) => r.slice(1).startsWith(`${wl.comm} `))) > 0, "the comm row");
      expect(tableRows(s)).toHaveLength(1);
      await pane.keys("4");
      s = await pane.until((l) => l[2]!.includes("group process") && tableRows(l).some((r) => new RegExp(`^[› ]${wl.comm}\\(\\d+\\)\\s`).test(r)), "a process row");
      await pane.keys("1");
      await pane.until((l) => l[2]!.includes("group syscall") && tableRows(l).length >= 2, "back to syscall");

      // sort by the next column (errors): openat, with its ENOENTs, comes first; r reverses
      await pane.keys(">");
      s = await pane.until((l) => l[2]!.includes("sort ERRORS ▼"), "sort by errors");
      expect(tableRows(s)[0]).toMatch(/^[› ]openat\s/);
      expect(tableRows(s)[0]).toContain("ENOENT");
      await pane.keys("r");
      s = await pane.until((l) => l[2]!.includes("sort ERRORS ▲"), "reversed sort");
      expect(tableRows(s)[0]).toMatch(/^[› ]getppid\s/);
      await pane.keys("<");
      await pane.until((l) => l[2]!.includes("sort RATE/s ▼"), "sort by rate again");

      // filter to getppid
      await pane.keys("/");
      await pane.text("getppid");
      await pane.until((l) => l.at(-1)!.startsWith("filter /getppid"), "the filter prompt");
      await pane.keys("Enter");
      s = await pane.until((l) => l[2]!.includes("/getppid") && tableRows(l).length === 1, "the filtered table");
      expect(tableRows(s)[0]).toMatch(/^›getppid\s/);

      // drill down: syscall → errno → a live trace, with a second probe loaded only meanwhile
      await pane.keys("Enter");
      s = await pane.until((l) => l[2]!.includes("group errno") && tableRows(l).some((r) => r.startsWith("›OK")), "the errno level");
      expect(s[3]).toMatch(/^view all › syscall=getppid\s*$/);
      await pane.keys("Enter");
      s = await pane.until((l) => l.some((x) => x.includes(`${wl.comm}(`) && x.includes("getppid() = ")), "trace lines", 20000);
      expect(s[4]).toMatch(/^trace syscall=getppid errno=OK\s+streaming\s+[\d.kM]+ calls\s+lost \d+/);
      const tracing = bpfProgIdsOf(pid);
      expect(tracing.length).toBe(5);
      const traceProgs = tracing.filter((id) => !seen.has(id));
      traceProgs.forEach((id) => seen.add(id));

      // Esc closes the trace (its probe goes away), Esc again goes back up, Esc clears the filter
      await pane.keys("Escape");
      s = await pane.until((l) => l[2]!.includes("group errno") && !l[4]!.startsWith("trace"), "back to errno");
      expect(await expectProgramsGone(traceProgs)).toEqual([]);
      expect(bpfProgIdsOf(pid).length).toBe(3);
      await pane.keys("Escape");
      s = await pane.until((l) => l[2]!.includes("group syscall") && /^view all\s*$/.test(l[3]!), "back to syscall");
      await pane.keys("Escape");
      s = await pane.until((l) => !l[2]!.includes("/getppid") && tableRows(l).length >= 2, "the filter cleared");

      // resize: narrower drops columns, nothing wraps; wider brings them back
      tmux("resize-window", "-t", pane.name, "-x", "80", "-y", "20");
      s = await pane.until((l) => l.length === 20 && l[4]!.startsWith(" SYSCALL") && !l[4]!.includes("P50"), "the 80-column layout");
      for (const l of s) expect(Bun.stringWidth(l)).toBeLessThanOrEqual(80);
      expect(s.at(-1)).toContain("? help");
      tmux("resize-window", "-t", pane.name, "-x", "160", "-y", "40");
      s = await pane.until((l) => l.length === 40 && l.some((x) => x.startsWith(" SYSCALL") && x.includes("P50") && x.includes("AVG")), "the 160-column layout");

      // q: the terminal comes back (main screen, cursor shown), nothing stays loaded
      await pane.keys("q");
      s = await pane.until((l) => l.some((x) => x.startsWith("swoll-exit=")), "swoll to exit");
      expect(s.find((x) => x.startsWith("swoll-exit="))).toBe("swoll-exit=0");
      expect(pane.flags()).toEqual({ alternate: false, cursor: true });
      expect(s.join("\n")).not.toContain("SYSCALL"); // the main screen, not the last frame
      expect(await expectProgramsGone([...seen])).toEqual([]);
    } finally {
      clearInterval(load);
      resident.kill();
      wl.remove();
    }
  }, E2E_TIMEOUT);

  test("after dropping to nobody, the drill-down traces through the probe loaded before the drop", async () => {
    const wl = ownWorkload();
    const load = setInterval(() => wl.run("getppid", "3000"), 200);
    const pane = open("dropped", 120, 32, `${SWOLL} top -i 500ms --comm ${wl.comm} -s getppid,openat`);
    try {
      await pane.until((l) => count(tableRows(l).find((r) => r.slice(1).startsWith("getppid "))) > 0, "the getppid row");
      const pid = pane.swollPid();
      const uids = () => readdirSync(`/proc/${pid}/task`).map((t) => /^Uid:\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/task/${t}/status`, "utf8"))!.slice(1).join(" "));
      const all = uids();
      expect(all.length).toBeGreaterThan(1);
      expect(new Set(all)).toEqual(new Set(["65534 65534"]));
      // the counting probe (enter, exit, process exit) and the idle trace probe, both loaded before the drop
      const progs = bpfProgIdsOf(pid);
      expect(progs.length).toBe(5);

      await pane.keys("Enter");
      await pane.until((l) => l[2]!.includes("group errno") && tableRows(l).some((r) => r.startsWith("›OK")), "the errno level");
      await pane.keys("Enter");
      const s = await pane.until((l) => l.some((x) => x.includes(`${wl.comm}(`) && x.includes("getppid() = ")), "trace lines", 20000);
      expect(s[4]).toMatch(/^trace syscall=getppid errno=OK\s+streaming/);
      // only the selected process's lines, though the kernel filter passes every getppid
      expect(s.filter((x) => / getppid\(\) = /.test(x)).every((x) => x.includes(`${wl.comm}(`))).toBe(true);
      expect(bpfProgIdsOf(pid).sort()).toEqual([...progs].sort());

      // back up and in again: the same probe serves the second view
      await pane.keys("Escape");
      await pane.until((l) => l[2]!.includes("group errno") && !l[4]!.startsWith("trace"), "back to errno");
      await pane.keys("Enter");
      await pane.until((l) => l[4]!.startsWith("trace") && l.some((x) => x.includes(`${wl.comm}(`) && x.includes("getppid() = ")), "trace lines again", 20000);
      expect(bpfProgIdsOf(pid).sort()).toEqual([...progs].sort());

      await pane.keys("q");
      const end = await pane.until((l) => l.some((x) => x.startsWith("swoll-exit=")), "swoll to exit");
      expect(end.find((x) => x.startsWith("swoll-exit="))).toBe("swoll-exit=0");
      expect(await expectProgramsGone(progs)).toEqual([]);
    } finally {
      clearInterval(load);
      wl.remove();
    }
  }, E2E_TIMEOUT);

  test("unfiltered on a busy host: a frame that fits, then Ctrl-C restores the terminal", async () => {
    const pane = open("busy", 100, 30, `${SWOLL} top -i 500ms`);
    const s = await pane.until((l) => tableRows(l).length >= 5, "a full table");
    const ids = bpfProgIdsOf(pane.swollPid());
    expect(ids).toHaveLength(5); // counting (enter, exit, process exit), and the trace view's probe loaded before dropping root
    expect(s).toHaveLength(30);
    for (const l of s) expect(Bun.stringWidth(l)).toBeLessThanOrEqual(100);
    expect(s.at(-1)).toMatch(/^1-8 group {2}< > sort/);
    await pane.keys("C-c");
    const after = await pane.until((l) => l.some((x) => x.startsWith("swoll-exit=")), "swoll to exit");
    expect(after.find((x) => x.startsWith("swoll-exit="))).toBe("swoll-exit=0");
    expect(pane.flags()).toEqual({ alternate: false, cursor: true });
    expect(await expectProgramsGone(ids)).toEqual([]);
  }, E2E_TIMEOUT);
});
