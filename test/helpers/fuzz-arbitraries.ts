/**
 * Generated command lines for the CLI fuzzers: real subcommands and flag
 * names mixed with real-looking values, garbage, unicode, control
 * characters and huge strings.
 */
import { join } from "node:path";
import fc from "fast-check";

export const ROOT_DIR = join(import.meta.dir, "..", "..");

export interface FlagInfo {
  /** e.g. ["--syscall", "-s"] */
  names: string[];
  takesValue: boolean;
  choices: readonly string[];
}

export interface GeneratedArgv {
  /** After `swoll` (or `swoll-trace`). */
  argv: string[];
  invokedAs: string;
}

/** Values that come close to, or just past, what the validators accept. */
const NEAR_MISSES = [
  "", " ", "-", "--", "-1", "0", "1", "2", "64", "65", "4000", "4001", "4096", "4194304", "4194305", "1048576",
  "99999999999999999999", "1e3", "0x10", "NaN", "Infinity", "1.5", " 5s", "5s ", "5 s", "-5s", "500ms", "0ms", "1h30m", "2m",
  "٣", "５", "∞", "openat,", ",", ",,", "sys_", "sys_openat", "OPENAT", "open at",
  "a=b", "app=nginx", "app in (x", "app in (a,b)", "tier notin (x)", "!canary", "!", "=", "==", "a==b", "a!=b", "a,,b", "(", ")",
  "status.phase=Running", "metadata.name!=x", "spec.nodeName", "x=y\\,z", "\\",
  "127.0.0.1:9095", ":0", ":65536", "[::1]:80", "[::1]", "localhost:1", "9095x", "256.0.0.1:1", "::1:80",
  "nginx", "nginx-", "-nginx", "Nginx", "a".repeat(64), "a".repeat(254), "kube-system", "default",
  "\u0000", "a\u0000b", "\x1b[31mred", "\x1b]0;title\x07", "a\nb", "a\r\nb", "\t", "\u202e", "\ud800", "💥", "e\u0301",
  "json", "text", "xml", "percpu", "shared", "bash", "zsh", "fish", "powershell",
];

function valueArb(syscalls: string[], paths: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NEAR_MISSES) },
    { weight: 3, arbitrary: fc.constantFrom(...syscalls) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...syscalls, "bogus"), { minLength: 1, maxLength: 4 }).map((a) => a.join(",")) },
    { weight: 2, arbitrary: fc.constantFrom(...paths) },
    { weight: 2, arbitrary: fc.nat({ max: 5_000_000 }).map(String) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 10_000 }), fc.constantFrom("ms", "s", "m", "h", "d", "us", "")).map(([n, u]) => `${n}${u}`) },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom("x", "é", "💥", "a,", "(", "\n"), fc.integer({ min: 1_000, max: 100_000 })).map(([s, n]) => s.repeat(n)),
    },
  );
}

/** Values each flag accepts, or nearly: so that generated command lines get past the first check. */
function plausible(syscalls: string[], paths: string[]): Record<string, fc.Arbitrary<string>> {
  const dns = fc.constantFrom("nginx", "redis-0", "kube-system", "default", "node-1", "web", "a.b", "x");
  const duration = fc.tuple(fc.integer({ min: 1, max: 500 }), fc.constantFrom("ms", "s", "m", "h", "")).map(([n, u]) => `${n}${u}`);
  const count = fc.constantFrom("1", "3", "16", "64", "256", "4096", "65536", "1048576", "4194304");
  return {
    "--syscall": fc.array(fc.constantFrom(...syscalls), { minLength: 1, maxLength: 3 }).map((a) => a.join(",")),
    "--pid": fc.integer({ min: 1, max: 4194304 }).map(String),
    "--comm": fc.constantFrom("sh", "cat", "swoll-wl", "nginx", "a-fifteen-bytes"),
    "--pod": dns, "--namespace": dns, "--container": dns, "--node": dns,
    "--selector": fc.constantFrom("app=nginx", "tier in (web,api)", "!canary", "app", "a!=b,c==d", "k8s.io/app=x"),
    "--field-selector": fc.constantFrom("status.phase=Running", "metadata.name!=x", "spec.nodeName==node-1"),
    "--file": fc.constantFrom(...paths), "--kubeconfig": fc.constantFrom(...paths),
    "--limit": count, "--strsize": count, "--argc": count, "--buffer-size": count, "--poll-interval": count, "--max-series": count,
    "--duration": duration, "--grace": duration, "--interval": duration, "--slow": duration,
    // near misses too: the address check is deep in serve, past every other check
    "--listen": fc.constantFrom("127.0.0.1:0", ":0", "[::1]:0", "localhost:0", "0", "127.0.0.1:65536", "[::1", ":port"),
  };
}

function flagArb(flags: FlagInfo[], value: fc.Arbitrary<string>, valid: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string[]> {
  if (flags.length === 0) return fc.constant([]);
  return fc.tuple(fc.constantFrom(...flags), fc.nat(), fc.nat({ max: 19 })).chain(([f, i, form]) => {
    const own = f.names.map((n) => valid[n]).find((a) => a !== undefined);
    const values = own ? fc.oneof({ weight: 3, arbitrary: own }, { weight: 1, arbitrary: value }) : value;
    return values.map((v) => [f, i, v, form] as const);
  }).map(([f, i, v, form]) => {
    const name = f.names[i % f.names.length]!;
    const val = f.choices.length && form < 3 ? f.choices[i % f.choices.length]! : v;
    if (!f.takesValue) return form === 0 ? [`${name}=${val}`] : [name];
    if (form === 1 && name.startsWith("--")) return [`${name}=${val}`];
    if (form === 2 && !name.startsWith("--")) return [`${name}${val}`];
    if (form === 3) return [name]; // value missing, or the next token taken as it
    return [name, val];
  });
}

/**
 * argv = [command?] + tokens. Tokens are real flags of that command (with
 * values), flags of other commands, unknown flags, bare values, `--`.
 */
export function argvArbitrary(commands: Record<string, FlagInfo[]>, syscalls: string[], paths: string[]): fc.Arbitrary<GeneratedArgv> {
  const names = Object.keys(commands);
  const value = valueArb(syscalls, paths);
  const valid = plausible(syscalls, paths);
  const allFlags = Object.values(commands).flat();
  const command = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...names) },
    { weight: 1, arbitrary: fc.constantFrom("tarce", "Trace", "help", "", "-", "--", "--help", "-V", "--version") },
    { weight: 1, arbitrary: value },
  );
  return fc
    .tuple(command, fc.nat(), fc.nat({ max: 20 }))
    .chain(([cmd, pick, via]) => {
      // own keys only: a generated word such as "constructor" must not find Object.prototype's
      const own = Object.hasOwn(commands, cmd) ? commands[cmd]! : [];
      const token = fc.oneof(
        { weight: 16, arbitrary: flagArb(own, value, valid) },
        { weight: 1, arbitrary: flagArb(allFlags, value, valid) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom("--", "-"), fc.string({ maxLength: 12 })).map(([d, s]) => [d + s]) },
        { weight: 1, arbitrary: value.map((v) => [v]) },
        { weight: 1, arbitrary: fc.constantFrom(["--"], ["-h"], ["--no-color"], ["-As"], ["-sopenat"], ["--json", "-o", "text"]) },
      );
      const viaLink = via === 0 && pick % 2 === 0;
      return fc.array(token, { maxLength: 8 }).map((tokens) => ({
        argv: viaLink ? tokens.flat() : [...(cmd === "" && pick % 3 === 0 ? [] : [cmd]), ...tokens.flat()],
        invokedAs: viaLink ? "/usr/local/bin/swoll-trace" : "/usr/local/bin/swoll",
      }));
    });
}
