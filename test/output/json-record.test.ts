/**
 * cli/output/json-record.ts and json-bytes.ts: a record rendered straight
 * into bytes gives exactly the line eventToJson gives for the decoded
 * event, for every syscall of the table with arbitrary registers,
 * captures and results, hostile strings, containers and odd numbers.
 */
import { describe, expect, test } from "bun:test";
import { WallClock } from "../../cli/decode/clock";
import { EventDecoder, type ContainerInfo } from "../../cli/decode/event";
import { ArgCapture, CaptureFlag, CaptureKind, EventFlag } from "../../cli/decode/layout";
import { planFor } from "../../cli/decode/args";
import { syscallTable } from "../../cli/decode/syscalls";
import { bytesToString } from "../../cli/decode/strings";
import { hex } from "../../cli/decode/args/render";
import { ByteWriter } from "../../cli/output/json-bytes";
import { keepValue, RecordJsonRenderer, VALUES_KEPT } from "../../cli/output/json-record";
import { eventToJson, safeJson } from "../../cli/output/json";
import { record, type Cap, type Rec } from "../decode/record";

/** A fixed CLOCK_REALTIME − CLOCK_MONOTONIC, so both sides print the same time. */
const OFFSET = () => 1_764_000_000_123_456_789n;
const table = syscallTable();

/** xorshift32: the same records every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

const HOSTILE = [
  "/etc/hostname",
  "/tmp/\u001b[31mred\u0007",
  "a\"b\\c\u0000d\ne",
  "\u009b31m \u202eexe \u2028\u2029 \u200b\ufeff \u2066x\u2069",
  "caf\u00e9 \u4e2d\u6587 \ud83d\ude00",
];
const HOSTILE_BYTES = [new Uint8Array([0x61, 0xff, 0x62]), new Uint8Array([0xc3]), new Uint8Array([0xed, 0xa0, 0x80]), new Uint8Array([0xf0, 0x9f, 0x98, 0x80, 0x80])];

function randomCaps(nr: number, r: () => number): Cap[] {
  const info = table.byNr(nr)!;
  const plan = planFor(info);
  const caps: Cap[] = [];
  plan.kinds.forEach((kind, arg) => {
    if (kind === ArgCapture.None || r() < 0.15) return;
    const flags = r() < 0.2 ? CaptureFlag.Truncated : r() < 0.05 ? CaptureFlag.Fault : 0;
    if (kind === ArgCapture.CStr) {
      const data = r() < 0.7 ? HOSTILE[Math.floor(r() * HOSTILE.length)]! : HOSTILE_BYTES[Math.floor(r() * HOSTILE_BYTES.length)]!;
      caps.push({ arg, kind: CaptureKind.Str, flags, data });
    } else if (kind === ArgCapture.Argv) {
      for (let i = 0; i < 3; i++) caps.push({ arg, kind: CaptureKind.ArgvItem, data: HOSTILE[i]! });
      if (r() < 0.3) caps.push({ arg, kind: CaptureKind.ArgvItem, flags: CaptureFlag.More, data: "" });
    } else {
      const n = Math.floor(r() * 160);
      const data = new Uint8Array(n);
      // printable text half the time (written from the capture as is), any bytes otherwise
      const text = r() < 0.5;
      for (let i = 0; i < n; i++) data[i] = text ? 0x20 + Math.floor(r() * 0x5f) : Math.floor(r() * 256);
      caps.push({ arg, kind: CaptureKind.Bytes, flags, data });
    }
  });
  return caps;
}

const REGISTERS = [0n, 1n, 3n, 0x7ffc_1234_5678n, 0xffff_ffff_ffff_ff9cn, 0xffff_ffffn, 0x8000_0000_0000_0000n, 0x1f_ffff_ffff_ffffn, 0xffff_ffff_ffff_ffffn];
const RESULTS = [0n, 3n, -2n, -4095n, -4096n, 0x7ffc_0000_0000n, -1n, 0x7fff_ffff_ffff_ffffn, 0x20_0000_0000_0001n];

function randomRecord(nr: number, r: () => number, tid: number): Rec {
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  return {
    nr,
    flags: (r() < 0.05 ? EventFlag.NoReturn : 0) | (r() < 0.05 ? EventFlag.CaptureExhausted : 0),
    tgid: tid - (r() < 0.3 ? 1 : 0),
    tid,
    uid: r() < 0.5 ? 0 : 1000,
    gid: r() < 0.5 ? 0 : 1000,
    session: Math.floor(r() * 5),
    pidNs: 4026531836,
    utsNs: r() < 0.9 ? 4026531838 : 1,
    mntNs: 4026531840,
    cgroupId: r() < 0.9 ? BigInt(Math.floor(r() * 1e6)) : 0x20_0000_0000_0003n,
    ret: pick(RESULTS),
    start: 17_048_757_756_816n + BigInt(Math.floor(r() * 1e12)),
    finish: 17_048_757_770_432n + BigInt(Math.floor(r() * 1e12)),
    args: Array.from({ length: 6 }, () => (r() < 0.5 ? pick(REGISTERS) : BigInt(Math.floor(r() * 0x100000000)))),
    comm: r() < 0.8 ? pick(["cat", "swoll-sc", "a\u001bb", "sw\u00e9ll"]) : HOSTILE_BYTES[0]!,
    captures: randomCaps(nr, r),
  };
}

/** Both renderings of one record, with the same clock and container. */
function both(renderer: RecordJsonRenderer, decoder: EventDecoder, rec: Rec, container: ContainerInfo | null): [string, string] {
  const { buf, dv, off, size } = record(rec);
  const d = decoder.decode(buf, dv, off, size);
  d.event.container = container;
  const want = eventToJson(d.event);
  const w = new ByteWriter(64);
  renderer.render(buf, dv, off, size, container, w);
  return [Buffer.from(w.buf.subarray(0, w.pos)).toString("latin1"), Buffer.from(want, "utf8").toString("latin1")];
}

const CONTAINER: ContainerInfo = {
  id: "abc\u001b123", pod: "web-0", name: "nginx\u202e", image: "nginx:1.27", namespace: "default",
  labels: { app: "web", "tier\u0007": "x\u2028" }, pid: 1, "pid-namespace": 4026532000,
};

describe("RecordJsonRenderer", () => {
  test("the same bytes as eventToJson for every syscall, with random registers, captures and results", () => {
    const r = rng(12345);
    const renderer = new RecordJsonRenderer(table, new WallClock(OFFSET));
    const decoder = new EventDecoder(table, false, new WallClock(OFFSET));
    let lines = 0;
    for (const info of table.all()) {
      for (let k = 0; k < 6; k++) {
        // few tids, so the per-thread cache is hit and replaced
        const rec = randomRecord(info.nr, r, 2000 + Math.floor(r() * 3) * 1024 + (k % 2));
        const [got, want] = both(renderer, decoder, rec, r() < 0.2 ? CONTAINER : null);
        if (got !== want) expect(`${info.name}: ${got}`).toBe(`${info.name}: ${want}`);
        lines++;
      }
    }
    expect(lines).toBeGreaterThan(1000);
  });

  test("values seen before (flag sets, enumerations) render from the renderer's cache to the same bytes", () => {
    const r = rng(777);
    const renderer = new RecordJsonRenderer(table, new WallClock(OFFSET));
    const decoder = new EventDecoder(table, false, new WallClock(OFFSET));
    const recs = table.all().map((info) => randomRecord(info.nr, r, 3000));
    // twice over the whole table: the second round's values come from the cache, after other calls reused the writer
    for (let round = 0; round < 2; round++)
      for (const rec of recs) {
        const [got, want] = both(renderer, decoder, rec, null);
        if (got !== want) expect(`round ${round}: ${got}`).toBe(`round ${round}: ${want}`);
      }
    // a flag set the cache holds, after the writer's buffer was reused (as the sink reuses it after a flush): not overwritten
    const w = new ByteWriter(1 << 16);
    const openat = (flags: number) => record({ nr: table.byName("openat")!.nr, tid: 9, args: [-100, 0x1000, flags, 0o644], ret: 3n, captures: [{ arg: 1, kind: CaptureKind.Str, data: "/etc/hosts" }] });
    for (const flags of [0o2006102, 0o100000, 0o2006102]) {
      const { buf, dv, off, size } = openat(flags);
      w.pos = 0;
      const start = w.pos;
      renderer.render(buf, dv, off, size, null, w);
      expect(JSON.parse(Buffer.from(w.buf.subarray(start, w.pos)).toString()).args.flags).toEqual(flags === 0o100000 ? ["O_RDONLY", "O_LARGEFILE"] : ["O_RDWR", "O_CREAT", "O_APPEND", "O_NONBLOCK", "O_CLOEXEC"]);
    }
  });

  test("the value cache of an argument stays bounded whatever values a process passes", () => {
    const m = new Map<number, Uint8Array | null>();
    for (let v = 0; v < 10_000; v++) {
      keepValue(m, v, null);
      expect(m.size).toBeLessThanOrEqual(VALUES_KEPT);
    }
    expect(m.has(9_999)).toBe(true);
  });

  test("an unknown syscall number, and the same thread switching container and comm", () => {
    const renderer = new RecordJsonRenderer(table, new WallClock(OFFSET));
    const decoder = new EventDecoder(table, false, new WallClock(OFFSET));
    const cases: [Rec, ContainerInfo | null][] = [
      [{ nr: 999_999, args: [1, 2, 3], tid: 77 }, null],
      [{ nr: 5000, args: [1], tid: 77 }, CONTAINER],
      [{ nr: table.byName("openat")!.nr, tid: 77, comm: "one", ret: -2n, captures: [{ arg: 1, kind: CaptureKind.Str, data: "/x" }] }, CONTAINER],
      [{ nr: table.byName("openat")!.nr, tid: 77, comm: "two", ret: 3n, captures: [{ arg: 1, kind: CaptureKind.Str, data: "/y" }] }, CONTAINER],
      [{ nr: table.byName("openat")!.nr, tid: 77, comm: "two", ret: 3n }, null],
      [{ nr: table.byName("openat")!.nr, tid: 77 + 1024, comm: "two", ret: 3n }, null],
      [{ nr: table.byName("getppid")!.nr, tid: 77, comm: "two", ret: 1n, uid: 5 }, null],
    ];
    for (const [rec, c] of cases) {
      const [got, want] = both(renderer, decoder, rec, c);
      expect(got).toBe(want);
    }
  });
});

describe("ByteWriter.value", () => {
  class Point {
    constructor(readonly x: number) {}
  }
  const values: [string, unknown][] = [
    ["numbers", [0, -0, 1, -1, 42, 2 ** 53 - 1, -(2 ** 53), 2 ** 53 + 2, 1e21, 1.5, -0.25, 1e-7, NaN, Infinity, -Infinity]],
    ["every C0 control, DEL and C1", Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join("")],
    ["format characters", "\u200a\u200b\u200f\u2010\u2029\u202a\u202e\u202f\u2065\u2066\u2069\u206a\ufeff\ufffd"],
    ["surrogates", "\ud83d\ude00 \ud83d \ude00 \udcff x\ud800"],
    ["nesting", { a: [1, "b", null, true, false, undefined, () => 1], c: { d: undefined, e: { f: [] }, g: {} }, "k\u001b": "v" }],
    ["integer-like keys", { b: 1, 2: "two", a: 3, 1: "one" }],
    ["toJSON and classes", { when: new Date(0), p: new Point(3), m: new Map([[1, 2]]), u8: new Uint8Array([1, 2]) }],
    ["null prototype", Object.assign(Object.create(null), { z: 1, y: "\u009b" })],
    ["top-level oddities", [undefined, null, Symbol("s")]],
  ];
  test.each(values)("%s: the bytes of safeJson", (_n, v) => {
    const w = new ByteWriter(8);
    w.value(v);
    expect(Buffer.from(w.buf.subarray(0, w.pos)).toString("utf8")).toBe(safeJson(v));
  });

  test("lossless(bytes) writes the bytes of safeJson(bytesToString(bytes)), with no string made", () => {
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = [0x00, 0x09, 0x1b, 0x22, 0x5c, 0x41, 0x7f, 0x80, 0x85, 0x9f, 0xa0, 0xbb, 0xbf, 0xc2, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xff];
    const w = new ByteWriter(4);
    for (let round = 0; round < 3000; round++) {
      const b = new Uint8Array(Math.floor(rand() * 48));
      for (let i = 0; i < b.length; i++) b[i] = rand() < 0.7 ? pick[Math.floor(rand() * pick.length)]! : Math.floor(rand() * 256);
      w.pos = 0;
      w.lossless(b, 0, b.length);
      expect({ round, json: Buffer.from(w.buf.subarray(0, w.pos)).toString("utf8") }).toEqual({ round, json: safeJson(bytesToString(b)) });
    }
    // a window of a larger buffer: nothing before start or from end on is read
    const big = new TextEncoder().encode("\u00e9\u2028xyz\ufeff");
    w.pos = 0;
    w.lossless(big, 2, 6);
    expect(Buffer.from(w.buf.subarray(0, w.pos)).toString("utf8")).toBe(safeJson(bytesToString(big.subarray(2, 6))));
  });

  test("hexString writes what hex() does for every width up to 2^53", () => {
    const w = new ByteWriter(4);
    for (const v of [1, 9, 15, 16, 255, 0xffff_ffff, 0x1_0000_0000, 0x7ffd_1234_5678, 2 ** 52 + 7, Number.MAX_SAFE_INTEGER]) {
      w.pos = 0;
      w.hexString(v);
      expect(Buffer.from(w.buf.subarray(0, w.pos)).toString()).toBe(JSON.stringify(hex(v)));
    }
  });

  test("integers and zero padding", () => {
    const w = new ByteWriter(4);
    for (const n of [0, 7, 10, 99, 100, 123456789, 4026531836, 17048757756816, Number.MAX_SAFE_INTEGER, -5, -4095]) {
      w.pos = 0;
      w.integer(n);
      expect(Buffer.from(w.buf.subarray(0, w.pos)).toString()).toBe(String(n));
    }
    w.pos = 0;
    w.padded(42, 6);
    expect(Buffer.from(w.buf.subarray(0, w.pos)).toString()).toBe("000042");
  });
});
