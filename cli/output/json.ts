/**
 * NDJSON: one bare event object per line with the seed's field names.
 * Hand-assembled because this is the hot path: the constant parts are
 * cached, and only kernel-supplied strings go through JSON.stringify.
 */
import type { TraceEvent } from "../decode/event";
import type { LostReport } from "../trace/loss";

const syscallJsonCache = new Map<number, string>();

/** Characters JSON.stringify leaves raw that a terminal could act on. */
const UNSAFE = /[\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]/g;

export function safeJson(value: unknown): string {
  const s = JSON.stringify(value);
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s) ? s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : s;
}

function syscallJson(e: TraceEvent): string {
  let s = syscallJsonCache.get(e.syscall.nr);
  if (s === undefined) {
    s = JSON.stringify(e.syscall);
    syscallJsonCache.set(e.syscall.nr, s);
  }
  return s;
}

export function eventToJson(e: TraceEvent): string {
  return (
    `{"syscall":${syscallJson(e)},"pid":${e.pid},"tid":${e.tid},"uid":${e.uid},"gid":${e.gid},` +
    `"comm":${safeJson(e.comm)},"session":${e.session},"container":${e.container ? safeJson(e.container) : "null"},` +
    `"error":${e.error === null ? "null" : `"${e.error}"`},"return":${e.return},` +
    `"pid_ns":${e.pid_ns},"uts_ns":${e.uts_ns},"mount_ns":${e.mount_ns},"start":${e.start},"finish":${e.finish},` +
    `"time":"${e.time}","cgroup_id":${e.cgroup_id},"args":${safeJson(e.args)}` +
    (e.truncated ? `,"truncated":${JSON.stringify(e.truncated)}}` : "}")
  );
}

export function lostToJson(l: LostReport): string {
  return JSON.stringify({ type: "lost", cause: l.cause, count: l.count, from: l.from, to: l.to });
}
