/** cli/trace/loss.ts: cumulative counters → reports of new losses. */
import { describe, expect, test } from "bun:test";
import { waitFor } from "../helpers/wait";
import { LOST_CAUSES, LossTracker } from "../../cli/trace/loss";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const snap = (ringbuf_full: number, task_storage: number, capture_fault = 0) => ({ ringbuf_full, task_storage, capture_fault, metrics_full: 0, metrics_nomem: 0 });

describe("LossTracker.update", () => {
  test("table of successive snapshots gives only the deltas", () => {
    const t = new LossTracker();
    const steps: [ReturnType<typeof snap>, [string, number][], number][] = [
      [snap(0, 0), [], 0],
      [snap(3, 0), [["ringbuf_full", 3]], 3],
      [snap(3, 0), [], 3],
      [snap(10, 2), [["ringbuf_full", 7], ["task_storage", 2]], 12],
      [snap(10, 2, 99), [], 12], // capture_fault is not a lost event
      [snap(11, 5), [["ringbuf_full", 1], ["task_storage", 3]], 16],
    ];
    for (const [counters, expected, total] of steps) {
      const reports = t.update(counters);
      expect(reports.map((r): [string, number] => [r.cause, r.count])).toEqual(expected);
      expect(t.total()).toBe(total);
    }
    expect(t.totals).toEqual({ ringbuf_full: 11, task_storage: 5 });
  });

  test("first snapshot counts from zero", () => {
    const t = new LossTracker();
    expect(t.update(snap(4, 1)).map((r) => [r.cause, r.count])).toEqual([["ringbuf_full", 4], ["task_storage", 1]]);
  });

  test("a counter going backwards reports nothing and rebases", () => {
    const t = new LossTracker();
    t.update(snap(10, 0));
    expect(t.update(snap(2, 0))).toEqual([]);
    expect(t.update(snap(5, 0)).map((r) => r.count)).toEqual([3]);
    expect(t.totals.ringbuf_full).toBe(13);
  });

  test("windows: from is the previous update, to is now; consecutive windows touch", async () => {
    // the windows are ISO times in ms: let the clock tick between updates
    const tick = async () => {
      const now = new Date().toISOString();
      await waitFor(() => new Date().toISOString() > now, { what: "the next millisecond", intervalMs: 1 });
    };
    const before = new Date().toISOString();
    const t = new LossTracker();
    await tick();
    const [a] = t.update(snap(1, 0));
    await tick();
    t.update(snap(1, 0)); // nothing lost, but the window still moves on
    await tick();
    const [b] = t.update(snap(2, 0));
    const after = new Date().toISOString();
    for (const r of [a!, b!]) {
      expect(r.from).toMatch(ISO);
      expect(r.to).toMatch(ISO);
      expect(r.from <= r.to).toBe(true);
      expect(r.from >= before && r.to <= after).toBe(true);
    }
    expect(a!.from < a!.to).toBe(true);
    expect(b!.from > a!.to).toBe(true); // the quiet update moved the window start
  });

  test("both causes in one update share one window", () => {
    const [r1, r2] = new LossTracker().update(snap(1, 1));
    expect(r1!.from).toBe(r2!.from);
    expect(r1!.to).toBe(r2!.to);
  });
});

describe("LossTracker.summary", () => {
  const cases: [string, ReturnType<typeof snap>[], number, string][] = [
    ["nothing lost", [], 10, "swoll: 10 events, 0 lost"],
    ["ring buffer only", [snap(3, 0)], 10, "swoll: 10 events, 3 lost: 3 (ring buffer full)"],
    ["task storage only", [snap(0, 2)], 5, "swoll: 5 events, 2 lost: 2 (task storage full)"],
    ["both, accumulated", [snap(1, 0), snap(4, 1), snap(6, 2)], 1000, "swoll: 1000 events, 8 lost: 6 (ring buffer full), 2 (task storage full)"],
    ["zero events seen", [snap(7, 0)], 0, "swoll: 0 events, 7 lost: 7 (ring buffer full)"],
  ];
  test.each(cases)("%s", (_n, updates, seen, line) => {
    const t = new LossTracker();
    for (const u of updates) t.update(u);
    expect(t.summary(seen)).toBe(line);
  });

  test("cause names", () => {
    expect(LOST_CAUSES).toEqual({ ringbuf_full: "ring buffer full", task_storage: "task storage full" });
  });
});
