/**
 * Bounds on a YAML text's shape, checked in one linear pass before the
 * YAML library sees it. The library's cost grows with nesting (50 000 `[`
 * take it over a second), and a manifest is a handful of levels deep and
 * one document long, so anything far past that is refused up front with
 * the line and column where the limit was crossed.
 *
 * The scan is conservative rather than a parser: it skips quoted scalars
 * and comments, counts flow brackets ({ [) and block levels (indentation,
 * plus each `- `, `? ` or `: ` that opens a node on the same line), and
 * counts document starts (`---`). It may overcount inside block scalars
 * (`|`), which a manifest does not use; the limits leave ample room.
 */

export interface YamlLimits {
  /** Block levels plus open flow brackets. */
  maxDepth: number;
  /** Documents, counting the implicit first one. */
  maxDocuments: number;
}

export type YamlShapeProblem =
  | { kind: "depth"; line: number; column: number; limit: number }
  | { kind: "documents"; line: number; limit: number };

/** The first limit the text crosses, or null. */
export function yamlShapeProblem(text: string, limits: YamlLimits): YamlShapeProblem | null {
  const blocks: number[] = []; // columns of the open block nodes
  let flow = 0;
  let quote: '"' | "'" | null = null;
  let documents = 0;
  let ended = false; // after `...`, content starts another document
  let line = 1;
  let i = 0;
  const n = text.length;
  const startDocument = (): YamlShapeProblem | null => {
    documents++;
    ended = false;
    blocks.length = 0;
    return documents > limits.maxDocuments ? { kind: "documents", line, limit: limits.maxDocuments } : null;
  };
  while (i < n) {
    // at the start of a line
    const lineStart = i;
    if (quote === null && flow === 0) {
      const marker = text.startsWith("---", i) || text.startsWith("...", i);
      if (marker && (i + 3 === n || text[i + 3] === " " || text[i + 3] === "\n" || text[i + 3] === "\r")) {
        if (text[i] === "-") {
          const p = startDocument();
          if (p) return p;
        } else ended = true;
        i += 3;
      } else {
        let col = 0;
        while (i < n && text[i] === " ") {
          i++;
          col++;
        }
        if (i < n && text[i] !== "\n" && text[i] !== "\r" && text[i] !== "#") {
          if (documents === 0 || ended) {
            const p = startDocument();
            if (p) return p;
          }
          while (blocks.length && blocks[blocks.length - 1]! >= col) blocks.pop();
          blocks.push(col);
          // `- - x`, `? a`, `: b` open a deeper node on the same line
          while (i + 1 < n && (text[i] === "-" || text[i] === "?" || text[i] === ":") && (text[i + 1] === " " || text[i + 1] === "\t")) {
            i += 2;
            col += 2;
            while (i < n && text[i] === " ") {
              i++;
              col++;
            }
            blocks.push(col);
            if (blocks.length + flow > limits.maxDepth) return { kind: "depth", line, column: col + 1, limit: limits.maxDepth };
          }
          if (blocks.length + flow > limits.maxDepth) return { kind: "depth", line, column: col + 1, limit: limits.maxDepth };
        }
      }
    }
    // the rest of the line
    for (; i < n && text[i] !== "\n"; i++) {
      const c = text[i]!;
      if (quote !== null) {
        if (quote === '"' && c === "\\") i++;
        else if (c === quote) {
          if (quote === "'" && text[i + 1] === "'") i++;
          else quote = null;
        }
        continue;
      }
      if (c === '"' || c === "'") {
        const prev = i > 0 ? text[i - 1]! : " ";
        // a quote opens a scalar only where a scalar can start
        if (" \t[{,:-?".includes(prev) || i === lineStart) quote = c;
      } else if (c === "#" && (i === lineStart || text[i - 1] === " " || text[i - 1] === "\t")) {
        while (i + 1 < n && text[i + 1] !== "\n") i++;
      } else if ((c === "[" || c === "{") && (i === lineStart || " \t[{,:-?".includes(text[i - 1]!))) {
        flow++;
        if (blocks.length + flow > limits.maxDepth) return { kind: "depth", line, column: i - lineStart + 1, limit: limits.maxDepth };
      } else if ((c === "]" || c === "}") && flow > 0) flow--;
    }
    i++; // the newline
    line++;
  }
  return null;
}
