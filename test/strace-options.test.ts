/** cli/commands/strace-options.ts: strace's spellings and the result filter they make. */
import { expect, test } from "bun:test";
import { keepsErrno, parseResultFlags, parseStraceFlags } from "../cli/commands/strace-options";

const base = { follow: true, absoluteTimestamps: 0, summaryBy: "syscall" };

test("-e trace= adds to the syscall selection; -e status= is -Z or -z", () => {
  expect(parseResultFlags({ e: ["trace=openat,%file", "status=failed"] })).toEqual({ result: "failed", errnos: null, syscalls: ["openat", "%file"] });
  expect(parseResultFlags({ e: ["openat"] }).syscalls).toEqual(["openat"]);
  expect(parseResultFlags({ e: ["status=successful"] }).result).toBe("ok");
  expect(parseResultFlags({}).result).toBe("any");
});

test("--errno selects failed calls with those names, in any case", () => {
  const r = parseResultFlags({ errno: ["enoent", "EACCES"] });
  expect(r).toEqual({ result: "failed", errnos: new Set(["ENOENT", "EACCES"]), syscalls: [] });
  const keep = keepsErrno(r);
  expect([keep(0), keep(2), keep(13), keep(9)]).toEqual([false, true, true, false]);
  expect([0, 2].map(keepsErrno(parseResultFlags({ successful: true })))).toEqual([true, false]);
});

test("the timing flags and -c/-C", () => {
  expect(parseStraceFlags({ ...base, absoluteTimestamps: 2, syscallTimes: true }).timing).toEqual({ absolute: 2, relative: false, inCall: true });
  expect(parseStraceFlags({ ...base, summary: true }).summary).toBe("only");
  expect(parseStraceFlags({ ...base, summaryWithTrace: true, summaryBy: "pod" })).toMatchObject({ summary: "also", summaryBy: "pod" });
  expect(() => parseStraceFlags({ ...base, summaryBy: "pod" })).toThrow("--summary-by pod shapes the -c table; add -c or -C");
  expect(parseStraceFlags({ ...base, fd: ["3", "4"] }).fds).toEqual(new Set([3, 4]));
});
