/** cli/decode/event.ts: u64At/s64At and EventDecoder over hand-built records. */
import { describe, expect, test } from "bun:test";
import { EventDecoder, s64At, u64At } from "../../cli/decode/event";
import { CAPTURE, CaptureFlag, CaptureKind, EVENT, EventFlag, EventKind } from "../../cli/decode/layout";
import { syscallTable } from "../../cli/decode/syscalls";
import { monotonicNs } from "../../ffi/clock";
import { record, type Rec } from "./record";

const table = syscallTable("x86_64");
const TIME_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** 8 bytes holding the little-endian u64 given as [hi, lo] 32-bit halves. */
function dvOf(hi: number, lo: number): DataView {
  const dv = new DataView(new ArrayBuffer(16));
  dv.setUint32(4, lo >>> 0, true);
  dv.setUint32(8, hi >>> 0, true);
  return dv;
}

describe("u64At / s64At", () => {
  const u64Cases: [string, number, number, number][] = [
    ["0", 0, 0, 0],
    ["1", 0, 1, 1],
    ["2^32 - 1", 0, 0xffffffff, 4294967295],
    ["2^32 + 5", 1, 5, 2 ** 32 + 5],
    ["2^47 user pointer exact", 0x8000, 0, 2 ** 47],
    ["0x7ffc12345678 exact", 0x7ffc, 0x12345678, 0x7ffc12345678],
    ["2^53 - 1 exact", 0x1fffff, 0xffffffff, Number.MAX_SAFE_INTEGER],
    ["sign-extended -100 → -100", 0xffffffff, 0xffffff9c, -100],
    ["sign-extended -1 → -1", 0xffffffff, 0xffffffff, -1],
    ["sign-extended INT32_MIN → -2^31", 0xffffffff, 0x80000000, -(2 ** 31)],
    ["hi all ones but lo positive is not an int32: large unsigned", 0xffffffff, 0x7fffffff, 0xffffffff * 2 ** 32 + 0x7fffffff],
  ];
  test.each(u64Cases)("u64At %s", (_n, hi, lo, expected) => {
    expect(u64At(dvOf(hi, lo), 4)).toBe(expected);
  });

  const s64Cases: [string, number, number, number][] = [
    ["0", 0, 0, 0],
    ["3", 0, 3, 3],
    ["-1", 0xffffffff, 0xffffffff, -1],
    ["-2 (ENOENT)", 0xffffffff, 0xfffffffe, -2],
    ["-4095 (MAX_ERRNO)", 0xffffffff, 0xfffff001, -4095],
    ["2^32 + 5", 1, 5, 2 ** 32 + 5],
    ["-(2^32)", 0xffffffff, 0, -(2 ** 32)],
    ["2^47", 0x8000, 0, 2 ** 47],
    ["-(2^47)", 0xffff8000, 0, -(2 ** 47)],
  ];
  test.each(s64Cases)("s64At %s", (_n, hi, lo, expected) => {
    expect(s64At(dvOf(hi, lo), 4)).toBe(expected);
  });

  test("reads little-endian at the given offset only", () => {
    const dv = new DataView(new ArrayBuffer(24));
    dv.setBigUint64(0, 0xdeadbeefn, true);
    dv.setBigUint64(8, 42n, true);
    dv.setBigUint64(16, 0xffffffffffffffffn, true);
    expect(u64At(dv, 8)).toBe(42);
    expect(s64At(dv, 8)).toBe(42);
    expect(u64At(dv, 16)).toBe(-1);
    expect(s64At(dv, 16)).toBe(-1);
  });
});

const enc = (s: string) => new TextEncoder().encode(s);

/** The shared record builder with this file's defaults (a uid-1000 `cat`). */
function build(r: Rec): ReturnType<typeof record> {
  return record({
    tgid: 1234, uid: 1000, gid: 1000, pidNs: 4026531836, utsNs: 4026531838, mntNs: 4026531841,
    comm: "cat", ...r, finish: r.finish ?? r.start ?? 1_000_000_000n,
  });
}

const NR_OPENAT = 257, NR_EXECVE = 59, NR_EXIT_GROUP = 231, NR_GETPID = 39, NR_WRITE = 1;
const PTR = 0x7ffc_1234_5678n;
const AT_FDCWD = -100n;
const O_CLOEXEC = 0o2000000n;

function openat(path: string, ret: bigint, extra: Partial<Rec> = {}): Rec {
  return {
    nr: NR_OPENAT,
    ret,
    args: [AT_FDCWD, PTR, O_CLOEXEC, 0n, 0xaaaan, 0xbbbbn],
    captures: [{ arg: 1, kind: CaptureKind.Str, data: path }],
    ...extra,
  };
}

function decode(r: Rec, decoder = new EventDecoder(table)) {
  const { buf, dv, off } = build(r);
  return decoder.decode(buf, dv, off);
}

describe("EventDecoder.decode: openat that failed with ENOENT", () => {
  const start = BigInt(monotonicNs());
  const rec: Rec = openat("/nonexistent", -2n, {
    tgid: 4321,
    tid: 4329,
    uid: 1000,
    gid: 1001,
    session: 77,
    pidNs: 4026531836,
    utsNs: 4026531838,
    mntNs: 4026531841,
    nsTgid: 7,
    nsTid: 9,
    cgroupId: (1n << 40n) + 7n,
    start,
    finish: start + 12_345n,
    comm: "cat",
  });
  const d = decode(rec);

  test("the whole event", () => {
    const { time, ...rest } = d.event;
    expect(rest).toEqual({
      syscall: { nr: 257, name: "sys_openat", class: "FileSystem", group: "Files" },
      pid: 4321,
      tid: 4329,
      uid: 1000,
      gid: 1001,
      comm: "cat",
      session: 77,
      container: null,
      error: "ENOENT",
      return: -2,
      pid_ns: 4026531836,
      uts_ns: 4026531838,
      mount_ns: 4026531841,
      pid_in_ns: 7,
      tid_in_ns: 9,
      start: Number(start),
      finish: Number(start) + 12_345,
      cgroup_id: 2 ** 40 + 7,
      args: { dir_fd: -100, pathname: "/nonexistent", flags: ["O_RDONLY", "O_CLOEXEC"], mode: 0 },
    });
    expect("truncated" in d.event).toBe(false);
    expect(Object.keys(d.event)[0]).toBe("syscall");
  });

  test("time is RFC 3339 UTC with microseconds and close to now", () => {
    expect(d.event.time).toMatch(TIME_RE);
    const ms = Date.parse(d.event.time);
    expect(Math.abs(ms - Date.now())).toBeLessThan(10_000);
  });

  test("info, argList and latency", () => {
    expect(d.info.name).toBe("openat");
    expect(d.info.nr).toBe(257);
    expect(d.argList.map((a) => a.name)).toEqual(["dir_fd", "pathname", "flags", "mode"]);
    expect(d.argList.map((a) => a.text)).toEqual(["AT_FDCWD", '"/nonexistent"', "O_RDONLY|O_CLOEXEC", ""]);
    expect(d.latencyNs).toBe(12_345);
  });

  test("the record can sit at any offset of the buffer", () => {
    for (const at of [0, 8, 24, 1000]) {
      const { buf, dv, off } = build({ ...rec, at });
      const e = new EventDecoder(table).decode(buf, dv, off).event;
      expect(e.args.pathname).toBe("/nonexistent");
      expect(e.pid).toBe(4321);
      expect(e.return).toBe(-2);
    }
  });
});

describe("EventDecoder.decode: return values", () => {
  const cases: [string, Rec, string | null, number | null][] = [
    ["success fd 3", openat("/etc/hostname", 3n), "OK", 3],
    ["0 is OK", { nr: NR_GETPID, ret: 0n }, "OK", 0],
    ["-13 EACCES", openat("/root/x", -13n), "EACCES", -13],
    ["-4095 is still an error (unknown number)", openat("/x", -4095n), "E4095", -4095],
    ["-4096 is not an errno", { nr: NR_GETPID, ret: -4096n }, "OK", -4096],
    ["large positive return", { nr: NR_WRITE, ret: 1n << 40n, args: [1n, PTR, 1n << 40n] }, "OK", 2 ** 40],
    ["NO_RETURN exit_group", { nr: NR_EXIT_GROUP, ret: 0n, flags: EventFlag.NoReturn, args: [1n] }, null, null],
    ["NO_RETURN ignores a garbage ret", { nr: NR_EXIT_GROUP, ret: -2n, flags: EventFlag.NoReturn, args: [0n] }, null, null],
  ];
  test.each(cases)("%s", (_n, r, error, ret) => {
    const e = decode(r).event;
    expect(e.error).toBe(error);
    expect(e.return).toBe(ret);
  });

  test("exit_group(1) arguments", () => {
    const d = decode({ nr: NR_EXIT_GROUP, flags: EventFlag.NoReturn, args: [1n] });
    expect(d.event.args).toEqual({ error_code: 1 });
    expect(d.event.syscall).toEqual({ nr: 231, name: "sys_exit_group", class: "ProcessManagement", group: "Lifecycle" });
  });
});

describe("EventDecoder.decode: captures", () => {
  test("execve argv with a `more` marker → args.argv and truncated [argv]", () => {
    const d = decode({
      nr: NR_EXECVE,
      args: [PTR, PTR + 0x100n, PTR + 0x200n],
      captures: [
        { arg: 0, kind: CaptureKind.Str, data: "/bin/echo" },
        { arg: 1, kind: CaptureKind.ArgvItem, data: "echo" },
        { arg: 1, kind: CaptureKind.ArgvItem, data: "hello world" },
        { arg: 1, kind: CaptureKind.ArgvItem, flags: CaptureFlag.More, data: "" },
      ],
    });
    expect(d.event.args).toEqual({ filename: "/bin/echo", argv: ["echo", "hello world"], envp: "0x7ffc12345878" });
    expect(d.event.truncated).toEqual(["argv"]);
    expect(d.argList[1]!.text).toBe('["echo", "hello world", ...]');
  });

  test("truncated pathname → truncated [pathname]", () => {
    const d = decode({ ...openat("/very/long", 3n), captures: [{ arg: 1, kind: CaptureKind.Str, flags: CaptureFlag.Truncated, data: "/very/long" }] });
    expect(d.event.args.pathname).toBe("/very/long");
    expect(d.event.truncated).toEqual(["pathname"]);
    expect(d.argList[1]!.text).toBe('"/very/long"...');
  });

  test("faulted pathname → {addr, error}", () => {
    const d = decode({ ...openat("", -14n), captures: [{ arg: 1, kind: CaptureKind.Str, flags: CaptureFlag.Fault, data: "" }] });
    expect(d.event.args.pathname).toEqual({ addr: "0x7ffc12345678", error: "EFAULT" });
    expect(d.event.error).toBe("EFAULT");
  });

  test("capture budget exhausted → truncated contains *", () => {
    const d = decode(openat("/a", 3n, { flags: EventFlag.CaptureExhausted }));
    expect(d.event.truncated).toEqual(["*"]);
    const both = decode({
      ...openat("/a", 3n, { flags: EventFlag.CaptureExhausted }),
      captures: [{ arg: 1, kind: CaptureKind.Str, flags: CaptureFlag.Truncated, data: "/a" }],
    });
    expect(both.event.truncated).toEqual(["pathname", "*"]);
  });

  test("invalid UTF-8 and control bytes in a path", () => {
    const data = new Uint8Array([0x2f, 0x74, 0xff, 0x1b, 0x5b, 0x32, 0x4a]);
    const d = decode({ ...openat("", 3n), captures: [{ arg: 1, kind: CaptureKind.Str, data }] });
    expect(d.event.args.pathname).toBe("/t\udcff\x1b[2J");
    expect(d.argList[1]!.text).toBe('"/t\\377\\33[2J"');
  });

  test("capture data lengths that are not multiples of 8 are padded", () => {
    const d = decode({
      nr: 82, // rename
      args: [PTR, PTR + 64n],
      captures: [
        { arg: 0, kind: CaptureKind.Str, data: "abcde" }, // 5 → padded to 8
        { arg: 1, kind: CaptureKind.Str, data: "0123456789" }, // 10 → 16
      ],
    });
    expect(d.event.args).toEqual({ oldname: "abcde", newname: "0123456789" });
  });

  test("an empty capture (len 0) decodes to an empty string", () => {
    const d = decode({ nr: 82, args: [PTR, PTR], captures: [{ arg: 0, kind: CaptureKind.Str, data: "" }, { arg: 1, kind: CaptureKind.Str, data: "b" }] });
    expect(d.event.args).toEqual({ oldname: "", newname: "b" });
  });

  test("capture for an argument index that does not exist is ignored", () => {
    const d = decode({ ...openat("", 3n), captures: [{ arg: 200, kind: CaptureKind.Str, data: "junk" }, { arg: 1, kind: CaptureKind.Str, data: "/ok" }] });
    expect(d.event.args).toEqual({ dir_fd: -100, pathname: "/ok", flags: ["O_RDONLY", "O_CLOEXEC"], mode: 0 });
  });
});

describe("EventDecoder.decode: identity fields", () => {
  test("comm of exactly 16 bytes with no NUL", () => {
    expect(decode(openat("/x", 3n, { comm: "0123456789abcdef" })).event.comm).toBe("0123456789abcdef");
  });

  test("comm with invalid UTF-8 keeps the byte as U+DCFF", () => {
    expect(decode(openat("/x", 3n, { comm: new Uint8Array([0x61, 0xff, 0x62]) })).event.comm).toBe("a\udcffb");
  });

  test("pid and tid differ for threads", () => {
    const e = decode(openat("/x", 3n, { tgid: 100, tid: 105 })).event;
    expect([e.pid, e.tid]).toEqual([100, 105]);
  });

  test("the comm cache notices a thread renaming itself", () => {
    const dec = new EventDecoder(table);
    expect(decode(openat("/x", 3n, { tid: 77, comm: "before" }), dec).event.comm).toBe("before");
    expect(decode(openat("/x", 3n, { tid: 77, comm: "after" }), dec).event.comm).toBe("after");
    expect(decode(openat("/x", 3n, { tid: 77, comm: "before" }), dec).event.comm).toBe("before");
  });

  test("the comm cache keeps tids that share a slot apart", () => {
    const dec = new EventDecoder(table);
    expect(decode(openat("/x", 3n, { tid: 5, comm: "five" }), dec).event.comm).toBe("five");
    expect(decode(openat("/x", 3n, { tid: 5 + 1024, comm: "other" }), dec).event.comm).toBe("other");
    expect(decode(openat("/x", 3n, { tid: 5, comm: "five" }), dec).event.comm).toBe("five");
  });

  test("comm differing only after the NUL decodes the same", () => {
    const dec = new EventDecoder(table);
    const a = new Uint8Array(16);
    a.set(enc("sh"));
    const b = a.slice();
    b[10] = 0x41; // garbage after the terminator
    expect(decode(openat("/x", 3n, { tid: 9, comm: a }), dec).event.comm).toBe("sh");
    expect(decode(openat("/x", 3n, { tid: 9, comm: b }), dec).event.comm).toBe("sh");
  });

  test("unknown syscall number → sys_syscall_N, System/Misc, arg0..arg5", () => {
    const d = decode({ nr: 999, ret: 0n, args: [1n, 2n, 3n, 4n, 5n, 6n] });
    expect(d.event.syscall).toEqual({ nr: 999, name: "sys_syscall_999", class: "System", group: "Misc" });
    expect(d.event.args).toEqual({ arg0: 1, arg1: 2, arg2: 3, arg3: 4, arg4: 5, arg5: 6 });
  });

  test("the text flag off leaves json identical", () => {
    const r = openat("/etc/passwd", 3n);
    const on = decode(r, new EventDecoder(table, true));
    const off = decode(r, new EventDecoder(table, false));
    const strip = (e: typeof on.event) => ({ ...e, time: "" });
    expect(strip(off.event)).toEqual(strip(on.event));
  });
});

describe("EventDecoder.decode: hostile records", () => {
  const evilCapture = (() => {
    // A well-formed capture for arg 1 that lies AFTER the record: must never be read.
    const t = new Uint8Array(CAPTURE.size + 8);
    t[CAPTURE.arg] = 1;
    t[CAPTURE.kind] = CaptureKind.Str;
    new DataView(t.buffer).setUint16(CAPTURE.len, 4, true);
    t.set(enc("EVIL"), CAPTURE.size);
    return t;
  })();

  test("capture count larger than the captures present: stops at the record end", () => {
    const r: Rec = { nr: 82, args: [PTR, PTR], captures: [{ arg: 0, kind: CaptureKind.Str, data: "only" }], capCount: 1000, trailer: evilCapture };
    let d: ReturnType<typeof decode> | undefined;
    expect(() => (d = decode(r))).not.toThrow();
    expect(d!.event.args).toEqual({ oldname: "only", newname: "0x7ffc12345678" });
  });

  test("capture count huge, buffer ends exactly at the record end", () => {
    const r: Rec = { nr: 82, args: [PTR, PTR], captures: [{ arg: 0, kind: CaptureKind.Str, data: "only" }], capCount: 0xffffffff };
    expect(decode(r).event.args).toEqual({ oldname: "only", newname: "0x7ffc12345678" });
  });

  test("capture len past the record end is clamped to the record", () => {
    const r: Rec = {
      nr: 82,
      args: [PTR, PTR],
      captures: [{ arg: 0, kind: CaptureKind.Str, data: "ABCDEFGH", len: 60000 }],
      trailer: evilCapture,
    };
    let d: ReturnType<typeof decode> | undefined;
    expect(() => (d = decode(r))).not.toThrow();
    expect(d!.event.args.oldname).toBe("ABCDEFGH");
    expect(d!.event.args.newname).toBe("0x7ffc12345678");
  });

  test("capture len past the record end when the buffer also ends there", () => {
    const r: Rec = { nr: 82, args: [PTR, PTR], captures: [{ arg: 0, kind: CaptureKind.Str, data: "ABCDEFGH", len: 0xffff }] };
    expect(decode(r).event.args.oldname).toBe("ABCDEFGH");
  });

  test("record size smaller than the header: no captures are read", () => {
    const r: Rec = { ...openat("/hidden", 3n), size: 16 };
    const d = decode(r);
    expect(d.event.args.pathname).toBe("0x7ffc12345678");
  });

  test("record size that cuts a capture header in half: that capture is not read", () => {
    const r: Rec = { ...openat("/hidden", 3n), size: EVENT.size + 4 };
    expect(decode(r).event.args.pathname).toBe("0x7ffc12345678");
  });

  test("capture kind that is not a known kind does not crash", () => {
    const r: Rec = { ...openat("", 3n), captures: [{ arg: 1, kind: 99, data: "weird" }] };
    expect(() => decode(r)).not.toThrow();
  });

  // The decoder is handed the whole drain buffer; a record whose size field
  // claims more bytes than the buffer holds must not make it read past the
  // buffer (a RangeError here would abort the whole trace).
  test("record size field larger than the bytes present: no throw, real captures kept", () => {
    const r: Rec = {
      nr: 82,
      args: [PTR, PTR],
      captures: [{ arg: 0, kind: CaptureKind.Str, data: "first" }],
      capCount: 5,
      size: EVENT.size + 4096,
    };
    let d: ReturnType<typeof decode> | undefined;
    expect(() => (d = decode(r))).not.toThrow();
    expect(d!.event.args.oldname).toBe("first");
  });
});

describe("EventDecoder.decode: byte captures (read at exit)", () => {
  const NR_READ = 0, NR_CONNECT = 42, NR_FSTAT = 5, NR_MMAP = 9, NR_CLONE = 56;
  const inet = new Uint8Array([2, 0, 0, 80, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);

  test("read's data and connect's sockaddr arrive as Bytes items", () => {
    const r = decode({ nr: NR_READ, ret: 3n, args: [3n, PTR, 4096n], captures: [{ arg: 1, kind: CaptureKind.Bytes, data: "abc" }] });
    expect(r.event.args).toEqual({ fd: 3, buf: "abc", count: 4096 });
    expect(r.argList.map((a) => a.text)).toEqual(["3", '"abc"', "4096"]);
    const c = decode({ nr: NR_CONNECT, ret: -111n, args: [3n, PTR, 16n], captures: [{ arg: 1, kind: CaptureKind.Bytes, data: inet }] });
    expect(c.event.args.uservaddr).toEqual({ family: "AF_INET", addr: "127.0.0.1", port: 80 });
    expect(c.event.error).toBe("ECONNREFUSED");
  });

  test("a Bytes item cut by --strsize lands in truncated", () => {
    const r = decode({ nr: NR_READ, ret: 5000n, args: [3n, PTR, 8192n], captures: [{ arg: 1, kind: CaptureKind.Bytes, flags: CaptureFlag.Truncated, data: "x".repeat(256) }] });
    expect(r.event.truncated).toEqual(["buf"]);
    expect(r.argList[1]!.text).toBe(`"${"x".repeat(256)}"...`);
  });

  test("decoders copy: reusing the drain buffer afterwards changes nothing decoded", () => {
    const { buf, dv, off } = build({ nr: NR_READ, ret: 5n, args: [3n, PTR, 64n], captures: [{ arg: 1, kind: CaptureKind.Bytes, data: "hello" }] });
    const d = new EventDecoder(table).decode(buf, dv, off);
    const before = JSON.stringify(d.event);
    buf.fill(0x41);
    expect(JSON.stringify(d.event)).toBe(before);
    expect(d.argList[1]!.text).toBe('"hello"');
  });

  test("strace text for calls whose return or layout is special", () => {
    const m = decode({ nr: NR_MMAP, ret: 0x7f00_dead_0000n, args: [0n, 4096n, 3n, 0x22n, -1n, 0n] });
    expect(m.retText).toBe("0x7f00dead0000");
    const cl = decode({ nr: NR_CLONE, ret: 42n, args: [0x01200011n, 0n, 0n, 0x7f00_0000_1000n, 0n] });
    expect(cl.argsText).toBe("child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f0000001000");
    const json = new EventDecoder(table, false);
    const { buf, dv, off } = build({ nr: NR_MMAP, ret: 0x7f00_dead_0000n, args: [0n, 4096n, 3n, 0x22n, -1n, 0n] });
    const j = json.decode(buf, dv, off);
    expect(j.retText).toBeUndefined();
    expect(j.event.args.prot).toEqual(["PROT_READ", "PROT_WRITE"]);
  });

  test("a failed call shows output buffers as addresses, whatever was captured", () => {
    const st = decode({ nr: NR_FSTAT, ret: -9n, args: [99n, PTR], captures: [{ arg: 1, kind: CaptureKind.Bytes, data: new Uint8Array(144).fill(0xff) }] });
    expect(st.event.args.statbuf).toBe("0x7ffc12345678");
  });

  test("an unknown capture kind next to real ones: the real ones still decode", () => {
    const r = decode({ nr: NR_READ, ret: 2n, args: [3n, PTR, 9n], captures: [{ arg: 1, kind: 77, data: "zz" }, { arg: 1, kind: CaptureKind.Bytes, data: "ok" }] });
    expect(r.event.args.buf).toBe("0x7ffc12345678"); // the first item for an argument wins; kind 77 is not Bytes
    expect(() => decode({ nr: NR_READ, ret: 2n, args: [3n, PTR, 9n], captures: [{ arg: 7, kind: CaptureKind.Bytes, data: "zz" }] })).not.toThrow();
  });
});
