/**
 * A CRI v1 client over the runtime's gRPC unix socket: @grpc/grpc-js for
 * the transport (HTTP/2, deadlines, reconnects) and protobufjs for the
 * messages, parsed from the embedded cri.proto so the compiled executable
 * carries its own API definition. Every call has a deadline: a runtime
 * that hangs costs one timeout, never a stalled caller.
 */
import { Client, credentials, Metadata, status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import protobuf from "protobufjs";
import criProto from "./proto/cri.proto" with { type: "text" };

/** The parsed runtime.v1 messages; tests add the write side to their own copy. */
export function criRoot(extra: string[] = []): protobuf.Root {
  const root = new protobuf.Root();
  for (const text of [criProto, ...extra]) protobuf.parse(text, root, { keepCase: false });
  return root;
}

/** A failed call: the method, the gRPC status and the runtime's message. */
export class CriError extends Error {
  constructor(readonly method: string, readonly code: number, detail: string) {
    super(`CRI ${method}: ${detail}`);
    this.name = "CriError";
  }
  /** The socket is there but nobody answers (absent, refused, timed out). */
  get unavailable(): boolean {
    return this.code === GrpcStatus.UNAVAILABLE || this.code === GrpcStatus.DEADLINE_EXCEEDED;
  }
}

/** grpc-js wraps a socket error in connection-state prose: keep the cause. */
const tidy = (m: string) => m.replace(/\s*Resolution note:.*$/s, "").replace(/^No connection established\. Last error: (Error: )?/, "");

const CONVERT: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: true, arrays: true, objects: true };

export class CriClient {
  private readonly client: Client;
  private readonly types = new Map<string, protobuf.Type>();

  constructor(readonly socket: string, private readonly root: protobuf.Root = criRoot(), private readonly timeoutMs = 2000) {
    this.client = new Client(`unix://${socket}`, credentials.createInsecure(), {
      // a restarted runtime is reconnected to quickly, a missing one not in a tight loop
      "grpc.initial_reconnect_backoff_ms": 200,
      "grpc.max_reconnect_backoff_ms": 5000,
      "grpc.max_receive_message_length": 64 << 20,
    });
  }

  private type(name: string): protobuf.Type {
    let t = this.types.get(name);
    if (!t) this.types.set(name, (t = this.root.lookupType(`runtime.v1.${name}`)));
    return t;
  }

  /** One unary call to runtime.v1.RuntimeService/<method>, e.g. call("ListContainers", {}). */
  call<T = Record<string, unknown>>(method: string, request: Record<string, unknown>, timeoutMs = this.timeoutMs): Promise<T> {
    const req = this.type(`${method}Request`);
    const res = this.type(`${method}Response`);
    return new Promise<T>((resolve, reject) => {
      this.client.makeUnaryRequest(
        `/runtime.v1.RuntimeService/${method}`,
        (v: Record<string, unknown>) => Buffer.from(req.encode(req.fromObject(v)).finish()),
        (b: Buffer) => res.toObject(res.decode(b), CONVERT) as T,
        request,
        new Metadata(),
        { deadline: Date.now() + timeoutMs },
        (e: ServiceError | null, value?: T) => {
          if (e) reject(new CriError(method, e.code, tidy(e.details || e.message)));
          else resolve(value!);
        },
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
