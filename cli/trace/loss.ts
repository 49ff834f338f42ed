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

/** Counters that mean an event was not delivered. */
export const LOST_CAUSES = { ringbuf_full: "ring buffer full", task_storage: "task storage full", stream_queue_full: "stream queue full" } as const;
export type LostCause = keyof typeof LOST_CAUSES;

export class LossTracker {
  private last: Partial<Record<string, number>> = {};
  private lastAt = new Date().toISOString();
  readonly totals: Record<LostCause, number> = { ringbuf_full: 0, task_storage: 0, stream_queue_full: 0 };

  /** Reports for what was lost since the previous call. */
  update(counters: Partial<Record<string, number>>): LostReport[] {
    const now = new Date().toISOString();
    const out: LostReport[] = [];
    for (const cause of Object.keys(LOST_CAUSES) as LostCause[]) {
      const delta = (counters[cause] ?? 0) - (this.last[cause] ?? 0);
      if (delta > 0) {
        out.push({ cause, count: delta, from: this.lastAt, to: now });
        this.totals[cause] += delta;
      }
    }
    this.last = { ...counters };
    this.lastAt = now;
    return out;
  }

  total(): number {
    return this.totals.ringbuf_full + this.totals.task_storage + this.totals.stream_queue_full;
  }

  /** One line for stderr at exit. */
  summary(seen: number): string {
    const parts = (Object.keys(LOST_CAUSES) as LostCause[]).filter((c) => this.totals[c] > 0).map((c) => `${this.totals[c]} (${LOST_CAUSES[c]})`);
    return `swoll: ${seen} events, ${this.total()} lost${parts.length ? `: ${parts.join(", ")}` : ""}`;
  }
}
