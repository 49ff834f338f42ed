/** `swoll replay FILE`: print a recording as `swoll trace` printed it live; no kernel, no root, no kubeconfig. */
import { Command, Option } from "commander";
import { collectList, parseComms, parsePids, parsePositiveInt, parseSyscalls } from "../options";
import { UsageError } from "../errors";
import { eventToJson, lostToJson } from "../output/json";
import { TextFormatter } from "../output/text";
import { LineSink, ReaderGone } from "../output/sink";
import { RecordingError } from "../record/format";
import { RecordingReader } from "../record/reader";
import { offlineFilter } from "../record/filter";
import { LocalTime } from "../record/local-time";

interface ReplayFlags {
  syscall?: string[];
  pid?: string[];
  comm?: string[];
  pod?: string[];
  namespace?: string;
  allNamespaces?: boolean;
  container?: string[];
  selector?: string;
  output?: string;
  json?: boolean;
  limit?: string;
  speed?: string;
  utc?: boolean;
  color: boolean;
}

export function replayCommand(): Command {
  return new Command("replay")
    .description("print a recording made by swoll record, as swoll trace printed it live")
    .argument("<file>", "the recording (swoll record -w FILE)")
    .option("-s, --syscall <names>", "only these syscalls, comma-separated or repeated", collectList)
    .option("-p, --pid <pids>", "only these process ids", collectList)
    .option("--comm <names>", "only processes with these command names", collectList)
    .option("--pod <names>", "only these pods (exact names, or the part before a generated suffix)", collectList)
    .option("-n, --namespace <namespace>", "only pods in this namespace (default: every namespace in the recording)")
    .option("-A, --all-namespaces", "pods in every namespace (the default offline)")
    .option("--container <names>", "only these containers", collectList)
    .option("-l, --selector <selector>", "only pods whose recorded labels match: app=nginx, tier in (web,api)")
    .addOption(new Option("-o, --output <format>", "output format").choices(["text", "json"]))
    .option("--json", "same as --output json")
    .option("--limit <n>", "stop after n events")
    .option("--speed <factor>", "pace events as recorded: 1 is real time, 2 twice as fast (default: as fast as possible)")
    .option("--utc", "text times in UTC instead of the recording's time zone")
    .option("--no-color", "never colour text output")
    .action(async (file: string, flags: ReplayFlags) => {
      process.exitCode = await runReplay(file, flags);
    });
}

async function runReplay(file: string, flags: ReplayFlags): Promise<number> {
  if (flags.json && flags.output && flags.output !== "json") throw new UsageError(`--json conflicts with --output ${flags.output}; pick one`);
  if (flags.namespace !== undefined && flags.allNamespaces) throw new UsageError("-n/--namespace conflicts with -A/--all-namespaces; pick one");
  const json = flags.json || flags.output === "json";
  const limit = flags.limit === undefined ? Infinity : parsePositiveInt(flags.limit, "--limit");
  const speed = flags.speed === undefined ? 0 : Number(flags.speed);
  if (!(speed >= 0) || !Number.isFinite(speed)) throw new UsageError(`invalid --speed '${flags.speed}'; use a positive factor such as 1 or 10`);
  let reader: RecordingReader;
  try {
    reader = RecordingReader.open(file);
  } catch (e) {
    if (e instanceof RecordingError) throw new UsageError(e.message);
    throw e;
  }
  const table = reader.table;
  const keep = offlineFilter({
    syscalls: flags.syscall?.length ? new Set(parseSyscalls(flags.syscall, table)) : null,
    pids: flags.pid?.length ? new Set(parsePids(flags.pid)) : null,
    comms: flags.comm?.length ? new Set(parseComms(flags.comm)) : null,
    pods: flags.pod ?? [],
    namespace: flags.namespace ?? null,
    containers: flags.container ?? [],
    selector: flags.selector ?? null,
  });
  const sink = new LineSink(1);
  const text = new TextFormatter(flags.color && !!process.stdout.isTTY);
  const local = !flags.utc && !json ? new LocalTime(reader.header.timeZone) : null;
  let printed = 0;
  let firstNs = -1;
  const t0 = performance.now();
  try {
    for (const item of reader.items(!json)) {
      if (item.type === "lost") {
        sink.push(json ? lostToJson(item.lost) : text.lost(item.lost));
        continue;
      }
      const d = item.decoded;
      if (!keep(d.event)) continue;
      if (speed > 0) {
        // a line is due when its call finished, as it appeared live: records are in finish order, and a
        // call that blocked since before the recording started must not hold back the ones after it
        if (firstNs < 0) firstNs = d.event.finish;
        const due = (d.event.finish - firstNs) / 1e6 / speed - (performance.now() - t0);
        if (due > 1) {
          sink.flush();
          await Bun.sleep(due);
        }
      }
      if (json) sink.push(eventToJson(d.event));
      else sink.push(local ? local.rewrite(text.event(d), d.event.time) : text.event(d));
      if (++printed >= limit) break;
    }
    sink.flush();
  } catch (e) {
    if (e instanceof ReaderGone) return 0;
    if (e instanceof RecordingError) {
      sink.flush();
      throw new UsageError(`${file}: ${e.message}`);
    }
    throw e;
  } finally {
    reader.close();
  }
  if (printed < limit && !reader.summary) {
    const why = reader.cut ?? "it has no end record";
    process.stderr.write(`swoll: ${file} was cut short (${why}): the recorder did not finish; replayed ${printed} events up to the last complete frame\n`);
  }
  return 0;
}
