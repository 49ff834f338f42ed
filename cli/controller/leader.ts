/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go's
 * leaderelection: a candidate takes the Lease when it is free or its
 * holder has not renewed it within leaseDurationSeconds (every write is a
 * PUT with the Lease's resourceVersion, so two candidates cannot both
 * win); the leader renews every retry period. `isLeader()` turns false the
 * moment the last successful renewal is older than the renew deadline —
 * before any other candidate may take over (renew deadline < lease
 * duration) — and the client's write gate checks it before every write.
 */
import { ApiStatusError, LEASES, type Client, type Obj } from "./client";

export interface LeaderOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  warn: (m: string) => void;
}

const micro = (ms: number) => new Date(ms).toISOString().replace("Z", "000Z");

export class LeaderElector {
  private renewedAt = -Infinity;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private leading = false;
  private resolveLost!: () => void;
  /** Resolves once leadership, after being held, is lost. */
  readonly lost: Promise<void> = new Promise((r) => (this.resolveLost = r));
  private resolveAcquired!: () => void;
  readonly acquired: Promise<void> = new Promise((r) => (this.resolveAcquired = r));

  constructor(private readonly client: Client, readonly opts: LeaderOptions) {}

  isLeader(): boolean {
    return this.leading && performance.now() - this.renewedAt < this.opts.renewDeadlineMs;
  }

  start(): void {
    void this.tick();
  }

  private schedule(): void {
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.opts.retryPeriodMs);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const started = performance.now();
    try {
      if (await this.tryAcquireOrRenew()) {
        this.renewedAt = started;
        if (!this.leading) {
          this.leading = true;
          this.resolveAcquired();
        }
      }
    } catch (e) {
      if (!(e instanceof ApiStatusError && e.status === 409)) this.warn(e);
    }
    if (this.leading && !this.isLeader()) {
      this.leading = false;
      this.resolveLost();
      return;
    }
    this.schedule();
  }

  private lastWarning = "";
  private warn(e: unknown): void {
    const m = (e as Error).message.split("\n")[0]!;
    if (m === this.lastWarning) return;
    this.lastWarning = m;
    this.opts.warn(`leader lease ${this.opts.namespace}/${this.opts.name}: ${m}`);
  }

  /** True when this candidate holds the Lease after the call. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, name, identity, leaseDurationMs } = this.opts;
    const nowMs = Date.now();
    let lease: Obj;
    try {
      lease = await this.client.get(LEASES, namespace, name);
    } catch (e) {
      if (!(e instanceof ApiStatusError && e.status === 404)) throw e;
      await this.client.create(LEASES, namespace, {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name, namespace },
        spec: { holderIdentity: identity, leaseDurationSeconds: Math.ceil(leaseDurationMs / 1000), acquireTime: micro(nowMs), renewTime: micro(nowMs), leaseTransitions: 0 },
      });
      return true;
    }
    const spec = (lease.spec ??= {});
    const mine = spec.holderIdentity === identity;
    const renewed = Date.parse(spec.renewTime ?? 0) || 0;
    const expired = !spec.holderIdentity || renewed + (spec.leaseDurationSeconds ?? 0) * 1000 < nowMs;
    if (!mine && !expired) return false;
    if (!mine) {
      spec.holderIdentity = identity;
      spec.acquireTime = micro(nowMs);
      spec.leaseTransitions = (spec.leaseTransitions ?? 0) + 1;
    }
    spec.leaseDurationSeconds = Math.ceil(leaseDurationMs / 1000);
    spec.renewTime = micro(nowMs);
    await this.client.update(LEASES, namespace, lease);
    return true;
  }

  /** Stops renewing; a leader that stops gives the Lease up so the next one need not wait. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (!this.isLeader()) return;
    try {
      const lease = await this.client.get(LEASES, this.opts.namespace, this.opts.name);
      if (lease.spec?.holderIdentity !== this.opts.identity) return;
      lease.spec.holderIdentity = "";
      lease.spec.renewTime = micro(0);
      await this.client.update(LEASES, this.opts.namespace, lease);
    } catch {
      // it expires by itself
    } finally {
      this.leading = false;
    }
  }
}
