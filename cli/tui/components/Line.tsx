/**
 * One terminal line made of styled segments, cut to `width` columns with
 * an ellipsis and padded to it, so nothing ever wraps. Segment text is
 * sanitised here.
 */
import React from "react";
import { Text } from "ink";
import { clean, fit, width as widthOf } from "../format";

export type Color = "red" | "yellow" | "green" | "cyan" | "gray";

export interface Segment {
  text: string;
  color?: Color;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

export interface LineProps {
  segments: Segment[];
  width: number;
  /** Style over the whole line (the selected row). */
  inverse?: boolean;
  /** Pad to the full width (so an inverse line is a full bar). */
  pad?: boolean;
}

/** The segments that fit in `width`, the last one cut with "…". */
export function fitSegments(segments: Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let left = width;
  for (const s of segments) {
    if (left <= 0) break;
    const text = clean(s.text);
    const w = widthOf(text);
    if (w <= left) {
      out.push({ ...s, text });
      left -= w;
    } else {
      out.push({ ...s, text: fit(text, left) });
      left = 0;
    }
  }
  return out;
}

export function Line({ segments, width, inverse, pad }: LineProps) {
  const parts = fitSegments(segments, width);
  const used = parts.reduce((n, s) => n + widthOf(s.text), 0);
  const rest = pad && used < width ? " ".repeat(width - used) : "";
  return (
    <Text inverse={inverse} wrap="truncate-end">
      {parts.map((s, i) => (
        <Text key={i} color={s.color} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>
          {s.text}
        </Text>
      ))}
      {rest}
    </Text>
  );
}
