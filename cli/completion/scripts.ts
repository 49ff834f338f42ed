/** Shell completion scripts rendered from a CompletionModel (bash, zsh, fish). */
import type { CommandModel, CompletionModel, FlagModel } from "./model";

const HEADER = "generated from the commander definitions in cli/ by build.ts (cli/completion/) - do not edit";

const names = (f: FlagModel) => [f.short, f.long].filter(Boolean) as string[];
const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Words for a value, as a shell expression that yields them one per line or space-separated. */
function valueWords(m: CompletionModel, f: FlagModel): string | null {
  switch (f.kind) {
    case "syscall":
      return `"$__${m.program}_syscalls"`;
    case "choice":
      return shq(f.choices.join(" "));
    case "namespace":
    case "pod":
      return `"$(__${m.program}_k8s ${f.kind === "pod" ? "pods" : "namespaces"})"`;
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
  const out: string[] = [];
  for (const c of m.commands) {
    for (const f of c.flags.filter((f) => f.takesValue)) {
      const pattern = names(f).map((n) => `${c.name}:${n}`).join("|");
      const words = f.kind === "file" ? null : valueWords(m, f);
      const action = f.kind === "file" ? `${completeFile}; ` : words ? `__${p}_words ${words} ${f.list ? 1 : 0}; ` : "";
      out.push(`    ${pattern}) ${action}return ;;`);
    }
  }
  return out;
}

const K8S_COMMENT = "namespace and pod names from the cluster: `completion --list`, given the kubeconfig, node and namespace flags already on the line; quiet and empty without a working kubeconfig";

/** Long value flags also written as --flag=value. */
const withEquals = (m: CompletionModel) => m.listContext.withValue.filter((n) => n.startsWith("--")).map((n) => `${n}=*`);

function bashK8s(m: CompletionModel): string {
  const { withValue, boolean } = m.listContext;
  return `# ${K8S_COMMENT}
__${m.program}_k8s() {
  local i w v prog=\${COMP_WORDS[0]%-trace}
  local -a args=(completion --list "$1")
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    case "$w" in
      ${withValue.join("|")})
        ((i + 1 < COMP_CWORD)) || continue
        v=\${COMP_WORDS[i+1]}
        args+=("$w" "\${v/#\\~/$HOME}")
        ((i++)) ;;
      ${[...withEquals(m), ...boolean].join("|")}) args+=("$w") ;;
    esac
  done
  "$prog" "\${args[@]}" 2>/dev/null
}
`;
}

function zshK8s(m: CompletionModel): string {
  const { withValue, boolean } = m.listContext;
  return `# ${K8S_COMMENT}
__${m.program}_k8s() {
  local i w prog=\${words[1]%-trace}
  local -a args
  args=(completion --list $1)
  for ((i = 2; i < CURRENT; i++)); do
    w=\${words[i]}
    case $w in
      (${withValue.join("|")})
        (( i + 1 < CURRENT )) || continue
        args+=($w \${words[i+1]/#\\~/$HOME})
        (( i++ )) ;;
      (${[...withEquals(m), ...boolean].join("|")}) args+=($w) ;;
    esac
  done
  $prog $args 2>/dev/null
}
`;
}

function fishK8s(m: CompletionModel): string[] {
  const p = m.program;
  const { withValue, boolean } = m.listContext;
  return [
    `# ${K8S_COMMENT}`,
    `function __${p}_k8s`,
    `    set -l toks (commandline -opc)`,
    `    set -l prog (string replace -r -- '-trace$' '' $toks[1])`,
    `    set -l args completion --list $argv[1]`,
    `    set -l n (count $toks)`,
    `    set -l i 2`,
    `    while test $i -le $n`,
    `        set -l w $toks[$i]`,
    `        switch $w`,
    `            case ${withValue.map(shq).join(" ")}`,
    `                if test $i -lt $n`,
    `                    set i (math $i + 1)`,
    `                    set -a args $w (string replace -r -- '^~' $HOME $toks[$i])`,
    `                end`,
    `            case ${[...withEquals(m), ...boolean].map(shq).join(" ")}`,
    `                set -a args $w`,
    `        end`,
    `        set i (math $i + 1)`,
    `    end`,
    `    $prog $args 2>/dev/null`,
    `end`,
  ];
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

${bashK8s(m)}
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

${zshK8s(m)}
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
    parts.push(`-a '(__${p}_k8s ${f.kind === "pod" ? "pods" : "namespaces"})'`);
  parts.push(`-d ${shq(f.description)}`);
  return parts.join(" ");
}

/**
 * fish autoloads completions/<command>.fish by command name, so
 * `<program>-trace` needs a file of its own. It only registers the command
 * as `<program> trace`: fish then loads <program>.fish itself, as it does
 * for every command in a wrap chain, and completes with its definitions.
 */
export function fishTraceScript(m: CompletionModel): string {
  const p = m.program;
  return [
    `# fish completion for ${p}-trace (${p} trace under its own name) - ${HEADER}`,
    `# fish loads ${p}.fish for the wrapped command: its functions and completions serve ${p}-trace too`,
    `complete -c ${p}-trace -w '${p} trace'`,
    "",
  ].join("\n");
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
    ...fishK8s(m),
    `complete -c ${p} -f`,
    `complete -c ${p}-trace -w '${p} trace'`,
    ...m.commands.map((c) => `complete -c ${p} -n '__fish_use_subcommand' -a ${c.name} -d ${shq(c.description)}`),
    ...m.commands.flatMap((c) => c.flags.map((f) => fishFlag(p, c, f, m))),
  ];
  return lines.join("\n") + "\n";
}
