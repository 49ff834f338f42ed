/** `swoll serve`: count syscalls (with Kubernetes, of this node's pods only), serve /metrics, /metrics/charts and the trace stream API. */
import { Command, Option } from "commander";
import { isIP } from "node:net";
import { syscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { onCleanup, onStopSignal } from "../lifecycle";
import { DEFAULT_CGROUP_KEYS, type MetricsCollector } from "../metrics/collector";
import { Metrics } from "../api/metrics";
import type { ContainerObserver } from "../metadata/observer";
import { listen, type ListenAddress } from "../metrics/server";
import { parseDuration, parsePositiveInt } from "../options";
import { dropPrivileges, missingPrivileges, resolveDropUser, type DropUserFlag } from "../privileges";
import { addDropUserOptions } from "./privilege-options";
import { addDrainNiceOption, parseNice, setDrainPriority } from "../trace/drain-priority";
import type { KubeAccess } from "../k8s/kubeconfig";
import { NodeScope, nodeScopeMode } from "../agent/scope";
import { checkTraceListen, DEFAULT_TRACE_LISTEN, inHostNetns, parseTraceListen, type TraceListen } from "../agent/listen";

interface ServeFlags {
  drainNice: string;
  listen: string;
  traceListen: string;
  cgroupRoot?: string;
  hostNetnsPid: string;
  streamQueueBytes: string;
  maxSeries: string;
  maxSeriesPerCgroup: string;
  grace: string;
  verbose?: boolean;
  kubeconfig?: string;
  cri?: string | boolean;
  node?: string;
  dropUser?: DropUserFlag;
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
    // Bun reports a host name it cannot resolve as ENOENT (getaddrinfo's EAI_NONAME)
    if (isIP(addr.hostname) === 0 && (code === "ENOENT" || code === "ENOTFOUND" || code === "EAI_NONAME" || code === "EAI_AGAIN"))
      throw new UsageError(`cannot resolve ${addr.hostname}; use an IP address such as 127.0.0.1:${addr.port}, or a name this machine resolves`, 1);
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
async function openObserver(flags: ServeFlags, warn: (m: string) => void): Promise<{ observer: ContainerObserver; kube: KubeAccess | null; node: string }> {
  const { planKubernetes } = await import("../metadata/plan");
  const { ContainerObserver } = await import("../metadata/observer");
  const { Attributor } = await import("../containers/attributor");
  // serve counts; the shared warnings speak of tracing
  const say = (m: string) => warn(m.replace("tracing with container ids only", "counting by container id only, without pod labels"));
  const plan = await planKubernetes({ kubeconfig: flags.kubeconfig, cri: flags.cri, node: flags.node }, syscallTable(), say);
  const attributor = flags.cgroupRoot ? new Attributor({ subtree: flags.cgroupRoot }) : undefined;
  const observer = new ContainerObserver({ kube: plan.kube, cri: plan.cri, node: plan.node, warn: say, attributor });
  onCleanup(() => observer.stop());
  await observer.start();
  return { observer, kube: plan.kube, node: plan.node };
}

/**
 * The trace stream API beside /metrics: each stream a rule and a stream of
 * the metrics' own probe (one probe per agent), events of this node's pods only.
 */
async function serveStreams(at: Exclude<TraceListen, { kind: "off" }>, observer: ContainerObserver, kube: KubeAccess | null, node: string, metrics: Metrics, queueBytes: number, warn: (m: string) => void) {
  const { Hub } = await import("../api/hub");
  const { HubStreamSource } = await import("../agent/source");
  const { TraceStreamServer } = await import("../agent/server");
  const { DEFAULT_LIMITS } = await import("../agent/stream");
  const { MAX_RULES } = await import("../probe/rules");
  const c = metrics.collector;
  const hub = await Hub.open({ observer, kube, node, warn, host: c.host });
  c.extraLost.stream_slow = 0;
  // every rule the counting does not use is a stream's
  const maxStreams = MAX_RULES - c.host.rules.all().length;
  const server = new TraceStreamServer({
    source: new HubStreamSource(hub, STREAM_RECORD_QUEUE),
    node,
    table: hub.table,
    onSlow: (n) => (c.extraLost.stream_slow! += n),
    maxStreams,
    limits: { ...DEFAULT_LIMITS, maxQueueBytes: queueBytes },
  });
  const where = server.listen(at);
  onCleanup(() => {
    server.stop();
    hub.close();
  });
  process.stderr.write(`swoll: serving trace streams for node ${node} on ${where}\n`);
  return { stop: () => (server.stop(), hub.close()) };
}

/** Bytes of one stream's raw records held while another stream drains the shared rings. */
const STREAM_RECORD_QUEUE = 1 << 20;
/** Bytes of each ring of serve's probe when it streams. */
const SERVE_RING_BYTES = 4 << 20;

export function serveCommand(): Command {
  return addDrainNiceOption(addDropUserOptions(new Command("serve")))
    .description("count syscalls by container, syscall and result (with a kubeconfig: of this node's pods only); serve /metrics (Prometheus), /metrics/charts and the trace stream API")
    .option("--listen <addr>", "HOST:PORT to serve on; :PORT for all interfaces", DEFAULT_LISTEN)
    .option("--max-series <n>", "capacity of the kernel map, in (cgroup, syscall, errno) entries", "16384")
    .option("--max-series-per-cgroup <n>", "keys one cgroup may hold in the kernel map; past it, its new ones count as syscall=\"sys_other\"", String(DEFAULT_CGROUP_KEYS))
    .option("--grace <time>", "how long series of a removed cgroup are kept: 30s, 2m", "2m")
    .option("--kubeconfig <file>", "kubeconfig for pod labels (default: $KUBECONFIG, ~/.kube/config, in-cluster)")
    .option("--node <name>", "this node's name, for the pod watch (default: $NODE_NAME, then the hostname)")
    .option("--cri <socket>", "container runtime (CRI) socket for pod labels (default: the first of /run/containerd/containerd.sock, /run/k3s/containerd/containerd.sock, /run/crio/crio.sock)")
    .option("--no-cri", "do not ask the container runtime for pod labels")
    .option("--trace-listen <addr>", "the trace stream API: loopback HOST:PORT in the agent pod's own network namespace, unix:PATH, or off", DEFAULT_TRACE_LISTEN)
    .option("--cgroup-root <dir>", "only containers under this cgroup2 directory (nodes that share a kernel, as kind's do)")
    .addOption(new Option("--host-netns-pid <pid>", "a process in the host's network namespace").default("1").hideHelp())
    .addOption(new Option("--stream-queue-bytes <n>", "bytes of lines held for each stream's client").default(String(4 << 20)).hideHelp())
    .option("--verbose", "show libbpf's log and the verifier log on failure")
    .action(async (flags: ServeFlags, cmd: Command) => {
      process.exitCode = await runServe(flags, cmd.getOptionValueSource("traceListen") === "cli", cmd.getOptionValueSource("drainNice") === "cli");
    });
}

async function runServe(flags: ServeFlags, traceListenGiven: boolean, drainNiceGiven: boolean): Promise<number> {
  const addr = parseListen(flags.listen);
  const { listen: traceAt, notice } = checkTraceListen(parseTraceListen(flags.traceListen), traceListenGiven, inHostNetns(parsePositiveInt(flags.hostNetnsPid, "--host-netns-pid")));
  if (flags.cgroupRoot !== undefined && !/^\/?[^\0]*$/.test(flags.cgroupRoot)) throw new UsageError(`invalid --cgroup-root '${flags.cgroupRoot}'`);
  const maxSeries = parsePositiveInt(flags.maxSeries, "--max-series", MAX_SERIES_LIMIT);
  const perCgroup = parsePositiveInt(flags.maxSeriesPerCgroup, "--max-series-per-cgroup", MAX_SERIES_LIMIT);
  const graceMs = parseDuration(flags.grace, "--grace");
  const drainNice = parseNice(flags.drainNice);
  const dropTo = resolveDropUser(flags.dropUser);
  const denied = missingPrivileges();
  if (denied) throw new UsageError(denied, 1);
  const warn = (m: string) => process.stderr.write(`swoll: warning: ${m}\n`);
  const { observer, kube, node } = await openObserver(flags, warn);

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
  const scopeMode = nodeScopeMode({ kube: kube !== null, cgroupRoot: flags.cgroupRoot });
  try {
    metrics = Metrics.open({
      maxSeries,
      maxSeriesPerCgroup: perCgroup,
      graceMs,
      observer,
      verbose: !!flags.verbose,
      // scoped: counts nothing until the node's pods fill the set
      cgroups: scopeMode ? [] : undefined,
      // one probe for the counting and every stream
      streaming: traceAt.kind === "off" ? null : { ringBytes: SERVE_RING_BYTES },
    });
  } catch (e) {
    server.stop(true);
    throw e;
  }
  const c = metrics.collector;
  if (scopeMode) {
    const m = metrics;
    const scope = new NodeScope(observer, scopeMode, { allowCgroup: (id, on) => m.filter.addCgroup(id, on) }, warn);
    scope.start();
    onCleanup(() => scope.stop());
  }
  const queueBytes = parsePositiveInt(flags.streamQueueBytes, "--stream-queue-bytes", 1 << 30);
  const streams = traceAt.kind === "off" ? null : await serveStreams(traceAt, observer, kube, node, metrics, queueBytes, warn);
  // the streams are drained by this thread; with no stream API it drains nothing and keeps its priority
  if (streams) setDrainPriority(drainNice, drainNiceGiven, warn);
  // Loaded, attached, ports bound, stream listener open: give up root
  // (cli/privileges.ts). Streams come and go as rules of the loaded probe,
  // map updates on descriptors already held, which need no privilege.
  await dropPrivileges({ target: dropTo, kube, fallback: { kubeconfig: kube !== null }, warn });
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
  // after the bind: a usage error stays one line
  if (notice) process.stderr.write(`swoll: ${notice}\n`);

  await stopped;
  clearInterval(prune);
  streams?.stop();
  await server.stop(true);
  metrics.close();
  return 0;
}
