/** cli/output/text.ts: strace-style lines. */
import { describe, expect, test } from "bun:test";
import { TextFormatter } from "../../cli/output/text";
import { decodeCall } from "../../cli/decode/args";
import type { Decoded, TraceEvent } from "../../cli/decode/event";
import { makeCapture, type Capture } from "../../cli/decode/capture";
import { CaptureKind } from "../../cli/decode/layout";
import { syscallTable } from "../../cli/decode/syscalls";

const table = syscallTable("x86_64");
const PTR = 0x7ffc_1234_5678;
const O_CLOEXEC = 0o2000000, O_WRONLY = 1, O_CREAT = 0o100, O_TRUNC = 0o1000;

type Flags = { truncated?: boolean; fault?: boolean; more?: boolean };
const str = (arg: number, text: string, flags: Flags = {}): Capture => makeCapture(arg, CaptureKind.Str, text, flags);
const item = (arg: number, text: string, flags: Flags = {}): Capture => makeCapture(arg, CaptureKind.ArgvItem, text, flags);

interface Spec {
  name: string;
  raw: number[];
  caps?: Capture[];
  ret: number | null;
  error?: string | null;
  pid?: number;
  tid?: number;
  comm?: string;
  time?: string;
  latencyNs?: number;
}

function decoded(s: Spec): Decoded {
  const info = table.byName(s.name)!;
  const call = decodeCall(info, s.raw, s.caps ?? [], true, s.ret);
  const argList = call.args;
  const args: Record<string, unknown> = {};
  for (const a of argList) args[a.name] = a.json;
  const pid = s.pid ?? 123;
  const event: TraceEvent = {
    syscall: { nr: info.nr, name: info.fullName, class: info.class, group: info.group },
    pid,
    tid: s.tid ?? pid,
    uid: 1000,
    gid: 1000,
    comm: s.comm ?? "cat",
    session: 1,
    container: null,
    error: s.error !== undefined ? s.error : s.ret === null ? null : "OK",
    return: s.ret,
    pid_ns: 1,
    uts_ns: 2,
    mount_ns: 3,
    start: 1_000,
    finish: 1_000 + (s.latencyNs ?? 12_000),
    time: s.time ?? "2026-11-24T20:31:00.123456Z",
    cgroup_id: 1,
    args,
  };
  return { event, info, argList, latencyNs: s.latencyNs ?? 12_000, argsText: call.argsText, retText: call.retText };
}

const plain = new TextFormatter(false);
const coloured = new TextFormatter(true);
const ESC = "\x1b";
const countEsc = (s: string) => s.split(ESC).length - 1;
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

describe("TextFormatter(false).event", () => {
  const cases: [string, Spec, string][] = [
    [
      "openat success",
      { name: "openat", raw: [-100, PTR, O_CLOEXEC, 0], caps: [str(1, "/etc/hostname")], ret: 3 },
      '20:31:00.123456 cat(123) openat(AT_FDCWD, "/etc/hostname", O_RDONLY|O_CLOEXEC) = 3 <0.000012>',
    ],
    [
      "openat ENOENT",
      { name: "openat", raw: [-100, PTR, O_CLOEXEC, 0], caps: [str(1, "/nope")], ret: -2, error: "ENOENT" },
      '20:31:00.123456 cat(123) openat(AT_FDCWD, "/nope", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory) <0.000012>',
    ],
    [
      "openat EACCES with O_CREAT shows mode",
      { name: "openat", raw: [-100, PTR, O_WRONLY | O_CREAT | O_TRUNC, 0o644], caps: [str(1, "/root/x")], ret: -13, error: "EACCES" },
      '20:31:00.123456 cat(123) openat(AT_FDCWD, "/root/x", O_WRONLY|O_CREAT|O_TRUNC, 0644) = -1 EACCES (Permission denied) <0.000012>',
    ],
    [
      "unknown errno name falls back to Unknown error",
      { name: "openat", raw: [3, PTR, 0, 0], caps: [str(1, "x")], ret: -4000, error: "E4000" },
      '20:31:00.123456 cat(123) openat(3, "x", O_RDONLY) = -1 E4000 (Unknown error) <0.000012>',
    ],
    [
      "exit_group never returns",
      { name: "exit_group", raw: [0], ret: null, latencyNs: 0 },
      "20:31:00.123456 cat(123) exit_group(0) = ? <0.000000>",
    ],
    [
      "thread shows pid/tid",
      { name: "getpid", raw: [], ret: 500, pid: 500, tid: 512 },
      "20:31:00.123456 cat(500/512) getpid() = 500 <0.000012>",
    ],
    [
      "execve with argv and more marker",
      {
        name: "execve",
        raw: [PTR, PTR + 8, 0],
        caps: [str(0, "/bin/echo"), item(1, "echo"), item(1, "hi"), item(1, "", { more: true })],
        ret: 0,
        comm: "bash",
        latencyNs: 1_234_567,
      },
      '20:31:00.123456 bash(123) execve("/bin/echo", ["echo", "hi", ...], NULL) = 0 <0.001235>',
    ],
    [
      "write: buf as pointer",
      { name: "write", raw: [1, PTR, 6], ret: 6, latencyNs: 2_500_000_000 },
      "20:31:00.123456 cat(123) write(1, 0x7ffc12345678, 6) = 6 <2.500000>",
    ],
    [
      "mmap returns an address in hex",
      { name: "mmap", raw: [0, 4096, 3, 0x22, -1, 0], ret: 0x7f00_dead_0000 },
      "20:31:00.123456 cat(123) mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f00dead0000 <0.000012>",
    ],
    [
      "brk returns an address in hex",
      { name: "brk", raw: [0], ret: 0x5555_5555_9000 },
      "20:31:00.123456 cat(123) brk(NULL) = 0x555555559000 <0.000012>",
    ],
    [
      "a faulted path",
      { name: "openat", raw: [-100, PTR, 0, 0], caps: [str(1, "", { fault: true })], ret: -14, error: "EFAULT" },
      "20:31:00.123456 cat(123) openat(AT_FDCWD, 0x7ffc12345678, O_RDONLY) = -1 EFAULT (Bad address) <0.000012>",
    ],
    [
      "a truncated path",
      { name: "openat", raw: [-100, PTR, 0, 0], caps: [str(1, "/long", { truncated: true })], ret: 3 },
      '20:31:00.123456 cat(123) openat(AT_FDCWD, "/long"..., O_RDONLY) = 3 <0.000012>',
    ],
    [
      "time takes HH:MM:SS.uuuuuu from the RFC 3339 stamp",
      { name: "getpid", raw: [], ret: 1, time: "1999-12-31T23:59:59.999999Z" },
      "23:59:59.999999 cat(123) getpid() = 1 <0.000012>",
    ],
  ];
  test.each(cases)("%s", (_n, spec, line) => {
    expect(plain.event(decoded(spec))).toBe(line);
  });

  test("no colour means no ESC at all", () => {
    for (const [, spec] of cases) expect(plain.event(decoded(spec)).includes(ESC)).toBe(false);
  });

  test("hostile comm is escaped, unquoted (quotes kept, a backslash doubled so escapes stay unambiguous)", () => {
    const line = plain.event(decoded({ name: "getpid", raw: [], ret: 1, comm: 'x\x1b[2J"\\\u009b\u202e\n' }));
    expect(line).toBe('20:31:00.123456 x\\33[2J"\\\\\\u{9b}\\u{202e}\\n(123) getpid() = 1 <0.000012>');
    expect(/[\x00-\x1f\x7f-\x9f\u202e]/.test(line)).toBe(false);
  });

  test("a comm byte that is not UTF-8 prints in octal, the text \\377 with its backslash doubled", () => {
    const byte = plain.event(decoded({ name: "getpid", raw: [], ret: 1, comm: "a\udcff" }));
    const text = plain.event(decoded({ name: "getpid", raw: [], ret: 1, comm: "a\\377" }));
    expect(byte).toBe("20:31:00.123456 a\\377(123) getpid() = 1 <0.000012>");
    expect(text).toBe("20:31:00.123456 a\\\\377(123) getpid() = 1 <0.000012>");
  });

  test("hostile path is escaped and quoted", () => {
    const line = plain.event(decoded({ name: "openat", raw: [-100, PTR, 0, 0], caps: [str(1, '/tmp/"\x1b]0;x\x07\\')], ret: 3 }));
    expect(line).toBe('20:31:00.123456 cat(123) openat(AT_FDCWD, "/tmp/\\"\\33]0;x\\7\\\\", O_RDONLY) = 3 <0.000012>');
  });
});

describe("TextFormatter(true).event", () => {
  const ok: Spec = { name: "openat", raw: [-100, PTR, O_CLOEXEC, 0], caps: [str(1, "/etc/hostname")], ret: 3 };
  const err: Spec = { ...ok, ret: -2, error: "ENOENT" };

  test("contains ANSI codes and strips to the plain line", () => {
    for (const s of [ok, err, { name: "exit_group", raw: [0], ret: null } as Spec]) {
      const line = coloured.event(decoded(s));
      expect(line.includes(`${ESC}[`)).toBe(true);
      expect(stripAnsi(line)).toBe(plain.event(decoded(s)));
    }
  });

  test("the error part is red", () => {
    expect(coloured.event(decoded(err))).toContain(`${ESC}[31m-1 ENOENT (No such file or directory)${ESC}[39m`);
  });

  test("a hostile comm adds no ESC bytes of its own", () => {
    const benign = coloured.event(decoded({ ...ok, comm: "cat" }));
    for (const comm of ["\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\u009b2J", "\x1b\x1b\x1b"]) {
      const line = coloured.event(decoded({ ...ok, comm, caps: [str(1, comm)] }));
      expect(countEsc(line)).toBe(countEsc(benign));
      // every ESC left belongs to an SGR sequence chalk wrote
      expect(line.replace(/\x1b\[\d+m/g, "").includes(ESC)).toBe(false);
      expect(/[\u0080-\u009f]/.test(line)).toBe(false);
    }
  });
});

describe("TextFormatter.lost", () => {
  const l = { cause: "ringbuf_full" as const, count: 17, from: "2026-11-24T20:31:00.000Z", to: "2026-11-24T20:31:01.000Z" };
  test("plain", () => {
    expect(plain.lost(l)).toBe("--- lost 17 events (ring buffer full) between 2026-11-24T20:31:00.000Z and 2026-11-24T20:31:01.000Z ---");
    expect(plain.lost({ ...l, cause: "task_storage", count: 1 })).toBe(
      "--- lost 1 events (task storage full) between 2026-11-24T20:31:00.000Z and 2026-11-24T20:31:01.000Z ---",
    );
  });
  test("coloured is yellow around the same text", () => {
    expect(coloured.lost(l)).toBe(`${ESC}[33m${plain.lost(l)}${ESC}[39m`);
  });
});
