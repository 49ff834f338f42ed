/** cli/output/json.ts: NDJSON lines that parse back and carry no terminal controls. */
import { describe, expect, test } from "bun:test";
import { eventToJson, lostToJson, safeJson } from "../../cli/output/json";
import type { ContainerInfo, TraceEvent } from "../../cli/decode/event";
import { bytesToString } from "../../cli/decode/strings";
import type { LostReport } from "../../cli/trace/loss";

const OPENAT = { nr: 257, name: "sys_openat", class: "FileSystem", group: "Files" };
const EXECVE = { nr: 59, name: "sys_execve", class: "ProcessManagement", group: "Lifecycle" };
const EXIT_GROUP = { nr: 231, name: "sys_exit_group", class: "ProcessManagement", group: "Lifecycle" };

let nextTid = 20_000;
function event(over: Partial<TraceEvent> = {}): TraceEvent {
  const tid = nextTid++; // fresh tid per event unless the test sets one
  return {
    syscall: OPENAT,
    pid: tid,
    tid,
    uid: 1000,
    gid: 1000,
    comm: "cat",
    session: 3,
    container: null,
    error: "OK",
    return: 3,
    pid_ns: 4026531836,
    uts_ns: 4026531838,
    mount_ns: 4026531841,
    pid_in_ns: 1,
    tid_in_ns: 1,
    start: 123_456_789_000,
    finish: 123_456_801_000,
    time: "2026-11-24T20:31:00.123456Z",
    cgroup_id: 2 ** 40 + 7,
    args: { dir_fd: -100, pathname: "/etc/hostname", flags: ["O_RDONLY", "O_CLOEXEC"], mode: 0 },
    ...over,
  };
}

const FIELD_ORDER = [
  "syscall", "pid", "tid", "uid", "gid", "comm", "session", "container", "error", "return",
  "pid_ns", "uts_ns", "mount_ns", "pid_in_ns", "tid_in_ns", "start", "finish", "time", "cgroup_id", "args",
];

/** Raw characters that must never appear in an NDJSON line. */
const UNSAFE_RAW = /[\u0000-\u001f\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]/;

describe("eventToJson", () => {
  test("exact line for a simple openat", () => {
    const e = event({ pid: 123, tid: 123 });
    expect(eventToJson(e)).toBe(
      '{"syscall":{"nr":257,"name":"sys_openat","class":"FileSystem","group":"Files"},' +
        '"pid":123,"tid":123,"uid":1000,"gid":1000,"comm":"cat","session":3,"container":null,' +
        '"error":"OK","return":3,"pid_ns":4026531836,"uts_ns":4026531838,"mount_ns":4026531841,"pid_in_ns":1,"tid_in_ns":1,' +
        '"start":123456789000,"finish":123456801000,"time":"2026-11-24T20:31:00.123456Z","cgroup_id":1099511627783,' +
        '"args":{"dir_fd":-100,"pathname":"/etc/hostname","flags":["O_RDONLY","O_CLOEXEC"],"mode":0}}',
    );
  });

  const roundTrips: [string, TraceEvent][] = [
    ["success", event()],
    ["error", event({ error: "ENOENT", return: -2, args: { dir_fd: -100, pathname: "/nope", flags: ["O_RDONLY"], mode: 0 } })],
    ["no return (exit_group)", event({ syscall: EXIT_GROUP, error: null, return: null, args: { error_code: 1 } })],
    ["empty args", event({ syscall: { nr: 39, name: "sys_getpid", class: "ProcessManagement", group: "Identity" }, args: {} })],
    ["faulted path", event({ error: "EFAULT", return: -14, args: { dir_fd: 3, pathname: { addr: "0x7ffc12345678", error: "EFAULT" }, flags: ["O_RDONLY"], mode: 0 } })],
    ["execve argv with null and truncated", event({ syscall: EXECVE, args: { filename: "/bin/sh", argv: ["sh", null, "-c"], envp: null }, truncated: ["argv", "*"] })],
    ["thread with different tid", event({ pid: 500, tid: 512 })],
    ["large numbers", event({ start: Number.MAX_SAFE_INTEGER, finish: Number.MAX_SAFE_INTEGER, cgroup_id: 2 ** 52, return: 2 ** 47 })],
    [
      "container info",
      event({
        container: {
          id: "abc123",
          pod: "web-0",
          name: "nginx",
          image: "nginx:1.27",
          namespace: "default",
          labels: { app: "web", "tier\u001b": "x\u202e" },
          pid: 1,
          "pid-namespace": 4026532000,
        } satisfies ContainerInfo,
      }),
    ],
  ];
  test.each(roundTrips)("round trip: %s", (_n, e) => {
    const line = eventToJson(e);
    expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(e)));
    expect(line.startsWith('{"syscall":')).toBe(true);
    expect(line.includes("\n")).toBe(false);
    expect(Object.keys(JSON.parse(line))).toEqual(e.truncated ? [...FIELD_ORDER, "truncated"] : FIELD_ORDER);
  });

  test("truncated is present only when set", () => {
    const without = JSON.parse(eventToJson(event()));
    expect("truncated" in without).toBe(false);
    const line = eventToJson(event({ truncated: ["pathname"] }));
    expect(line.endsWith(',"truncated":["pathname"]}')).toBe(true);
    expect(JSON.parse(line).truncated).toEqual(["pathname"]);
  });

  test("error null and return null are JSON null", () => {
    const line = eventToJson(event({ syscall: EXIT_GROUP, error: null, return: null, args: { error_code: 0 } }));
    expect(line).toContain('"error":null,"return":null,');
    expect(line).toContain('"args":{"error_code":0}');
  });

  test("empty args render as {}", () => {
    expect(eventToJson(event({ args: {} }))).toContain('"args":{}');
  });

  const hostileBytes = new Uint8Array([0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xc2, 0x9b, 0xe2, 0x80, 0xae, 0x00, 0xff, 0xfe, 0x07, 0x0a, 0x22, 0x5c]);
  const hostile = bytesToString(hostileBytes); // ESC [31m U+009B U+202E NUL \xff \xfe BEL LF " \
  const hostileCases: [string, string][] = [
    ["decoded hostile bytes", hostile],
    ["ESC sequence", "\x1b]0;owned\x07\x1b[2J"],
    ["C1 CSI", "\u009b31m"],
    ["RLO", "gpj.\u202eexe"],
    ["NUL and newlines", "a\u0000b\nc\rd"],
    ["zero-width + BOM + isolates + line separators", "\u200b\ufeff\u2066x\u2069\u2028\u2029"],
    ["all C0 and C1", Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join("")],
  ];
  test.each(hostileCases)("hostile comm and path (%s): no raw controls, parses, round-trips", (_n, s) => {
    const e = event({
      comm: s,
      args: { dir_fd: -100, pathname: `/tmp/${s}`, flags: ["O_RDONLY"], mode: 0 },
      container: { id: s, pod: null, name: s, image: null, namespace: null, labels: { [s]: s }, pid: null, "pid-namespace": null },
    });
    const line = eventToJson(e);
    const bad = UNSAFE_RAW.exec(line);
    expect(bad ? `U+${bad[0].charCodeAt(0).toString(16)}` : null).toBeNull();
    for (const b of new TextEncoder().encode(line)) expect(b >= 0x20).toBe(true);
    const back = JSON.parse(line);
    expect(back.comm).toBe(s);
    expect(back.args.pathname).toBe(`/tmp/${s}`);
    expect(back.container.name).toBe(s);
    expect(back.container.labels[s]).toBe(s);
    expect(back).toEqual(JSON.parse(JSON.stringify(e)));
  });

  test("a byte that is not UTF-8 is written as \\udcNN, the text \\xff as itself", () => {
    const comm = bytesToString(new Uint8Array([0x61, 0xff, 0x62]));
    const line = eventToJson(event({ comm }));
    expect(line).toContain('"comm":"a\\udcffb"');
    expect(JSON.parse(line).comm).toBe("a\udcffb");
    expect(eventToJson(event({ comm: "a\\xffb" }))).toContain('"comm":"a\\\\xffb"');
  });

  test("U+009B and U+202E are written as \\u escapes", () => {
    const line = eventToJson(event({ comm: "x\u009by\u202ez" }));
    expect(line).toContain('"comm":"x\\u009by\\u202ez"');
  });

  test("identity cache: same tid with a changed comm/uid/ns/container shows the new values", () => {
    const base = { pid: 7000, tid: 7001 };
    const a = JSON.parse(eventToJson(event({ ...base, comm: "one" })));
    const b = JSON.parse(eventToJson(event({ ...base, comm: "two" })));
    const c = JSON.parse(eventToJson(event({ ...base, comm: "two", uid: 0, gid: 0 })));
    const d = JSON.parse(eventToJson(event({ ...base, comm: "two", uid: 0, gid: 0, pid_ns: 1, mount_ns: 2, uts_ns: 3, session: 9 })));
    const cont: ContainerInfo = { id: "c1", pod: null, name: null, image: null, namespace: null, labels: null, pid: null, "pid-namespace": null };
    const e = JSON.parse(eventToJson(event({ ...base, comm: "two", uid: 0, gid: 0, pid_ns: 1, mount_ns: 2, uts_ns: 3, session: 9, container: cont })));
    expect(a.comm).toBe("one");
    expect(b.comm).toBe("two");
    expect([c.uid, c.gid]).toEqual([0, 0]);
    expect([d.pid_ns, d.mount_ns, d.uts_ns, d.session]).toEqual([1, 2, 3, 9]);
    expect(e.container).toEqual(cont);
  });

  test("identity cache: tids in the same slot and a different pid for the same tid", () => {
    const x = JSON.parse(eventToJson(event({ pid: 40, tid: 41, comm: "x" })));
    const y = JSON.parse(eventToJson(event({ pid: 40 + 1024, tid: 41 + 1024, comm: "y" })));
    const z = JSON.parse(eventToJson(event({ pid: 99, tid: 41, comm: "x" })));
    expect([x.pid, x.tid, x.comm]).toEqual([40, 41, "x"]);
    expect([y.pid, y.tid, y.comm]).toEqual([1064, 1065, "y"]);
    expect([z.pid, z.tid, z.comm]).toEqual([99, 41, "x"]);
  });

  test("per-event fields are never cached", () => {
    const one = JSON.parse(eventToJson(event({ pid: 50, tid: 50, return: 3, start: 1, finish: 2, args: { a: 1 } })));
    const two = JSON.parse(eventToJson(event({ pid: 50, tid: 50, return: 4, start: 5, finish: 9, args: { a: 2 }, error: "OK" })));
    expect([one.return, one.start, one.finish, one.args]).toEqual([3, 1, 2, { a: 1 }]);
    expect([two.return, two.start, two.finish, two.args]).toEqual([4, 5, 9, { a: 2 }]);
  });
});

describe("safeJson", () => {
  const cases: [unknown, string][] = [
    ["plain", '"plain"'],
    ["\u009b", '"\\u009b"'],
    ["\u202e\u2028", '"\\u202e\\u2028"'],
    ["\x1b", '"\\u001b"'],
    [{ k: "\u200b" }, '{"k":"\\u200b"}'],
    [null, "null"],
    [[1, "a"], '[1,"a"]'],
  ];
  test.each(cases)("safeJson(%p)", (v, s) => {
    expect(safeJson(v)).toBe(s);
    expect(JSON.parse(safeJson(v))).toEqual(v);
  });
  test("is stable across repeated calls (global regex state)", () => {
    for (let i = 0; i < 5; i++) {
      expect(safeJson("a\u009bb")).toBe('"a\\u009bb"');
      expect(safeJson("plain")).toBe('"plain"');
    }
  });
});

describe("lostToJson", () => {
  test("exact line", () => {
    const l: LostReport = { cause: "ringbuf_full", count: 42, from: "2026-11-24T20:31:00.000Z", to: "2026-11-24T20:31:01.000Z" };
    expect(lostToJson(l)).toBe('{"type":"lost","cause":"ringbuf_full","count":42,"from":"2026-11-24T20:31:00.000Z","to":"2026-11-24T20:31:01.000Z"}');
  });
  test("task_storage round-trips", () => {
    const l: LostReport = { cause: "task_storage", count: 1, from: "a", to: "b" };
    expect(JSON.parse(lostToJson(l))).toEqual({ type: "lost", ...l });
  });
});
