/**
 * The one loop that drains a probe's rings, for `swoll trace`, the
 * library's iterators and top's trace view. Adaptive: while drains come
 * back more than half full the rings are filling faster than we read, so
 * the next drain follows at once; otherwise the loop sleeps `idleMs`.
 * The loss counters are a syscall per read: they are read after a drain
 * that found events, and otherwise at most every `lossEveryMs`, never on
 * every idle tick.
 */

export interface PacerOptions {
  /** Bytes one drain can return; a drain over half of it means more is waiting. */
  capacity: number;
  /** Sleep between drains that found little (ms). */
  idleMs: number;
  /** Longest time between two loss reads while idle (ms, default 250). */
  lossEveryMs?: number;
}

/** When to drain next and when to read the loss counters. */
export class DrainPacer {
  private nextLossAt = 0;
  readonly idleMs: number;
  private readonly half: number;
  private readonly lossEveryMs: number;

  constructor(opts: PacerOptions) {
    this.idleMs = opts.idleMs;
    this.half = opts.capacity / 2;
    this.lossEveryMs = opts.lossEveryMs ?? 250;
  }

  /** Whether the counters are due after a drain of `bytes`; when true, count them as read now. */
  lossDue(bytes: number, now = performance.now()): boolean {
    if (bytes === 0 && now < this.nextLossAt) return false;
    this.nextLossAt = now + this.lossEveryMs;
    return true;
  }

  /** The idle cadence of loss reads, shared by other periodic chores. */
  get lossEvery(): number {
    return this.lossEveryMs;
  }

  /** Milliseconds until the next drain after one of `bytes` (0: at once). */
  delayAfter(bytes: number): number {
    return bytes > this.half ? 0 : this.idleMs;
  }
}

export interface DrainLoopOptions extends PacerOptions {
  /** Drain one batch and hand its events on; returns the bytes drained. */
  drain(): number;
  /** Read the loss counters and report what is new. */
  checkLoss?(): void;
  /**
   * Asked before each drain: false while the consumer cannot take more
   * (its output is backed up); the loop then waits `waitMs` and asks again,
   * leaving events in the kernel, which counts what it must drop.
   */
  ready?(): boolean;
  /** Wait while not ready (ms, default 5). */
  waitMs?: number;
  /** Called at most every lossEveryMs whatever happens (e.g. to notice a closed output). */
  chore?(): void;
  /** A step threw: the loop has stopped. */
  onError(e: unknown): void;
}

/** A timer-driven drain loop; the event loop (signals, timers) runs between its steps. */
export class DrainLoop {
  private readonly pacer: DrainPacer;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private immediate: ReturnType<typeof setImmediate> | null = null;
  private running = false;
  private nextChoreAt = 0;
  private readonly run = () => this.tick();

  constructor(private readonly opts: DrainLoopOptions) {
    this.pacer = new DrainPacer(opts);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = this.immediate = null;
  }

  get active(): boolean {
    return this.running;
  }

  /** One step now: drain (when ready), losses when due; returns the delay before the next. */
  step(): number {
    const o = this.opts;
    const now = performance.now();
    if (o.chore && now >= this.nextChoreAt) {
      this.nextChoreAt = now + this.pacer.lossEvery;
      o.chore();
      if (!this.running) return -1;
    }
    if (o.ready && !o.ready()) return o.waitMs ?? 5;
    const n = o.drain();
    if (o.checkLoss && this.pacer.lossDue(n, now)) o.checkLoss();
    return this.pacer.delayAfter(n);
  }

  private tick(): void {
    this.timer = this.immediate = null;
    if (!this.running) return;
    let delay: number;
    try {
      delay = this.step();
    } catch (e) {
      this.stop();
      this.opts.onError(e);
      return;
    }
    if (this.running && delay >= 0) this.schedule(delay);
  }

  private schedule(ms: number): void {
    // back to back without a timer's minimum delay; signals and I/O callbacks still run between drains
    if (ms === 0) this.immediate = setImmediate(this.run);
    else this.timer = setTimeout(this.run, ms);
  }
}

/** A batch as the library hands it out, with the bytes its drain read. */
export interface PacedRead<B> {
  batch: B;
  bytes: number;
  /** Whether the batch holds anything worth yielding. */
  empty: boolean;
}

/**
 * The same pacing for a pull-driven consumer (the library's async
 * iterators): the rings are read only when the consumer asks for more.
 */
export async function* pacedBatches<B>(
  read: (pacer: DrainPacer) => PacedRead<B>,
  closed: () => boolean,
  opts: { signal?: AbortSignal; idleMs?: number; capacity: number },
): AsyncGenerator<B> {
  const pacer = new DrainPacer({ capacity: opts.capacity, idleMs: opts.idleMs ?? 10 });
  while (!opts.signal?.aborted && !closed()) {
    // read drains, then asks pacer.lossDue(bytes) whether to read the counters too
    const r = read(pacer);
    if (!r.empty) yield r.batch;
    else await Bun.sleep(pacer.delayAfter(r.bytes));
  }
}
