/**
 * The library's tracer: open a probe with kernel filters, change the
 * filters while it runs, and iterate decoded events with back-pressure:
 * the rings are read only when the consumer asks for more, so a slow
 * consumer makes the kernel drop (and count) rather than us buffer.
 */
import { UsageError } from "../errors";
import { syscallTable, type SyscallTable } from "../decode/syscalls";
import type { Decoded, TraceEvent } from "../decode/event";
import { KernelFilter, parseFilterOptions } from "../probe/filter";
import { TraceSession } from "../trace/session";
import type { LostReport } from "../trace/loss";
import type { CgroupId } from "../decode/cgroup-id";
import { pacedBatches } from "../trace/drain-loop";

export interface TracerOptions {
  /** Syscall selection as -s takes it (openat, %file, /^open, !futex). Given (even empty), the set can change later. */
  syscalls?: string[];
  /** Process ids (tgid). Given (even empty), the set can change later. */
  pids?: number[];
  /** Command names. Given (even empty), the set can change later. */
  comms?: string[];
  /** cgroup v2 ids. Given (even empty), the set can change later. */
  cgroups?: CgroupId[];
  /** Bytes kept of each string argument (default 256). */
  strsize?: number;
  /** argv entries kept (default 32). */
  argc?: number;
  /** Bytes per ring buffer, a power of two (default 4 MiB). */
  bufferBytes?: number;
  /** One ring shared by all CPUs instead of one per CPU. */
  sharedRing?: boolean;
  /** Render strace-style text for each event (`Decoded.argList[].text`). */
  text?: boolean;
  /** libbpf's debug log in ProbeError.log. */
  verbose?: boolean;
  /** Children forked by a selected pid are traced from their first call (needs pids). */
  followForks?: boolean;
  /** Only failed calls (an errno), or only successful ones; decided in the kernel. */
  result?: "any" | "failed" | "ok";
  /** The probe describes each call's descriptors as the call found them (strace -y): `Decoded.fdInfo`. */
  describeFds?: boolean;
}

export interface TraceBatch {
  events: Decoded[];
  /** Losses noticed while reading this batch, with their time windows. */
  lost: LostReport[];
}

export interface IterateOptions {
  /** Stops the iteration (the tracer stays open). */
  signal?: AbortSignal;
  /** How long to wait between reads when the rings are empty. */
  idleMs?: number;
}

/** The probe settings of TracerOptions (shared with the hub's traces). */
export function probeSpecOf(opts: Pick<TracerOptions, "strsize" | "argc" | "bufferBytes" | "sharedRing" | "verbose" | "describeFds">) {
  return {
    strMax: opts.strsize ?? 256,
    argvMax: opts.argc ?? 32,
    ringBytes: opts.bufferBytes ?? 4 << 20,
    sharedRing: !!opts.sharedRing,
    verbose: !!opts.verbose,
    describeFds: !!opts.describeFds,
  };
}

export { KernelFilter, parseFilterOptions, type FilterOptions } from "../probe/filter";

/** A loss, as an item of an event stream. */
export type LostItem = { type: "lost" } & LostReport;

/** What batchLoop drains: a trace session or a hub trace. */
export interface BatchSource {
  poll(onEvent: (d: Decoded) => boolean | void): number;
  checkLoss(): LostReport[];
  readonly capacity: number;
}

/** Reads batches until aborted or closed, paced by the shared drain loop (cli/trace/drain-loop.ts). */
export function batchLoop(src: BatchSource, closed: () => boolean, opts: IterateOptions): AsyncGenerator<TraceBatch> {
  return pacedBatches(
    (pacer) => {
      const events: Decoded[] = [];
      const bytes = src.poll((d) => {
        events.push(d);
      });
      const lost = pacer.lossDue(bytes) ? src.checkLoss() : [];
      return { batch: { events, lost }, bytes, empty: events.length === 0 && lost.length === 0 };
    },
    closed,
    { signal: opts.signal, idleMs: opts.idleMs, capacity: src.capacity },
  );
}

export async function* eventLoop(batches: AsyncIterable<TraceBatch>): AsyncGenerator<TraceEvent | LostItem> {
  for await (const b of batches) {
    for (const l of b.lost) yield { type: "lost", ...l };
    for (const d of b.events) yield d.event;
  }
}

export class Tracer {
  readonly filter: KernelFilter;

  private constructor(readonly session: TraceSession, table: SyscallTable, enabled: ReturnType<typeof parseFilterOptions>["enabled"]) {
    this.filter = new KernelFilter(session.rule, table, enabled);
  }

  /** Load and attach the probe (needs root or CAP_BPF+CAP_PERFMON). */
  static open(opts: TracerOptions = {}): Tracer {
    const table = syscallTable();
    const f = parseFilterOptions(opts, table);
    if (opts.result !== undefined && !["any", "failed", "ok"].includes(opts.result)) throw new UsageError(`invalid result '${opts.result}'; use "any", "failed" or "ok"`);
    if (opts.followForks && f.pids === null) throw new UsageError("followForks follows the children of selected processes; give pids (even [] to add them later)");
    const session = TraceSession.open(table, {
      filters: { syscalls: f.syscalls, pids: f.pids ?? [], comms: f.comms ?? [], cgroups: f.cgroups ?? [], enable: f.enabled, followForks: !!opts.followForks && f.pids !== null, result: opts.result },
      probe: probeSpecOf(opts),
      renderText: !!opts.text,
    });
    return new Tracer(session, table, f.enabled);
  }

  /** Read whatever the kernel holds now (never blocks). */
  readBatch(): TraceBatch {
    const events: Decoded[] = [];
    this.session.poll((d) => {
      events.push(d);
    });
    return { events, lost: this.session.checkLoss() };
  }

  /** Batches as they arrive; empty reads are skipped. */
  batches(opts: IterateOptions = {}): AsyncGenerator<TraceBatch> {
    return batchLoop(this.session, () => this.session.probe.closed, opts);
  }

  /** Events one by one; losses arrive as `{ type: "lost", … }` items in the stream. */
  events(opts: IterateOptions = {}): AsyncGenerator<TraceEvent | LostItem> {
    return eventLoop(this.batches(opts));
  }

  /** Events decoded so far, and losses by cause. */
  stats(): { seen: number; lost: number; lostByCause: Record<string, number> } {
    return { seen: this.session.seen, lost: this.session.loss.total(), lostByCause: { ...this.session.loss.totals } };
  }

  /** Detach and free everything; idempotent. */
  close(): void {
    this.session.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
