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
import { planFor, type Call } from "../decode/args";
import type { Plan } from "../decode/args/plan";
import { SIMPLE_JSON, VALUE_JSON, type SimpleJson } from "../decode/args/types";
import { hex } from "../decode/args/render";
import { captureAt, MAX_CAPTURES, NO_CAPTURES, scanCaptures, type Capture } from "../decode/capture";
import { EventDecoder, MAX_EXACT, s64At, u64At } from "../decode/event";
import { CAPTURE, CaptureFlag, CaptureKind, EVENT, EventFlag } from "../decode/layout";
import type { SyscallInfo, SyscallTable } from "../decode/syscalls";
import { WallClock } from "../decode/clock";
import { errnoName } from "../decode/errno";
import { threads } from "../decode/thread-cache";
import { ByteWriter, isOmitted } from "./json-bytes";
import { identityHead, identityNs, syscallHead } from "./json";

/** Record words an identity is kept for: tid, tgid, uid, gid, session, the three namespaces, comm, the ids inside the pid namespace. */
const ID_FIELDS = [EVENT.tid, EVENT.tgid, EVENT.uid, EVENT.gid, EVENT.session, EVENT.pidNs, EVENT.utsNs, EVENT.mntNs, EVENT.comm, EVENT.comm + 4, EVENT.comm + 8, EVENT.comm + 12, EVENT.nsTgid, EVENT.nsTid];
const ID_WORDS = ID_FIELDS.length;

interface PlanInfo {
  distinct: boolean;
  kinds: (SimpleJson | undefined)[];
  /** Each argument's `"name":`, encoded. */
  keys: Uint8Array[];
  /** For VALUE_JSON arguments, their JSON bytes by register value (null: the key is left out); else undefined. */
  values: (Map<number, Uint8Array | null> | undefined)[];
}

/** Values kept per argument: calls repeat a handful of flag sets; past this the cache starts over. */
export const VALUES_KEPT = 64;

/** One thread's identity as rendered: valid while the record's words and the container are the same. */
class RecordIdentity {
  readonly words = new Uint32Array(ID_WORDS);
  container: ContainerInfo | null = null;
  head = new Uint8Array(0);
  ns = new Uint8Array(0);
}

/** Remembers a value's bytes, starting over when the cache is full. */
export function keepValue(m: Map<number, Uint8Array | null>, v: number, bytes: Uint8Array | null): void {
  if (m.size >= VALUES_KEPT) m.clear();
  m.set(v, bytes);
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
  private readonly plans = new WeakMap<Plan, PlanInfo>();
  /** Registers by argument count, capture positions (see scanCaptures), the call handed to show(): reused. */
  private readonly raw: number[][] = [];
  private readonly capPos = new Int32Array(2 * MAX_CAPTURES);
  private capCount = 0;
  private caps: Capture[] | null = null;
  private readonly call: Call = { raw: [], caps: [], text: false, ret: null, failed: false, arch: "x86_64", info: undefined as never };
  /** Names of the arguments marked truncated on the line being rendered. */
  private readonly truncatedNames: string[] = [];
  private truncatedCount = 0;

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
      // beyond 2^53 the exact value, as a string (as the decoder gives it)
      if (ret > MAX_EXACT || ret < -MAX_EXACT) w.string(dv.getBigInt64(off + EVENT.ret, true).toString());
      else w.number(ret);
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
    const plan = planFor(info);
    this.truncatedCount = 0;
    if (plan.args.length === 0) w.ascii("{}");
    else if (this.planInfo(plan).distinct) this.writeArgs(buf, dv, off, len, info, plan, noReturn ? null : ret, w);
    else this.writeArgsObject(buf, dv, off, len, info, noReturn ? null : ret, w);
    const nt = this.truncatedCount;
    if (nt > 0 || flags & EventFlag.CaptureExhausted) {
      w.ascii(`,"truncated":[`);
      for (let k = 0; k < nt; k++) {
        if (k > 0) w.byte(0x2c);
        w.string(this.truncatedNames[k]!);
      }
      if (flags & EventFlag.CaptureExhausted) w.ascii(nt === 0 ? `"*"` : `,"*"`);
      w.byte(0x5d);
    }
    w.byte(0x7d);
  }

  /** What the renderer keeps per plan: whether its names are distinct, each argument's SimpleJson, encoded key and value cache. */
  private planInfo(plan: Plan): PlanInfo {
    let d = this.plans.get(plan);
    if (d === undefined) {
      d = {
        distinct: new Set(plan.args.map((a) => a.name)).size === plan.args.length,
        kinds: plan.args.map((a) => SIMPLE_JSON.get(a.type)),
        keys: plan.args.map((a) => utf8.encode(`${JSON.stringify(a.name)}:`)),
        values: plan.args.map((a) => (VALUE_JSON.has(a.type) ? new Map() : undefined)),
      };
      this.plans.set(plan, d);
    }
    return d;
  }

  /**
   * The arguments object, as decodeCall and eventToJson make it, written
   * argument by argument: the simple types (ArgType.json) straight from
   * the register or the capture, the others through their show().
   */
  private writeArgs(buf: Uint8Array, dv: DataView, off: number, len: number, info: SyscallInfo, plan: Plan, ret: number | null, w: ByteWriter): void {
    const args = plan.args;
    // a plan is made per SyscallInfo, and so per architecture: its value caches hold that arch's decoding
    const { kinds, keys, values } = this.planInfo(plan);
    const nargs = args.length;
    const raw = (this.raw[nargs] ??= new Array<number>(nargs).fill(0));
    for (let i = 0; i < nargs; i++) {
      const v = u64At(dv, off + EVENT.args + i * 8);
      // a register a Number cannot hold exactly: the decoder's own way, with its exact values
      if (v > MAX_EXACT) return this.writeArgsObject(buf, dv, off, len, info, ret, w);
      raw[i] = v;
    }
    // each register cut to its argument's C type, as decodeCall does
    for (const n of plan.narrow) {
      const lo = raw[n.idx] ?? 0;
      raw[n.idx] = n.bytes === 4 ? (n.signed ? lo | 0 : lo >>> 0) : n.bytes === 2 ? (n.signed ? (lo << 16) >> 16 : lo & 0xffff) : n.signed ? (lo << 24) >> 24 : lo & 0xff;
    }
    const count = dv.getUint32(off + EVENT.capCount, true);
    this.capCount = count === 0 ? 0 : scanCaptures(dv, off, count, Math.min(dv.getUint32(off + EVENT.recordSize, true), len, buf.length - off), this.capPos);
    this.caps = null;
    this.truncatedCount = 0;
    const call = this.call;
    call.raw = raw;
    call.ret = ret;
    call.failed = ret !== null && ret < 0 && ret >= -4095;
    call.arch = info.arch;
    call.info = info;
    w.byte(0x7b);
    let first = true;
    for (let k = 0; k < nargs; k++) {
      const a = args[k]!;
      const v = raw[a.idx]!;
      const kind = kinds[k];
      // the capture a string or bytes argument is written from, when it is there and readable
      let p = -1;
      if ((kind === "cstr" || kind === "bytes") && v !== 0 && !(kind === "bytes" && a.type.out && call.failed)) {
        p = this.firstCapture(buf, a.idx);
        const want = kind === "cstr" ? CaptureKind.Str : CaptureKind.Bytes;
        if (p >= 0 && (buf[this.capPos[p]! + CAPTURE.kind] !== want || dv.getUint16(this.capPos[p]! + CAPTURE.flags, true) & CaptureFlag.Fault)) p = -1;
      }
      if (kind === "s32" || kind === "u32" || kind === "raw" || kind === "ptr" || (kind === "size" && v >= 0) || (kind === "cstr" && v === 0) || p >= 0) {
        if (!first) w.byte(0x2c);
        first = false;
        w.bytes(keys[k]!);
        if (kind === "s32") w.integer(v | 0);
        else if (kind === "u32") w.integer(v >>> 0);
        else if (kind === "raw" || kind === "size") w.number(v);
        else if (kind === "ptr") v === 0 ? w.ascii("null") : v > 0 ? w.hexString(v) : w.string(hex(v)); // negative: all 64 bits
        else if (p < 0) w.ascii("null");
        else {
          const h = this.capPos[p]!;
          w.lossless(buf, h + CAPTURE.size, this.capPos[p + 1]!);
          if (dv.getUint16(h + CAPTURE.flags, true) & CaptureFlag.Truncated) this.truncatedNames[this.truncatedCount++] = a.name;
        }
        continue;
      }
      // a value seen before: its bytes
      const known = values[k];
      const seen = known?.get(v);
      if (seen !== undefined) {
        if (seen === null) continue;
        if (!first) w.byte(0x2c);
        first = false;
        w.bytes(keys[k]!);
        w.bytes(seen);
        continue;
      }
      // everything else: the argument's own decoder, as decodeCall runs it; decoders read
      // only their own argument's captures, so one without any is spared making them
      const own = a.type.capture !== undefined || this.firstCapture(buf, a.idx) >= 0;
      const caps = (call.caps = own ? (this.caps ??= this.readCaps(buf, dv)) : NO_CAPTURES);
      let json: unknown;
      let truncated = false;
      let failed = false;
      try {
        const s = a.type.show(call, a.idx, firstOf(caps, a.idx));
        json = s.json;
        truncated = !!s.truncated;
      } catch {
        json = raw[a.idx] ?? 0;
        failed = true;
      }
      if (truncated) this.truncatedNames[this.truncatedCount++] = a.name;
      if (isOmitted(json)) {
        if (known && !truncated && !failed) keepValue(known, v, null);
        continue;
      }
      if (!first) w.byte(0x2c);
      first = false;
      w.bytes(keys[k]!);
      const at = w.pos;
      w.value(json);
      // a copy: the writer's buffer is reused
      if (known && !truncated && !failed) keepValue(known, v, new Uint8Array(w.buf.subarray(at, w.pos)));
    }
    w.byte(0x7d);
  }

  /** Arguments that share a name: through an object, where the last value wins at the first one's place. */
  private writeArgsObject(buf: Uint8Array, dv: DataView, off: number, len: number, info: SyscallInfo, ret: number | null, w: ByteWriter): void {
    const args = this.decoder.callOf(buf, dv, off, len, info, ret).args;
    const o = this.dupArgs;
    for (const k in o) delete o[k];
    this.truncatedCount = 0;
    for (const a of args) {
      o[a.name] = a.json;
      if (a.truncated) this.truncatedNames[this.truncatedCount++] = a.name;
    }
    w.object(o);
  }

  /** The index in capPos of the first capture item of argument `arg`, or -1. */
  private firstCapture(buf: Uint8Array, arg: number): number {
    for (let k = 0; k < this.capCount; k++) if (buf[this.capPos[2 * k]! + CAPTURE.arg] === arg) return 2 * k;
    return -1;
  }

  private readCaps(buf: Uint8Array, dv: DataView): Capture[] {
    const out: Capture[] = new Array(this.capCount);
    for (let k = 0; k < this.capCount; k++) out[k] = captureAt(buf, dv, this.capPos[2 * k]!, this.capPos[2 * k + 1]!);
    return out;
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
      pid_in_ns: dv.getUint32(off + EVENT.nsTgid, true),
      tid_in_ns: dv.getUint32(off + EVENT.nsTid, true),
    };
    c.head = utf8.encode(identityHead(f));
    c.ns = utf8.encode(identityNs(f));
    return c;
  }
}

function firstOf(caps: readonly Capture[], idx: number): Capture | undefined {
  for (let k = 0; k < caps.length; k++) if (caps[k]!.arg === idx) return caps[k];
  return undefined;
}

