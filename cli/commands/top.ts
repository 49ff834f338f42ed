/**
 * `swoll top`: a live table of syscalls counted in the kernel, grouped,
 * sorted and drilled into down to a live trace. Without a terminal (or
 * with --once) it prints one window as a table or JSON and exits.
 */
import { hostname, release } from "node:os";
import { Command, Option } from "commander";
import { addSelectionOptions } from "./selection-options";
import { addResultOptions, keepsErrno, parseResultFlags, type ResultFlags } from "./strace-options";
import { syscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { parseComms, parseDuration, parsePids, parsePositiveInt, parseSyscalls } from "../options";
import { dropPrivileges, missingPrivileges, resolveDropUser, type DropUserFlag } from "../privileges";
import { addDropUserOptions } from "./privilege-options";
import { onCleanup, onStopSignal } from "../lifecycle";
import { Attributor } from "../containers/attributor";
import { SelectedContainers } from "../metadata/selection";
import { planKubernetes, type KubeFlags } from "../metadata/plan";
import { TopStore } from "../tui/store";
import { TopController } from "../tui/controller";
import { runInteractive } from "../tui/interactive";
import { tableNames } from "../tui/names";
import { onceJson, onceTable } from "../tui/once";
import { KernelSource } from "../tui/live/kernel-source";
import { TracerSource } from "../tui/live/trace-source";
import { DIMENSIONS, type Column, type Dimension } from "../tui/types";
import type { Meta } from "../tui/components/Header";

interface TopFlags extends KubeFlags, ResultFlags {
  syscall?: string[];
  pid?: string[];
  comm?: string[];
  interval: string;
  once?: boolean;
  output?: string;
  json?: boolean;
  group: string;
  sort: string;
  slow: string;
  maxSeries: string;
  color: boolean;
  verbose?: boolean;
  dropUser?: DropUserFlag;
  replay?: string;
  from?: string;
  to?: string;
  speed?: string;
}

/** --sort values → table columns. */
const SORT_NAMES: Record<string, Column> = {
  name: "name", count: "count", rate: "rate", errors: "errors", "err%": "errPct",
  errno: "topErrno", avg: "avg", p50: "p50", p99: "p99", change: "change",
};

export function topCommand(): Command {
  return addResultOptions(addDropUserOptions(addSelectionOptions(new Command("top").description("live table of syscalls counted in the kernel: rates, errors, latency; drill down to a live trace"), "count")
    .option("-i, --interval <time>", "refresh interval: 500ms, 1s, 5s", "1s")
    .option("--once", "print one interval's table and exit (the default when stdout is not a terminal)")
    .addOption(new Option("-o, --output <format>", "output of --once").choices(["text", "json"]))
    .option("--json", "same as --output json")
    .addOption(new Option("--group <dimension>", "group rows by").choices([...DIMENSIONS]).default("syscall"))
    .addOption(new Option("--sort <column>", "sort rows by (largest first; r reverses in the UI)").choices(Object.keys(SORT_NAMES)).default("rate"))
    .option("--slow <time>", "latencies at or above this are shown in yellow", "10ms")
    .option("--max-series <n>", "capacity of the kernel map, in (cgroup, process, syscall, errno) entries", "16384")
    .option("--no-color", "never colour the --once table")
    .option("--verbose", "show libbpf's log and the verifier log on failure")
    .option("--replay <file>", "show a recording (swoll record -w FILE) instead of the kernel; no root needed")
    .option("--from <time>", "with --replay: start of the window, an RFC 3339 time or a duration from the recording's start (30s)")
    .option("--to <time>", "with --replay: end of the window, as --from")
    .option("--speed <factor>", "with --replay: playback speed of the interactive view (default 1, real time)")))
    .action(async (flags: TopFlags) => {
      process.exitCode = await runTop(flags);
    });
}

function filtersText(flags: TopFlags): string {
  const parts: string[] = [];
  if (flags.syscall?.length) parts.push(`--syscall ${flags.syscall.join(",")}`);
  for (const e of flags.e ?? []) parts.push(`-e ${e}`);
  if (flags.failed) parts.push("--failed");
  if (flags.successful) parts.push("--successful");
  if (flags.errno?.length) parts.push(`--errno ${flags.errno.join(",")}`);
  if (flags.pid?.length) parts.push(`--pid ${flags.pid.join(",")}`);
  if (flags.comm?.length) parts.push(`--comm ${flags.comm.join(",")}`);
  if (flags.pod?.length) parts.push(`--pod ${flags.pod.join(",")}`);
  if (flags.namespace) parts.push(`-n ${flags.namespace}`);
  if (flags.allNamespaces) parts.push("-A");
  if (flags.container?.length) parts.push(`--container ${flags.container.join(",")}`);
  if (flags.selector) parts.push(`-l ${flags.selector}`);
  if (flags.fieldSelector) parts.push(`--field-selector ${flags.fieldSelector}`);
  return parts.join(" ");
}

async function runTop(flags: TopFlags): Promise<number> {
  if (flags.json && flags.output && flags.output !== "json") throw new UsageError(`--json conflicts with --output ${flags.output}; pick one`);
  const json = flags.json || flags.output === "json";
  const table = syscallTable();
  if (flags.syscall?.length) parseSyscalls(flags.syscall, table);
  const pids = parsePids(flags.pid ?? []);
  const comms = parseComms(flags.comm ?? []);
  const intervalMs = parseDuration(flags.interval, "--interval");
  // setTimeout fires at once past 2^31-1 ms; an hour is already a long refresh
  if (intervalMs < 100 || intervalMs > 3_600_000) throw new UsageError(`invalid --interval '${flags.interval}'; use 100ms to 1h`);
  const slowNs = parseDuration(flags.slow, "--slow") * 1e6;
  const result = parseResultFlags(flags);
  const named = [...(flags.syscall ?? []), ...result.syscalls];
  const syscalls = named.length ? parseSyscalls(named, table) : null;
  const maxSeries = parsePositiveInt(flags.maxSeries, "--max-series", 1 << 20);
  const interactive = !flags.once && !json && !!process.stdout.isTTY && !!process.stdin.isTTY;
  const sort = { column: SORT_NAMES[flags.sort]!, descending: flags.sort !== "name" && flags.sort !== "errno" };
  if (flags.replay !== undefined) {
    if (syscalls || result.result !== "any" || pids.length || comms.length || flags.pod || flags.namespace || flags.selector || flags.container || flags.fieldSelector || flags.allNamespaces)
      throw new UsageError("--replay shows the whole recording; narrow it when recording, or use swoll replay with filters");
    const { runTopReplay } = await import("./top-replay");
    return runTopReplay({ file: flags.replay, from: flags.from, to: flags.to, speed: flags.speed, interactive, json, color: flags.color && !!process.stdout.isTTY, intervalMs, slowNs, grouping: flags.group as Dimension, sort });
  }
  if (flags.from !== undefined || flags.to !== undefined || flags.speed !== undefined) throw new UsageError("--from, --to and --speed apply to --replay only");
  // Warnings wait until the run really starts: a refusal before that is the one line.
  const held: string[] = [];
  let warn: (m: string) => void = (m) => void held.push(m);
  const plan = await planKubernetes(flags, table, (m) => warn(m));
  const dropTo = resolveDropUser(flags.dropUser);
  const denied = missingPrivileges();
  if (denied) throw new UsageError(denied, 1);
  warn = (m) => process.stderr.write(`swoll: warning: ${m}\n`);
  for (const m of held.splice(0)) warn(m);
  const attributor = new Attributor();
  if (plan.selection && attributor.v1Mode)
    throw new UsageError("pod selectors in swoll top need containers in cgroup v2, and this host keeps them in cgroup v1; use swoll trace", 1);

  let stop: (() => void) | undefined;
  let stopRequested = false;
  onStopSignal(() => {
    stopRequested = true;
    stop?.();
  });

  const source = KernelSource.open({ syscalls, pids, comms, filterCgroups: plan.selection !== null, maxSeries, table, attributor, verbose: !!flags.verbose, keepErrno: result.result === "any" ? undefined : keepsErrno(result) });
  onCleanup(() => source.close());
  const selected = new SelectedContainers({ attributor, kube: plan.kube, cri: plan.cri, node: plan.node, selection: plan.selection, filter: plan.selection ? source.cgroupFilter : null, warn: (m) => warn(m) });
  onCleanup(() => selected.stop());
  await selected.start();
  const traces = new TracerSource(table, { syscalls, pids, comms, cgroups: () => (plan.selection ? [...selected.selectedIds] : null) });
  onCleanup(() => traces.close());
  // the drill-down's probe is loaded now, while swoll still may
  if (interactive && dropTo) traces.preload();
  // ink and react load only for the interactive view, and before the drop:
  // run from source, their files are read as they load
  const tui = interactive ? await import("../tui/app") : null;
  await dropPrivileges({ target: dropTo, kube: plan.kube, fallback: null, warn: (m) => warn(m) });

  const meta: Meta = { host: hostname(), kernel: release(), intervalMs, filters: filtersText(flags) };
  const store = new TopStore({
    boundsNs: source.boundsNs,
    startedAtMs: source.startedAtMs,
    perProcess: source.perProcess,
    names: tableNames(table),
    identity: (id) => source.identity(id),
    grouping: flags.group as Dimension,
    sort,
  });

  if (!interactive) {
    const ended = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(true), intervalMs);
      stop = () => {
        clearTimeout(t);
        resolve(false);
      };
      if (stopRequested) stop();
    });
    if (ended) {
      store.ingest(source.read());
      const input = { meta, state: store.getState(), rows: store.rows(), slowNs, filters: { syscall: (syscalls ?? []).map((nr) => table.byNr(nr)!.name), pid: pids, comm: comms } };
      process.stdout.write(json ? onceJson(input) + "\n" : onceTable(input, flags.color && !!process.stdout.isTTY));
    }
    selected.stop();
    source.close();
    return ended ? 0 : 130;
  }

  await runInteractive(
    tui!.runTui,
    (onQuit) => {
      const c = new TopController(store, source, traces, { intervalMs, onQuit });
      warn = (m) => store.say(`warning: ${m}`);
      return c;
    },
    { meta, slowNs },
    (quit) => {
      stop = quit;
      if (stopRequested) stop();
    },
  );
  selected.stop();
  const lost = store.getState().totals;
  if (lost.lost > 0)
    process.stderr.write(`swoll: ${lost.lost} calls not counted: ${Object.entries(lost.lostByCause).filter(([, n]) => n > 0).map(([k, n]) => `${n} (${k})`).join(", ")}\n`);
  return 0;
}
