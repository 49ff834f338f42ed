/** The `?` overlay: every key, its description wrapped to the width. */
import React from "react";
import { Box, Text } from "ink";
import { Line } from "./Line";

export const HELP: [string, string][] = [
  ["1 2 3 4", "group by syscall, errno, comm, process"],
  ["5 6 7 8", "group by container, pod, namespace, class"],
  ["g", "next grouping"],
  ["< >  , .", "sort by the column to the left / right"],
  ["r", "reverse the sort"],
  ["/", "filter rows by text (⏎ apply, esc cancel)"],
  ["↑ ↓ j k", "move the selection (PgUp, PgDn, Home, End)"],
  ["⏎", "drill down: namespace → pod → container → syscall → errno → live trace"],
  ["esc", "back: closes help, the trace, the filter, then one drill-down step"],
  ["space", "pause / resume"],
  ["?", "this help"],
  ["q  ctrl-c", "quit"],
];

export function Help({ width, height }: { width: number; height: number }) {
  const keyWidth = Math.max(...HELP.map(([k]) => k.length)) + 2;
  const inner = width - 4; // border and padding
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" paddingX={1} overflow="hidden">
      <Line segments={[{ text: "keys", bold: true }, { text: "  (esc or ? to close)", dim: true }]} width={inner} />
      {HELP.map(([k, what]) => (
        <Box key={k} flexDirection="row" width={inner}>
          <Box width={keyWidth} flexShrink={0}>
            <Text color="cyan" bold>
              {k}
            </Text>
          </Box>
          <Box width={inner - keyWidth}>
            <Text wrap="wrap">{what}</Text>
          </Box>
        </Box>
      ))}
    </Box>
  );
}
