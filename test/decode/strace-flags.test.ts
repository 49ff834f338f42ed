/**
 * Flags and enumerations printed as strace prints them: unknown values cut
 * to their C type, the flag sets each call really takes, and the arguments
 * strace leaves as addresses.
 */
import { describe, expect, test } from "bun:test";
import { EventDecoder } from "../../cli/decode/event";
import { syscallTable } from "../../cli/decode/syscalls";
import { eventToJson } from "../../cli/output/json";
import { TextFormatter } from "../../cli/output/text";
import { Validator } from "./jsonschema";
import { record, type Cap } from "./record";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const table = syscallTable("x86_64");
const nr = (name: string) => table.byName(name)!.nr;
const schema = new Validator(JSON.parse(readFileSync(join(import.meta.dir, "..", "..", "docs", "event.schema.json"), "utf8")));
const text = new TextFormatter(false);
const u64 = (v: bigint) => BigInt.asUintN(64, v);

/** Decode one record through EventDecoder: strace's part of the text line, and the JSON line parsed. */
function decode(name: string, args: bigint[], ret: bigint, captures: Cap[] = []): { line: string; json: any } {
  const r = record({ nr: nr(name), args, ret, captures });
  const d = new EventDecoder(table).decode(r.buf, r.dv, r.off, r.size);
  const line = text.event(d).replace(/^\S+ \S+ /, "").replace(/ <[\d.]+>$/, "");
  const json = JSON.parse(eventToJson(d.event));
  expect(schema.validate(json)).toEqual([]);
  return { line, json };
}

describe("unknown enumeration values", () => {
  test("an int's unknown value prints in 32-bit hex", () => {
    const d = decode("ioprio_get", [u64(-94912785n), 42n], -22n);
    expect(d.line).toBe("ioprio_get(0xfa57beef /* IOPRIO_WHO_??? */, 42) = -1 EINVAL (Invalid argument)");
    expect(d.json.args.which).toBe(-94912785);
    expect(decode("getitimer", [0xdeadbeefn, 0n], -22n).line).toBe("getitimer(0xdeadbeef /* ITIMER_??? */, NULL) = -1 EINVAL (Invalid argument)");
  });
});
