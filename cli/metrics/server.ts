/**
 * The HTTP side of `swoll serve`: /metrics (Prometheus), /metrics/charts
 * (page, script, echarts, JSON data), /metrics/cgroups (per-cgroup JSON)
 * and /healthz. Every request reads the kernel map afresh; /metrics is
 * rendered as a stream that yields between slices (render.ts), so
 * /healthz answers at once during a scrape. Odd requests are answered:
 * a request line without a Host (HTTP/1.0) is served by its path, and
 * connections idle for IDLE_TIMEOUT_S (slow clients) are closed.
 */
import type { Server } from "bun";
import { chartsData, cgroupRows } from "./charts";
import type { MetricsCollector } from "./collector";
import { CHARTS_HTML, CHARTS_JS, ECHARTS_JS } from "./page";
import { CONTENT_TYPE, Exposition, writeScrapeDuration, writeSelfSeries, writeSyscallSeries } from "./prometheus";
import { metricsResponse } from "./render";

/** Seconds a connection may send nothing (or only part of a request) before it is closed. */
export const IDLE_TIMEOUT_S = 10;
/** Every endpoint is a GET: a body larger than this is refused unread. */
const MAX_BODY = 16 * 1024;

/** The path and query of a request target, with or without scheme and host. */
export function targetOf(url: string): { path: string; query: URLSearchParams } {
  const rest = url.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/, "");
  const q = rest.indexOf("?");
  const path = (q < 0 ? rest : rest.slice(0, q)).replace(/#.*$/, "");
  return { path: path || "/", query: new URLSearchParams(q < 0 ? "" : rest.slice(q + 1).replace(/#.*$/, "")) };
}

export interface ListenAddress {
  /** what Bun binds: an IP literal or a host name */
  hostname: string;
  port: number;
}

const JS = "application/javascript; charset=utf-8";
const NO_STORE = { "cache-control": "no-store" };

function text(body: string, type: string, status = 200, extra: Record<string, string> = NO_STORE): Response {
  return new Response(body, { status, headers: { "content-type": type, ...extra } });
}

function json(body: unknown): Response {
  return text(JSON.stringify(body), "application/json; charset=utf-8");
}

/** Every cgroup's rows is the one large JSON answer: made at most once a second, one copy shared by a flood of requests. */
let cgroupsCache: { at: number; body: Uint8Array<ArrayBuffer>; collector: MetricsCollector } | undefined;
const CGROUPS_CACHE_MS = 1000;

function allCgroups(c: MetricsCollector): Response {
  const now = performance.now();
  if (!cgroupsCache || cgroupsCache.collector !== c || now - cgroupsCache.at > CGROUPS_CACHE_MS)
    cgroupsCache = { at: now, collector: c, body: new TextEncoder().encode(JSON.stringify(cgroupRows(c.snapshot().rows, c.table, (g) => c.cgroupPath(g)))) };
  return new Response(cgroupsCache.body, { headers: { "content-type": "application/json; charset=utf-8", ...NO_STORE } });
}

export function renderMetrics(c: MetricsCollector): string {
  const t0 = performance.now();
  const { rows, series } = c.snapshot();
  const x = new Exposition();
  writeSyscallSeries(x, series, c.boundsNs);
  writeSelfSeries(x, c.selfStats(rows.length));
  writeScrapeDuration(x, (performance.now() - t0) / 1000);
  return x.text();
}

export function handle(c: MetricsCollector, req: Request): Response {
  if (req.method !== "GET" && req.method !== "HEAD") return text("method not allowed\n", "text/plain", 405, { allow: "GET, HEAD" });
  const url = targetOf(req.url);
  switch (url.path.replace(/\/+$/, "") || "/") {
    case "/healthz":
      return c.closed ? text("probe detached\n", "text/plain", 503) : text("ok\n", "text/plain");
    case "/metrics":
      // Prometheus asks for gzip; a node with many containers makes megabytes
      return metricsResponse(c, req, NO_STORE);
    case "/metrics/charts":
      return text(CHARTS_HTML, "text/html; charset=utf-8");
    case "/metrics/charts/app.js":
      return text(CHARTS_JS, JS);
    case "/metrics/charts/echarts.min.js":
      return text(ECHARTS_JS, JS, 200, { "cache-control": "max-age=86400" });
    case "/metrics/charts/data": {
      const stats = c.selfStats(0);
      const lost = Object.values(stats.lost).reduce((a, b) => a + b, 0);
      // ?namespace=NS: every panel of the focused page, latency included, from that namespace's series only
      const ns = url.query.get("namespace");
      const series = c.snapshot().series;
      return json(chartsData(ns === null ? series : series.filter((s) => s.labels.namespace === ns), c.boundsNs, lost, stats.mapOverflow));
    }
    case "/metrics/cgroups": {
      const id = url.query.get("id");
      if (id !== null && !/^\d+$/.test(id)) return text("id must be a cgroup id (a decimal number)\n", "text/plain", 400);
      if (id !== null) return json(cgroupRows(c.snapshot().rows, c.table, (g) => c.cgroupPath(g), Number(id)));
      return allCgroups(c);
    }
    case "/":
      return text("swoll serve: /metrics /metrics/charts /metrics/cgroups /healthz\n", "text/plain");
    default:
      return text("not found\n", "text/plain", 404);
  }
}

/** Bind first, so a taken port fails before the probe loads. */
export function listen(addr: ListenAddress, getCollector: () => MetricsCollector | undefined): Server<undefined> {
  return Bun.serve({
    hostname: addr.hostname,
    port: addr.port,
    development: false,
    // Bun would otherwise set SO_REUSEPORT and share the port with a second swoll
    reusePort: false,
    idleTimeout: IDLE_TIMEOUT_S,
    maxRequestBodySize: MAX_BODY,
    fetch(req) {
      const c = getCollector();
      if (!c) return text("starting\n", "text/plain", 503);
      return handle(c, req);
    },
    error(e) {
      return text(`internal error: ${e.message}\n`, "text/plain", 500);
    },
  });
}
