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

const META = { host: "node-1", kernel: "6.18.44", intervalMs: 1000, filters: "" };
const KEY = { enter: "\r", esc: "\x1b", down: "\x1b[B", up: "\x1b[A", ctrlC: "\x03" };

function setup(width = 80) {
  const source = new FakeSnapshotSource([snapshot(window1(), 1000), snapshot(window2(), 2000)]);
  const traces = new FakeTraceSource([{ lines: [line(), line({ pid: 1002, tid: 1002 })], lost: 2 }]);
  let quits = 0;
  const controller = new TopController(newStore(), source, traces, { intervalMs: 1000, onQuit: () => quits++ });
  const ui = render(<App controller={controller} meta={META} slowNs={10e6} size={{ columns: width + 1, rows: 18 }} now={() => 83_000} />);
  const screen = () => Bun.stripANSI(ui.lastFrame() ?? "").split("\n");
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      ui.stdin.write(k);
      await Bun.sleep(k === KEY.esc ? 120 : 25);
    }
  };
  const settle = () => Bun.sleep(40);
  return { source, traces, controller, ui, screen, press, settle, quits: () => quits };
}

/** The table's row labels, the selected one marked with ›. */
const rowsOf = (lines: string[]) => lines.slice(5).filter((l) => /^[› ]\S/.test(l)).map((l) => l.trimEnd().split(/\s{2,}/)[0]!);

describe("keys", () => {
  test("sort, reverse, group, filter", async () => {
    const t = setup();
    t.controller.tick();
    t.controller.tick();
    await t.settle();
    expect(t.screen()[2]).toContain("sort RATE/s ▼");
    expect(rowsOf(t.screen())).toEqual(["›getppid", " read", " openat", " futex", " connect"]);

    await t.press(">");
    expect(t.screen()[2]).toContain("sort ERRORS ▼");
    expect(rowsOf(t.screen())[0]).toBe("›openat");
    await t.press("r");
    expect(t.screen()[2]).toContain("sort ERRORS ▲");
    await t.press("<", "<");
    expect(t.screen()[2]).toContain("sort COUNT ▼");

    await t.press("2");
    expect(t.screen()[2]).toContain("group errno");
    expect(rowsOf(t.screen())).toEqual(["›OK", " ENOENT", " ETIMEDOUT", " ECONNREFUSED"]);
    await t.press("g");
    expect(t.screen()[2]).toContain("group comm");
    expect(t.screen().join(" ")).toContain("grouping by comm needs counts per process");
    await t.press("1");

    await t.press("/", "o", "p", "e");
    expect(t.screen().at(-1)).toStartWith("filter /ope█");
    await t.press(KEY.enter);
    expect(t.screen()[2]).toContain("/ope");
    expect(rowsOf(t.screen())).toEqual(["›openat"]);
    await t.press(KEY.esc);
    expect(rowsOf(t.screen())).toHaveLength(5);
    t.ui.unmount();
  });

  test("Enter drills down to a trace stream opened with the selection; Esc closes it and goes back", async () => {
    const t = setup(160);
    t.controller.tick();
    t.controller.tick();
    await t.settle();
    await t.press(KEY.down, KEY.down); // openat
    expect(rowsOf(t.screen())[2]).toBe("›openat");
    await t.press(KEY.enter);
    expect(t.screen()[3]!.trimEnd()).toBe("view all › syscall=openat");
    expect(t.screen()[2]).toContain("group errno");
    expect(rowsOf(t.screen())).toEqual(["›OK", " ENOENT"]);
    await t.press(KEY.down, KEY.enter);
    expect(t.traces.opened).toEqual([{ syscalls: [NR.openat], cgroups: null, pids: null, comms: null, result: "ENOENT", title: "syscall=openat errno=ENOENT" }]);
    expect(t.traces.live).toBe(1);
    expect(t.controller.tracing).toBe(true);
    t.controller.pollTrace();
    await t.settle();
    const s = t.screen();
    expect(s[4]).toMatch(/^trace syscall=openat errno=ENOENT\s+streaming\s+2 calls\s+lost 2/);
    expect(s[5]).toContain('nginx(1001) openat(AT_FDCWD, "/etc/nginx/missing.conf", O_RDONLY) = -1 ENOENT (No such file or directory) <1.50µs>');
    expect(s[6]).toContain("nginx(1002)");
    // keys that change the table do nothing in the trace view
    await t.press("3", ">");
    expect(t.screen()[2]).toContain("group errno");

    await t.press(KEY.esc);
    expect(t.traces.live).toBe(0);
    expect(t.controller.tracing).toBe(false);
    expect(rowsOf(t.screen())).toEqual([" OK", "›ENOENT"]);
    await t.press(KEY.esc);
    expect(t.screen()[3]!.trimEnd()).toBe("view all");
    expect(rowsOf(t.screen())[2]).toBe("›openat");
    t.ui.unmount();
  });

  test("space pauses the refresh; ? shows and hides help", async () => {
    const t = setup();
    t.controller.tick();
    await t.press(" ");
    expect(t.screen()[0]).toStartWith(" PAUSED ");
    t.controller.tick();
    expect(t.controller.store.getState().windows).toBe(1);
    await t.press(" ");
    t.controller.tick();
    expect(t.controller.store.getState().windows).toBe(2);
    await t.press("?");
    expect(t.screen().join("\n")).toContain("group by container, pod, namespace");
    await t.press("?");
    expect(t.screen().join("\n")).not.toContain("group by container, pod, namespace");
    t.ui.unmount();
  });

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
  });

  test("Ctrl-C quits too, even while typing a filter", async () => {
    const t = setup();
    await t.press("/", "x", KEY.ctrlC);
    expect(t.quits()).toBe(1);
    expect(t.source.closed).toBe(true);
    t.ui.unmount();
  });
});
