/** A traced process must not be able to drive the reader's terminal. */
import { expect, test, setDefaultTimeout } from "bun:test";
import { runWorkload, startTracer } from "../helpers/swoll";

// The real probe and real processes: each wait is bounded in the test itself.
setDefaultTimeout(60_000);

const ESC = "\x1b";
const hostileComm = `${ESC}]0;pwn${ESC}[2J`; // OSC title + clear screen, 14 bytes
const hostilePath = `/tmp/swoll-hostile-${process.pid}-${ESC}[31mred\x07\u009b1m\u202eevil`;

test("text output escapes escape sequences in comm and paths", async () => {
  const t = await startTracer(["trace", "-s", "openat", "--comm", hostileComm, "-d", "30s"]);
  try {
    runWorkload("comm", hostileComm, hostilePath);
    await t.waitFor((t) => t.out().includes("swoll-hostile"));
  } finally {
    await t.stop();
  }
  const line = t.lines().find((l) => l.includes("swoll-hostile"))!;
  expect(line).not.toContain(ESC);
  expect(line).not.toContain("\x07");
  expect(line).not.toContain("\u009b");
  expect(line).not.toContain("\u202e");
  expect(line).toContain(`\\33]0;pwn\\33[2J(`); // comm, strace-style
  expect(line).toContain(`swoll-hostile-${process.pid}-\\33[31mred\\7\\u{9b}1m\\u{202e}evil"`);
});

test("JSON output stays valid, inert and round-trips the exact strings", async () => {
  const t = await startTracer(["trace", "-s", "openat", "--comm", hostileComm, "--json", "-d", "30s"]);
  try {
    runWorkload("comm", hostileComm, hostilePath);
    await t.waitFor((t) => t.out().includes("swoll-hostile"));
  } finally {
    await t.stop();
  }
  const raw = t.out();
  expect(raw).not.toContain(ESC);
  expect(raw).not.toContain("\u009b");
  expect(raw).not.toContain("\u202e");
  const ev = t.json().find((e) => String(e.args?.pathname).includes("swoll-hostile"));
  expect(ev.comm).toBe(hostileComm);
  expect(ev.args.pathname).toBe(hostilePath);
});
