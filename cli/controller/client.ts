/**
 * Typed requests for the controller: objects by path, with the API
 * server's answer kept as a status and a reason (404 NotFound, 409
 * Conflict or AlreadyExists, 410 Gone, 403 Forbidden), so callers can act
 * on them. Writes pass through a gate first: once the leader lease is
 * lost, no write leaves this process.
 */
import type { KubeAccess } from "../k8s/kubeconfig";

export class ApiStatusError extends Error {
  constructor(readonly status: number, readonly reason: string, message: string) {
    super(message);
    this.name = "ApiStatusError";
  }
}

/** The leader lease was lost (or never held): writes are refused before they are sent. */
export class NotLeader extends Error {
  constructor() {
    super("not the leader: writes are stopped");
    this.name = "NotLeader";
  }
}

export type Obj = Record<string, any>;

export interface ResourcePath {
  /** "" for the core group. */
  group: string;
  version: string;
  resource: string;
}

export const TRACES: ResourcePath = { group: "tools.swoll.criticalstack.com", version: "v1alpha1", resource: "traces" };
export const JOBS: ResourcePath = { group: "batch", version: "v1", resource: "jobs" };
export const LEASES: ResourcePath = { group: "coordination.k8s.io", version: "v1", resource: "leases" };
export const EVENTS: ResourcePath = { group: "", version: "v1", resource: "events" };
export const PODS: ResourcePath = { group: "", version: "v1", resource: "pods" };

/** /api/v1/... or /apis/<group>/<version>/...; namespace null: every namespace. */
export function pathOf(r: ResourcePath, namespace: string | null, name?: string, sub?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = namespace === null ? "" : `/namespaces/${encodeURIComponent(namespace)}`;
  return `${base}${ns}/${r.resource}${name !== undefined ? `/${encodeURIComponent(name)}` : ""}${sub ? `/${sub}` : ""}`;
}

export class Client {
  /** Returns false when writes must stop (the lease is lost); checked before every write. */
  writeGate: () => boolean = () => true;

  constructor(readonly kube: KubeAccess) {}

  private async call(method: string, path: string, body?: unknown, contentType?: string, signal?: AbortSignal): Promise<Obj> {
    if (method !== "GET" && !this.writeGate()) throw new NotLeader();
    const res = await this.kube.request(method, path, { body, contentType, signal: signal ?? AbortSignal.timeout(30_000) });
    const text = await res.text();
    let parsed: Obj = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      // not JSON: the status line says enough
    }
    if (!res.ok) throw new ApiStatusError(res.status, parsed.reason ?? "", `${method} ${path.split("?")[0]}: HTTP ${res.status}${parsed.message ? `: ${parsed.message}` : ""}`);
    return parsed;
  }

  get(r: ResourcePath, ns: string | null, name: string): Promise<Obj> {
    return this.call("GET", pathOf(r, ns, name));
  }

  list(r: ResourcePath, ns: string | null, query: Record<string, string> = {}, signal?: AbortSignal): Promise<Obj> {
    const q = new URLSearchParams(query).toString();
    return this.call("GET", pathOf(r, ns) + (q ? `?${q}` : ""), undefined, undefined, signal);
  }

  create(r: ResourcePath, ns: string | null, obj: Obj): Promise<Obj> {
    return this.call("POST", pathOf(r, ns), obj);
  }

  /** PUT with the object's resourceVersion: 409 Conflict when someone wrote first. */
  update(r: ResourcePath, ns: string | null, obj: Obj): Promise<Obj> {
    return this.call("PUT", pathOf(r, ns, obj.metadata.name), obj);
  }

  updateStatus(r: ResourcePath, ns: string | null, obj: Obj): Promise<Obj> {
    return this.call("PUT", pathOf(r, ns, obj.metadata.name, "status"), obj);
  }

  delete(r: ResourcePath, ns: string | null, name: string, preconditionUid?: string): Promise<Obj> {
    const body = { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Background", ...(preconditionUid ? { preconditions: { uid: preconditionUid } } : {}) };
    return this.call("DELETE", pathOf(r, ns, name), body);
  }
}
