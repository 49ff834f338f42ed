/**
 * A pod informer: list, then watch from the list's resourceVersion.
 *   - a watch that ends (server timeout, dropped connection) resumes from
 *     the last resourceVersion seen (events and bookmarks);
 *   - 410 Gone (the version was compacted away) on the watch, as a status
 *     or as an ERROR event in the stream, starts over with a fresh list;
 *   - an unreachable or refusing API server gets one warning per outage
 *     and retries with exponential backoff; what was known stays known.
 */
import type { V1Pod } from "@kubernetes/client-node";
import type { KubeAccess } from "./kubeconfig";
import { PodIndex } from "./pods";
import { watchEvents } from "./watch-lines";

export interface InformerOptions {
  /** null: all namespaces. */
  namespace: string | null;
  fieldSelector: string;
  labelSelector: string;
  /** Called after the index changed (one call per list or watch event). */
  onChange: () => void;
  warn: (message: string) => void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  watchTimeoutSeconds?: number;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

class Gone extends Error {}

interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: V1Pod & { code?: number; message?: string };
}

function reason(e: unknown): string {
  if (e instanceof HttpError) return e.message;
  const err = e as { code?: string; message?: string };
  const msg = (err.message ?? String(e)).split("\n")[0]!;
  return err.code && !msg.includes(err.code) ? `${err.code}: ${msg}` : msg;
}

export class PodInformer {
  readonly index = new PodIndex();
  /** Completed lists (the first one, plus one per relist). */
  lists = 0;
  /** Attempts (list or watch) that failed other than with 410 Gone: retries happened. */
  failures = 0;
  private stopped = false;
  private readonly abort = new AbortController();
  private outage = false;
  private backoffMs: number;
  private loop: Promise<void> | null = null;

  constructor(private readonly kube: KubeAccess, private readonly opts: InformerOptions) {
    this.backoffMs = opts.initialBackoffMs ?? 500;
  }

  /** Runs until stop(); resolves the returned promise after the first list attempt. */
  start(): Promise<void> {
    let firstDone!: () => void;
    const first = new Promise<void>((r) => (firstDone = r));
    this.loop = this.run(firstDone);
    return first;
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  private path(extra: Record<string, string>): string {
    const base = this.opts.namespace === null ? "/api/v1/pods" : `/api/v1/namespaces/${encodeURIComponent(this.opts.namespace)}/pods`;
    const q = new URLSearchParams();
    if (this.opts.fieldSelector) q.set("fieldSelector", this.opts.fieldSelector);
    if (this.opts.labelSelector) q.set("labelSelector", this.opts.labelSelector);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return `${base}?${q}`;
  }

  private async run(firstDone: () => void): Promise<void> {
    let rv: string | null = null;
    let listedAt: number | null = null;
    while (!this.stopped) {
      try {
        if (rv === null) {
          rv = await this.list();
          listedAt = performance.now();
          firstDone();
        } else listedAt = null;
        rv = await this.watch(rv);
      } catch (e) {
        firstDone();
        if (this.stopped) break;
        if (e instanceof Gone) {
          // A version just listed should be watchable; if not, do not spin.
          if (listedAt !== null && performance.now() - listedAt < 1000) await this.sleep(this.backoffMs);
          rv = null;
          continue;
        }
        this.failures++;
        this.failed(e);
        await this.sleep(this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, this.opts.maxBackoffMs ?? 30_000);
      }
    }
  }

  private failed(e: unknown): void {
    if (this.outage) return;
    this.outage = true;
    const forbidden = e instanceof HttpError && (e.status === 401 || e.status === 403);
    const what = forbidden ? `the Kubernetes API at ${this.kube.server} refused to list pods` : `cannot reach the Kubernetes API at ${this.kube.server}`;
    this.opts.warn(`${what} (${reason(e)}); tracing with container ids only, retrying`);
  }

  private recovered(): void {
    this.outage = false;
    this.backoffMs = this.opts.initialBackoffMs ?? 500;
  }

  private sleep(ms: number): Promise<void> {
    const jittered = ms * (0.8 + Math.random() * 0.4);
    return new Promise((resolve) => {
      const t = setTimeout(resolve, jittered);
      this.abort.signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
    });
  }

  private async request(path: string, timeoutMs: number): Promise<Response> {
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(timeoutMs)]);
    const res = await this.kube.get(path, signal);
    if (res.ok) return res;
    let msg = `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { message?: string };
      if (body.message) msg += `: ${body.message}`;
    } catch {
      // not a Status object
    }
    if (res.status === 410) throw new Gone(msg);
    throw new HttpError(res.status, msg);
  }

  /** Lists every page; replaces the index; returns the list's resourceVersion. */
  private async list(): Promise<string> {
    const items: V1Pod[] = [];
    let cont = "";
    let rv = "";
    do {
      const res = await this.request(this.path({ limit: "500", ...(cont ? { continue: cont } : {}) }), 30_000);
      const body = (await res.json()) as { items?: V1Pod[]; metadata?: { resourceVersion?: string; continue?: string } };
      items.push(...(body.items ?? []));
      rv = body.metadata?.resourceVersion ?? "";
      cont = body.metadata?.continue ?? "";
    } while (cont);
    this.recovered();
    this.lists++;
    if (this.index.replace(items) || this.lists === 1) this.opts.onChange();
    return rv;
  }

  /** Streams one watch; returns the last resourceVersion seen when it ends. */
  private async watch(rv: string): Promise<string> {
    const timeout = this.opts.watchTimeoutSeconds ?? 240;
    const res = await this.request(
      this.path({ watch: "1", allowWatchBookmarks: "true", resourceVersion: rv, timeoutSeconds: String(timeout) }),
      (timeout + 30) * 1000,
    );
    this.recovered();
    for await (const ev of watchEvents<WatchEvent>(res.body)) rv = this.apply(ev, rv);
    return rv;
  }

  private apply(ev: WatchEvent, rv: string): string {
    if (ev.type === "ERROR") {
      if (ev.object?.code === 410) throw new Gone(ev.object.message ?? "resource version too old");
      throw new HttpError(ev.object?.code ?? 500, `watch error: ${ev.object?.message ?? "unknown"}`);
    }
    const next = ev.object?.metadata?.resourceVersion || rv;
    if (ev.type === "BOOKMARK") return next;
    const uid = ev.object?.metadata?.uid;
    if (!uid) return next;
    const changed = ev.type === "DELETED" ? this.index.remove(uid) : this.index.upsert(ev.object);
    if (changed) this.opts.onChange();
    return next;
  }

  /** Resolves when the loop has ended after stop(). */
  async done(): Promise<void> {
    await this.loop;
  }
}
