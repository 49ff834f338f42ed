/** The completion scripts, loaded in the real shells, complete what `swoll` accepts. */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { COMPLETION_FILES, renderCompletions } from "../../scripts/gen-completions";
import { SHELLS, completionFile as file } from "../helpers/completion-shells";

test("the committed scripts are what the generator produces from the commander definitions", async () => {
  const fresh = renderCompletions();
  for (const shell of Object.keys(COMPLETION_FILES) as (keyof typeof COMPLETION_FILES)[])
    expect(readFileSync(file(shell), "utf8")).toBe(fresh[shell]);
});

describe.each(SHELLS)("%s", (_shell, complete) => {
  test("swoll tr<TAB> offers the trace subcommand", async () => {
    expect(await complete("swoll tr")).toEqual(["trace"]);
  });

  test("swoll trace --sys<TAB> offers --syscall (and strace's --syscall-times)", async () => {
    expect(await complete("swoll trace --sys")).toEqual(["--syscall", "--syscall-times"]);
  });

  test("swoll trace --syscall ope<TAB> offers syscall names", async () => {
    expect(await complete("swoll trace --syscall ope")).toEqual(["open", "open_by_handle_at", "open_tree", "openat", "openat2"].sort());
  });

  test("after a comma only the last name is completed", async () => {
    expect(await complete("swoll trace -s execve,openat")).toEqual(["execve,openat", "execve,openat2"]);
  });

  test("output formats are the choices commander accepts", async () => {
    expect(await complete("swoll trace -o ")).toEqual(["json", "payload", "text"]);
  });

  test("swoll sel<TAB> offers selftest", async () => {
    expect(await complete("swoll sel")).toEqual(["selftest"]);
  });
});
