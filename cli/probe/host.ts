/**
 * The one way swoll opens its probe. A ProbeHost is one loaded probe
 * serving counting and any number of streams at once:
 *
 *   const host = ProbeHost.open(table, {
 *     counting: { byCgroup: {}, byProcess: { pids: [] } },  // rules of what is counted
 *     streaming: { ringBytes: 4 << 20 },                     // absent: count only
 *     streams: [{ rule: { syscalls: [nr] } }],               // in place before attach
 *   });
 *   const s = host.addStream({ rule: { pids: [pid], followForks: true } }); // while attached
 *   s.poll((d) => …);   // drains the rings once; other streams' records wait in their queues
 *   s.rule.setPid(other); s.close();  // change or remove its rule while attached
 *   host.close();       // detach and free everything
 *
 * Every rule given to open() is in the kernel before the programs attach,
 * so no call is seen unselected. Counting sees every call its own rules
 * select, whatever the streams select; each streamed record is tagged
 * with the streaming rules it matched and handed to those streams only.
 * Kernel bounds: 64 rules in all, and the dimension maps' sizes
 * (RULE_BOUNDS); a full map throws RuleBoundError, a child that cannot be
 * followed at fork is counted (counters().follow_full).
 */
import { Probe, ProbeError, type CounterName, type MetricsBounds } from "../../ffi/probe";
import { monotonicNs } from "../../ffi/clock";
import { u64At } from "../decode/event";
import { EVENT, EventKind, FRAME_HEADER } from "../decode/layout";
import { captureSpecFor } from "../decode/args";
import type { SyscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { RuleSet, type KernelRule, type RuleSpec } from "./rules";
import { Stream, type RecordFilter, type RecordHandler, type StreamHostLink } from "./stream";

export interface CountingOptions {
  /** Count per (cgroup, syscall, errno), serve's series; the rule says what ({}: every call). */
  byCgroup?: RuleSpec | null;
  /** Count per process and exec generation too (top); may run alongside byCgroup. */
  byProcess?: RuleSpec | null;
  /** Capacity of each aggregation map in use, in entries (default 16384). */
  maxSeries?: number;
  /** Count swoll's own calls too (default false; never streamed). */
  countSelf?: boolean;
  /** Bounds on the keys a tenant can make in the counting maps (bpf/metrics.h); absent: none. */
  bounds?: MetricsBounds;
}

export interface StreamingOptions {
  /** Bytes per ring buffer, a power of two (default 4 MiB). */
  ringBytes?: number;
  /** One ring shared by all CPUs instead of one per CPU. */
  sharedRing?: boolean;
  /** Bytes drained per poll; records never straddle two polls (default 1 MiB). */
  drainBytes?: number;
  /** The probe describes each call's descriptors (strace -y): capture items of kind Fd. */
  describeFds?: boolean;
  /**
   * Capture limits, fixed at load (the verifier walks the capture loops
   * with them as constants): the largest any stream may ask for. Default:
   * the largest of the streams given to open(), else 256 bytes and 32
   * entries. A stream asking for less gets the probe's limits.
   */
  strMax?: number;
  argvMax?: number;
}

/** Capture limits of a stream (strace's -s and the argv count). */
export interface CaptureLimits {
  strMax: number;
  argvMax: number;
}

const DEFAULT_LIMITS: CaptureLimits = { strMax: 256, argvMax: 32 };

export interface StreamOptions extends Partial<CaptureLimits> {
  rule: RuleSpec;
  /** Render strace-style argument text (only the text output needs it). */
  renderText?: boolean;
  /** Bytes of records kept for this stream while another stream drains (default 8 MiB). */
  queueBytes?: number;
}

export interface HostOptions {
  counting?: CountingOptions;
  /** Load the streaming half (rings, capture area); absent: count only. */
  streaming?: StreamingOptions | null;
  /** Streams whose rules are in place before attach (host.streams, in order). */
  streams?: StreamOptions[];
  /** libbpf's debug log in ProbeError.log. */
  verbose?: boolean;
  /**
   * Record per-cgroup syscall sets for seccomp profiles (swoll seccomp),
   * from every call whatever the rules select; with `allowed` (a bitmap of
   * SWOLL_MAX_SYSCALLS bits, in before attach) also count the calls
   * outside it (swoll seccomp --check).
   */
  seccomp?: { nrs: { execve: number; seccomp: number; prctl: number }; allowed?: BigUint64Array } | null;
  /**
   * Load the programs that follow forks and forget exited pids, so that
   * rules may name pids. Default: whether a rule given here does; pass
   * true to add such rules later.
   */
  processRules?: boolean;
}

export class ProbeHost implements StreamHostLink {
  /** Live streams, in the order they were added. */
  readonly streams: Stream[] = [];
  readonly drainBytes: number;
  private readonly byBit: (Stream | undefined)[] = new Array(64);
  /**
   * When each bit's stream was added (CLOCK_MONOTONIC). A closed stream's
   * bit goes to the next stream added, while records the old rule tagged
   * may still be in the rings: once any stream has closed, a record that
   * exited before its bit's stream existed is not that stream's.
   */
  private readonly since = new Float64Array(64);
  private bitReused = false;
  private readonly count: Partial<Record<"cgroup" | "process", KernelRule>> = {};
  private readonly buf: Uint8Array;
  private readonly dv: DataView;

  private constructor(readonly probe: Probe, readonly table: SyscallTable, readonly rules: RuleSet, drainBytes: number) {
    this.drainBytes = drainBytes;
    this.buf = new Uint8Array(drainBytes);
    this.dv = new DataView(this.buf.buffer);
  }

  /** Load the probe, put every rule and capture spec in place, then attach. */
  static open(table: SyscallTable, opts: HostOptions): ProbeHost {
    const c = opts.counting ?? {};
    const streaming = opts.streaming ?? null;
    if (!streaming && opts.streams?.length) throw new UsageError("streams need a probe opened with streaming");
    let host: ProbeHost | undefined;
    const initial = [c.byCgroup, c.byProcess, ...(opts.streams ?? []).map((s) => s.rule)];
    const processRules = opts.processRules ?? initial.some((r) => r?.pids != null);
    const asked = (k: keyof CaptureLimits) => streaming?.[k] ?? (opts.streams?.length ? Math.max(...opts.streams.map((s) => s[k] ?? DEFAULT_LIMITS[k])) : DEFAULT_LIMITS[k]);
    const probe = Probe.load(
      {
        countSelf: !!c.countSelf,
        stream: streaming !== null,
        countByCgroup: !!c.byCgroup,
        countByProcess: !!c.byProcess,
        metricsEntries: c.maxSeries ?? 16384,
        metricsBounds: c.bounds,
        noReturnNrs: table.noReturnNrs(),
        ringBytes: streaming ? (streaming.ringBytes ?? 4 << 20) : 4096, // the rings stay empty; keep them at one page
        sharedRing: !!streaming?.sharedRing,
        verbose: !!opts.verbose,
        processPrograms: processRules,
        strMax: asked("strMax"),
        argvMax: asked("argvMax"),
        seccompRecord: !!opts.seccomp,
        seccompCheck: !!opts.seccomp?.allowed,
        seccompNrs: opts.seccomp?.nrs,
      },
      // after load, before attach: no call is seen unselected
      (p) => {
        host = new ProbeHost(p, table, new RuleSet(p), streaming?.drainBytes ?? 1 << 20);
        if (opts.seccomp?.allowed) p.updateMap("seccomp_allowed", new Uint8Array(4), new Uint8Array(opts.seccomp.allowed.buffer));
        if (c.byCgroup) host.count.cgroup = host.rules.add(c.byCgroup, "countCgroup");
        if (c.byProcess) host.count.process = host.rules.add(c.byProcess, "countProcess");
        if (streaming) {
          for (const info of table.all()) {
            const spec = captureSpecFor(info, !!streaming.describeFds);
            if (spec.flags || spec.fds || spec.kinds.some((k) => k !== 0)) p.setCaptureSpec(info.nr, spec.kinds, spec.flags, spec.sizes, spec.fds);
          }
          for (const s of opts.streams ?? []) host.addStream(s);
        }
      },
    );
    return host!;
  }

  /** The rule of a counting mode, to change what it counts while attached; null when the mode is off. */
  countRule(mode: "cgroup" | "process"): KernelRule | null {
    return this.count[mode] ?? null;
  }

  /** A new stream with its own rule, matching from when this returns. */
  addStream(opts: StreamOptions): Stream {
    if (!this.probe.spec.stream) throw new UsageError("this probe was opened without streaming");
    const { strMax, argvMax } = this.probe.spec;
    if ((opts.strMax ?? 0) > strMax || (opts.argvMax ?? 0) > argvMax)
      throw new ProbeError("configure", 22, `this probe was loaded to capture at most ${strMax}-byte strings and ${argvMax} argv entries; open it with streaming.strMax/argvMax as large as its streams need`);
    // taken before the rule reaches the kernel: every record the rule tags exits after it
    const since = monotonicNs();
    const rule = this.rules.add(opts.rule, "stream");
    const s = new Stream(this, rule, this.table, opts.renderText ?? true, opts.queueBytes ?? 8 << 20, opts.strMax ?? strMax);
    this.since[rule.bit] = since;
    this.byBit[rule.bit] = s;
    this.streams.push(s);
    return s;
  }

  /** @internal Stream.close */
  removeStream(s: Stream): void {
    const i = this.streams.indexOf(s);
    if (i < 0) return;
    this.streams.splice(i, 1);
    this.byBit[s.rule.bit] = undefined;
    this.bitReused = true;
    if (!this.probe.closed) this.rules.remove(s.rule);
  }

  /** @internal Stream.poll: one drain of the rings, dispatched by each record's rule tag. */
  pump(caller: Stream, onRecord: RecordHandler, select: RecordFilter | undefined): number {
    if (this.probe.closed) return 0;
    const n = this.probe.drain(this.buf);
    if (n === 0) return 0;
    const { buf, dv, byBit } = this;
    // one stream that never shared the rings: every record is its own, no tag to read
    const only = this.streams.length === 1 && !this.bitReused;
    for (const s of this.streams) s.beginBatch();
    let accepting = true;
    let off = 0;
    while (off < n) {
      const frame = off;
      const len = dv.getUint32(off, true);
      const rec = off + FRAME_HEADER;
      off = rec + ((len + 7) & ~7);
      if (len < EVENT.size || dv.getUint16(rec + EVENT.kind, true) !== EventKind.Syscall) continue;
      const finish = this.bitReused ? u64At(dv, rec + EVENT.finishNs) : Infinity;
      if (only) {
        if (accepting) accepting = caller.deliver(buf, dv, rec, len, onRecord, select);
        else caller.enqueue(buf, frame, off - frame);
        continue;
      }
      for (let word = 0; word < 2; word++) {
        let bits = dv.getUint32(rec + EVENT.rules + 4 * word, true);
        while (bits !== 0) {
          const low = bits & -bits;
          bits ^= low;
          const s = byBit[word * 32 + 31 - Math.clz32(low)];
          if (!s || finish < this.since[s.rule.bit]!) continue; // a stream closed while its records were in the rings
          if (s === caller && accepting) accepting = s.deliver(buf, dv, rec, len, onRecord, select);
          else s.enqueue(buf, frame, off - frame);
        }
      }
    }
    return n;
  }

  /** Detach the programs (idempotent): nothing new enters the rings, what is there can still be drained. */
  stopProducing(): void {
    this.probe.detach();
  }

  /**
   * Stop producing (the programs detach, the rings stay), then drain what
   * the rings and `stream`'s queue still hold without decoding it, and
   * count the records of `stream` that `select` keeps and that finished by
   * `untilNs` (CLOCK_MONOTONIC). Every stream of the probe stops with it:
   * this is for the end of a run.
   */
  detachAndCount(stream: Stream, select?: RecordFilter, untilNs = Infinity): number {
    this.stopProducing();
    const mine = (dv: DataView, rec: number) => (untilNs === Infinity || u64At(dv, rec + EVENT.finishNs) <= untilNs) && (select === undefined || select(dv, rec));
    let count = stream.countQueued(mine);
    const { dv, byBit } = this;
    const word = stream.rule.bit >> 5;
    const bit = 1 << (stream.rule.bit & 31);
    for (let n = this.probe.drain(this.buf); n > 0; n = this.probe.drain(this.buf)) {
      for (let off = 0; off < n; ) {
        const len = dv.getUint32(off, true);
        const rec = off + FRAME_HEADER;
        off = rec + ((len + 7) & ~7);
        if (len < EVENT.size || dv.getUint16(rec + EVENT.kind, true) !== EventKind.Syscall) continue;
        if (byBit[stream.rule.bit] !== stream || (dv.getUint32(rec + EVENT.rules + 4 * word, true) & bit) === 0) continue;
        if (mine(dv, rec)) count++;
      }
    }
    return count;
  }

  /** The probe's counters, summed over CPUs. */
  counters(): Record<CounterName, number> {
    return this.probe.counters();
  }

  get closed(): boolean {
    return this.probe.closed;
  }

  /** Detach and free everything (every stream ends); idempotent. */
  close(): void {
    for (const s of [...this.streams]) s.close();
    this.probe.close();
  }
}


