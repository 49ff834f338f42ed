/**
 * Fuzzes the whole command line in one process: generated argv goes
 * through cli/main.ts's main(), with the real commander definitions and
 * the real command actions. test/fuzz-cli.test.ts runs this file as
 * root with every capability taken away, so an argv that passes every
 * check stops at the privilege check with its one line, and nothing is
 * ever loaded into the kernel.
 *
 *   bun test/helpers/fuzz-cli-driver.ts <seed> <runs>
 *
 * Prints one JSON line on fd 1: {"runs", "accepted", "rejected", "outcomes"}
 * or, when the property fails, {"failure": "<fast-check report>"}; exits 1.
 */
import { mkdtempSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type { Command } from "commander";
import { buildProgram, main } from "../../cli/main";
import { syscallTable } from "../../cli/decode/syscalls";
import { ROOT_DIR, argvArbitrary, type FlagInfo } from "./fuzz-arbitraries";

const [seed, runs] = [Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 200)];

// Files a generated -f / --kubeconfig may name.
const dir = mkdtempSync(join(tmpdir(), "swoll-fuzz-"));
const files = {
  empty: join(dir, "empty.yaml"),
  garbage: join(dir, "garbage.yaml"),
  twoDocs: join(dir, "two.yaml"),
  kubeconfig: join(dir, "kubeconfig"),
};
writeFileSync(files.empty, "");
writeFileSync(files.garbage, "spec: [\n  - {\n\t\x1b[31m: :");
writeFileSync(files.twoDocs, "kind: Trace\n---\nkind: Trace\n");
writeFileSync(files.kubeconfig, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\n");
const paths = [
  ...Object.values(files),
  dir,
  "/nonexistent/swoll.yaml",
  "/dev/null",
  "/dev/zero",
  "/proc/self/status",
  join(ROOT_DIR, "deploy", "trace-example.yaml"),
  join(ROOT_DIR, "deploy", "crd-trace.yaml"),
];

/** Every command's flags, from the real definitions. */
function flagsOf(cmd: Command): FlagInfo[] {
  return cmd.options.map((o) => ({
    names: [o.long, o.short].filter((n): n is string => !!n),
    takesValue: o.required || o.optional,
    choices: o.argChoices ?? [],
  }));
}
const program = buildProgram();
const commands = Object.fromEntries(program.commands.map((c) => [c.name(), flagsOf(c)]));
const syscalls = syscallTable().all().map((s) => s.name);

// Everything main() writes, per run.
let out = "";
let err = "";
process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
process.stderr.write = ((chunk: string | Uint8Array) => ((err += String(chunk)), true)) as typeof process.stderr.write;

// An argv that is still running after this long has hung.
const HANG_MS = 5000;
const outcomes: Record<string, number> = {};
let accepted = 0;
let rejected = 0;
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f\x9b]/;

const property = fc.asyncProperty(argvArbitrary(commands, syscalls, paths), async ({ argv, invokedAs }) => {
  // a synchronous hang stops this process's clock too: the test names the argv from here
  if (process.env.SWOLL_FUZZ_CURRENT) writeFileSync(process.env.SWOLL_FUZZ_CURRENT, JSON.stringify({ argv, invokedAs }));
  out = "";
  err = "";
  process.exitCode = 0; // (bun keeps the old value when undefined is assigned)
  let timer: Timer | undefined;
  const code = await Promise.race([
    main(["bun", "swoll", ...argv], invokedAs),
    new Promise<"hang">((resolve) => (timer = setTimeout(() => resolve("hang"), HANG_MS))),
  ]);
  clearTimeout(timer);
  if (code === "hang") throw new Error(`still running after ${HANG_MS} ms`);
  if (/^\s+at /m.test(err) || /^\s+at /m.test(out)) throw new Error(`stack trace printed:\n${err}`);
  if (err.includes("internal error")) throw new Error(`internal error: ${err}`);
  const selftest = out.startsWith("FAIL") || /^(ok|FAIL) {2,}privileges/m.test(out);
  if (code === 0) {
    accepted++;
    if (err !== "") throw new Error(`exit 0 with stderr: ${JSON.stringify(err)}`);
    return;
  }
  rejected++;
  if (selftest && err === "") return; // selftest reports failed checks on stdout, with a fix line each
  if (!err.endsWith("\n") || err.indexOf("\n") !== err.length - 1) throw new Error(`exit ${code}, not exactly one line on stderr: ${JSON.stringify(err)}, stdout ${JSON.stringify(out.slice(0, 200))}`);
  if (!err.startsWith("swoll: ")) throw new Error(`stderr does not start with 'swoll: ': ${JSON.stringify(err)}`);
  if (CONTROL.test(err.slice(0, -1))) throw new Error(`raw control characters on stderr: ${JSON.stringify(err)}`);
  if (err.length > 1100) throw new Error(`a line of ${err.length} characters: ${JSON.stringify(err.slice(0, 200))}`);
  // the kind of message, for the summary: the words before the first quote
  const kind = err.slice(7, 60).replace(/['"(].*$/s, "").trim();
  outcomes[kind] = (outcomes[kind] ?? 0) + 1;
});

const details = await fc.check(property, { seed, numRuns: runs, endOnFailure: true });
const failure = details.failed
  ? `${String((details.errorInstance as Error)?.message ?? details.errorInstance)}\nargv: ${JSON.stringify(details.counterexample?.[0])}\n(seed ${seed}, path ${details.counterexamplePath})`
  : null;
rmSync(dir, { recursive: true, force: true });
writeSync(1, JSON.stringify(failure ? { failure } : { runs, accepted, rejected, outcomes }) + "\n");
process.exit(failure ? 1 : 0);
