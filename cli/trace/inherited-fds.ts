/**
 * The descriptors swoll was started with beyond stdin, stdout and stderr
 * (`swoll trace -- cmd 3<file`, or whatever the caller leaves open), read
 * before swoll opens anything of its own: `trace -- COMMAND` hands them to
 * the command at the same numbers, as strace and a plain shell do. Bun marks
 * every descriptor close-on-exec when it starts, so the flags cannot tell
 * them apart; the runtime's own (its epoll and eventfd) are anonymous inodes.
 */
import { readdirSync, readlinkSync } from "node:fs";

function snapshot(): readonly number[] {
  const fds: number[] = [];
  let names: string[];
  try {
    names = readdirSync("/proc/self/fd");
  } catch {
    return fds;
  }
  for (const name of names) {
    const fd = Number(name);
    if (!(fd > 2)) continue;
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${name}`);
    } catch {
      continue; // the directory listing's own descriptor, closed by now
    }
    if (target.startsWith("anon_inode:")) continue;
    fds.push(fd);
  }
  return fds.sort((a, b) => a - b);
}

/** Evaluated when the CLI starts (cli/main.ts imports this module first). */
export const INHERITED_FDS: readonly number[] = snapshot();
