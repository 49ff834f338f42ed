/**
 * `swoll completion --list namespaces|pods`: names for the shells to offer
 * after -n/--namespace and --pod. Only what a trace on this node can
 * select: the pods bound to this node (--node, $NODE_NAME, else the
 * hostname), and the namespaces they run in. Pod names come from the
 * namespace a trace would use (-n, else the context's; -A for all).
 *
 * Completion must never get in the way: no kubeconfig, a broken one, an
 * API server that is slow or refuses, all give an empty list, quickly.
 */
import { hostname } from "node:os";
import { loadKubeConfig } from "../k8s/kubeconfig";

export type ListKind = "namespaces" | "pods";
export const LIST_KINDS: ListKind[] = ["namespaces", "pods"];

export interface ListContext {
  kubeconfig?: string;
  namespace?: string;
  allNamespaces?: boolean;
  node?: string;
  /** Whole budget for the API request (ms). */
  timeoutMs?: number;
}

interface PodList {
  items?: { metadata?: { name?: string; namespace?: string } }[];
}

export async function listNames(kind: ListKind, ctx: ListContext): Promise<string[]> {
  let kube;
  try {
    kube = await loadKubeConfig(ctx.kubeconfig);
  } catch {
    return [];
  }
  if (!kube) return [];
  const node = ctx.node || process.env.NODE_NAME || hostname();
  const ns = kind === "namespaces" || ctx.allNamespaces ? null : ctx.namespace || kube.namespace;
  const base = ns === null ? "/api/v1/pods" : `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`;
  const q = new URLSearchParams({ fieldSelector: `spec.nodeName=${node}`, limit: "1000" });
  try {
    const res = await kube.get(`${base}?${q}`, AbortSignal.timeout(ctx.timeoutMs ?? 2000));
    if (!res.ok) return [];
    const body = (await res.json()) as PodList;
    const names = (body.items ?? []).map((p) => (kind === "namespaces" ? p.metadata?.namespace : p.metadata?.name));
    return [...new Set(names.filter((n): n is string => !!n))].sort();
  } catch {
    return [];
  }
}
