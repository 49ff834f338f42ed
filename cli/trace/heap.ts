/**
 * Keeps a streaming tracer's heap small. Decoding and formatting 100k+
 * events/s makes short-lived garbage faster than the collector's own
 * heuristics trim it: the heap grew to ~45 MB and RSS past 150 MB in the
 * soak. A full collection every couple of seconds while events flow holds
 * RSS near its idle size for ~0.3% of one CPU (about 8 ms per collection,
 * measured at 200k events/s); an idle tracer is never woken for it. Under a
 * firehose (1M+ events/s) RSS is also checked, at most every `minGapMs`,
 * and past `rssBytes` a collection comes sooner.
 */
export class HeapKeeper {
  private last = performance.now();
  private nextCheck = 0;
  private busy = false;

  constructor(private readonly periodMs = 2000, private readonly rssBytes = 120 << 20, private readonly minGapMs = 250) {}

  /** Call after each drain with the bytes it read. */
  afterDrain(bytes: number): void {
    if (bytes > 0) this.busy = true;
    if (!this.busy) return;
    const now = performance.now();
    if (now < this.nextCheck) return;
    // RSS is read from /proc: at most once per gap, not on every drain
    this.nextCheck = now + this.minGapMs;
    if (now - this.last < this.periodMs && process.memoryUsage.rss() < this.rssBytes) return;
    this.busy = false;
    this.last = now;
    Bun.gc(true);
  }
}
