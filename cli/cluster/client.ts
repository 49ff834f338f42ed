/**
 * `swoll trace --cluster`: one stream per node that hosts selected pods,
 * each through a port-forward to that node's agent, merged into one
 * output. Nodes come and go with the pods (Discovery); an agent that goes
 * away is reported (`node_lost`) and reconnected with backoff while the
 * other nodes go on. Heartbeats prove a silent node is alive and are not
 * printed.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { escapeForTerminal } from "../decode/strings";
import { UsageError } from "../errors";
import type { KubeAccess } from "../k8s/kubeconfig";
import type { PodSelection } from "../k8s/pods";
import type { LabelRequirement } from "../k8s/selectors";
import { safeJson } from "../output/json";
import { HEARTBEAT_MS, STREAM_API_VERSION, STREAM_PATH, VERSION_PATH, type StreamSpec, type VersionInfo } from "../agent/protocol";
import { Discovery, type AgentRef } from "./discovery";
import { requestThroughPortForward, TunnelError, type AgentResponse } from "./tunnel";

export type ClusterOutput = "text" | "json" | "payload";

/**
 * The Job log shape (`--output payload`), from an agent's lines: an event
 * (which carries its node) under `payload`, anything else under `notice`.
 */
export const payloadLine = (agentEventLine: string): string => `{"payload":${agentEventLine}}`;
export const noticeLine = (line: string): string => `{"notice":${line}}`;
export const warningNotice = (message: string): string => noticeLine(safeJson({ type: "warning", message }));

export interface ClusterTraceOptions {
  kube: KubeAccess;
  /** What each agent runs (output is set here from `output`). */
  spec: StreamSpec;
  selection: PodSelection;
  /** A Trace's hostSelector (node labels); null: every node. */
  hosts?: LabelRequirement[] | null;
  /** The spec and selection may change (respec): discovery watches the whole namespace. */
  followSelection?: boolean;
  output: ClusterOutput;
  node: string | null;
  agentNamespace: string;
  agentSelector: string;
  agentPort: number;
  /** Events to print before stopping (Infinity: no limit). */
  limit: number;
  /** A printed line (stdout). */
  write: (line: string) => void;
  /**
   * A notice or warning for stderr, one line (`swoll: …`). With output
   * payload every notice is a `{"notice": …}` line through `write` instead:
   * a Job's log is JSON lines only.
   */
  notice: (line: string) => void;
  heartbeatTimeoutMs?: number;
  backoffMs?: { initial: number; max: number };
}

interface NodeConn {
  node: string;
  agent: AgentRef;
  response: AgentResponse | null;
  /** Reconnect attempts since the last stream that delivered. */
  attempts: number;
  retry: ReturnType<typeof setTimeout> | null;
  /** incompatible, refused or finished: not retried. */
  final: boolean;
  streaming: boolean;
  /** node_lost was printed and no stream has delivered since: retries stay quiet. */
  lostReported: boolean;
  /** A connect (version check, POST, pump) is under way. */
  busy: boolean;
}

export interface ClusterStats {
  events: number;
  nodesLost: number;
}

export class ClusterTrace {
  private readonly discovery: Discovery;
  private readonly conns = new Map<string, NodeConn>();
  private readonly warnedNoAgent = new Set<string>();
  private stopped = false;
  private started = false;
  private resolveDone!: () => void;
  readonly done = new Promise<void>((r) => (this.resolveDone = r));
  readonly stats: ClusterStats = { events: 0, nodesLost: 0 };
  private readonly kc: KubeConfig;
  private spec: StreamSpec;
  /** Bumped by respec: a stream opened under an older one is closed and reopened at once. */
  private generation = 0;

  constructor(private readonly opts: ClusterTraceOptions) {
    if (!opts.kube.config) throw new UsageError("--cluster needs a kubeconfig loaded by the Kubernetes client");
    this.kc = opts.kube.config;
    this.spec = opts.spec;
    this.discovery = new Discovery({
      kube: opts.kube,
      selection: opts.selection,
      hosts: opts.hosts ?? null,
      followSelection: opts.followSelection,
      agentNamespace: opts.agentNamespace,
      agentSelector: opts.agentSelector,
      node: opts.node,
      onChange: () => this.reconcile(),
      warn: (m) => this.warn(`warning: ${m}`),
    });
  }

  /** One notice: stderr for text and json, a `{"notice":{"type":"warning",…}}` line for payload. */
  warn(message: string): void {
    if (this.opts.output === "payload") this.opts.write(warningNotice(message.replace(/^warning: /, "")));
    else this.opts.notice(`swoll: ${message}`);
  }

  /**
   * From now on every agent runs `spec` for `selection` (a followed Trace
   * was edited): open streams are closed and each node's is opened again
   * with the new spec; nodes the new selection no longer needs keep quiet.
   */
  async respec(spec: StreamSpec, selection: PodSelection, hosts: LabelRequirement[] | null): Promise<void> {
    if (this.stopped) return;
    this.spec = spec;
    this.generation++;
    await this.discovery.setSelection(selection, hosts);
    for (const c of this.conns.values()) {
      c.final = false;
      c.attempts = 0;
      if (c.busy) {
        c.response?.close(); // its connect sees the new generation and reconnects
        continue;
      }
      if (c.retry) clearTimeout(c.retry);
      c.retry = null;
      void this.connect(c);
    }
    this.reconcile();
  }

  async start(): Promise<void> {
    await this.discovery.start();
    if (this.discovery.agentCount === 0)
      throw new UsageError(
        `no swoll agents${this.opts.node ? ` on node ${this.opts.node}` : ""} in namespace ${this.opts.agentNamespace} with labels ${this.opts.agentSelector}; deploy them (kubectl apply -k deploy/) or pass --agent-namespace/--agent-selector`,
        1,
      );
    if (this.discovery.wantedNodes().size === 0) this.warn("no pods match the selection yet; waiting for them");
    this.started = true;
    this.reconcile();
  }

  /** Start streams for nodes that host selected pods and have an agent. */
  private reconcile(): void {
    if (this.stopped || !this.started) return;
    const agents = this.discovery.agentsByNode();
    for (const node of this.discovery.wantedNodes()) {
      const agent = agents.get(node);
      const c = this.conns.get(node);
      if (!agent) {
        if (!c && !this.warnedNoAgent.has(node)) {
          this.warnedNoAgent.add(node);
          this.warn(`node ${node} hosts selected pods but runs no swoll agent; tracing it once one starts`);
        }
        continue;
      }
      if (!c) {
        const conn: NodeConn = { node, agent, response: null, attempts: 0, retry: null, final: false, streaming: false, lostReported: false, busy: false };
        this.conns.set(node, conn);
        void this.connect(conn);
      } else if (c.agent.pod !== agent.pod && !c.streaming && !c.busy) {
        // a replaced agent: try the new one now
        c.agent = agent;
        c.final = false;
        if (c.retry) clearTimeout(c.retry);
        c.retry = null;
        void this.connect(c);
      }
    }
  }

  private line(type: "node_lost", node: string, reason: string): void {
    this.stats.nodesLost++;
    if (this.opts.output === "text") return this.opts.write(`--- node ${node}: ${escapeForTerminal(reason, false)}; reconnecting ---`);
    const line = safeJson({ type, node, time: new Date().toISOString(), reason });
    this.opts.write(this.opts.output === "payload" ? noticeLine(line) : line);
  }

  private async connect(c: NodeConn): Promise<void> {
    if (this.stopped || c.final || c.busy) return;
    c.busy = true;
    const generation = this.generation;
    const target = { namespace: c.agent.namespace, pod: c.agent.pod, port: this.opts.agentPort };
    let reason: string;
    try {
      const v = await requestThroughPortForward(this.kc, target, { method: "GET", path: VERSION_PATH });
      let body = "";
      for await (const l of v.lines) body += l;
      if (this.stopped) return;
      let info: Partial<VersionInfo> = {};
      try {
        info = JSON.parse(body) as VersionInfo;
      } catch {
        // below
      }
      if (v.status !== 200 || typeof info.streamApi !== "number") return this.finalLine(c, `agent ${c.agent.namespace}/${c.agent.pod} has no trace stream API (HTTP ${v.status}); upgrade it to swoll ${"≥"} 0.2 or deploy this version's DaemonSet`);
      if (info.streamApi !== STREAM_API_VERSION)
        return this.finalLine(c, `agent ${c.agent.namespace}/${c.agent.pod} (swoll ${String(info.agent).slice(0, 40)}) speaks stream API v${info.streamApi}, this client v${STREAM_API_VERSION}; skipping node ${c.node}, deploy matching versions`);
      const res = await requestThroughPortForward(this.kc, target, { method: "POST", path: STREAM_PATH, body: JSON.stringify({ ...this.spec, output: this.opts.output === "text" ? "text" : "json" }) });
      if (this.stopped) return res.close();
      c.response = res;
      if (generation !== this.generation) res.close(); // respec'd while this one was opening
      if (res.status !== 200) {
        let msg = "";
        for await (const l of res.lines) msg += l;
        if (res.status === 400) return this.finalLine(c, `node ${c.node} refused the trace: ${msg.trim()}`);
        // a full agent (429) or probe (503) says why in {"error","reason"}
        let why = msg.trim();
        try {
          why = String((JSON.parse(why) as { reason?: unknown }).reason ?? why);
        } catch {
          // plain text
        }
        throw new TunnelError(`HTTP ${res.status}: ${why.slice(0, 200)}`);
      }
      reason = await this.pump(c, res);
    } catch (e) {
      if (this.stopped || generation !== this.generation) return;
      if (e instanceof TunnelError && (e.status === 403 || e.status === 401))
        return this.finalLine(c, `not allowed to port-forward to ${c.agent.namespace}/${c.agent.pod} (${e.message.replace(/^port-forward to \S+ refused: /, "")}); bind the user to the swoll-trace roles (deploy/rbac-trace.yaml)`);
      reason = e instanceof TunnelError ? e.message : `agent unreachable: ${(e as Error).message?.split("\n")[0]}`;
    } finally {
      c.response = null;
      c.streaming = false;
      c.busy = false;
      // a respec closed this stream: open the new spec's at once, nothing was lost
      if (!this.stopped && generation !== this.generation) void this.connect(c);
    }
    if (this.stopped || c.final || generation !== this.generation) return;
    if (!c.lostReported) this.line("node_lost", c.node, reason);
    c.lostReported = true;
    const b = this.opts.backoffMs ?? { initial: 500, max: 30_000 };
    const delay = Math.min(b.max, b.initial * 2 ** c.attempts++) * (0.8 + Math.random() * 0.4);
    c.retry = setTimeout(() => {
      c.retry = null;
      void this.connect(c);
    }, delay);
  }

  private finalLine(c: NodeConn, message: string): void {
    c.final = true;
    this.warn(message);
  }

  /** Print one stream until it ends; returns why it ended (a clean end marks the node final). */
  private async pump(c: NodeConn, res: AgentResponse): Promise<string> {
    const timeoutMs = this.opts.heartbeatTimeoutMs ?? HEARTBEAT_MS * 3 + 1000;
    let last = performance.now();
    let silent = false;
    const watchdog = setInterval(() => {
      if (performance.now() - last > timeoutMs) {
        silent = true;
        res.close();
      }
    }, Math.min(1000, timeoutMs / 2));
    const { output, write } = this.opts;
    try {
      for await (const l of res.lines) {
        last = performance.now();
        if (!c.streaming) {
          c.streaming = true;
          c.attempts = 0;
          c.lostReported = false;
        }
        if (l.startsWith('{"type":')) {
          if (l.startsWith('{"type":"heartbeat"')) continue;
          if (l.startsWith('{"type":"end"')) {
            c.final = true;
            const why = this.endReason(l);
            if (why !== "duration") this.warn(`node ${c.node}'s agent ended the stream: ${why}`);
            return "stream ended";
          }
          if (output === "text") write(this.lostText(l));
          else if (output === "payload") write(noticeLine(l));
          else write(l);
          continue;
        }
        if (!l.startsWith("{")) continue;
        this.stats.events++;
        if (output === "json") write(l);
        else if (output === "payload") write(payloadLine(l));
        else write(this.eventText(l, c.node));
        if (this.stats.events >= this.opts.limit) {
          this.stop();
          return "limit";
        }
        if (this.stopped) return "stopped";
      }
    } finally {
      clearInterval(watchdog);
    }
    return silent ? `no heartbeat from its agent for ${Math.round(timeoutMs / 1000)}s` : "its agent closed the stream";
  }

  private eventText(l: string, node: string): string {
    try {
      const e = JSON.parse(l) as { text?: string; container?: { pod?: string } | null };
      return `${escapeForTerminal(node, false)} ${escapeForTerminal(e.container?.pod ?? "-", false)} ${escapeForTerminal(e.text ?? "", false)}`;
    } catch {
      return `${node} (unreadable event line)`;
    }
  }

  private endReason(l: string): string {
    try {
      return String((JSON.parse(l) as { reason?: unknown }).reason ?? "unknown");
    } catch {
      return "unreadable end line";
    }
  }

  private lostText(l: string): string {
    try {
      const x = JSON.parse(l) as { type: string; node?: string; cause?: string; count?: number; from?: string; to?: string };
      return `--- node ${escapeForTerminal(String(x.node), false)}: lost ${x.count} events (${escapeForTerminal(String(x.cause), false)}) between ${x.from} and ${x.to} ---`;
    } catch {
      return "--- (unreadable line from an agent) ---";
    }
  }

  /** Close every stream and watch; idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.discovery.stop();
    for (const c of this.conns.values()) {
      if (c.retry) clearTimeout(c.retry);
      c.response?.close();
    }
    this.resolveDone();
  }
}
