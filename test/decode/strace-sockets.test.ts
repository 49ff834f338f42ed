/**
 * Sockets as strace 6.1's own tests print them: value-result addresses and
 * lengths, socket options per option, control messages. Each expected line
 * is the one the strace test program prints for the same call.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { captureSpecFor } from "../../cli/decode/args";
import { EventDecoder } from "../../cli/decode/event";
import { ArgCapture, ArgTiming, CaptureFlag, CaptureKind, SizeFlag } from "../../cli/decode/layout";
import { syscallTable } from "../../cli/decode/syscalls";
import { eventToJson } from "../../cli/output/json";
import { TextFormatter } from "../../cli/output/text";
import { B } from "./args-helpers";
import { Validator } from "./jsonschema";
import { record, type Cap } from "./record";

const table = syscallTable("x86_64");
const nr = (name: string) => table.byName(name)!.nr;
const schema = new Validator(JSON.parse(readFileSync(join(import.meta.dir, "..", "..", "docs", "event.schema.json"), "utf8")));
const text = new TextFormatter(false);
const P = 0x7f37_be0b_bff0n;
const L = 0x7f37_be2a_affcn;

/** Decode one record through EventDecoder: strace's part of the text line, and the JSON line parsed (schema-checked). */
function decode(name: string, args: bigint[], ret: bigint, captures: Cap[] = []): { line: string; json: any } {
  const r = record({ nr: nr(name), args, ret, captures });
  const d = new EventDecoder(table).decode(r.buf, r.dv, r.off, r.size);
  const line = text.event(d).replace(/^\S+ \S+ /, "").replace(/ <[\d.]+>$/, "");
  const json = JSON.parse(eventToJson(d.event));
  expect(schema.validate(json)).toEqual([]);
  return { line, json };
}

const bytes = (arg: number, data: Uint8Array | string, entry = false): Cap => ({ arg, kind: CaptureKind.Bytes, data, flags: entry ? CaptureFlag.Entry : 0 });
const int = (n: number) => new B().u32(n).get();
/** A value-result int: what the caller passed, then what the call wrote. */
const inOut = (arg: number, a: number, b: number): Cap[] => [bytes(arg, int(a), true), bytes(arg, int(b))];
const unix = (path: string) => new B().u16(1).str(path).get();

describe("value-result socket addresses", () => {
  test("the kernel's length exceeds the caller's buffer: what fits is decoded, [in => out]", () => {
    // the probe reads no more than the 16 bytes the caller's length said at entry
    const d = decode("accept", [3n, P, L], 15n, [bytes(1, unix("accept.socket.")), ...inOut(2, 16, 24)]);
    expect(d.line).toBe('accept(3, {sa_family=AF_UNIX, sun_path="accept.socket."}, [16 => 24]) = 15');
    expect(d.json.args.upeer_addrlen).toEqual({ in: 16, out: 24 });
  });

  test("a failed call: the address, and the length passed in", () => {
    const d = decode("accept4", [3n, P, L, 0x80000n], -14n, [bytes(2, int(25), true)]);
    expect(d.line).toBe("accept4(3, 0x7f37be0bbff0, [25], SOCK_CLOEXEC) = -1 EFAULT (Bad address)");
    expect(d.json.args.upeer_addrlen).toEqual({ in: 25 });
    expect(decode("recvfrom", [5n, 0n, 1n, 0n, P, L], -14n, [bytes(5, int(23), true)]).line).toBe(
      "recvfrom(5, NULL, 1, 0, 0x7f37be0bbff0, [23]) = -1 EFAULT (Bad address)",
    );
  });

  test("no address: the length pointer alone", () => {
    expect(decode("getsockname", [4n, 0n, L], -14n, [bytes(2, int(128), true)]).line).toBe("getsockname(4, NULL, 0x7f37be2aaffc) = -1 EFAULT (Bad address)");
  });

  test("the probe bounds an address the call writes by the length at entry, and keeps addresses whole", () => {
    for (const [name, addr, len] of [["accept4", 1, 2], ["getpeername", 1, 2], ["recvfrom", 4, 5]] as const) {
      const s = captureSpecFor(table.byName(name)!);
      expect(s.kinds[addr]).toBe(ArgCapture.BytesPtrLen | ArgTiming.AtBoth);
      expect(s.sizes[addr]).toBe(len | SizeFlag.Name);
    }
    const c = captureSpecFor(table.byName("connect")!);
    expect(c.sizes[1]).toBe(2 | SizeFlag.Name);
  });
});
