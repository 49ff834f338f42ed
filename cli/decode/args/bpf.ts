/**
 * bpf(2)'s union bpf_attr, decoded per command as strace prints it: the
 * fields of the command's part of the union, as far as the size argument
 * says (fields past it are not shown; a field cut by it reads as zero), and
 * `...` when bytes past what strace knows of the struct are not all zero.
 *
 * The offsets are the kernel UAPI's (linux/bpf.h, stable ABI); the anonymous
 * structs of the union cannot be named in structs.in, so they are listed here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { flagsOf, valuesOf, type ConstSet } from "../consts";
import {
  BPF_ATTACH_FLAGS, BPF_ATTACH_TYPE, BPF_CMD, BPF_FILE_MODE_FLAGS, BPF_KPROBE_MULTI_FLAGS, BPF_LOOKUP_FLAGS, BPF_MAP_FLAGS,
  BPF_MAP_TYPE, BPF_PROG_FLAGS, BPF_PROG_TYPE, BPF_QUERY_FLAGS, BPF_TASK_FD_TYPE, BPF_TEST_RUN_FLAGS, BPF_UPDATE_FLAGS,
} from "../tables/consts-mm";
import type { Arch } from "../syscalls";
import { CaptureKind } from "../layout";
import type { Capture } from "../capture";
import { hex, int64Json, pointer, quoteBytes, quoted, struct, unreadable } from "./render";
import type { ArgType, Call, Shown } from "./types";

/** The index bit of the part of an array past a page boundary (bpf/capture.bpf.h, capture_bpf_array). */
const BPF_ARRAY_TAIL = 0x2000;

const EFAULT = 14;

let ifNames: Map<number, string> | undefined;

/** This host's network interfaces by index (strace names them as it sees them: in the tracer's network namespace). */
function ifName(index: number): string | undefined {
  if (!ifNames) {
    ifNames = new Map();
    try {
      for (const n of readdirSync("/sys/class/net")) {
        const k = Number(readFileSync(`/sys/class/net/${n}/ifindex`, "utf8").trim());
        if (Number.isInteger(k)) ifNames.set(k, n);
      }
    } catch {
      // no sysfs: indexes stay numbers
    }
  }
  return ifNames.get(index);
}
const PAGE = 4096;

/** One struct being printed: text fields in order, and the same values for JSON. */
class Out {
  readonly parts: [string, string][] = [];
  readonly json: Record<string, unknown> = {};
  add(name: string, text: string, json: unknown): void {
    this.parts.push([name, text]);
    this.json[name] = json;
  }
  nest(name: string, inner: Out): void {
    this.add(name, struct(inner.parts), inner.json);
  }
}

/** The attr bytes strace copied: `len` bytes, zero beyond. */
class Attr {
  private readonly dv: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly len: number,
    readonly arch: Arch,
    /** What the attr's pointers name: the string (Str) and the buffers (Field, by offset). */
    readonly pointed: readonly Capture[] = [],
  ) {
    const b = new Uint8Array(256);
    b.set(bytes.subarray(0, Math.min(len, 256)));
    this.dv = new DataView(b.buffer);
  }
  u32(off: number): number {
    return this.dv.getUint32(off, true);
  }
  s32(off: number): number {
    return this.dv.getInt32(off, true);
  }
  u64(off: number): bigint {
    return this.dv.getBigUint64(off, true);
  }
  /** Text and JSON of the common field shapes. */
  U(o: Out, name: string, off: number): void {
    o.add(name, String(this.u32(off)), this.u32(off));
  }
  fd(o: Out, name: string, off: number): void {
    o.add(name, String(this.s32(off)), this.s32(off));
  }
  U64(o: Out, name: string, off: number): void {
    const v = this.u64(off);
    o.add(name, v.toString(), int64Json(v));
  }
  /** An address in a u64: NULL or hex. */
  addr(o: Out, name: string, off: number): void {
    const v = this.u64(off);
    o.add(name, v === 0n ? "NULL" : hex(0, v), v === 0n ? null : hex(0, v));
  }
  /** A 64-bit number in hex (0 as 0). */
  X64(o: Out, name: string, off: number): void {
    const v = this.u64(off);
    o.add(name, v === 0n ? "0" : hex(0, v), v === 0n ? 0 : hex(0, v));
  }
  flags(o: Out, name: string, off: number, set: ConstSet): void {
    const f = flagsOf(set, this.arch).format(this.u32(off));
    o.add(name, f.text, f.names);
  }
  flags64(o: Out, name: string, off: number, set: ConstSet): void {
    const f = flagsOf(set, this.arch).formatWide(this.u64(off));
    o.add(name, f.text, f.names);
  }
  xval(o: Out, name: string, off: number, set: ConstSet): void {
    const v = this.u32(off);
    const vs = valuesOf(set, this.arch);
    const n = vs.name(v);
    o.add(name, n ?? `${v === 0 ? "0" : hex(v)} /* ${set.unknown ?? `${vs.prefix}???`} */`, n ?? v);
  }
  /** An interface index: `if_nametoindex("lo")` when this host has it, else the number. */
  ifindex(o: Out, name: string, off: number): void {
    const v = this.u32(off);
    const n = v ? ifName(v) : undefined;
    o.add(name, n ? `if_nametoindex(${quoted(n)})` : String(v), n ?? v);
  }
  /** A NUL-terminated string a pointer field names (a path, a name): quoted, `...` when cut at --strsize. */
  str(o: Out, name: string, off: number): void {
    const cap = this.pointed.find((k) => k.kind === CaptureKind.Str);
    const v = this.u64(off);
    if (v === 0n || !cap) return this.addr(o, name, off);
    if (cap.fault) return o.add(name, hex(0, v), { addr: hex(0, v), error: "EFAULT" });
    o.add(name, quoted(cap.text, cap.truncated), cap.text);
  }
  /**
   * A buffer a pointer field names, `size` bytes: quoted in full, or (nul)
   * up to its NUL, `...` when the buffer goes on.
   */
  buf(o: Out, name: string, off: number, size: number, nul: boolean): void {
    const cap = this.pointed.find((k) => k.kind === CaptureKind.Field && k.index === off);
    const v = this.u64(off);
    if (v === 0n || !cap) return this.addr(o, name, off);
    if (cap.fault) return o.add(name, hex(0, v), { addr: hex(0, v), error: "EFAULT" });
    let b = cap.bytes.subarray(0, size);
    let more = cap.truncated;
    if (nul) {
      const end = b.indexOf(0);
      if (end >= 0) {
        b = b.subarray(0, end);
        more = false;
      } else more = more || b.length === size;
    }
    o.add(name, quoteBytes(b, more), new TextDecoder().decode(b));
  }
  /**
   * An array a pointer field names, `count` elements of `elem` bytes, as the
   * probe read it (in two parts split at the page boundary): the elements
   * that could be read, then `... /* address *\/` where reading stopped.
   */
  array(o: Out, name: string, off: number, count: number, elem: number, show: (dv: DataView, k: number) => string): void {
    const v = this.u64(off);
    if (v === 0n) return this.addr(o, name, off);
    if (count === 0) return o.add(name, "[]", []);
    const head = this.pointed.find((k) => k.kind === CaptureKind.Field && k.index === off);
    const tail = this.pointed.find((k) => k.kind === CaptureKind.Field && k.index === (off | BPF_ARRAY_TAIL));
    if (!head || head.fault) return this.addr(o, name, off);
    const bytes = new Uint8Array(head.bytes.length + (tail && !tail.fault ? tail.bytes.length : 0));
    bytes.set(head.bytes);
    if (tail && !tail.fault) bytes.set(tail.bytes, head.bytes.length);
    const have = Math.min(count, Math.floor(bytes.length / elem));
    const dv = new DataView(bytes.buffer);
    const items: string[] = [];
    for (let k = 0; k < have; k++) items.push(show(dv, k));
    if (have < count && tail?.fault) items.push(`... /* ${hex(0, v + BigInt(have * elem))} */`);
    else if (have < count) items.push("...");
    o.add(name, `[${items.join(", ")}]`, items);
  }
  /** Element k of an array of strings: the Str item the probe read for it (index k + 1). */
  strAt(p: bigint, k: number): string {
    if (p === 0n) return "NULL";
    const cap = this.pointed.find((x) => x.kind === CaptureKind.Str && x.index === k + 1);
    if (!cap || cap.fault) return hex(0, p);
    return quoted(cap.text, cap.truncated);
  }
  /** A char array of `size` bytes: up to its NUL, or size-1 characters and `...`. */
  cstr(o: Out, name: string, off: number, size: number): void {
    const b = new Uint8Array(this.dv.buffer, off, Math.max(size, 0));
    const nul = b.indexOf(0);
    const s = nul >= 0 ? b.subarray(0, nul) : b.subarray(0, Math.max(size - 1, 0));
    o.add(name, quoteBytes(s, nul < 0), new TextDecoder().decode(s));
  }
}

interface Decoded {
  out: Out;
  /** How much of the struct strace knows (past it, non-zero bytes show as `...`). */
  size: number;
}

type Decoder = (a: Attr) => Decoded;

function mapCreate(a: Attr): Decoded {
  const o = new Out();
  a.xval(o, "map_type", 0, BPF_MAP_TYPE);
  a.U(o, "key_size", 4);
  a.U(o, "value_size", 8);
  a.U(o, "max_entries", 12);
  const done = { out: o, size: 72 };
  if (a.len <= 16) return done;
  a.flags(o, "map_flags", 16, BPF_MAP_FLAGS);
  if (a.len <= 20) return done;
  a.fd(o, "inner_map_fd", 20);
  if (a.len <= 24) return done;
  if (a.u32(16) & 4) {
    const n = a.u32(24);
    o.add("numa_node", n === 0xffffffff ? `${n} /* NUMA_NO_NODE */` : String(n), n);
  }
  if (a.len <= 28) return done;
  a.cstr(o, "map_name", 28, Math.min(16, a.len - 28));
  if (a.len <= 44) return done;
  a.ifindex(o, "map_ifindex", 44);
  if (a.len <= 48) return done;
  a.fd(o, "btf_fd", 48);
  a.U(o, "btf_key_type_id", 52);
  a.U(o, "btf_value_type_id", 56);
  if (a.len <= 60) return done;
  a.U(o, "btf_vmlinux_value_type_id", 60);
  if (a.len <= 64) return done;
  a.U64(o, "map_extra", 64);
  return done;
}

function elem(kind: "lookup" | "update" | "delete" | "next"): Decoder {
  return (a) => {
    const o = new Out();
    a.fd(o, "map_fd", 0);
    a.addr(o, "key", 8);
    if (kind === "delete") return { out: o, size: 16 };
    a.addr(o, kind === "next" ? "next_key" : "value", 16);
    if (kind === "next") return { out: o, size: 24 };
    if (kind === "update") a.xval(o, "flags", 24, BPF_UPDATE_FLAGS);
    else if (a.len > 24) a.flags64(o, "flags", 24, BPF_LOOKUP_FLAGS);
    return { out: o, size: 32 };
  };
}

function progLoad(a: Attr): Decoded {
  const o = new Out();
  const done = { out: o, size: 128 };
  a.xval(o, "prog_type", 0, BPF_PROG_TYPE);
  a.U(o, "insn_cnt", 4);
  a.addr(o, "insns", 8);
  a.str(o, "license", 16);
  if (a.len <= 24) return done;
  a.U(o, "log_level", 24);
  a.U(o, "log_size", 28);
  a.buf(o, "log_buf", 32, a.u32(28), true);
  if (a.len <= 40) return done;
  const kv = a.u32(40);
  o.add("kern_version", `KERNEL_VERSION(${kv >>> 16}, ${(kv >>> 8) & 0xff}, ${kv & 0xff})`, kv);
  if (a.len <= 44) return done;
  a.flags(o, "prog_flags", 44, BPF_PROG_FLAGS);
  if (a.len <= 48) return done;
  a.cstr(o, "prog_name", 48, Math.min(16, a.len - 48));
  if (a.len <= 64) return done;
  a.ifindex(o, "prog_ifindex", 64);
  if (a.len <= 68) return done;
  a.xval(o, "expected_attach_type", 68, BPF_ATTACH_TYPE);
  if (a.len <= 72) return done;
  a.fd(o, "prog_btf_fd", 72);
  a.U(o, "func_info_rec_size", 76);
  a.addr(o, "func_info", 80);
  a.U(o, "func_info_cnt", 88);
  a.U(o, "line_info_rec_size", 92);
  a.addr(o, "line_info", 96);
  a.U(o, "line_info_cnt", 104);
  if (a.len <= 108) return done;
  a.U(o, "attach_btf_id", 108);
  if (a.len <= 112) return done;
  a.fd(o, "attach_prog_fd", 112);
  if (a.len <= 120) return done;
  a.addr(o, "fd_array", 120);
  return done;
}

function objPin(a: Attr): Decoded {
  const o = new Out();
  a.str(o, "pathname", 0);
  a.fd(o, "bpf_fd", 8);
  if (a.len > 12) a.flags(o, "file_flags", 12, BPF_FILE_MODE_FLAGS);
  return { out: o, size: 16 };
}

function progAttach(a: Attr): Decoded {
  const o = new Out();
  a.fd(o, "target_fd", 0);
  a.fd(o, "attach_bpf_fd", 4);
  a.xval(o, "attach_type", 8, BPF_ATTACH_TYPE);
  a.flags(o, "attach_flags", 12, BPF_ATTACH_FLAGS);
  if (a.len > 16) a.fd(o, "replace_bpf_fd", 16);
  return { out: o, size: 20 };
}

function progDetach(a: Attr): Decoded {
  const o = new Out();
  a.fd(o, "target_fd", 0);
  a.xval(o, "attach_type", 8, BPF_ATTACH_TYPE);
  return { out: o, size: 12 };
}

function testRun(a: Attr): Decoded {
  const t = new Out();
  a.fd(t, "prog_fd", 0);
  a.U(t, "retval", 4);
  a.U(t, "data_size_in", 8);
  a.U(t, "data_size_out", 12);
  a.addr(t, "data_in", 16);
  a.addr(t, "data_out", 24);
  a.U(t, "repeat", 32);
  a.U(t, "duration", 36);
  if (a.len > 40) {
    a.U(t, "ctx_size_in", 40);
    a.U(t, "ctx_size_out", 44);
    a.addr(t, "ctx_in", 48);
    a.addr(t, "ctx_out", 56);
  }
  if (a.len > 64) {
    a.flags(t, "flags", 64, BPF_TEST_RUN_FLAGS);
    a.U(t, "cpu", 68);
  }
  if (a.len > 72) a.U(t, "batch_size", 72);
  const o = new Out();
  o.nest("test", t);
  return { out: o, size: 76 };
}

function getNextId(a: Attr): Decoded {
  const o = new Out();
  a.U(o, "start_id", 0);
  a.U(o, "next_id", 4);
  if (a.len > 8) a.flags(o, "open_flags", 8, BPF_FILE_MODE_FLAGS);
  return { out: o, size: 12 };
}

function getFdById(id: string): Decoder {
  return (a) => {
    const o = new Out();
    a.U(o, id, 0);
    a.U(o, "next_id", 4);
    if (a.len > 8) a.flags(o, "open_flags", 8, BPF_FILE_MODE_FLAGS);
    return { out: o, size: 12 };
  };
}

function oneId(id: string, asFd = false): Decoder {
  return (a) => {
    const o = new Out();
    if (asFd) a.fd(o, id, 0);
    else a.U(o, id, 0);
    return { out: o, size: 4 };
  };
}

function getInfoByFd(a: Attr): Decoded {
  const i = new Out();
  a.fd(i, "bpf_fd", 0);
  a.U(i, "info_len", 4);
  a.addr(i, "info", 8);
  const o = new Out();
  o.nest("info", i);
  return { out: o, size: 16 };
}

function progQuery(a: Attr): Decoded {
  const q = new Out();
  a.fd(q, "target_fd", 0);
  a.xval(q, "attach_type", 4, BPF_ATTACH_TYPE);
  a.flags(q, "query_flags", 8, BPF_QUERY_FLAGS);
  a.flags(q, "attach_flags", 12, BPF_ATTACH_FLAGS);
  // an empty array when there is room for no ids
  if (a.u64(16) !== 0n && a.u32(24) === 0) q.add("prog_ids", "[]", []);
  else a.addr(q, "prog_ids", 16);
  a.U(q, "prog_cnt", 24);
  const o = new Out();
  o.nest("query", q);
  return { out: o, size: 28 };
}

function rawTracepoint(a: Attr): Decoded {
  const r = new Out();
  a.str(r, "name", 0);
  a.fd(r, "prog_fd", 8);
  const o = new Out();
  o.nest("raw_tracepoint", r);
  return { out: o, size: 12 };
}

function btfLoad(a: Attr): Decoded {
  const o = new Out();
  a.buf(o, "btf", 0, a.u32(16), false);
  a.addr(o, "btf_log_buf", 8);
  a.U(o, "btf_size", 16);
  a.U(o, "btf_log_size", 20);
  a.U(o, "btf_log_level", 24);
  return { out: o, size: 28 };
}

function taskFdQuery(a: Attr): Decoded {
  const t = new Out();
  a.fd(t, "pid", 0);
  a.fd(t, "fd", 4);
  a.U(t, "flags", 8);
  a.U(t, "buf_len", 12);
  a.addr(t, "buf", 16);
  a.U(t, "prog_id", 24);
  a.xval(t, "fd_type", 28, BPF_TASK_FD_TYPE);
  a.X64(t, "probe_offset", 32);
  a.X64(t, "probe_addr", 40);
  const o = new Out();
  o.nest("task_fd_query", t);
  return { out: o, size: 48 };
}

function batch(kind: "lookup" | "update" | "delete"): Decoder {
  return (a) => {
    const b = new Out();
    if (kind === "lookup") {
      a.addr(b, "in_batch", 0);
      a.addr(b, "out_batch", 8);
    }
    a.addr(b, "keys", 16);
    if (kind !== "delete") a.addr(b, "values", 24);
    a.U(b, "count", 32);
    a.fd(b, "map_fd", 36);
    a.flags64(b, "elem_flags", 40, BPF_LOOKUP_FLAGS);
    a.X64(b, "flags", 48);
    const o = new Out();
    o.nest("batch", b);
    return { out: o, size: 56 };
  };
}

function linkCreate(a: Attr): Decoded {
  const l = new Out();
  a.fd(l, "prog_fd", 0);
  a.fd(l, "target_fd", 4);
  a.xval(l, "attach_type", 8, BPF_ATTACH_TYPE);
  const f = a.u32(12);
  l.add("flags", f === 0 ? "0" : hex(f), f);
  const o = new Out();
  let size = 48;
  if (a.len > 16) {
    const type = valuesOf(BPF_ATTACH_TYPE, a.arch).name(a.u32(8));
    if (a.u32(8) === 0) {
      if (a.u32(16)) a.U(l, "target_btf_id", 16);
      size = 20;
    } else if (type === "BPF_TRACE_ITER") {
      a.array(l, "iter_info", 16, a.u32(24), 4, (dv, k) => `{map={map_fd=${dv.getInt32(k * 4, true)}}}`);
      a.U(l, "iter_info_len", 24);
      size = 28;
    } else if (type === "BPF_PERF_EVENT") {
      const p = new Out();
      a.X64(p, "bpf_cookie", 16);
      l.nest("perf_event", p);
      size = 24;
    } else if (type === "BPF_TRACE_KPROBE_MULTI") {
      const k = new Out();
      a.flags(k, "flags", 16, BPF_KPROBE_MULTI_FLAGS);
      a.U(k, "cnt", 20);
      const cnt = a.u32(20);
      const x64 = (dv: DataView, j: number) => {
        const e = dv.getBigUint64(j * 8, true);
        return e === 0n ? "0" : hex(0, e);
      };
      a.array(k, "syms", 24, cnt, 8, (dv, j) => a.strAt(dv.getBigUint64(j * 8, true), j));
      a.array(k, "addrs", 32, cnt, 8, x64);
      a.array(k, "cookies", 40, cnt, 8, x64);
      l.nest("kprobe_multi", k);
      size = 48;
    } else {
      size = 16;
    }
  }
  o.nest("link_create", l);
  return { out: o, size };
}

function linkUpdate(a: Attr): Decoded {
  const l = new Out();
  a.fd(l, "link_fd", 0);
  a.fd(l, "new_prog_fd", 4);
  a.flags(l, "flags", 8, BPF_ATTACH_FLAGS);
  if (a.u32(8) & 4) a.fd(l, "old_prog_fd", 12);
  const o = new Out();
  o.nest("link_update", l);
  return { out: o, size: 16 };
}

const DECODERS: Record<string, Decoder> = {
  BPF_MAP_CREATE: mapCreate,
  BPF_MAP_LOOKUP_ELEM: elem("lookup"),
  BPF_MAP_LOOKUP_AND_DELETE_ELEM: elem("lookup"),
  BPF_MAP_UPDATE_ELEM: elem("update"),
  BPF_MAP_DELETE_ELEM: elem("delete"),
  BPF_MAP_GET_NEXT_KEY: elem("next"),
  BPF_MAP_FREEZE: oneId("map_fd", true),
  BPF_PROG_LOAD: progLoad,
  BPF_OBJ_PIN: objPin,
  BPF_OBJ_GET: objPin,
  BPF_PROG_ATTACH: progAttach,
  BPF_PROG_DETACH: progDetach,
  BPF_PROG_TEST_RUN: testRun,
  BPF_PROG_GET_NEXT_ID: getNextId,
  BPF_MAP_GET_NEXT_ID: getNextId,
  BPF_BTF_GET_NEXT_ID: getNextId,
  BPF_LINK_GET_NEXT_ID: getNextId,
  BPF_PROG_GET_FD_BY_ID: getFdById("prog_id"),
  BPF_MAP_GET_FD_BY_ID: getFdById("map_id"),
  BPF_OBJ_GET_INFO_BY_FD: getInfoByFd,
  BPF_PROG_QUERY: progQuery,
  BPF_RAW_TRACEPOINT_OPEN: rawTracepoint,
  BPF_BTF_LOAD: btfLoad,
  BPF_BTF_GET_FD_BY_ID: oneId("btf_id"),
  BPF_TASK_FD_QUERY: taskFdQuery,
  BPF_MAP_LOOKUP_BATCH: batch("lookup"),
  BPF_MAP_LOOKUP_AND_DELETE_BATCH: batch("lookup"),
  BPF_MAP_UPDATE_BATCH: batch("update"),
  BPF_MAP_DELETE_BATCH: batch("delete"),
  BPF_LINK_CREATE: linkCreate,
  BPF_LINK_UPDATE: linkUpdate,
  BPF_LINK_GET_FD_BY_ID: oneId("link_id"),
};

/** bpf's uattr: the command's part of union bpf_attr, read at entry, `size` bytes. */
export const bpfAttr: ArgType = {
  capture: { kind: "bpfAttr", arg: "size", when: "entry" },
  show(c: Call, i: number): Shown {
    const v = c.raw[i]!;
    const w = c.wide?.[i];
    const size = c.raw[2]! >>> 0;
    const name = valuesOf(BPF_CMD, c.arch).name(c.raw[0]! >>> 0);
    const decode = name ? DECODERS[name] : undefined;
    if (v === 0 || !decode || size === 0 || size > PAGE) return pointer(v, w);
    const cap = c.caps.find((k) => k.arg === i && k.kind === CaptureKind.Bytes);
    if (!cap) return pointer(v, w);
    if (cap.fault) return unreadable(v, w);
    const got = cap.bytes.length;
    // the probe read fewer bytes than the call passed: when the kernel could
    // not read them all either, strace could not: the address
    if (got < size && c.ret === -EFAULT) return unreadable(v, w);
    const pointed = c.caps.filter((k) => k.arg === i && k !== cap);
    const d = decode(new Attr(cap.bytes, Math.min(size, got), c.arch, pointed));
    const json: Record<string, unknown> = { fields: d.out.json };
    let more = false;
    if (size > d.size) {
      for (let k = d.size; k < got; k++) {
        if (cap.bytes[k]) {
          more = true;
          break;
        }
      }
    }
    const cut = got < Math.min(size, d.size);
    if (more) json.more = true;
    if (cut) json.truncated = true;
    return { json, text: c.text ? struct(d.out.parts, more || cut) : "", truncated: cut || undefined };
  },
};
