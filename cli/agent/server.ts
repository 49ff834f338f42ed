/**
 * The node agent's trace stream API (`swoll serve --trace-listen`):
 *   GET  /v1/version  → {"agent","streamApi","node"}
 *   POST /v1/streams  → NDJSON: events (+ "node"), lost, heartbeat and end lines
 * A bad spec is a 400 whose body is one line naming the field.
 */
import type { Server } from "bun";
import { ProbeError } from "../../ffi/probe";
import type { SyscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { VERSION } from "../version";
import { bindPrivately, prepareUnixPath, type TraceListen } from "./listen";
import { parseStreamSpec, STREAM_API_VERSION, STREAM_PATH, VERSION_PATH, type VersionInfo } from "./protocol";
import type { StreamSource } from "./source";
import { AgentStream, DEFAULT_LIMITS, type StreamLimits } from "./stream";

export interface StreamServerOptions {
  source: StreamSource;
  node: string;
  table: SyscallTable;
  /** Events dropped for slow clients (swoll_events_lost_total{cause="stream_slow"}). */
  onSlow: (n: number) => void;
  /** Streams open at once; each holds one rule of the agent's probe (default 16). */
  maxStreams?: number;
  limits?: StreamLimits;
}

const MAX_SPEC_BYTES = 64 << 10;

function line(status: number, message: string): Response {
  return new Response(message.replace(/\n/g, " ") + "\n", { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** A refusal a client may retry later: one JSON object saying why. */
function refusal(status: 429 | 503, error: string, reason: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error, reason, ...extra }, { status, headers: { "retry-after": "5" } });
}

export class TraceStreamServer {
  private readonly streams = new Set<AgentStream>();
  private server: Server<undefined> | null = null;

  constructor(private readonly opts: StreamServerOptions) {}

  get openStreams(): number {
    return this.streams.size;
  }

  /** Bind; errors are UsageErrors that say which address and why. */
  listen(l: Exclude<TraceListen, { kind: "off" }>): string {
    const common = { development: false, idleTimeout: 30, fetch: (req: Request) => this.handle(req), error: (e: Error) => line(500, `internal error: ${e.message}`) };
    try {
      if (l.kind === "unix") {
        prepareUnixPath(l.path);
        this.server = bindPrivately(l.path, () => Bun.serve({ ...common, unix: l.path } as unknown as Parameters<typeof Bun.serve>[0]) as Server<undefined>);
        return `unix:${l.path}`;
      }
      this.server = Bun.serve({ ...common, hostname: l.hostname, port: l.port, reusePort: false });
      return `http://${l.hostname.includes(":") ? `[${l.hostname}]` : l.hostname}:${this.server.port}`;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const code = (e as { code?: string }).code;
      const where = l.kind === "unix" ? `unix:${l.path}` : `${l.hostname}:${l.port}`;
      throw new UsageError(`cannot serve traces on ${where}: ${code === "EADDRINUSE" ? "address in use" : (e as Error).message}; pick another --trace-listen`, 1);
    }
  }

  async handle(req: Request): Promise<Response> {
    const path = new URL(req.url, "http://agent").pathname;
    if (path === VERSION_PATH) {
      if (req.method !== "GET") return line(405, `use GET ${VERSION_PATH}`);
      const v: VersionInfo = { agent: VERSION, streamApi: STREAM_API_VERSION, node: this.opts.node };
      return Response.json(v);
    }
    if (path !== STREAM_PATH) return line(404, `not found; the stream API is POST ${STREAM_PATH} and GET ${VERSION_PATH}`);
    if (req.method !== "POST") return line(405, `use POST ${STREAM_PATH} with a JSON stream spec`);
    if (Number(req.headers.get("content-length") ?? 0) > MAX_SPEC_BYTES) return line(413, "stream spec larger than 64 KiB");
    const text = await req.text();
    if (text.length > MAX_SPEC_BYTES) return line(413, "stream spec larger than 64 KiB");
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return line(400, 'invalid stream spec: not JSON; send an object such as {"syscalls":["execve"],"namespace":"default"}');
    }
    let spec;
    try {
      spec = parseStreamSpec(body, this.opts.table);
    } catch (e) {
      if (e instanceof UsageError) return line(400, e.message);
      throw e;
    }
    const max = this.opts.maxStreams ?? 16;
    if (this.streams.size >= max)
      return refusal(429, "too_many_streams", `this agent already serves ${max} streams, its most (each is a rule of the node's one probe); close one or try again later`, { maxStreams: max });
    let source;
    try {
      source = this.opts.source.open(spec.plan, { text: spec.text });
    } catch (e) {
      if (e instanceof UsageError) return line(400, e.message);
      if (e instanceof ProbeError) return refusal(503, "no_kernel_room", `cannot add this stream's rule to the probe: ${e.message}`);
      throw e;
    }
    const stream = new AgentStream(source, this.opts.node, this.opts.onSlow, () => this.streams.delete(stream), spec.text, this.opts.limits ?? DEFAULT_LIMITS);
    this.streams.add(stream);
    // a client that goes away frees its filter at once
    req.signal.addEventListener("abort", () => stream.close(), { once: true });
    return stream.response();
  }

  /** Close every stream and the listener. */
  stop(): void {
    for (const s of [...this.streams]) s.close();
    this.server?.stop(true);
    this.server = null;
  }
}
