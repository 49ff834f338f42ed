/**
 * A validator for the subset of JSON Schema 2020-12 that docs/event.schema.json
 * uses. It refuses keywords it does not implement, so a schema can never
 * pass a document because a constraint was silently skipped.
 */
type Schema = boolean | { [k: string]: unknown };

const ANNOTATIONS = new Set(["$schema", "$id", "$defs", "title", "description"]);
const KEYWORDS = new Set([
  "$ref", "type", "const", "enum", "properties", "required", "additionalProperties", "items", "minItems",
  "pattern", "minimum", "maximum", "oneOf", "anyOf", "allOf", "if", "then", "else",
]);

export class Validator {
  private readonly patterns = new Map<string, RegExp>();

  constructor(private readonly root: Schema) {
    this.check(root, "#");
  }

  /** Every keyword of every subschema is one we implement. */
  private check(s: unknown, at: string): void {
    if (typeof s === "boolean") return;
    if (typeof s !== "object" || s === null) throw new Error(`${at}: not a schema`);
    const o = s as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) throw new Error(`${at}: keyword ${k} is not supported`);
    }
    const sub = (v: unknown, p: string) => this.check(v, `${at}/${p}`);
    for (const k of ["additionalProperties", "items", "if", "then", "else"]) if (k in o) sub(o[k], k);
    for (const k of ["oneOf", "anyOf", "allOf"]) if (k in o) (o[k] as unknown[]).forEach((x, i) => sub(x, `${k}/${i}`));
    if ("properties" in o) for (const [n, v] of Object.entries(o.properties as object)) sub(v, `properties/${n}`);
    // $defs holds schemas, or groups of them (named by a JSON pointer)
    if ("$defs" in o)
      for (const [n, v] of Object.entries(o.$defs as object)) {
        if (isSchemaLike(v)) sub(v, `$defs/${n}`);
        else for (const [m, w] of Object.entries(v as object)) sub(w, `$defs/${n}/${m}`);
      }
  }

  private resolve(ref: string): Schema {
    if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported: ${ref}`);
    let cur: unknown = this.root;
    for (const part of ref.slice(2).split("/")) {
      cur = (cur as Record<string, unknown>)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
      if (cur === undefined) throw new Error(`unresolvable $ref ${ref}`);
    }
    return cur as Schema;
  }

  /** Errors (empty when valid), each with the instance path. */
  validate(value: unknown, schema: Schema = this.root, path = "$"): string[] {
    if (schema === true) return [];
    if (schema === false) return [`${path}: no value is allowed here`];
    const s = schema as Record<string, unknown>;
    const errs: string[] = [];
    if (typeof s.$ref === "string") errs.push(...this.validate(value, this.resolve(s.$ref), path));
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => typeOk(value, t))) return [...errs, `${path}: ${JSON.stringify(value)} is not ${types.join("|")}`];
    }
    if ("const" in s && !equal(value, s.const)) errs.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.some((e) => equal(value, e))) errs.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
    if (typeof value === "string" && typeof s.pattern === "string") {
      let re = this.patterns.get(s.pattern);
      if (!re) this.patterns.set(s.pattern, (re = new RegExp(s.pattern, "u")));
      if (!re.test(value)) errs.push(`${path}: ${JSON.stringify(value)} does not match /${s.pattern}/`);
    }
    if (typeof value === "number") {
      if (typeof s.minimum === "number" && value < s.minimum) errs.push(`${path}: ${value} < ${s.minimum}`);
      if (typeof s.maximum === "number" && value > s.maximum) errs.push(`${path}: ${value} > ${s.maximum}`);
    }
    if (Array.isArray(value)) {
      if (typeof s.minItems === "number" && value.length < s.minItems) errs.push(`${path}: fewer than ${s.minItems} items`);
      if (s.items !== undefined) value.forEach((v, i) => errs.push(...this.validate(v, s.items as Schema, `${path}[${i}]`)));
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const o = value as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const r of (s.required ?? []) as string[]) if (!(r in o)) errs.push(`${path}: missing ${r}`);
      for (const [k, v] of Object.entries(o)) {
        if (k in props) errs.push(...this.validate(v, props[k]!, `${path}.${k}`));
        else if (s.additionalProperties !== undefined) errs.push(...this.validate(v, s.additionalProperties as Schema, `${path}.${k}`));
      }
    }
    if (Array.isArray(s.allOf)) for (const sub of s.allOf) errs.push(...this.validate(value, sub as Schema, path));
    if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => this.validate(value, sub as Schema, path).length === 0))
      errs.push(`${path}: matches none of anyOf (${JSON.stringify(value).slice(0, 120)})`);
    if (Array.isArray(s.oneOf)) {
      const results = s.oneOf.map((sub) => this.validate(value, sub as Schema, path));
      const n = results.filter((r) => r.length === 0).length;
      if (n !== 1) {
        // name the closest branch's errors, so a failure says what is wrong
        const closest = n === 0 ? results.reduce((a, b) => (b.length < a.length ? b : a)) : [];
        errs.push(`${path}: matches ${n} of oneOf, not exactly 1 (${JSON.stringify(value).slice(0, 120)})`, ...closest.map((e) => `  ${e}`));
      }
    }
    if (s.if !== undefined) {
      const branch = this.validate(value, s.if as Schema, path).length === 0 ? s.then : s.else;
      if (branch !== undefined) errs.push(...this.validate(value, branch as Schema, path));
    }
    return errs;
  }
}

function isSchemaLike(v: unknown): boolean {
  if (typeof v === "boolean") return true;
  if (typeof v !== "object" || v === null) return false;
  return Object.keys(v).some((k) => KEYWORDS.has(k) || ANNOTATIONS.has(k));
}

function typeOk(v: unknown, t: string): boolean {
  switch (t) {
    case "null": return v === null;
    case "boolean": return typeof v === "boolean";
    case "integer": return typeof v === "number" && Number.isInteger(v);
    case "number": return typeof v === "number" && Number.isFinite(v);
    case "string": return typeof v === "string";
    case "array": return Array.isArray(v);
    case "object": return v !== null && typeof v === "object" && !Array.isArray(v);
    default: throw new Error(`unknown type ${t}`);
  }
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
