/**
 * Records that wrap around the end of a ring buffer: the shim maps each
 * ring's data once and copies a wrapped record in two parts. Through the
 * real dist/swoll with a tiny ring (so that records of every length
 * straddle its end many times), every path printed is whole and exact.
 */
import { expect, test, setDefaultTimeout } from "bun:test";
import { startTracer } from "../helpers/swoll";
import { ownWorkload } from "../helpers/workload";

setDefaultTimeout(90_000);

test("paths of 1 to 200 bytes through a 16 KiB ring come out whole", async () => {
  const wl = ownWorkload();
  const prefix = `/tmp/swoll-wrap-${process.pid}-${Math.random().toString(36).slice(2, 8)}-`;
  const lengths = Array.from({ length: 200 }, (_, i) => i + 1);
  const perLength = 2;
  const marker = `${prefix}done`;
  const tracer = await startTracer(["trace", "-s", "openat", "--comm", wl.comm, "--json", "--buffer-size", "16384", "-d", "60s"]);
  try {
    for (const k of lengths) wl.run("open", pathOf(prefix, k), String(perLength));
    await Bun.sleep(100); // the rings drain: the marker does not find them full
    wl.run("open", marker);
    await tracer.waitFor((t) => t.json().some((e) => e.args?.pathname === marker), 30_000);
  } finally {
    wl.remove();
    await tracer.stop();
  }
  const paths = ours(tracer.json(), prefix).filter((p) => p !== marker);
  // 200 × 2 records of ~190–400 bytes (and the loader's opens) went through 16 KiB: the ring wrapped
  // some twenty times; a small ring may drop some (reported lost), but what is printed is whole
  expect(paths.length).toBeGreaterThan(lengths.length);
  // each path names its length and repeats its own letter: a torn or stale tail cannot pass for one
  expect(tracer.json().filter((e) => e.comm === wl.comm && e.error === "ENOENT" && typeof e.args?.pathname !== "string")).toEqual([]);
  for (const p of paths) {
    const k = Number(/^(\d+)-/.exec(p.slice(prefix.length))?.[1]);
    expect(p).toBe(pathOf(prefix, k));
  }
  expect(new Set(paths).size).toBeGreaterThan(lengths.length / 2);
});

/** The k-th path: its length, then k copies of a letter that changes with k. */
function pathOf(prefix: string, k: number): string {
  return `${prefix}${k}-${String.fromCharCode(97 + (k % 26)).repeat(k)}`;
}

/** The pathnames of the events that opened one of the test's paths (any other text is a torn record). */
function ours(events: Record<string, any>[], prefix: string): string[] {
  const tag = prefix.slice(0, prefix.lastIndexOf("-"));
  return events.filter((e) => typeof e.args?.pathname === "string" && e.args.pathname.includes(tag.slice(5))).map((e) => e.args.pathname as string);
}
