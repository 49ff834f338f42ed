/**
 * `--help` in groups, as kubectl prints its flags: what is selected, how
 * it is printed, where pod metadata comes from, and the kernel buffer.
 * Options not named here stay under commander's "Options:".
 */
import type { Command } from "commander";

const GROUPS: [heading: string, longs: string[]][] = [
  ["Selection:", ["--syscall", "--pid", "--comm", "--pod", "--namespace", "--all-namespaces", "--container", "--selector", "--field-selector", "--file", "--trace-ref", "--limit", "--duration"]],
  ["Output:", ["--output", "--json", "--no-color", "--color", "--strsize", "--argc", "--group", "--sort", "--slow", "--once", "--interval", "--write"]],
  ["Kubernetes and pod metadata:", ["--kubeconfig", "--cri", "--no-cri", "--node", "--cluster", "--agent-namespace", "--agent-selector", "--agent-port"]],
  ["Kernel buffer:", ["--ring", "--buffer-size", "--poll-interval", "--drain-nice", "--max-series"]],
];

const HEADING = new Map(GROUPS.flatMap(([h, longs]) => longs.map((l) => [l, h] as const)));

/** Put the command's options (and its subcommands') under their group headings. */
export function groupHelp(cmd: Command): Command {
  for (const o of cmd.options) {
    const h = o.long ? HEADING.get(o.long) : undefined;
    if (h) o.helpGroup(h);
  }
  for (const c of cmd.commands) groupHelp(c);
  return cmd;
}
