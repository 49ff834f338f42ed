/**
 * One synthetic record through the whole decoding path (EventDecoder, the
 * text formatter, the JSON renderer): strace's part of the text line, and
 * the JSON line parsed and checked against docs/event.schema.json.
 */
import { expect } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EventDecoder } from "../../cli/decode/event";
import { syscallTable } from "../../cli/decode/syscalls";
import { eventToJson } from "../../cli/output/json";
import { TextFormatter } from "../../cli/output/text";
import { Validator } from "./jsonschema";
import { record, type Cap } from "./record";

const table = syscallTable("x86_64");
const schema = new Validator(JSON.parse(readFileSync(join(import.meta.dir, "..", "..", "docs", "event.schema.json"), "utf8")));
const text = new TextFormatter(false);

/** `args`: the registers (a negative number is its 64-bit two's complement); `ret`: the raw return value. */
export function decodeRecord(name: string, args: readonly (bigint | number)[], ret: bigint | number, captures: Cap[] = []): { line: string; json: any } {
  const info = table.byName(name);
  if (!info) throw new Error(`no ${name} on x86_64`);
  const r = record({ nr: info.nr, args: args.map((a) => BigInt.asUintN(64, BigInt(a))), ret: BigInt(ret), captures });
  const d = new EventDecoder(table).decode(r.buf, r.dv, r.off, r.size);
  const line = text.event(d).replace(/^\S+ \S+ /, "").replace(/ <[\d.]+>$/, "");
  const json = JSON.parse(eventToJson(d.event));
  expect(schema.validate(json)).toEqual([]);
  return { line, json };
}
