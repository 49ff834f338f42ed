// docs/flags.md is generated from the commander definitions, and the CLI keeps
// one vocabulary: a long name or a letter means one thing in every command.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, Option } from "commander";
import { buildProgram } from "../cli/main";
import { flagConflicts, flagUses, renderFlags } from "../scripts/gen-flags";

const ROOT = join(import.meta.dir, "..");

test("docs/flags.md is fresh (bun scripts/gen-flags.ts)", () => {
  const committed = readFileSync(join(ROOT, "docs", "flags.md"), "utf8");
  expect(committed.split("\n")[0]).toMatch(/generated from .* by scripts\/gen-flags\.ts — do not edit/);
  if (committed !== renderFlags()) throw new Error("docs/flags.md is stale; run: bun scripts/gen-flags.ts");
  // every flag of every command is in it
  for (const u of flagUses(buildProgram())) expect(committed).toContain(`| ${u.short ?? ""} | ${u.long ?? ""} |`);
});

test("no flag means two things across swoll's commands", () => {
  expect(flagConflicts(flagUses(buildProgram()))).toEqual([]);
});

test("the check fails for a long name with two meanings, and for a letter standing for two long names", () => {
  const program = new Command("x");
  program.command("a").option("-o, --output <format>", "output format").option("--depth <n>", "how deep to walk");
  program.command("b").option("-o, --output <file>", "file to write").option("--depth <n>", "queue depth");
  program.command("c").addOption(new Option("-o, --out <file>", "file to write"));
  const conflicts = flagConflicts(flagUses(program));
  // --output is in the shared table, so its wording may differ, but not its kind of value
  expect(conflicts).toEqual([
    "--output takes <format> in a but <file> in b",
    '--depth means "how deep to walk" in a but "queue depth" in b',
    "-o stands for --output in a, b but --out in c",
  ]);
  const unshared = new Command("y");
  unshared.command("a").option("-k, --kind <k>", "resource kind");
  unshared.command("b").option("-k, --kind <k>", "kernel version");
  expect(flagConflicts(flagUses(unshared))).toEqual(['--kind means "resource kind" in a but "kernel version" in b']);
});
