/**
 * One connection to a port of a pod through the API server's
 * pods/portforward: @kubernetes/client-node's PortForward (websocket,
 * v4.channel.k8s.io; under Bun its `ws` import is Bun's own client, which
 * takes the kubeconfig's CA, client certificate and token), and on top of
 * it a single HTTP/1.1 request whose response is read line by line — all
 * the agent's stream API needs. Authentication, RBAC and audit are the API
 * server's; swoll holds no credentials of its own.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { PassThrough, Writable } from "node:stream";

export class TunnelError extends Error {
  /** HTTP status of a refused upgrade (403: RBAC, 404: no such pod), when known. */
  constructor(message: string, readonly status: number | null = null) {
    super(message);
  }
}

export interface AgentResponse {
  status: number;
  /** Lines of the body as they arrive; ends when the connection does. */
  lines: AsyncIterable<string>;
  close(): void;
}

const MAX_HEAD = 16 << 10;
const MAX_LINE = 4 << 20;

/** Reads an HTTP/1.1 response (chunked or not) from the tunnel's bytes. */
class ResponseReader {
  private buf: Buffer = Buffer.alloc(0);
  private head: { status: number; chunked: boolean } | null = null;
  private chunkLeft = -1;
  private text = "";
  private readonly decoder = new TextDecoder();
  readonly lines: string[] = [];
  error: string | null = null;

  /** Feed bytes; returns false on a malformed response. */
  feed(b: Buffer): boolean {
    this.buf = this.buf.length ? Buffer.concat([this.buf, b]) : b;
    if (!this.head) {
      const end = this.buf.indexOf("\r\n\r\n");
      if (end < 0) return this.buf.length <= MAX_HEAD || this.fail("response head too large");
      const head = this.buf.subarray(0, end).toString("latin1").split("\r\n");
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? "");
      if (!m) return this.fail(`not an HTTP response: ${JSON.stringify((head[0] ?? "").slice(0, 60))}`);
      this.head = { status: Number(m[1]), chunked: head.some((h) => /^transfer-encoding:\s*chunked/i.test(h)) };
      this.buf = this.buf.subarray(end + 4);
    }
    if (!this.head.chunked) {
      this.body(this.buf);
      this.buf = Buffer.alloc(0);
      return true;
    }
    for (;;) {
      if (this.chunkLeft <= 0) {
        const nl = this.buf.indexOf("\r\n");
        if (nl < 0) return true;
        if (this.chunkLeft === 0) {
          // the CRLF after a chunk's data
          this.buf = this.buf.subarray(nl + 2);
          this.chunkLeft = -1;
          continue;
        }
        const size = parseInt(this.buf.subarray(0, nl).toString("latin1"), 16);
        if (!Number.isFinite(size)) return this.fail("bad chunk size");
        this.buf = this.buf.subarray(nl + 2);
        if (size === 0) return true;
        this.chunkLeft = size;
      }
      const take = Math.min(this.chunkLeft, this.buf.length);
      if (take === 0) return true;
      this.body(this.buf.subarray(0, take));
      this.buf = this.buf.subarray(take);
      this.chunkLeft -= take;
    }
  }

  get status(): number | null {
    return this.head?.status ?? null;
  }

  private body(b: Uint8Array): void {
    this.text += this.decoder.decode(b, { stream: true });
    let nl: number;
    while ((nl = this.text.indexOf("\n")) >= 0) {
      this.lines.push(this.text.slice(0, nl));
      this.text = this.text.slice(nl + 1);
    }
    if (this.text.length > MAX_LINE) this.fail("a line longer than 4 MiB");
  }

  /** What is left when the connection ends (a body without a final newline). */
  rest(): string {
    return this.text;
  }

  private fail(why: string): false {
    this.error = why;
    return false;
  }
}

function upgradeStatus(e: unknown): number | null {
  const m = /\b([1-5]\d\d)\b/.exec((e as Error)?.message ?? String(e));
  return m ? Number(m[1]) : null;
}

/**
 * Send one request to `port` of pod `namespace/pod` and read the response.
 * Rejects with a TunnelError when the API server refuses the port-forward
 * or the pod's port does not answer.
 */
export async function requestThroughPortForward(
  kc: KubeConfig,
  target: { namespace: string; pod: string; port: number },
  req: { method: "GET" | "POST"; path: string; body?: string },
): Promise<AgentResponse> {
  const { PortForward } = await import("@kubernetes/client-node");
  const reader = new ResponseReader();
  const input = new PassThrough();
  let wake: (() => void) | null = null;
  let ended = false;
  let errorText = "";
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const output = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (chunk.length && !reader.feed(chunk)) ended = true;
      notify();
      cb();
    },
  });
  const errors = new Writable({
    write(chunk: Buffer, _enc, cb) {
      errorText += chunk.toString();
      cb();
    },
  });
  let ws: { close(): void; addEventListener?: (t: string, f: () => void) => void; on?: (t: string, f: () => void) => void };
  try {
    ws = (await new PortForward(kc, true).portForward(target.namespace, target.pod, [target.port], output, errors, input)) as typeof ws;
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    throw new TunnelError(`port-forward to ${target.namespace}/${target.pod} refused: ${msg.split("\n")[0]}`, upgradeStatus(e));
  }
  const onClose = () => {
    ended = true;
    notify();
  };
  if (ws.addEventListener) ws.addEventListener("close", onClose);
  else ws.on?.("close", onClose);
  const body = req.body ?? "";
  input.write(
    `${req.method} ${req.path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nUser-Agent: swoll\r\n` +
      (req.method === "POST" ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : "") +
      `\r\n${body}`,
  );
  const close = () => {
    ended = true;
    try {
      ws.close();
    } catch {
      // already closed
    }
    notify();
  };
  // the status line, or the end
  while (reader.status === null && !ended) await new Promise<void>((r) => (wake = r));
  if (reader.status === null) {
    close();
    throw new TunnelError(reader.error ?? (errorText.trim() || `${target.namespace}/${target.pod} closed the connection before answering`));
  }
  async function* lines(): AsyncGenerator<string> {
    try {
      for (;;) {
        while (reader.lines.length) yield reader.lines.shift()!;
        if (ended) break;
        await new Promise<void>((r) => (wake = r));
      }
      const rest = reader.rest();
      if (rest) yield rest;
    } finally {
      close();
    }
  }
  return { status: reader.status, lines: lines(), close };
}
