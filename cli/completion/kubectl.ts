/**
 * `kubectl swoll <TAB>`: kubectl (1.26+) completes a plugin's arguments
 * by running `kubectl_complete-<plugin> ARGS… CURRENT` and reading cobra's
 * protocol back: one candidate per line (`value\tdescription`), then
 * `:<directive>`. The same model as the shell scripts: subcommands, flags,
 * syscall names and classes (after a comma too), choices, namespaces and
 * pods from the kubeconfig.
 */
import type { Command } from "commander";
import { completionModel, type FlagModel } from "./model";
import { listNames, type ListContext } from "./list";
import { syscallTable } from "../decode/syscalls";
import { syscallClassNames } from "../syscall-selection";

/** cobra's ShellCompDirectiveNoFileComp; ShellCompDirectiveDefault (0) lets the shell offer files. */
const NO_FILES = 4;
const FILES = 0;

export async function kubectlComplete(program: Command, args: string[]): Promise<string> {
  const model = completionModel(program, [...syscallTable().all().map((s) => s.name), ...syscallClassNames()]);
  const current = args.at(-1) ?? "";
  const before = args.slice(0, -1);
  const out = (values: string[], directive = NO_FILES) => [...values, `:${directive}`, ""].join("\n");
  const cmdName = before.find((a) => !a.startsWith("-"));
  const cmd = model.commands.find((c) => c.name === cmdName);
  if (!cmd) return out(model.commands.filter((c) => c.name.startsWith(current)).map((c) => `${c.name}\t${c.description}`));
  const flagOf = (w: string) => cmd.flags.find((f) => f.long === w || f.short === w);
  const prev = before.at(-1);
  const valueFlag = prev !== undefined && prev !== cmdName ? flagOf(prev) : undefined;
  if (valueFlag?.takesValue) return out(...(await values(valueFlag, current, contextOf(before, cmd.flags))));
  if (current.startsWith("-"))
    return out(cmd.flags.flatMap((f) => [f.long, f.short].filter((n): n is string => !!n && n.startsWith(current)).map((n) => `${n}\t${f.description.split("\n")[0]}`)));
  return out([]);
}

async function values(f: FlagModel, current: string, ctx: ListContext): Promise<[string[], number?]> {
  // a comma-separated list completes its last item, keeping what is before it
  const cut = f.list ? current.lastIndexOf(",") + 1 : 0;
  const head = current.slice(0, cut);
  const word = current.slice(cut);
  const pick = (names: string[]) => names.filter((n) => n.startsWith(word)).map((n) => head + n);
  switch (f.kind) {
    case "syscall":
      return [pick(syscallTable().all().map((s) => s.name).concat(syscallClassNames()).sort())];
    case "choice":
      return [pick(f.choices)];
    case "namespace":
      return [pick(await listNames("namespaces", ctx))];
    case "pod":
      return [pick(await listNames("pods", ctx))];
    case "file":
      return [[], FILES];
    default:
      return [[]];
  }
}

/** The flags already on the line that say which cluster, node and namespace names come from. */
function contextOf(words: string[], flags: FlagModel[]): ListContext {
  const ctx: ListContext = { timeoutMs: 2000 };
  for (let i = 0; i < words.length; i++) {
    const f = flags.find((x) => x.long === words[i] || x.short === words[i]);
    if (!f) continue;
    if (f.long === "--kubeconfig") ctx.kubeconfig = words[i + 1];
    else if (f.long === "--namespace") ctx.namespace = words[i + 1];
    else if (f.long === "--node") ctx.node = words[i + 1];
    else if (f.long === "--all-namespaces") ctx.allNamespaces = true;
  }
  return ctx;
}
