/**
 * What the shells need to know, read off the commander definitions: the
 * subcommands, their flags, and how to complete each flag's value.
 */
import type { Command, Option } from "commander";

/** How a flag's value is completed. */
export type ValueKind = "none" | "syscall" | "choice" | "file" | "namespace" | "pod";

export interface FlagModel {
  short?: string;
  long?: string;
  description: string;
  takesValue: boolean;
  kind: ValueKind;
  choices: string[];
  /** Comma-separated lists complete the word after the last comma. */
  list: boolean;
}

export interface CommandModel {
  name: string;
  description: string;
  flags: FlagModel[];
}

export interface CompletionModel {
  program: string;
  commands: CommandModel[];
  syscalls: string[];
  /**
   * Flags on the command line that say which cluster, node and namespace
   * namespace and pod names come from: the scripts pass them on to
   * `<program> completion --list`.
   */
  listContext: { withValue: string[]; boolean: string[] };
}

/** Attribute names of the flags that `completion --list` accepts (see cli/commands/completion.ts). */
export const LIST_CONTEXT_FLAGS = ["kubeconfig", "namespace", "allNamespaces", "node"];

const VALUE_KINDS: Record<string, ValueKind> = {
  syscall: "syscall",
  kubeconfig: "file",
  file: "file",
  namespace: "namespace",
  pod: "pod",
};

function flagModel(o: Option): FlagModel {
  const attr = o.attributeName();
  const choices = (o as Option & { argChoices?: string[] }).argChoices ?? [];
  const takesValue = o.required || o.optional;
  const kind: ValueKind = !takesValue ? "none" : choices.length ? "choice" : (VALUE_KINDS[attr] ?? "none");
  return {
    short: o.short,
    long: o.long,
    description: o.description,
    takesValue,
    kind,
    choices,
    list: /comma-separated/.test(o.description),
  };
}

export function completionModel(program: Command, syscalls: string[]): CompletionModel {
  const visible = program.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden && c.name() !== "help");
  const commands = visible.map((c) => ({
    name: c.name(),
    description: c.description(),
    flags: c.options.filter((o) => !o.hidden).map(flagModel).concat(helpFlag()),
  }));
  const withValue = new Set<string>();
  const boolean = new Set<string>();
  for (const c of visible)
    for (const o of c.options)
      if (!o.hidden && LIST_CONTEXT_FLAGS.includes(o.attributeName()))
        for (const n of [o.short, o.long]) if (n) (o.required || o.optional ? withValue : boolean).add(n);
  return { program: program.name(), commands, syscalls: [...syscalls].sort(), listContext: { withValue: [...withValue].sort(), boolean: [...boolean].sort() } };
}

function helpFlag(): FlagModel {
  return { short: "-h", long: "--help", description: "display help for command", takesValue: false, kind: "none", choices: [], list: false };
}
