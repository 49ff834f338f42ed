/** Result filters by errno in the kernel: each stream gets only the calls that failed with its errnos. */
import { afterEach, expect, setDefaultTimeout, test } from "bun:test";
import { syscallTable } from "../../cli/decode/syscalls";
import { errnoByName } from "../../cli/decode/errno";
import { ProbeHost } from "../../cli/probe/host";
import type { TraceEvent } from "../../cli/decode/event";
import { ownWorkload, type OwnWorkload } from "../helpers/workload";

setDefaultTimeout(60_000);

const table = syscallTable();
let host: ProbeHost | null = null;
let w: OwnWorkload | null = null;
afterEach(() => {
  host?.close();
  w?.remove();
});

test("a stream's errno set is applied in the kernel; another stream's set is its own; a removed rule's errnos are cleared", async () => {
  w = ownWorkload();
  const ENOENT = errnoByName("ENOENT")!;
  const EBADF = errnoByName("EBADF")!;
  host = ProbeHost.open(table, {
    streaming: {},
    // no user-space filter anywhere: what a stream delivers is what the kernel let through
    streams: [{ rule: { comms: [w.comm], errnos: [ENOENT] } }, { rule: { comms: [w.comm], errnos: [EBADF, ENOENT] } }, { rule: { comms: [w.comm], result: "failed" } }],
  });
  const [enoent, both, failed] = host.streams;
  w.run("open", "/nonexistent/swoll-errno-rule", "7");
  w.run("badfd");
  const got: TraceEvent[][] = [[], [], []];
  const end = Date.now() + 20_000;
  // the unfiltered failed stream sees the workload's last call (a failing one of badfd) last
  const badfdCount = () => got[2]!.filter((e) => e.error === "EBADF").length;
  while (!(got[0]!.filter((e) => (e.args as { pathname?: string }).pathname === "/nonexistent/swoll-errno-rule").length === 7 && badfdCount() > 0 && got[1]!.filter((e) => e.error === "EBADF").length === badfdCount())) {
    if (Date.now() > end) throw new Error(`timed out: ${got.map((g) => g.length).join(", ")}`);
    let n = 0;
    [enoent, both, failed].forEach((s, i) => (n += s!.poll((d) => void got[i]!.push(d.event))));
    if (n === 0) await Bun.sleep(5);
  }
  expect(got[0]!.every((e) => e.error === "ENOENT")).toBe(true);
  expect(got[1]!.every((e) => e.error === "ENOENT" || e.error === "EBADF")).toBe(true);
  expect(got[1]!.filter((e) => e.error === "ENOENT").length).toBe(got[0]!.length);
  // the failed-only stream saw other errors too (badfd's calls fail with more than EBADF), which the errno streams did not
  const other = got[2]!.filter((e) => e.error !== "ENOENT" && e.error !== "EBADF");
  expect(other.length).toBeGreaterThan(0);

  // a removed rule leaves no errno bits behind
  const bit = enoent!.rule.bit;
  enoent!.close();
  const v = new Uint8Array(8);
  expect(host.probe.lookupMap("errno_rules", new Uint8Array(new Uint32Array([ENOENT]).buffer), v)).toBe(true);
  expect(new DataView(v.buffer).getBigUint64(0, true) & (1n << BigInt(bit))).toBe(0n);
});
