/**
 * `swoll top --replay FILE`: the TUI (or --once) over a recording instead
 * of the kernel. No probe, no root, no kubeconfig: grouping by pod and
 * namespace comes from the metadata the recording kept.
 */
import { UsageError } from "../errors";
import { parseDuration } from "../options";
import { onCleanup, onStopSignal } from "../lifecycle";
import { RecordingError } from "../record/format";
import { RecordingReader } from "../record/reader";
import { TopStore } from "../tui/store";
import { TopController } from "../tui/controller";
import { runInteractive } from "../tui/interactive";
import { tableNames } from "../tui/names";
import { onceJson, onceTable } from "../tui/once";
import { Player, ReplaySnapshotSource, ReplayTraceSource } from "../tui/replay-source";
import type { Column, Dimension } from "../tui/types";
import type { ContainerMeta } from "../containers/attributor";

export interface TopReplayOptions {
  file: string;
  from?: string;
  to?: string;
  speed?: string;
  interactive: boolean;
  json: boolean;
  color: boolean;
  intervalMs: number;
  slowNs: number;
  grouping: Dimension;
  sort: { column: Column; descending: boolean };
}

/** A window bound: an RFC 3339 time, or a duration from the recording's start (30s, 1m30s). */
function bound(text: string | undefined, flag: string, startMonoNs: number, offsetNs: bigint): number | null {
  if (text === undefined) return null;
  if (/^\d{4}-\d\d-\d\dT/.test(text)) {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new UsageError(`invalid ${flag} '${text}'; use an RFC 3339 time (2026-12-06T02:39:29Z) or a duration from the recording's start (30s)`);
    return Number(BigInt(ms) * 1_000_000n - offsetNs);
  }
  return startMonoNs + (/^0+(ms|s|m|h)?$/.test(text) ? 0 : parseDuration(text, flag) * 1e6);
}

export async function runTopReplay(o: TopReplayOptions): Promise<number> {
  let reader: RecordingReader;
  try {
    reader = RecordingReader.open(o.file);
  } catch (e) {
    if (e instanceof RecordingError) throw new UsageError(e.message);
    throw e;
  }
  onCleanup(() => reader.close());
  const h = reader.header;
  const offset = BigInt(h.realtimeOffsetNs);
  const startMono = Number(BigInt(Date.parse(h.startedAt)) * 1_000_000n - offset);
  const from = bound(o.from, "--from", startMono, offset) ?? -Infinity;
  const to = bound(o.to, "--to", startMono, offset) ?? Infinity;
  if (from > to) throw new UsageError(`--from is after --to; the window would be empty`);
  const speed = o.speed === undefined ? 1 : Number(o.speed);
  if (!(speed > 0) || !Number.isFinite(speed)) throw new UsageError(`invalid --speed '${o.speed}'; use a positive factor such as 1 or 10`);

  const player = new Player(reader, from, to);
  const metaOf = (cg: number, pid: number) => reader.container(cg, pid) as ContainerMeta | null;
  const source = new ReplaySnapshotSource(player, o.interactive ? speed : 0, metaOf);
  const store = new TopStore({
    boundsNs: source.boundsNs,
    startedAtMs: source.startedAtMs,
    perProcess: true,
    names: tableNames(reader.table),
    identity: (id) => source.identity(id),
    grouping: o.grouping,
    sort: o.sort,
  });
  const meta = { host: h.node, kernel: h.kernel, intervalMs: o.intervalMs, filters: `--replay ${o.file}` };

  if (!o.interactive) {
    player.playTo(Infinity);
    store.ingest(source.snapshot());
    const input = { meta, state: store.getState(), rows: store.rows(), slowNs: o.slowNs, filters: { syscall: [], pid: [], comm: [] } };
    process.stdout.write(o.json ? onceJson(input) + "\n" : onceTable(input, o.color));
    if (player.error) throw new UsageError(`${o.file}: ${player.error}; the table covers what was read before`);
    if (reader.cut) process.stderr.write(`swoll: ${o.file} was cut short (${reader.cut}); the table covers what was recorded before\n`);
    return 0;
  }

  const { runTui } = await import("../tui/app");
  await runInteractive(runTui, (onQuit) => new TopController(store, source, new ReplayTraceSource(player), { intervalMs: o.intervalMs, onQuit }), { meta, slowNs: o.slowNs }, (quit) => onStopSignal(quit));
  if (player.error) throw new UsageError(`${o.file}: ${player.error}; playback stopped there`);
  return 0;
}
