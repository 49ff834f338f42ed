/**
 * `swoll trace`'s output loop: drain the probe through the shared drain
 * loop, render each event into the output sink, report losses, and end on
 * --limit, --duration, a signal or a reader that went away. Every event
 * the kernel produced is accounted for at exit: printed, reported lost by
 * the kernel's counters, or reported lost at shutdown (still in the rings,
 * or rendered but not written because the reader stalled).
 */
import { DrainLoop } from "./drain-loop";
import type { LostReport } from "./loss";
import type { LossTracker } from "./loss";
import type { EventHandler } from "./session";
import type { ContainerInfo, Decoded } from "../decode/event";
import { LineSink, ReaderGone } from "../output/sink";
import { monotonicNs } from "../../ffi/clock";

/** A drained record (EVENT offsets from `rec`) with its container; false stops the batch. */
export type RecordWithContainer = (buf: Uint8Array, dv: DataView, rec: number, len: number, container: ContainerInfo | null) => boolean | void;

/** What the loop drains (a hub trace). */
export interface StreamSource {
  poll(onEvent: EventHandler): number;
  /** poll without decoding (for renderRecord). */
  pollRecords?(onRecord: RecordWithContainer): number;
  checkLoss(): LostReport[];
  readonly capacity: number;
  detachAndCount(untilNs?: number): number;
  /** Detach without draining: what the rings hold is delivered by the next polls. */
  stopProducing?(): void;
  readonly session: { readonly loss: LossTracker };
}

/** Renders records straight into the output: `trace --json`'s hot path. */
export interface RecordRenderer {
  /** Once per drain, before its records. */
  beginBatch(): void;
  /** The record's line, without its newline, into the sink's line writer. */
  render(buf: Uint8Array, dv: DataView, rec: number, len: number, container: ContainerInfo | null, w: ReturnType<LineSink["beginLine"]>): void;
}

export interface StreamOptions {
  /** Render one event into the sink (ending its line). */
  renderEvent: (d: Decoded, sink: LineSink) => void;
  /** When the source can hand over records undecoded: render them with this instead of renderEvent. */
  renderRecord?: RecordRenderer;
  formatLost: (l: LostReport) => string;
  /** Calls filtered in user space (-P, --fd): false drops the call; it does not count toward the limit. */
  keep?: (d: Decoded) => boolean;
  limit: number;
  durationMs: number;
  idleMs: number;
  /** Time to keep draining into a slow reader after a signal, before counting the rest (ms). */
  drainOnStopMs?: number;
  /** Longest wait for a stalled reader to take the final lines (ms). */
  flushOnStopMs?: number;
  sink?: LineSink;
  /** Where lines go that stdout cannot take at exit, and the summary. */
  stderr?: (line: string) => void;
}

export interface StreamRun {
  /** Resolves with the exit code once everything is accounted for and the probe is detached. */
  done: Promise<number>;
  /** End the trace (a signal): drain what the reader takes, count the rest, report. */
  stop(): void;
  /** End the trace because what it followed is over (a launched command exited): as stop(), without the summary line unless events were lost. */
  end(): void;
}

export function streamTrace(src: StreamSource, opts: StreamOptions): StreamRun {
  const sink = opts.sink ?? new LineSink(1, 1 << 16, { blocking: false });
  const stderr = opts.stderr ?? ((l: string) => void process.stderr.write(l + "\n"));
  const loss = src.session.loss;
  /** Lost lines pushed and not yet known to be written: at exit, the rest go to stderr. */
  const lostLines: { line: number; text: string }[] = [];
  let remaining = opts.limit;
  let finishing = false;
  let resolve!: (code: number) => void;
  const done = new Promise<number>((r) => (resolve = r));

  const keep = opts.keep;
  const onEvent: EventHandler = (d) => {
    if (keep && !keep(d)) return true;
    opts.renderEvent(d, sink);
    return --remaining > 0;
  };
  const renderer = src.pollRecords ? opts.renderRecord : undefined;
  const onRecord: RecordWithContainer | undefined = renderer && ((buf, dv, rec, len, container) => {
    const w = sink.beginLine();
    try {
      renderer.render(buf, dv, rec, len, container, w);
    } catch (e) {
      sink.abandonLine();
      throw e;
    }
    sink.endLine(true);
    return --remaining > 0;
  });
  /** One drain, rendered: records straight into the output when the source and the format allow. */
  const poll = (): number => {
    if (!onRecord) return src.poll(onEvent);
    renderer!.beginBatch();
    return src.pollRecords!(onRecord);
  };
  const pushLost = (l: LostReport) => {
    const text = opts.formatLost(l);
    lostLines.push({ line: sink.push(text, false), text });
  };
  const flush = (): boolean => {
    const all = sink.flush();
    while (lostLines.length && sink.isWritten(lostLines[0]!.line)) lostLines.shift();
    return all;
  };
  const deadline = performance.now() + opts.durationMs;
  const loop = new DrainLoop({
    capacity: src.capacity,
    idleMs: opts.idleMs,
    ready: flush,
    drain: () => {
      const n = poll();
      if (remaining <= 0) void finish("limit");
      else if (performance.now() >= deadline) void finish("duration");
      return n;
    },
    checkLoss: () => {
      // once finishing, the exit path reads the counters itself, in order
      if (!finishing) for (const l of src.checkLoss()) pushLost(l);
    },
    // a closed pipe is noticed while idle too, not only on the next write
    chore: () => {
      if (sink.readerGone()) throw new ReaderGone();
    },
    onError: (e) => {
      if (e instanceof ReaderGone) void quit();
      else throw e;
    },
  });

  /** The reader went away: nobody is left to tell; detach and go. */
  const quit = () => {
    if (finishing) return;
    finishing = true;
    loop.stop();
    src.detachAndCount();
    resolve(0);
  };

  /**
   * How the trace ends decides what counts as produced: after a signal,
   * everything up to the detach; at the end of --duration, what finished
   * inside the window; with --limit reached, nothing more was asked for.
   */
  const finish = async (why: "signal" | "duration" | "limit" | "end") => {
    if (finishing) return;
    finishing = true;
    loop.stop();
    const windowEndNs = why === "duration" ? monotonicNs() : Infinity;
    try {
      // nothing new after the end: what the rings hold now is delivered below, not counted lost
      if (why !== "limit") src.stopProducing?.();
      // deliver what the reader takes within the bound; a flood or a stalled reader cannot keep us
      const began = performance.now();
      const until = began + (opts.drainOnStopMs ?? 500);
      let stalledSince = 0;
      while (remaining > 0 && performance.now() < until) {
        if (flush()) {
          stalledSince = 0;
          if (poll() === 0) break;
          continue;
        }
        // a reader that takes nothing for a while will not take the rest either
        const now = performance.now();
        if (stalledSince === 0) stalledSince = now;
        else if (now - stalledSince > 100) break;
        await Bun.sleep(2);
      }
      const rest = src.detachAndCount(windowEndNs);
      const unaccounted = why === "limit" ? 0 : rest;
      for (const l of src.checkLoss()) pushLost(l);
      // the final lines, and never half a line left: within the same short budget
      const flushUntil = performance.now() + (opts.flushOnStopMs ?? 200);
      while (!flush() && performance.now() < flushUntil) await Bun.sleep(2);
      while (!sink.completeLine() && performance.now() < flushUntil + 100) await Bun.sleep(2);
      // what the reader has not taken by now is lost, and stdout gets nothing more
      const stalled = sink.pending > 0;
      const shutdown = loss.atShutdown(unaccounted + (stalled && why !== "limit" ? sink.unprinted : 0));
      if (!stalled) {
        if (shutdown) pushLost(shutdown);
        if (!flush()) for (const l of lostLines) stderr(l.text);
      } else {
        for (const l of lostLines) stderr(l.text);
        if (shutdown) stderr(opts.formatLost(shutdown));
      }
    } catch (e) {
      if (!(e instanceof ReaderGone)) throw e;
      resolve(0);
      return;
    }
    if (why === "signal" || loss.total() > 0) stderr(loss.summary(sink.printed));
    resolve(0);
  };

  if (opts.durationMs <= 0) void finish("duration");
  else loop.start();
  return {
    done,
    stop: () => void finish("signal"),
    end: () => void finish("end"),
  };
}
