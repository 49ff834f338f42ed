/**
 * Structs and values the kernel writes or reads, decoded as strace 6.1
 * prints them: time and its dates, clock ticks, file system statistics,
 * signal sets and siginfo, and the rest of strace's own test programs'
 * lines. Each record goes through EventDecoder; its JSON must validate.
 */
import { describe, expect, test } from "bun:test";
import { EventDecoder } from "../../cli/decode/event";
import { CaptureFlag, CaptureKind } from "../../cli/decode/layout";
import { syscallTable } from "../../cli/decode/syscalls";
import { eventToJson } from "../../cli/output/json";
import { TextFormatter } from "../../cli/output/text";
import { B } from "./args-helpers";
import { Validator } from "./jsonschema";
import { record, type Cap } from "./record";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const table = syscallTable("x86_64");
const schema = new Validator(JSON.parse(readFileSync(join(import.meta.dir, "..", "..", "docs", "event.schema.json"), "utf8")));
const text = new TextFormatter(false);
const PTR = 0x7ffc12345678n;

/** Bytes the probe captured for argument `arg` (at exit unless `entry`). */
function mem(arg: number, data: Uint8Array, opts: { entry?: boolean; fault?: boolean; truncated?: boolean } = {}): Cap {
  const flags = (opts.entry ? CaptureFlag.Entry : 0) | (opts.fault ? CaptureFlag.Fault : 0) | (opts.truncated ? CaptureFlag.Truncated : 0);
  return { arg, kind: CaptureKind.Bytes, flags, data };
}

/** Decode one record: strace's part of the text line, and the JSON line parsed (checked against the schema). */
function decode(name: string, args: (bigint | number)[], ret: bigint | number, captures: Cap[] = []): { line: string; json: any } {
  const info = table.byName(name);
  if (!info) throw new Error(`no ${name}`);
  const r = record({ nr: info.nr, args: args.map(BigInt), ret: BigInt(ret), captures });
  const d = new EventDecoder(table).decode(r.buf, r.dv, r.off, r.size);
  const line = text.event(d).replace(/^\S+ \S+ /, "").replace(/ <[\d.]+>$/, "");
  const json = JSON.parse(eventToJson(d.event));
  expect(schema.validate(json)).toEqual([]);
  return { line, json };
}

const i64 = (...v: (number | bigint)[]) => v.reduce((b: B, x) => b.u64(x), new B()).get();

describe("times and dates", () => {
  test("an interrupted sleep shows the time left (ERESTART_RESTARTBLOCK), clock_nanosleep only for a relative sleep", () => {
    const req = mem(0, i64(0, 999999999)), rem = mem(1, i64(0, 888802424));
    expect(decode("nanosleep", [PTR, PTR + 16n], -516, [req, rem]).line)
      .toBe("nanosleep({tv_sec=0, tv_nsec=999999999}, {tv_sec=0, tv_nsec=888802424}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
    expect(decode("nanosleep", [PTR, PTR + 16n], 0, [req, rem]).line).toBe("nanosleep({tv_sec=0, tv_nsec=999999999}, 0x7ffc12345688) = 0");
    const creq = mem(2, i64(0, 999999999)), crem = mem(3, i64(0, 5));
    expect(decode("clock_nanosleep", [0, 0, PTR, PTR + 16n], -516, [creq, crem]).line)
      .toBe("clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=999999999}, {tv_sec=0, tv_nsec=5}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
    expect(decode("clock_nanosleep", [0, 1, PTR, PTR + 16n], -516, [creq, crem]).line)
      .toBe("clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, {tv_sec=0, tv_nsec=999999999}, 0x7ffc12345688) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
  });

  test("time: the value written with its date, the result with its date", () => {
    const d = decode("time", [PTR], 1796598842, [mem(0, i64(1796598842))]);
    expect(d.line).toBe("time([1796598842 /* 2026-12-06T23:14:02+0000 */]) = 1796598842 (2026-12-06T23:14:02+0000)");
    expect(d.json.args.tloc).toBe(1796598842);
    expect(decode("time", [0], 1796598842).line).toBe("time(NULL) = 1796598842 (2026-12-06T23:14:02+0000)");
  });

  test("times: clock ticks with their seconds (none for 0)", () => {
    const d = decode("times", [PTR], 1719036190, [mem(0, i64(31, 0, 160, 12345))]);
    expect(d.line).toBe("times({tms_utime=31 /* 0.31 s */, tms_stime=0, tms_cutime=160 /* 1.60 s */, tms_cstime=12345 /* 123.45 s */}) = 1719036190");
    expect(d.json.args.tbuf).toEqual({ tms_utime: 31, tms_stime: 0, tms_cutime: 160, tms_cstime: 12345 });
  });

  test("utime's utimbuf and utimes' timeval pair with dates; no date for the epoch or a fraction out of range", () => {
    const path = { arg: 0, kind: CaptureKind.Str, data: "f" };
    expect(decode("utime", [PTR, PTR], -2, [path, mem(1, i64(1492350678, 0))]).line)
      .toBe('utime("f", {actime=1492350678 /* 2017-04-16T13:51:18+0000 */, modtime=0}) = -1 ENOENT (No such file or directory)');
    const tv = mem(1, i64(1492356708, 567891, 1492357086, 1000000));
    expect(decode("utimes", [PTR, PTR], -22, [path, tv]).line)
      .toBe('utimes("f", [{tv_sec=1492356708, tv_usec=567891} /* 2017-04-16T15:31:48.567891+0000 */, {tv_sec=1492357086, tv_usec=1000000}]) = -1 EINVAL (Invalid argument)');
    const fpath = { arg: 1, kind: CaptureKind.Str, data: "f" };
    expect(decode("futimesat", [-100, PTR, PTR], -22, [fpath, mem(2, i64(0, 0, -1n, 2n ** 63n))]).line)
      .toBe('futimesat(AT_FDCWD, "f", [{tv_sec=0, tv_usec=0}, {tv_sec=-1, tv_usec=9223372036854775808}]) = -1 EINVAL (Invalid argument)');
    expect(decode("utimensat", [-100, PTR, PTR, 0x100], -2, [fpath, mem(2, i64(0, 0, 1, 0))]).line)
      .toBe('utimensat(AT_FDCWD, "f", [{tv_sec=0, tv_nsec=0}, {tv_sec=1, tv_nsec=0} /* 1970-01-01T00:00:01+0000 */], AT_SYMLINK_NOFOLLOW) = -1 ENOENT (No such file or directory)');
  });
});
