import { expect, test } from "bun:test";
import { FdTable, type FdEntry } from "../../cli/trace/fd-table";

const entry = (name: string): FdEntry => ({ name, ino: null, inode: null, proto: null });

test("a process that opens a million descriptors keeps the table at its bound, the most recent kept", () => {
  const t = new FdTable(64, 256);
  for (let fd = 0; fd < 1_000_000; fd++) t.set(1, fd, entry(`/f${fd}`));
  expect(t.size).toBe(64);
  expect(t.get(1, 999_999)?.name).toBe("/f999999");
  expect(t.get(1, 999_936)?.name).toBe("/f999936");
  expect(t.get(1, 999_935)).toBeUndefined();
});

test("many processes: the total bound holds, the least recently used process loses its entries first", () => {
  const t = new FdTable(64, 256);
  for (let pid = 1; pid <= 100_000; pid++) for (let fd = 0; fd < 3; fd++) t.set(pid, fd, entry(`/p${pid}/${fd}`));
  expect(t.size).toBe(256);
  expect(t.processes).toBeLessThanOrEqual(86);
  expect(t.get(100_000, 2)?.name).toBe("/p100000/2");
  expect(t.get(1, 0)).toBeUndefined();
});

test("a use keeps an entry: the least recently used goes first", () => {
  const t = new FdTable(3, 100);
  t.set(1, 0, entry("a"));
  t.set(1, 1, entry("b"));
  t.set(1, 2, entry("c"));
  t.get(1, 0);
  t.set(1, 3, entry("d"));
  expect(t.get(1, 1)).toBeUndefined();
  expect(t.get(1, 0)?.name).toBe("a");
});

test("close, close_range, exit and lost events forget what they should", () => {
  const t = new FdTable();
  for (let fd = 0; fd < 10; fd++) t.set(7, fd, entry(`/x${fd}`));
  t.set(8, 0, entry("/y"));
  t.delete(7, 0);
  expect(t.get(7, 0)).toBeUndefined();
  t.deleteRange(7, 3, 5);
  expect([3, 4, 5].map((fd) => t.get(7, fd))).toEqual([undefined, undefined, undefined]);
  expect(t.size).toBe(7);
  t.forgetProcess(7);
  expect(t.size).toBe(1);
  expect(t.processes).toBe(1);
  t.clear();
  expect(t.size).toBe(0);
  // replacing an entry does not count it twice
  t.set(9, 1, entry("/a"));
  t.set(9, 1, entry("/b"));
  expect(t.size).toBe(1);
  expect(t.get(9, 1)?.name).toBe("/b");
});
