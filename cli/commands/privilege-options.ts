/** `--drop-user` / `--no-drop-user`, shared by the commands that load a probe. */
import type { Command } from "commander";
import { DEFAULT_DROP_USER } from "../privileges";

export function addDropUserOptions(cmd: Command): Command {
  return cmd
    .option("--drop-user <name>", "once the probe is attached, run as this user with no capabilities (like tcpdump -Z)", DEFAULT_DROP_USER)
    .option("--no-drop-user", "keep running as root after attaching");
}
