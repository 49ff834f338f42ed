/**
 * A rate-limited work queue of keys, as client-go's: a key queued twice
 * before it is processed is processed once; a key being processed and
 * queued again is processed again afterwards, never by two workers at
 * once; failures come back after a per-key exponential delay.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private waiter: (() => void) | null = null;
  private shut = false;

  add(key: string): void {
    if (this.shut || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.waiter?.();
  }

  /** Re-add after a delay (a later add() meanwhile is not delayed). */
  addAfter(key: string, ms: number): void {
    if (this.shut || this.timers.has(key)) return;
    this.timers.set(key, setTimeout(() => (this.timers.delete(key), this.add(key)), ms));
  }

  /** After a failure: 100 ms doubling to 30 s per key. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(100 * 2 ** n, 30_000));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  /** The next key, or null once shut down. */
  async get(): Promise<string | null> {
    while (this.queue.length === 0) {
      if (this.shut) return null;
      await new Promise<void>((r) => (this.waiter = r));
      this.waiter = null;
    }
    const key = this.queue.shift()!;
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.waiter?.();
    }
  }

  shutDown(): void {
    this.shut = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.waiter?.();
  }

  get length(): number {
    return this.queue.length;
  }
}
