/**
 * The whole app on fake sources: keys written to stdin change sorting,
 * grouping, filter, drill down to a trace stream and back, pause, help
 * and quit; the trace source is opened only while the trace view is.
 */
import React from "react";
import { describe, expect, test } from "bun:test";
import { render } from "ink-testing-library";
import { App } from "../../cli/tui/app";
import { TopController } from "../../cli/tui/controller";
import { FakeSnapshotSource, FakeTraceSource, NR, line, newStore, snapshot, window1, window2 } from "./fixtures";
import { eventually, waitFor } from "../helpers/wait";

/** A hang guard, not a timing budget: each step below waits on a condition. */
const TEST_TIMEOUT_MS = 30_000;

const META = { host: "node-1", kernel: "6.18.44", intervalMs: 1000, filters: "" };
const KEY = { enter: "\r", esc: "\x1b", down: "\x1b[B", up: "\x1b[A", ctrlC: "\x03" };

function setup(width = 80) {
  const source = new FakeSnapshotSource([snapshot(window1(), 1000), snapshot(window2(), 2000)]);
  const traces = new FakeTraceSource([{ lines: [line(), line({ pid: 1002, tid: 1002 })], lost: 2 }]);
  let quits = 0;
  const controller = new TopController(newStore(), source, traces, { intervalMs: 1000, onQuit: () => quits++ });
  const ui = render(<App controller={controller} meta={META} slowNs={10e6} size={{ columns: width + 1, rows: 18 }} now={() => 83_000} />);
  const screen = () => Bun.stripANSI(ui.lastFrame() ?? "").split("\n");
  // Keys reach the controller through ink's input parsing (a lone Esc is held
  // briefly to tell it from an escape sequence): count them as they arrive.
  let handled = 0;
  const handle = controller.key.bind(controller);
  controller.key = (input, info) => {
    handled++;
    handle(input, info);
  };
  /** Types keys one at a time, each once the controller has handled the one before. */
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      const before = handled;
      ui.stdin.write(k);
      await waitFor(() => handled > before, { what: `the key ${JSON.stringify(k)} to reach the controller`, timeoutMs: 5000 });
    }
  };
  /** Assertions on the screen, retried until ink has drawn the state they expect. */
  const see = (check: (lines: string[]) => void) => eventually(() => check(screen()), { what: "the expected frame", timeoutMs: 5000 });
  const version = () => controller.store.getState().version;
  return { source, traces, controller, ui, screen, press, see, version, quits: () => quits };
}

/** The table's row labels, the selected one marked with ›. */
const rowsOf = (lines: string[]) => lines.slice(5).filter((l) => /^[› ]\S/.test(l)).map((l) => l.trimEnd().split(/\s{2,}/)[0]!);

describe("keys", () => {
  test("sort, reverse, group, filter", async () => {
    const t = setup();
    t.controller.tick();
    t.controller.tick();
    await t.see((s) => expect(s[2]).toContain("sort RATE/s ▼"));
    await t.see((s) => expect(rowsOf(s)).toEqual(["›getppid", " read", " openat", " futex", " connect"]));

    await t.press(">");
    await t.see((s) => expect(s[2]).toContain("sort ERRORS ▼"));
    await t.see((s) => expect(rowsOf(s)[0]).toBe("›openat"));
    await t.press("r");
    await t.see((s) => expect(s[2]).toContain("sort ERRORS ▲"));
    await t.press("<", "<");
    await t.see((s) => expect(s[2]).toContain("sort COUNT ▼"));

    await t.press("2");
    await t.see((s) => expect(s[2]).toContain("group errno"));
    await t.see((s) => expect(rowsOf(s)).toEqual(["›OK", " ENOENT", " ETIMEDOUT", " ECONNREFUSED"]));
    await t.press("g");
    await t.see((s) => expect(s[2]).toContain("group comm"));
    await t.see((s) => expect(s.join(" ")).toContain("grouping by comm needs counts per process"));
    await t.press("1");

    await t.press("/", "o", "p", "e");
    await t.see((s) => expect(s.at(-1)).toStartWith("filter /ope█"));
    await t.press(KEY.enter);
    await t.see((s) => expect(s[2]).toContain("/ope"));
    await t.see((s) => expect(rowsOf(s)).toEqual(["›openat"]));
    await t.press(KEY.esc);
    await t.see((s) => expect(rowsOf(s)).toHaveLength(5));
    t.ui.unmount();
  }, TEST_TIMEOUT_MS);

  test("Enter drills down to a trace stream opened with the selection; Esc closes it and goes back", async () => {
    const t = setup(160);
    t.controller.tick();
    t.controller.tick();
    await t.press(KEY.down, KEY.down); // openat
    await t.see((s) => expect(rowsOf(s)[2]).toBe("›openat"));
    await t.press(KEY.enter);
    await t.see((s) => expect(s[3]!.trimEnd()).toBe("view all › syscall=openat"));
    await t.see((s) => expect(s[2]).toContain("group errno"));
    await t.see((s) => expect(rowsOf(s)).toEqual(["›OK", " ENOENT"]));
    await t.press(KEY.down, KEY.enter);
    expect(t.traces.opened).toEqual([{ syscalls: [NR.openat], cgroups: null, pids: null, comms: null, result: "ENOENT", title: "syscall=openat errno=ENOENT" }]);
    expect(t.traces.live).toBe(1);
    expect(t.controller.tracing).toBe(true);
    t.controller.pollTrace();
    await t.see((s) => {
      expect(s[4]).toMatch(/^trace syscall=openat errno=ENOENT\s+streaming\s+2 calls\s+lost 2/);
      expect(s[5]).toContain('nginx(1001) openat(AT_FDCWD, "/etc/nginx/missing.conf", O_RDONLY) = -1 ENOENT (No such file or directory) <1.50µs>');
      expect(s[6]).toContain("nginx(1002)");
    });
    // keys that change the table do nothing in the trace view: handled, and the state is unchanged
    const unchanged = t.version();
    await t.press("3", ">");
    expect(t.version()).toBe(unchanged);
    expect(t.screen()[2]).toContain("group errno");

    await t.press(KEY.esc);
    expect(t.traces.live).toBe(0);
    expect(t.controller.tracing).toBe(false);
    await t.see((s) => expect(rowsOf(s)).toEqual([" OK", "›ENOENT"]));
    await t.press(KEY.esc);
    await t.see((s) => expect(s[3]!.trimEnd()).toBe("view all"));
    await t.see((s) => expect(rowsOf(s)[2]).toBe("›openat"));
    t.ui.unmount();
  }, TEST_TIMEOUT_MS);

  test("space pauses the refresh; ? shows and hides help", async () => {
    const t = setup();
    t.controller.tick();
    await t.press(" ");
    await t.see((s) => expect(s[0]).toStartWith(" PAUSED "));
    t.controller.tick();
    expect(t.controller.store.getState().windows).toBe(1);
    await t.press(" ");
    t.controller.tick();
    expect(t.controller.store.getState().windows).toBe(2);
    await t.press("?");
    await t.see((s) => expect(s.join("\n")).toContain("group by container, pod, namespace"));
    await t.press("?");
    await t.see((s) => expect(s.join("\n")).not.toContain("group by container, pod, namespace"));
    t.ui.unmount();
  }, TEST_TIMEOUT_MS);

  test("q quits: the source and an open trace are closed", async () => {
    const t = setup();
    t.controller.tick();
    await t.press(KEY.enter, KEY.enter); // getppid → OK → trace
    expect(t.traces.live).toBe(1);
    await t.press("q");
    expect(t.quits()).toBe(1);
    expect(t.source.closed).toBe(true);
    expect(t.traces.live).toBe(0);
    t.ui.unmount();
  }, TEST_TIMEOUT_MS);

  test("Ctrl-C quits too, even while typing a filter", async () => {
    const t = setup();
    await t.press("/", "x", KEY.ctrlC);
    expect(t.quits()).toBe(1);
    expect(t.source.closed).toBe(true);
    t.ui.unmount();
  }, TEST_TIMEOUT_MS);
});
