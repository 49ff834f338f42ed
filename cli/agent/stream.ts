/**
 * One client's stream: its filter is drained on the agent's own schedule,
 * whatever the client does, into a bounded queue of NDJSON lines that the
 * HTTP response reads from. A client that reads too slowly finds the queue
 * full: what does not fit is counted (`stream_slow`) and reported in its
 * own stream as a lost line once there is room again. Nothing a client
 * does makes the queue grow past its bound or slows the other streams.
 */
import type { Decoded } from "../decode/event";
import { eventToJson, safeJson } from "../output/json";
import { TextFormatter } from "../output/text";
import type { LostReport } from "../trace/loss";
import { DrainLoop } from "../trace/drain-loop";
import { HEARTBEAT_MS } from "./protocol";
import type { OpenStream } from "./source";

export interface StreamLimits {
  /** Bytes of lines held for a client that is not reading. */
  maxQueueBytes: number;
  heartbeatMs: number;
  /** Idle poll interval. */
  pollMs: number;
}

export const DEFAULT_LIMITS: StreamLimits = { maxQueueBytes: 4 << 20, heartbeatMs: HEARTBEAT_MS, pollMs: 10 };

const encoder = new TextEncoder();

interface PendingLoss {
  count: number;
  from: string;
  to: string;
}

export class AgentStream {
  private lines: string[] = [];
  private bytes = 0;
  private readonly pendingLoss = new Map<string, PendingLoss>();
  private readonly nodeField: string;
  private readonly text: TextFormatter | null;
  private waiter: (() => void) | null = null;
  private loop: DrainLoop | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private ending: string | null = null;
  private closed = false;
  /** Events handed to the client's queue, and dropped because it was full. */
  delivered = 0;
  slowDropped = 0;

  constructor(
    private readonly source: OpenStream,
    private readonly node: string,
    private readonly onSlow: (n: number) => void,
    private readonly onClose: () => void,
    text: boolean,
    private readonly limits: StreamLimits = DEFAULT_LIMITS,
  ) {
    this.nodeField = `,"node":${safeJson(node)}}`;
    this.text = text ? new TextFormatter(false) : null;
  }

  /** The HTTP response; draining starts now. */
  response(): Response {
    const body = new ReadableStream<Uint8Array>(
      {
        pull: (ctl) => this.pull(ctl),
        cancel: () => this.close(),
      },
      { highWaterMark: 0 },
    );
    const beat = () => this.push(`{"type":"heartbeat","node":${safeJson(this.node)},"time":"${new Date().toISOString()}"}`);
    // one at once: the response head goes out with the first line, so a client knows the stream is open without waiting for a call
    beat();
    this.heartbeat = setInterval(beat, this.limits.heartbeatMs);
    this.startDraining();
    return new Response(body, { headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" } });
  }

  private readonly onEvent = (d: Decoded): void => {
    const e = d.event;
    let line = eventToJson(e);
    line = line.slice(0, -1) + (this.text ? `,"text":${safeJson(this.text.event(d))}` : "") + this.nodeField;
    if (this.push(line)) this.delivered++;
    else this.drop("stream_slow", 1);
  };

  /** The shared drain loop (cli/trace/drain-loop.ts): back to back while the rings fill, idle sleeps otherwise. */
  private startDraining(): void {
    this.loop = new DrainLoop({
      capacity: this.source.capacity,
      idleMs: this.limits.pollMs,
      drain: () => {
        // the duration may have ended between two drains: the probe is closed by then
        if (this.source.stopped) {
          this.end("duration");
          return 0;
        }
        const n = this.source.poll(this.onEvent);
        this.flushLoss();
        return n;
      },
      checkLoss: () => {
        if (this.source.stopped) return;
        for (const l of this.source.checkLoss()) this.drop(l.cause, l.count, l);
        this.flushLoss();
      },
      // the duration's timer may close the filter between two polls
      onError: (e) => this.end(this.source.stopped ? "duration" : `error: ${(e as Error).message}`),
    });
    this.loop.start();
  }

  /** Queue a line if it fits; wakes a waiting reader. */
  private push(line: string): boolean {
    if (this.closed || this.ending !== null) return false;
    if (this.bytes + line.length + 1 > this.limits.maxQueueBytes) return false;
    this.lines.push(line);
    this.bytes += line.length + 1;
    this.wake();
    return true;
  }

  private drop(cause: string, count: number, window?: LostReport): void {
    const now = new Date().toISOString();
    const p = this.pendingLoss.get(cause);
    if (p) {
      p.count += count;
      p.to = window?.to ?? now;
    } else this.pendingLoss.set(cause, { count, from: window?.from ?? now, to: window?.to ?? now });
    if (cause === "stream_slow") {
      this.slowDropped += count;
      this.onSlow(count);
    }
  }

  /** Losses become lines as soon as there is room for them. */
  private flushLoss(): void {
    for (const [cause, p] of this.pendingLoss) {
      const line = `{"type":"lost","cause":"${cause}","count":${p.count},"from":"${p.from}","to":"${p.to}","node":${safeJson(this.node)}}`;
      if (!this.push(line)) return;
      this.pendingLoss.delete(cause);
    }
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private take(): Uint8Array {
    const chunk = encoder.encode(this.lines.join("\n") + "\n");
    this.lines = [];
    this.bytes = 0;
    return chunk;
  }

  private pull(ctl: ReadableStreamDefaultController<Uint8Array>): Promise<void> | void {
    if (this.lines.length) {
      ctl.enqueue(this.take());
      return;
    }
    if (this.ending !== null || this.closed) {
      if (this.ending !== null && !this.closed) ctl.enqueue(encoder.encode(this.ending + "\n"));
      this.close();
      try {
        ctl.close();
      } catch {
        // the client is gone
      }
      return;
    }
    return new Promise<void>((resolve) => {
      this.waiter = () => {
        this.pull(ctl);
        resolve();
      };
    });
  }

  /** The filter stopped (duration, error): deliver what is queued, then an end line. */
  private end(reason: string): void {
    if (this.ending !== null || this.closed) return;
    this.stopTimers();
    this.source.close();
    this.ending = `{"type":"end","node":${safeJson(this.node)},"time":"${new Date().toISOString()}","reason":${safeJson(reason)}}`;
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private stopTimers(): void {
    this.loop?.stop();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.loop = this.heartbeat = null;
  }

  /** The client went away, or the agent is stopping: free the filter now. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopTimers();
    this.source.close();
    this.lines = [];
    this.bytes = 0;
    this.wake();
    this.onClose();
  }
}
