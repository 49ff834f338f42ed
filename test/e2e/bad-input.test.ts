/** Bad input: one line on stderr naming the problem and the fix, exit != 0, no stack trace. */
import { expect, test, setDefaultTimeout } from "bun:test";
import { runSwoll } from "../helpers/swoll";

// The real probe and real processes: each wait is bounded in the test itself.
setDefaultTimeout(60_000);

const cases: [string, string[], RegExp][] = [
  ["unknown syscall", ["trace", "-s", "opnat"], /^swoll: unknown syscall 'opnat' on x86_64; did you mean openat/],
  ["bad duration", ["trace", "-d", "5x"], /^swoll: invalid --duration '5x'; use a positive number/],
  ["zero limit", ["trace", "--limit", "0"], /^swoll: invalid --limit '0'; use a whole number/],
  ["bad pid", ["trace", "-p", "abc"], /^swoll: invalid --pid 'abc'/],
  ["long comm", ["trace", "--comm", "a-very-long-command-name"], /^swoll: invalid --comm .*15 bytes/],
  ["conflicting flags", ["trace", "--json", "-o", "text"], /^swoll: --json conflicts with --output text; pick one\n$/],
  ["bad output format", ["trace", "-o", "xml"], /^swoll: .*'xml'.*(text|json)/],
  ["unknown option", ["trace", "--bogus"], /^swoll: unknown option '--bogus'/],
  ["unknown command", ["tarce"], /^swoll: unknown command 'tarce'.*trace/],
  ["bad buffer size", ["trace", "--buffer-size", "5000"], /^swoll: invalid --buffer-size '5000'; use a power of two/],
];

for (const [name, args, re] of cases) {
  test(name, () => {
    const r = runSwoll(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe("");
  });
}

test("not root: says what privileges are needed", () => {
  const r = runSwoll(["trace", "-s", "openat"], { user: 65534 });
  expect(r.code).toBe(1);
  expect(r.stderr).toBe("swoll: not enough privileges to load the probe: swoll needs root or CAP_BPF+CAP_PERFMON; run it with sudo\n");
});

test("selftest passes here and names each check", () => {
  const r = runSwoll(["selftest", "--no-color"]);
  expect(r.code).toBe(0);
  for (const check of ["privileges", "kernel BTF", "kernel version", "tracefs", "probe load+attach"]) expect(r.stdout).toMatch(new RegExp(`^ok\\s+${check.replace("+", "\\+")}`, "m"));
});

test("selftest as an unprivileged user fails and says how to fix it", () => {
  const r = runSwoll(["selftest", "--no-color"], { user: 65534 });
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^FAIL privileges/m);
  expect(r.stdout).toMatch(/fix: run swoll as root/);
});
