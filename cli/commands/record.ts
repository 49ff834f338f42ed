/** `swoll record`: write the selected calls, with their pod metadata, to a file `swoll replay` reads anywhere. */
import { Command } from "commander";
import { hostname, release } from "node:os";
import { addSelectionOptions } from "./selection-options";
import { syscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { parseComms, parseDuration, parsePids, parsePositiveInt, parseSyscalls } from "../options";
import { dropPrivileges, missingPrivileges, resolveDropUser, type DropUserFlag } from "../privileges";
import { addDropUserOptions } from "./privilege-options";
import { onCleanup, onStopSignal } from "../lifecycle";
import { ContainerObserver } from "../metadata/observer";
import { scopeOf } from "../metadata/selection";
import { Hub } from "../api/hub";
import { hostSelected, planKubernetes, type KubeFlags } from "../metadata/plan";
import { realtimeOffsetNs } from "../../ffi/clock";
import { VERSION } from "../version";
import { FORMAT_VERSION } from "../record/format";
import { currentLayout } from "../record/layout";
import { Recorder } from "../record/recorder";
import { RecordingWriter } from "../record/writer";
import { parseSize } from "../record/size";
import { addDrainNiceOption, parseNice, setDrainPriority } from "../trace/drain-priority";

interface RecordFlags extends KubeFlags {
  drainNice: string;
  write?: string;
  syscall?: string[];
  pid?: string[];
  comm?: string[];
  limit?: string;
  duration?: string;
  maxSize?: string;
  flightRecorder?: string;
  strsize: string;
  argc: string;
  verbose?: boolean;
  dropUser?: DropUserFlag;
  pod?: string[];
  selector?: string;
}

export function recordCommand(): Command {
  return addDrainNiceOption(addDropUserOptions(addSelectionOptions(new Command("record").description("record the selected calls and their pod metadata to a file for swoll replay"), "record")
    .option("-w, --write <file>", "the recording to write (required)")
    .option("-f, --file <trace.yaml>", "a Trace manifest (tools.swoll.criticalstack.com/v1alpha1), - for stdin; flags override it")
    .option("--limit <n>", "stop after n events")
    .option("-d, --duration <time>", "stop after this long: 500ms, 30s, 1m30s")
    .option("--max-size <size>", "stop before the file passes this size: 100M, 2G")
    .option("--flight-recorder <size>", "keep only the last <size> of events in memory; write them on SIGINT, SIGTERM, SIGUSR1 or at the end")
    .option("--strsize <bytes>", "bytes kept of each string argument", "256")
    .option("--argc <n>", "argv entries kept", "32")
    .option("--verbose", "show libbpf's log and the verifier log on failure")))
    .action(async (flags: RecordFlags, cmd: Command) => {
      process.exitCode = await runRecord(flags, cmd.getOptionValueSource("drainNice") === "cli");
    });
}

async function runRecord(flags: RecordFlags, drainNiceNamed: boolean): Promise<number> {
  if (!flags.write) throw new UsageError("swoll record needs a file to write: -w FILE");
  const table = syscallTable();
  const warn = (m: string) => process.stderr.write(`swoll: warning: ${m}\n`);
  const plan = await planKubernetes(flags, table, warn);
  const manifest = plan.manifest;
  const syscalls = flags.syscall?.length ? parseSyscalls(flags.syscall, table) : (manifest?.syscalls ?? null);
  const pids = parsePids(flags.pid ?? []);
  const comms = parseComms(flags.comm ?? []);
  const limit = flags.limit === undefined ? Infinity : parsePositiveInt(flags.limit, "--limit");
  const durationMs = flags.duration !== undefined ? parseDuration(flags.duration) : (manifest?.durationMs ?? Infinity);
  const maxBytes = flags.maxSize === undefined ? Infinity : parseSize(flags.maxSize, "--max-size");
  const flightBytes = flags.flightRecorder === undefined ? 0 : parseSize(flags.flightRecorder, "--flight-recorder");
  const strMax = parsePositiveInt(flags.strsize, "--strsize", 4000);
  const argvMax = parsePositiveInt(flags.argc, "--argc", 64);
  const drainNice = parseNice(flags.drainNice);
  const denied = missingPrivileges();
  if (denied) throw new UsageError(denied, 1);
  const dropTo = resolveDropUser(flags.dropUser);
  if (!(await hostSelected(plan, warn))) {
    process.stderr.write(`swoll: the Trace's hostSelector does not select node ${plan.node}; nothing to record\n`);
    return 0;
  }
  let writer: RecordingWriter;
  try {
    writer = new RecordingWriter(flags.write, maxBytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ELOOP" ? "it is a symbolic link" : code === "ENOENT" ? "its directory does not exist" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : (e as Error).message;
    throw new UsageError(`cannot write ${flags.write}: ${why}; give a new file's path with -w`);
  }
  onCleanup(() => writer.abandon());

  const observer = new ContainerObserver({ kube: plan.kube, node: plan.node, scope: scopeOf(plan.selection), warn });
  onCleanup(() => observer.stop());
  let stop: ((why: string) => void) | undefined;
  let stopRequested: string | null = null;
  onStopSignal((sig) => {
    stopRequested = sig;
    stop?.(sig);
  });
  const hub = await Hub.open({ observer, kube: plan.kube, node: plan.node, warn });
  const job = hub.start(
    { name: manifest?.name ?? null, syscalls, pids, comms, selection: plan.selection, hosts: null, sampleRate: manifest?.sampleRate ?? 1, durationMs: null },
    { strsize: strMax, argc: argvMax, verbose: !!flags.verbose },
  );
  onCleanup(() => hub.close());
  setDrainPriority(drainNice, drainNiceNamed, warn);
  // Loaded, attached, the file open: give up root (cli/privileges.ts).
  await dropPrivileges({ target: dropTo, kube: plan.kube, fallback: { kubeconfig: plan.kube !== null }, warn });

  const started = new Date();
  writer.header({
    format: "swoll-recording",
    version: FORMAT_VERSION,
    swoll: VERSION,
    node: plan.node || hostname(),
    kernel: release(),
    arch: table.arch,
    syscalls: table.all().map((s) => [s.nr, s.name]),
    realtimeOffsetNs: realtimeOffsetNs().toString(),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    utcOffsetMinutes: -started.getTimezoneOffset(),
    startedAt: started.toISOString(),
    selection: { syscalls: flags.syscall ?? null, pids, comms, pod: flags.pod ?? null, namespace: plan.selection?.namespace ?? null, selector: flags.selector ?? null, manifest: manifest?.name ?? null },
    strsize: strMax,
    argc: argvMax,
    layout: currentLayout(),
  });
  const session = job.session;
  const recorder = new Recorder(
    { drain: (b) => session.probe.drain(b), containerOf: (cg, pid, pidNs) => job.containerOf(cg, pid, pidNs), keeps: (c) => job.keeps(c), perProcess: observer.attributor.v1Mode },
    writer,
    limit,
    flightBytes,
  );
  if (flightBytes > 0)
    process.on("SIGUSR1", () => {
      // what the kernel holds now belongs to the window; bounded so a flood cannot keep us
      const until = performance.now() + 500;
      while (recorder.step() > 0 && performance.now() < until);
      recorder.dump();
    });
  process.stderr.write(`swoll: recording to ${flags.write}${flightBytes > 0 ? ` (flight recorder: the last ${flags.flightRecorder} of events, written on SIGINT, SIGTERM, SIGUSR1 or at the end)` : ""}\n`);

  const deadline = performance.now() + durationMs;
  return await new Promise<number>((resolve) => {
    let done = false;
    const finish = (why: string) => {
      if (done) return;
      done = true;
      // what the kernel already holds belongs to the recording; bounded so a flood cannot keep us
      const until = performance.now() + 2000;
      while (!recorder.done && recorder.step() > 0 && performance.now() < until);
      for (const l of session.checkLoss()) recorder.lost(l);
      if (flightBytes > 0) recorder.dump();
      const lost = { ...session.loss.totals, ...(writer.droppedEvents ? { max_size: writer.droppedEvents } : {}) };
      writer.end({ events: recorder.events - writer.droppedEvents, lost, stopped: writer.full ? "max-size" : why, endedAt: new Date().toISOString() });
      hub.close();
      observer.stop();
      process.stderr.write(`swoll: recorded ${recorder.events - writer.droppedEvents} events to ${flags.write} (${writer.written} bytes)${session.loss.total() + writer.droppedEvents ? `, ${session.loss.total() + writer.droppedEvents} lost` : ""}\n`);
      resolve(0);
    };
    stop = finish;
    const tick = () => {
      if (done) return;
      const n = recorder.step();
      for (const l of session.checkLoss()) recorder.lost(l);
      if (recorder.done) return finish(writer.full ? "max-size" : "limit");
      if (performance.now() >= deadline) return finish("duration");
      if (n > session.capacity / 2) setImmediate(tick);
      else setTimeout(tick, Math.min(10, Math.max(0, deadline - performance.now())));
    };
    if (stopRequested) finish(stopRequested);
    else tick();
  });
}
