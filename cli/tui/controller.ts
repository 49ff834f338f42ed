/**
 * Drives the store: reads the snapshot source every interval, streams the
 * trace source while the trace view is open, and turns keys into store
 * actions. Owns the sources' lifetimes; `stop()` releases everything.
 */
import { TopStore } from "./store";
import { DIMENSIONS, type SnapshotSource, type TraceSource, type TraceStream } from "./types";
import { DrainLoop } from "../trace/drain-loop";

/** The keys ink reports (a subset of its Key type). */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  backspace?: boolean;
  delete?: boolean;
  tab?: boolean;
}

export interface ControllerOptions {
  intervalMs: number;
  /** How often the open trace view reads new events while they trickle in (the drain loop's idle sleep). */
  traceEveryMs?: number;
  /** Called once when the user quits (q, Ctrl-C). */
  onQuit: () => void;
}

export class TopController {
  private timer: ReturnType<typeof setInterval> | null = null;
  private traceLoop: DrainLoop | null = null;
  private stream: TraceStream | null = null;
  private stopped = false;
  /** Rows a page key moves; the app sets it from the terminal height. */
  pageRows = 10;

  constructor(
    readonly store: TopStore,
    private readonly source: SnapshotSource,
    private readonly traces: TraceSource,
    private readonly opts: ControllerOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.opts.intervalMs);
  }

  /** One interval: a new snapshot unless paused. */
  tick(): void {
    if (this.stopped || this.store.getState().paused) return;
    try {
      this.store.ingest(this.source.read());
    } catch (e) {
      this.store.say(`reading the kernel's counts failed: ${(e as Error).message}`);
    }
  }

  /** Read what the open trace stream holds (one step of its drain loop). */
  pollTrace(): void {
    this.traceLoop?.step();
  }

  /** One drain of the open stream; returns the bytes it read. */
  private readTrace(): number {
    const stream = this.stream;
    if (!stream || this.store.getState().paused) return 0;
    try {
      const b = stream.read();
      this.store.appendTrace(b);
      return b.bytes ?? 0;
    } catch (e) {
      this.failTrace(e);
      return 0;
    }
  }

  private readTraceLoss(): void {
    const stream = this.stream;
    if (!stream?.lost || this.store.getState().paused) return;
    try {
      this.store.appendTrace({ lines: [], lost: stream.lost() });
    } catch (e) {
      this.failTrace(e);
    }
  }

  private failTrace(e: unknown): void {
    this.closeTrace();
    this.store.say(`the trace stopped: ${(e as Error).message}`);
  }

  private openTrace(): void {
    const sel = this.store.drill();
    if (!sel) return;
    let stream: TraceStream;
    try {
      stream = this.stream = this.traces.open(sel);
    } catch (e) {
      this.store.say(`cannot open the trace: ${(e as Error).message}`);
      return;
    }
    this.store.openTrace(sel);
    this.traceLoop = new DrainLoop({
      capacity: stream.capacity ?? Infinity,
      idleMs: this.opts.traceEveryMs ?? 100,
      drain: () => this.readTrace(),
      checkLoss: () => this.readTraceLoss(),
      onError: (e) => this.failTrace(e),
    });
    this.traceLoop.start();
  }

  private closeTrace(): void {
    this.traceLoop?.stop();
    this.traceLoop = null;
    this.stream?.close();
    this.stream = null;
  }

  /** Whether a trace stream (and its probe) is open. */
  get tracing(): boolean {
    return this.stream !== null;
  }

  key(input: string, key: KeyInfo = {}): void {
    const store = this.store;
    const s = store.getState();
    if (key.ctrl && input === "c") return this.quit();
    if (s.draft !== null) {
      if (key.return) store.commitFilter();
      else if (key.escape) store.cancelFilter();
      else if (key.backspace || key.delete) store.editFilter(s.draft.slice(0, -1));
      else if (input && !key.ctrl && !key.meta && !key.tab) store.editFilter(s.draft + input.replace(/[\x00-\x1f\x7f]/g, ""));
      return;
    }
    if (input === "q") return this.quit();
    if (key.escape) {
      if (store.back() === "trace") this.closeTrace();
      return;
    }
    if (input === "?") return store.toggleHelp();
    if (s.help) return;
    if (input === " ") return store.togglePause();
    if (s.trace) return;
    if (key.return) return this.openTrace();
    if (key.upArrow || input === "k") return store.move(-1);
    if (key.downArrow || input === "j") return store.move(1);
    if (key.pageUp) return store.move(-this.pageRows);
    if (key.pageDown) return store.move(this.pageRows);
    if (key.home) return store.move(-Infinity);
    if (key.end) return store.move(Infinity);
    if (input === "/") return store.startFilter();
    if (input === "<" || input === "," || key.leftArrow) return store.moveSort(-1);
    if (input === ">" || input === "." || key.rightArrow) return store.moveSort(1);
    if (input === "r") return store.reverse();
    if (input === "g") return store.setGrouping(DIMENSIONS[(DIMENSIONS.indexOf(s.grouping) + 1) % DIMENSIONS.length]!);
    const n = Number(input);
    if (input.length === 1 && n >= 1 && n <= DIMENSIONS.length) return store.setGrouping(DIMENSIONS[n - 1]!);
  }

  quit(): void {
    if (this.stopped) return;
    this.stop();
    this.opts.onQuit();
  }

  /** Stop the timers and close the trace stream and the source; idempotent. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.closeTrace();
    this.source.close();
  }
}
