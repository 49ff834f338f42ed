/**
 * Reaching the API server. @kubernetes/client-node loads the kubeconfig
 * (--kubeconfig, $KUBECONFIG, ~/.kube/config, or the in-cluster service
 * account) and resolves its credentials: CA, client certificate and key,
 * bearer token, token file, exec and auth-provider plugins. The requests
 * themselves go through Bun's fetch with those credentials as `tls`
 * options, because the library's own transport hands fetch an undici
 * dispatcher that Bun's fetch ignores, so the kubeconfig's CA would never
 * be used. Verification stays on unless the kubeconfig itself says
 * insecure-skip-tls-verify.
 *
 * The library is large, so it is loaded only when there is a kubeconfig:
 * a plain `swoll trace` on a host without one does not pay for it.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import type { KubeConfig } from "@kubernetes/client-node";
import { UsageError } from "../errors";
import { NotRegularFile, readBounded, requireRegularFile } from "./bounded-read";
import { parse as parseYaml } from "yaml";
import { BadCredential, checkCredentials, requestErrorText } from "./tls-errors";

const SA_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

export interface KubeAccess {
  /** Where the config came from, for messages. */
  source: string;
  server: string;
  /** The current context's namespace, or "default" (what kubectl uses without -n). */
  namespace: string;
  /** GET a path (with query) on the API server. */
  get(path: string, signal?: AbortSignal): Promise<Response>;
  /** Any method, with an optional JSON body (writes: the controller). */
  request(method: string, path: string, init?: { body?: unknown; contentType?: string; signal?: AbortSignal }): Promise<Response>;
  /**
   * Read the credentials (CA, client certificate and key, token) once more
   * and keep them: after swoll gives up root, files it can no longer read
   * are served from this copy, while files it still can read (an
   * in-cluster token, mode 0644, that the kubelet rotates) are read afresh.
   */
  beforeDrop(): Promise<void>;
  /** The loaded kubeconfig, for the library's websocket calls (pods/portforward). */
  config?: KubeConfig;
}

interface HttpsOptions {
  ca?: Buffer | string;
  cert?: Buffer | string;
  key?: Buffer | string;
  rejectUnauthorized?: boolean;
  servername?: string;
  auth?: string;
  headers?: Record<string, string>;
}

/** Kubeconfigs with many clusters and embedded certificates stay far below this. */
const MAX_KUBECONFIG_BYTES = 16 << 20;

function why(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
}

/** The file fields of a kubeconfig, by section. */
const FILE_FIELDS: [section: "clusters" | "users", entry: "cluster" | "user", fields: string[]][] = [
  ["clusters", "cluster", ["certificate-authority"]],
  ["users", "user", ["client-certificate", "client-key", "token-file"]],
];

/**
 * A kubeconfig, and every file it names, must be a regular file: the
 * Kubernetes client reads them with a blocking read, so a FIFO would hang
 * swoll and a device would feed it without end. Checked with stat (which
 * never blocks) before the client reads anything. `text`: the config's
 * bytes when already read.
 */
function checkFiles(config: string, flag: string, text?: string): void {
  const refuse = (what: string, e: unknown, fix: string) => {
    if (e instanceof NotRegularFile) throw new UsageError(`${what}${what.endsWith(" but") ? " " : ": "}${e.code ?? e.message}; ${fix}`);
  };
  if (text === undefined) {
    try {
      requireRegularFile(config);
      const data = readBounded(config, MAX_KUBECONFIG_BYTES);
      if (data === "too large") throw new UsageError(`kubeconfig ${config} is larger than 16 MiB; ${flag}`);
      text = data.toString("utf8");
    } catch (e) {
      refuse(`cannot read kubeconfig ${config}`, e, flag);
      return; // missing or unreadable: the client says so as before
    }
  }
  let doc: any;
  try {
    doc = parseYaml(text);
  } catch {
    return; // the client reports the syntax error
  }
  for (const [section, entry, fields] of FILE_FIELDS) {
    for (const item of Array.isArray(doc?.[section]) ? doc[section] : []) {
      for (const field of fields) {
        const named = item?.[entry]?.[field];
        if (typeof named !== "string" || named === "") continue;
        const file = isAbsolute(named) ? named : join(dirname(config), named);
        try {
          requireRegularFile(file);
        } catch (e) {
          refuse(`kubeconfig ${config} names ${file} as ${field}, but`, e, `point ${field} at a regular file`);
        }
      }
    }
  }
}

/**
 * The kubeconfig to use, or null when there is none (then swoll attributes
 * events to containers only). `explicit` is --kubeconfig.
 */
export async function loadKubeConfig(explicit?: string): Promise<KubeAccess | null> {
  const home = join(process.env.HOME || homedir(), ".kube", "config");
  let source: string;
  let load: (kc: KubeConfig) => void;
  if (explicit) {
    if (!existsSync(explicit)) throw new UsageError(`--kubeconfig ${explicit}: no such file; pass the path of a kubeconfig`);
    let data: Buffer | "too large";
    try {
      data = readBounded(explicit, MAX_KUBECONFIG_BYTES);
    } catch (e) {
      throw new UsageError(`cannot read --kubeconfig ${explicit}: ${(e as NodeJS.ErrnoException).code ?? why(e)}; pass the path of a kubeconfig`);
    }
    if (data === "too large") throw new UsageError(`--kubeconfig ${explicit} is larger than 16 MiB; pass the path of a kubeconfig`);
    const text = data.toString("utf8");
    checkFiles(explicit, "pass the path of a kubeconfig", text);
    source = explicit;
    // what loadFromFile does, from the bytes already read
    load = (kc) => {
      kc.loadFromString(text);
      kc.makePathsAbsolute(dirname(explicit));
    };
  } else if (process.env.KUBECONFIG) {
    source = `$KUBECONFIG (${process.env.KUBECONFIG})`;
    for (const file of process.env.KUBECONFIG.split(":").filter(Boolean)) checkFiles(file, "fix $KUBECONFIG");
    load = (kc) => kc.loadFromDefault();
  } else if (existsSync(home)) {
    source = home;
    checkFiles(home, "fix it or pass another with --kubeconfig");
    load = (kc) => kc.loadFromDefault();
  } else if (existsSync(SA_TOKEN) && process.env.KUBERNETES_SERVICE_HOST) {
    source = "in-cluster service account";
    load = (kc) => kc.loadFromCluster();
  } else return null;
  const { KubeConfig } = await import("@kubernetes/client-node");
  const kc = new KubeConfig();
  try {
    load(kc);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot load the kubeconfig${explicit ? ` ${explicit}` : ""}: ${why(e)}; fix the file or pass another with --kubeconfig`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server)
    throw new UsageError(`kubeconfig ${source} has no current context with a cluster server; set current-context or pass another with --kubeconfig`);
  const server = cluster.server.replace(/\/+$/, "");
  const ctx = kc.getContextObject(kc.getCurrentContext());
  let kept: HttpsOptions | null = null;
  const resolve = async (): Promise<HttpsOptions> => {
    const o: HttpsOptions = {};
    try {
      await kc.applyToHTTPSOptions(o as never);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (kept && (code === "EACCES" || code === "EPERM")) return kept;
      throw e;
    }
    checkCredentials(o, source);
    return o;
  };
  // A broken CA, certificate or key is a usage error now, not a "cannot connect" later.
  try {
    await resolve();
  } catch (e) {
    // anything else (an exec plugin, a file not there yet): the requests will say
    if (e instanceof BadCredential) throw new UsageError(e.message);
  }
  const access: KubeAccess = {
    source,
    server,
    namespace: ctx?.namespace || "default",
    async beforeDrop() {
      kept = await resolve();
    },
    config: kc,
    get(path, signal) {
      return access.request("GET", path, { signal });
    },
    async request(method, path, init = {}) {
      const signal = init.signal;
      // Resolved per request: tokens from files and exec plugins rotate.
      const o = await resolve();
      const headers: Record<string, string> = { Accept: "application/json", ...(o.headers ?? {}) };
      if (init.body !== undefined) headers["Content-Type"] = init.contentType ?? "application/json";
      if (o.auth && !headers.Authorization) headers.Authorization = `Basic ${Buffer.from(o.auth).toString("base64")}`;
      const tls: Record<string, unknown> = {};
      if (o.ca) tls.ca = o.ca.toString();
      if (o.cert) tls.cert = o.cert.toString();
      if (o.key) tls.key = o.key.toString();
      if (o.servername) tls.serverName = o.servername;
      if (o.rejectUnauthorized === false) tls.rejectUnauthorized = false; // the kubeconfig asked for it
      const body = init.body === undefined ? undefined : JSON.stringify(init.body);
      try {
        return await fetch(server + path, { method, headers, body, signal, tls } as RequestInit);
      } catch (e) {
        if (signal?.aborted) throw e;
        throw Object.assign(new Error(requestErrorText(e, server)), { code: undefined, cause: e });
      }
    },
  };
  return access;
}
