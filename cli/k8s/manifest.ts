/**
 * `swoll trace -f trace.yaml`: the original swoll's Trace manifest, parsed
 * with a YAML library and validated against the CRD's own schema
 * (deploy/crd-trace.yaml, built into the binary), so the file and the
 * cluster accept exactly the same documents. Errors name the file, the
 * field path and the reason.
 */
import { readSync } from "node:fs";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import crdText from "../../deploy/crd-trace.yaml" with { type: "text" };
import { UsageError } from "../errors";
import { readBounded } from "./bounded-read";
import { durationMs, parseSyscalls } from "../options";
import type { SyscallTable } from "../decode/syscalls";
import { validate, type Schema } from "./schema";
import { yamlShapeProblem } from "./yaml-limits";
import { fromLabelSelectorObject, parseFieldSelector, type FieldRequirement, type LabelRequirement, type LabelSelectorObject } from "./selectors";

export const TRACE_API_VERSION = "tools.swoll.criticalstack.com/v1alpha1";

export interface TraceManifest {
  name: string | null;
  /** metadata.namespace: the pods' namespace unless -n or -A says otherwise. */
  namespace: string | null;
  /** Syscall numbers; null traces every syscall. */
  syscalls: number[] | null;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  /** Node labels this trace runs on; null: every node. */
  hosts: LabelRequirement[] | null;
  sampleRate: number;
  durationMs: number | null;
}

let traceSchema: Schema | undefined;

/** The Trace's openAPIV3Schema, from the CRD that ships in deploy/. */
export function traceSchemaFromCrd(): Schema {
  if (!traceSchema) {
    const crd = parseYaml(String(crdText)) as { spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] } };
    traceSchema = crd.spec.versions.find((v) => v.name === "v1alpha1")!.schema.openAPIV3Schema;
  }
  return traceSchema;
}

/** spec.duration: the same syntax as --duration (cli/options.ts durationMs). */
export const parseGoDuration = durationMs;

/** A Trace is a few hundred bytes; this bounds what -f /dev/zero or a wrong file can cost. */
const MAX_MANIFEST_BYTES = 1 << 20;

/**
 * A Trace is about six levels deep and one document; these bound the YAML
 * library's work (its cost grows with nesting) long before it starts.
 */
export const MANIFEST_LIMITS = { maxDepth: 64, maxDocuments: 16 } as const;

/** `spec` of a Trace (deploy/crd-trace.yaml). */
export interface TraceSpec {
  /** Syscalls: names (openat, sys_openat), classes (%file), /regex, !exclusions; empty or absent traces every syscall. */
  syscalls?: string[];
  /** Pods whose labels match, as in a Deployment's selector. */
  labelSelector?: LabelSelectorObject;
  /** Pods whose fields (metadata.name, status.phase, …) equal these values. */
  fieldSelector?: { matchLabels?: Record<string, string> };
  /** Nodes whose labels match; absent: every node. */
  hostSelector?: LabelSelectorObject;
  /** Keep one event in every sampleRate. */
  sampleRate?: number;
  /** A Go duration: 90s, 5m, 1h30m. */
  duration?: string;
}

export function loadTraceManifest(file: string, table: SyscallTable): TraceManifest {
  let data: Buffer | "too large";
  if (file === "-") {
    // kubectl's convention: `kubectl get trace x -o yaml | swoll trace -f -`
    if (process.stdin.isTTY) throw new UsageError("-f - reads the Trace manifest from stdin, which is a terminal; pipe one in (kubectl get trace NAME -o yaml | swoll trace -f -)");
    data = readStdinBounded(MAX_MANIFEST_BYTES);
    if (data === "too large") throw new UsageError("-f -: stdin holds more than 1 MiB; a Trace manifest is a short YAML document, pipe one");
    return parseTraceManifest(data.toString("utf8"), "(stdin)", table);
  }
  try {
    data = readBounded(file, MAX_MANIFEST_BYTES);
  } catch (e) {
    throw new UsageError(`cannot read -f ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; pass the path of a Trace manifest`);
  }
  if (data === "too large") throw new UsageError(`-f ${file} is larger than 1 MiB; a Trace manifest is a short YAML document, pass one`);
  return parseTraceManifest(data.toString("utf8"), file, table);
}

/** All of stdin, up to `max` bytes ("too large" past that), read as a pipe or file gives it. */
function readStdinBounded(max: number): Buffer | "too large" {
  const buf = Buffer.alloc(max + 1);
  let size = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, size, buf.length - size, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") {
        Bun.sleepSync(5); // a non-blocking pipe not written yet
        continue;
      }
      if ((e as NodeJS.ErrnoException).code === "EOF") break;
      throw new UsageError(`-f -: cannot read stdin: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (n === 0) break;
    size += n;
    if (size > max) return "too large";
  }
  return buf.subarray(0, size);
}

export function parseTraceManifest(text: string, file: string, table: SyscallTable): TraceManifest {
  const fail = (path: string, reason: string) => new UsageError(`invalid Trace manifest ${file}: ${path}: ${reason}`);
  // logLevel: the library's warnings (a key that is a list, say) would be a
  // second line on stderr; such a key fails the schema check instead.
  const shape = yamlShapeProblem(text, MANIFEST_LIMITS);
  if (shape?.kind === "depth")
    throw new UsageError(`invalid YAML in ${file} at line ${shape.line}, column ${shape.column}: nested deeper than ${shape.limit} levels; a Trace manifest needs about six`);
  if (shape?.kind === "documents") throw fail("(document)", `more than ${shape.limit} YAML documents (the one at line ${shape.line} is past the limit); expected exactly one Trace`);
  const docs = parseAllDocuments(text, { prettyErrors: true, logLevel: "error" });
  if (!Array.isArray(docs)) throw fail("(document)", "empty file; expected one Trace");
  for (const d of docs) {
    const err = d.errors[0];
    if (err) {
      const pos = err.linePos?.[0];
      const where = pos ? ` at line ${pos.line}, column ${pos.col}` : "";
      const message = err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      throw new UsageError(`invalid YAML in ${file}${where}: ${message}`);
    }
  }
  let values: unknown[];
  try {
    // aliases are resolved here: an unknown one, or a billion laughs, is refused
    values = docs.map((d) => d.toJS({ maxAliasCount: 100 })).filter((v) => v !== null && v !== undefined);
  } catch (e) {
    throw new UsageError(`invalid YAML in ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (values.length !== 1)
    throw fail("(document)", `expected exactly one Trace, found ${values.length} documents; swoll trace runs one Trace: pass one (kubectl get trace NAME -o yaml)`);
  const doc = values[0] as Record<string, unknown>;
  if (doc && typeof doc === "object" && typeof doc.kind === "string" && /List$/.test(doc.kind))
    throw fail("kind", `a ${doc.kind.replace(/[^\x20-\x7e]/g, "?").slice(0, 40)} of ${Array.isArray(doc.items) ? doc.items.length : 0} items; swoll trace runs one Trace: pass one (kubectl get trace NAME -o yaml, not kubectl get traces -o yaml)`);
  const problem = validate(doc, traceSchemaFromCrd());
  if (problem) throw fail(problem.path, problem.reason);
  if (doc.apiVersion !== TRACE_API_VERSION) throw fail("apiVersion", `must be ${TRACE_API_VERSION}, got ${JSON.stringify(doc.apiVersion)}`);
  if (doc.kind !== "Trace") throw fail("kind", `must be Trace, got ${JSON.stringify(doc.kind)}`);

  const meta = (doc.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const spec = doc.spec as TraceSpec;
  const wrap = <T>(path: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      throw fail(path, e.message.replace(/^invalid --field-selector '[^']*': /, ""));
    }
  };
  const selectSyscalls = (items: string[]): number[] => {
    // each item alone first, so an error names its index; then the list, for ! and emptiness
    items.forEach((item, i) => wrap(`spec.syscalls[${i}]`, () => parseSyscalls([item], table)));
    return wrap("spec.syscalls", () => parseSyscalls(items, table));
  };
  const syscalls = spec.syscalls?.length ? selectSyscalls(spec.syscalls.map(String)) : null;
  const labels = spec.labelSelector ? fromSelector(spec.labelSelector, "spec.labelSelector", fail) : [];
  const fields = Object.entries(spec.fieldSelector?.matchLabels ?? {}).flatMap(([k, v]) =>
    wrap(`spec.fieldSelector.matchLabels[${JSON.stringify(k)}]`, () => parseFieldSelector(`${k}=${String(v).replace(/([\\,=])/g, "\\$1")}`)),
  );
  const hosts = spec.hostSelector ? fromSelector(spec.hostSelector, "spec.hostSelector", fail) : null;
  let durationMs: number | null = null;
  if (spec.duration !== undefined) {
    durationMs = parseGoDuration(String(spec.duration));
    if (durationMs === null) throw fail("spec.duration", `'${spec.duration}' is not a positive duration like 90s, 5m, 1h30m or a number of seconds`);
  }
  return {
    name: typeof meta.name === "string" ? meta.name : null,
    namespace: typeof meta.namespace === "string" && meta.namespace ? meta.namespace : null,
    syscalls,
    labels,
    fields,
    hosts,
    sampleRate: spec.sampleRate ?? 1,
    durationMs,
  };
}

function fromSelector(sel: LabelSelectorObject, path: string, fail: (p: string, r: string) => UsageError): LabelRequirement[] {
  try {
    return fromLabelSelectorObject(sel, path);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const m = /^([^:]+): (.*)$/s.exec(e.message);
    throw m ? fail(m[1]!, m[2]!) : e;
  }
}
