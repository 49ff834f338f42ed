/**
 * Where the agent's streams come from: `open(plan)` gives a running
 * filter whose events are drained with poll(). Backed by a hub opened on
 * serve's one probe (HubOptions.host): each stream is a rule of that
 * probe, its pods followed as they come and go; the agent's stream code
 * sees only this interface.
 */
import type { Hub } from "../api/hub";
import type { TracePlan } from "../api/spec";
import type { EventHandler } from "../trace/session";
import type { LostReport } from "../trace/loss";

export interface OpenStream {
  /** Drain one batch of this stream's events; returns bytes drained. */
  poll(onEvent: EventHandler): number;
  /** Kernel-side losses since the last call. */
  checkLoss(): LostReport[];
  /** Bytes one poll can drain: a poll that returns more than half of it means more is waiting. */
  readonly capacity: number;
  /** The stream's duration ran out (or it was closed). */
  readonly stopped: boolean;
  /** Free the filter; idempotent. */
  close(): void;
}

export interface StreamSource {
  open(plan: TracePlan, opts: { text: boolean }): OpenStream;
}

export class HubStreamSource implements StreamSource {
  /** `queueBytes`: records kept for one stream while another drains the shared rings. */
  constructor(
    private readonly hub: Hub,
    private readonly queueBytes?: number,
  ) {}

  open(plan: TracePlan, opts: { text: boolean }): OpenStream {
    const t = this.hub.start(plan, { text: opts.text, queueBytes: this.queueBytes });
    return {
      poll: (onEvent) => t.poll(onEvent),
      checkLoss: () => t.checkLoss(),
      get capacity() {
        return t.capacity;
      },
      get stopped() {
        return t.stopped;
      },
      close: () => t.stop(),
    };
  }
}
