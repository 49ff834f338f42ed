/** Complete a command line in the real bash, zsh and fish, with the generated scripts loaded. */
import { join } from "node:path";
import { COMPLETION_FILES } from "../../scripts/gen-completions";

const DIR = join(import.meta.dir, "..", "..", "completions");
export const completionFile = (shell: keyof typeof COMPLETION_FILES) => join(DIR, COMPLETION_FILES[shell]);

export type Env = Record<string, string>;
const defaultEnv = (): Env => ({ PATH: process.env.PATH!, HOME: "/tmp" });

/** Async: the fake API server the completions may ask runs in this process. */
async function run(cmd: string[], script: string, env: Env): Promise<string[]> {
  const p = Bun.spawn([...cmd, script], { stdout: "pipe", stderr: "pipe", env });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`${cmd[0]} failed: ${err}`);
  return out.split("\n").filter(Boolean).sort();
}

/** bash with bash-completion loaded, completing `line` as if TAB were pressed at its end. */
export function bash(line: string, env: Env = defaultEnv()): Promise<string[]> {
  const words = line.split(" ");
  const script = `
    source /usr/share/bash-completion/bash_completion
    source ${completionFile("bash")}
    COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}
    COMP_LINE='${line}'; COMP_POINT=${line.length}
    _swoll swoll '${words.at(-1)}' '${words.at(-2) ?? ""}'
    printf '%s\\n' "\${COMPREPLY[@]}"`;
  return run(["bash", "-c"], script, env);
}

/** zsh: the real function, with compadd reporting what it was given. */
export function zsh(line: string, env: Env = defaultEnv()): Promise<string[]> {
  const words = line.split(" ");
  const script = `
    compadd() { local pre=""; while [[ $1 != -- ]]; do [[ $1 == -P ]] && { pre=$2; shift; }; shift; done; shift; for w in "$@"; do print -r -- "$pre$w"; done }
    compdef() { :; }
    _files() { print -r -- "<files>"; }
    source ${completionFile("zsh")}
    words=(${words.map((w) => `'${w}'`).join(" ")}); CURRENT=${words.length}
    _swoll | while read -r w; do [[ \${w##*,} == \${words[CURRENT]##*,}* ]] && print -r -- "$w"; done; true`;
  return run(["zsh", "-f", "-c"], script, env);
}

export async function fish(line: string, env: Env = defaultEnv()): Promise<string[]> {
  return (await run(["fish", "--no-config", "-c"], `source ${completionFile("fish")}; complete -C '${line}'`, env)).map((l) => l.split("\t")[0]!);
}

export const SHELLS = [
  ["bash", bash],
  ["zsh", zsh],
  ["fish", fish],
] as const;
