/**
 * The recorder's memory stays bounded by what a tenant cannot inflate: on
 * a cgroup v1 host (containers per process) every new pid is a new
 * metadata key, and a tenant can fork as many as it likes. And the writer
 * keeps --max-size without losing the header or a whole drain.
 */
import { describe, expect, test } from "bun:test";
import { META_SEEN_MAX, Recorder, type RecordSource } from "../../cli/record/recorder";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecordingWriter } from "../../cli/record/writer";
import { RecordingReader } from "../../cli/record/reader";
import { currentLayout } from "../../cli/record/layout";
import { FORMAT_VERSION, type MetaChunk, type RecordingHeader } from "../../cli/record/format";
import type { ContainerMeta } from "../../cli/containers/attributor";
import { EVENT, EventKind, FRAME_HEADER } from "../../cli/decode/layout";

const FRAME = FRAME_HEADER + ((EVENT.size + 7) & ~7);
const container = (id: string): ContainerMeta => ({ id, pod: null, name: null, image: null, namespace: null, labels: null, pid: null, "pid-namespace": null, "pod-uid": null, "image-id": null });

/** One syscall record per pid in `pids`, all in cgroup 7, per drain call. */
function source(batches: number[][]): RecordSource {
  const meta = new Map<number, ContainerMeta>();
  let i = 0;
  return {
    perProcess: true,
    drain(buf) {
      const pids = batches[i++] ?? [];
      const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      pids.forEach((pid, k) => {
        const off = k * FRAME;
        buf.fill(0, off, off + FRAME);
        dv.setUint32(off, EVENT.size, true);
        dv.setUint16(off + FRAME_HEADER + EVENT.kind, EventKind.Syscall, true);
        dv.setBigUint64(off + FRAME_HEADER + EVENT.cgroupId, 7n, true);
        dv.setUint32(off + FRAME_HEADER + EVENT.tgid, pid, true);
      });
      return pids.length * FRAME;
    },
    containerOf(_cg, pid) {
      let c = meta.get(pid);
      if (!c) meta.set(pid, (c = container(`c${pid}`)));
      return c;
    },
    keeps: () => true,
  };
}

function writer() {
  const metas: MetaChunk[] = [];
  let events = 0;
  const w = { full: false, meta: (m: MetaChunk) => void metas.push(m), events: (b: Uint8Array) => void (events += b.length / FRAME), lost() {}, tick() {}, flush() {} };
  return { w: w as unknown as RecordingWriter, metas, events: () => events };
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k);

describe("recorder memory under a fork storm of distinct pids", () => {
  test("the written-metadata memory is cleared at its bound; every pid's metadata still reaches the file", () => {
    const batches: number[][] = [];
    for (let p = 1; p <= 3 * META_SEEN_MAX; p += 1000) batches.push(range(p, 1000));
    const pids = batches.length * 1000;
    const out = writer();
    const r = new Recorder(source(batches), out.w, Infinity, 0, 1000 * FRAME);
    for (let k = 0; k < batches.length; k++) r.step();
    expect(out.events()).toBe(pids);
    expect((r as unknown as { metaSeen: Map<number, unknown> }).metaSeen.size).toBeLessThanOrEqual(META_SEEN_MAX);
    expect(new Set(out.metas.map((m) => m.pid)).size).toBe(pids);
  }, 60_000);

  test("flight recorder: metadata of pids no longer in the window is dropped; the dump names every pid it holds", () => {
    const window = 50; // records the window holds
    const batches: number[][] = [];
    for (let p = 1; p <= 40_000; p += 10) batches.push(range(p, 10));
    const out = writer();
    const r = new Recorder(source(batches), out.w, Infinity, window * FRAME, 10 * FRAME);
    let most = 0;
    for (let k = 0; k < batches.length; k++) {
      r.step();
      most = Math.max(most, (r as unknown as { flightMeta: unknown[] }).flightMeta.length);
    }
    expect(most).toBeLessThanOrEqual(4096 + 10);
    r.dump();
    expect(out.events()).toBe(window);
    expect(out.metas.map((m) => m.pid).sort((a, b) => a! - b!)).toEqual(range(40_000 - window + 1, window));
  }, 60_000);
});

describe("the writer under --max-size", () => {
  /** `n` framed records of random (incompressible) bytes, as a drain hands them over. */
  function randomRecords(n: number): Uint8Array {
    const b = new Uint8Array(n * FRAME);
    crypto.getRandomValues(b);
    const dv = new DataView(b.buffer);
    for (let k = 0; k < n; k++) {
      dv.setUint32(k * FRAME, EVENT.size, true);
      dv.setUint16(k * FRAME + FRAME_HEADER + EVENT.kind, EventKind.Syscall, true);
    }
    return b;
  }

  test("a drain too large for the bound fills the file up to it; every record is either in the file or counted dropped; the header always goes in", () => {
    const dir = mkdtempSync(join(tmpdir(), "swoll-writer-"));
    try {
      const path = join(dir, "w.swr");
      const w = new RecordingWriter(path, 64 * 1024);
      w.header({ format: "swoll-recording", version: FORMAT_VERSION, arch: "x86_64", layout: currentLayout(), realtimeOffsetNs: "0" } as RecordingHeader);
      const n = 4000; // ~1 MiB, incompressible: a frame of all of it could never fit
      w.events(randomRecords(n));
      w.end({ done: true });
      expect(w.full).toBe(true);
      expect(statSync(path).size).toBeLessThanOrEqual(64 * 1024 + 4096);
      // what went in: the records of the frames written, read back
      const r = RecordingReader.open(path);
      let kept = 0;
      try {
        for (const _ of r.records()) kept++;
      } finally {
        r.close();
      }
      expect(kept).toBeGreaterThan(0);
      expect(kept + w.droppedEvents).toBe(n);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
