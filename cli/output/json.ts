/**
 * NDJSON: one bare event object per line with the seed's field names.
 * Hand-assembled because this is the hot path: the constant parts are
 * cached, and only kernel-supplied strings go through JSON.stringify.
 */
import type { TraceEvent } from "../decode/event";
import type { LostReport } from "../trace/loss";
import type { LineSink } from "./sink";
import { threads } from "../decode/thread-cache";

/** By the decoder's per-syscall object (numbers alone would mix up architectures). */
const syscallJsonCache = new WeakMap<TraceEvent["syscall"], string>();

/** Characters JSON.stringify leaves raw that a terminal could act on. */
const UNSAFE = /[\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]/g;

export function safeJson(value: unknown): string {
  const s = JSON.stringify(value);
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s) ? s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : s;
}

/** `{"syscall":{…},`: how every line starts. */
export function syscallHead(syscall: TraceEvent["syscall"]): string {
  return `{"syscall":${JSON.stringify(syscall)},`;
}

function syscallJson(e: TraceEvent): string {
  let s = syscallJsonCache.get(e.syscall);
  if (s === undefined) {
    s = syscallHead(e.syscall);
    syscallJsonCache.set(e.syscall, s);
  }
  return s;
}

/**
 * The fields that describe who made the call, as JSON, kept in the
 * thread's slot of the one per-thread cache and reused while every value
 * still matches (the container by identity: the attributor hands out one
 * object per container).
 */
interface Identity {
  e: Pick<TraceEvent, "pid" | "tid" | "uid" | "gid" | "comm" | "session" | "container" | "pid_ns" | "uts_ns" | "mount_ns" | "pid_in_ns" | "tid_in_ns">;
  head: string;
  ns: string;
}

type IdentityFields = Identity["e"];

/** `"pid":…,"tid":…,…,"container":…,`: who made the call, up to the result. */
export function identityHead(e: IdentityFields): string {
  return `"pid":${e.pid},"tid":${e.tid},"uid":${e.uid},"gid":${e.gid},"comm":${safeJson(e.comm)},"session":${e.session},"container":${e.container ? safeJson(e.container) : "null"},`;
}

/** `"pid_ns":…,"uts_ns":…,"mount_ns":…,` (and the ids inside the pid namespace when known): between the result and the times. */
export function identityNs(e: IdentityFields): string {
  return `"pid_ns":${e.pid_ns},"uts_ns":${e.uts_ns},"mount_ns":${e.mount_ns},${e.pid_in_ns ? `"pid_in_ns":${e.pid_in_ns},"tid_in_ns":${e.tid_in_ns ?? 0},` : ""}`;
}

function identity(e: TraceEvent): Identity {
  const slot = threads.slot(e.tid);
  const c = threads.rendered[slot] as Identity | undefined;
  if (
    c !== undefined && c.e.tid === e.tid && c.e.pid === e.pid && c.e.comm === e.comm && c.e.uid === e.uid && c.e.gid === e.gid &&
    c.e.session === e.session && c.e.container === e.container && c.e.pid_ns === e.pid_ns && c.e.uts_ns === e.uts_ns && c.e.mount_ns === e.mount_ns &&
    c.e.pid_in_ns === e.pid_in_ns && c.e.tid_in_ns === e.tid_in_ns
  )
    return c;
  const f: IdentityFields = { pid: e.pid, tid: e.tid, uid: e.uid, gid: e.gid, comm: e.comm, session: e.session, container: e.container, pid_ns: e.pid_ns, uts_ns: e.uts_ns, mount_ns: e.mount_ns, pid_in_ns: e.pid_in_ns, tid_in_ns: e.tid_in_ns };
  const fresh: Identity = { e: f, head: identityHead(f), ns: identityNs(f) };
  threads.rendered[slot] = fresh;
  return fresh;
}

/** The part between the identity and the namespaces. */
function resultJson(e: TraceEvent): string {
  const r = typeof e.return === "string" ? `"${e.return}"` : e.return;
  return `"error":${e.error === null ? "null" : `"${e.error}"`},"return":${r},`;
}

/** Everything after the namespaces. */
function tailJson(e: TraceEvent): string {
  return (
    `"start":${e.start},"finish":${e.finish},` +
    `"time":"${e.time}","cgroup_id":${e.cgroup_id},"args":${argsJson(e.args)}` +
    (e.truncated ? `,"truncated":${JSON.stringify(e.truncated)}` : "") +
    (e.fds ? `,"fds":${safeJson(e.fds)}}` : "}")
  );
}

export function eventToJson(e: TraceEvent): string {
  const id = identity(e);
  return syscallJson(e) + id.head + resultJson(e) + id.ns + tailJson(e);
}

/**
 * The same line as eventToJson, into the sink, which encodes its lines
 * into one reused buffer (no per-line bytes are allocated).
 */
export function writeEventJson(e: TraceEvent, sink: LineSink): void {
  sink.push(eventToJson(e), true);
}

function argsJson(args: Record<string, unknown>): string {
  for (const _ in args) return safeJson(args);
  return "{}";
}

export function lostToJson(l: LostReport): string {
  return JSON.stringify({ type: "lost", cause: l.cause, count: l.count, from: l.from, to: l.to });
}
