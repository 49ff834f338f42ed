/** `--help` of the compiled swoll: every flag the README uses, in kubectl-like groups; an unknown command is an error even with --help. */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, SWOLL } from "./helpers/swoll";

const run = (...args: string[]) => {
  const r = Bun.spawnSync([SWOLL, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
};

describe("--help", () => {
  for (const cmd of ["trace", "top"]) {
    test(`every flag the README passes to swoll ${cmd} is in its --help`, () => {
      const readme = readFileSync(join(ROOT, "README.md"), "utf8");
      const lines = readme.split("\n").filter((l) => new RegExp(`^\\$ (dist/)?swoll${cmd === "trace" ? "(-trace| trace)" : " top"}\\b`).test(l));
      expect(lines.length).toBeGreaterThan(3);
      // flags up to the first pipe: what follows is jq, head and the like
      const used = new Set(lines.flatMap((l) => l.split(/\s\|\s/)[0]!.match(/(?<=\s)--[a-z][a-z-]+/g) ?? []));
      const help = run(cmd, "--help").out;
      const missing = [...used].filter((f) => !new RegExp(`(^|[ ,])${f}\\b`, "m").test(help));
      expect(missing).toEqual([]);
    });
  }

  test("trace --help groups its options: selection, output, pod metadata, kernel buffer", () => {
    const help = run("trace", "--help").out;
    const headings = help.split("\n").filter((l) => /^[A-Z][A-Za-z ]+:$/.test(l));
    expect(headings).toEqual(expect.arrayContaining(["Selection:", "Output:", "Kubernetes and pod metadata:", "Kernel buffer:"]));
    const section = (h: string) => help.slice(help.indexOf(`\n${h}\n`), help.indexOf("\n\n", help.indexOf(`\n${h}\n`) + 1));
    expect(section("Kernel buffer:")).toContain("--buffer-size <bytes>");
    expect(section("Kernel buffer:")).toContain("--poll-interval <ms>");
    expect(section("Kernel buffer:")).toContain("--ring <layout>");
    expect(section("Selection:")).toContain("--pod <names>");
    expect(section("Output:")).toContain("-o, --output <format>");
  });

  test("swoll nosuch --help is the unknown command's one line and exit 2, as without --help", () => {
    const withHelp = run("nosuch", "--help");
    expect(withHelp).toEqual({ code: 2, out: "", err: "swoll: unknown command 'nosuch'; see 'swoll --help'\n" });
    expect(run("nosuch")).toEqual(withHelp);
    expect(run("tarce", "-h").err).toBe("swoll: unknown command 'tarce' (Did you mean trace?); see 'swoll --help'\n");
    expect(run("trace", "--help").code).toBe(0);
    expect(run("--help").code).toBe(0);
  });
});
