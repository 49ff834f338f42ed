/**
 * cli/decode/layout.ts is generated from bpf/events.h (freshness.test.ts
 * checks it); what is left here is the aggregation records, read through
 * the shim's compiled layout.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { metricsLayout } from "../../ffi/probe";
import { COUNTER_NAMES, METRIC_KEY, PROC_METRIC_KEY } from "../../cli/decode/layout";

test("the aggregation records' sizes are asserted in bpf/events.h and agree with the compiled shim", () => {
  const h = readFileSync(join(import.meta.dir, "../../bpf/events.h"), "utf8");
  const asserted = (struct: string) => {
    const m = new RegExp(`_Static_assert\\(sizeof\\(struct ${struct}\\) == (\\d+),`).exec(h);
    if (!m) throw new Error(`no size assertion for struct ${struct} in events.h`);
    return Number(m[1]);
  };
  const l = metricsLayout();
  expect(COUNTER_NAMES[l.fullCounter]).toBe("metrics_full");
  expect([l.keySize, l.procKeySize]).toEqual([METRIC_KEY.size, PROC_METRIC_KEY.size]);
  expect(asserted("swoll_metric_key")).toBe(l.keySize);
  expect(asserted("swoll_proc_metric_key")).toBe(l.procKeySize);
  expect(l.valueSize).toBe(16 + 8 * l.buckets);
  expect(l.procValueSize).toBe(l.valueSize + l.commLen);
});
