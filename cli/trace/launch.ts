/**
 * `swoll trace -- COMMAND`: the command is started held, stopped just
 * before its execve, so that the probe can be attached and the process
 * selected first; released, its first traced call is the execve of the
 * command. The holder (ffi/hold.c, carried inside swoll) stops itself
 * (SIGSTOP) and, once continued, execs the command with its own argv[0]
 * and swoll's environment, as strace does: the stop happens inside a call
 * that entered before the process was selected, so neither the stream nor
 * the counters see anything of the holder but that execve. Where the
 * holder cannot run (vm.memfd_noexec=2), a one-line shell holds the
 * command instead, whose argv[0] is then its resolved path.
 */
import { accessSync, closeSync, constants, readFileSync, statSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { UsageError } from "../errors";
import type { DropTarget } from "../privileges";
import { INHERITED_FDS } from "./inherited-fds";
import { holderExecutable } from "../../ffi/embedded";

/** The fallback holder, a shell: stop, then exec the command ($0 is its path, and its argv[0]). */
const HOLD = 'kill -STOP $$; exec "$0" "$@"';

export interface LaunchOptions {
  /** Run as this user (-u); null: as swoll's caller (root when swoll runs as root). */
  user: DropTarget | null;
}

export interface HeldCommand {
  readonly pid: number;
  /** The executable the command resolved to (its execve's path). */
  readonly path: string;
  /** Resolves with the command's exit status: its code, or 128 + the signal that killed it. */
  readonly status: Promise<number>;
  /** Whether it has exited (status resolved). */
  readonly exited: boolean;
  /** Wait (bounded) until the holding shell has stopped itself, then continue it: it execs the command. */
  release(): Promise<void>;
  /** Kill a command that was never released (swoll failed before attaching). */
  abandon(): void;
}

/** COMMAND as strace finds it: a path with a slash as given, else the first match on $PATH. */
export function resolveCommand(name: string, path = process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin"): string {
  if (name === "") throw new UsageError("empty command after --; name the program to run, e.g. swoll trace -- ls -l");
  const candidates = name.includes("/") ? [name] : path.split(":").map((d) => `${d || "."}/${name}`);
  for (const c of candidates) {
    try {
      if (!statSync(c).isFile()) continue;
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here: the next directory
    }
  }
  if (name.includes("/")) throw new UsageError(`cannot run '${name}': no such executable file; check the path`, 127);
  throw new UsageError(`command not found: '${name}' is not on $PATH; give its path, e.g. swoll trace -- ./${name}`, 127);
}

/** Start `argv` held before its execve; the caller attaches the probe, selects `pid`, then releases it. */
export function launchHeld(argv: string[], opts: LaunchOptions): HeldCommand {
  const path = resolveCommand(argv[0]!);
  const holder = findHolder();
  const hold = holder ? [holder.path, String(holder.fd), path, ...argv] : ["/bin/sh", "-c", HOLD, path, ...argv.slice(1)];
  // the holder's memory file reaches it at its own number; it closes it before the execve
  const fds = holder && holder.fd >= 0 ? [...INHERITED_FDS, holder.fd] : INHERITED_FDS;
  const closeHolder = () => {
    if (holder && holder.fd >= 0) {
      try {
        closeSync(holder.fd);
      } catch {
        // closed already
      }
    }
  };
  // -u: the user's uid, gid and supplementary groups (strace's initgroups), set before the
  // holding shell starts; without util-linux's setpriv, uid and gid only
  const setpriv = opts.user ? findSetpriv() : null;
  const child = Bun.spawn(setpriv ? [setpriv, `--reuid=${opts.user!.uid}`, `--regid=${opts.user!.gid}`, ...groupsFlag(opts.user!.name), "--", ...hold] : hold, {
    stdio: commandStdio(fds),
    ...(opts.user && !setpriv ? { uid: opts.user.uid, gid: opts.user.gid } : {}),
  });
  // the child has exec'd the holder, which holds its own reference
  closeHolder();
  let exited = false;
  const status = child.exited.then((code) => {
    exited = true;
    const sig = child.signalCode ? signalNumber(String(child.signalCode)) : 0;
    return sig ? 128 + sig : code;
  });
  let released = false;
  return {
    pid: child.pid,
    path,
    status,
    get exited() {
      return exited;
    },
    async release() {
      const end = performance.now() + 5000;
      while (!exited && stateOf(child.pid) !== "T") {
        if (performance.now() > end) throw new UsageError(`the command (pid ${child.pid}) did not reach its start within 5 s; nothing was run`, 1);
        await Bun.sleep(1);
      }
      released = true;
      if (!exited) process.kill(child.pid, "SIGCONT");
    },
    abandon() {
      if (!released && !exited) child.kill("SIGKILL");
    },
  };
}

/**
 * The command's descriptors: stdio, and those swoll was started with at
 * their own numbers ("ignore" leaves the others closed).
 */
export function commandStdio(inherited: readonly number[]): ["inherit", "inherit", "inherit", ...("ignore" | number)[]] {
  const stdio: ["inherit", "inherit", "inherit", ...("ignore" | number)[]] = ["inherit", "inherit", "inherit"];
  for (const fd of inherited) {
    while (stdio.length < fd) stdio.push("ignore");
    stdio[fd] = fd;
  }
  return stdio;
}

/** The compiled-in holder, or null where it cannot be executed (the shell holds the command then). */
function findHolder(): { path: string; fd: number } | null {
  try {
    return holderExecutable();
  } catch {
    return null;
  }
}

/** The one-letter state of a process (R, S, T…), or "" once it is gone. */
function stateOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return "";
  }
}

function signalNumber(name: string): number {
  return (osConstants.signals as Record<string, number>)[name] ?? 0;
}

function findSetpriv(): string | null {
  try {
    return resolveCommand("setpriv", "/usr/bin:/bin:/usr/sbin:/sbin");
  } catch {
    return null;
  }
}

/** --init-groups for a user in /etc/passwd; a bare uid gets no supplementary groups. */
function groupsFlag(name: string): string[] {
  return /^\d+(:\d+)?$/.test(name) ? ["--clear-groups"] : ["--init-groups"];
}
