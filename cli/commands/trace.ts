/** `swoll trace`: stream decoded syscalls as text or NDJSON. */
import { Command, Option } from "commander";
import { addSelectionOptions } from "./selection-options";
import { syscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { parseComms, parseDuration, parsePids, parsePositiveInt, parseSyscalls } from "../options";
import { dropPrivileges, missingPrivileges, resolveDropUser, type DropUserFlag } from "../privileges";
import { addDropUserOptions } from "./privilege-options";
import { lostToJson, safeJson, writeEventJson } from "../output/json";
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
import type { Decoded } from "../decode/event";
import { sayEmptySelection } from "../metadata/selection-status";
import { COLUMNS, ColumnFormatter, parseOutputFormat, podPrefix } from "../output/columns";
import { addStraceOptions, parseStraceFlags, keepsErrno, type StraceFlags } from "./strace-options";
import { launchHeld, resolveCommand, type HeldCommand } from "../trace/launch";
import { callFilter } from "../trace/call-filter";
import { summaryLines, summaryObject, type CountedCalls, type SummaryGroup } from "../output/summary";
import { FD_TRACKING_CALLS, FdAnnotator } from "../trace/fd-paths";
import { openSync, writeSync } from "node:fs";
import { isatty } from "node:tty";
import { constants as osConstants } from "node:os";
import { LineSink } from "../output/sink";
import { escapeForTerminal } from "../decode/strings";
import type { RunningTrace } from "../api/hub";
import { TGID_RULES } from "../decode/layout";
import { addDrainNiceOption, parseNice, setDrainPriority } from "../trace/drain-priority";
import { DEFAULT_AGENT_NAMESPACE, DEFAULT_AGENT_PORT, DEFAULT_AGENT_SELECTOR, runClusterTrace } from "./trace-cluster";

interface TraceFlags extends KubeFlags, StraceFlags {
  drainNice: string;
  drainNiceNamed?: boolean;
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
  /** --drop-user was given on the command line (not its default). */
  dropUserNamed?: boolean;
}

export function traceCommand(): Command {
  return addDrainNiceOption(addStraceOptions(addDropUserOptions(addSelectionOptions(new Command("trace").description("stream syscalls as they happen, decoded, as text or NDJSON; with -- COMMAND, run it and trace it and its children").usage("[options] [-- COMMAND [ARGS...]]"), "trace")
    .option("-f, --file <trace.yaml>", "a Trace manifest (tools.swoll.criticalstack.com/v1alpha1), - for stdin; flags override it")
    .option("--trace-ref <namespace/name>", "run the Trace object of that name through the node agents (as --cluster), following edits of its spec (what a Trace's Job runs)")
    .addOption(new Option("-o, --output <format>", "output format: text, json, wide (node, namespace, pod, container, pids, comm), columns=namespace,pod,container,pid,comm,syscall,ret,latency (any of: " + Object.keys(COLUMNS).join(",") + "), payload (each event as {\"payload\": event}, with --cluster or --trace-ref)").choices(["text", "json", "wide", "columns=", "payload"]).argParser((v: string) => (parseOutputFormat(v), v)))
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
    .addOption(new Option("--ring <layout>", "ring buffers: one per CPU (percpu) or one shared by all CPUs").choices(["percpu", "shared"]).default("percpu"))
    .addOption(new Option("--buffer-size <bytes>", "bytes per ring buffer (a power of two, at least 4096)").default(String(4 << 20)))
    .addOption(new Option("--poll-interval <ms>", "milliseconds between polls of empty ring buffers").default("10")))))
    .allowExcessArguments(true)
    .action(async (flags: TraceFlags, cmd: Command) => {
      flags.dropUserNamed = cmd.getOptionValueSource("dropUser") === "cli";
      flags.drainNiceNamed = cmd.getOptionValueSource("drainNice") === "cli";
      process.exitCode = await runTrace(flags, cmd.args);
    });
}

/** strace's flags that act on this node only. */
const LOCAL_ONLY: [keyof TraceFlags, string][] = [["failed", "-Z"], ["successful", "-z"], ["errno", "--errno"], ["e", "-e"], ["tracePath", "-P"], ["fd", "--fd"], ["summary", "-c"], ["summaryWithTrace", "-C"], ["user", "-u"], ["write", "-w"], ["relativeTimestamps", "-r"], ["syscallTimes", "-T"]];

async function runTrace(flags: TraceFlags, args: string[]): Promise<number> {
  if (flags.json && flags.output && flags.output !== "json")
    throw new UsageError(`--json conflicts with --output ${flags.output}; pick one`);
  if (!args.length && process.argv.slice(2).at(-1) === "--") throw new UsageError("nothing after --; name the command to run, e.g. swoll trace -- ls -l");
  if (args.length && !process.argv.includes("--"))
    throw new UsageError(`unexpected argument '${args[0]}'; to run a command, put it after --: swoll trace [options] -- ${args.join(" ")}`);
  // --trace-ref (what a Trace's Job runs) is a cluster client: every node's agent traces the Trace's pods.
  const cluster = flags.cluster || flags.traceRef !== undefined;
  const how = flags.cluster ? "--cluster" : "--trace-ref";
  if (cluster && args.length) throw new UsageError(`${how} traces pods on their nodes; it cannot run a command ('${args[0]}'); drop the command or ${how}`);
  const local = flags.absoluteTimestamps > 0 ? ["absoluteTimestamps", "-t"] : (flags.decodeFds ?? 0) > 0 ? ["decodeFds", "-y"] : LOCAL_ONLY.find(([k]) => flags[k] !== undefined && flags[k] !== false);
  if (cluster && local) throw new UsageError(`${local[1]} works on this node's trace; it does not combine with ${how} yet`);
  const format = parseOutputFormat(flags.output ?? "text");
  if (cluster && format.kind === "columns") throw new UsageError(`--output ${flags.output} shows one node's calls; with ${how} use --output text or json`);
  if (cluster) return runClusterTrace(flags, flags.json ? "json" : ((flags.output ?? "text") as "text" | "json" | "payload"), args);
  if (flags.output === "payload") throw new UsageError("--output payload is the Job log shape; use it with --cluster or --trace-ref, or use --output json");
  const json = flags.json || flags.output === "json";
  const table = syscallTable();
  // Warnings wait until the trace really starts: a refusal before that is the one line.
  const held: string[] = [];
  let warnTo: (m: string) => void = (m) => void held.push(m);
  const warn = (m: string) => warnTo(m);
  const plan = await planKubernetes(flags, table, warn);
  const manifest = plan.manifest;
  const warnOut = (m: string) => void process.stderr.write(`swoll: warning: ${m}\n`);
  if (flags.syscall?.length) parseSyscalls(flags.syscall, table);
  const pids = parsePids(flags.pid ?? []);
  const comms = parseComms(flags.comm ?? []);
  const limit = flags.limit === undefined ? Infinity : parsePositiveInt(flags.limit, "--limit");
  const durationMs = flags.duration !== undefined ? parseDuration(flags.duration) : (manifest?.durationMs ?? Infinity);
  if (flags.user !== undefined && !args.length) throw new UsageError("-u/--user is the user a launched command runs as; give the command after --: swoll trace -u NAME -- COMMAND");
  const strace = parseStraceFlags(flags);
  const runAs = args.length && flags.user !== undefined ? resolveRunAs(flags.user) : null;
  if (args.length) resolveCommand(args[0]!); // a command that is not there is the one line, before anything loads
  const selected = [...(flags.syscall ?? []), ...strace.syscalls];
  const syscalls = selected.length ? parseSyscalls(selected, table) : (manifest?.syscalls ?? null);
  const keepCall = callFilter({ paths: strace.paths, fds: strace.fds });
  // -y: the calls that open and close descriptors are streamed too (and not shown unless selected)
  const fdNames = strace.decodeFds && strace.summary !== "only" ? new FdAnnotator(strace.decodeFds) : null;
  const shown = fdNames && syscalls ? new Set(syscalls) : null;
  const kernelSyscalls = shown ? [...new Set([...shown, ...FD_TRACKING_CALLS.flatMap((n) => table.byName(n)?.nr ?? [])])] : syscalls;
  const keep = fdNames ? (d: Decoded) => (fdNames.annotate(d), (shown === null || shown.has(d.info.nr)) && (keepCall === null || keepCall(d))) : keepCall;
  const sampleRate = manifest?.sampleRate ?? 1;
  const strMax = parsePositiveInt(flags.strsize, "--strsize", 4000);
  const argvMax = parsePositiveInt(flags.argc, "--argc", 64);
  const ringBytes = parsePositiveInt(flags.bufferSize, "--buffer-size", 1 << 28);
  if (ringBytes & (ringBytes - 1) || ringBytes < 4096)
    throw new UsageError(`invalid --buffer-size '${flags.bufferSize}'; use a power of two of at least 4096`);
  const pollMs = parsePositiveInt(flags.pollInterval, "--poll-interval", 1000);
  const drainNice = parseNice(flags.drainNice);
  // -y reads /proc/PID/fd of processes that may be any user's: uid 0 with CAP_SYS_PTRACE only, unless a user was named
  const dropTo = fdNames && !flags.dropUserNamed ? null : resolveDropUser(flags.dropUser);
  const denied = missingPrivileges();
  if (denied) throw new UsageError(denied, 1);
  // the trace's lines: -w FILE, else stdout, else (a command's stdout is the terminal's) stderr
  const outFd = flags.write !== undefined ? openOutput(flags.write) : args.length ? 2 : 1;
  warnTo = warnOut;
  for (const m of held.splice(0)) warnOut(m);
  if (!(await hostSelected(plan, warn))) {
    process.stderr.write(`swoll: the Trace's hostSelector does not select node ${plan.node}; nothing to trace\n`);
    return 0;
  }
  // Containers by cgroup id; with a pod selection, the hub keeps the kernel
  // tracing only the selected pods' cgroups (where cgroup v2 holds them).
  const scope = scopeOf(plan.selection);
  const observer = new ContainerObserver({ kube: plan.kube, cri: plan.cri, node: plan.node, scope, warn });
  onCleanup(() => observer.stop());

  // Signals may arrive while the probe loads; they must end the trace
  // through the same path as later ones.
  let stop: (() => void) | undefined;
  let stopRequested = false;
  let stopSignal: NodeJS.Signals | null = null;
  let signalled!: () => void;
  const aSignal = new Promise<void>((r) => (signalled = r));
  onStopSignal((sig) => {
    stopSignal = sig;
    signalled();
    stopRequested = true;
    stop?.();
  });

  const hub = await Hub.open({ observer, kube: plan.kube, node: plan.node, warn });
  // a command starts held before its execve; its pid joins the rule once the probe is attached
  const command: HeldCommand | null = args.length ? launchHeld(args, { user: runAs }) : null;
  if (command) onCleanup(() => command.abandon());
  const running = hub.start(
    { name: manifest?.name ?? null, syscalls: kernelSyscalls, pids, comms, selection: plan.selection, hosts: null, sampleRate, durationMs: null },
    {
      strsize: strMax,
      argc: argvMax,
      sharedRing: flags.ring === "shared",
      bufferBytes: ringBytes,
      verbose: !!flags.verbose,
      text: !json,
      followForks: flags.follow,
      result: strace.result,
      errnos: strace.errnos ? [...strace.errnos] : undefined,
      count: strace.summary ?? undefined,
      watchPids: command !== null,
      describeFds: fdNames !== null,
    },
  );
  onCleanup(() => hub.close());
  sayEmptySelection(running, (m) => void process.stderr.write(`swoll: ${m}\n`));
  if (command) {
    running.filter.addPid(command.pid);
    await command.release();
  }
  // after the command started (it keeps the usual priority), while CAP_SYS_NICE is held
  setDrainPriority(drainNice, !!flags.drainNiceNamed, warn);
  // Loaded, attached, filters filled: give up root (cli/privileges.ts).
  await dropPrivileges({ target: dropTo, kube: plan.kube, fallback: { kubeconfig: plan.kube !== null }, warn });

  const text = new TextFormatter(flags.color && isatty(outFd), strace.timing);
  const run = streamTrace(running, {
    renderEvent: json ? (d, sink) => writeEventJson(d.event, sink) : textRenderer(format, text, plan.node, plan.kube !== null || plan.cri !== null),
    // JSON lines are rendered from the records, without building events (unless calls are kept by their decoded arguments)
    renderRecord: json && !keep ? new RecordJsonRenderer(table, new WallClock(realtimeOffsetNs)) : undefined,
    formatLost: (l) => (fdNames?.lost(), json ? lostToJson(l) : text.lost(l)),
    keep: keep ?? undefined,
    limit,
    durationMs,
    idleMs: pollMs,
    sink: outFd === 1 ? undefined : new LineSink(outFd, 1 << 16, { blocking: false }),
  });
  stop = run.stop;
  // the command's exit ends the trace (children it left running are not waited for)
  void command?.status.then(() => run.end());
  if (stopRequested) run.stop();
  const code = await run.done;
  const unfollowed = running.session.host.closed ? 0 : running.session.host.counters().follow_full;
  if (unfollowed > 0) warnOut(`${unfollowed} forked processes were not followed: the kernel's pid table (${TGID_RULES} pids) was full`);
  if (strace.summary) {
    const rows = running.counted().filter((r) => shown === null || shown.has(r.nr));
    const keep = keepsErrno(strace);
    if (json) {
      const counted = strace.summaryBy === "pod" ? { by: "pod" as const, groups: groupByPod(rows, running) } : { by: "syscall" as const, rows };
      writeSync(outFd, safeJson(summaryObject(counted, table, keep)) + "\n");
    } else if (strace.summaryBy === "pod") writeLines(outFd, summaryLines(new Map(groupByPod(rows, running).map((g) => [g.name, g.rows])), table, keep));
    else writeLines(outFd, summaryLines(rows, table, keep));
  }
  hub.close();
  observer.stop();
  if (!command) return code;
  // swoll exits as the command did. A signal from the terminal reached the command too: give
  // it a moment to end; one that outlives the trace keeps running (as when strace detaches).
  if (stopSignal && !command.exited) await Promise.race([command.status, Bun.sleep(500)]);
  // --limit or --duration ended the trace: swoll still ends as the command does (or on a signal)
  if (!stopSignal && !command.exited) await Promise.race([command.status, aSignal.then(() => Promise.race([command.status, Bun.sleep(500)]))]);
  if (command.exited) return await command.status;
  return stopSignal ? 128 + (osConstants.signals[stopSignal] ?? 2) : code;
}

/** -c's groups for --summary-by pod: one per container (namespace/pod/container when in a pod), and the host. */
function groupByPod(rows: CountedCalls[], running: RunningTrace): SummaryGroup[] {
  const groups = new Map<string, SummaryGroup>();
  for (const r of rows) {
    const c = running.containerOf(r.cgroupId, 0);
    const name = c ? (c.pod ? `${c.namespace ?? ""}/${c.pod}/${c.name ?? c.id.slice(0, 12)}` : `container ${c.id.slice(0, 12)}`) : "host (no container)";
    const g = groups.get(name);
    if (g) g.rows.push(r);
    else groups.set(name, { name, owner: { namespace: c?.namespace || null, pod: c?.pod || null, container: c?.name || null, container_id: c?.id || null }, rows: [r] });
  }
  return [...groups.values()];
}

function writeLines(fd: number, lines: string[]): void {
  const text = lines.map((l) => escapeForTerminal(l, false, true)).join("\n") + "\n";
  writeSync(fd, text);
}

/** -w FILE: created or truncated, before privileges are dropped. */
function openOutput(file: string): number {
  try {
    return openSync(file, "w", 0o644);
  } catch (e) {
    throw new UsageError(`cannot write -w ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; check the directory exists and is writable`);
  }
}

/** -u NAME: a user from /etc/passwd, a uid, or uid:gid. */
function resolveRunAs(user: string) {
  if (user === "") throw new UsageError("empty -u/--user; name the user the command runs as, e.g. -u nobody");
  try {
    return resolveDropUser(user);
  } catch {
    throw new UsageError(`-u ${user}: no such user in /etc/passwd; name an existing user, or a numeric uid or uid:gid`);
  }
}

/**
 * Text lines: the strace-style line, after `namespace/pod/container pid`
 * when pod metadata is on; or the columns of -o wide / -o columns=…,
 * under one header line.
 */
function textRenderer(format: ReturnType<typeof parseOutputFormat>, text: TextFormatter, node: string, podMetadata: boolean): (d: Decoded, sink: LineSink) => void {
  if (format.kind === "columns") {
    const cols = new ColumnFormatter(format.columns, { node, text });
    let headed = false;
    return (d, sink) => {
      if (!headed) sink.push(cols.header());
      headed = true;
      sink.push(cols.event(d));
    };
  }
  if (podMetadata) return (d, sink) => void sink.push(`${podPrefix(d.event)} ${text.event(d)}`);
  return (d, sink) => void sink.push(text.event(d));
}
