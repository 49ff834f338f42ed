/**
 * One stream of a probe host: its own rule, decoder, loss accounting and
 * queue. The host drains the rings once for all its streams; a record
 * tagged with this stream's rule is decoded straight from the drain
 * buffer when this stream is the one polling, and otherwise copied into
 * this stream's queue (bounded: what does not fit is counted lost).
 */
import { realtimeOffsetNs } from "../../ffi/clock";
import { WallClock } from "../decode/clock";
import { EventDecoder, type Decoded } from "../decode/event";
import { FRAME_HEADER } from "../decode/layout";
import type { SyscallTable } from "../decode/syscalls";
import { LossTracker, type LostReport } from "../trace/loss";
import type { KernelRule } from "./rules";

/** Return false to stop delivering the rest of the batch. */
export type EventHandler = (d: Decoded) => boolean | void;

/** A record as drained (EVENT offsets from `rec`, `len` its frame's length), not decoded; return false to stop the batch. */
export type RecordHandler = (buf: Uint8Array, dv: DataView, rec: number, len: number) => boolean | void;

/** Sees a record's header (EVENT offsets from `rec`) before it is decoded; false skips it. */
export type RecordFilter = (dv: DataView, rec: number) => boolean;

/** What the host needs from a stream. */
export interface StreamHostLink {
  /** Drain the rings, delivering this stream's records to `onRecord` and queueing the others'. */
  pump(caller: Stream, onRecord: RecordHandler, select: RecordFilter | undefined): number;
  /** Bytes one drain can return. */
  readonly drainBytes: number;
  counters(): Record<string, number>;
  removeStream(s: Stream): void;
}

export class Stream {
  readonly loss = new LossTracker();
  /** Events handed to the consumer so far. */
  seen = 0;
  /** Records dropped because this stream's queue was full. */
  queueDropped = 0;
  private readonly decoder: EventDecoder;
  private queue = new Uint8Array(0);
  private queueView = new DataView(this.queue.buffer);
  private head = 0;
  private tail = 0;
  private stopped = false;

  /** @internal use ProbeHost.addStream */
  constructor(
    private readonly host: StreamHostLink, readonly rule: KernelRule, table: SyscallTable, renderText: boolean, private readonly queueLimit: number,
    strMax?: number,
  ) {
    this.decoder = new EventDecoder(table, renderText, new WallClock(realtimeOffsetNs), strMax);
  }

  get closed(): boolean {
    return this.stopped;
  }

  /** Bytes one poll can deliver; a poll returning more than half of it means more is probably waiting. */
  get capacity(): number {
    return this.host.drainBytes;
  }

  /**
   * Deliver this stream's waiting records to `onEvent`: first those queued
   * while other streams drained, then a fresh drain of the rings.
   * `select`, when given, sees each record's header first: a record it
   * refuses is skipped before any argument is decoded. Returns the bytes
   * drained or delivered; more than half the capacity means more is
   * probably waiting.
   */
  poll(onEvent: EventHandler, select?: RecordFilter): number {
    const decoder = this.decoder;
    return this.pollRecords((buf, dv, rec, len) => onEvent(decoder.decode(buf, dv, rec, len)), select);
  }

  /**
   * The same as poll, handing over each record undecoded (valid only
   * during the call): for consumers that render records themselves.
   */
  pollRecords(onRecord: RecordHandler, select?: RecordFilter): number {
    if (this.stopped) return 0;
    if (this.head < this.tail) return this.deliverQueued(onRecord, select);
    return this.host.pump(this, onRecord, select);
  }

  /** @internal hand one record the host drained over; false: the consumer stopped. */
  deliver(buf: Uint8Array, dv: DataView, rec: number, len: number, onRecord: RecordHandler, select: RecordFilter | undefined): boolean {
    this.seen++;
    if (select !== undefined && !select(dv, rec)) return true;
    return onRecord(buf, dv, rec, len) !== false;
  }

  /** @internal count (and drop) the queued records `keep` accepts. */
  countQueued(keep: (dv: DataView, rec: number) => boolean): number {
    let n = 0;
    for (let p = this.head; p < this.tail; ) {
      const len = this.queueView.getUint32(p, true);
      const rec = p + FRAME_HEADER;
      p = rec + ((len + 7) & ~7);
      if (keep(this.queueView, rec)) n++;
    }
    this.head = this.tail = 0;
    return n;
  }

  /** @internal a batch starts (the decoder's clock is refreshed once per batch). */
  beginBatch(): void {
    this.decoder.beginBatch();
  }

  /** @internal keep one framed record (header included) for this stream's next poll. */
  enqueue(buf: Uint8Array, frame: number, frameLen: number): void {
    if (this.tail + frameLen > this.queue.length) {
      if (this.head > 0) {
        this.queue.copyWithin(0, this.head, this.tail);
        this.tail -= this.head;
        this.head = 0;
      }
      if (this.tail + frameLen > this.queue.length) {
        const want = Math.min(this.queueLimit, Math.max(this.queue.length * 2, this.tail + frameLen, 1 << 16));
        if (this.tail + frameLen > want) {
          this.queueDropped++;
          return;
        }
        const grown = new Uint8Array(want);
        grown.set(this.queue.subarray(0, this.tail));
        this.queue = grown;
        this.queueView = new DataView(grown.buffer);
      }
    }
    this.queue.set(buf.subarray(frame, frame + frameLen), this.tail);
    this.tail += frameLen;
  }

  private deliverQueued(onRecord: RecordHandler, select: RecordFilter | undefined): number {
    const { queue, queueView: dv } = this;
    const start = this.head;
    this.decoder.beginBatch();
    while (this.head < this.tail) {
      const len = dv.getUint32(this.head, true);
      const rec = this.head + FRAME_HEADER;
      this.head = rec + ((len + 7) & ~7);
      if (!this.deliver(queue, dv, rec, len, onRecord, select)) break;
    }
    const n = this.head - start;
    if (this.head === this.tail) this.head = this.tail = 0;
    return n;
  }

  /** New losses since the last call: the kernel's (shared by every stream of the probe) and this queue's. */
  checkLoss(): LostReport[] {
    return this.loss.update({ ...this.host.counters(), stream_queue_full: this.queueDropped });
  }

  /** Remove this stream's rule from the kernel (the probe stays attached for the others); idempotent. */
  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.queue = new Uint8Array(0);
    this.head = this.tail = 0;
    this.host.removeStream(this);
  }
}
