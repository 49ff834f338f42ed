/** Shell completion scripts rendered from a CompletionModel (bash, zsh, fish). */
import type { CommandModel, CompletionModel, FlagModel } from "./model";

const HEADER = "generated from the commander definitions in cli/ by build.ts (cli/completion/) - do not edit";

const names = (f: FlagModel) => [f.short, f.long].filter(Boolean) as string[];
const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Words for a value, as a shell expression that yields them one per line or space-separated. */
function valueWords(m: CompletionModel, f: FlagModel, dynamic: (what: string) => string): string | null {
  switch (f.kind) {
    case "syscall":
      return `"$__${m.program}_syscalls"`;
    case "choice":
      return shq(f.choices.join(" "));
    case "namespace":
    case "pod":
      return `"$(${dynamic(f.kind === "pod" ? "pods" : "namespaces")})"`;
    default:
      return null;
  }
}

/**
 * `case "$cmd:$prev"` arms shared by bash and zsh: how to complete the value
 * of each flag; `completeFile` is the shell's own file completion.
 */
function valueCaseLines(m: CompletionModel, completeFile: string): string[] {
  const p = m.program;
  const dyn = (what: string) => `${p} completion --list ${what} 2>/dev/null`;
  const out: string[] = [];
  for (const c of m.commands) {
    for (const f of c.flags.filter((f) => f.takesValue)) {
      const pattern = names(f).map((n) => `${c.name}:${n}`).join("|");
      const words = f.kind === "file" ? null : valueWords(m, f, dyn);
      const action = f.kind === "file" ? `${completeFile}; ` : words ? `__${p}_words ${words} ${f.list ? 1 : 0}; ` : "";
      out.push(`    ${pattern}) ${action}return ;;`);
    }
  }
  return out;
}

export function bashScript(m: CompletionModel): string {
  const p = m.program;
  const valueCases = valueCaseLines(m, `COMPREPLY=($(compgen -f -- "$cur"))`);
  const flagCases = m.commands.map((c) => `    ${c.name}) COMPREPLY=($(compgen -W ${shq(c.flags.flatMap(names).join(" "))} -- "$cur")) ;;`);
  return `# bash completion for ${p} - ${HEADER}
__${p}_syscalls=${shq(m.syscalls.join(" "))}

# complete from a word list; with list=1 only the part after the last comma
__${p}_words() {
  local words=$1 list=$2 pre=""
  if [[ $list == 1 && $cur == *,* ]]; then pre="\${cur%,*},"; fi
  COMPREPLY=($(compgen -P "$pre" -W "$words" -- "\${cur##*,}"))
}

_${p}() {
  local cur prev cmd="" i
  cur=\${COMP_WORDS[COMP_CWORD]}
  prev=\${COMP_WORDS[COMP_CWORD-1]}
  [[ \${COMP_WORDS[0]##*/} == ${p}-trace ]] && cmd=trace
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ -z $cmd && \${COMP_WORDS[i]} != -* ]] && cmd=\${COMP_WORDS[i]}
  done
  case "$cmd:$prev" in
${valueCases.join("\n")}
  esac
  if [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W ${shq(m.commands.map((c) => c.name).join(" ") + " --help --version")} -- "$cur"))
    return
  fi
  [[ $cur == -* ]] || return
  case "$cmd" in
${flagCases.join("\n")}
  esac
}
complete -F _${p} ${p} ${p}-trace
`;
}

export function zshScript(m: CompletionModel): string {
  const p = m.program;
  const valueCases = valueCaseLines(m, "_files");
  const flagCases = m.commands.map((c) => `    ${c.name}) cands=(${c.flags.flatMap(names).map(shq).join(" ")}) ;;`);
  return `#compdef ${p} ${p}-trace
# zsh completion for ${p} - ${HEADER}
__${p}_syscalls=${shq(m.syscalls.join(" "))}

__${p}_words() {
  local -a ws
  local cur=\${words[CURRENT]} pre=""
  ws=(\${=1})
  if [[ $2 == 1 && $cur == *,* ]]; then pre="\${cur%,*},"; fi
  compadd -P "$pre" -- \${ws[@]}
}

_${p}() {
  local cmd="" prev=\${words[CURRENT-1]} i
  local -a cands
  [[ \${words[1]:t} == ${p}-trace ]] && cmd=trace
  for ((i = 2; i < CURRENT; i++)); do
    [[ -z $cmd && \${words[i]} != -* ]] && cmd=\${words[i]}
  done
  case "$cmd:$prev" in
${valueCases.join("\n")}
  esac
  if [[ -z $cmd ]]; then
    cands=(${m.commands.map((c) => shq(c.name)).join(" ")} --help --version)
    compadd -- \${cands[@]}
    return
  fi
  [[ \${words[CURRENT]} == -* ]] || return
  case "$cmd" in
${flagCases.join("\n")}
  esac
  compadd -- \${cands[@]}
}

if [[ $zsh_eval_context[-1] == loadautoload ]]; then _${p} "$@"; else compdef _${p} ${p} ${p}-trace 2>/dev/null; fi
`;
}

function fishFlag(p: string, c: CommandModel, f: FlagModel, m: CompletionModel): string {
  const cond = `-n '__fish_seen_subcommand_from ${c.name}'`;
  const parts = [`complete -c ${p}`, cond];
  if (f.short) parts.push(`-s ${f.short.slice(1)}`);
  if (f.long) parts.push(`-l ${f.long.slice(2)}`);
  if (f.takesValue) parts.push(f.kind === "file" ? "-r -F" : "-x");
  if (f.kind === "syscall") parts.push(`-a '(__${p}_list_values $__${p}_syscalls)'`);
  else if (f.kind === "choice") parts.push(`-a ${shq(f.choices.join(" "))}`);
  else if (f.kind === "pod" || f.kind === "namespace")
    parts.push(`-a '(__${p}_list_values (${p} completion --list ${f.kind === "pod" ? "pods" : "namespaces"} 2>/dev/null))'`);
  parts.push(`-d ${shq(f.description)}`);
  return parts.join(" ");
}

export function fishScript(m: CompletionModel): string {
  const p = m.program;
  const lines = [
    `# fish completion for ${p} - ${HEADER}`,
    `set -g __${p}_syscalls ${m.syscalls.join(" ")}`,
    `# values for comma-separated lists: keep what precedes the last comma`,
    `function __${p}_list_values`,
    `    set -l tok (commandline -ct)`,
    `    set -l pre ""`,
    `    string match -q -- '*,*' $tok; and set pre (string replace -r '[^,]*$' '' -- $tok)`,
    `    for v in $argv`,
    `        echo $pre$v`,
    `    end`,
    `end`,
    `complete -c ${p} -f`,
    `complete -c ${p}-trace -w '${p} trace'`,
    ...m.commands.map((c) => `complete -c ${p} -n '__fish_use_subcommand' -a ${c.name} -d ${shq(c.description)}`),
    ...m.commands.flatMap((c) => c.flags.map((f) => fishFlag(p, c, f, m))),
  ];
  return lines.join("\n") + "\n";
}
