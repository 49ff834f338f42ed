/**
 * The trace source of `swoll top`: the library Tracer, its kernel filters
 * narrowed to the drill-down selection and the command's own filters.
 * A probe is loaded only while a trace view is open.
 */
import { Tracer } from "../../api/tracer";
import { errnoByName, errnoMessage } from "../../decode/errno";
import type { Decoded } from "../../decode/event";
import type { SyscallTable } from "../../decode/syscalls";
import type { TraceBatchRead, TraceLine, TraceSelection, TraceSource, TraceStream } from "../types";
import type { CgroupId } from "../../decode/cgroup-id";

export interface TraceBase {
  syscalls: number[] | null;
  pids: number[];
  comms: string[];
  /** cgroup ids a Kubernetes selection allows, or null. */
  cgroups: () => CgroupId[] | null;
}

/** Lines kept per read; older ones in a burst are only counted. */
const MAX_LINES_PER_READ = 1000;
/** The decoder's rendered text, where it provides it (as `swoll trace` prints it). */
type Rendered = Decoded & { argsText?: string; retText?: string };

export function resultText(d: Rendered): string {
  const e = d.event;
  if (e.return === null) return "?";
  if (e.error !== "OK") {
    const errno = errnoByName(e.error!) ?? -e.return;
    return `-1 ${e.error} (${errnoMessage(errno) ?? "Unknown error"})`;
  }
  return d.retText ?? String(e.return);
}

export function toLine(d: Rendered): TraceLine {
  const e = d.event;
  const args = d.argsText ?? d.argList.filter((a) => a.text !== "").map((a) => a.text).join(", ");
  return {
    time: e.time.slice(11, 26),
    comm: e.comm,
    pid: e.pid,
    tid: e.tid,
    call: `${d.info.name}(${args})`,
    result: resultText(d),
    failed: e.error !== "OK" && e.error !== null,
    latencyNs: d.latencyNs,
  };
}

function intersect(a: number[] | null, b: number[] | null): number[] | null {
  if (a === null) return b;
  if (b === null) return a;
  const keep = new Set(b);
  return a.filter((n) => keep.has(n));
}

export class TracerSource implements TraceSource {
  constructor(private readonly table: SyscallTable, private readonly base: TraceBase) {}

  open(sel: TraceSelection): TraceStream {
    const nrs = intersect(sel.syscalls, this.base.syscalls);
    const cgroups = sel.cgroups ?? this.base.cgroups();
    const tracer = Tracer.open({
      syscalls: nrs?.map((nr) => this.table.byNr(nr)?.name).filter((n): n is string => !!n),
      pids: sel.pids ?? (this.base.pids.length ? this.base.pids : undefined),
      comms: sel.comms ?? (this.base.comms.length ? this.base.comms : undefined),
      cgroups: cgroups ?? undefined,
      text: true,
    });
    const want = sel.result;
    const session = tracer.session;
    const events: Decoded[] = [];
    const keep = (d: Decoded) => {
      if (want === null || (d.event.error ?? "?") === want) events.push(d);
    };
    return {
      read(): TraceBatchRead {
        events.length = 0;
        const bytes = session.poll(keep);
        const skipped = Math.max(0, events.length - MAX_LINES_PER_READ);
        return { lines: events.slice(skipped).map(toLine), lost: 0, skipped, bytes };
      },
      lost: () => session.checkLoss().reduce((n, l) => n + l.count, 0),
      capacity: session.capacity,
      close: () => tracer.close(),
    };
  }
}
