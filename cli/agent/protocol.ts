/**
 * The node agent's trace stream API, shared by the agent (which validates
 * a spec into a TracePlan) and the cluster client (which builds one from
 * `swoll trace` flags). A spec is a Trace's `spec` plus its scope; the
 * selectors may be a Trace's objects or kubectl's selector text.
 */
import type { SyscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { parseGoDuration } from "../k8s/manifest";
import type { PodSelection } from "../k8s/pods";
import { fromLabelSelectorObject, parseFieldSelector, parseLabelSelector, type FieldRequirement, type LabelRequirement, type LabelSelectorObject } from "../k8s/selectors";
import { parseComms, parsePids, parseSyscalls } from "../options";
import type { TracePlan } from "../api/spec";

/** Bumped when a line shape or the spec changes incompatibly; clients refuse other majors. */
export const STREAM_API_VERSION = 1;
export const STREAM_PATH = "/v1/streams";
export const VERSION_PATH = "/v1/version";
/** Seconds between heartbeat lines on an open stream. */
export const HEARTBEAT_MS = 2000;

export interface StreamSpec {
  syscalls?: string[];
  namespace?: string;
  allNamespaces?: boolean;
  labelSelector?: LabelSelectorObject | string;
  fieldSelector?: { matchLabels?: Record<string, string> } | string;
  pods?: string[];
  containers?: string[];
  /** Process ids (of this node) and command names. */
  pids?: number[];
  comms?: string[];
  sampleRate?: number;
  /** A Go duration: 90s, 5m. */
  duration?: string;
  /** "text" adds the strace-style line to each event (`text`). */
  output?: "json" | "text";
}

export interface VersionInfo {
  agent: string;
  streamApi: number;
  node: string;
}

export interface StreamPlan {
  plan: TracePlan;
  text: boolean;
}

const KEYS = new Set(["syscalls", "namespace", "allNamespaces", "labelSelector", "fieldSelector", "pods", "containers", "pids", "comms", "sampleRate", "duration", "output"]);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function bad(field: string, why: string): UsageError {
  return new UsageError(`invalid stream spec: ${field}: ${why}`);
}

function strings(v: unknown, field: string, max = 1024): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > max || v.some((s) => typeof s !== "string")) throw bad(field, `expected a list of at most ${max} strings`);
  return v as string[];
}

function names(v: unknown, field: string, re: RegExp): string[] {
  const out = strings(v, field);
  for (const n of out) if (!re.test(n)) throw bad(field, `'${n}' is not a Kubernetes name`);
  return out;
}

function labels(v: unknown): LabelRequirement[] {
  if (v === undefined) return [];
  if (typeof v === "string") return parseLabelSelector(v, "labelSelector");
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw bad("labelSelector", "expected {matchLabels, matchExpressions} or selector text such as app=nginx");
  return fromLabelSelectorObject(v as LabelSelectorObject, "labelSelector");
}

function fields(v: unknown): FieldRequirement[] {
  if (v === undefined) return [];
  if (typeof v === "string") return parseFieldSelector(v, "fieldSelector");
  const m = (v as { matchLabels?: unknown } | null)?.matchLabels;
  if (typeof v !== "object" || v === null || (m !== undefined && (typeof m !== "object" || m === null || Array.isArray(m))))
    throw bad("fieldSelector", "expected {matchLabels: {field: value}} or selector text such as status.phase=Running");
  return Object.entries((m ?? {}) as Record<string, unknown>).flatMap(([k, val]) => {
    if (typeof val !== "string") throw bad(`fieldSelector.matchLabels.${k}`, "expected a string");
    return parseFieldSelector(`${k}=${val.replace(/([\\,=])/g, "\\$1")}`, "fieldSelector");
  });
}

/** A request body → what a hub runs; UsageErrors name the field (the agent answers 400 with the message). */
export function parseStreamSpec(body: unknown, table: SyscallTable): StreamPlan {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new UsageError('invalid stream spec: expected a JSON object such as {"syscalls":["execve"],"namespace":"default"}');
  const s = body as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!KEYS.has(k)) throw bad(k, `unknown field; known: ${[...KEYS].join(", ")}`);
  const syscallNames = strings(s.syscalls, "syscalls");
  let syscalls: number[] | null = null;
  if (syscallNames.length) {
    try {
      syscalls = parseSyscalls(syscallNames, table);
    } catch (e) {
      throw bad("syscalls", (e as Error).message);
    }
  }
  if (s.allNamespaces !== undefined && typeof s.allNamespaces !== "boolean") throw bad("allNamespaces", "expected true or false");
  if (s.namespace !== undefined && (typeof s.namespace !== "string" || !DNS_LABEL.test(s.namespace))) throw bad("namespace", "expected a namespace name");
  if (s.namespace !== undefined && s.allNamespaces) throw bad("namespace", "conflicts with allNamespaces; pick one");
  if (s.namespace === undefined && !s.allNamespaces) throw bad("namespace", 'give a namespace, or "allNamespaces": true');
  let sampleRate = 1;
  if (s.sampleRate !== undefined) {
    if (!Number.isInteger(s.sampleRate) || (s.sampleRate as number) < 1 || (s.sampleRate as number) > 1_000_000) throw bad("sampleRate", "expected an integer from 1 to 1000000");
    sampleRate = s.sampleRate as number;
  }
  let durationMs: number | null = null;
  if (s.duration !== undefined) {
    durationMs = typeof s.duration === "string" ? parseGoDuration(s.duration) : null;
    if (durationMs === null) throw bad("duration", "expected a duration such as 90s, 5m or 1h30m");
  }
  if (s.output !== undefined && s.output !== "json" && s.output !== "text") throw bad("output", 'expected "json" or "text"');
  if (s.pids !== undefined && (!Array.isArray(s.pids) || s.pids.some((p) => !Number.isInteger(p)))) throw bad("pids", "expected a list of process ids");
  const pids = parsePids(((s.pids as number[] | undefined) ?? []).map(String));
  const comms = parseComms(strings(s.comms, "comms"));
  const selection: PodSelection = {
    pods: names(s.pods, "pods", DNS_SUBDOMAIN),
    namespace: s.allNamespaces ? null : (s.namespace as string),
    containers: names(s.containers, "containers", DNS_LABEL),
    labels: labels(s.labelSelector),
    fields: fields(s.fieldSelector),
  };
  return {
    plan: { name: null, syscalls, pids, comms, selection, hosts: null, sampleRate, durationMs },
    text: s.output === "text",
  };
}
