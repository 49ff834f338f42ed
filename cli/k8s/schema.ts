/**
 * Checks a value against the subset of OpenAPI v3 that CRD structural
 * schemas use. Unknown fields are errors, as with the API server's strict
 * field validation (kubectl --validate=strict): a misspelt `labelSelectr`
 * must not silently trace everything.
 */

export interface Schema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
  format?: string;
  description?: string;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
}

export interface SchemaProblem {
  /** e.g. spec.labelSelector.matchExpressions[0].operator */
  path: string;
  reason: string;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function join(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** The first problem found, depth first in document order, or null. */
export function validate(value: unknown, schema: Schema, path = ""): SchemaProblem | null {
  const at = path || "(document)";
  if (schema["x-kubernetes-int-or-string"]) {
    if (typeof value !== "string" && typeOf(value) !== "integer") return { path: at, reason: `must be an integer or a string, got ${typeOf(value)}` };
  } else if (schema.type) {
    const t = typeOf(value);
    const ok = t === schema.type || (schema.type === "number" && t === "integer");
    if (!ok) return { path: at, reason: `must be ${schema.type === "integer" || schema.type === "array" || schema.type === "object" ? "an" : "a"} ${schema.type}, got ${t === "null" ? "nothing" : t}` };
  }
  if (schema.enum && !schema.enum.includes(value)) return { path: at, reason: `must be one of ${schema.enum.join(", ")}, got ${JSON.stringify(value)}` };
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) return { path: at, reason: `must be at least ${schema.minimum}, got ${value}` };
    if (schema.maximum !== undefined && value > schema.maximum) return { path: at, reason: `must be at most ${schema.maximum}, got ${value}` };
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) return { path: at, reason: "must not be empty" };
    if (schema.pattern && !new RegExp(schema.pattern, "u").test(value)) return { path: at, reason: `'${value}' does not match ${schema.pattern}` };
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return { path: at, reason: `needs at least ${schema.minItems} item(s)` };
    if (schema.items)
      for (let i = 0; i < value.length; i++) {
        const p = validate(value[i], schema.items, `${path}[${i}]`);
        if (p) return p;
      }
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (obj[r] === undefined) return { path: join(path, r), reason: "is required" };
    const props = schema.properties ?? {};
    for (const [k, v] of Object.entries(obj)) {
      const sub = props[k];
      if (sub) {
        const p = validate(v, sub, join(path, k));
        if (p) return p;
      } else if (typeof schema.additionalProperties === "object") {
        const p = validate(v, schema.additionalProperties, join(path, k));
        if (p) return p;
      } else if (schema.properties && !schema["x-kubernetes-preserve-unknown-fields"] && schema.additionalProperties !== true) {
        return { path: join(path, k), reason: `unknown field; expected one of ${Object.keys(props).join(", ")}` };
      }
    }
  }
  return null;
}
