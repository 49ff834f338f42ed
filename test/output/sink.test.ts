/** cli/output/sink.ts on a real pipe: never blocks, knows exactly which lines were written. */
import { afterEach, expect, test } from "bun:test";
import { closeSync, constants, openSync, readFileSync, readSync, rmSync } from "node:fs";
import { LineSink } from "../../cli/output/sink";
import { eventToJson, writeEventJson } from "../../cli/output/json";
import type { TraceEvent } from "../../cli/decode/event";

const paths: string[] = [];
const fds: number[] = [];
afterEach(() => {
  for (const fd of fds.splice(0)) closeSync(fd);
  for (const p of paths.splice(0)) rmSync(p, { force: true });
});

/** A FIFO: [write end, non-blocking read end]; writes fill its 64 KiB until someone reads. */
function fifo(): [number, number] {
  const p = `/tmp/swoll-sink-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  paths.push(p);
  const made = Bun.spawnSync(["mkfifo", p]);
  if (made.exitCode !== 0) throw new Error("mkfifo failed");
  const w = openSync(p, constants.O_RDWR);
  const r = openSync(p, constants.O_RDONLY | constants.O_NONBLOCK);
  fds.push(w, r);
  return [w, r];
}

function readAll(fd: number): string {
  const buf = new Uint8Array(1 << 16);
  let out = "";
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") return out;
      throw e;
    }
    out += Buffer.from(buf.subarray(0, n)).toString();
  }
}

test("a full pipe: flush returns at once, and printed counts only complete event lines", () => {
  const [fd, rd] = fifo();
  const sink = new LineSink(fd, 1 << 16, { blocking: false });
  const line = "x".repeat(199);
  for (let i = 0; i < 1000; i++) sink.push(`${line}`, true);
  sink.push("lost line", false);
  expect(sink.flush()).toBe(false); // 200 KB do not fit in the pipe: no blocking, no error
  expect(sink.pending).toBeGreaterThan(0);
  const first = readAll(rd);
  const complete = first.slice(0, first.lastIndexOf("\n") + 1).split("\n").filter(Boolean).length;
  expect(sink.printed).toBe(complete);
  expect(sink.unprinted).toBe(1000 - complete);
  // the line cut by the full pipe is finished, and nothing after it is written
  expect(sink.completeLine()).toBe(true);
  const rest = readAll(rd);
  expect((first + rest).endsWith("\n")).toBe(true);
  expect(sink.printed).toBe(complete + 1);
  // then everything goes out once the reader keeps up
  let all = first + rest;
  while (!sink.flush()) all += readAll(rd);
  all += readAll(rd);
  expect(sink.printed).toBe(1000);
  expect(sink.unprinted).toBe(0);
  expect(all.split("\n").filter(Boolean)).toHaveLength(1001);
});

test("line numbers stay valid across flushes", () => {
  const [fd, rd] = fifo();
  const sink = new LineSink(fd, 1 << 16, { blocking: false });
  const a = sink.push("a", false);
  expect(sink.isWritten(a)).toBe(false);
  expect(sink.flush()).toBe(true);
  expect(sink.isWritten(a)).toBe(true);
  const b = sink.push("b", false);
  expect(b).toBe(a + 1);
  expect(sink.isWritten(b)).toBe(false);
  sink.flush();
  expect(readAll(rd)).toBe("a\nb\n");
});

test("lines rendered in place keep their order among pushed lines, their numbers and the printed count", () => {
  const [fd, rd] = fifo();
  const sink = new LineSink(fd, 1 << 16, { blocking: false });
  const inPlace = (text: string, isEvent: boolean): number => {
    const w = sink.beginLine();
    w.string(text);
    return sink.endLine(isEvent);
  };
  const a = sink.push("a", true);
  const b = inPlace("b\u00e9", true);
  const c = sink.push("c", false);
  // a line whose rendering failed leaves nothing behind
  sink.beginLine().ascii("half a li");
  sink.abandonLine();
  const d = inPlace("d", false);
  expect([b, c, d]).toEqual([a + 1, a + 2, a + 3]);
  expect(sink.flush()).toBe(true);
  expect(readAll(rd)).toBe('a\n"b\u00e9"\nc\n"d"\n');
  expect(sink.printed).toBe(2);
  expect(sink.isWritten(d)).toBe(true);
  // past the flush threshold, endLine writes on its own
  const small = new LineSink(fd, 64, { blocking: false });
  for (let i = 0; i < 10; i++) inPlaceOn(small, "x".repeat(20));
  expect(readAll(rd).length).toBeGreaterThanOrEqual(64);
  expect(small.printed).toBeGreaterThan(0);
});

function inPlaceOn(sink: LineSink, text: string): void {
  sink.beginLine().ascii(text);
  sink.endLine(true);
}

test("writeEventJson writes exactly eventToJson's line", () => {
  const path = `/tmp/swoll-sink-json-${process.pid}`;
  paths.push(path);
  const fd = openSync(path, "w");
  fds.push(fd);
  const sink = new LineSink(fd, 1 << 16, { blocking: false });
  const base: TraceEvent = {
    syscall: { nr: 257, name: "sys_openat", class: "FileSystem", group: "Files" },
    pid: 7, tid: 8, uid: 0, gid: 0, comm: "kworker/ü\u009b", session: 1, container: null,
    error: "ENOENT", return: -2, pid_ns: 1, uts_ns: 2, mount_ns: 3, start: 10, finish: 20,
    time: "2026-11-24T20:31:00.123456Z", cgroup_id: 2 ** 40, args: { pathname: "/tmp/\u202e\u00e9", flags: ["O_RDONLY"] },
  };
  const events: TraceEvent[] = [
    base,
    { ...base, truncated: ["pathname"] },
    { ...base, error: null, return: null, args: {} },
    { ...base, container: { id: "c1", pod: "p", name: "n", image: null, namespace: "ns", labels: { a: "\u2028" }, pid: 1, "pid-namespace": 2 } },
  ];
  for (const e of events) writeEventJson(e, sink);
  sink.flush();
  expect(readFileSync(path, "utf8")).toBe(events.map((e) => eventToJson(e) + "\n").join(""));
});

test("blocking (the default, for replay): flush returns once a slow reader has taken everything", async () => {
  const p = `/tmp/swoll-sink-blocking-${process.pid}`;
  const out = `${p}.out`;
  paths.push(p, out);
  expect(Bun.spawnSync(["mkfifo", p]).exitCode).toBe(0);
  // a reader that starts late and reads in small pieces
  const reader = Bun.spawn(["sh", "-c", `sleep 0.2; dd if=${p} of=${out} bs=512 status=none`]);
  const fd = openSync(p, "w"); // returns once the reader has opened its end
  const sink = new LineSink(fd);
  const line = "y".repeat(99);
  for (let i = 0; i < 5000; i++) sink.push(line);
  expect(sink.flush()).toBe(true);
  expect(sink.printed).toBe(5000);
  closeSync(fd);
  await reader.exited;
  expect(readFileSync(out, "utf8")).toBe(`${line}\n`.repeat(5000));
});
