/**
 * Waiting on a condition with a deadline, instead of sleeping and hoping.
 * The condition is polled; the first truthy value it returns is the
 * result. On the deadline the error names what was awaited and the last
 * value seen, so a failure says what never happened.
 */
export interface WaitOptions {
  /** What is awaited, for the error message ("the informer's first list"). */
  what: string;
  /** Default 15 000 ms: generous, since other suites load the machine. */
  timeoutMs?: number;
  /** Default 20 ms. */
  intervalMs?: number;
}

export async function waitFor<T>(cond: () => T | Promise<T>, opts: WaitOptions): Promise<Exclude<T, false | null | undefined | 0 | "">> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let last: T;
  for (;;) {
    last = await cond();
    if (last) return last as Exclude<T, false | null | undefined | 0 | "">;
    if (Date.now() > deadline) throw new Error(`timed out after ${opts.timeoutMs ?? 15_000} ms waiting for ${opts.what}; last: ${describe(last)}`);
    await Bun.sleep(opts.intervalMs ?? 20);
  }
}

function describe(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 300) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * Retries assertions until they pass, for state that settles on its own
 * schedule (ink draws frames asynchronously). On the deadline the last
 * assertion's own error is thrown, so the diff shows what was on screen.
 */
export async function eventually(check: () => void | Promise<void>, opts: WaitOptions): Promise<void> {
  let last: unknown;
  try {
    await waitFor(
      async () => {
        try {
          await check();
          return true;
        } catch (e) {
          last = e;
          return false;
        }
      },
      opts,
    );
  } catch (timeout) {
    throw last ?? timeout;
  }
}
