/**
 * Fuzzes the Trace manifest loader (swoll trace -f): arbitrary text,
 * arbitrary YAML documents, and valid Traces mutated field by field and
 * byte by byte. Every input gives either a parsed Trace whose values are
 * in range, or one UsageError line that names the file and the field or
 * YAML position. Nothing else may escape. How long parsing takes is not
 * asserted here (a loaded machine would fail it); the loader's nesting and
 * document limits bound the work instead, and are tested below.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parse as parseYaml, stringify } from "yaml";
import { loadTraceManifest, MANIFEST_LIMITS, parseTraceManifest, type TraceManifest } from "../../cli/k8s/manifest";
import { syscallTable } from "../../cli/decode/syscalls";
import { UsageError, oneLine } from "../../cli/errors";

const table = syscallTable();
const EXAMPLE_TEXT = readFileSync(join(import.meta.dir, "..", "..", "deploy", "trace-example.yaml"), "utf8");
const FILE = "trace.yaml";
/** Fixed seeds: the same inputs on every run. */
const SEED = 20261124;

// What a rejection looks like: the file, then a field path or a YAML position, then the reason.
const FIELD_LINE = /^invalid Trace manifest trace\.yaml: (\(document\)|[A-Za-z_]|\[").*: \S/;
const YAML_LINE = /^invalid YAML in trace\.yaml( at line \d+, column \d+)?: \S/;

type Outcome = { ok: true; manifest: TraceManifest } | { ok: false; message: string };

/** Parse, and check the property every input must satisfy. */
function check(text: string): Outcome {
  let outcome: Outcome;
  // a library warning would be a second line on swoll's stderr
  const warnings: string[] = [];
  const emitWarning = process.emitWarning;
  process.emitWarning = ((w: string | Error) => void warnings.push(String(w))) as typeof process.emitWarning;
  try {
    outcome = { ok: true, manifest: parseTraceManifest(text, FILE, table) };
  } catch (e) {
    if (!(e instanceof UsageError)) throw new Error(`not a UsageError: ${(e as Error)?.stack ?? e}\ninput: ${JSON.stringify(text.slice(0, 500))}`);
    outcome = { ok: false, message: e.message };
  } finally {
    process.emitWarning = emitWarning;
  }
  if (warnings.length) throw new Error(`warned: ${warnings[0]}`);
  if (outcome.ok) {
    const m = outcome.manifest;
    if (m.syscalls !== null && !m.syscalls.every((nr) => table.byNr(nr) !== undefined)) throw new Error(`unknown syscall number in ${m.syscalls}`);
    if (!Number.isInteger(m.sampleRate) || m.sampleRate < 1) throw new Error(`sampleRate ${m.sampleRate}`);
    if (m.durationMs !== null && !(m.durationMs > 0 && Number.isFinite(m.durationMs))) throw new Error(`durationMs ${m.durationMs}`);
  } else {
    // what swoll prints for it
    const msg = oneLine(outcome.message);
    if (/[\x00-\x1f\x7f]/.test(msg)) throw new Error(`control characters or more than one line: ${JSON.stringify(msg)}`);
    if (!FIELD_LINE.test(msg) && !YAML_LINE.test(msg)) throw new Error(`does not name the field or position: ${JSON.stringify(msg)}`);
    if (msg.length > 1000) throw new Error(`${msg.length} characters: ${JSON.stringify(msg.slice(0, 300))}…`);
  }
  return outcome;
}

/**
 * The fuzz runs do a fixed amount of work (fixed seeds and run counts); the
 * timeout only catches a hang, so it is far above what a loaded CI machine needs.
 */
const FUZZ_TIMEOUT_MS = 120_000;

const property = <T>(arb: fc.Arbitrary<T>, toText: (v: T) => string) => fc.property(arb, (v) => void check(toText(v)));

describe("Trace manifest fuzzing", () => {
  test("arbitrary text", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.string({ unit: fc.constantFrom(..."{}[]:-?,&*!|>'\"%@` \n\t#abc01.\u00e9\u0000\x1b"), maxLength: 200 }),
    );
    fc.assert(property(text, (t) => t), { seed: SEED, numRuns: 400, includeErrorInReport: true });
  }, FUZZ_TIMEOUT_MS);

  test("arbitrary YAML documents", () => {
    const doc = fc.oneof(fc.jsonValue({ maxDepth: 5 }), fc.anything({ maxDepth: 4, withMap: false, withSet: false }));
    fc.assert(property(doc, (d) => { try { return stringify(d) ?? ""; } catch { return JSON.stringify(d) ?? ""; } }), { seed: SEED, numRuns: 300, includeErrorInReport: true });
  }, FUZZ_TIMEOUT_MS);

  // Paths into a valid Trace, and values to put there.
  const PATHS = [
    [], ["apiVersion"], ["kind"], ["metadata"], ["metadata", "name"], ["metadata", "namespace"], ["metadata", "labels"], ["spec"],
    ["spec", "syscalls"], ["spec", "syscalls", 0], ["spec", "syscalls", 7], ["spec", "labelSelector"], ["spec", "labelSelector", "matchLabels"],
    ["spec", "labelSelector", "matchLabels", "app"], ["spec", "labelSelector", "matchLabels", "a/b/c"], ["spec", "labelSelector", "matchExpressions"],
    ["spec", "labelSelector", "matchExpressions", 0], ["spec", "labelSelector", "matchExpressions", 0, "key"],
    ["spec", "labelSelector", "matchExpressions", 0, "operator"], ["spec", "labelSelector", "matchExpressions", 0, "values"],
    ["spec", "fieldSelector"], ["spec", "fieldSelector", "matchLabels"], ["spec", "fieldSelector", "matchLabels", "status.phase"],
    ["spec", "fieldSelector", "matchLabels", "metadata.name"], ["spec", "fieldSelector", "matchLabels", "bogus.field"],
    ["spec", "hostSelector"], ["spec", "hostSelector", "matchLabels", "kubernetes.io/hostname"], ["spec", "hostSelector", "matchExpressions", 0],
    ["spec", "sampleRate"], ["spec", "duration"], ["spec", "unknownField"], ["status"], ["status", "state"],
  ] as (string | number)[][];
  const VALUES = fc.oneof(
    fc.constantFrom("", " ", "In", "NotIn", "Exists", "DoesNotExist", "Equals", "openat", "sys_openat", "opnat", "nginx", "app", "a/b", "-x", "x-",
      "Running", "1h30m", "90s", "0s", "1.5h", "1d", "5", "µs", "1µs", "9".repeat(400) + "h", "\x1b[2J", "a\nb", "a,b=c", "=", "\\", "🦄"),
    fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
    fc.record({ key: fc.string({ maxLength: 8 }), operator: fc.constantFrom("In", "NotIn", "Exists", "DoesNotExist", "in"), values: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }) }, { requiredKeys: [] }),
    fc.jsonValue({ maxDepth: 3 }),
  );
  type Mutation = { path: (string | number)[]; value: unknown; remove: boolean };
  const mutation: fc.Arbitrary<Mutation> = fc.record({ path: fc.constantFrom(...PATHS), value: VALUES, remove: fc.boolean() });

  function mutate(m: Mutation[]): unknown {
    const doc = JSON.parse(JSON.stringify(parseYaml(EXAMPLE_TEXT))) as Record<string, unknown>;
    let root: unknown = doc;
    for (const { path, value, remove } of m) {
      if (path.length === 0) {
        root = value;
        continue;
      }
      let at: any = root;
      for (const k of path.slice(0, -1)) {
        if (at === null || typeof at !== "object") break;
        at[k] ??= typeof path[path.indexOf(k) + 1] === "number" ? [] : {};
        at = at[k];
      }
      if (at === null || typeof at !== "object") continue;
      const last = path[path.length - 1]!;
      if (remove) delete at[last];
      else at[last] = value;
    }
    return root;
  }

  test("valid Traces with fields changed, added and removed", () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (ms, asJson) => {
        const doc = mutate(ms);
        const text = asJson ? (JSON.stringify(doc) ?? "") : stringify(doc);
        if (check(text).ok) accepted++;
        else rejected++;
      }),
      { seed: SEED, numRuns: 500, includeErrorInReport: true },
    );
    // both sides were reached, so the mutations neither always break nor never break a Trace
    expect(accepted).toBeGreaterThan(10);
    expect(rejected).toBeGreaterThan(10);
  }, FUZZ_TIMEOUT_MS);

  test("the example Trace with bytes inserted, deleted and replaced", () => {
    const edit = fc.record({ at: fc.nat({ max: EXAMPLE_TEXT.length }), del: fc.nat({ max: 8 }), ins: fc.string({ unit: fc.constantFrom(..."{}[]:-?,&*!|>'\" \n\t#a0.\x00\x1b"), maxLength: 6 }) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
        let text = EXAMPLE_TEXT;
        for (const e of edits) text = text.slice(0, e.at) + e.ins + text.slice(e.at + e.del);
        check(text);
      }),
      { seed: SEED, numRuns: 500, includeErrorInReport: true },
    );
  }, FUZZ_TIMEOUT_MS);

  test("pathological shapes: deep nesting, many documents, aliases, huge values", () => {
    const cases = [
      "[".repeat(50_000),
      "[".repeat(20_000) + "]".repeat(20_000),
      "{a: ".repeat(20_000) + "1" + "}".repeat(20_000),
      "- ".repeat(10_000) + "x",
      "---\n".repeat(10_000),
      "a: &a [x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
      EXAMPLE_TEXT.replace("trace-nginx-hosts", "x".repeat(1_000_000)),
      EXAMPLE_TEXT.replace("- openat", Array.from({ length: 20_000 }, () => "- openat").join("\n    ")),
      EXAMPLE_TEXT + "  duration: " + "1h".repeat(100_000) + "\n",
      EXAMPLE_TEXT + "  sampleRate: 1e400\n",
      EXAMPLE_TEXT.replace('"nginx"', JSON.stringify("é\u0000\x1b[31m".repeat(10_000))),
      EXAMPLE_TEXT.replace("app:", "? [app]\n     :"),
      EXAMPLE_TEXT + "  hostSelector:\n    matchLabels: {kubernetes.io/hostname: \"a\\nb\"}\n",
      EXAMPLE_TEXT + "  duration: " + "9".repeat(400) + "h\n",
    ];
    for (const text of cases) check(text);
  }, FUZZ_TIMEOUT_MS);
});

describe("shape limits, enforced before the YAML library parses", () => {
  const depthLine = (line: number, column: number) =>
    `invalid YAML in trace.yaml at line ${line}, column ${column}: nested deeper than ${MANIFEST_LIMITS.maxDepth} levels; a Trace manifest needs about six`;
  const rejection = (text: string) => {
    const o = check(text);
    if (o.ok) throw new Error("accepted");
    return oneLine(o.message);
  };

  test("nesting past the limit is one line naming where, for flow and block nesting alike", () => {
    expect(rejection("[".repeat(50_000))).toBe(depthLine(1, 64));
    expect(rejection("{a: ".repeat(20_000) + "1" + "}".repeat(20_000))).toStartWith("invalid YAML in trace.yaml at line 1, column ");
    expect(rejection("{a: ".repeat(20_000))).toContain(`nested deeper than ${MANIFEST_LIMITS.maxDepth} levels`);
    expect(rejection("- ".repeat(10_000) + "x")).toContain(`nested deeper than ${MANIFEST_LIMITS.maxDepth} levels`);
    const indented = Array.from({ length: 100 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n");
    expect(rejection(indented)).toBe(depthLine(MANIFEST_LIMITS.maxDepth + 1, MANIFEST_LIMITS.maxDepth + 1));
  });

  test("exactly at the limit, nesting is left to the parser and the schema", () => {
    const atLimit = "[".repeat(MANIFEST_LIMITS.maxDepth - 1) + "]".repeat(MANIFEST_LIMITS.maxDepth - 1);
    expect(rejection(atLimit)).not.toContain("nested deeper");
  });

  test("brackets inside quoted strings and comments are not nesting", () => {
    const quoted = EXAMPLE_TEXT.replace('"nginx"', JSON.stringify("[{".repeat(200))) + "# " + "[".repeat(200) + "\n";
    expect(rejection(quoted)).toStartWith("invalid Trace manifest trace.yaml: spec.labelSelector.matchLabels: ");
    expect(check(EXAMPLE_TEXT + "# " + "[".repeat(200) + "\n").ok).toBe(true);
  });

  test("more documents than the limit is one line; a leading --- and a trailing ... are still one Trace", () => {
    expect(rejection("---\n".repeat(10_000))).toBe(
      `invalid Trace manifest trace.yaml: (document): more than ${MANIFEST_LIMITS.maxDocuments} YAML documents (the one at line ${MANIFEST_LIMITS.maxDocuments + 1} is past the limit); expected exactly one Trace`,
    );
    expect(rejection("x\n...\n".repeat(100))).toContain(`more than ${MANIFEST_LIMITS.maxDocuments} YAML documents`);
    expect(check("# a Trace\n---\n" + EXAMPLE_TEXT + "...\n").ok).toBe(true);
    expect(rejection(EXAMPLE_TEXT + "---\n" + EXAMPLE_TEXT)).toBe("invalid Trace manifest trace.yaml: (document): expected exactly one Trace, found 2 documents; swoll trace runs one Trace: pass one (kubectl get trace NAME -o yaml)");
  });
});

describe("reading the file", () => {
  test("a device that never ends is refused before a byte is read", () => {
    expect(() => loadTraceManifest("/dev/zero", table)).toThrow(/^cannot read -f \/dev\/zero: it is a character device, not a regular file; pass the path of a Trace manifest$/);
  });

  test("a directory, a missing file and a file too large each give one line", () => {
    expect(() => loadTraceManifest("/tmp", table)).toThrow(/^cannot read -f \/tmp: EISDIR; pass the path of a Trace manifest$/);
    expect(() => loadTraceManifest("/nonexistent/t.yaml", table)).toThrow(/^cannot read -f \/nonexistent\/t\.yaml: ENOENT; pass the path of a Trace manifest$/);
    const big = join(tmpdir(), `swoll-big-${process.pid}.yaml`);
    writeFileSync(big, "#".repeat((1 << 20) + 1));
    try {
      expect(() => loadTraceManifest(big, table)).toThrow(/is larger than 1 MiB/);
    } finally {
      rmSync(big, { force: true });
    }
  });
});
