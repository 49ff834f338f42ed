#!/usr/bin/env bun
/**
 * Writes docs/flags.md, one table of every flag of every command, from the
 * commander definitions (cli/main.ts buildProgram()). A build step, run by
 * build.ts; `--out FILE` writes elsewhere. flagConflicts() is what the test
 * uses to hold the CLI to one vocabulary: a long name or a letter must mean
 * one thing in every command.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { buildProgram } from "../cli/main";

/**
 * Flags several commands share, worded for each command ("syscalls to trace",
 * "syscalls to count"): their one meaning. A shared flag not listed here
 * must have the same description everywhere.
 */
export const SHARED_MEANINGS: Record<string, string> = {
  "--output": "output format",
  "--write": "file to write",
  "--file": "Trace manifest to read",
  "--user": "user a launched command runs as",
  "--syscall": "syscall selection: names, %classes, /regex, !exclusions",
  "--pid": "only these process ids",
  "--comm": "only these command names",
  "--pod": "only these pods",
  "--container": "only these containers",
  "--namespace": "pods in this namespace",
  "--all-namespaces": "pods in every namespace",
  "--selector": "pods whose labels match",
  "--duration": "stop after this long",
  "--limit": "stop after n events",
  "--cri": "container runtime (CRI) socket",
  "--no-cri": "no container runtime metadata",
  "--kubeconfig": "kubeconfig for pod metadata",
  "--node": "this node's name in Kubernetes",
  "--no-color": "never colour output",
  "--verbose": "show libbpf's and the verifier's log",
  "--speed": "replay speed",
  "--max-series": "capacity of the kernel's counting map",
  "--json": "same as --output json",
  "--agent-namespace": "namespace of the swoll node agents",
  "--agent-selector": "labels of the swoll node agents' pods",
};

export interface FlagUse {
  command: string;
  short: string | null;
  long: string | null;
  description: string;
  /** The value's placeholder as written ("<format>", "[file]"), or "" for a switch. */
  value: string;
  hidden: boolean;
}

export function flagUses(program: Command): FlagUse[] {
  const out: FlagUse[] = [];
  const walk = (c: Command, path: string[]): void => {
    for (const o of c.options)
      out.push({ command: path.join(" ") || "(root)", short: o.short ?? null, long: o.long ?? null, description: o.description, value: /[<[].*[>\]]/.exec(o.flags)?.[0] ?? "", hidden: o.hidden });
    for (const sub of c.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return out;
}

const meaningOf = (u: FlagUse): string => (u.long && SHARED_MEANINGS[u.long]) || u.description;

/** One line per clash: a long name with two meanings, or a letter standing for two long names. */
export function flagConflicts(uses: FlagUse[]): string[] {
  const conflicts: string[] = [];
  const byLong = Map.groupBy(uses.filter((u) => u.long), (u) => u.long!);
  for (const [long, list] of byLong) {
    // commands that name the flag without describing it (hidden helpers) take the shared meaning
    const meanings = Map.groupBy(list.filter((u) => u.description !== ""), meaningOf);
    // a shared meaning can hide wording, not a different kind of value (-o <format> vs -o <file>)
    const values = Map.groupBy(list, (u) => u.value || "no value");
    if (values.size > 1)
      conflicts.push(`${long} takes ${[...values].map(([v, us]) => `${v} in ${us.map((u) => u.command).join(", ")}`).join(" but ")}`);
    if (meanings.size > 1)
      conflicts.push(`${long} means ${[...meanings].map(([m, us]) => `"${m}" in ${us.map((u) => u.command).join(", ")}`).join(" but ")}`);
  }
  const byShort = Map.groupBy(uses.filter((u) => u.short), (u) => u.short!);
  for (const [short, list] of byShort) {
    const longs = Map.groupBy(list, (u) => u.long ?? "(none)");
    if (longs.size > 1)
      conflicts.push(`${short} stands for ${[...longs].map(([l, us]) => `${l} in ${us.map((u) => u.command).join(", ")}`).join(" but ")}`);
  }
  return conflicts;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderFlags(program: Command = buildProgram()): string {
  const uses = flagUses(program);
  const rows = [...Map.groupBy(uses, (u) => `${u.long ?? ""}\0${u.short ?? ""}`).values()]
    .map((list) => {
      const u = list[0]!;
      const described = list.filter((x) => x.description !== "");
      const distinct = [...new Set(described.map((x) => x.description))];
      const meaning = (u.long && SHARED_MEANINGS[u.long]) ?? (distinct.length === 1 ? distinct[0]! : distinct.join("; "));
      const commands = list.map((x) => (x.hidden ? `${x.command} (hidden)` : x.command)).join(", ");
      return { key: (u.long ?? u.short ?? "").replace(/^-+/, ""), line: `| ${u.short ?? ""} | ${u.long ?? ""} | ${cell(meaning)} | ${commands} |` };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
  return [
    "<!-- generated from cli/main.ts buildProgram() by scripts/gen-flags.ts — do not edit -->",
    "# Flags",
    "",
    "Every flag of every swoll command. A long name or a letter means one thing",
    "in every command that has it; `bun test test/flags-doc.test.ts` fails when",
    "two commands give one flag different meanings. Each command's `--help` has",
    "the wording for that command.",
    "",
    "| letter | long name | meaning | commands |",
    "|---|---|---|---|",
    ...rows.map((r) => r.line),
    "",
  ].join("\n");
}

if (import.meta.main) {
  const i = process.argv.indexOf("--out");
  writeFileSync(i > 0 ? process.argv[i + 1]! : join(import.meta.dir, "..", "docs", "flags.md"), renderFlags());
}
