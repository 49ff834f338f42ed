/**
 * A trace session: a probe host with one stream, the shape every
 * single-trace user (swoll trace, the library's Tracer, the hub) drains.
 */
import type { Probe } from "../../ffi/probe";
import type { SyscallTable } from "../decode/syscalls";
import { ProbeHost } from "../probe/host";
import type { KernelRule, RuleSpec } from "../probe/rules";
import type { EventHandler, RecordFilter, RecordHandler, Stream } from "../probe/stream";
import type { LossTracker, LostReport } from "./loss";

export type { EventHandler, RecordFilter, RecordHandler } from "../probe/stream";
import type { CgroupId } from "../decode/cgroup-id";

export interface TraceFilters {
  /** Syscall numbers to trace; null traces all. */
  syscalls: number[] | null;
  pids: number[];
  comms: string[];
  cgroups: CgroupId[];
  /** Turn a kernel filter on even while its set is empty (it will be filled later). */
  enable?: { pids?: boolean; comms?: boolean; cgroups?: boolean };
  /** Children forked by a traced pid are traced from their first call. */
  followForks?: boolean;
  /** Stream only failed calls, or only successful ones (decided in the kernel). */
  result?: "any" | "failed" | "ok";
  /** Stream only calls that failed with one of these errnos (decided in the kernel). */
  errnos?: number[] | null;
}

export interface SessionProbeOptions {
  /** Bytes of each captured string (strace's -s). */
  strMax: number;
  /** argv entries kept. */
  argvMax: number;
  /** Bytes per ring buffer, a power of two. */
  ringBytes: number;
  sharedRing: boolean;
  verbose: boolean;
  /** Describe each call's descriptors in the kernel (strace -y). */
  describeFds: boolean;
}

export interface SessionOptions {
  filters: TraceFilters;
  probe?: Partial<SessionProbeOptions>;
  /** Bytes drained per call; records never straddle two calls. */
  drainBytes?: number;
  /** Render strace-style argument text (only the text output needs it). */
  renderText?: boolean;
  /**
   * Also count the selected calls in the kernel, per (cgroup, syscall,
   * errno) with the time spent in them (strace -c); "only": count and
   * stream nothing, so the run costs what counting costs.
   */
  count?: "also" | "only";
}

/** The counting map's capacity for a trace's summary: (cgroup, syscall, errno) keys. */
export const SUMMARY_SERIES = 16384;

/** A trace's filters as a kernel rule: an empty set is a constraint only when enabled. */
export function ruleOfFilters(f: TraceFilters): RuleSpec {
  return {
    syscalls: f.syscalls,
    pids: f.pids.length > 0 || f.enable?.pids || f.followForks ? f.pids : null,
    comms: f.comms.length > 0 || f.enable?.comms ? f.comms : null,
    cgroups: f.cgroups.length > 0 || f.enable?.cgroups ? f.cgroups : null,
    followForks: !!f.followForks,
    result: f.errnos?.length ? "failed" : (f.result ?? "any"),
    errnos: f.errnos?.length ? f.errnos : null,
  };
}

export class TraceSession {
  private constructor(readonly host: ProbeHost, readonly stream: Stream, readonly countOnly = false) {}

  static open(table: SyscallTable, opts: SessionOptions): TraceSession {
    const p = opts.probe ?? {};
    const rule = ruleOfFilters(opts.filters);
    // counting only: the stream's rule selects no syscall, so nothing crosses the rings
    const streamRule: RuleSpec = opts.count === "only" ? { syscalls: [] } : rule;
    const host = ProbeHost.open(table, {
      counting: opts.count ? { byCgroup: { ...rule, result: "any" }, maxSeries: SUMMARY_SERIES } : undefined,
      streaming: { ringBytes: p.ringBytes, sharedRing: p.sharedRing, drainBytes: opts.drainBytes, describeFds: p.describeFds },
      streams: [{ rule: streamRule, strMax: p.strMax, argvMax: p.argvMax, renderText: opts.renderText ?? true }],
      verbose: p.verbose,
    });
    return new TraceSession(host, host.streams[0]!, opts.count === "only");
  }

  get probe(): Probe {
    return this.host.probe;
  }

  /** The kernel rule of this trace (to change its sets while it runs). */
  get rule(): KernelRule {
    return this.stream.rule;
  }

  /** The counting rule (SessionOptions.count), null when the trace does not count. */
  get countRule(): KernelRule | null {
    return this.host.countRule("cgroup");
  }

  get loss(): LossTracker {
    return this.stream.loss;
  }

  get seen(): number {
    return this.stream.seen;
  }

  /** The probe is closed (stopped, or its duration ran out). */
  get closed(): boolean {
    return this.host.closed;
  }

  /**
   * Drain what the rings hold (up to the buffer size) and hand each event
   * to `onEvent`. `select`, when given, sees each record's header first
   * (`dv` at offset `rec`): a record it refuses is skipped before any
   * argument is decoded. Returns the number of bytes drained; a full
   * buffer means more is probably waiting.
   */
  poll(onEvent: EventHandler, select?: RecordFilter): number {
    return this.stream.poll(onEvent, select);
  }

  /** poll, with each kept record handed over undecoded (valid only during the call). */
  pollRecords(onRecord: RecordHandler, select?: RecordFilter): number {
    return this.stream.pollRecords(onRecord, select);
  }

  /** Detach the probe; what its rings hold can still be polled. */
  stopProducing(): void {
    this.host.stopProducing();
  }

  /**
   * Stop producing, then drain what the rings still hold without decoding
   * it, and count the events `select` would have kept that finished by
   * `untilNs` (CLOCK_MONOTONIC): at exit these are reported lost, so that
   * printed + lost adds up to what was produced in the traced window.
   */
  detachAndCount(select?: RecordFilter, untilNs = Infinity): number {
    return this.host.detachAndCount(this.stream, select, untilNs);
  }

  get capacity(): number {
    return this.stream.capacity;
  }

  checkLoss(): LostReport[] {
    return this.stream.checkLoss();
  }

  close(): void {
    this.host.close();
  }
}
