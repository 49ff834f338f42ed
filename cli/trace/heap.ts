/**
 * Keeps a streaming tracer's heap small. Decoding and formatting 100k+
 * events/s makes short-lived garbage faster than the collector's own
 * heuristics trim it: the heap grew to ~45 MB and RSS past 150 MB in the
 * soak. A full collection every couple of seconds while events flow holds
 * RSS near its idle size for ~0.3% of one CPU (about 8 ms per collection,
 * measured at 200k events/s); an idle tracer is never woken for it. Under a
 * firehose (1M+ events/s) RSS is also checked, and past `rssBytes` a
 * collection comes sooner, at most every `minGapMs`.
 */
export class HeapKeeper {
  private last = performance.now();
  private busy = false;

  constructor(private readonly periodMs = 2000, private readonly rssBytes = 120 << 20, private readonly minGapMs = 250) {}

  /** Call after each drain with the bytes it read. */
  afterDrain(bytes: number): void {
    if (bytes > 0) this.busy = true;
    if (!this.busy) return;
    const since = performance.now() - this.last;
    if (since < this.minGapMs) return;
    if (since < this.periodMs && process.memoryUsage.rss() < this.rssBytes) return;
    this.busy = false;
    this.last = performance.now();
    Bun.gc(true);
  }
}
