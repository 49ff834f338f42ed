/**
 * Where each text line comes from, as kubectl users read it: a short
 * `namespace/pod/container pid` prefix when pod metadata is on, `-o wide`
 * (node, namespace, pod, container, pid, container pid, comm, then the
 * call), and `-o columns=…` for any set of columns, with a header line.
 */
import type { Decoded, TraceEvent } from "../decode/event";
import { escapeForTerminal } from "../decode/strings";
import { errnoByName, errnoMessage } from "../decode/errno";
import { UsageError } from "../errors";
import type { TextFormatter } from "./text";

/** What a column shows, and how wide it is padded (the last column is not). */
interface ColumnDef {
  header: string;
  width: number;
  value: (d: Decoded, ctx: ColumnContext) => string;
}

interface ColumnContext {
  node: string;
  text: TextFormatter;
}

const c = (e: TraceEvent) => e.container;
const clean = (s: string | null | undefined, none = "-") => (s ? escapeForTerminal(s, false, true) : none);

function result(e: TraceEvent, d: Decoded): string {
  if (e.return === null) return "?";
  if (e.error !== "OK") return `-1 ${e.error}`;
  return d.retText ?? String(e.return);
}

export const COLUMNS: Record<string, ColumnDef> = {
  time: { header: "TIME", width: 15, value: (d) => d.event.time.slice(11, 26) },
  node: { header: "NODE", width: 16, value: (_d, ctx) => clean(ctx.node) },
  namespace: { header: "NAMESPACE", width: 16, value: (d) => clean(c(d.event)?.namespace) },
  pod: { header: "POD", width: 30, value: (d) => clean(c(d.event)?.pod) },
  container: { header: "CONTAINER", width: 16, value: (d) => clean(c(d.event)?.name) },
  "container-id": { header: "CONTAINER-ID", width: 13, value: (d) => (c(d.event) ? c(d.event)!.id.slice(0, 12) : "-") },
  pid: { header: "PID", width: 7, value: (d) => String(d.event.pid) },
  tid: { header: "TID", width: 7, value: (d) => String(d.event.tid) },
  "container-pid": { header: "CPID", width: 7, value: (d) => (d.event.pid_in_ns ? String(d.event.pid_in_ns) : "-") },
  comm: { header: "COMM", width: 16, value: (d) => clean(d.event.comm) },
  uid: { header: "UID", width: 6, value: (d) => String(d.event.uid) },
  syscall: { header: "SYSCALL", width: 16, value: (d) => d.info.name },
  args: { header: "ARGS", width: 40, value: (d) => d.argsText ?? d.argList.filter((a) => a.text !== "").map((a) => a.text).join(", ") },
  ret: { header: "RET", width: 10, value: (d) => result(d.event, d) },
  error: { header: "ERROR", width: 24, value: (d) => (d.event.error && d.event.error !== "OK" ? `${d.event.error} (${errnoMessage(errnoByName(d.event.error) ?? 0) ?? "Unknown error"})` : "-") },
  latency: { header: "LATENCY", width: 10, value: (d) => (d.latencyNs / 1e9).toFixed(6) },
  call: { header: "CALL", width: 0, value: (d, ctx) => ctx.text.call(d) },
};

/** `-o wide`: where the call comes from, then the call as the default line shows it. */
export const WIDE = ["node", "namespace", "pod", "container", "pid", "container-pid", "comm", "call"];

export type OutputFormat =
  | { kind: "text" | "json" | "payload" }
  | { kind: "columns"; columns: string[] };

const FORMATS = "text, json, payload, wide, columns=NAME,…";

/** `-o` of trace: a format name, `wide`, or `columns=a,b,c` (an unknown column is refused with the valid ones). */
export function parseOutputFormat(value: string): OutputFormat {
  if (value === "text" || value === "json" || value === "payload") return { kind: value };
  if (value === "wide") return { kind: "columns", columns: WIDE };
  const m = /^(?:custom-)?columns=(.*)$/.exec(value);
  if (!m) throw new UsageError(`invalid --output '${value}'; use one of ${FORMATS}`);
  const columns = m[1]!.split(",").map((s) => s.trim().toLowerCase());
  const bad = columns.filter((n) => !(n in COLUMNS));
  if (bad.length || columns.length === 0 || columns.includes(""))
    throw new UsageError(`unknown column '${bad[0] ?? ""}' in --output ${value}; valid columns: ${Object.keys(COLUMNS).join(",")}`);
  return { kind: "columns", columns };
}

export class ColumnFormatter {
  private readonly defs: ColumnDef[];

  constructor(columns: string[], private readonly ctx: ColumnContext) {
    this.defs = columns.map((n) => COLUMNS[n]!);
  }

  header(): string {
    return this.join(this.defs.map((d) => d.header));
  }

  event(d: Decoded): string {
    return this.join(this.defs.map((def) => def.value(d, this.ctx)));
  }

  private join(values: string[]): string {
    const last = values.length - 1;
    return values.map((v, i) => (i === last ? v : v.padEnd(this.defs[i]!.width))).join(" ");
  }
}

/**
 * The default text line's prefix when pod metadata is on: where the call
 * comes from, `namespace/pod/container` and the pid inside the container
 * (`(host)` outside containers; a container without pod metadata by its
 * short id). The line itself keeps the host pid, as strace shows it.
 */
export function podPrefix(e: TraceEvent): string {
  const k = e.container;
  const pid = e.pid_in_ns || e.pid;
  if (!k) return `(host) ${pid}`;
  if (!k.pod) return `${k.id.slice(0, 12)} ${pid}`;
  return `${clean(k.namespace)}/${clean(k.pod)}/${clean(k.name, "(sandbox)")} ${pid}`;
}
