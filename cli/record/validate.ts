/**
 * What a recording's JSON chunks must hold before the reader uses them. A
 * recording is a file anyone may hand over: a field of the wrong type must
 * end the replay with one line naming it, not with a TypeError, and no
 * value may reach the decoder or a terminal in a shape it does not expect.
 */
import { EVENT } from "../decode/layout";
import type { ContainerInfo } from "../decode/event";
import { LOST_CAUSE_TEXT, type LostReport } from "../trace/loss";
import { RecordingError, type MetaChunk, type RecordingHeader } from "./format";

type Obj = Record<string, unknown>;

const isObject = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
const isTime = (x: unknown): x is string => typeof x === "string" && x.length <= 40 && !Number.isNaN(Date.parse(x));

function corrupt(what: string, field: string, why: string): RecordingError {
  return new RecordingError(`its ${what} has ${field} ${why}: the file is corrupt`);
}

/** The header's fields that reading depends on; `path` names the file in the messages that existed before this check. */
export function checkHeader(x: unknown, path: string): RecordingHeader {
  if (!isObject(x) || x.format !== "swoll-recording") throw new RecordingError(`${path} is not a swoll recording (format '${String(isObject(x) ? x.format : undefined)}')`);
  if (x.arch !== "x86_64" && x.arch !== "aarch64") throw new RecordingError(`${path} was recorded on an architecture swoll cannot decode (${String(x.arch)})`);
  const bad = (field: string, why: string) => new RecordingError(`${path}: its header has ${field} ${why}: the file is corrupt`);
  const layout = x.layout;
  if (!isObject(layout)) throw bad("a layout", "that is not an object");
  // offsets inside one record: the largest record the probe makes is the event plus its capture budget
  for (const [k, v] of Object.entries(layout)) if (!isCount(v) || v > 1 << 16) throw bad(`layout.${k.slice(0, 40)}`, "out of range");
  if (!isCount(layout.size) || layout.size < EVENT.kind + 2) throw bad("layout.size", "out of range");
  if (typeof x.realtimeOffsetNs !== "string" || !/^-?\d{1,20}$/.test(x.realtimeOffsetNs)) throw bad("realtimeOffsetNs", "that is not a decimal integer");
  if (x.strsize !== undefined && (!isCount(x.strsize) || x.strsize > 1 << 16)) throw bad("strsize", "out of range");
  for (const k of ["node", "kernel", "timeZone"] as const) if (x[k] !== undefined && typeof x[k] !== "string") throw bad(k, "that is not a string");
  if (x.startedAt !== undefined && !isTime(x.startedAt)) throw bad("startedAt", "that is not a time");
  return x as unknown as RecordingHeader;
}

const CONTAINER_STRINGS = ["id", "pod", "name", "image", "namespace", "pod-uid", "image-id"] as const;

function checkContainer(c: unknown): ContainerInfo | null {
  if (c === null) return null;
  if (!isObject(c) || typeof c.id !== "string") throw corrupt("metadata", "a container", "without an id");
  for (const k of CONTAINER_STRINGS) if (c[k] !== undefined && c[k] !== null && typeof c[k] !== "string") throw corrupt("metadata", `container.${k}`, "that is not a string");
  for (const k of ["pid", "pid-namespace"] as const) if (c[k] !== undefined && c[k] !== null && !isCount(c[k])) throw corrupt("metadata", `container.${k}`, "that is not a count");
  const labels = c.labels;
  if (labels !== undefined && labels !== null && (!isObject(labels) || Object.values(labels).some((v) => typeof v !== "string"))) throw corrupt("metadata", "container.labels", "that are not strings");
  return c as unknown as ContainerInfo;
}

export function checkMeta(x: unknown): MetaChunk {
  if (!isObject(x)) throw corrupt("metadata", "a record", "that is not an object");
  if (!isCount(x.cgroupId)) throw corrupt("metadata", "cgroupId", "that is not a count");
  if (x.pid !== undefined && !isCount(x.pid)) throw corrupt("metadata", "pid", "that is not a count");
  checkContainer(x.container);
  return x as unknown as MetaChunk;
}

export function checkLost(x: unknown): LostReport {
  if (!isObject(x)) throw corrupt("loss record", "a record", "that is not an object");
  if (typeof x.cause !== "string" || !Object.hasOwn(LOST_CAUSE_TEXT, x.cause)) throw corrupt("loss record", "a cause", "swoll does not know");
  if (!isCount(x.count)) throw corrupt("loss record", "a count", "that is not a count");
  if (!isTime(x.from) || !isTime(x.to)) throw corrupt("loss record", "a window", "that is not two times");
  return x as unknown as LostReport;
}

export interface RecordingSummary {
  events: number;
  lost: Record<string, number>;
  stopped: string;
  endedAt: string;
}

export function checkSummary(x: unknown): RecordingSummary {
  if (!isObject(x)) throw corrupt("end record", "a summary", "that is not an object");
  if (!isCount(x.events)) throw corrupt("end record", "events", "that is not a count");
  if (!isObject(x.lost) || Object.values(x.lost).some((v) => !isCount(v))) throw corrupt("end record", "lost", "that are not counts");
  return x as unknown as RecordingSummary;
}
