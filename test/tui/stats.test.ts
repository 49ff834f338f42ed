/** Window deltas and latency quantiles from the kernel's log2 buckets. */
import { describe, expect, test } from "bun:test";
import { deltaOf, quantileNs, relativeChange, rowKey } from "../../cli/tui/stats";
import { BOUNDS, at, row } from "./fixtures";

describe("deltaOf", () => {
  test("the calls since the previous snapshot, buckets included", () => {
    const before = row(1, 0, 0, 10, 1000);
    const now = { ...row(1, 0, 0, 25, 1000) };
    expect(deltaOf(now, before)).toEqual({ count: 15, totalNs: 15_000, buckets: at(1000, 15) });
  });

  test("a new row counts whole; an unchanged one is nothing", () => {
    const r = row(1, 0, 0, 7, 100);
    expect(deltaOf(r, undefined)!.count).toBe(7);
    expect(deltaOf(r, r)).toBeNull();
  });

  test("a counter that went backwards (entry dropped and recreated) counts from zero", () => {
    const before = row(1, 0, 0, 100, 500);
    const now = row(1, 0, 0, 3, 500);
    expect(deltaOf(now, before)).toEqual({ count: 3, totalNs: 1500, buckets: at(500, 3) });
  });

  test("rows are keyed by cgroup, syscall, errno and (when present) process, exec generation and comm", () => {
    expect(rowKey(row(5, 257, 2, 1, 1))).toBe("5/257/2///");
    expect(rowKey(row(5, 257, 2, 1, 1, { tgid: 42, execGen: 3, comm: "cat" }))).toBe("5/257/2/42/3/cat");
    // the same process after an execve of the same program is a row of its own
    expect(rowKey(row(5, 257, 2, 1, 1, { tgid: 42, execGen: 4, comm: "cat" }))).not.toBe(rowKey(row(5, 257, 2, 1, 1, { tgid: 42, execGen: 3, comm: "cat" })));
    // exited processes' calls: pid 0, one row per comm
    expect(rowKey(row(5, 257, 2, 1, 1, { tgid: 0, comm: "cat" }))).toBe("5/257/2/0//cat");
  });
});

describe("quantileNs", () => {
  test("interpolates inside the bucket the rank falls in", () => {
    // 100 calls in (512, 1024]: the median is halfway through it
    expect(quantileNs(at(1000, 100), BOUNDS, 0.5)).toBe(768);
    expect(quantileNs(at(1000, 100), BOUNDS, 0.99)).toBeCloseTo(512 + 512 * 0.99, 6);
  });

  test("p50 and p99 come from different buckets when the tail is slow", () => {
    const b = at(300, 990);
    at(5_000_000, 10, b); // 10 slow calls in (4.19ms, 8.39ms]
    expect(quantileNs(b, BOUNDS, 0.5)!).toBeLessThanOrEqual(512);
    expect(quantileNs(b, BOUNDS, 0.5)!).toBeGreaterThan(256);
    expect(quantileNs(b, BOUNDS, 0.99)!).toBeLessThanOrEqual(512);
    expect(quantileNs(b, BOUNDS, 0.999)!).toBeGreaterThan(2 ** 22);
    expect(quantileNs(b, BOUNDS, 0.999)!).toBeLessThanOrEqual(2 ** 23);
  });

  test("bucket 0 starts at zero; the unbounded last bucket answers with its lower bound", () => {
    expect(quantileNs(at(10, 4), BOUNDS, 0.5)).toBe(32);
    const slow = new Array(30).fill(0);
    slow[29] = 5;
    expect(quantileNs(slow, BOUNDS, 0.99)).toBe(2 ** 34);
  });

  test("no calls, no quantile", () => {
    expect(quantileNs(new Array(30).fill(0), BOUNDS, 0.5)).toBeNull();
  });
});

test("relativeChange: +100% is 1, from zero is Infinity, zero to zero is unknown", () => {
  expect(relativeChange(20, 10)).toBe(1);
  expect(relativeChange(5, 10)).toBe(-0.5);
  expect(relativeChange(3, 0)).toBe(Infinity);
  expect(relativeChange(0, 0)).toBeNull();
});
