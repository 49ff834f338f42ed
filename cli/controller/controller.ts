/**
 * The Trace controller: informers on Traces (every namespace), on the
 * Jobs it made and on the node agents' pods (the agents' namespace), a
 * work queue of Trace keys, one worker running the reconciler — and all
 * of it acting only while this replica holds the leader Lease. The caches
 * fill before leadership (a standby is ready at once); a lost Lease
 * closes the write gate at once and ends run() with an error.
 */
import type { SyscallTable } from "../decode/syscalls";
import { ApiStatusError, Client, JOBS, NotLeader, PODS, TRACES, type Obj } from "./client";
import { Informer, keyOf } from "./informer";
import type { JobSettings } from "./job";
import { LeaderElector, type LeaderOptions } from "./leader";
import { ANNOTATION_TRACE, LABEL_JOB } from "./naming";
import { WorkQueue } from "./queue";
import { Reconciler } from "./reconcile";

export interface ControllerOptions {
  job: JobSettings;
  agentSelector: string;
  lease: Omit<LeaderOptions, "warn">;
  log: (m: string) => void;
  /** Re-list period of the informers' watches (seconds). */
  watchTimeoutSeconds?: number;
}

export class LeaseLost extends Error {}

export class TraceController {
  readonly queue = new WorkQueue();
  readonly traces: Informer;
  readonly jobs: Informer;
  readonly agentPods: Informer;
  readonly elector: LeaderElector;
  private readonly reconciler: Reconciler;
  private stopping = false;
  private agentsWere = 0;
  private stopped!: () => void;
  private readonly stoppedPromise = new Promise<void>((r) => (this.stopped = r));

  constructor(private readonly client: Client, table: SyscallTable, private readonly opts: ControllerOptions) {
    const warn = opts.log;
    const common = { warn, watchTimeoutSeconds: opts.watchTimeoutSeconds };
    this.traces = new Informer(client, TRACES, { ...common, namespace: null, onEvent: (_t, o) => this.queue.add(keyOf(o)) });
    this.jobs = new Informer(client, JOBS, {
      ...common,
      namespace: opts.job.namespace,
      labelSelector: LABEL_JOB,
      onEvent: (_t, o) => {
        const ref = o.metadata.annotations?.[ANNOTATION_TRACE];
        if (typeof ref === "string") this.queue.add(ref);
      },
    });
    this.agentPods = new Informer(client, PODS, { ...common, namespace: opts.job.namespace, labelSelector: opts.agentSelector, onEvent: () => this.agentsChanged() });
    // The elector's own Lease writes are what make it leader: they do not pass the gate.
    this.elector = new LeaderElector(new Client(client.kube), { ...opts.lease, warn });
    client.writeGate = () => this.elector.isLeader() && !this.stopping;
    this.reconciler = new Reconciler(
      client,
      {
        trace: (key) => this.traces.cache.get(key),
        job: (ns, name) => this.jobs.cache.get(`${ns}/${name}`),
        agents: () => this.runningAgents(),
      },
      opts.job,
      table,
      warn,
    );
  }

  private runningAgents(): number {
    let n = 0;
    for (const p of this.agentPods.cache.values()) if ((p as Obj).status?.phase === "Running") n++;
    return n;
  }

  /** Agents appearing or all going away changes every Trace's AgentsAvailable condition. */
  private agentsChanged(): void {
    const now = this.runningAgents();
    if ((now > 0) !== (this.agentsWere > 0)) for (const k of this.traces.cache.keys()) this.queue.add(k);
    this.agentsWere = now;
  }

  /** Runs until stop() (resolves) or the Lease is lost (rejects with LeaseLost). */
  async run(): Promise<void> {
    this.traces.start();
    this.jobs.start();
    this.agentPods.start();
    this.elector.start();
    const lost = this.elector.lost.then(() => {
      if (!this.stopping) throw new LeaseLost(`lost the leader Lease ${this.opts.lease.namespace}/${this.opts.lease.name}; stopped all writes`);
    });
    const leading = this.elector.acquired.then(async () => {
      if (this.stopping) return;
      this.opts.log(`${this.opts.lease.identity} is the leader (Lease ${this.opts.lease.namespace}/${this.opts.lease.name})`);
      await Promise.all([this.traces.hasSynced, this.jobs.hasSynced, this.agentPods.hasSynced]);
      for (const k of this.traces.cache.keys()) this.queue.add(k);
      await this.work();
    });
    try {
      await Promise.race([lost, leading, this.stoppedPromise]);
    } finally {
      this.queue.shutDown();
      this.traces.stop();
      this.jobs.stop();
      this.agentPods.stop();
    }
  }

  private async work(): Promise<void> {
    for (let key = await this.queue.get(); key !== null; key = await this.queue.get()) {
      try {
        const r = await this.reconciler.reconcile(key);
        this.queue.forget(key);
        if (r.requeueAfterMs !== undefined) this.queue.addAfter(key, r.requeueAfterMs);
      } catch (e) {
        // NotLeader: a renewal is late; if the Lease is really lost, run() ends, else the key comes back.
        // 409: someone wrote first; the watch brings the new version and the key comes back.
        if (!(e instanceof NotLeader) && !(e instanceof ApiStatusError && e.status === 409)) this.opts.log(`Trace ${key}: ${(e as Error).message.split("\n")[0]}; retrying`);
        this.queue.addRateLimited(key);
      }
      this.queue.done(key);
    }
  }

  async stop(): Promise<void> {
    await this.elector.stop();
    this.stopping = true;
    this.queue.shutDown();
    this.stopped();
  }
}
