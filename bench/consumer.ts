/**
 * What `swoll trace --json` costs in user space per event, without the
 * kernel: drain-sized batches of framed records (as the shim hands them
 * out) are rendered into the output sink, writing to /dev/null, for the
 * getppid and the openat-with-path records, two ways side by side:
 * "record", what the trace loop does (RecordJsonRenderer, straight into
 * the sink's buffer), and "event", the library's way (EventDecoder, then
 * writeEventJson). Each way runs with no forced garbage collection and
 * with a full collection every 2 s (what the tracer did before), each in
 * a process of its own so that its peak RSS is its own. It answers "how
 * many events/s can one CPU render" and "does memory stay small without
 * forced collection" on a machine too busy for bench/compare.ts to say.
 * CPU time, not wall time, is the measure.
 *
 * With `--recording FILE` (a `swoll record -w FILE` of a real machine's
 * calls) the loop is that file's mix of calls instead, and `--by-syscall`
 * adds where the record path's time goes, per syscall.
 *
 *   bun bench/consumer.ts [--seconds S] [--only REGEX] [--recording FILE [--by-syscall]]
 */
import { openSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { EventDecoder } from "../cli/decode/event";
import { WallClock } from "../cli/decode/clock";
import { CaptureKind, EVENT, EventKind, FRAME_HEADER } from "../cli/decode/layout";
import { syscallTable } from "../cli/decode/syscalls";
import { writeEventJson } from "../cli/output/json";
import { RecordJsonRenderer } from "../cli/output/json-record";
import { LineSink } from "../cli/output/sink";
import { RecordingReader } from "../cli/record/reader";
import { record, type Rec } from "../test/decode/record";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "3" },
    only: { type: "string" },
    // one combination, in this process (what the parent runs in its children)
    loop: { type: "string" },
    path: { type: "string" },
    gc: { type: "string" },
    recording: { type: "string" },
    "by-syscall": { type: "boolean", default: false },
  },
});
const seconds = Number(values.seconds);
const table = syscallTable();
const nr = (name: string) => table.byName(name)!.nr;

type Batch = { buf: Uint8Array; dv: DataView; bytes: number; count: number };

/** The recording's syscall records framed into 1 MiB drains, as the shim hands them out (at most 64 drains). */
function recordedBatches(path: string): Batch[] {
  const reader = RecordingReader.open(path);
  const out: Batch[] = [];
  let cur: Batch | null = null;
  try {
    for (const [rbuf, , roff, rlen] of reader.records()) {
      const need = FRAME_HEADER + ((rlen + 7) & ~7);
      if (!cur || cur.bytes + need > cur.buf.length) {
        if (out.length === 64) break;
        const buf = new Uint8Array(1 << 20);
        out.push((cur = { buf, dv: new DataView(buf.buffer), bytes: 0, count: 0 }));
      }
      cur.dv.setUint32(cur.bytes, rlen, true);
      cur.dv.setUint32(cur.bytes + 4, 0, true);
      cur.buf.set(rbuf.subarray(roff, roff + rlen), cur.bytes + FRAME_HEADER);
      cur.bytes += need;
      cur.count++;
    }
  } finally {
    reader.close();
  }
  return out;
}

/** A 1 MiB drain of `rec` with varying tids and times, framed as the shim frames records. */
function batch(rec: Rec): Batch {
  const buf = new Uint8Array(1 << 20);
  const dv = new DataView(buf.buffer);
  let off = 0;
  let count = 0;
  for (let i = 0; ; i++) {
    const r = record({ ...rec, tgid: 1000 + (i % 8), tid: 1000 + (i % 8), start: 1_000_000_000n + BigInt(i) * 1000n, finish: 1_000_000_500n + BigInt(i) * 1000n, at: 0 });
    const need = FRAME_HEADER + ((r.size + 7) & ~7);
    if (off + need > buf.length) break;
    dv.setUint32(off, r.size, true);
    dv.setUint32(off + 4, 0, true);
    buf.set(r.buf.subarray(0, r.size), off + FRAME_HEADER);
    off += need;
    count++;
  }
  return { buf, dv, bytes: off, count };
}

const LOOPS: Record<string, Rec> = {
  getppid: { nr: nr("getppid"), ret: 1n },
  "openat ENOENT": {
    nr: nr("openat"),
    ret: -2n,
    args: [-100, 0x7ffd_0000, 0x80000, 0],
    captures: [{ arg: 1, kind: CaptureKind.Str, data: "/tmp/swoll-bench-nonexistent/dir/file" }],
  },
};

const hwmMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))![1]) / 1024;
const rssMb = () => process.memoryUsage.rss() / 1048576;

/** One loop, one way, in this process: [events per CPU-second, max RSS MB, peak RSS MB]. */
function runOne(name: string, path: string, forcedGc: boolean): [number, number, number] {
  const batches = values.recording ? recordedBatches(values.recording) : [batch(LOOPS[name]!)];
  const bySyscall = values["by-syscall"] && path === "record" ? new Map<number, [number, number]>() : null;
  const decoder = new EventDecoder(table, false, new WallClock());
  const renderer = new RecordJsonRenderer(table, new WallClock());
  const sink = new LineSink(openSync("/dev/null", "w"));
  let events = 0;
  let maxRss = 0;
  let lastGc = performance.now();
  const cpu0 = process.cpuUsage();
  const end = performance.now() + seconds * 1000;
  for (let round = 0; performance.now() < end; round++) {
    const b = batches[round % batches.length]!;
    decoder.beginBatch();
    renderer.beginBatch();
    for (let off = 0; off < b.bytes; ) {
      const len = b.dv.getUint32(off, true);
      const rec = off + FRAME_HEADER;
      off = rec + ((len + 7) & ~7);
      if (b.dv.getUint16(rec + EVENT.kind, true) !== EventKind.Syscall) continue;
      if (bySyscall) {
        const t0 = Bun.nanoseconds();
        renderer.render(b.buf, b.dv, rec, len, null, sink.beginLine());
        sink.endLine(true);
        const nr = b.dv.getUint32(rec + EVENT.nr, true);
        const s = bySyscall.get(nr) ?? [0, 0];
        s[0] += Bun.nanoseconds() - t0;
        s[1]++;
        bySyscall.set(nr, s);
      } else if (path === "record") {
        renderer.render(b.buf, b.dv, rec, len, null, sink.beginLine());
        sink.endLine(true);
      } else writeEventJson(decoder.decode(b.buf, b.dv, rec, len).event, sink);
      events++;
    }
    sink.flush();
    maxRss = Math.max(maxRss, rssMb());
    if (forcedGc && performance.now() - lastGc >= 2000) {
      Bun.gc(true);
      lastGc = performance.now();
    }
  }
  const cpu = process.cpuUsage(cpu0);
  if (bySyscall) {
    const total = [...bySyscall.values()].reduce((a, s) => a + s[0], 0);
    const rows = [...bySyscall].sort((a, b) => b[1][0] - a[1][0]).slice(0, 20);
    for (const [n, [ns, count]] of rows)
      process.stderr.write(`  ${(table.byNr(n)?.name ?? String(n)).padEnd(18)} ${((100 * ns) / total).toFixed(1).padStart(5)} % of render time  ${Math.round(ns / count).toString().padStart(6)} ns/event  ${count} events\n`);
  }
  return [events / ((cpu.user + cpu.system) / 1e6), maxRss, hwmMb()];
}

if (values.loop) {
  console.log(JSON.stringify(runOne(values.loop, values.path ?? "record", values.gc === "forced")));
  process.exit(0);
}

const PATHS = ["record", "event"];
const rows: string[] = [];
for (const name of values.recording ? [`mix of ${values.recording}`] : Object.keys(LOOPS)) {
  if (values.only && !new RegExp(values.only).test(name)) continue;
  for (const path of PATHS)
    for (const gc of ["none", "forced"]) {
      const r = Bun.spawnSync([process.execPath, import.meta.path, "--seconds", String(seconds), "--loop", name, "--path", path, "--gc", gc, ...(values.recording ? ["--recording", values.recording] : []), ...(values["by-syscall"] ? ["--by-syscall"] : [])], { stderr: "inherit" });
      const [evs, maxRss, hwm] = JSON.parse(r.stdout.toString()) as number[];
      rows.push(`${name.padEnd(14)} | ${path.padEnd(6)} | ${gc.padEnd(9)} | ${Math.round(evs!).toLocaleString("en-US").padStart(10)} | ${Math.round(1e9 / evs!).toString().padStart(8)} | ${maxRss!.toFixed(1).padStart(10)} | ${hwm!.toFixed(1).padStart(9)}`);
    }
}
console.log(`render + write to /dev/null, ${seconds} s per row, each row a process of its own`);
console.log(`loop           | path   | forced GC | ev/CPU-s   | ns/event | max RSS MB | VmHWM MB`);
for (const r of rows) console.log(r);
