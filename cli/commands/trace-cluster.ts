/**
 * `swoll trace --cluster` (and `kubectl swoll trace …`): the same
 * selection flags and Trace file as a local trace, run by the agent of
 * every node that hosts selected pods, merged here. `--trace-ref` (what a
 * Trace's Job runs) takes the spec from a Trace object and follows it.
 */
import { syscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { onCleanup, onStopSignal } from "../lifecycle";
import { parseComms, parseDuration, parsePids, parsePositiveInt, parseSyscalls } from "../options";
import { LineSink, ReaderGone } from "../output/sink";
import { planKubernetes, type KubeFlags } from "../metadata/plan";
import type { TraceManifest } from "../k8s/manifest";
import type { SyscallTable } from "../decode/syscalls";
import { openTraceRef } from "../trace/trace-ref";
import { fieldSelectorText, labelSelectorText, parseLabelSelector } from "../k8s/selectors";
import type { PodSelection } from "../k8s/pods";
import type { StreamSpec } from "../agent/protocol";
import { ClusterTrace, type ClusterOutput } from "../cluster/client";

export const DEFAULT_AGENT_NAMESPACE = "swoll";
export const DEFAULT_AGENT_SELECTOR = "app.kubernetes.io/name=swoll,app.kubernetes.io/component=node-agent";
export const DEFAULT_AGENT_PORT = 9096;

export interface ClusterFlags extends KubeFlags {
  traceRef?: string;
  syscall?: string[];
  pid?: string[];
  comm?: string[];
  limit?: string;
  duration?: string;
  agentNamespace: string;
  agentSelector: string;
  agentPort: string;
}

/** What every agent is asked to run: a Trace's spec plus its scope, and the flags that narrow it. */
function streamSpec(selection: PodSelection, syscalls: string[] | undefined, m: TraceManifest | null, flags: ClusterFlags, durationMs: number | null): StreamSpec {
  return {
    ...(syscalls?.length ? { syscalls } : {}),
    ...(selection.namespace === null ? { allNamespaces: true } : { namespace: selection.namespace }),
    ...(selection.labels.length ? { labelSelector: labelSelectorText(selection.labels) } : {}),
    ...(selection.fields.length ? { fieldSelector: fieldSelectorText(selection.fields) } : {}),
    ...(selection.pods.length ? { pods: selection.pods } : {}),
    ...(selection.containers.length ? { containers: selection.containers } : {}),
    ...(flags.pid?.length ? { pids: parsePids(flags.pid) } : {}),
    ...(flags.comm?.length ? { comms: parseComms(flags.comm) } : {}),
    ...(m && m.sampleRate > 1 ? { sampleRate: m.sampleRate } : {}),
    ...(durationMs !== null ? { duration: `${Math.ceil(durationMs)}ms` } : {}),
  };
}

const syscallNames = (m: TraceManifest | null, table: SyscallTable) => m?.syscalls?.map((nr) => table.byNr(nr)!.name);

/** Exit code of the run; every problem before the first stream is a UsageError (one line). */
export async function runClusterTrace(flags: ClusterFlags, output: ClusterOutput, extraArgs: string[]): Promise<number> {
  if (extraArgs.length) throw new UsageError(`--cluster traces pods on their nodes; it cannot run a command ('${extraArgs[0]}'); drop the command or --cluster`);
  const explicitNode = flags.node;
  if (flags.pid?.length && !explicitNode) throw new UsageError("-p/--pid with --cluster needs --node NAME: process ids are per node");
  const table = syscallTable();
  const warn = (m: string) => process.stderr.write(`swoll: warning: ${m}\n`);
  // --trace-ref: the Trace object, followed; otherwise flags and -f, as a local trace reads them.
  const ref = flags.traceRef !== undefined ? await openTraceRef(flags.traceRef, flags, table) : null;
  const plan = ref ? null : await planKubernetes(flags, table, warn);
  const kube = ref ? ref.kube : plan!.kube;
  if (!kube) throw new UsageError("--cluster needs a kubeconfig; pass --kubeconfig <file>, set KUBECONFIG, or run in a pod with a service account");
  const m = ref ? ref.manifest : plan!.manifest;
  const refSelection = (t: TraceManifest): PodSelection => ({ pods: [], namespace: ref!.namespace, containers: [], labels: t.labels, fields: t.fields });
  const selection: PodSelection = ref ? refSelection(ref.manifest) : (plan!.selection ?? { pods: [], namespace: kube.namespace, containers: [], labels: [], fields: [] });
  if (flags.syscall?.length) parseSyscalls(flags.syscall, table); // one clear line here rather than one per node
  const syscalls = flags.syscall?.length ? flags.syscall : syscallNames(m, table);
  const limit = flags.limit === undefined ? Infinity : parsePositiveInt(flags.limit, "--limit");
  let durationMs = flags.duration !== undefined ? parseDuration(flags.duration) : (m?.durationMs ?? null);
  parseLabelSelector(flags.agentSelector, "--agent-selector");
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(flags.agentNamespace)) throw new UsageError(`invalid --agent-namespace '${flags.agentNamespace}': use a namespace name such as swoll`);
  const agentPort = parsePositiveInt(flags.agentPort, "--agent-port", 65535);
  // A followed Trace's duration is kept here (an edit may change it); the agents get none.
  const spec = streamSpec(selection, syscalls, m, flags, ref ? null : durationMs);

  const sink = new LineSink(1, 1 << 14);
  let readerGone = false;
  const trace = new ClusterTrace({
    kube,
    spec,
    selection,
    hosts: m?.hosts ?? null,
    followSelection: ref !== null,
    output,
    node: explicitNode ?? null,
    agentNamespace: flags.agentNamespace,
    agentSelector: flags.agentSelector,
    agentPort,
    limit,
    write: (line) => {
      if (readerGone) return;
      try {
        sink.push(line);
      } catch (e) {
        if (!(e instanceof ReaderGone)) throw e;
        readerGone = true;
        trace.stop();
      }
    },
    notice: (line) => process.stderr.write(line + "\n"),
  });
  onCleanup(() => trace.stop());
  onStopSignal(() => trace.stop());
  // lines arrive in bursts per node; flushed together, at most every 50 ms
  const flusher = setInterval(() => {
    try {
      sink.flush();
    } catch (e) {
      if (!(e instanceof ReaderGone)) throw e;
      readerGone = true;
      trace.stop();
    }
  }, 50);
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = durationMs !== null ? setTimeout(() => trace.stop(), Math.max(0, started + durationMs - performance.now())) : null;
  };
  arm();
  try {
    await trace.start();
  } catch (e) {
    trace.stop();
    clearInterval(flusher);
    if (timer) clearTimeout(timer);
    throw e;
  }
  // A Trace's Job: an edit re-posts the new spec to every agent (same Job,
  // same log, a notice between the old calls and the new); its deletion ends the run.
  const unfollow = ref?.follow(
    (edited) => {
      if (flags.duration === undefined) durationMs = edited.durationMs;
      arm();
      const sel = refSelection(edited);
      trace.warn(`Trace ${ref.ref} changed: now tracing its new spec`);
      void trace.respec(streamSpec(sel, flags.syscall?.length ? flags.syscall : syscallNames(edited, table), edited, flags, null), sel, edited.hosts).catch((e) => trace.warn(`cannot apply the edited Trace ${ref.ref}: ${(e as Error).message}`));
    },
    () => trace.stop(),
    (msg) => trace.warn(`warning: ${msg}`),
  );
  if (unfollow) onCleanup(unfollow);
  await trace.done;
  unfollow?.();
  clearInterval(flusher);
  if (timer) clearTimeout(timer);
  try {
    if (!readerGone) sink.flush();
  } catch (e) {
    if (!(e instanceof ReaderGone)) throw e;
  }
  return 0;
}
