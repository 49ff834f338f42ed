/**
 * Recordings are files anyone may hand over. A crafted one ends the replay
 * with one RecordingError naming what is wrong (never a TypeError), a
 * frame cannot unpack to more than the reader's bound (a zstd bomb), and
 * what a well-formed file holds reaches the reader unchanged.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChunkType, MAX_FRAME_BYTES, RecordingError, chunkOf, dataFrame, fileHead } from "../../cli/record/format";
import { RecordingReader } from "../../cli/record/reader";
import { currentLayout } from "../../cli/record/layout";
import { syscallTable } from "../../cli/decode/syscalls";
import { record } from "../decode/record";

const dir = mkdtempSync(join(tmpdir(), "swoll-hostile-rec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const enc = (s: string) => new TextEncoder().encode(s);
const json = (type: number, v: unknown) => chunkOf(type, enc(typeof v === "string" ? v : JSON.stringify(v)));
function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

const HEADER = {
  format: "swoll-recording", version: 1, swoll: "test", node: "node-1", kernel: "6.18", arch: "x86_64", syscalls: [],
  realtimeOffsetNs: "1765000000000000000", timeZone: "UTC", utcOffsetMinutes: 0, startedAt: "2026-12-07T05:00:00.000Z",
  selection: {}, strsize: 256, argc: 32, layout: currentLayout(),
};
const META = { cgroupId: 7, container: { id: "c0ffee", pod: "web", name: "web", image: null, namespace: "shop", labels: { app: "web" }, pid: null, "pid-namespace": null }, at: HEADER.startedAt };
const LOST = { cause: "ringbuf_full", count: 3, from: HEADER.startedAt, to: HEADER.startedAt };
const END = { events: 1, lost: {}, stopped: "SIGINT", endedAt: HEADER.startedAt };

/** One getppid record of cgroup 7, framed as an Events chunk holds it. */
function events(): Uint8Array {
  const r = record({ nr: syscallTable().byName("getppid")!.nr, ret: 1n, cgroupId: 7n, at: 8 });
  return chunkOf(ChunkType.Events, r.buf.subarray(0, 8 + ((r.size + 7) & ~7)));
}

/** A file of a header frame and one frame of `body` chunks. */
function file(name: string, header: unknown, ...body: Uint8Array[]): string {
  const path = join(dir, name);
  writeFileSync(path, cat(fileHead(), dataFrame(json(ChunkType.Header, header)), ...(body.length ? [dataFrame(cat(...body))] : [])));
  return path;
}

/** Reads everything; returns the items, or the RecordingError's message (anything else fails the test). */
function readAll(path: string): { items: number; lost: number; cut: string | null; error: string | null } {
  let r: RecordingReader;
  try {
    r = RecordingReader.open(path);
  } catch (e) {
    if (!(e instanceof RecordingError)) throw e;
    return { items: 0, lost: 0, cut: null, error: e.message };
  }
  let items = 0;
  let lost = 0;
  try {
    for (const it of r.items(true)) it.type === "lost" ? (lost += it.lost.count) : items++;
    return { items, lost, cut: r.cut, error: null };
  } catch (e) {
    if (!(e instanceof RecordingError)) throw e;
    return { items, lost, cut: r.cut, error: e.message };
  } finally {
    r.close();
  }
}

test("a well-formed file: its event, its container and its loss come back", () => {
  const path = file("good.swr", HEADER, json(ChunkType.Meta, META), events(), json(ChunkType.Lost, LOST), json(ChunkType.End, END));
  const r = RecordingReader.open(path);
  const got = [...r.items(true)];
  r.close();
  expect(got.map((i) => i.type)).toEqual(["event", "lost"]);
  expect(got[0]!.type === "event" && got[0]!.decoded.event.container?.pod).toBe("web");
  expect(readAll(path)).toEqual({ items: 1, lost: 3, cut: null, error: null });
});

describe("crafted chunks: one RecordingError naming the problem", () => {
  const cases: [string, unknown, Uint8Array[], string][] = [
    ["metadata that is not JSON", HEADER, [json(ChunkType.Meta, "{not json")], "its metadata is not valid JSON: the file is corrupt"],
    ["metadata that is null", HEADER, [json(ChunkType.Meta, null)], "its metadata has a record that is not an object: the file is corrupt"],
    ["a container without an id", HEADER, [json(ChunkType.Meta, { ...META, container: { pod: "x" } })], "its metadata has a container without an id: the file is corrupt"],
    ["labels that are not strings", HEADER, [json(ChunkType.Meta, { ...META, container: { ...META.container, labels: { a: { b: 1 } } } })], "its metadata has container.labels that are not strings: the file is corrupt"],
    ["a loss count that is text", HEADER, [json(ChunkType.Lost, { ...LOST, count: "many" })], "its loss record has a count that is not a count: the file is corrupt"],
    ["a loss cause swoll does not know", HEADER, [json(ChunkType.Lost, { ...LOST, cause: "\u001b[31mred" })], "its loss record has a cause swoll does not know: the file is corrupt"],
    ["an end record without counts", HEADER, [json(ChunkType.End, { events: -1, lost: {} })], "its end record has events that is not a count: the file is corrupt"],
    ["a second header", HEADER, [json(ChunkType.Header, HEADER)], "a second header in the middle of the recording: the file is corrupt"],
  ];
  for (const [what, header, body, message] of cases) {
    test(what, () => {
      const r = readAll(file(`${what.replace(/\W+/g, "-")}.swr`, header, ...body));
      expect(r.error).toBe(message);
    });
  }
});

describe("a crafted header: one line at open", () => {
  const bad = (field: string, why: string) => `: its header has ${field} ${why}: the file is corrupt`;
  const cases: [string, unknown, string][] = [
    ["an array", [1, 2], "is not a swoll recording (format 'undefined')"],
    ["no layout", { ...HEADER, layout: undefined }, bad("a layout", "that is not an object")],
    ["a layout offset out of range", { ...HEADER, layout: { ...HEADER.layout, comm: 1e9 } }, bad("layout.comm", "out of range")],
    ["a clock offset that is not a number", { ...HEADER, realtimeOffsetNs: "soon" }, bad("realtimeOffsetNs", "that is not a decimal integer")],
    ["a start that is not a time", { ...HEADER, startedAt: "yesterday" }, bad("startedAt", "that is not a time")],
    ["a node name that is not a string", { ...HEADER, node: { evil: true } }, bad("node", "that is not a string")],
    ["a string size out of range", { ...HEADER, strsize: -5 }, bad("strsize", "out of range")],
  ];
  for (const [what, header, message] of cases) {
    test(what, () => {
      const path = file(`header-${what.replace(/\W+/g, "-")}.swr`, header);
      expect(readAll(path).error).toBe(`${path}${message.startsWith(":") ? "" : " "}${message}`);
    });
  }
});

describe("frames that unpack past the bound", () => {
  test("a zstd bomb (a few KB claiming more than the bound) is cut, not unpacked", () => {
    const zeros = new Uint8Array(MAX_FRAME_BYTES + 1);
    const path = join(dir, "bomb.swr");
    writeFileSync(path, cat(fileHead(), dataFrame(json(ChunkType.Header, HEADER)), dataFrame(cat(json(ChunkType.Meta, META), events())), dataFrame(zeros, 19)));
    const r = readAll(path);
    expect(r.items).toBe(1); // what came before the bomb is read
    expect(r.cut).toMatch(/^the frame at byte \d+ unpacks to more than 67108864 bytes, which swoll record never writes$/);
  });

  test("several zstd frames in one of ours count together", () => {
    const part = Bun.zstdCompressSync(new Uint8Array(40 << 20));
    const z = cat(part, part); // 80 MiB in all, each frame well under the bound
    const len = new Uint8Array(12);
    const dv = new DataView(len.buffer);
    dv.setUint32(0, 0x184d2a51, true); // the skippable frame that announces our frame's length
    dv.setUint32(4, 4, true);
    dv.setUint32(8, z.length, true);
    const path = join(dir, "two-frames.swr");
    writeFileSync(path, cat(fileHead(), dataFrame(json(ChunkType.Header, HEADER)), len, z));
    expect(readAll(path).cut).toMatch(/unpacks to more than 67108864 bytes/);
  });
});
