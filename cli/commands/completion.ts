/** `swoll completion bash|zsh|fish`: print the completion script for a shell. */
import { Argument, Command } from "commander";
import bash from "../../completions/swoll.bash" with { type: "text" };
import zsh from "../../completions/_swoll" with { type: "text" };
import fish from "../../completions/swoll.fish" with { type: "text" };

const SCRIPTS: Record<string, string> = { bash, zsh, fish };

const INSTALL: Record<string, string> = {
  bash: "swoll completion bash > /etc/bash_completion.d/swoll",
  zsh: 'swoll completion zsh > "${fpath[1]}/_swoll"',
  fish: "swoll completion fish > ~/.config/fish/completions/swoll.fish",
};

export function completionCommand(): Command {
  return new Command("completion")
    .description("print the shell completion script for bash, zsh or fish")
    .addArgument(new Argument("<shell>", "the shell").choices(Object.keys(SCRIPTS)))
    .addHelpText("after", `\nInstall:\n${Object.values(INSTALL).map((l) => `  ${l}`).join("\n")}`)
    .action((shell: string) => {
      process.stdout.write(SCRIPTS[shell]!);
    });
}
