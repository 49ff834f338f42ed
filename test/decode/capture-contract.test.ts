/**
 * The capture contract between cli/decode and the probe: the kinds in
 * cli/decode/layout.ts must agree with bpf/events.h.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ArgCapture, CaptureKind } from "../../cli/decode/layout";

const h = readFileSync(join(import.meta.dir, "../../bpf/events.h"), "utf8");
const value = (name: string): number | undefined => {
  const m = new RegExp(`\\b${name}\\s*=\\s*(\\d+)`).exec(h);
  return m ? Number(m[1]) : undefined;
};

test("SWOLL_CAP_BYTES agrees", () => {
  expect(value("SWOLL_CAP_BYTES")).toBe(CaptureKind.Bytes);
});

const KINDS: [string, number][] = [
  ["SWOLL_ARG_BYTES_FIXED", ArgCapture.BytesFixed],
  ["SWOLL_ARG_BYTES_ARGLEN", ArgCapture.BytesArgLen],
  ["SWOLL_ARG_BYTES_RETLEN", ArgCapture.BytesRetLen],
  ["SWOLL_ARG_BYTES_PTRLEN", ArgCapture.BytesPtrLen],
  ["SWOLL_ARG_ARGV_COUNT", ArgCapture.ArgvCount],
  ["SWOLL_ARG_BYTES_ARGCOUNT", ArgCapture.BytesArgCount],
];
for (const [name, v] of KINDS)
  test(`${name} agrees`, () => {
    expect(value(name)).toBe(v);
  });

test("the kinds the probe already knows agree", () => {
  expect(value("SWOLL_ARG_CSTR")).toBe(ArgCapture.CStr);
  expect(value("SWOLL_ARG_ARGV")).toBe(ArgCapture.Argv);
  expect(value("SWOLL_CAP_STR")).toBe(CaptureKind.Str);
  expect(value("SWOLL_CAP_ARGV_ITEM")).toBe(CaptureKind.ArgvItem);
});
