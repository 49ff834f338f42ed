/**
 * A shared-informer of one resource: list, then watch from the list's
 * resourceVersion, keeping a cache by namespace/name.
 *   - a watch that ends resumes from the last resourceVersion seen;
 *   - 410 Gone (as a status or an ERROR event) relists; objects that
 *     vanished meanwhile are reported deleted;
 *   - an API server that is away is retried with capped backoff, one
 *     warning per outage and one line when it is back.
 * Handlers get keys' changes; the controller only enqueues keys.
 */
import { ApiStatusError, pathOf, type Client, type Obj, type ResourcePath } from "./client";
import { watchEvents } from "../k8s/watch-lines";

export type Handler = (type: "ADDED" | "MODIFIED" | "DELETED", obj: Obj) => void;

export interface InformerOptions {
  /** null: every namespace. */
  namespace: string | null;
  labelSelector?: string;
  fieldSelector?: string;
  onEvent: Handler;
  warn: (m: string) => void;
  watchTimeoutSeconds?: number;
  maxBackoffMs?: number;
}

class Gone extends Error {}

export const keyOf = (o: Obj) => `${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;

export class Informer {
  readonly cache = new Map<string, Obj>();
  /** Completed lists: the first one and one per relist. */
  lists = 0;
  private synced!: () => void;
  readonly hasSynced: Promise<void> = new Promise((r) => (this.synced = r));
  private readonly abort = new AbortController();
  private stopped = false;
  private outage = false;
  private loop: Promise<void> | null = null;

  constructor(private readonly client: Client, private readonly resource: ResourcePath, private readonly opts: InformerOptions) {}

  start(): void {
    this.loop = this.run();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  async done(): Promise<void> {
    await this.loop;
  }

  private query(extra: Record<string, string>): Record<string, string> {
    return {
      ...(this.opts.labelSelector ? { labelSelector: this.opts.labelSelector } : {}),
      ...(this.opts.fieldSelector ? { fieldSelector: this.opts.fieldSelector } : {}),
      ...extra,
    };
  }

  private async run(): Promise<void> {
    let rv: string | null = null;
    let backoff = 250;
    while (!this.stopped) {
      try {
        if (rv === null) rv = await this.list();
        rv = await this.watch(rv);
        backoff = 250;
      } catch (e) {
        if (this.stopped) break;
        if (e instanceof Gone) {
          rv = null;
          continue;
        }
        if (!this.outage) {
          this.outage = true;
          const what = e instanceof ApiStatusError ? e.message : `cannot reach the API server at ${this.client.kube.server} (${(e as Error).message.split("\n")[0]})`;
          this.opts.warn(`${this.resource.resource}: ${what}; retrying`);
        }
        await new Promise<void>((r) => {
          const t = setTimeout(r, backoff * (0.8 + Math.random() * 0.4));
          this.abort.signal.addEventListener("abort", () => (clearTimeout(t), r()), { once: true });
        });
        backoff = Math.min(backoff * 2, this.opts.maxBackoffMs ?? 10_000);
      }
    }
  }

  private recovered(): void {
    if (!this.outage) return;
    this.outage = false;
    this.opts.warn(`${this.resource.resource}: the API server answers again`);
  }

  private async list(): Promise<string> {
    const body = await this.client.list(this.resource, this.opts.namespace, this.query({}), AbortSignal.any([this.abort.signal, AbortSignal.timeout(30_000)]));
    this.recovered();
    const seen = new Set<string>();
    for (const o of (body.items ?? []) as Obj[]) {
      const k = keyOf(o);
      seen.add(k);
      const old = this.cache.get(k);
      this.cache.set(k, o);
      if (!old) this.opts.onEvent("ADDED", o);
      else if (old.metadata.resourceVersion !== o.metadata.resourceVersion) this.opts.onEvent("MODIFIED", o);
    }
    for (const [k, o] of [...this.cache]) {
      if (seen.has(k)) continue;
      this.cache.delete(k);
      this.opts.onEvent("DELETED", o);
    }
    this.lists++;
    this.synced();
    return String(body.metadata?.resourceVersion ?? "");
  }

  private async watch(rv: string): Promise<string> {
    const timeout = this.opts.watchTimeoutSeconds ?? 240;
    const q = new URLSearchParams(this.query({ watch: "1", allowWatchBookmarks: "true", resourceVersion: rv, timeoutSeconds: String(timeout) }));
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout((timeout + 30) * 1000)]);
    const res = await this.client.kube.get(`${pathOf(this.resource, this.opts.namespace)}?${q}`, signal);
    if (res.status === 410) throw new Gone();
    if (!res.ok) throw new ApiStatusError(res.status, "", `watch ${this.resource.resource}: HTTP ${res.status}`);
    this.recovered();
    for await (const ev of watchEvents<{ type: string; object: Obj }>(res.body)) rv = this.apply(ev, rv);
    return rv;
  }

  private apply(ev: { type: string; object: Obj }, rv: string): string {
    if (ev.type === "ERROR") {
      if (ev.object?.code === 410) throw new Gone();
      throw new ApiStatusError(ev.object?.code ?? 500, ev.object?.reason ?? "", `watch error: ${ev.object?.message ?? "unknown"}`);
    }
    const next = ev.object?.metadata?.resourceVersion || rv;
    if (ev.type === "BOOKMARK") return next;
    const k = keyOf(ev.object);
    if (ev.type === "DELETED") this.cache.delete(k);
    else this.cache.set(k, ev.object);
    this.opts.onEvent(ev.type as "ADDED" | "MODIFIED" | "DELETED", ev.object);
    return next;
  }
}
