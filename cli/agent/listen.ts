/**
 * Where the trace stream API listens. The streams carry every traced
 * process's arguments and buffers, so nobody else on the node may reach
 * them: TCP only on loopback inside a private network namespace (the agent
 * pod's, reached through the API server's pods/portforward), or a unix
 * socket only root can open. In the host's network namespace, loopback is
 * shared with every process on the node, so TCP is refused there.
 */
import { chmodSync, lstatSync, readlinkSync, unlinkSync } from "node:fs";
import { isIP } from "node:net";
import { UsageError } from "../errors";

export const DEFAULT_TRACE_LISTEN = "127.0.0.1:9096";

export type TraceListen = { kind: "tcp"; hostname: string; port: number } | { kind: "unix"; path: string } | { kind: "off" };

export function parseTraceListen(text: string): TraceListen {
  const t = text.trim();
  if (t === "off") return { kind: "off" };
  if (t.startsWith("unix:")) {
    const path = t.slice(5);
    if (!path.startsWith("/") || path.length > 100) throw new UsageError(`invalid --trace-listen '${text}': use unix:/ABSOLUTE/PATH (at most 100 characters)`);
    return { kind: "unix", path };
  }
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([0-9.]+|localhost)):(\d{1,5})$/.exec(t);
  const port = m ? Number(m[3]) : NaN;
  const host = m ? (m[1] ?? m[2]!) : "";
  const loopback = host === "localhost" || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));
  if (!m || port < 1 || port > 65535 || !loopback)
    throw new UsageError(`invalid --trace-listen '${text}': use a loopback address such as ${DEFAULT_TRACE_LISTEN} (reached through pods/portforward), unix:/PATH, or off`);
  return { kind: "tcp", hostname: host === "localhost" ? "127.0.0.1" : host, port };
}

/**
 * Whether this process shares the host's network namespace: the same
 * namespace as pid 1 (the agent runs with hostPID, so /proc/1 is the host's
 * init). When pid 1 cannot be read, assume the worst. `hostPid` names
 * another process of the host's namespace (nodes simulated on one kernel).
 */
export function inHostNetns(hostPid = 1): boolean {
  try {
    return readlinkSync("/proc/self/ns/net") === readlinkSync(`/proc/${hostPid}/ns/net`);
  } catch {
    return true;
  }
}

/** TCP in the host's namespace: an error when asked for, else (the default) the API stays off with a notice. */
export function checkTraceListen(l: TraceListen, explicit: boolean, hostNetns: boolean): { listen: TraceListen; notice: string | null } {
  if (l.kind !== "tcp" || !hostNetns) return { listen: l, notice: null };
  const why = "the host's network namespace shares loopback with every process on the node";
  if (explicit) throw new UsageError(`--trace-listen ${l.hostname}:${l.port} refused: ${why}; use --trace-listen unix:/run/swoll/trace.sock, or run in a pod without hostNetwork`);
  return { listen: { kind: "off" }, notice: `trace stream API off: ${why}; pass --trace-listen unix:/run/swoll/trace.sock to serve it` };
}

/** A stale socket from a previous run is removed; anything else at the path is left alone and refused. */
export function prepareUnixPath(path: string): void {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (!st.isSocket()) throw new UsageError(`--trace-listen unix:${path}: the path exists and is not a socket; remove it or pick another path`);
  unlinkSync(path);
}

/** Bind with a umask that keeps the socket private from its first moment, then make sure of it. */
export function bindPrivately<T>(path: string, bind: () => T): T {
  const old = process.umask(0o177);
  try {
    return bind();
  } finally {
    process.umask(old);
    try {
      chmodSync(path, 0o600);
    } catch {
      // bind failed; its error is thrown above
    }
  }
}
