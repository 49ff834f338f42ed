/** Names from swoll's generated tables (no kernel access). */
import type { SyscallTable } from "../decode/syscalls";
import { errLabel, metricSyscall } from "../metrics/series";
import type { Names } from "./types";

export function tableNames(table: SyscallTable): Names {
  const byClass = new Map<string, number[]>();
  for (const s of table.all()) {
    const list = byClass.get(s.class) ?? [];
    list.push(s.nr);
    byClass.set(s.class, list);
  }
  return {
    syscall(nr) {
      const s = metricSyscall(table, nr);
      return { name: s.name, class: s.class };
    },
    errno: errLabel,
    syscallsOfClass: (cls) => byClass.get(cls) ?? [],
  };
}
