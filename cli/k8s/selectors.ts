/**
 * Label and field selectors with kubectl's syntax and meaning:
 *   labels: a=b, a==b, a!=b, a in (x,y), a notin (x,y), a, !a
 *   fields: a=b, a==b, a!=b over the fields the API server indexes for pods
 * Parsed into requirements that match pods here and print back into the
 * canonical text sent to the API server.
 */
import { UsageError } from "../errors";

export type LabelOp = "=" | "!=" | "in" | "notin" | "exists" | "!";

export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a label key is invalid, or null. */
export function labelKeyProblem(key: string): string | null {
  const slash = key.indexOf("/");
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? null : key.slice(0, slash);
  if (prefix !== null && (prefix.length > 253 || !PREFIX.test(prefix))) return `prefix '${prefix}' is not a DNS subdomain`;
  if (!NAME.test(name)) return `'${name}' must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  return null;
}

export function labelValueProblem(value: string): string | null {
  if (value === "" || NAME.test(value)) return null;
  return `value '${value}' must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
}

function badSelector(text: string, why: string, flag: string): UsageError {
  return new UsageError(`invalid ${flag} '${text}': ${why}; use kubectl's syntax, e.g. ${flag} 'app=nginx,tier in (web,api),!canary'`);
}

/** Split on commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

export function parseLabelSelector(text: string, flag = "--selector"): LabelRequirement[] {
  if (text.trim() === "") return [];
  const reqs: LabelRequirement[] = [];
  for (const term of splitTerms(text)) {
    if (term === "") throw badSelector(text, "empty requirement", flag);
    let m: RegExpExecArray | null;
    let req: LabelRequirement;
    if ((m = /^!\s*([^\s!=(),]+)$/.exec(term))) req = { key: m[1]!, op: "!", values: [] };
    else if ((m = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(term))) {
      const values = m[3]!.split(",").map((v) => v.trim());
      if (values.length === 0 || (values.length === 1 && values[0] === "")) throw badSelector(text, `'${m[2]}' needs at least one value`, flag);
      req = { key: m[1]!, op: m[2] as LabelOp, values };
    } else if ((m = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(term))) req = { key: m[1]!, op: m[2] === "!=" ? "!=" : "=", values: [m[3]!] };
    else if ((m = /^([^\s!=(),]+)$/.exec(term))) req = { key: m[1]!, op: "exists", values: [] };
    else throw badSelector(text, `cannot parse '${term}'`, flag);
    const kp = labelKeyProblem(req.key);
    if (kp) throw badSelector(text, `key ${kp}`, flag);
    for (const v of req.values) {
      const vp = labelValueProblem(v);
      if (vp) throw badSelector(text, vp, flag);
    }
    reqs.push(req);
  }
  return reqs;
}

export function matchesLabels(reqs: LabelRequirement[], labels: Record<string, string> | undefined | null): boolean {
  const l = labels ?? {};
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case "=":
        if (v !== r.values[0]) return false;
        break;
      case "!=":
        if (has && v === r.values[0]) return false;
        break;
      case "in":
        if (!has || !r.values.includes(v!)) return false;
        break;
      case "notin":
        if (has && r.values.includes(v!)) return false;
        break;
      case "exists":
        if (!has) return false;
        break;
      case "!":
        if (has) return false;
        break;
    }
  }
  return true;
}

export function labelSelectorText(reqs: LabelRequirement[]): string {
  return reqs
    .map((r) => {
      switch (r.op) {
        case "=":
        case "!=":
          return `${r.key}${r.op}${r.values[0]}`;
        case "in":
        case "notin":
          return `${r.key} ${r.op} (${r.values.join(",")})`;
        case "exists":
          return r.key;
        case "!":
          return `!${r.key}`;
      }
    })
    .join(",");
}

/** A metav1.LabelSelector object (matchLabels + matchExpressions). */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

const OPERATORS: Record<string, LabelOp> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };

/** Converts an already schema-checked LabelSelector; `path` names it in errors. */
export function fromLabelSelectorObject(sel: LabelSelectorObject, path: string): LabelRequirement[] {
  const reqs: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) {
    const problem = labelKeyProblem(key) ?? labelValueProblem(String(value));
    if (problem) throw new UsageError(`${path}.matchLabels: ${problem}`);
    reqs.push({ key, op: "=", values: [String(value)] });
  }
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const op = OPERATORS[e.operator];
    if (!op) throw new UsageError(`${at}.operator: '${e.operator}' is not one of In, NotIn, Exists, DoesNotExist`);
    const values = e.values ?? [];
    if ((op === "in" || op === "notin") && values.length === 0) throw new UsageError(`${at}.values: ${e.operator} needs at least one value`);
    if ((op === "exists" || op === "!") && values.length > 0) throw new UsageError(`${at}.values: ${e.operator} takes no values`);
    const kp = labelKeyProblem(e.key);
    if (kp) throw new UsageError(`${at}.key: ${kp}`);
    reqs.push({ key: e.key, op, values });
  });
  return reqs;
}

// ---- field selectors

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

/** Pod fields the API server can select on (see pkg/registry/core/pod/strategy.go). */
export const POD_FIELDS = [
  "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
  "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
] as const;

function unescapeField(v: string): string {
  return v.replace(/\\([\\,=])/g, "$1");
}

function escapeField(v: string): string {
  return v.replace(/([\\,=])/g, "\\$1");
}

export function parseFieldSelector(text: string, flag = "--field-selector"): FieldRequirement[] {
  if (text.trim() === "") return [];
  const out: FieldRequirement[] = [];
  for (const term of text.split(/(?<!\\),/).map((s) => s.trim())) {
    const m = /^([A-Za-z0-9.]+)\s*(==|=|!=)\s*((?:[^\\,=]|\\[\\,=])*)$/.exec(term);
    if (!m) throw new UsageError(`invalid ${flag} '${text}': cannot parse '${term}'; use field=value or field!=value, e.g. ${flag} status.phase=Running`);
    if (!(POD_FIELDS as readonly string[]).includes(m[1]!))
      throw new UsageError(`invalid ${flag} '${text}': pods cannot be selected by '${m[1]}'; use one of ${POD_FIELDS.join(", ")}`);
    out.push({ field: m[1]!, op: m[2] === "!=" ? "!=" : "=", value: unescapeField(m[3]!) });
  }
  return out;
}

export function fieldSelectorText(reqs: FieldRequirement[]): string {
  return reqs.map((r) => `${r.field}${r.op}${escapeField(r.value)}`).join(",");
}

/** A pod's value for a selectable field, as the API server renders it. */
export function podField(pod: PodFields, field: string): string {
  switch (field) {
    case "metadata.name":
      return pod.metadata?.name ?? "";
    case "metadata.namespace":
      return pod.metadata?.namespace ?? "";
    case "spec.hostNetwork":
      return String((pod.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork ?? false);
    default: {
      const [part, key] = field.split(".") as ["spec" | "status", string];
      const v = (pod[part] as Record<string, unknown> | undefined)?.[key];
      return v === undefined || v === null ? "" : String(v);
    }
  }
}

export interface PodFields {
  metadata?: { name?: string; namespace?: string };
  spec?: object;
  status?: object;
}

export function matchesFields(reqs: FieldRequirement[], pod: PodFields): boolean {
  for (const r of reqs) if ((podField(pod, r.field) === r.value) !== (r.op === "=")) return false;
  return true;
}
