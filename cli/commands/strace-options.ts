/**
 * The flags strace users reach for first, on `swoll trace` (and the
 * result filters on `top`): result filters, -P/--fd, -e trace=/status=,
 * -c/-C, the timing flags, and running a command (-u, --no-follow, -w).
 */
import type { Command } from "commander";
import { errnoByName } from "../decode/errno";
import { UsageError } from "../errors";
import { collectList, selectionList } from "../options";
import type { TimingFlags } from "../output/text";

export interface ResultFlags {
  failed?: boolean;
  successful?: boolean;
  errno?: string[];
  /** strace's -e expressions (commander names a short-only flag by its letter). */
  e?: string[];
}

export interface StraceFlags extends ResultFlags {
  follow: boolean;
  user?: string;
  write?: string;
  tracePath?: string[];
  fd?: string[];
  summary?: boolean;
  summaryWithTrace?: boolean;
  summaryBy?: string;
  absoluteTimestamps: number;
  relativeTimestamps?: boolean;
  syscallTimes?: boolean;
  decodeFds?: number;
}

const count = (_: string, previous: number) => previous + 1;

/** -Z, -z, --errno and -e: what `trace` and `top` share. */
export function addResultOptions(cmd: Command): Command {
  return cmd
    .option("-Z, --failed", "only calls that returned an error (decided in the kernel)")
    .option("-z, --successful", "only calls that did not return an error (decided in the kernel)")
    .option("--errno <names>", "only calls that failed with these errors: ENOENT,EACCES", selectionList("--errno", "ENOENT"))
    .option("-e <expr>", "strace's spellings: trace=SET (as -s), status=failed or status=successful", (v: string, prev: string[] = []) => prev.concat(v));
}

export function addStraceOptions(cmd: Command): Command {
  return addResultOptions(cmd)
    .option("-P, --trace-path <path>", "only calls naming this path, or using a file descriptor opened with it (matched in user space)", collectList)
    .option("--fd <n>", "only calls whose file descriptor argument is n (matched in user space)", selectionList("--fd", "3"))
    .option("-c, --summary", "count instead of printing calls: at exit, strace's -c table (% time, seconds, usecs/call, calls, errors) from the kernel's counters")
    .option("-C, --summary-with-trace", "print the calls and, at exit, the -c table")
    .option("--summary-by <what>", "with -c or -C: one table per pod (container) instead of one: syscall or pod", "syscall")
    .option("-t, --absolute-timestamps", "time of day before each line: -t seconds, -tt microseconds, -ttt seconds since the epoch (UTC)", count, 0)
    .option("-r, --relative-timestamps", "before each line, the time since the previous line's call began")
    .option("-T, --syscall-times", "after each line, the time spent in the call")
    .option("-y, --decode-fds", "after each file descriptor, what it refers to: 3</etc/hostname>, 5<pipe:[82]>; -yy: sockets by protocol and address, 4<TCP:[127.0.0.1:45670->127.0.0.1:8080]> (JSON: the event's fds); swoll stays uid 0 with only CAP_SYS_PTRACE, to read /proc/PID/fd, unless --drop-user is given", count, 0)
    .option("-u, --user <name>", "with -- COMMAND: run the command as this user (a name, uid or uid:gid); default: as the caller, root when swoll runs as root")
    .option("--no-follow", "with -- COMMAND or -p: trace only those processes, not the children they fork")
    .option("-w, --write <file>", "write the trace (and -c's table) to this file instead of stdout (stderr with -- COMMAND)");
}

export interface ResultChoice {
  /** The kernel's result filter. */
  result: "any" | "failed" | "ok";
  /** --errno names, checked; null: any. */
  errnos: Set<string> | null;
  /** Syscall selection from -e trace=…, added to -s. */
  syscalls: string[];
}

/** -Z/-z/--errno/-e → one result filter; contradictions are errors. */
export function parseResultFlags(f: ResultFlags): ResultChoice {
  const syscalls: string[] = [];
  let failed = !!f.failed;
  let ok = !!f.successful;
  for (const e of f.e ?? []) {
    const m = /^(?:(\w+)=)?(.*)$/s.exec(e.trim())!;
    const qualifier = m[1] ?? "trace";
    const value = m[2]!;
    if (qualifier === "trace" || qualifier === "t") {
      const items = value.split(",").map((s) => s.trim());
      if (items.some((s) => s === "")) throw new UsageError(`empty entry in -e '${e}'; name syscalls, e.g. -e trace=openat,%file`);
      syscalls.push(...items);
    } else if (qualifier === "status") {
      for (const s of value.split(",").map((x) => x.trim())) {
        if (s === "failed") failed = true;
        else if (s === "successful") ok = true;
        else throw new UsageError(`-e status=${s} is not supported; use -e status=failed (-Z) or -e status=successful (-z)`);
      }
    } else throw new UsageError(`-e ${qualifier}= has no swoll equivalent; swoll takes -e trace=SET and -e status=failed|successful (see "For strace users" in the README)`);
  }
  const errnos = f.errno?.length ? new Set(f.errno.map((n) => n.toUpperCase())) : null;
  for (const n of errnos ?? []) if (errnoByName(n) === undefined) throw new UsageError(`unknown errno '${n}' in --errno; use names such as ENOENT,EACCES,EAGAIN`);
  if (failed && ok) throw new UsageError("-Z/--failed and -z/--successful select nothing together; pick one");
  if (errnos && ok) throw new UsageError("--errno selects failed calls; it does not combine with -z/--successful");
  return { result: failed || errnos ? "failed" : ok ? "ok" : "any", errnos, syscalls };
}

/** Whether a counter with this errno (0: success) passes the result filter. */
export function keepsErrno(r: ResultChoice): (errno: number) => boolean {
  const wanted = r.errnos ? new Set([...r.errnos].map((n) => errnoByName(n)!)) : null;
  return (errno) => (r.result === "failed" ? errno !== 0 : r.result === "ok" ? errno === 0 : true) && (wanted === null || wanted.has(errno));
}

export interface StraceChoice extends ResultChoice {
  paths: string[] | null;
  fds: Set<number> | null;
  /** -c: count only; -C: trace and count; null: trace. */
  summary: "only" | "also" | null;
  summaryBy: "syscall" | "pod";
  timing: TimingFlags;
  /** -y: 1, -yy: 2, else 0. */
  decodeFds: 0 | 1 | 2;
}

export function parseStraceFlags(f: StraceFlags): StraceChoice {
  const r = parseResultFlags(f);
  const fds = f.fd?.length
    ? new Set(
        f.fd.map((v) => {
          if (!/^\d+$/.test(v) || Number(v) > 2 ** 31 - 1) throw new UsageError(`invalid --fd '${v}'; use a file descriptor number such as --fd 3`);
          return Number(v);
        }),
      )
    : null;
  for (const p of f.tracePath ?? []) if (p === "") throw new UsageError("empty -P/--trace-path; name a path such as -P /etc/hosts");
  if (f.summary && f.summaryWithTrace) throw new UsageError("-c prints only the table and -C the calls and the table; pick one");
  if (f.summaryBy !== "syscall" && f.summaryBy !== "pod") throw new UsageError(`invalid --summary-by '${f.summaryBy}'; use syscall or pod`);
  if (f.summaryBy === "pod" && !f.summary && !f.summaryWithTrace) throw new UsageError("--summary-by pod shapes the -c table; add -c or -C");
  if (f.absoluteTimestamps > 3) throw new UsageError("-t takes at most three: -t, -tt or -ttt");
  if ((f.decodeFds ?? 0) > 2) throw new UsageError("-y takes at most two: -y (paths) or -yy (and sockets' addresses)");
  return {
    ...r,
    paths: f.tracePath?.length ? f.tracePath : null,
    fds,
    summary: f.summary ? "only" : f.summaryWithTrace ? "also" : null,
    summaryBy: f.summaryBy,
    timing: { absolute: f.absoluteTimestamps, relative: !!f.relativeTimestamps, inCall: !!f.syscallTimes },
    decodeFds: Math.min(f.decodeFds ?? 0, 2) as 0 | 1 | 2,
  };
}
