/** Running `swoll controller` (the real dist/swoll) against a fixture API server, and waiting on conditions. */
import { SWOLL } from "./swoll";

export interface ControllerProcess {
  proc: ReturnType<typeof Bun.spawn>;
  identity: string;
  /** stderr so far. */
  log(): string;
  stop(): Promise<number>;
}

/**
 * `lease`: --lease-duration, --renew-deadline, --retry-period. Defaults are
 * swoll's own (15s, 10s, 2s): a shared test machine can be slow enough that
 * shorter deadlines lose the Lease (and the controller exits, as it should).
 */
export function startController(kubeconfig: string, identity: string, lease: [string, string, string] = ["15s", "10s", "2s"]): ControllerProcess {
  const proc = Bun.spawn(
    [SWOLL, "controller", "--kubeconfig", kubeconfig, "--identity", identity, "--lease-duration", lease[0], "--renew-deadline", lease[1], "--retry-period", lease[2]],
    { stdout: "pipe", stderr: "pipe" },
  );
  let err = "";
  void (async () => {
    const dec = new TextDecoder();
    for await (const c of proc.stderr as ReadableStream<Uint8Array>) err += dec.decode(c, { stream: true });
  })();
  return {
    proc,
    identity,
    log: () => err,
    async stop() {
      proc.kill("SIGTERM");
      return await proc.exited;
    },
  };
}

/** Polls `cond` until it holds; fails naming `what` after `ms`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await Bun.sleep(100);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}
