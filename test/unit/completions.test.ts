/** The completion scripts, loaded in the real shells, complete what `swoll` accepts. */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COMPLETION_FILES, renderCompletions } from "../../cli/completion/generate";

const DIR = join(import.meta.dir, "..", "..", "completions");
const file = (shell: keyof typeof COMPLETION_FILES) => join(DIR, COMPLETION_FILES[shell]);

function run(cmd: string[], script: string): string[] {
  const r = Bun.spawnSync([...cmd, script], { stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH!, HOME: "/tmp" } });
  if (r.exitCode !== 0) throw new Error(`${cmd[0]} failed: ${r.stderr}`);
  return r.stdout.toString().split("\n").filter(Boolean).sort();
}

/** bash with bash-completion loaded, completing `line` as if TAB were pressed at its end. */
function bash(line: string): string[] {
  const words = line.split(" ");
  const script = `
    source /usr/share/bash-completion/bash_completion
    source ${file("bash")}
    COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}
    COMP_LINE='${line}'; COMP_POINT=${line.length}
    _swoll swoll '${words.at(-1)}' '${words.at(-2) ?? ""}'
    printf '%s\\n' "\${COMPREPLY[@]}"`;
  return run(["bash", "-c"], script);
}

/** zsh: the real function, with compadd reporting what it was given. */
function zsh(line: string): string[] {
  const words = line.split(" ");
  const script = `
    compadd() { local pre=""; while [[ $1 != -- ]]; do [[ $1 == -P ]] && { pre=$2; shift; }; shift; done; shift; for w in "$@"; do print -r -- "$pre$w"; done }
    compdef() { :; }
    _files() { print -r -- "<files>"; }
    source ${file("zsh")}
    words=(${words.map((w) => `'${w}'`).join(" ")}); CURRENT=${words.length}
    _swoll | while read -r w; do [[ \${w##*,} == \${words[CURRENT]##*,}* ]] && print -r -- "$w"; done; true`;
  return run(["zsh", "-f", "-c"], script);
}

function fish(line: string): string[] {
  return run(["fish", "--no-config", "-c"], `source ${file("fish")}; complete -C '${line}'`).map((l) => l.split("\t")[0]!);
}

test("the committed scripts are what the generator produces from the commander definitions", () => {
  const fresh = renderCompletions();
  for (const shell of Object.keys(COMPLETION_FILES) as (keyof typeof COMPLETION_FILES)[])
    expect(readFileSync(file(shell), "utf8")).toBe(fresh[shell]);
});

describe.each([
  ["bash", bash],
  ["zsh", zsh],
  ["fish", fish],
] as const)("%s", (_shell, complete) => {
  test("swoll tr<TAB> offers the trace subcommand", () => {
    expect(complete("swoll tr")).toEqual(["trace"]);
  });

  test("swoll trace --sys<TAB> offers --syscall", () => {
    expect(complete("swoll trace --sys")).toEqual(["--syscall"]);
  });

  test("swoll trace --syscall ope<TAB> offers syscall names", () => {
    expect(complete("swoll trace --syscall ope")).toEqual(["open", "open_by_handle_at", "open_tree", "openat", "openat2"].sort());
  });

  test("after a comma only the last name is completed", () => {
    expect(complete("swoll trace -s execve,openat")).toEqual(["execve,openat", "execve,openat2"]);
  });

  test("output formats are the choices commander accepts", () => {
    expect(complete("swoll trace -o ")).toEqual(["json", "text"]);
  });

  test("swoll sel<TAB> offers selftest", () => {
    expect(complete("swoll sel")).toEqual(["selftest"]);
  });
});
