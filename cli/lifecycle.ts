/**
 * One cleanup path for every way the process ends: normal exit, signals,
 * a closed output pipe, or an unexpected error. The kernel frees programs
 * and links when our fds close, so cleanup mostly means "close the probe
 * now and report", but it must run exactly once.
 */
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

export function installCrashHandlers(): void {
  const crash = (e: unknown) => {
    runCleanups();
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`swoll: internal error: ${msg.split("\n")[0]}\n`);
    process.exit(70);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  process.on("exit", runCleanups);
}
