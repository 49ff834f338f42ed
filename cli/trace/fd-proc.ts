/**
 * What /proc says about a process's descriptors, for strace's -y and -yy:
 * the link behind /proc/PID/fd/N (a path, `socket:[N]`, `pipe:[N]`,
 * `anon_inode:[eventfd]`), its working directory, and a socket's addresses
 * from the tables of the process's own network namespace (/proc/PID/net/*).
 * Every answer is one read at the moment of asking: a descriptor closed
 * and reused since the call is the race this cannot rule out, which is why
 * the fd table (./fd-table.ts) prefers what the trace itself saw.
 */
import { readFileSync, readlinkSync, statSync } from "node:fs";
import { bytesToString } from "../decode/strings";
import { ipv4, ipv6 } from "../decode/args/sockaddr";

/** The source of /proc answers; tests hand in their own. */
export interface ProcFds {
  /** The target of /proc/PID/fd/FD, or null when it cannot be read (gone, not allowed). */
  fdLink(pid: number, fd: number): string | null;
  /** The inode number of the file /proc/PID/fd/FD refers to now, or null. */
  fdInode(pid: number, fd: number): number | null;
  /** The target of /proc/PID/cwd, or null. */
  cwd(pid: number): string | null;
  /** strace -yy's text for the socket with this inode in PID's network namespace, or null when no table lists it. */
  socket(pid: number, inode: number, proto: string | null): string | null;
}

function link(path: string): string | null {
  try {
    return bytesToString(readlinkSync(path, { encoding: "buffer" }));
  } catch {
    return null;
  }
}

/** Bytes of one /proc/PID/net table read; a host with more sockets than this is searched only this far. */
const MAX_TABLE_BYTES = 4 << 20;

function table(pid: number, name: string): string | null {
  try {
    const s = readFileSync(`/proc/${pid}/net/${name}`, "latin1");
    return s.length > MAX_TABLE_BYTES ? s.slice(0, MAX_TABLE_BYTES) : s;
  } catch {
    return null;
  }
}

/** `0100007F:1F90` (the kernel's words in host order) → `127.0.0.1:8080`, `[::1]:8080` for IPv6. */
export function procAddress(hex: string): string | null {
  const [a, p] = hex.split(":");
  if (!a || !p || (a.length !== 8 && a.length !== 32)) return null;
  const bytes = new Uint8Array(a.length / 2);
  // each 32-bit word is printed as a number in the host's (little-endian) order
  for (let w = 0; w < a.length / 8; w++)
    for (let k = 0; k < 4; k++) bytes[w * 4 + k] = parseInt(a.slice(w * 8 + (3 - k) * 2, w * 8 + (3 - k) * 2 + 2), 16);
  const port = parseInt(p, 16);
  return a.length === 8 ? `${ipv4(bytes)}:${port}` : `[${ipv6(bytes)}]:${port}`;
}

const UNSPECIFIED = /^(0\.0\.0\.0|\[::\]):0$/;

/** One line of /proc/net/{tcp,udp}{,6} with this inode → `local->remote`, or `local` when there is no peer. */
function inetEntry(text: string, inode: number): string | null {
  const want = String(inode);
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[9] !== want) continue;
    const local = procAddress(f[1]!);
    const remote = procAddress(f[2]!);
    if (!local || !remote) return null;
    return UNSPECIFIED.test(remote) ? local : `${local}->${remote}`;
  }
  return null;
}

const UNIX_TYPES: Record<string, string> = { "0001": "STREAM", "0002": "DGRAM", "0005": "SEQPACKET" };

/** /proc/net/unix's line for this inode → `UNIX-STREAM:[inode]` or `UNIX-STREAM:[inode,"path"]` (the path unescaped). */
function unixEntry(text: string, inode: number): string | null {
  const want = String(inode);
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 7 || f[6] !== want) continue;
    const type = UNIX_TYPES[f[4]!] ?? f[4];
    // the path is the rest of the line (it may hold spaces)
    const path = f.length > 7 ? line.slice(line.indexOf(` ${want} `) + want.length + 2) : null;
    return `UNIX-${type}:[${inode}${path ? `,"${path}"` : ""}]`;
  }
  return null;
}

/** Tables to search, in order, for a socket whose protocol socket() named (unknown: all). */
const TABLES: [string, string][] = [["tcp", "TCP"], ["tcp6", "TCPv6"], ["udp", "UDP"], ["udp6", "UDPv6"]];

export const procFds: ProcFds = {
  fdLink: (pid, fd) => link(`/proc/${pid}/fd/${fd}`),
  fdInode(pid, fd) {
    try {
      const ino = statSync(`/proc/${pid}/fd/${fd}`, { bigint: true }).ino;
      return ino <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(ino) : null;
    } catch {
      return null;
    }
  },
  cwd: (pid) => link(`/proc/${pid}/cwd`),
  socket(pid, inode, proto) {
    if (proto === null || proto.startsWith("UNIX")) {
      const u = table(pid, "unix");
      const hit = u === null ? null : unixEntry(u, inode);
      if (hit || proto !== null) return hit;
    }
    for (const [file, name] of TABLES) {
      if (proto !== null && proto !== name) continue;
      const t = table(pid, file);
      const hit = t === null ? null : inetEntry(t, inode);
      if (hit) return `${name}:[${hit}]`;
    }
    return null;
  },
};
