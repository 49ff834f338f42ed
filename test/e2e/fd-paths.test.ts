/**
 * strace's -y and -yy on the real probe: test/fixtures/fdpaths.c opens a
 * file and reads it, makes a pipe, connects over TCP to a listener this
 * test runs, opens an eventfd and dups the file's descriptor, then exits
 * (before swoll reads most of its calls: everything is named from the
 * probe's description, not from /proc). A process started before the
 * trace has its descriptors named too. Lines are compared with what
 * strace -y prints for the same program.
 */
import { afterAll, beforeAll, expect, test, setDefaultTimeout } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, SWOLL, bpfLinkCount, parseEventLine, startTracer } from "../helpers/swoll";
import { waitFor } from "../helpers/wait";

setDefaultTimeout(90_000);

const SRC = join(ROOT, "test", "fixtures", "fdpaths.c");
const BIN = join(ROOT, "build", "test", "swoll-fdpaths");
const dir = mkdtempSync(join(tmpdir(), "swoll-fdpaths-"));
const file = join(dir, "hello.txt");
let server: Server;
let port = 0;
/** The client ports the listener saw, in order. */
const peers: number[] = [];

beforeAll(async () => {
  if (!existsSync(BIN) || statSync(BIN).mtimeMs < statSync(SRC).mtimeMs) {
    mkdirSync(join(ROOT, "build", "test"), { recursive: true });
    const cc = Bun.spawnSync(["cc", "-O2", "-o", BIN, SRC], { stderr: "pipe" });
    if (cc.exitCode !== 0) throw new Error(`cc failed: ${cc.stderr}`);
  }
  writeFileSync(file, "hello\n");
  server = createServer((s) => {
    peers.push(s.remotePort!);
    s.on("data", () => s.end());
    s.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** swoll trace ARGS -- fdpaths FILE PORT: swoll's lines (stderr) and its exit code. */
async function traced(args: string[]): Promise<{ code: number; lines: string[] }> {
  const p = Bun.spawn([SWOLL, "trace", "--no-color", ...args, "--", BIN, file, String(port)], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [err, code] = await Promise.all([new Response(p.stderr).text(), p.exited]);
  return { code, lines: err.split("\n").filter(Boolean) };
}

/** The call and its result, without the time, comm(pid) and time in the call; strace's padding before ` = ` removed. */
const callOf = (line: string) => line.replace(/^\S+ \S+\(\d+\) /, "").replace(/ <\d+\.\d+>$/, "").replace(/\)\s+= /, ") = ");

/** The fixture's calls, from the open of the file on. */
function fixtureCalls(lines: string[]): string[] {
  const calls = lines.map(callOf);
  const from = calls.findIndex((c) => c.startsWith("openat(") && c.includes(`"${file}"`));
  expect(from).toBeGreaterThanOrEqual(0);
  return calls.slice(from).filter((c) => !c.startsWith("exit_group"));
}

test("-y: the file's path, the pipe's and the socket's inodes, the eventfd, on arguments and results", async () => {
  const r = await traced(["-y"]);
  expect(r.code).toBe(0);
  const calls = fixtureCalls(r.lines);
  const [open, read, pipe2, wpipe, rpipe, socket, connect, wsock, eventfd, dup, ...closes] = calls;
  const fd = /= (\d+)</.exec(open!)![1];
  // AT_FDCWD names the working directory the fixture inherited
  expect(open).toBe(`openat(AT_FDCWD<${process.cwd()}>, "${file}", O_RDONLY) = ${fd}<${file}>`);
  expect(read).toBe(`read(${fd}<${file}>, "hello\\n", 256) = 6`);
  const p = /^pipe2\(\[(\d+)<pipe:\[(\d+)\]>, (\d+)<pipe:\[(\d+)\]>\], O_CLOEXEC\) = 0$/.exec(pipe2!)!;
  expect(p).not.toBeNull();
  expect(p[2]).toBe(p[4]); // both ends of one pipe
  expect(wpipe).toBe(`write(${p[3]}<pipe:[${p[2]}]>, "x", 1) = 1`);
  expect(rpipe).toBe(`read(${p[1]}<pipe:[${p[2]}]>, "x", 1) = 1`);
  const s = /^socket\(AF_INET, SOCK_STREAM, IPPROTO_IP\) = (\d+)<socket:\[(\d+)\]>$/.exec(socket!)!;
  expect(s).not.toBeNull();
  expect(connect).toStartWith(`connect(${s[1]}<socket:[${s[2]}]>, {sa_family=AF_INET, sin_port=htons(${port}), `);
  expect(wsock).toBe(`write(${s[1]}<socket:[${s[2]}]>, "hello\\n", 6) = 6`);
  expect(eventfd).toMatch(/^eventfd2\(0, EFD_CLOEXEC\) = \d+<anon_inode:\[eventfd\]>$/);
  expect(dup).toMatch(new RegExp(`^dup\\(${fd}<${file}>\\) = \\d+<${file}>$`));
  // each close names what it closed
  expect(closes).toContain(`close(${fd}<${file}>) = 0`);
  expect(closes).toContain(`close(${s[1]}<socket:[${s[2]}]>) = 0`);
  expect(closes).toContain(`close(${p[1]}<pipe:[${p[2]}]>) = 0`);
});

test("-yy: the TCP connection by its addresses, as the listener saw it; unconnected, by its inode", async () => {
  const before = peers.length;
  const r = await traced(["-yy", "-e", "trace=socket,connect,write"]);
  expect(r.code).toBe(0);
  await waitFor(() => peers.length > before, { what: "the listener's accept" });
  const client = peers[before];
  const calls = r.lines.map(callOf);
  const socket = calls.find((c) => c.startsWith("socket(AF_INET"))!;
  const s = /= (\d+)<TCP:\[(\d+)\]>$/.exec(socket)!;
  expect(s).not.toBeNull();
  // connect's descriptor is described as the call found it: not yet connected
  expect(calls.find((c) => c.startsWith("connect("))).toStartWith(`connect(${s[1]}<TCP:[${s[2]}]>, `);
  expect(calls).toContain(`write(${s[1]}<TCP:[127.0.0.1:${client}->127.0.0.1:${port}]>, "hello\\n", 6) = 6`);
  // the calls that keep the table (openat, pipe2, close…) were streamed but not shown
  expect(calls.every((c) => /^(socket|connect|write)\(/.test(c))).toBe(true);
});

test("-y -o json: the event's fds beside the arguments and the result, in the schema", async () => {
  const r = await traced(["-yy", "-o", "json", "-s", "openat,read,pipe2,write,brk"]);
  expect(r.code).toBe(0);
  const ev = r.lines.filter((l) => l.startsWith("{")).map(parseEventLine);
  const at = ev.findIndex((e) => e.args.pathname === file);
  const open = ev[at];
  expect(open.fds).toEqual({ dir_fd: process.cwd(), return: file });
  const read = ev.slice(at).find((e) => e.syscall.name === "sys_read" && e.args.fd === open.return)!;
  expect(read.fds).toEqual({ fd: file });
  const pipe = ev.find((e) => e.syscall.name === "sys_pipe2")!;
  expect(pipe.fds.fildes).toHaveLength(2);
  expect(pipe.fds.fildes[0]).toMatch(/^pipe:\[\d+\]$/);
  expect(pipe.fds.fildes[1]).toBe(pipe.fds.fildes[0]);
  const wsock = ev.find((e) => e.syscall.name === "sys_write" && e.args.buf === "hello\n")!;
  expect(wsock.fds.fd).toMatch(new RegExp(`^TCP:\\[127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:${port}\\]$`));
  // a call without a descriptor has no fds
  const brk = ev.filter((e) => e.syscall.name === "sys_brk");
  expect(brk.length).toBeGreaterThan(0);
  expect(brk.every((e) => e.fds === undefined)).toBe(true);
});

test("-p PID: a descriptor opened before the trace started is named (from the process's file table, at the call)", async () => {
  const held = Bun.spawn([BIN, "hold", file], { stdin: "pipe", stdout: "pipe", stderr: "ignore" });
  try {
    const reader = (held.stdout as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const fd = /^ready (\d+)/.exec(first)![1];
    const t = await startTracer(["trace", "-y", "-o", "json", "-p", String(held.pid), "-s", "pread64"]);
    try {
      await waitFor(() => bpfLinkCount(t.pid) >= 4, { what: "the probe's links" });
      held.stdin.write("x\n");
      await held.stdin.flush();
      await t.waitFor((x) => x.json().some((e) => e.syscall.name === "sys_pread64"));
      const pread = t.json().find((e) => e.syscall.name === "sys_pread64");
      expect(pread.args.fd).toBe(Number(fd));
      expect(pread.fds).toEqual({ fd: file });
    } finally {
      await t.stop();
    }
  } finally {
    held.stdin.end();
    await held.exited;
  }
});

test("the lines agree with strace -y's for the same program", async () => {
  if (!Bun.which("strace")) return;
  const st = Bun.spawnSync(["strace", "-f", "-y", "-e", "trace=openat,read,pipe2,write,eventfd2,dup,close", BIN, file, String(port)], { stderr: "pipe" });
  expect(st.exitCode).toBe(0);
  const theirs = fixtureCalls(st.stderr.toString().split("\n").filter((l) => l && !l.startsWith("+++")));
  const ours = fixtureCalls((await traced(["-y", "-e", "trace=openat,read,pipe2,write,eventfd2,dup,close"])).lines);
  // inodes differ between the two runs
  const same = (c: string) => c.replace(/:\[\d+\]/g, ":[N]");
  expect(ours.map(same)).toEqual(theirs.map(same));
});
