/**
 * Where learned profiles go, opened before swoll gives up root (like
 * tcpdump -Z's -w): the profiles are only known at the end, when swoll
 * runs as --drop-user's user.
 *   -w FILE: FILE (and FILE.coverage.json for OCI) are opened now, as
 *     root, and rewritten through those descriptors at the end.
 *   --write-dir DIR: a descriptor of DIR is kept, so the path to it need
 *     not be searchable by the dropped user; the files are created in it
 *     through /proc/self/fd (a process may always use its own). Creating
 *     files needs write permission on DIR itself: a DIR swoll makes is
 *     given to the dropped user, an existing one must allow that user to
 *     write, or the run is refused now rather than after recording.
 */
import { chownSync, closeSync, constants, existsSync, ftruncateSync, mkdirSync, openSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, join } from "node:path";
import { UsageError } from "../errors";
import type { DropTarget } from "../privileges";

/** The coverage file beside an OCI profile. */
export function coveragePath(profile: string): string {
  return `${profile.replace(/\.json$/, "")}.coverage.json`;
}

/** Whether `target` (no groups, no capabilities) may create files in a directory with this stat. */
function writableBy(st: { uid: number; gid: number; mode: number }, target: DropTarget): boolean {
  const bits = st.uid === target.uid ? (st.mode >> 6) & 7 : st.gid === target.gid ? (st.mode >> 3) & 7 : st.mode & 7;
  return (bits & 3) === 3; // write and search
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off, off);
}

export class ProfileFiles {
  private readonly fds = new Map<string, { fd: number; created: boolean }>();
  private dirFd: number | null = null;

  private constructor(private readonly writeDir: string | null) {}

  /**
   * Open what the run will write; `dropTo` is the user swoll becomes after
   * attaching (null: it stays root). UsageErrors name the path and the fix.
   */
  static open(o: { write: string | null; writeDir: string | null; format: "oci" | "spo"; dropTo: DropTarget | null }): ProfileFiles {
    const files = new ProfileFiles(o.writeDir);
    if (o.write) {
      for (const path of o.format === "oci" ? [o.write, coveragePath(o.write)] : [o.write]) {
        const created = !existsSync(path);
        try {
          // no O_TRUNC: an earlier profile stays until this run has one to write
          files.fds.set(path, { fd: openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o644), created });
        } catch (e) {
          files.close();
          throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; give a writable file with -w`);
        }
      }
    }
    if (o.writeDir) {
      const dir = o.writeDir;
      if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--write-dir ${dir} is not a directory`);
      const made = !existsSync(dir);
      try {
        mkdirSync(dir, { recursive: true, mode: 0o755 });
        // a directory made for this run's output belongs to the user who writes it
        if (made && o.dropTo) chownSync(dir, o.dropTo.uid, o.dropTo.gid);
      } catch (e) {
        throw new UsageError(`cannot create --write-dir ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      if (o.dropTo && !writableBy(statSync(dir), o.dropTo))
        throw new UsageError(`--write-dir ${dir} is not writable by ${o.dropTo.name}, the user swoll runs as once attached; give a new directory (swoll creates it) or one ${o.dropTo.name} may write, or pass --no-drop-user`);
      files.dirFd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    }
    return files;
  }

  /** Write one file of the run: a path given to -w (or its coverage file), or a name in --write-dir. */
  write(path: string, text: string): void {
    const held = this.fds.get(path);
    if (held) {
      ftruncateSync(held.fd, 0);
      writeAll(held.fd, text);
      held.created = false;
      return;
    }
    if (this.dirFd !== null && this.writeDir !== null && path === join(this.writeDir, basename(path))) {
      const fd = openSync(`/proc/self/fd/${this.dirFd}/${basename(path)}`, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
      try {
        writeAll(fd, text);
      } finally {
        closeSync(fd);
      }
      return;
    }
    throw new Error(`internal error: ${path} was not opened before the drop`);
  }

  /**
   * Nothing was written: remove the empty files this run created, where
   * the user it runs as may; returns those it could not (a directory only
   * root may change), which stay empty.
   */
  discard(): string[] {
    const left: string[] = [];
    for (const [path, f] of this.fds)
      if (f.created)
        try {
          unlinkSync(path);
        } catch {
          left.push(path);
        }
    this.close();
    return left;
  }

  close(): void {
    for (const f of this.fds.values()) closeSync(f.fd);
    this.fds.clear();
    if (this.dirFd !== null) closeSync(this.dirFd);
    this.dirFd = null;
  }
}
