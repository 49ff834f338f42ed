/**
 * The trace source of `swoll top`: the library Tracer, its kernel filters
 * narrowed to the drill-down selection and the command's own filters.
 * A probe is loaded only while a trace view is open, unless swoll is
 * about to give up root (--drop-user): then one probe is loaded up front,
 * its syscall filter empty so that the kernel emits nothing, and each
 * trace view fills that filter and narrows pids, comms and cgroups in
 * user space (their kernel filters are fixed when a probe loads).
 */
import { Tracer } from "../../api/tracer";
import { errnoByName, failureText } from "../../decode/errno";
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
    const errno = errnoByName(e.error!) ?? -Number(e.return);
    return failureText(e.error!, errno);
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

/** What one view wants of an event, beyond its syscalls. */
function userFilter(sel: TraceSelection, cgroups: CgroupId[] | null): (d: Decoded) => boolean {
  const pids = sel.pids ? new Set(sel.pids) : null;
  const comms = sel.comms ? new Set(sel.comms) : null;
  const ids = cgroups ? new Set(cgroups) : null;
  return (d) => (!pids || pids.has(d.event.pid)) && (!comms || comms.has(d.event.comm)) && (!ids || ids.has(d.event.cgroup_id));
}

/** Drain and drop what is in the rings (bounded: the filter is empty, so little comes). */
function discard(tracer: Tracer): void {
  for (let i = 0; i < 64 && tracer.session.poll(() => true) > 0; i++);
}

export class TracerSource implements TraceSource {
  private standby: Tracer | null = null;
  private standbyInUse = false;

  constructor(private readonly table: SyscallTable, private readonly base: TraceBase) {}

  /** Load the one probe every later view uses (before giving up the privilege to load one). */
  preload(): void {
    this.standby ??= Tracer.open({
      syscalls: [],
      pids: this.base.pids.length ? this.base.pids : undefined,
      comms: this.base.comms.length ? this.base.comms : undefined,
      text: true,
    });
  }

  close(): void {
    this.standby?.close();
    this.standby = null;
  }

  private openStandby(tracer: Tracer, sel: TraceSelection): TraceStream {
    const nrs = intersect(sel.syscalls, this.base.syscalls) ?? this.table.all().map((s) => s.nr);
    const names = nrs.map((nr) => this.table.byNr(nr)?.name).filter((n): n is string => !!n);
    const wanted = userFilter(sel, sel.cgroups ?? this.base.cgroups());
    this.standbyInUse = true;
    discard(tracer);
    tracer.session.checkLoss(); // losses of an earlier view are not this one's
    for (const n of names) tracer.filter.addSyscall(n);
    return this.stream(tracer, sel.result, wanted, () => {
      for (const n of names) tracer.filter.removeSyscall(n);
      discard(tracer);
      this.standbyInUse = false;
    });
  }

  open(sel: TraceSelection): TraceStream {
    if (this.standby && !this.standbyInUse) return this.openStandby(this.standby, sel);
    const nrs = intersect(sel.syscalls, this.base.syscalls);
    const cgroups = sel.cgroups ?? this.base.cgroups();
    const tracer = Tracer.open({
      syscalls: nrs?.map((nr) => this.table.byNr(nr)?.name).filter((n): n is string => !!n),
      pids: sel.pids ?? (this.base.pids.length ? this.base.pids : undefined),
      comms: sel.comms ?? (this.base.comms.length ? this.base.comms : undefined),
      cgroups: cgroups ?? undefined,
      text: true,
    });
    return this.stream(tracer, sel.result, () => true, () => tracer.close());
  }

  private stream(tracer: Tracer, want: string | null, wanted: (d: Decoded) => boolean, close: () => void): TraceStream {
    const session = tracer.session;
    const events: Decoded[] = [];
    const keep = (d: Decoded) => {
      if (wanted(d) && (want === null || (d.event.error ?? "?") === want)) events.push(d);
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
      close,
    };
  }
}
