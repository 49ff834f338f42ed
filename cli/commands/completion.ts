/**
 * `swoll completion bash|zsh|fish`: print the completion script for a shell.
 * The scripts call the hidden `swoll completion --list namespaces|pods`
 * for namespace and pod names.
 */
import { Argument, Command, Option } from "commander";
import bash from "../../completions/swoll.bash" with { type: "text" };
import zsh from "../../completions/_swoll" with { type: "text" };
import fish from "../../completions/swoll.fish" with { type: "text" };
import { LIST_KINDS, listNames, type ListKind } from "../completion/list";
import { UsageError } from "../errors";

const SCRIPTS: Record<string, string> = { bash, zsh, fish };

const INSTALL: Record<string, string> = {
  bash: "swoll completion bash > /etc/bash_completion.d/swoll",
  zsh: 'swoll completion zsh > "${fpath[1]}/_swoll"',
  fish: "swoll completion fish > ~/.config/fish/completions/swoll.fish",
};

interface CompletionFlags {
  list?: ListKind;
  namespace?: string;
  allNamespaces?: boolean;
  kubeconfig?: string;
  node?: string;
}

export function completionCommand(): Command {
  return new Command("completion")
    .description("print the shell completion script for bash, zsh or fish")
    .addArgument(new Argument("[shell]", "the shell").choices(Object.keys(SCRIPTS)))
    // used by the scripts themselves
    .addOption(new Option("--list <what>", "print namespace or pod names, one per line").choices(LIST_KINDS).hideHelp())
    .addOption(new Option("-n, --namespace <namespace>").hideHelp())
    .addOption(new Option("-A, --all-namespaces").hideHelp())
    .addOption(new Option("--kubeconfig <file>").hideHelp())
    .addOption(new Option("--node <name>").hideHelp())
    .addHelpText("after", `\nInstall:\n${Object.values(INSTALL).map((l) => `  ${l}`).join("\n")}`)
    .action(async (shell: string | undefined, flags: CompletionFlags) => {
      if (flags.list) {
        const names = await listNames(flags.list, flags);
        if (names.length) process.stdout.write(names.join("\n") + "\n");
        return;
      }
      if (!shell) throw new UsageError("completion needs a shell: swoll completion bash, zsh or fish");
      process.stdout.write(SCRIPTS[shell]!);
    });
}
