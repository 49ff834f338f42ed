/**
 * The hub: runs Trace specs on this node. Each running trace has its own
 * probe, or, on a hub opened with a shared probe host (serve's), its own
 * rule and stream of that one probe; the hub compiles the trace's pod selection to cgroup ids through
 * the shared ContainerObserver and keeps the probe's kernel cgroup filter
 * in sync as containers come and go. Events are drained in batches,
 * attributed to their container and pod, and handed to the caller: either
 * pulled (poll(), batches(), events()) or pushed to callbacks (run()).
 */
import { hostname } from "node:os";
import { ContainerObserver } from "../metadata/observer";
import type { ContainerMeta } from "../containers/attributor";
import { u64At, type Decoded, type TraceEvent } from "../decode/event";
import { errnoByName } from "../decode/errno";
import { EVENT } from "../decode/layout";
import { syscallTable, type SyscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { loadKubeConfig, type KubeAccess } from "../k8s/kubeconfig";
import { CgroupSelector, scopeOf } from "../metadata/selection";
import { SelectionWatch, type SelectionStatus } from "../metadata/selection-status";
import { hostSelected } from "../metadata/plan";
import { SUMMARY_SERIES, TraceSession, ruleOfFilters, type EventHandler } from "../trace/session";
import { MetricsMapReader, type KernelRow } from "../metrics/kernel";
import type { ProbeHost } from "../probe/host";
import { SharedStreamChannel, type TraceChannel } from "./trace-channel";
import type { LostReport } from "../trace/loss";
import { parseTrace, planTrace, type Trace, type TracePlan, type TraceSelectOptions } from "./spec";
import { ruleGroup } from "../probe/filter";
import { KernelFilter, batchLoop, eventLoop, type IterateOptions, type LostItem, type TraceBatch, type TracerOptions, probeSpecOf } from "./tracer";
import type { CgroupId } from "../decode/cgroup-id";

export interface HubOptions {
  /** A kubeconfig file; default $KUBECONFIG, ~/.kube/config, then the in-cluster service account. false: no Kubernetes. */
  kubeconfig?: string | false;
  /** Kubernetes access already loaded (cli/k8s/kubeconfig.ts); takes the place of `kubeconfig`. */
  kube?: KubeAccess | null;
  /** This node's name (default $NODE_NAME, else the hostname). */
  node?: string;
  /** Share an observer (its scope decides which pods are known); default: one for every pod on this node. */
  observer?: ContainerObserver;
  /** Warnings (an unreachable API server, a full filter map); default: ignored. */
  warn?: (message: string) => void;
  /**
   * One probe for every trace: each trace becomes a rule and a stream of
   * this host (opened with streaming) instead of loading its own probe.
   * The hub does not close it.
   */
  host?: ProbeHost;
}

/** Probe options of one trace (see TracerOptions). */
export interface RunningTraceOptions
  extends TraceSelectOptions, Pick<TracerOptions, "strsize" | "argc" | "bufferBytes" | "sharedRing" | "text" | "verbose" | "followForks" | "result" | "describeFds"> {
  /** On a shared probe: bytes of records kept for this trace while another drains the rings. */
  queueBytes?: number;
  /** Count the selected calls in the kernel too, for counted() (strace -c); "only": count, stream nothing. */
  count?: "also" | "only";
  /** The pid filter is on even while the plan names no pid (pids are added later, filter.addPid). */
  watchPids?: boolean;
  /** Only calls that failed with these errors (ENOENT, EACCES); decided in the kernel. */
  errnos?: string[];
}

export interface RunCallbacks {
  /** Losses, with their time windows. */
  onLost?: (lost: LostReport, trace: RunningTrace) => void;
  /** Ends the trace. */
  signal?: AbortSignal;
  /** Idle poll interval (ms, default 10). */
  idleMs?: number;
  /** What the pod selection selects on this node, on each change (see RunningTrace.onSelection). */
  onSelection?: (status: SelectionStatus, trace: RunningTrace) => void;
}

/** A selected record, undecoded (EVENT offsets from `rec`), with its container; false stops the batch. */
export type ContainerRecordHandler = (buf: Uint8Array, dv: DataView, rec: number, len: number, container: ContainerMeta | null) => boolean | void;

/** A trace running on the hub; `using` or stop() detaches its probe. */
export class RunningTrace {
  /** Its kernel filter (syscalls, and pids/comms when the plan had them); the cgroup filter is the hub's. */
  readonly filter: KernelFilter;
  /** Resolves when the trace has stopped (stop(), its duration, or the run's signal). */
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private readonly selector: CgroupSelector | null;
  private readonly selectionWatch: SelectionWatch | null;
  private readonly userSelects: boolean;
  private readonly lookup: (cgroupId: CgroupId, pid: number, pidNs: number) => ContainerMeta | null;
  private sampled = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** @internal use Hub.start / Hub.trace / Hub.run */
  constructor(readonly hub: Hub, public plan: TracePlan, readonly channel: TraceChannel, table: SyscallTable, watchPids = false) {
    const observer = hub.observer;
    const kernelSelects = plan.selection !== null && !observer.attributor.v1Mode;
    this.userSelects = plan.selection !== null && !kernelSelects;
    // with counting (a trace's own session only), the counting rule changes with the stream's
    // (counting only: it alone); the pods' cgroups go to each of them that selects by cgroup
    const count = channel instanceof TraceSession ? channel.countRule : null;
    const countOnly = channel instanceof TraceSession && channel.countOnly;
    const rules = count ? ruleGroup(countOnly ? [count] : [channel.rule, count]) : channel.rule;
    const cgroups = { allowCgroup: (id: CgroupId, on: boolean) => rules.setCgroup(id, on) };
    this.selector = plan.selection ? new CgroupSelector(observer, plan.selection, kernelSelects ? cgroups : null, hub.warn) : null;
    this.selector?.start();
    this.selectionWatch = plan.selection && observer.pods
      ? new SelectionWatch(observer, () => this.plan.selection!, { kube: hub.kube, node: hub.node })
      : null;
    this.selectionWatch?.start();
    this.filter = new KernelFilter(rules, table, { syscalls: plan.syscalls !== null, pids: plan.pids.length > 0 || watchPids, comms: plan.comms.length > 0, cgroups: false });
    this.lookup = (id, pid, pidNs) => observer.attributor.lookup(id, pid, pidNs);
    this.done = new Promise((r) => (this.resolveDone = r));
    if (plan.durationMs !== null) this.timer = setTimeout(() => this.stop(), plan.durationMs);
  }

  get name(): string | null {
    return this.plan.name;
  }

  /**
   * Whether the pod selection selects a container on this node now (null:
   * no selection, or not evaluated yet). An empty selection keeps the trace
   * waiting; its message says where the named pods do exist.
   */
  get selectionStatus(): SelectionStatus | null {
    return this.selectionWatch?.status ?? null;
  }

  /** Each change of selectionStatus (the current one first, if known); returns the unsubscribe function. */
  onSelection(listener: (s: SelectionStatus) => void): () => void {
    return this.selectionWatch?.onSelection(listener) ?? (() => {});
  }

  /** cgroup ids the kernel filter lets through now (empty without a pod selection). */
  get cgroups(): ReadonlySet<CgroupId> {
    return this.selector?.ids ?? new Set();
  }

  /** The trace's own probe session; a trace of a shared-probe hub has none. */
  get session(): TraceSession {
    if (!(this.channel instanceof TraceSession)) throw new UsageError("this trace shares its hub's probe; it has no session of its own");
    return this.channel;
  }

  get stopped(): boolean {
    return this.channel.closed;
  }

  /**
   * Drain one batch: each selected event, with `event.container` filled
   * in, goes to `onEvent` (return false to stop delivering the batch).
   * Selection (pods on cgroup v1 hosts, sampling) reads only the record's
   * header, so what is not kept is never decoded.
   * Returns the bytes drained; a full buffer means more is waiting.
   */
  poll(onEvent: EventHandler): number {
    return this.channel.poll((d) => {
      d.event.container = this.container;
      return onEvent(d);
    }, this.select);
  }

  /**
   * poll without decoding: each selected record (valid only during the
   * call) goes to `onRecord` with its container.
   */
  pollRecords(onRecord: ContainerRecordHandler): number {
    return this.session.pollRecords((buf, dv, rec, len) => onRecord(buf, dv, rec, len, this.container), this.select);
  }

  /** The container of the record `select` last accepted. */
  private container: ContainerMeta | null = null;

  private readonly select = (dv: DataView, rec: number): boolean => {
    return this.keeps((this.container = this.lookup(u64At(dv, rec + EVENT.cgroupId), dv.getUint32(rec + EVENT.tgid, true), dv.getUint32(rec + EVENT.pidNs, true))));
  };

  /**
   * Detach the probe (nothing new is produced) and count the events still
   * in its rings that this trace would have delivered (those that finished
   * by `untilNs`, CLOCK_MONOTONIC, when given); the probe stays open until stop().
   */
  detachAndCount(untilNs?: number): number {
    return this.channel.detachAndCount(this.select, untilNs);
  }

  /** Detach the probe so that what is already in its rings can be delivered before the rest is counted. */
  stopProducing(): void {
    this.channel.stopProducing?.();
  }

  /**
   * Whether a call of container `c` is delivered: the part of the pod
   * selection the kernel could not do (cgroup v1 hosts), then sampling.
   * Counts toward the sample rate: call once per call.
   */
  keeps(c: ContainerMeta | null): boolean {
    if (this.userSelects && (c === null || !this.selector!.wants(c["pod-uid"], c.name))) return false;
    const rate = this.plan.sampleRate;
    return !(rate > 1 && ++this.sampled % rate !== 0);
  }

  /** The container of a call (cgroup id, process id, and the pid namespace the probe read). */
  containerOf(cgroupId: number, pid: number, pidNs = 0): ContainerMeta | null {
    return this.lookup(cgroupId, pid, pidNs);
  }

  /** Buffer size of one poll. */
  get capacity(): number {
    return this.channel.capacity;
  }

  /** New losses since the last call. */
  checkLoss(): LostReport[] {
    return this.channel.checkLoss();
  }

  /** What the kernel holds now (never blocks). */
  readBatch(): TraceBatch {
    const events: Decoded[] = [];
    this.poll((d) => {
      events.push(d);
    });
    return { events, lost: this.checkLoss() };
  }

  batches(opts: IterateOptions = {}): AsyncGenerator<TraceBatch> {
    return batchLoop(this, () => this.stopped, opts);
  }

  events(opts: IterateOptions = {}): AsyncGenerator<TraceEvent | LostItem> {
    return eventLoop(this.batches(opts));
  }

  /**
   * What the kernel counted for this trace (Hub.start with count), per
   * (cgroup, syscall, errno): calls and nanoseconds spent in them. Empty
   * when the trace does not count.
   */
  counted(): KernelRow[] {
    if (!this.session.countRule || this.stopped) return [];
    this.counter ??= new MetricsMapReader(this.session.probe, SUMMARY_SERIES, "agg");
    return this.counter.read();
  }

  private counter: MetricsMapReader | null = null;

  stats(): { seen: number; lost: number; lostByCause: Record<string, number> } {
    return { seen: this.channel.seen, lost: this.channel.loss.total(), lostByCause: { ...this.channel.loss.totals } };
  }

  /** Detach the probe and stop following containers; idempotent. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.selector?.stop();
    this.selectionWatch?.stop();
    this.channel.close();
    this.hub.forget(this);
    this.resolveDone();
  }

  [Symbol.dispose](): void {
    this.stop();
  }
}

export class Hub {
  readonly table: SyscallTable;
  private readonly running = new Set<RunningTrace>();
  private readonly ownObserver: boolean;

  private constructor(
    readonly observer: ContainerObserver,
    readonly kube: KubeAccess | null,
    readonly node: string,
    readonly warn: (m: string) => void,
    own: boolean,
    private readonly host: ProbeHost | null,
  ) {
    this.ownObserver = own;
    this.table = host?.table ?? syscallTable();
  }

  /** Loads the kubeconfig (if any), starts the observer and waits for its first pod list (at most 5 s). */
  static async open(opts: HubOptions = {}): Promise<Hub> {
    const warn = opts.warn ?? (() => {});
    const node = opts.node ?? (process.env.NODE_NAME || hostname());
    const kube = opts.kube !== undefined ? opts.kube : opts.kubeconfig === false ? null : await loadKubeConfig(opts.kubeconfig);
    const own = !opts.observer;
    const observer = opts.observer ?? new ContainerObserver({ kube, node, scope: scopeOf(null), warn });
    await observer.start();
    return new Hub(observer, kube, node, warn, own, opts.host ?? null);
  }

  /** Running traces. */
  traces(): RunningTrace[] {
    return [...this.running];
  }

  /** The namespace a Trace without one selects in: the kubeconfig context's; null without Kubernetes. */
  private get contextNamespace(): string | null {
    return this.kube ? this.kube.namespace : this.observer.pods ? "default" : null;
  }

  /** Validate a Trace and resolve it against this hub's kubeconfig. */
  plan(trace: Trace, opts: TraceSelectOptions = {}): TracePlan {
    return planTrace(parseTrace(trace, this.table), opts, this.contextNamespace);
  }

  /** Load a probe for a plan and start following its pods; the caller drains it (poll, batches, events). */
  start(plan: TracePlan, opts: RunningTraceOptions = {}): RunningTrace {
    if (plan.selection && !this.kube && !this.observer.pods)
      throw new UsageError("a pod selection needs pod metadata from Kubernetes, but this hub has no kubeconfig; pass kubeconfig to Hub.open");
    const kernelSelects = plan.selection !== null && !this.observer.attributor.v1Mode;
    const errnos = opts.errnos?.length ? [...new Set(opts.errnos.map((n) => errnoNumber(n)))] : null;
    if (errnos && opts.result === "ok") throw new UsageError("errnos selects failed calls; it does not combine with result: \"ok\"");
    const filters = { syscalls: plan.syscalls, pids: plan.pids, comms: plan.comms, cgroups: [], enable: { cgroups: kernelSelects, pids: !!opts.watchPids }, followForks: !!opts.followForks && (plan.pids.length > 0 || !!opts.watchPids), result: opts.result, errnos };
    if (this.host && opts.count) throw new UsageError("counting (count) needs a trace's own probe; this hub shares one");
    const channel: TraceChannel = this.host
      ? new SharedStreamChannel(this.host.addStream({ rule: ruleOfFilters(filters), renderText: !!opts.text, strMax: opts.strsize, argvMax: opts.argc, queueBytes: opts.queueBytes }))
      : TraceSession.open(this.table, { filters, renderText: !!opts.text, count: opts.count, probe: probeSpecOf(opts) });
    try {
      const t = new RunningTrace(this, plan, channel, this.table, !!opts.watchPids);
      this.running.add(t);
      return t;
    } catch (e) {
      channel.close();
      throw e;
    }
  }

  /** Start a Trace; null when its hostSelector does not pick this node. */
  async trace(trace: Trace, opts: RunningTraceOptions = {}): Promise<RunningTrace | null> {
    const manifest = parseTrace(trace, this.table);
    const plan = planTrace(manifest, opts, this.contextNamespace);
    if (plan.hosts?.length && !(await hostSelected({ manifest, kube: this.kube, cri: null, node: this.node, selection: plan.selection }, this.warn))) return null;
    return this.start(plan, opts);
  }

  /**
   * Start a Trace and call `onEvent` with each decoded, attributed event
   * until it stops (stop(), its spec.duration, or `signal`): the seed's
   * RunTrace + AttachTrace. Resolves once it runs; null when its
   * hostSelector does not pick this node.
   */
  async run(trace: Trace, onEvent: (ev: TraceEvent, trace: RunningTrace) => void, opts: RunningTraceOptions & RunCallbacks = {}): Promise<RunningTrace | null> {
    const t = await this.trace(trace, opts);
    if (!t) return null;
    const signal = opts.signal;
    signal?.addEventListener("abort", () => t.stop(), { once: true });
    if (opts.onSelection) t.onSelection((s) => opts.onSelection!(s, t));
    void (async () => {
      for await (const b of t.batches({ signal, idleMs: opts.idleMs })) {
        for (const l of b.lost) opts.onLost?.(l, t);
        // a callback that stopped the trace (a count reached) gets no more of the batch
        for (const d of b.events) {
          if (t.stopped || signal?.aborted) break;
          onEvent(d.event, t);
        }
      }
    })().catch((e) => {
      t.stop();
      this.warn(`trace ${t.name ?? "(unnamed)"} stopped: ${(e as Error).message}`);
    });
    return t;
  }

  /** @internal */
  forget(t: RunningTrace): void {
    this.running.delete(t);
  }

  /** Stop every trace, and the observer if the hub made it; idempotent. */
  close(): void {
    for (const t of [...this.running]) t.stop();
    if (this.ownObserver) this.observer.stop();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function errnoNumber(name: string): number {
  const n = errnoByName(name.toUpperCase());
  if (n === undefined) throw new UsageError(`unknown errno '${name}'; use names such as ENOENT, EACCES, EAGAIN`);
  return n;
}
