/** Errors the user can act on: printed as one line, never a stack trace. */
import { escapeForTerminal } from "./decode/strings";

export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = "UsageError";
  }
}

/** A quoted value long enough to drown the message it sits in. */
const LONG_QUOTED = /'([^'\n]{100,})'|"((?:[^"\\\n]|\\.){100,})"/g;
const MAX_LINE = 1000;

/**
 * The message as the one line swoll prints: commander's "\n(Did you mean
 * …?)" joins the line; a long value the user gave is shortened; control
 * characters it carried are escaped as strace does, so it cannot start a
 * second line or act on the terminal.
 */
export function oneLine(message: string): string {
  let line = message.replace(/^error: /, "").replace(/\n(?=\(Did you mean)/g, " ").trim();
  line = line.replace(LONG_QUOTED, (whole, single: string | undefined, double: string | undefined) => {
    const value = [...(single ?? double)!];
    return `${whole[0]}${value.slice(0, 60).join("")}…${whole[0]} (${value.length} characters)`;
  });
  line = escapeForTerminal(line, false);
  if (line.length > MAX_LINE) line = `${line.slice(0, 700)} … ${line.slice(-250)}`;
  return line;
}
