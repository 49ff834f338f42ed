/** cli/trace/drain-loop.ts: when the shared loop drains and when it reads the loss counters. */
import { expect, test } from "bun:test";
import { DrainLoop, DrainPacer } from "../../cli/trace/drain-loop";

test("loss counters: after every drain that found events, else at most every lossEveryMs", () => {
  const p = new DrainPacer({ capacity: 1000, idleMs: 10, lossEveryMs: 250 });
  expect(p.lossDue(0, 0)).toBe(true); // the first look
  // idle ticks every 10 ms: no counter reads until 250 ms have passed
  const idleReads = [10, 20, 100, 240].filter((t) => p.lossDue(0, t));
  expect(idleReads).toEqual([]);
  expect(p.lossDue(0, 250)).toBe(true);
  // a drain with events: read now, however recent the last read
  expect(p.lossDue(64, 260)).toBe(true);
  expect(p.lossDue(64, 261)).toBe(true);
  // and the idle cadence restarts from there
  expect(p.lossDue(0, 300)).toBe(false);
  expect(p.lossDue(0, 511)).toBe(true);
});

test("adaptive: back to back while a drain comes back more than half full, idle sleep otherwise", () => {
  const p = new DrainPacer({ capacity: 1000, idleMs: 10 });
  expect(p.delayAfter(1000)).toBe(0);
  expect(p.delayAfter(501)).toBe(0);
  expect(p.delayAfter(500)).toBe(10);
  expect(p.delayAfter(0)).toBe(10);
});

test("a consumer that is not ready is not drained: events stay in the kernel", () => {
  let drains = 0;
  let ready = false;
  const loop = new DrainLoop({
    capacity: 1000,
    idleMs: 10,
    waitMs: 3,
    ready: () => ready,
    drain: () => {
      drains++;
      return 0;
    },
    onError: (e) => {
      throw e;
    },
  });
  expect(loop.step()).toBe(3);
  expect(drains).toBe(0);
  ready = true;
  expect(loop.step()).toBe(10);
  expect(drains).toBe(1);
});

test("the loop runs on timers, stops, and reports what a step threw", async () => {
  let drains = 0;
  let failed: unknown = null;
  const loop = new DrainLoop({
    capacity: 1000,
    idleMs: 1,
    drain: () => {
      if (++drains === 3) throw new Error("boom");
      return 0;
    },
    onError: (e) => (failed = e),
  });
  loop.start();
  const end = Date.now() + 10_000;
  while (failed === null && Date.now() < end) await Bun.sleep(5);
  expect((failed as Error | null)?.message).toBe("boom");
  expect(loop.active).toBe(false);
  expect(drains).toBe(3);
});
