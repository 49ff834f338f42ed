/**
 * docs/event.schema.json describes every line `swoll trace --json` writes:
 * events built by EventDecoder from crafted records (for every syscall, with
 * realistic and with hostile captures) and lost-event lines all validate.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { captureSpecFor, SPECS } from "../../cli/decode/args";
import { EventDecoder } from "../../cli/decode/event";
import { ArgCapture, CaptureFlag, CaptureKind, EventFlag } from "../../cli/decode/layout";
import { syscallTable, type Arch, type SyscallInfo } from "../../cli/decode/syscalls";
import { eventToJson, lostToJson, safeJson } from "../../cli/output/json";
import { summaryObject } from "../../cli/output/summary";
import { noticeLine, payloadLine, warningNotice } from "../../cli/cluster/client";
import { Validator } from "./jsonschema";
import { record, type Cap, type Rec } from "./record";

const SCHEMA = JSON.parse(readFileSync(join(import.meta.dir, "../../docs/event.schema.json"), "utf8"));
const v = new Validator(SCHEMA);
const PTR = 0x7ffc_1234_5678n;

function line(r: Rec, arch: Arch = "x86_64"): unknown {
  const { buf, dv, off } = record(r);
  return JSON.parse(eventToJson(new EventDecoder(syscallTable(arch), false).decode(buf, dv, off).event));
}

function expectValid(doc: unknown): void {
  const errs = v.validate(doc);
  if (errs.length) throw new Error(`${JSON.stringify(doc)}\n${errs.slice(0, 8).join("\n")}`);
}

const u32 = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);
const inet = new Uint8Array([2, 0, 0, 80, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
const inet6 = new Uint8Array([10, 0, 1, 187, 0, 0, 0, 0, ...new Array(15).fill(0), 1, 0, 0, 0, 0]);
const unixAbs = new Uint8Array([1, 0, 0, ...new TextEncoder().encode("swoll")]);
const nr = (name: string, arch: Arch = "x86_64") => syscallTable(arch).byName(name)!.nr;

describe("the validator", () => {
  test("refuses schemas with keywords it does not implement", () => {
    expect(() => new Validator({ type: "object", patternProperties: {} })).toThrow(/patternProperties/);
  });
  test("rejects what the schema forbids", () => {
    const good = line({ nr: nr("openat"), ret: 3n, args: [-100n, PTR, 0n, 0n], captures: [{ arg: 1, kind: CaptureKind.Str, data: "/etc/hostname" }] }) as Record<string, unknown>;
    expectValid(good);
    const bad = (f: (e: Record<string, unknown>) => void) => {
      const e = structuredClone(good);
      f(e);
      return v.validate(e);
    };
    expect(bad((e) => delete e.pid)).not.toEqual([]);
    expect(bad((e) => (e.extra = 1))).not.toEqual([]);
    expect(bad((e) => (e.error = "enoent"))).not.toEqual([]);
    expect(bad((e) => (e.time = "yesterday"))).not.toEqual([]);
    expect(bad((e) => ((e.args as Record<string, unknown>).flags = "O_RDONLY"))).not.toEqual([]);
    expect(bad((e) => ((e.args as Record<string, unknown>).pathname = { addr: "0x1" }))).not.toEqual([]);
    expect(bad((e) => (e.truncated = []))).not.toEqual([]);
    expect(bad((e) => ((e.syscall as Record<string, unknown>).class = "Other"))).not.toEqual([]);
  });
});

describe("events validate", () => {
  const cases: [string, Rec][] = [
    ["openat", { nr: nr("openat"), ret: 3n, args: [-100n, PTR, 0o2000000n, 0n], captures: [{ arg: 1, kind: CaptureKind.Str, data: "/etc/hostname" }] }],
    ["openat ENOENT, truncated path", { nr: nr("openat"), ret: -2n, args: [-100n, PTR, 0n, 0n], captures: [{ arg: 1, kind: CaptureKind.Str, flags: CaptureFlag.Truncated, data: "/long" }] }],
    ["openat faulted path", { nr: nr("openat"), ret: -14n, args: [-100n, PTR, 0n, 0n], captures: [{ arg: 1, kind: CaptureKind.Str, flags: CaptureFlag.Fault, data: "" }] }],
    ["connect inet", { nr: nr("connect"), ret: -111n, args: [3n, PTR, 16n], captures: [{ arg: 1, kind: CaptureKind.Bytes, data: inet }] }],
    ["connect inet6", { nr: nr("connect"), ret: 0n, args: [3n, PTR, 28n], captures: [{ arg: 1, kind: CaptureKind.Bytes, data: inet6 }] }],
    ["bind abstract unix", { nr: nr("bind"), ret: 0n, args: [3n, PTR, 8n], captures: [{ arg: 1, kind: CaptureKind.Bytes, data: unixAbs }] }],
    ["accept4", { nr: nr("accept4"), ret: 5n, args: [3n, PTR, PTR, 0x80000n], captures: [{ arg: 1, kind: CaptureKind.Bytes, data: inet }, { arg: 2, kind: CaptureKind.Bytes, data: u32(16) }] }],
    ["read", { nr: nr("read"), ret: 5n, args: [3n, PTR, 4096n], captures: [{ arg: 1, kind: CaptureKind.Bytes, data: "hi\0\xff" }] }],
    ["execve with argv and envp count", {
      nr: nr("execve"), ret: 0n, args: [PTR, PTR, PTR],
      captures: [{ arg: 0, kind: CaptureKind.Str, data: "/bin/ls" }, { arg: 1, kind: CaptureKind.ArgvItem, data: "ls" }, { arg: 1, kind: CaptureKind.ArgvItem, flags: CaptureFlag.More, data: "" }, { arg: 2, kind: CaptureKind.Bytes, data: u32(12) }],
    }],
    ["exit_group never returns", { nr: nr("exit_group"), flags: EventFlag.NoReturn, args: [1n] }],
    ["capture budget exhausted", { nr: nr("openat"), flags: EventFlag.CaptureExhausted, ret: 3n, args: [-100n, PTR, 0n, 0n] }],
    ["unknown syscall number", { nr: 999, ret: 0n, args: [1n, 2n, 3n, 4n, 5n, 6n] }],
  ];
  test.each(cases)("%s", (_n, r) => expectValid(line(r)));

  /** Captures as the probe would make them for this spec, with plausible contents. */
  function realistic(info: SyscallInfo, ok: boolean): Rec {
    const { kinds, sizes } = captureSpecFor(info);
    const args: bigint[] = [3n, PTR, 3n, PTR, 3n, PTR];
    const captures: Cap[] = [];
    let ret = ok ? 3n : -22n;
    kinds.forEach((k, i) => {
      const s = sizes[i]!;
      args[i] = PTR + BigInt(i * 64);
      switch (k) {
        case ArgCapture.CStr:
        case ArgCapture.Path: captures.push({ arg: i, kind: CaptureKind.Str, data: "/tmp/swoll" }); break;
        case ArgCapture.Argv: for (const a of ["sh", "-c", "true"]) captures.push({ arg: i, kind: CaptureKind.ArgvItem, data: a }); break;
        case ArgCapture.ArgvCount: captures.push({ arg: i, kind: CaptureKind.Bytes, data: u32(7) }); break;
        case ArgCapture.BytesFixed: captures.push({ arg: i, kind: CaptureKind.Bytes, data: new Uint8Array(s) }); break;
        case ArgCapture.BytesArgLen: args[s & 0xff] = 16n; captures.push({ arg: i, kind: CaptureKind.Bytes, data: inet }); break;
        case ArgCapture.BytesRetLen: if (ok) { ret = 5n; captures.push({ arg: i, kind: CaptureKind.Bytes, data: "hello" }); } break;
        case ArgCapture.BytesPtrLen: captures.push({ arg: i, kind: CaptureKind.Bytes, data: inet }); break;
        case ArgCapture.BytesArgCount: args[s & 0xff] = 2n; captures.push({ arg: i, kind: CaptureKind.Bytes, data: new Uint8Array(2 * (s >> 8)) }); break;
      }
    });
    const never = info.name === "exit" || info.name === "exit_group";
    return { nr: info.nr, ret, args, captures, flags: never ? EventFlag.NoReturn : 0 };
  }

  for (const arch of ["x86_64", "aarch64"] as Arch[])
    test(`${arch}: every decoded syscall, succeeding and failing, with realistic captures`, () => {
      let n = 0;
      for (const info of syscallTable(arch).all()) {
        if (!SPECS[info.name]) continue;
        for (const ok of [true, false]) {
          expectValid(line(realistic(info, ok), arch));
          n++;
        }
      }
      expect(n).toBeGreaterThan(250);
    }, 60_000);

  test("every syscall with hostile registers and captures", () => {
    let seed = 99;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed / 2 ** 32);
    const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
    for (const info of syscallTable("x86_64").all()) {
      for (let round = 0; round < 6; round++) {
        const captures: Cap[] = [];
        for (let k = Math.floor(rnd() * 4); k > 0; k--) {
          const data = new Uint8Array(pick([0, 2, 4, 8, 16, 28, 100, 256])).map(() => Math.floor(rnd() * 256));
          captures.push({ arg: pick([0, 1, 2, 3, 4, 5]), kind: pick([CaptureKind.Str, CaptureKind.ArgvItem, CaptureKind.Bytes]), flags: pick([0, 1, 2, 4]), data });
        }
        const args = Array.from({ length: 6 }, () => pick([0n, 1n, -1n, -100n, PTR, 0xffffffffn, 2n ** 40n]));
        const never = info.name === "exit" || info.name === "exit_group";
        expectValid(line({ nr: info.nr, ret: pick([0n, 1n, -1n, -14n, 4096n, 2n ** 45n]), args, captures, flags: never ? EventFlag.NoReturn : pick([0, 2]) }));
      }
    }
  }, 60_000);
});

describe("lost lines validate", () => {
  test("each cause", () => {
    for (const cause of ["ringbuf_full", "task_storage", "shutdown"] as const)
      expectValid(JSON.parse(lostToJson({ cause, count: 134756, from: "2026-11-24T20:50:12.656Z", to: "2026-11-24T20:50:12.865Z" })));
  });
  test("and nothing else passes as one", () => {
    const lost = { $ref: "#/$defs/lost" };
    expect(v.validate({ type: "lost", cause: "disk_full", count: 1, from: "2026-11-24T20:50:12.656Z", to: "2026-11-24T20:50:12.865Z" }, lost)).not.toEqual([]);
    expect(v.validate({ type: "lost", cause: "ringbuf_full", count: 0, from: "x", to: "y" }, lost).length).toBe(3);
  });
});

describe("Job log lines (swoll trace --trace-ref / --cluster --output payload) validate", () => {
  // an agent's stream lines carry their node; the cluster client wraps them
  const agentEvent = (node: string) => {
    const { buf, dv, off } = record({ nr: nr("execve"), ret: 0n, args: [PTR, PTR, PTR], captures: [{ arg: 0, kind: CaptureKind.Str, data: "/bin/echo" }] });
    return eventToJson(new EventDecoder(syscallTable("x86_64"), false).decode(buf, dv, off).event).slice(0, -1) + `,"node":${JSON.stringify(node)}}`;
  };
  const agentLost = lostToJson({ cause: "ringbuf_full", count: 3, from: "2026-11-24T20:50:12.656Z", to: "2026-11-24T20:50:12.865Z" }).slice(0, -1) + ',"node":"node-1"}';
  test("an event under payload, with its node", () => {
    const doc = JSON.parse(payloadLine(agentEvent("node-1")));
    expectValid(doc);
    expect(Object.keys(doc)).toEqual(["payload"]);
    expect(doc.payload.node).toBe("node-1");
    const { node: _, ...nodeless } = doc.payload;
    expect(v.validate({ payload: nodeless })).not.toEqual([]);
  });
  test("a loss, a node lost (a broken stream or a silent agent) and a warning under notice; no other shape passes", () => {
    const doc = JSON.parse(noticeLine(agentLost));
    expectValid(doc);
    expect(doc.notice).toMatchObject({ type: "lost", node: "node-1" });
    const lostNode = JSON.parse(noticeLine(JSON.stringify({ type: "node_lost", node: "node-b", time: "2026-11-24T20:50:12.656Z", reason: "no heartbeat from its agent for 7s" })));
    expectValid(lostNode);
    expectValid(JSON.parse(warningNotice("node node-c hosts selected pods but runs no swoll agent; tracing it once one starts")));
    expectValid({ notice: { type: "error", message: "Trace web/x not found" } });
    // heartbeats are consumed by the client, and an agent's end line is not a Job log line
    expect(v.validate({ notice: { type: "heartbeat", node: "node-1", time: "2026-11-24T20:50:12.656Z" } })).not.toEqual([]);
    expect(v.validate({ notice: { type: "end", node: "node-1", time: "2026-11-24T20:50:12.656Z", reason: "duration" } })).not.toEqual([]);
    expect(v.validate({ notice: { type: "node_lost", node: "node-b" } })).not.toEqual([]);
    expect(v.validate({ payload: doc.notice })).not.toEqual([]);
    expect(v.validate({ ...doc, extra: 1 })).not.toEqual([]);
  });
});

describe("the -c/-C summary line (--output json)", () => {
  const table = syscallTable("x86_64");
  const counted = [
    { cgroupId: 1, nr: nr("openat"), errno: 0, count: 3, totalNs: 9_000n },
    { cgroupId: 1, nr: nr("openat"), errno: 2, count: 1, totalNs: 1_000n },
    { cgroupId: 7, nr: nr("getppid"), errno: 0, count: 50, totalNs: 5_000n },
    { cgroupId: 7, nr: 999, errno: 0, count: 1, totalNs: 0n },
  ];
  const json = (o: Record<string, unknown>) => JSON.parse(safeJson(o));

  test("by syscall: rows, most time first, and totals, as the text table counts them", () => {
    const doc = json(summaryObject({ by: "syscall", rows: counted }, table));
    expectValid(doc);
    expect(doc.rows.map((r: { syscall: string }) => r.syscall)).toEqual(["openat", "getppid", "syscall_999"]);
    expect(doc.rows[0]).toEqual({ syscall: "openat", calls: 4, errors: 1, seconds: 0.00001, usecs_per_call: 2, percent_time: 66.6666 });
    expect(doc.totals).toEqual({ calls: 55, errors: 1, seconds: 0.000015, usecs_per_call: 0, percent_time: 100 });
    // -Z keeps the failures only
    expect(json(summaryObject({ by: "syscall", rows: counted }, table, (e) => e !== 0)).rows).toEqual([{ syscall: "openat", calls: 1, errors: 1, seconds: 0.000001, usecs_per_call: 1, percent_time: 100 }]);
    // nothing counted: no rows, zero totals
    const empty = json(summaryObject({ by: "syscall", rows: [] }, table));
    expectValid(empty);
    expect(empty).toEqual({ type: "summary", by: "syscall", rows: [], totals: { calls: 0, errors: 0, seconds: 0, usecs_per_call: 0, percent_time: 0 } });
  });

  test("by pod: a group per container with its namespace, pod and container, the host's with nulls, totals of all", () => {
    const hostile = "web\x1b[2J";
    const doc = json(summaryObject({
      by: "pod",
      groups: [
        { name: "host (no container)", owner: { namespace: null, pod: null, container: null, container_id: null }, rows: counted.slice(0, 2) },
        { name: `${hostile}/db-0/postgres`, owner: { namespace: hostile, pod: "db-0", container: "postgres", container_id: "0123456789abcdef" }, rows: counted.slice(2) },
      ],
    }, table));
    expectValid(doc);
    expect(doc.groups.map((g: Record<string, unknown>) => [g.namespace, g.pod, g.container])).toEqual([[null, null, null], [hostile, "db-0", "postgres"]]);
    expect(doc.groups[0].totals.calls).toBe(4);
    expect(doc.groups[1].rows.map((r: { syscall: string }) => r.syscall)).toEqual(["getppid", "syscall_999"]);
    expect(doc.totals).toMatchObject({ calls: 55, errors: 1, percent_time: 100 });
    expect(safeJson(doc)).not.toContain("\x1b");
  });

  test("no other shape passes", () => {
    const good = json(summaryObject({ by: "syscall", rows: counted }, table));
    const bad = (f: (d: any) => void) => {
      const d = structuredClone(good);
      f(d);
      return v.validate(d);
    };
    expect(bad((d) => delete d.totals)).not.toEqual([]);
    expect(bad((d) => (d.groups = []))).not.toEqual([]);
    expect(bad((d) => (d.by = "pod"))).not.toEqual([]);
    expect(bad((d) => (d.rows[0].usecsPerCall = 1))).not.toEqual([]);
    expect(bad((d) => (d.rows[0].calls = 0))).not.toEqual([]);
    expect(bad((d) => (d.totals.percent_time = 101))).not.toEqual([]);
    expect(v.validate({ type: "summary", by: "pod", totals: good.totals })).not.toEqual([]);
  });
});
