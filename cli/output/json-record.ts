/**
 * `trace --json`'s hot path: a drained record rendered as its NDJSON line
 * straight into the output buffer, without building the TraceEvent. The
 * bytes are exactly eventToJson(decoder.decode(record)) (json.ts), which
 * stays the reference (a test holds the two together); what differs is
 * what is allocated per event: here the header is read from the record
 * and written as digits, who made the call is kept as bytes per thread
 * (checked against the record's raw fields), and only the arguments are
 * decoded (to values, without text), then written without a string.
 */
import type { ContainerInfo } from "../decode/event";
import type { DecodedArg } from "../decode/args";
import { EventDecoder, s64At, u64At } from "../decode/event";
import { EVENT, EventFlag } from "../decode/layout";
import type { SyscallTable } from "../decode/syscalls";
import { WallClock } from "../decode/clock";
import { errnoName } from "../decode/errno";
import { threads } from "../decode/thread-cache";
import { ByteWriter, isOmitted } from "./json-bytes";
import { identityHead, identityNs, syscallHead } from "./json";

/** Record words an identity is kept for: tid, tgid, uid, gid, session, the three namespaces, comm. */
const ID_WORDS = 12;
const ID_FIELDS = [EVENT.tid, EVENT.tgid, EVENT.uid, EVENT.gid, EVENT.session, EVENT.pidNs, EVENT.utsNs, EVENT.mntNs, EVENT.comm, EVENT.comm + 4, EVENT.comm + 8, EVENT.comm + 12];

/** One thread's identity as rendered: valid while the record's words and the container are the same. */
class RecordIdentity {
  readonly words = new Uint32Array(ID_WORDS);
  container: ContainerInfo | null = null;
  head = new Uint8Array(0);
  ns = new Uint8Array(0);
}

/** Syscall numbers whose line start is kept (the tables' range; others are rendered each time). */
const CACHED_NRS = 2048;
const utf8 = new TextEncoder();

export class RecordJsonRenderer {
  private readonly decoder: EventDecoder;
  private readonly heads: (Uint8Array | undefined)[] = new Array(CACHED_NRS);
  private readonly clock: WallClock;
  /** Scratch for the rare line whose arguments share a name (the last value wins, as in an object). */
  private readonly dupArgs: Record<string, unknown> = {};

  /** `clock` must be the one the event decoder would use (the tracer passes the exact one). */
  constructor(table: SyscallTable, clock = new WallClock()) {
    this.clock = clock;
    this.decoder = new EventDecoder(table, false, clock);
  }

  /** Call before each batch: keeps the wall-clock offset fresh. */
  beginBatch(): void {
    this.clock.refresh();
  }

  /**
   * The line of the record at `off` (`len`: its frame's length), without
   * its newline, at `w.pos`; `container` is the event's container.
   */
  render(buf: Uint8Array, dv: DataView, off: number, len: number, container: ContainerInfo | null, w: ByteWriter): void {
    const nr = dv.getUint32(off + EVENT.nr, true);
    const info = this.decoder.infoOf(nr);
    const flags = dv.getUint16(off + EVENT.flags, true);
    const noReturn = (flags & EventFlag.NoReturn) !== 0;
    const ret = s64At(dv, off + EVENT.ret);
    // decoded first: a decoder that throws leaves nothing half written
    const call = this.decoder.callOf(buf, dv, off, len, info, noReturn ? null : ret);

    let head = nr < CACHED_NRS ? this.heads[nr] : undefined;
    if (head === undefined) {
      head = utf8.encode(syscallHead(this.decoder.syscallJson(info)));
      if (nr < CACHED_NRS && info.nr === nr) this.heads[nr] = head;
    }
    w.bytes(head);
    const id = this.identity(buf, dv, off, container);
    w.bytes(id.head);
    if (noReturn) w.ascii(`"error":null,"return":null,`);
    else {
      w.ascii(`"error":`);
      if (ret < 0 && ret >= -4095) {
        w.byte(0x22);
        w.ascii(errnoName(-ret) ?? `E${-ret}`);
        w.byte(0x22);
      } else w.ascii(`"OK"`);
      w.ascii(`,"return":`);
      w.number(ret);
      w.byte(0x2c);
    }
    w.bytes(id.ns);
    const start = u64At(dv, off + EVENT.startNs);
    w.ascii(`"start":`);
    w.number(start);
    w.ascii(`,"finish":`);
    w.number(u64At(dv, off + EVENT.finishNs));
    w.ascii(`,"time":"`);
    const micros = this.clock.splitMicros(start);
    w.ascii(this.clock.prefix);
    w.byte(0x2e);
    w.padded(micros, 6);
    w.ascii(`Z","cgroup_id":`);
    w.number(u64At(dv, off + EVENT.cgroupId));
    w.ascii(`,"args":`);
    const args = call.args;
    if (hasDuplicateNames(args)) {
      const o = this.dupArgs;
      for (const k in o) delete o[k];
      for (const a of args) o[a.name] = a.json;
      w.object(o);
    } else {
      w.byte(0x7b);
      let first = true;
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (isOmitted(a.json)) continue;
        if (!first) w.byte(0x2c);
        first = false;
        w.string(a.name);
        w.byte(0x3a);
        w.value(a.json);
      }
      w.byte(0x7d);
    }
    let truncated = (flags & EventFlag.CaptureExhausted) !== 0;
    for (let i = 0; i < args.length && !truncated; i++) truncated = args[i]!.truncated === true;
    if (truncated) {
      w.ascii(`,"truncated":[`);
      let first = true;
      for (let i = 0; i < args.length; i++) {
        if (!args[i]!.truncated) continue;
        if (!first) w.byte(0x2c);
        first = false;
        w.string(args[i]!.name);
      }
      if (flags & EventFlag.CaptureExhausted) w.ascii(first ? `"*"` : `,"*"`);
      w.byte(0x5d);
    }
    w.byte(0x7d);
  }

  /** Who made the call, as bytes kept in the thread's slot while the record's fields match. */
  private identity(buf: Uint8Array, dv: DataView, off: number, container: ContainerInfo | null): RecordIdentity {
    const tid = dv.getUint32(off + EVENT.tid, true);
    const slot = threads.slot(tid);
    let c = threads.renderedRecord[slot] as RecordIdentity | undefined;
    if (c !== undefined && c.container === container) {
      const words = c.words;
      let same = true;
      for (let i = 0; i < ID_WORDS && same; i++) same = words[i] === dv.getUint32(off + ID_FIELDS[i]!, true);
      if (same) return c;
    }
    if (c === undefined) threads.renderedRecord[slot] = c = new RecordIdentity();
    for (let i = 0; i < ID_WORDS; i++) c.words[i] = dv.getUint32(off + ID_FIELDS[i]!, true);
    c.container = container;
    const f = {
      pid: dv.getUint32(off + EVENT.tgid, true),
      tid,
      uid: dv.getUint32(off + EVENT.uid, true),
      gid: dv.getUint32(off + EVENT.gid, true),
      comm: threads.comm(buf, dv, off + EVENT.comm, tid),
      session: dv.getUint32(off + EVENT.session, true),
      container,
      pid_ns: dv.getUint32(off + EVENT.pidNs, true),
      uts_ns: dv.getUint32(off + EVENT.utsNs, true),
      mount_ns: dv.getUint32(off + EVENT.mntNs, true),
    };
    c.head = utf8.encode(identityHead(f));
    c.ns = utf8.encode(identityNs(f));
    return c;
  }
}

function hasDuplicateNames(args: readonly DecodedArg[]): boolean {
  for (let i = 1; i < args.length; i++) for (let k = 0; k < i; k++) if (args[i]!.name === args[k]!.name) return true;
  return false;
}
