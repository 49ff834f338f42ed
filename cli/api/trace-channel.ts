/**
 * What a hub's running trace drains: its own probe (a TraceSession), or
 * its own rule and stream of a probe shared with other traces and the
 * metrics (serve's), which stays attached when the trace stops.
 */
import { UsageError } from "../errors";
import type { KernelRule } from "../probe/rules";
import type { EventHandler, RecordFilter, Stream } from "../probe/stream";
import type { LossTracker, LostReport } from "../trace/loss";

/** What a running trace drains: its own probe (a TraceSession) or its stream of a shared one. */
export interface TraceChannel {
  readonly rule: KernelRule;
  readonly seen: number;
  readonly loss: LossTracker;
  readonly capacity: number;
  readonly closed: boolean;
  poll(onEvent: EventHandler, select?: RecordFilter): number;
  checkLoss(): LostReport[];
  detachAndCount(select?: RecordFilter, untilNs?: number): number;
  /** Detach the probe, rings kept for draining; absent where the probe is shared. */
  stopProducing?(): void;
  close(): void;
}

/** A stream of a shared probe as a trace's channel; the probe stays attached for the others. */
export class SharedStreamChannel implements TraceChannel {
  constructor(private readonly stream: Stream) {}
  get rule(): KernelRule {
    return this.stream.rule;
  }
  get seen(): number {
    return this.stream.seen;
  }
  get loss(): LossTracker {
    return this.stream.loss;
  }
  get capacity(): number {
    return this.stream.capacity;
  }
  get closed(): boolean {
    return this.stream.closed;
  }
  poll(onEvent: EventHandler, select?: RecordFilter): number {
    return this.stream.poll(onEvent, select);
  }
  checkLoss(): LostReport[] {
    return this.stream.checkLoss();
  }
  detachAndCount(): number {
    throw new UsageError("a trace on a shared probe cannot detach it; stop() the trace instead");
  }
  close(): void {
    this.stream.close();
  }
}
