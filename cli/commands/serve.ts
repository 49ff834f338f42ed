/** `swoll serve`: count every syscall in the kernel and serve /metrics and /metrics/charts. */
import { Command } from "commander";
import { isIP } from "node:net";
import { syscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { onCleanup, onStopSignal } from "../lifecycle";
import type { MetricsCollector } from "../metrics/collector";
import { Metrics } from "../api/metrics";
import type { ContainerObserver } from "../metadata/observer";
import { listen, type ListenAddress } from "../metrics/server";
import { parseDuration, parsePositiveInt } from "../options";
import { dropCapabilities, missingPrivileges } from "../privileges";

interface ServeFlags {
  listen: string;
  maxSeries: string;
  grace: string;
  verbose?: boolean;
  kubeconfig?: string;
  node?: string;
}

export const DEFAULT_LISTEN = "127.0.0.1:9095";
const ALL_INTERFACES = "::";
const MAX_SERIES_LIMIT = 1 << 20;

/** "127.0.0.1:9095", "[::1]:9095", "localhost:9095", ":9095" (all interfaces) or "9095" (loopback). */
export function parseListen(text: string): ListenAddress {
  const bad = () =>
    new UsageError(`invalid --listen '${text}'; use HOST:PORT such as ${DEFAULT_LISTEN}, or :PORT for all interfaces`);
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]*)):(\d{1,5})$|^(\d{1,5})$/.exec(text.trim());
  if (!m) throw bad();
  const port = Number(m[3] ?? m[4]);
  if (port > 65535) throw bad();
  if (m[4] !== undefined) return { hostname: "127.0.0.1", port };
  if (m[1] !== undefined) {
    if (isIP(m[1]) !== 6) throw bad();
    return { hostname: m[1], port };
  }
  const host = m[2]!;
  if (host === "") return { hostname: ALL_INTERFACES, port };
  const hostName = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/;
  // all-numeric names are malformed IPv4 addresses, not host names
  if (isIP(host) === 0 && (!hostName.test(host) || /^[\d.]+$/.test(host))) throw bad();
  return { hostname: host, port };
}

function where(addr: ListenAddress): string {
  return addr.hostname === ALL_INTERFACES || addr.hostname === "0.0.0.0" ? "all interfaces" : addr.hostname;
}

function bind(addr: ListenAddress, getCollector: () => MetricsCollector | undefined) {
  try {
    return listen(addr, getCollector);
  } catch (e) {
    const code = (e as { code?: string }).code;
    // no IPv6 on this host: all interfaces means all IPv4 ones
    if (addr.hostname === ALL_INTERFACES && (code === "EADDRNOTAVAIL" || code === "EAFNOSUPPORT"))
      return listen({ ...addr, hostname: "0.0.0.0" }, getCollector);
    if (code === "EADDRINUSE")
      throw new UsageError(`port ${addr.port} on ${where(addr)} is in use; stop what listens there or pick another port with --listen`, 1);
    if (code === "EADDRNOTAVAIL")
      throw new UsageError(`cannot listen on ${addr.hostname}: no such local address; use an address of this machine, or :${addr.port} for all interfaces`, 1);
    if (code === "EACCES")
      throw new UsageError(`not allowed to listen on port ${addr.port}; use a port above 1023 or run as root`, 1);
    throw new UsageError(`cannot listen on ${addr.hostname}:${addr.port}: ${(e as Error).message}; pick another --listen`, 1);
  }
}

/**
 * What attributes serve's series, as for `trace`'s hub: cgroup paths for
 * container ids, the pod informer (when a kubeconfig works) for names.
 * Host processes keep empty labels.
 */
async function openObserver(flags: ServeFlags, warn: (m: string) => void): Promise<{ observer: ContainerObserver; kube: boolean }> {
  const { planKubernetes } = await import("../k8s/setup");
  const { ContainerObserver } = await import("../metadata/observer");
  const plan = await planKubernetes({ kubeconfig: flags.kubeconfig, node: flags.node }, syscallTable(), warn);
  const observer = new ContainerObserver({ kube: plan.kube, node: plan.node, warn });
  onCleanup(() => observer.stop());
  await observer.start();
  return { observer, kube: plan.kube !== null };
}

export function serveCommand(): Command {
  return new Command("serve")
    .description("count every syscall in the kernel by container, syscall and result; serve /metrics (Prometheus) and /metrics/charts")
    .option("--listen <addr>", "HOST:PORT to serve on; :PORT for all interfaces", DEFAULT_LISTEN)
    .option("--max-series <n>", "capacity of the kernel map, in (cgroup, syscall, errno) entries", "16384")
    .option("--grace <time>", "how long series of a removed cgroup are kept: 30s, 2m", "2m")
    .option("--kubeconfig <file>", "kubeconfig for pod labels (default: $KUBECONFIG, ~/.kube/config, in-cluster)")
    .option("--node <name>", "this node's name, for the pod watch (default: $NODE_NAME, then the hostname)")
    .option("--verbose", "show libbpf's log and the verifier log on failure")
    .action(async (flags: ServeFlags) => {
      process.exitCode = await runServe(flags);
    });
}

async function runServe(flags: ServeFlags): Promise<number> {
  const addr = parseListen(flags.listen);
  const maxSeries = parsePositiveInt(flags.maxSeries, "--max-series", MAX_SERIES_LIMIT);
  const graceMs = parseDuration(flags.grace, "--grace");
  const denied = missingPrivileges();
  if (denied) throw new UsageError(denied, 1);
  const warn = (m: string) => process.stderr.write(`swoll: warning: ${m}\n`);
  const { observer, kube } = await openObserver(flags, warn);

  let metrics: Metrics | undefined;
  const server = bind(addr, () => metrics?.collector);
  onCleanup(() => {
    server.stop(true);
    metrics?.close();
  });
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  onStopSignal(() => stop());

  // loaded once the port is ours, so a port in use fails before the probe loads
  try {
    metrics = Metrics.open({ maxSeries, graceMs, observer, verbose: !!flags.verbose });
  } catch (e) {
    server.stop(true);
    throw e;
  }
  const c = metrics.collector;
  // Loaded and attached: give up what serving does not need.
  dropCapabilities({ kubeconfig: kube }, warn);
  if (!c.cgroups.enabled) process.stderr.write(`swoll: warning: series of removed cgroups are kept: ${c.cgroups.disabledReason}\n`);
  let pruneFailed = false;
  const prune = setInterval(() => {
    try {
      c.prune();
    } catch (e) {
      // serving goes on; say it once
      if (!pruneFailed) process.stderr.write(`swoll: warning: dropping series of removed cgroups failed: ${(e as Error).message}\n`);
      pruneFailed = true;
    }
  }, Math.min(10_000, Math.max(250, graceMs / 2)));
  const host = server.hostname ?? addr.hostname;
  const all = host === ALL_INTERFACES || host === "0.0.0.0";
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${server.port}`;
  process.stderr.write(`swoll: serving ${url}/metrics and ${url}/metrics/charts${all ? " on all interfaces" : ""}\n`);

  await stopped;
  clearInterval(prune);
  await server.stop(true);
  metrics.close();
  return 0;
}
