/** A whole frame, from the store's state: header, path, banner, body, footer. */
import React from "react";
import { Box, Text } from "ink";
import { PROCESS_DIMENSIONS } from "../aggregate";
import type { TopState } from "../store";
import type { GroupRow } from "../types";
import { Footer, LostBanner, PathBar } from "./Bars";
import { Header, type Meta } from "./Header";
import { Help } from "./Help";
import { Table } from "./Table";
import { TraceView } from "./TraceView";

export interface ScreenProps {
  state: TopState;
  rows: GroupRow[];
  selected: number;
  meta: Meta;
  width: number;
  height: number;
  slowNs: number;
  nowMs: number;
}

const HEADER_LINES = 4; // three header lines and the path

export function unavailableText(dim: string): string {
  return `grouping by ${dim} needs counts per process, and this source counts per cgroup, syscall and errno only`;
}

export function Screen(p: ScreenProps) {
  const s = p.state;
  const banner = s.totals.lostWindow > 0;
  const body = Math.max(2, p.height - HEADER_LINES - 1 - (banner ? 1 : 0));
  let main: React.ReactNode;
  if (s.help) main = <Help width={p.width} height={body} />;
  else if (s.trace) main = <TraceView trace={s.trace} width={p.width} height={body} paused={s.paused} />;
  else if (!s.perProcess && PROCESS_DIMENSIONS.has(s.grouping))
    main = (
      <Text color="yellow" wrap="wrap">
        {unavailableText(s.grouping)}
      </Text>
    );
  else {
    const empty = s.windows === 0 ? "counting… the first numbers arrive after one interval" : s.filter ? `no ${s.grouping} matches /${s.filter}` : "no calls counted";
    main = <Table rows={p.rows} grouping={s.grouping} sort={s.sort} selected={p.selected} width={p.width} height={body} slowNs={p.slowNs} empty={empty} />;
  }
  return (
    <Box flexDirection="column" width={p.width}>
      <Header meta={p.meta} width={p.width} uptimeMs={p.nowMs - s.startedAtMs} totals={s.totals} paused={s.paused} grouping={s.grouping} sort={s.sort} filter={s.filter} />
      <PathBar path={s.path} width={p.width} />
      {banner ? <LostBanner totals={s.totals} windowMs={s.windowMs} width={p.width} /> : null}
      <Box flexDirection="column" height={body} width={p.width} overflow="hidden">
        {main}
      </Box>
      <Footer width={p.width} draft={s.draft} message={s.message} />
    </Box>
  );
}
