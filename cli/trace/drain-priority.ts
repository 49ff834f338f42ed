/**
 * The priority of the thread that drains the rings. When every CPU runs a
 * syscall-heavy workload, the scheduler gives that one thread an equal
 * share of a CPU with a producer: it falls behind and the kernel drops
 * events (two producers on two CPUs halved what `trace --json` delivered).
 * A lower nice value lets it keep up; what it costs is the CPU time the
 * rendering takes, taken from the workload while it floods the rings.
 */
import type { Command } from "commander";
import { setPriority } from "node:os";
import { UsageError } from "../errors";

export const DEFAULT_DRAIN_NICE = -10;

export function addDrainNiceOption(cmd: Command): Command {
  return cmd.option(
    "--drain-nice <n>",
    "nice value of the thread that drains the ring buffers (-20..19); below 0 it keeps up with a syscall flood on busy CPUs instead of losing events; 0 leaves it as it is",
    String(DEFAULT_DRAIN_NICE),
  );
}

export function parseNice(text: string): number {
  const t = text.trim();
  if (!/^-?\d+$/.test(t) || Number(t) < -20 || Number(t) > 19) throw new UsageError(`invalid --drain-nice '${text}'; use a whole number from -20 to 19`);
  return Number(t);
}

/**
 * Sets the calling thread's nice value: on Linux setpriority acts on one
 * thread, so processes started before (a traced command) and threads that
 * already exist keep theirs. Call it while CAP_SYS_NICE is still held,
 * after launching anything that must run at its usual priority. A refusal
 * is said only when the value was asked for (`explicit`).
 */
export function setDrainPriority(nice: number, explicit: boolean, warn: (m: string) => void): void {
  if (nice === 0) return;
  try {
    setPriority(0, nice);
  } catch (e) {
    const why = (e as { info?: { code?: string } }).info?.code ?? (e as Error).message;
    if (explicit) warn(`--drain-nice ${nice} was refused (${why}): it needs CAP_SYS_NICE; the rings are drained at the usual priority`);
  }
}
