/** `swoll trace`: stream decoded syscalls as text or NDJSON. */
import { Command, Option } from "commander";
import { addSelectionOptions } from "./selection-options";
import { syscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { parseComms, parseDuration, parsePids, parsePositiveInt, parseSyscalls } from "../options";
import { dropPrivileges, missingPrivileges, resolveDropUser, type DropUserFlag } from "../privileges";
import { addDropUserOptions } from "./privilege-options";
import { lostToJson, writeEventJson } from "../output/json";
import { RecordJsonRenderer } from "../output/json-record";
import { WallClock } from "../decode/clock";
import { realtimeOffsetNs } from "../../ffi/clock";
import { TextFormatter } from "../output/text";
import { onCleanup, onStopSignal } from "../lifecycle";
import { ContainerObserver } from "../metadata/observer";
import { scopeOf } from "../metadata/selection";
import { Hub } from "../api/hub";
import { hostSelected, planKubernetes, type KubeFlags } from "../metadata/plan";
import { streamTrace } from "../trace/stream";
import { DEFAULT_AGENT_NAMESPACE, DEFAULT_AGENT_PORT, DEFAULT_AGENT_SELECTOR, runClusterTrace } from "./trace-cluster";

interface TraceFlags extends KubeFlags {
  traceRef?: string;
  syscall?: string[];
  pid?: string[];
  comm?: string[];
  output?: string;
  json?: boolean;
  limit?: string;
  duration?: string;
  color: boolean;
  verbose?: boolean;
  strsize: string;
  argc: string;
  ring: string;
  bufferSize: string;
  pollInterval: string;
  dropUser?: DropUserFlag;
  cluster?: boolean;
  agentNamespace: string;
  agentSelector: string;
  agentPort: string;
}

export function traceCommand(): Command {
  return addDropUserOptions(addSelectionOptions(new Command("trace").description("stream syscalls as they happen, decoded, as text or NDJSON"), "trace")
    .option("-f, --file <trace.yaml>", "a Trace manifest (tools.swoll.criticalstack.com/v1alpha1); flags override it")
    .option("--trace-ref <namespace/name>", "run the Trace object of that name, following edits of its spec (what a Trace's Job runs)")
    .addOption(new Option("-o, --output <format>", "output format (payload: each event as {\"payload\": event}, with --cluster or --trace-ref)").choices(["text", "json", "payload"]))
    .option("--json", "same as --output json")
    .option("--limit <n>", "exit after n events")
    .option("-d, --duration <time>", "exit after this long: 500ms, 90s, 1m30s, 1h (Go durations), or a number of seconds")
    .option("--no-color", "never colour text output")
    .option("--verbose", "show libbpf's log and the verifier log on failure")
    .option("--strsize <bytes>", "bytes kept of each string argument", "256")
    .option("--argc <n>", "argv entries kept", "32")
    .option("--cluster", "trace the selected pods on every node, through each node's swoll agent (pods/portforward)")
    .option("--agent-namespace <namespace>", "with --cluster: namespace of the swoll agents", DEFAULT_AGENT_NAMESPACE)
    .option("--agent-selector <selector>", "with --cluster: labels of the swoll agent pods", DEFAULT_AGENT_SELECTOR)
    .addOption(new Option("--agent-port <port>", "the agents' trace stream port").default(String(DEFAULT_AGENT_PORT)).hideHelp())
    .addOption(new Option("--ring <layout>", "ring buffer layout").choices(["percpu", "shared"]).default("percpu").hideHelp())
    .addOption(new Option("--buffer-size <bytes>", "bytes per ring buffer (power of two)").default(String(4 << 20)).hideHelp())
    .addOption(new Option("--poll-interval <ms>", "idle poll interval").default("10").hideHelp()))
    .allowExcessArguments(true)
    .action(async (flags: TraceFlags, cmd: Command) => {
      process.exitCode = await runTrace(flags, cmd.args);
    });
}

async function runTrace(flags: TraceFlags, args: string[]): Promise<number> {
  if (flags.json && flags.output && flags.output !== "json")
    throw new UsageError(`--json conflicts with --output ${flags.output}; pick one`);
  if (flags.cluster) {
    if (flags.traceRef !== undefined) throw new UsageError("--trace-ref runs a Trace on this node; it does not combine with --cluster yet");
    return runClusterTrace(flags, flags.json ? "json" : ((flags.output ?? "text") as "text" | "json" | "payload"), args);
  }
  if (flags.output === "payload" && flags.traceRef === undefined)
    throw new UsageError("--output payload is the Job log shape; use it with --cluster or --trace-ref, or use --output json");
  if (args.length) throw new UsageError(`unexpected argument '${args[0]}'; trace takes options only (see swoll trace --help)`);
  const payload = flags.output === "payload";
  const json = flags.json || flags.output === "json" || payload;
  const table = syscallTable();
  // Warnings wait until the trace really starts: a refusal before that is the one line.
  const held: string[] = [];
  let warnTo: (m: string) => void = (m) => void held.push(m);
  const warn = (m: string) => warnTo(m);
  const ref = flags.traceRef !== undefined ? await (await import("../trace/trace-ref")).openTraceRef(flags.traceRef, flags, table, warn) : null;
  const plan = ref ? ref.plan : await planKubernetes(flags, table, warn);
  const manifest = plan.manifest;
  // A Job's log is read as JSON lines: its warnings are notices there too.
  const warnOut: (m: string) => void = payload ? (await import("../trace/trace-ref")).payloadFormatters(plan.node).warning : (m) => void process.stderr.write(`swoll: warning: ${m}\n`);
  const syscalls = flags.syscall?.length ? parseSyscalls(flags.syscall, table) : (manifest?.syscalls ?? null);
  const pids = parsePids(flags.pid ?? []);
  const comms = parseComms(flags.comm ?? []);
  const limit = flags.limit === undefined ? Infinity : parsePositiveInt(flags.limit, "--limit");
  const durationMs = flags.duration !== undefined ? parseDuration(flags.duration) : (manifest?.durationMs ?? Infinity);
  const sampleRate = manifest?.sampleRate ?? 1;
  const strMax = parsePositiveInt(flags.strsize, "--strsize", 4000);
  const argvMax = parsePositiveInt(flags.argc, "--argc", 64);
  const ringBytes = parsePositiveInt(flags.bufferSize, "--buffer-size", 1 << 28);
  if (ringBytes & (ringBytes - 1) || ringBytes < 4096)
    throw new UsageError(`invalid --buffer-size '${flags.bufferSize}'; use a power of two of at least 4096`);
  const pollMs = parsePositiveInt(flags.pollInterval, "--poll-interval", 1000);
  const dropTo = resolveDropUser(flags.dropUser);
  const denied = missingPrivileges();
  if (denied) throw new UsageError(denied, 1);
  warnTo = warnOut;
  for (const m of held.splice(0)) warnOut(m);
  if (!(await hostSelected(plan, warn))) {
    const why = `the Trace's hostSelector does not select node ${plan.node}; nothing to trace`;
    if (payload) warn(why);
    else process.stderr.write(`swoll: ${why}\n`);
    return 0;
  }
  // Containers by cgroup id; with a pod selection, the hub keeps the kernel
  // tracing only the selected pods' cgroups (where cgroup v2 holds them).
  // A followed Trace's selectors may be edited: its observer knows every pod of the namespace.
  const scope = ref ? scopeOf({ ...plan.selection!, labels: [], fields: [] }) : scopeOf(plan.selection);
  const observer = new ContainerObserver({ kube: plan.kube, cri: plan.cri, node: plan.node, scope, warn });
  onCleanup(() => observer.stop());

  // Signals may arrive while the probe loads; they must end the trace
  // through the same path as later ones.
  let stop: (() => void) | undefined;
  let stopRequested = false;
  onStopSignal(() => {
    stopRequested = true;
    stop?.();
  });

  const hub = await Hub.open({ observer, kube: plan.kube, node: plan.node, warn });
  const running = hub.start(
    { name: manifest?.name ?? null, syscalls, pids, comms, selection: plan.selection, hosts: null, sampleRate, durationMs: null },
    { strsize: strMax, argc: argvMax, sharedRing: flags.ring === "shared", bufferBytes: ringBytes, verbose: !!flags.verbose, text: !json },
  );
  onCleanup(() => hub.close());
  // Loaded, attached, filters filled: give up root (cli/privileges.ts).
  await dropPrivileges({ target: dropTo, kube: plan.kube, fallback: { kubeconfig: plan.kube !== null }, warn });

  const text = new TextFormatter(flags.color && !!process.stdout.isTTY);
  const shaped = payload ? (await import("../trace/trace-ref")).payloadFormatters(plan.node) : null;
  const run = streamTrace(running, {
    renderEvent: shaped ? (d, sink) => void sink.push(shaped.event(d.event)) : json ? (d, sink) => writeEventJson(d.event, sink) : (d, sink) => void sink.push(text.event(d)),
    // JSON lines are rendered from the records, without building events
    renderRecord: json && !shaped ? new RecordJsonRenderer(table, new WallClock(realtimeOffsetNs)) : undefined,
    formatLost: shaped ? shaped.lost : json ? lostToJson : (l) => text.lost(l),
    limit,
    durationMs,
    idleMs: pollMs,
  });
  stop = run.stop;
  // --trace-ref: an edited spec is applied to the running probe (its
  // syscall and cgroup filters change in place: no new probe, no gap in
  // the log); a deleted Trace ends the run.
  const unfollow = ref?.follow(
    (m) => {
      const why = running.retarget({ syscalls: flags.syscall?.length ? syscalls : m.syscalls, selection: { ...plan.selection!, labels: m.labels, fields: m.fields }, sampleRate: m.sampleRate });
      warn(why ? `Trace ${flags.traceRef} changed, but ${why}: delete and re-apply it to trace the new spec` : `Trace ${flags.traceRef} changed: now tracing its new spec`);
    },
    () => run.stop(),
    warn,
  );
  if (unfollow) onCleanup(unfollow);
  if (stopRequested) run.stop();
  const code = await run.done;
  hub.close();
  observer.stop();
  return code;
}
