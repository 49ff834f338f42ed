/**
 * Reading the cgroup filesystems: where cgroup2 is mounted, one walk of a
 * hierarchy (directory inode = cgroup id, as bpf_get_current_cgroup_id()
 * reports it), and a container's init process. Called on cache misses and
 * periodic refreshes only, never per event.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { bytesToString, stringToBytes } from "../decode/strings";
import type { CgroupId } from "../decode/cgroup-id";

/**
 * A cgroup directory's name is any bytes but `/` and NUL. Paths here are
 * strings from bytesToString (a byte that is not UTF-8 is U+DCNN), and go
 * back to the exact bytes whenever the filesystem is asked.
 */
export function fsPath(path: string): string | Buffer {
  return /[\udc80-\udcff]/.test(path) ? Buffer.from(stringToBytes(path)) : path;
}

/** /proc/mounts escapes space, tab, newline and backslash as octal. */
function unescapeMount(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** One line of /proc/mounts. */
export interface MountEntry {
  source: string;
  dir: string;
  fstype: string;
  options: string[];
}

/** The text of /proc/mounts, or "" when it cannot be read. */
export function readMounts(): string {
  try {
    return readFileSync("/proc/mounts", "utf8");
  } catch {
    return "";
  }
}

/** The one /proc/mounts parser: every other module asks here. */
export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split("\n")) {
    const f = line.split(" ");
    if (!f[1] || !f[2]) continue;
    out.push({ source: unescapeMount(f[0]!), dir: unescapeMount(f[1]), fstype: f[2], options: (f[3] ?? "").split(",") });
  }
  return out;
}

/** Where the first filesystem of a type is mounted, or null (tracefs, debugfs, …). */
export function mountPointOf(fstype: string, mounts = readMounts()): string | null {
  return parseMounts(mounts).find((m) => m.fstype === fstype)?.dir ?? null;
}

export interface CgroupMounts {
  /** The cgroup2 (unified) mount, or null. */
  v2: string | null;
  /** v1 hierarchies by controller (or `name=systemd`). */
  v1: Map<string, string>;
}

/**
 * The cgroup mounts. With several cgroup2 mounts the one whose directory is
 * the real root of the hierarchy wins, else the first: in a pod, the
 * runtime's namespaced cgroup2 mount comes first and the host's (a hostPath
 * volume) may be mounted over it or beside it, and only the host's shows
 * every cgroup id the kernel reports.
 */
export function cgroupMounts(mounts = readMounts(), isRoot: (dir: string) => boolean = hierarchyRoot): CgroupMounts {
  const out: CgroupMounts = { v2: null, v1: new Map() };
  const v2: string[] = [];
  for (const m of parseMounts(mounts)) {
    if (m.fstype === "cgroup2" && !v2.includes(m.dir)) v2.push(m.dir);
    if (m.fstype === "cgroup")
      for (const opt of m.options)
        if (opt !== "rw" && opt !== "ro" && !opt.startsWith("relatime") && !out.v1.has(opt)) out.v1.set(opt, m.dir);
  }
  out.v2 = v2.find(isRoot) ?? v2[0] ?? null;
  return out;
}

/** The cgroup2 mount cgroupMounts() picks, or null. */
export function cgroup2Mount(mounts = readMounts(), isRoot: (dir: string) => boolean = hierarchyRoot): string | null {
  return cgroupMounts(mounts, isRoot).v2;
}

/** The root directory of a cgroup hierarchy is inode 1; a cgroup namespace's view is not. */
function hierarchyRoot(dir: string): boolean {
  try {
    return statSync(dir, { bigint: true }).ino === 1n;
  } catch {
    return false;
  }
}

/** cgroup id (directory inode) → path relative to `root` ("/" for the root), names decoded as bytesToString does. */
export function walkCgroups(root: string): Map<CgroupId, string> {
  const out = new Map<CgroupId, string>();
  const slash = Buffer.from("/");
  const walk = (dir: Buffer, rel: string) => {
    let ino: number;
    try {
      ino = Number(statSync(dir, { bigint: true }).ino);
    } catch {
      return; // removed while we walked
    }
    out.set(ino, rel);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    let lossy = false;
    for (const e of entries) {
      // a name that is not UTF-8 comes back with U+FFFD: read it again as bytes, below
      if (e.name.includes("\ufffd")) lossy = true;
      else if (e.isDirectory()) walk(Buffer.concat([dir, slash, Buffer.from(e.name)]), rel === "/" ? `/${e.name}` : `${rel}/${e.name}`);
    }
    if (!lossy) return;
    let raw: Buffer[] = [];
    try {
      raw = readdirSync(dir, { encoding: "buffer" });
    } catch {
      return;
    }
    for (const b of raw) {
      if (!b.toString("utf8").includes("\ufffd")) continue;
      const path = Buffer.concat([dir, slash, b]);
      try {
        if (!lstatSync(path).isDirectory()) continue;
      } catch {
        continue;
      }
      const name = bytesToString(b);
      walk(path, rel === "/" ? `/${name}` : `${rel}/${name}`);
    }
  };
  walk(Buffer.from(stringToBytes(root)), "/");
  return out;
}

export interface InitProcess {
  /** Host pid of the container's first process. */
  pid: number;
  /** Inode of its pid namespace; 0 until known when /proc/<pid>/ns was not readable (see Attributor). */
  pidNs: number;
  /**
   * No process is pid 1 of its own namespace (yet): the lowest pid stands in.
   * True of hostPID containers, and briefly of any container whose runtime
   * joins the cgroup before it creates the pid namespace.
   */
  standIn: boolean;
  /** How many pid namespaces deep it is (fields of NSpid), to tell which events share its namespace. */
  depth: number;
}

/** Fields of NSpid in /proc/<pid>/status (world-readable), or 0. */
export function pidNsDepth(pid: number, procRoot = "/proc"): number {
  try {
    const ns = /^NSpid:\s*(.+)$/m.exec(readFileSync(join(procRoot, String(pid), "status"), "utf8"))?.[1];
    return ns ? ns.trim().split(/\s+/).length : 0;
  } catch {
    return 0;
  }
}

function readPids(file: string): number[] {
  try {
    return readFileSync(fsPath(file), "utf8").split("\n").filter(Boolean).map(Number).filter((n) => n > 0);
  } catch {
    return [];
  }
}

/**
 * The container's init: of the processes in these cgroup directories, the
 * one that is pid 1 of its own pid namespace (last NSpid field is 1).
 * Containers sharing the host's pid namespace (hostPID) have none; then
 * the lowest pid stands in. Null when the cgroups hold no process.
 */
export function findInit(dirs: string[], procRoot = "/proc"): InitProcess | null {
  const pids = dirs.flatMap((d) => readPids(join(d, "cgroup.procs"))).sort((a, b) => a - b);
  let chosen: number | null = null;
  let standIn = true;
  let depth = 0;
  for (const pid of pids) {
    let status: string;
    try {
      status = readFileSync(join(procRoot, String(pid), "status"), "utf8");
    } catch {
      continue;
    }
    const ns = /^NSpid:\s*(.+)$/m.exec(status)?.[1]?.trim().split(/\s+/);
    if (ns && ns.length > 1 && ns[ns.length - 1] === "1") {
      chosen = pid;
      standIn = false;
      depth = ns.length;
      break;
    }
    if (chosen === null) {
      chosen = pid;
      depth = ns?.length ?? 0;
    }
  }
  if (chosen === null) return null;
  try {
    const link = readlinkSync(join(procRoot, String(chosen), "ns", "pid"));
    const m = /\[(\d+)\]/.exec(link);
    return { pid: chosen, pidNs: m ? Number(m[1]) : 0, standIn, depth };
  } catch (e) {
    // another user's process, and we run without root (or CAP_SYS_PTRACE):
    // the namespace comes from the kernel with the container's events
    if ((e as NodeJS.ErrnoException).code === "EACCES" || (e as NodeJS.ErrnoException).code === "EPERM") return { pid: chosen, pidNs: 0, standIn, depth };
    return null;
  }
}

/** Paths of a process in each v1 hierarchy, from /proc/<pid>/cgroup. */
export function procCgroupPaths(pid: number, procRoot = "/proc"): string[] {
  try {
    return readFileSync(join(procRoot, String(pid), "cgroup"), "utf8")
      .split("\n")
      .map((l) => l.slice(l.indexOf(":", l.indexOf(":") + 1) + 1))
      .filter(Boolean);
  } catch {
    return [];
  }
}
