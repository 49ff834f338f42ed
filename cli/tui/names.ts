/** Names from swoll's generated tables (no kernel access). */
import { errnoName } from "../decode/errno";
import { unknownSyscall, type SyscallTable } from "../decode/syscalls";
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
      const s = table.byNr(nr) ?? unknownSyscall(nr);
      return { name: s.name, class: s.class };
    },
    errno: (e) => (e === 0 ? "OK" : (errnoName(e) ?? `E${e}`)),
    syscallsOfClass: (cls) => byClass.get(cls) ?? [],
  };
}
