/** The completion scripts, loaded in the real shells, complete what `swoll` accepts. */
import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { ROOT, SWOLL } from "../helpers/swoll";
import { dirname, join } from "node:path";
import { COMPLETION_FILES, FISH_TRACE_FILE, renderCompletions } from "../../scripts/gen-completions";
import { SHELLS, completionFile as file } from "../helpers/completion-shells";

test("the committed scripts are what the generator produces from the commander definitions", async () => {
  const fresh = renderCompletions();
  for (const shell of Object.keys(COMPLETION_FILES) as (keyof typeof COMPLETION_FILES)[])
    expect(readFileSync(file(shell), "utf8")).toBe(fresh[shell]);
  expect(readFileSync(join(dirname(file("fish")), FISH_TRACE_FILE), "utf8")).toBe(fresh.fishTrace);
});

describe.each(SHELLS)("%s", (_shell, complete) => {
  test("swoll tr<TAB> offers the trace subcommand", async () => {
    expect(await complete("swoll tr")).toEqual(["trace"]);
  });

  test("swoll trace --sys<TAB> offers --syscall (and strace's --syscall-times)", async () => {
    expect(await complete("swoll trace --sys")).toEqual(["--syscall", "--syscall-times"]);
  });

  test("swoll trace --syscall ope<TAB> offers syscall names", async () => {
    expect(await complete("swoll trace --syscall ope")).toEqual(["open", "open_by_handle_at", "open_tree", "openat", "openat2"].sort());
  });

  test("after a comma only the last name is completed", async () => {
    expect(await complete("swoll trace -s execve,openat")).toEqual(["execve,openat", "execve,openat2"]);
  });

  test("strace's syscall classes complete where names do, after a comma too", async () => {
    expect(await complete("swoll trace -s %fi")).toEqual(["%file"]);
    expect(await complete("swoll trace -s openat,%pro")).toEqual(["openat,%process"]);
    expect(await complete("swoll top --syscall %n")).toEqual(["%net", "%network"]);
  });

  test("output formats are the choices commander accepts", async () => {
    expect(await complete("swoll trace -o ")).toEqual(["columns=", "json", "payload", "text", "wide"]);
  });

  test("swoll sel<TAB> offers selftest", async () => {
    expect(await complete("swoll sel")).toEqual(["selftest"]);
  });
});

describe("a fresh fish, set up as the README says", () => {
  // fish autoloads ~/.config/fish/completions/<command>.fish when <command> is completed
  const setup = () => {
    const home = mkdtempSync(join(tmpdir(), "swoll-fish-"));
    const bin = join(home, "bin");
    const dir = join(home, ".config", "fish", "completions");
    mkdirSync(bin, { recursive: true });
    mkdirSync(dir, { recursive: true });
    symlinkSync(SWOLL, join(bin, "swoll"));
    symlinkSync("swoll", join(bin, "swoll-trace"));
    return { home, env: { HOME: home, PATH: `${bin}:${process.env.PATH}` } };
  };
  const sh = (env: Record<string, string>, command: string) => {
    const r = Bun.spawnSync(["sh", "-c", command], { env, stdout: "pipe", stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`${command}: ${r.stderr}`);
    return r.stdout.toString();
  };
  const fishComplete = (env: Record<string, string>, line: string) => sh(env, `fish -c "complete -C '${line}'"`).split("\n").filter(Boolean).map((l) => l.split("\t")[0]).sort();

  test("the two committed fish files, as a package installs them: swoll-trace's small one has fish load swoll.fish", () => {
    const { home, env } = setup();
    try {
      const dir = join(home, ".config", "fish", "completions");
      expect(readFileSync(join(dirname(file("fish")), FISH_TRACE_FILE), "utf8").split("\n").filter((l) => l && !l.startsWith("#"))).toEqual(["complete -c swoll-trace -w 'swoll trace'"]);
      for (const f of [COMPLETION_FILES.fish, FISH_TRACE_FILE]) sh(env, `cp '${join(dirname(file("fish")), f)}' '${dir}/'`);
      // swoll-trace first, in a fresh fish: swoll.fish is not loaded yet
      expect(fishComplete(env, "swoll-trace -s ope")).toEqual(["open", "open_by_handle_at", "open_tree", "openat", "openat2"]);
      expect(fishComplete(env, "swoll-trace -s execve,%fi")).toEqual(["execve,%file"]);
      expect(fishComplete(env, "swoll-trace -o j")).toEqual(["json"]);
      expect(fishComplete(env, "swoll-trace --pod")).toEqual(["--pod"]);
      expect(fishComplete(env, "swoll tr")).toEqual(["trace"]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test("swoll-trace and swoll both complete, through the two files the README installs", () => {
    const { home, env } = setup();
    try {
      const readme = readFileSync(join(ROOT, "README.md"), "utf8");
      const steps = readme.split("\n").filter((l) => /^\$ .*~\/\.config\/fish\/completions/.test(l)).map((l) => l.slice(2));
      expect(steps.length).toBe(2);
      // before the swoll-trace step, swoll-trace completes nothing (fish looks for swoll-trace.fish)
      sh(env, steps[0]!);
      expect(fishComplete(env, "swoll-trace -s ope")).not.toContain("openat"); // (fish offers files instead)
      expect(fishComplete(env, "swoll trace -s ope")).toEqual(["open", "open_by_handle_at", "open_tree", "openat", "openat2"]);
      sh(env, steps[1]!);
      expect(fishComplete(env, "swoll-trace -s ope")).toEqual(["open", "open_by_handle_at", "open_tree", "openat", "openat2"]);
      expect(fishComplete(env, "swoll-trace -s %fi")).toEqual(["%file"]);
      expect(fishComplete(env, "swoll-trace --pod")).toEqual(["--pod"]);
      expect(fishComplete(env, "swoll t")).toEqual(["top", "trace"]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
