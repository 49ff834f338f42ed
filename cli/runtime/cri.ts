/**
 * Finding and connecting to the node's container runtime (CRI): the
 * socket named by --cri, else the first of the well-known sockets that
 * exists. The connection is made here, before swoll gives up its
 * privileges (the socket is root's): an open connection keeps working
 * after the drop, while a runtime restarted later can be reconnected to
 * only if the socket's permissions let the unprivileged user in; until
 * then the pods known stay known and one warning says so.
 */
import { statSync } from "node:fs";
import { UsageError } from "../errors";
import type { CriClient } from "./cri-client";
import { CriPods } from "./cri-pods";

/** Where kubelet's runtimes listen: containerd, k3s's embedded containerd, CRI-O. */
export const WELL_KNOWN_SOCKETS = ["/run/containerd/containerd.sock", "/run/k3s/containerd/containerd.sock", "/run/crio/crio.sock"];

export interface CriFound {
  socket: string;
  /** Version's runtime_name and runtime_version, e.g. containerd 1.6.20. */
  name: string;
  version: string;
  apiVersion: string;
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

/** What is wrong with a socket path given as --cri (null: a socket is there). A named socket that is not there is a typo, not a runtime that is down. */
export function socketProblem(socket: string): string | null {
  try {
    return statSync(socket).isSocket() ? null : `--cri ${socket} is not a socket`;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return `no such socket: --cri ${socket}`;
    // one this user may not reach: connecting says so, with its own fix
    if (code === "EACCES") return null;
    return `--cri ${socket}: ${code ?? (e as Error).message}`;
  }
}

/** The socket to use: `--cri <socket>` (string), none (`--no-cri`: false), or the first well-known one present. */
export function criSocket(flag: string | boolean | undefined, candidates = WELL_KNOWN_SOCKETS): string | null {
  if (flag === false) return null;
  if (typeof flag === "string") return flag.replace(/^unix:\/\//, "");
  return candidates.find(isSocket) ?? null;
}

/** Ask the runtime who it is: proves the socket speaks CRI v1 and leaves the connection open. */
export async function probeRuntime(client: CriClient, timeoutMs = 2000): Promise<CriFound> {
  const v = await client.call<{ runtimeName: string; runtimeVersion: string; runtimeApiVersion: string }>("Version", { version: "v1" }, timeoutMs);
  return { socket: client.socket, name: v.runtimeName, version: v.runtimeVersion, apiVersion: v.runtimeApiVersion };
}

export interface OpenCriOptions {
  /** `--cri <socket>`, `--no-cri` (false), or undefined to look for one. */
  socket?: string | boolean;
  warn: (message: string) => void;
  onChange?: () => void;
  pollMs?: number;
  /** How long the first answer may take before swoll goes on without the runtime. */
  timeoutMs?: number;
}

/**
 * Connects, reads the pods once and starts polling. Null when there is no
 * runtime to read (no socket, --no-cri, or one this user may not open:
 * one warning). A runtime that is there but does not answer yet costs one
 * warning; it is asked again at every poll, and its pods appear when it
 * answers. swoll goes on either way.
 */
export async function openCri(opts: OpenCriOptions): Promise<CriPods | null> {
  const socket = criSocket(opts.socket);
  if (!socket) return null;
  const problem = socketProblem(socket);
  if (problem) throw new UsageError(`${problem}; pass the runtime's socket (e.g. /run/containerd/containerd.sock), or --no-cri`);
  // gRPC and protobuf load only when a runtime is there to ask: a plain trace never pays for them
  const { CriClient, CriError } = await import("./cri-client");
  const client = new CriClient(socket);
  let found: CriFound | null = null;
  try {
    found = await probeRuntime(client, opts.timeoutMs ?? 2000);
  } catch (e) {
    if (e instanceof CriError && /EACCES|EPERM/.test(e.message)) {
      client.close();
      opts.warn(`cannot use the container runtime at ${socket} (permission denied: run as root, or give this user access to the socket); going on without CRI pod metadata`);
      return null;
    }
    opts.warn(`cannot use the container runtime at ${socket} (${(e as Error).message}); going on without CRI pod metadata until it answers`);
  }
  const pods = new CriPods(client, found ?? { name: "", version: "" }, { warn: opts.warn, onChange: opts.onChange, pollMs: opts.pollMs, failing: !found });
  if (found) await pods.refresh();
  pods.start();
  return pods;
}
