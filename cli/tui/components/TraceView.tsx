/** The drill-down's end: a live trace of the calls on the selected path. */
import React from "react";
import { Box } from "ink";
import * as f from "../format";
import type { TraceState } from "../store";
import type { TraceLine } from "../types";
import { Line, type Segment } from "./Line";

/** A call cut in the middle (its arguments) so that who, result and latency stay visible. */
export function traceSegments(l: TraceLine, width: number): Segment[] {
  const head: Segment[] = [
    { text: `${l.time} `, dim: true },
    { text: f.clean(l.comm), color: "cyan" },
    { text: `(${l.pid}${l.tid !== l.pid ? `/${l.tid}` : ""}) ` },
  ];
  const size = (segs: Segment[]) => segs.reduce((n, s) => n + f.width(f.clean(s.text)), 0);
  const tailOf = (result: string): Segment[] => [{ text: " = " }, { text: result, color: l.failed ? "red" : undefined }, { text: ` <${f.duration(l.latencyNs)}>`, dim: true }];
  let tail = tailOf(l.result);
  const call = f.clean(l.call);
  // short of room, "-1 ENOENT (No such file or directory)" becomes "-1 ENOENT"
  if (width - size(head) - size(tail) < Math.min(f.width(call), 40)) tail = tailOf(l.result.replace(/ \(.*\)$/, ""));
  const room = Math.max(12, width - size(head) - size(tail));
  return [...head, { text: f.width(call) > room ? f.fit(call, room) : call }, ...tail];
}

export function TraceView({ trace, width, height, paused }: { trace: TraceState; width: number; height: number; paused: boolean }) {
  const t = trace;
  const title: Segment[] = [
    { text: "trace ", bold: true },
    { text: t.selection.title || "all", color: "cyan" },
    { text: `  ${paused ? "paused" : "streaming"}  ${f.count(t.lines.length + t.scrolledOff)} calls  ` },
    { text: `lost ${f.count(t.lost)}`, color: t.lost > 0 ? "red" : undefined, bold: t.lost > 0 },
  ];
  const visible = Math.max(0, height - 1);
  const lines = t.lines.slice(-visible);
  return (
    <Box flexDirection="column" width={width}>
      <Line segments={title} width={width} />
      {lines.length === 0 ? <Line segments={[{ text: "waiting for matching calls…", dim: true }]} width={width} /> : null}
      {lines.map((l, i) => (
        <Line key={t.scrolledOff + t.lines.length - lines.length + i} width={width} segments={traceSegments(l, width)} />
      ))}
    </Box>
  );
}
