/**
 * The `-s` selection language shared by trace, top, record, replay, Trace
 * manifests and the library: syscall names, strace's classes (`%file`),
 * `/regex` on names, and `!` to exclude. A list that starts with `!` selects
 * everything except what it names (`!futex,epoll_wait`), as strace reads it;
 * otherwise `!item` removes from what the other items add (`%file,!close`).
 */
import { UsageError } from "./errors";
import type { SyscallTable } from "./decode/syscalls";
import { TRACE_CLASS_MEMBERS } from "./decode/tables/syscall-classes";

/** strace accepts %net for %network. */
const CLASS_ALIASES: Record<string, string> = { "%net": "%network" };

export function syscallClassNames(): string[] {
  return [...Object.keys(TRACE_CLASS_MEMBERS), ...Object.keys(CLASS_ALIASES)].sort();
}

/** One item (no `!`) → syscall numbers on `table`, or a one-line UsageError. */
function expand(item: string, table: SyscallTable): number[] {
  if (item.startsWith("%")) {
    const cls = CLASS_ALIASES[item.toLowerCase()] ?? item.toLowerCase();
    const members = TRACE_CLASS_MEMBERS[cls];
    if (!members) throw new UsageError(`unknown syscall class '${item}'; valid classes: ${syscallClassNames().join(", ")}`);
    return members.flatMap((name) => table.byName(name)?.nr ?? []);
  }
  if (item.startsWith("/")) {
    let re: RegExp;
    try {
      re = new RegExp(item.slice(1));
    } catch (e) {
      throw new UsageError(`invalid syscall pattern '${item}': ${(e as Error).message}; write /REGEX, e.g. -s '/^open'`);
    }
    const nrs = table.all().filter((s) => re.test(s.name)).map((s) => s.nr);
    if (nrs.length === 0) throw new UsageError(`syscall pattern '${item}' matches no syscall on ${table.arch}; try a looser pattern, a name, or a class (${syscallClassNames().join(", ")})`);
    return nrs;
  }
  const info = table.byName(item);
  if (!info) {
    const near = table.closest(item.replace(/^sys_/, ""), 3);
    throw new UsageError(`unknown syscall '${item}' on ${table.arch}${near.length ? `; did you mean ${near.join(", ")}?` : ""}`);
  }
  return [info.nr];
}

/**
 * Selection items → syscall numbers, each once, in the order first selected
 * (all syscalls in number order when the list starts with `!`).
 */
export function selectSyscalls(values: string[], table: SyscallTable): number[] {
  if (values.length === 0) return [];
  const items = values.map((v) => v.trim());
  const excludeAll = items[0]!.startsWith("!");
  const add: number[] = [];
  const remove = new Set<number>();
  for (const item of items) {
    const negated = item.startsWith("!");
    const body = negated ? item.slice(1).trim() : item;
    if (body === "") throw new UsageError(`empty exclusion '${item}' in the syscall selection; name what to exclude, e.g. -s '!futex'`);
    const nrs = expand(body, table);
    if (negated || excludeAll) for (const nr of nrs) remove.add(nr);
    else add.push(...nrs);
  }
  const base = excludeAll ? table.all().map((s) => s.nr) : add;
  const out = [...new Set(base)].filter((nr) => !remove.has(nr));
  if (out.length === 0) throw new UsageError(`the syscall selection '${values.join(",")}' leaves no syscall; drop an exclusion or leave -s out to select all`);
  return out;
}
