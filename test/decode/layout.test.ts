/** The TypeScript view of bpf/events.h must match what the C compiler laid out. */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { metricsLayout, nativeEventLayout, COUNTER_NAMES } from "../../ffi/probe";
import { CAPTURE, CAPTURE_SPEC_SIZE, COUNTER_COUNT, EVENT, EVENT_LAYOUT_ORDER, CaptureFlag, CaptureKind, EventFlag, SpecFlag } from "../../cli/decode/layout";

test("struct swoll_event offsets agree with the compiled shim", () => {
  const native = nativeEventLayout();
  expect(native.slice(0, EVENT_LAYOUT_ORDER.length)).toEqual([...EVENT_LAYOUT_ORDER]);
  expect(native[0]).toBe(EVENT.size);
  expect(native[0]! % 8).toBe(0);
});

test("capture header, capture spec and counters agree", () => {
  const native = nativeEventLayout();
  const n = EVENT_LAYOUT_ORDER.length;
  expect(native[n]).toBe(CAPTURE.size);
  expect(native[n + 1]).toBe(CAPTURE_SPEC_SIZE);
  expect(native[n + 2]).toBe(COUNTER_COUNT);
  expect(COUNTER_NAMES.length).toBe(COUNTER_COUNT);
});

test("enum values agree with bpf/events.h", () => {
  const h = readFileSync(join(import.meta.dir, "../../bpf/events.h"), "utf8");
  const value = (name: string) => {
    const m = new RegExp(`${name}\\s*=\\s*(?:1 << (\\d+)|(\\d+))`).exec(h);
    if (!m) throw new Error(`${name} not in events.h`);
    return m[1] !== undefined ? 1 << Number(m[1]) : Number(m[2]);
  };
  expect(value("SWOLL_EVF_NO_RETURN")).toBe(EventFlag.NoReturn);
  expect(value("SWOLL_EVF_CAP_EXHAUSTED")).toBe(EventFlag.CaptureExhausted);
  expect(value("SWOLL_CAP_STR")).toBe(CaptureKind.Str);
  expect(value("SWOLL_CAP_ARGV_ITEM")).toBe(CaptureKind.ArgvItem);
  expect(value("SWOLL_CAPF_TRUNCATED")).toBe(CaptureFlag.Truncated);
  expect(value("SWOLL_CAPF_FAULT")).toBe(CaptureFlag.Fault);
  expect(value("SWOLL_CAPF_MORE")).toBe(CaptureFlag.More);
  expect(value("SWOLL_SPEC_EMIT_AT_ENTER")).toBe(SpecFlag.EmitAtEnter);
  expect(value("SWOLL_SPEC_CAPTURE_AT_ENTER")).toBe(SpecFlag.CaptureAtEnter);
  expect(value("SWOLL_CTR_LOST_RINGBUF")).toBe(COUNTER_NAMES.indexOf("ringbuf_full"));
  expect(COUNTER_NAMES[metricsLayout().fullCounter]).toBe("metrics_full"); // SWOLL_CTR_METRICS_FULL, as compiled
});

test("the aggregation records' sizes are asserted in bpf/events.h and agree with the compiled shim", () => {
  const h = readFileSync(join(import.meta.dir, "../../bpf/events.h"), "utf8");
  const asserted = (struct: string) => {
    const m = new RegExp(`_Static_assert\\(sizeof\\(struct ${struct}\\) == (\\d+),`).exec(h);
    if (!m) throw new Error(`no size assertion for struct ${struct} in events.h`);
    return Number(m[1]);
  };
  const l = metricsLayout();
  expect(asserted("swoll_metric_key")).toBe(l.keySize);
  expect(asserted("swoll_proc_metric_key")).toBe(l.procKeySize);
  expect(l.valueSize).toBe(16 + 8 * l.buckets);
  expect(l.procValueSize).toBe(l.valueSize + l.commLen);
});
