/**
 * One cleanup path for every way the process ends: normal exit, signals,
 * a closed output pipe, or an unexpected error. The kernel frees programs
 * and links when our fds close, so cleanup mostly means "close the probe
 * now and report", but it must run exactly once.
 */
import { oneLine } from "./errors";

type Cleanup = () => void;

const cleanups: Cleanup[] = [];
let ran = false;

export function onCleanup(fn: Cleanup): void {
  cleanups.push(fn);
}

export function runCleanups(): void {
  if (ran) return;
  ran = true;
  for (const fn of cleanups.reverse()) {
    try {
      fn();
    } catch {
      // keep cleaning up; the process is ending anyway
    }
  }
}

/** SIGINT/SIGTERM/SIGHUP call `stop`; a second signal exits at once. */
export function onStopSignal(stop: (signal: NodeJS.Signals) => void): void {
  let stopping = false;
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      if (stopping) {
        runCleanups();
        process.exit(130);
      }
      stopping = true;
      stop(sig);
    });
  }
}

/** The one line (and with --verbose the stack) for an error nobody handled; returns the exit code. */
export function reportCrash(e: unknown, verbose: boolean, hasVerboseFlag = true): number {
  runCleanups();
  const msg = e instanceof Error ? e.message : String(e);
  const first = msg.split("\n").find((l) => l.trim() !== "") ?? (e instanceof Error ? e.name : "unknown error");
  const hint = verbose ? "" : hasVerboseFlag ? "; rerun with --verbose for the stack trace" : "; please report it with the command line";
  process.stderr.write(`swoll: internal error: ${oneLine(first)}${hint}\n`);
  if (verbose && e instanceof Error && e.stack) process.stderr.write(e.stack.endsWith("\n") ? e.stack : `${e.stack}\n`);
  return 70;
}

let crashHandlersInstalled = false;

/**
 * An exception or rejection nobody caught ends the process through the
 * same cleanup path as a signal: the probe is detached, the terminal
 * restored, and one line says what happened (the stack only with --verbose).
 */
export function installCrashHandlers(verbose = false, hasVerboseFlag = true): void {
  if (crashHandlersInstalled) return;
  crashHandlersInstalled = true;
  let crashing = false;
  const crash = (e: unknown) => {
    if (crashing) return; // a second failure while cleaning up: the first one is reported
    crashing = true;
    process.exit(reportCrash(e, verbose, hasVerboseFlag));
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  process.on("exit", runCleanups);
}
