import { expect, test } from "bun:test";
import { planFor } from "../../cli/decode/args";
import type { Decoded, TraceEvent } from "../../cli/decode/event";
import { FD_RET, type FdInfo } from "../../cli/decode/fd-info";
import { syscallTable } from "../../cli/decode/syscalls";
import { FdAnnotator } from "../../cli/trace/fd-paths";
import type { ProcFds } from "../../cli/trace/fd-proc";

const table = syscallTable();
const PID = 4242;

/** A decoded call as the stream hands it over: JSON arguments by name, the result, the probe's descriptions. */
function call(name: string, args: Record<string, unknown>, ret: number, fdInfo?: FdInfo[]): Decoded {
  const info = table.byName(name)!;
  const argList = planFor(info).args.map((a) => ({ name: a.name, json: args[a.name] ?? 0, text: String(args[a.name] ?? 0) }));
  const event = { pid: PID, return: ret, error: ret < 0 ? "EBADF" : "OK", args } as unknown as TraceEvent;
  return { event, info, argList, latencyNs: 0, ...(fdInfo ? { fdInfo } : {}) };
}

/** /proc as a test wants it: links and inodes by fd, a working directory. */
function fakeProc(links: Record<number, [string, number]> = {}, cwd: string | null = null): ProcFds & { asked: number } {
  const p = {
    asked: 0,
    fdLink: (_pid: number, fd: number) => (p.asked++, links[fd]?.[0] ?? null),
    fdInode: (_pid: number, fd: number) => links[fd]?.[1] ?? null,
    cwd: () => cwd,
    socket: () => null,
  };
  return p;
}

const described = (arg: number, f: Partial<FdInfo>, index = 0): FdInfo => ({
  arg, index, ino: 1, mode: 0, rdev: 0, family: 0, type: 0, protocol: 0, sport: 0, dport: 0,
  saddr: new Uint8Array(16), daddr: new Uint8Array(16), peerIno: 0, name: "", path: null, ...f,
});

test("without the probe's descriptions: the stream's own opens, dups and closes name descriptors, in order", () => {
  const proc = fakeProc({}, "/home/u");
  const a = new FdAnnotator(1, undefined, proc);
  const open = call("openat", { dir_fd: -100, pathname: "notes.txt", flags: ["O_RDONLY"], mode: 0 }, 3);
  a.annotate(open);
  expect(open.event.fds).toEqual({ dir_fd: "/home/u", return: "/home/u/notes.txt" });
  const dup = call("dup2", { oldfd: 3, newfd: 7 }, 7);
  a.annotate(dup);
  // 7 was not open before the call: only the copy it returns is named
  expect(dup.event.fds).toEqual({ oldfd: "/home/u/notes.txt", return: "/home/u/notes.txt" });
  const close = call("close", { fd: 3 }, 0);
  a.annotate(close);
  expect(close.event.fds).toEqual({ fd: "/home/u/notes.txt" });
  // closed: 3 is no longer known, and /proc (the process is gone) cannot say
  const read = call("read", { fd: 3, buf: "", count: 1 }, -9);
  a.annotate(read);
  expect(read.event.fds).toBeUndefined();
  const read7 = call("read", { fd: 7, buf: "x", count: 1 }, 1);
  a.annotate(read7);
  expect(read7.event.fds).toEqual({ fd: "/home/u/notes.txt" });
  // the process exits: its entries go
  a.annotate(call("exit_group", { error_code: 0 }, 0));
  expect(a.table.size).toBe(0);
});

test("a descriptor the trace did not see opened is looked up in /proc once, then kept", () => {
  const proc = fakeProc({ 5: ["/var/log/app.log", 99] });
  const a = new FdAnnotator(1, undefined, proc);
  for (let i = 0; i < 3; i++) {
    const w = call("write", { fd: 5, buf: "x", count: 1 }, 1);
    a.annotate(w);
    expect(w.event.fds).toEqual({ fd: "/var/log/app.log" });
  }
  expect(proc.asked).toBe(1);
});

test("the probe's inode tells a stale entry: /proc is asked, and used only when it is the same file", () => {
  const proc = fakeProc({ 4: ["/new", 20] });
  const a = new FdAnnotator(1, undefined, proc);
  a.table.set(PID, 4, { name: "/old", ino: 10, inode: null, proto: null });
  const same = call("read", { fd: 4, buf: "", count: 1 }, 0, [described(0, { ino: 20, mode: 0o100644 })]);
  a.annotate(same);
  expect(same.event.fds).toEqual({ fd: "/new" });
  // a file /proc names differently now: not named, rather than named wrong
  const other = call("read", { fd: 4, buf: "", count: 1 }, 0, [described(0, { ino: 30, mode: 0o100644 })]);
  a.annotate(other);
  expect(other.event.fds).toBeUndefined();
});

test("the probe's description: paths, pipes, anonymous inodes; a descriptor that did not exist is not named", () => {
  const a = new FdAnnotator(1, undefined, fakeProc());
  const pipe = call("pipe2", { fildes: [3, 4], flags: [] }, 0, [described(0, { ino: 77, mode: 0o010600 }), described(0, { ino: 77, mode: 0o010600 }, 1)]);
  a.annotate(pipe);
  expect(pipe.event.fds).toEqual({ fildes: ["pipe:[77]", "pipe:[77]"] });
  const ev = call("eventfd2", { count: 0, flags: [] }, 5, [described(FD_RET, { ino: 9, name: "[eventfd]" })]);
  a.annotate(ev);
  expect(ev.event.fds).toEqual({ return: "anon_inode:[eventfd]" });
  const file = call("fstat", { fd: 6, statbuf: {} }, 0, [described(0, { ino: 3, mode: 0o100644, path: '/tmp/a "b"\nc' })]);
  a.annotate(file);
  expect(file.event.fds).toEqual({ fd: '/tmp/a "b"\nc' });
  // text escapes as strace does inside <>
  expect(file.fdText).toEqual({ fd: '/tmp/a \\"b\\"\\nc' });
  const bad = call("close", { fd: 42 }, -9, [described(0, { ino: 0 })]);
  a.annotate(bad);
  expect(bad.event.fds).toBeUndefined();
});

test("-yy: sockets by protocol and addresses from the probe, as strace prints them; devices by number", () => {
  const a = new FdAnnotator(2, undefined, fakeProc());
  const v4 = (s: string) => new Uint8Array([...s.split(".").map(Number), ...new Array(12).fill(0)]);
  const sock = (f: Partial<FdInfo>) => {
    const d = call("write", { fd: 3, buf: "", count: 0 }, 0, [described(0, { ino: 500, mode: 0o140777, ...f })]);
    a.annotate(d);
    return (d.event.fds as Record<string, string>).fd;
  };
  expect(sock({ family: 2, type: 1, protocol: 6 })).toBe("TCP:[500]");
  expect(sock({ family: 2, type: 1, protocol: 6, sport: 8080, saddr: v4("127.0.0.1") })).toBe("TCP:[127.0.0.1:8080]");
  expect(sock({ family: 2, type: 1, protocol: 6, sport: 45670, dport: 8080, saddr: v4("127.0.0.1"), daddr: v4("10.0.0.2") })).toBe("TCP:[127.0.0.1:45670->10.0.0.2:8080]");
  const one = new Uint8Array(16);
  one[15] = 1;
  expect(sock({ family: 10, type: 2, protocol: 17, sport: 53, saddr: one })).toBe("UDPv6:[[::1]:53]");
  expect(sock({ family: 1, type: 1, peerIno: 501 })).toBe("UNIX-STREAM:[500->501]");
  expect(sock({ family: 16, type: 3 })).toBe("socket:[500]");
  const dev = call("read", { fd: 0, buf: "", count: 0 }, 0, [described(0, { ino: 6, mode: 0o020666, rdev: (1 << 20) | 3, path: "/dev/null" })]);
  a.annotate(dev);
  expect(dev.event.fds).toEqual({ fd: "/dev/null<char 1:3>" });
});
