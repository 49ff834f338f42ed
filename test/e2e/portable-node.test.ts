/**
 * The library's portable part (dist/lib/portable.js, built by build.ts)
 * runs in Node, which has no bun:ffi: it decodes records and renders them
 * exactly as the tracer does, and reads Trace specs.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventDecoder } from "../../cli/decode/event";
import { syscallTable } from "../../cli/decode/syscalls";
import { CaptureKind } from "../../cli/decode/layout";
import { eventToJson } from "../../cli/output/json";
import { TextFormatter } from "../../cli/output/text";
import { record } from "../decode/record";
import { ROOT } from "../helpers/swoll";
import { monotonicNs } from "../../ffi/clock";

setDefaultTimeout(60_000);

const NODE_SCRIPT = `
import { readFileSync } from "node:fs";
const lib = await import(process.argv[2]);
const bytes = new Uint8Array(readFileSync(process.argv[3]));
const table = lib.syscallTable("x86_64");
const d = new lib.EventDecoder(table, true).decode(bytes, new DataView(bytes.buffer), Number(process.argv[4]));
const trace = lib.parseTrace(lib.readTrace(process.argv[5]), table);
console.log(JSON.stringify({
  json: lib.eventToJson(d.event),
  text: new lib.TextFormatter(false).event(d),
  errno: lib.errnoName(2),
  escaped: lib.escapeForTerminal("a\\x1b[2Jb"),
  traceSyscalls: trace.syscalls,
  traceName: trace.name,
}));
`;

test("Node decodes a record and renders it as the tracer does, and reads a Trace spec", () => {
  const dir = mkdtempSync(join(tmpdir(), "swoll-portable-"));
  try {
    const { buf, off } = record({
      nr: 257,
      ret: -2n,
      args: [-100n, 0x7ffc_0000_1000n, 0o2000000n, 0n, 0n, 0n],
      comm: "nginx",
      start: BigInt(monotonicNs()),
      captures: [{ arg: 1, kind: CaptureKind.Str, data: "/etc/\x1b]0;pwned\x07passwd" }],
    });
    const recFile = join(dir, "record.bin");
    writeFileSync(recFile, buf);
    const script = join(dir, "decode.mjs");
    writeFileSync(script, NODE_SCRIPT);
    const manifest = join(ROOT, "deploy", "trace-example.yaml");
    const r = Bun.spawnSync(["node", script, join(ROOT, "dist", "lib", "portable.js"), recFile, String(off), manifest], { stderr: "pipe" });
    expect(r.stderr.toString()).toBe("");
    expect(r.exitCode).toBe(0);
    const fromNode = JSON.parse(r.stdout.toString());

    // the same bytes through the same modules under Bun
    const table = syscallTable("x86_64");
    const d = new EventDecoder(table, true).decode(buf, new DataView(buf.buffer), off);
    const noTime = (line: string) => ({ ...JSON.parse(line), time: null });
    expect(noTime(fromNode.json)).toEqual(noTime(eventToJson(d.event)));
    // Node's clock: the record's monotonic start is now, so its time is now
    expect(Math.abs(Date.parse(JSON.parse(fromNode.json).time) - Date.now())).toBeLessThan(5_000);
    expect(JSON.parse(fromNode.json).args.pathname).toBe("/etc/\x1b]0;pwned\x07passwd"); // JSON keeps the bytes, escaped by JSON
    const noClock = (line: string) => line.replace(/^\d\d:\d\d:\d\d\.\d{6} /, "");
    expect(noClock(fromNode.text)).toBe(noClock(new TextFormatter(false).event(d)));
    expect(fromNode.text).toContain('openat(AT_FDCWD, "/etc/\\33]0;pwned\\7passwd", O_RDONLY|O_CLOEXEC) = -1 ENOENT');
    expect(fromNode.errno).toBe("ENOENT");
    expect(fromNode.escaped).toBe("a\\33[2Jb");
    expect(fromNode.traceSyscalls.length).toBeGreaterThan(0);
    expect(typeof fromNode.traceName).toBe("string");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
