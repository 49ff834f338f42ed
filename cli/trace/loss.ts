/**
 * Turns the probe's cumulative per-cause counters into reports of new
 * losses, each with the time window in which the gap happened.
 */
export interface LostReport {
  cause: LostCause;
  count: number;
  /** RFC 3339: the gap happened between these two instants. */
  from: string;
  to: string;
}

/** Kernel counters that mean an event was not delivered. */
export const LOST_CAUSES = { ringbuf_full: "ring buffer full", task_storage: "task storage full" } as const;
type KernelLostCause = keyof typeof LOST_CAUSES;
/** Counted by a stream sharing its probe: its queue was full while another stream drained the rings. */
type StreamLostCause = "stream_queue_full";
/** A kernel cause, a stream's, or `shutdown`: still in the rings (or unwritten) when the tracer had to exit. */
export type LostCause = KernelLostCause | StreamLostCause | "shutdown";
/** Every cause in words, for text output and summaries. */
export const LOST_CAUSE_TEXT: Record<LostCause, string> = { ...LOST_CAUSES, stream_queue_full: "stream queue full", shutdown: "not delivered at exit" };
const COUNTED: readonly (KernelLostCause | StreamLostCause)[] = ["ringbuf_full", "task_storage", "stream_queue_full"];

export class LossTracker {
  private last: Partial<Record<string, number>> = {};
  private lastAt = new Date().toISOString();
  /** By cause; `stream_queue_full` and `shutdown` appear once something was lost that way. */
  readonly totals: Record<KernelLostCause, number> & { stream_queue_full?: number; shutdown?: number } = { ringbuf_full: 0, task_storage: 0 };

  /** Reports for what was lost since the previous call: `counters` are cumulative, by cause. */
  update(counters: Partial<Record<string, number>>): LostReport[] {
    const now = new Date().toISOString();
    const out: LostReport[] = [];
    for (const cause of COUNTED) {
      const delta = (counters[cause] ?? 0) - (this.last[cause] ?? 0);
      if (delta > 0) {
        out.push({ cause, count: delta, from: this.lastAt, to: now });
        this.totals[cause] = (this.totals[cause] ?? 0) + delta;
      }
    }
    this.last = { ...counters };
    this.lastAt = now;
    return out;
  }

  /**
   * Events that were produced but will never be delivered because the
   * tracer is exiting; null when there are none.
   */
  atShutdown(count: number): LostReport | null {
    if (count <= 0) return null;
    const now = new Date().toISOString();
    this.totals.shutdown = (this.totals.shutdown ?? 0) + count;
    const r: LostReport = { cause: "shutdown", count, from: this.lastAt, to: now };
    this.lastAt = now;
    return r;
  }

  total(): number {
    return this.totals.ringbuf_full + this.totals.task_storage + (this.totals.stream_queue_full ?? 0) + (this.totals.shutdown ?? 0);
  }

  /** One line for stderr at exit. */
  summary(seen: number): string {
    const causes = Object.keys(LOST_CAUSE_TEXT) as LostCause[];
    const parts = causes.filter((c) => (this.totals[c] ?? 0) > 0).map((c) => `${this.totals[c]} (${LOST_CAUSE_TEXT[c]})`);
    return `swoll: ${seen} events, ${this.total()} lost${parts.length ? `: ${parts.join(", ")}` : ""}`;
  }
}
