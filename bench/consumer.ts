/**
 * What `swoll trace --json` costs in user space per event, without the
 * kernel: drain-sized batches of framed records (as the shim hands them
 * out) are decoded and rendered into the output sink, writing to
 * /dev/null, exactly as the trace loop does, for the getppid and the
 * openat-with-path records. It answers "how many events/s can one CPU
 * decode" and "does memory stay flat without forced garbage collection"
 * on a machine too busy for bench/compare.ts to say (its producer is then
 * the limit). CPU time, not wall time, is the measure.
 *
 *   bun bench/consumer.ts [--seconds S] [--only REGEX]
 */
import { openSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { EventDecoder } from "../cli/decode/event";
import { WallClock } from "../cli/decode/clock";
import { CaptureKind, EVENT, EventKind, FRAME_HEADER } from "../cli/decode/layout";
import { syscallTable } from "../cli/decode/syscalls";
import { writeEventJson } from "../cli/output/json";
import { LineSink } from "../cli/output/sink";
import { record, type Rec } from "../test/decode/record";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "3" }, only: { type: "string" } } });
const seconds = Number(values.seconds);
const table = syscallTable();
const nr = (name: string) => table.byName(name)!.nr;

/** A 1 MiB drain of `rec` with varying tids and times, framed as the shim frames records. */
function batch(rec: Rec): { buf: Uint8Array; dv: DataView; bytes: number; count: number } {
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

const rows: string[] = [];
for (const [name, rec] of Object.entries(LOOPS)) {
  if (values.only && !new RegExp(values.only).test(name)) continue;
  const b = batch(rec);
  const decoder = new EventDecoder(table, false, new WallClock());
  const sink = new LineSink(openSync("/dev/null", "w"));
  let events = 0;
  let maxRss = 0;
  const cpu0 = process.cpuUsage();
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    decoder.beginBatch();
    for (let off = 0; off < b.bytes; ) {
      const len = b.dv.getUint32(off, true);
      const rec = off + FRAME_HEADER;
      off = rec + ((len + 7) & ~7);
      if (b.dv.getUint16(rec + EVENT.kind, true) !== EventKind.Syscall) continue;
      writeEventJson(decoder.decode(b.buf, b.dv, rec, len).event, sink);
      events++;
    }
    sink.flush();
    maxRss = Math.max(maxRss, rssMb());
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  rows.push(`${name.padEnd(14)} | ${Math.round(events / cpuS).toLocaleString("en-US").padStart(10)} | ${Math.round(1e9 * cpuS / events).toString().padStart(8)} | ${maxRss.toFixed(1).padStart(11)}`);
}
console.log(`decode + render + write to /dev/null, ${seconds} s per loop, no forced GC`);
console.log(`loop           | ev/CPU-s   | ns/event | max RSS MB`);
for (const r of rows) console.log(r);
console.log(`peak RSS (VmHWM) of the whole run: ${hwmMb().toFixed(1)} MB`);
