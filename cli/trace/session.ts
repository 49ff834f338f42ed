/**
 * A trace session: a loaded probe with its filters and capture specs,
 * and the loop body that drains it and decodes records in batches.
 */
import { Probe, defaultSpec, type ProbeSpec } from "../../ffi/probe";
import { realtimeOffsetNs } from "../../ffi/clock";
import { EventDecoder, u64At, type Decoded } from "../decode/event";
import { WallClock } from "../decode/clock";
import { EVENT, EventKind, FRAME_HEADER } from "../decode/layout";
import { captureSpecFor } from "../decode/args";
import type { SyscallTable } from "../decode/syscalls";
import { LossTracker, type LostReport } from "./loss";
import type { CgroupId } from "../decode/cgroup-id";

export interface TraceFilters {
  /** Syscall numbers to trace; null traces all. */
  syscalls: number[] | null;
  pids: number[];
  comms: string[];
  cgroups: CgroupId[];
  /** Turn a kernel filter on even while its set is empty (it will be filled later). */
  enable?: { pids?: boolean; comms?: boolean; cgroups?: boolean };
}

export interface SessionOptions {
  filters: TraceFilters;
  probe?: Partial<ProbeSpec>;
  /** Bytes drained per call; records never straddle two calls. */
  drainBytes?: number;
  /** Render strace-style argument text (only the text output needs it). */
  renderText?: boolean;
}

/** Sees a record's header (EVENT offsets from `rec`) before it is decoded; false skips it. */
export type RecordFilter = (dv: DataView, rec: number) => boolean;

/** Return false to stop delivering the rest of the batch. */
export type EventHandler = (d: Decoded) => boolean | void;

export class TraceSession {
  readonly loss = new LossTracker();
  private readonly decoder: EventDecoder;
  private readonly buf: Uint8Array;
  private readonly dv: DataView;
  seen = 0;

  private constructor(readonly probe: Probe, readonly table: SyscallTable, drainBytes: number, renderText: boolean) {
    this.decoder = new EventDecoder(table, renderText, new WallClock(realtimeOffsetNs));
    this.buf = new Uint8Array(drainBytes);
    this.dv = new DataView(this.buf.buffer);
  }

  static open(table: SyscallTable, opts: SessionOptions): TraceSession {
    const f = opts.filters;
    const spec: ProbeSpec = {
      ...defaultSpec(),
      ...opts.probe,
      filterSyscalls: f.syscalls !== null,
      filterTgids: f.pids.length > 0 || !!f.enable?.pids,
      filterComms: f.comms.length > 0 || !!f.enable?.comms,
      filterCgroups: f.cgroups.length > 0 || !!f.enable?.cgroups,
    };
    // Filters and capture specs go in before attach: no call slips through unfiltered.
    const specs = table.all().map((info) => [info.nr, captureSpecFor(info)] as const).filter(([, c]) => c.flags || c.kinds.some((k) => k !== 0));
    const probe = Probe.load(spec, (probe) => {
      for (const [nr, c] of specs) probe.setCaptureSpec(nr, c.kinds, c.flags, c.sizes);
      for (const nr of f.syscalls ?? []) probe.allowSyscall(nr);
      for (const pid of f.pids) probe.allowTgid(pid);
      for (const comm of f.comms) probe.allowComm(comm);
      for (const cg of f.cgroups) probe.allowCgroup(cg);
    });
    return new TraceSession(probe, table, opts.drainBytes ?? 1 << 20, opts.renderText ?? true);
  }

  /**
   * Drain what the rings hold (up to the buffer size) and hand each event
   * to `onEvent`. `select`, when given, sees each record's header first
   * (`dv` at offset `rec`): a record it refuses is skipped before any
   * argument is decoded. Returns the number of bytes drained; a full
   * buffer means more is probably waiting.
   */
  poll(onEvent: EventHandler, select?: RecordFilter): number {
    const n = this.probe.drain(this.buf);
    const { buf, dv } = this;
    if (n > 0) this.decoder.beginBatch();
    let off = 0;
    while (off < n) {
      const len = dv.getUint32(off, true);
      const rec = off + FRAME_HEADER;
      off = rec + ((len + 7) & ~7);
      if (len < EVENT.size || dv.getUint16(rec + EVENT.kind, true) !== EventKind.Syscall) continue;
      this.seen++;
      if (select !== undefined && !select(dv, rec)) continue;
      if (onEvent(this.decoder.decode(buf, dv, rec, len)) === false) break;
    }
    return n;
  }

  /**
   * Stop producing, then drain what the rings still hold without decoding
   * it, and count the events `select` would have kept that finished by
   * `untilNs` (CLOCK_MONOTONIC): at exit these are reported lost, so that
   * printed + lost adds up to what was produced in the traced window.
   */
  detachAndCount(select?: RecordFilter, untilNs = Infinity): number {
    this.probe.detach();
    const dv = this.dv;
    let count = 0;
    for (let n = this.probe.drain(this.buf); n > 0; n = this.probe.drain(this.buf)) {
      for (let off = 0; off < n; ) {
        const len = dv.getUint32(off, true);
        const rec = off + FRAME_HEADER;
        off = rec + ((len + 7) & ~7);
        if (len < EVENT.size || dv.getUint16(rec + EVENT.kind, true) !== EventKind.Syscall) continue;
        if (untilNs !== Infinity && u64At(dv, rec + EVENT.finishNs) > untilNs) continue;
        if (select === undefined || select(dv, rec)) count++;
      }
    }
    return count;
  }

  get capacity(): number {
    return this.buf.byteLength;
  }

  checkLoss(): LostReport[] {
    return this.loss.update(this.probe.counters());
  }

  close(): void {
    this.probe.close();
  }
}
