/** cli/options.ts: command-line value parsers and their error messages. */
import { describe, expect, test } from "bun:test";
import { collectList, parseComms, parseDuration, parsePids, parsePositiveInt, parseSyscalls } from "../cli/options";
import { UsageError } from "../cli/errors";
import { buildProgram, commandHasVerbose, effectiveArgv } from "../cli/main";
import { syscallTable } from "../cli/decode/syscalls";

const table = syscallTable("x86_64");

/** Runs fn, expects a UsageError, returns it. */
function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).exitCode).toBe(2);
    return e as UsageError;
  }
  throw new Error("expected a UsageError, nothing was thrown");
}

describe("parseDuration", () => {
  const ok: [string, number][] = [
    ["500ms", 500],
    ["1ms", 1],
    ["5s", 5000],
    ["2m", 120_000],
    ["1h", 3_600_000],
    ["1.5s", 1500],
    ["0.5m", 30_000],
    ["7", 7000],
    ["0.25", 250],
    [" 5s ", 5000],
    ["10s", 10_000],
    // Go's syntax, as Trace manifests use it
    ["1m30s", 90_000],
    ["1h30m", 5_400_000],
    ["2m3s500ms", 123_500],
    ["1.5h", 5_400_000],
    [".5s", 500],
    ["250us", 0.25],
    ["250µs", 0.25],
    ["1000000ns", 1],
  ];
  test.each(ok)("%p → %p ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  const bad = ["", " ", "5x", "-1s", "0", "0s", "0.0ms", "1e3", "s", "5 s", "1,5s", "5S", "5sec", "Infinity", "NaN", "0x10", "1m 30s", "1h-30m", "1d", "ms5"];
  test.each(bad)("%p is rejected with the flag and the fix", (text) => {
    const e = usageError(() => parseDuration(text));
    expect(e.message).toBe(`invalid --duration '${text}'; use a positive number of seconds or a Go duration such as 500ms, 90s, 1m30s or 1h`);
  });

  test("the message names a custom flag", () => {
    const e = usageError(() => parseDuration("soon", "--interval"));
    expect(e.message).toContain("--interval");
    expect(e.message).toContain("'soon'");
    expect(e.message).toContain("1m30s");
  });
});

describe("parsePositiveInt", () => {
  const ok: [string, number, number][] = [
    ["1", 10, 1],
    ["10", 10, 10],
    ["007", 10, 7],
    ["4000", 4000, 4000],
    [" 42 ", 100, 42],
    [String(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ];
  test.each(ok)("%p (max %p) → %p", (text, max, n) => {
    expect(parsePositiveInt(text, "--x", max)).toBe(n);
  });

  test("default max is MAX_SAFE_INTEGER", () => {
    expect(parsePositiveInt("9007199254740991", "--x")).toBe(9007199254740991);
    usageError(() => parsePositiveInt("9007199254740992", "--x"));
  });

  const bad: [string, number][] = [["0", 10], ["11", 10], ["-1", 10], ["1.5", 10], ["", 10], ["abc", 10], ["1e3", 5000], ["0x10", 100], ["+5", 10], ["4001", 4000]];
  test.each(bad)("%p (max %p) is rejected", (text, max) => {
    const e = usageError(() => parsePositiveInt(text, "--strsize", max));
    expect(e.message).toBe(`invalid --strsize '${text}'; use a whole number from 1 to ${max}`);
  });
});

describe("parsePids", () => {
  test("valid pids", () => {
    expect(parsePids(["1", "1234", "4194304"])).toEqual([1, 1234, 4194304]);
    expect(parsePids([])).toEqual([]);
  });
  const bad = ["abc", "0", "-3", "99999999", "4194305", "1.5", "", " 12", "12a"];
  test.each(bad)("%p is rejected", (v) => {
    const e = usageError(() => parsePids(["100", v]));
    expect(e.message).toBe(`invalid --pid '${v}'; use process ids like --pid 1234,5678`);
  });
});

describe("parseComms", () => {
  test("names up to 15 bytes pass through unchanged", () => {
    expect(parseComms(["cat", "abcdefghijklmno", "żółw"])).toEqual(["cat", "abcdefghijklmno", "żółw"]);
    expect(parseComms([])).toEqual([]);
  });

  test("16+ byte names are rejected with the 15-byte name to use", () => {
    const e = usageError(() => parseComms(["ok", "abcdefghijklmnop"]));
    expect(e.message).toBe(
      "invalid --comm 'abcdefghijklmnop'; the kernel keeps 15 bytes of a command name, use 'abcdefghijklmno'",
    );
    const long = usageError(() => parseComms(["systemd-journald-extra"]));
    expect(long.message).toContain("use 'systemd-journal'");
  });

  test("length is counted in UTF-8 bytes, not characters", () => {
    // 8 × "ż" = 16 bytes but only 8 characters
    usageError(() => parseComms(["żżżżżżżż"]));
    expect(parseComms(["żżżżżżżx"])).toEqual(["żżżżżżżx"]); // 15 bytes
  });

  // The suggested name must itself be accepted: trimming by UTF-16 units can
  // leave it over 15 bytes or split a surrogate pair.
  const multibyte = ["żżżżżżżżż", "日本語のコマンド名", "aaaaaaaaaaaaaa😀"];
  test.each(multibyte)("the name suggested for %p is itself a valid --comm", (name) => {
    const e = usageError(() => parseComms([name]));
    const suggested = /use '(.*)'$/su.exec(e.message)?.[1];
    expect(suggested).toBeDefined();
    expect(new TextEncoder().encode(suggested!).length).toBeLessThanOrEqual(15);
    expect(suggested!.isWellFormed()).toBe(true);
    expect(name.startsWith(suggested!)).toBe(true);
  });
});

describe("parseSyscalls", () => {
  test("names and sys_ names map to x86_64 numbers", () => {
    expect(parseSyscalls(["openat", "sys_openat", "read", "execve", "OPENAT", " write "], table)).toEqual([257, 0, 59, 1]);
    expect(parseSyscalls([], table)).toEqual([]);
  });

  test("a typo suggests the nearest names, openat first for opnat", () => {
    const e = usageError(() => parseSyscalls(["opnat"], table));
    expect(e.message).toStartWith("unknown syscall 'opnat' on x86_64; did you mean openat");
    expect(e.message).toEndWith("?");
    const names = /did you mean (.*)\?$/.exec(e.message)![1]!.split(", ");
    expect(names[0]).toBe("openat");
    expect(names.length).toBeLessThanOrEqual(3);
  });

  test("a typo with the sys_ prefix still gets suggestions", () => {
    const e = usageError(() => parseSyscalls(["sys_opnat"], table));
    expect(e.message).toStartWith("unknown syscall 'sys_opnat' on x86_64; did you mean openat");
  });

  test("nothing close → no suggestion", () => {
    const e = usageError(() => parseSyscalls(["read", "zzzzzzzzzzzzzzzzzzzzzzzz"], table));
    expect(e.message).toBe("unknown syscall 'zzzzzzzzzzzzzzzzzzzzzzzz' on x86_64");
  });

  test("the error names the arch of the table", () => {
    const e = usageError(() => parseSyscalls(["open"], syscallTable("aarch64")));
    expect(e.message).toStartWith("unknown syscall 'open' on aarch64");
    expect(e.message).toContain("openat");
  });
});

describe("collectList", () => {
  const cases: [string, string[] | undefined, string[]][] = [
    ["a", undefined, ["a"]],
    ["a,b", undefined, ["a", "b"]],
    ["a, b ,c", undefined, ["a", "b", "c"]],
    ["a,,b,", undefined, ["a", "b"]],
    ["", undefined, []],
    [",", undefined, []],
    ["c", ["a", "b"], ["a", "b", "c"]],
    ["c,d", ["a"], ["a", "c", "d"]],
  ];
  test.each(cases)("%p after %p → %p", (value, prev, expected) => {
    expect(collectList(value, prev)).toEqual(expected);
  });

  test("repeating the flag accumulates without mutating the previous list", () => {
    const first = collectList("openat,read");
    const second = collectList("write", first);
    expect(first).toEqual(["openat", "read"]);
    expect(second).toEqual(["openat", "read", "write"]);
    expect(collectList("close", second)).toEqual(["openat", "read", "write", "close"]);
  });
});

describe("the internal-error hint", () => {
  const program = buildProgram();
  const has = (argv: string[], as = "swoll") => commandHasVerbose(program, effectiveArgv(["bun", "swoll", ...argv], as));
  test("suggests --verbose only for commands that have it", () => {
    expect([has(["trace", "-s", "openat"]), has(["top", "--once"]), has(["serve"])]).toEqual([true, true, true]);
    expect([has(["selftest"]), has(["completion", "bash"]), has([]), has(["--help"])]).toEqual([false, false, false, false]);
    expect(has(["-s", "execve"], "/usr/local/bin/swoll-trace")).toBe(true);
  });
});
