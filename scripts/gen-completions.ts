#!/usr/bin/env bun
/**
 * Writes completions/{swoll.bash,_swoll,swoll.fish,swoll-trace.fish} from the commander
 * definitions. A build step, run by build.ts: it loads the whole CLI
 * program, which nothing inside cli/ should do. `--out DIR` writes elsewhere.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildProgram } from "../cli/main";
import { syscallTable } from "../cli/decode/syscalls";
import { syscallClassNames } from "../cli/syscall-selection";
import { completionModel } from "../cli/completion/model";
import { bashScript, fishScript, fishTraceScript, zshScript } from "../cli/completion/scripts";

export const COMPLETION_FILES = { bash: "swoll.bash", zsh: "_swoll", fish: "swoll.fish" } as const;

/** fish looks for completions/<command>.fish: swoll-trace has a small one of its own, which has fish load swoll.fish. */
export const FISH_TRACE_FILE = "swoll-trace.fish";

export function renderCompletions(): Record<keyof typeof COMPLETION_FILES | "fishTrace", string> {
  // Names are the same on both architectures for the calls people type;
  // x86_64's table is the reference so output does not depend on the build host.
  // strace's classes (%file, %net, …) complete where syscall names do
  const model = completionModel(buildProgram(), [...syscallTable("x86_64").all().map((s) => s.name), ...syscallClassNames()]);
  return { bash: bashScript(model), zsh: zshScript(model), fish: fishScript(model), fishTrace: fishTraceScript(model) };
}

export function writeCompletions(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const scripts = renderCompletions();
  for (const [shell, file] of Object.entries(COMPLETION_FILES)) writeFileSync(join(dir, file), scripts[shell as keyof typeof COMPLETION_FILES]);
  writeFileSync(join(dir, FISH_TRACE_FILE), scripts.fishTrace);
}

if (import.meta.main) {
  const i = process.argv.indexOf("--out");
  writeCompletions(i > 0 ? process.argv[i + 1]! : join(import.meta.dir, "..", "completions"));
}
