/**
 * A Trace's status as the controller writes it (the original's fields plus
 * observedGeneration and conditions), and how a Job's status maps onto it:
 * Pending (no pod running yet) → Running → Complete (the Job's swoll ended
 * after spec.duration) or Failed (invalid spec, or the Job failed).
 */
import type { Obj } from "./client";

export type TraceState = "Pending" | "Running" | "Complete" | "Failed";

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface TraceStatus {
  state: TraceState;
  job?: string;
  startTime?: string;
  completionTime?: string;
  observedGeneration: number;
  conditions: Condition[];
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

export function jobState(job: Obj | undefined): { state: TraceState; reason: string; message: string } {
  if (!job) return { state: "Pending", reason: "JobCreated", message: "waiting for the Job" };
  const cond = (t: string) => (job.status?.conditions ?? []).find((c: Obj) => c.type === t && c.status === "True");
  const failed = cond("Failed");
  if (failed) return { state: "Failed", reason: "JobFailed", message: `Job ${job.metadata.name} failed: ${failed.message ?? failed.reason ?? "its pod failed"}` };
  if (cond("Complete")) return { state: "Complete", reason: "Completed", message: `Job ${job.metadata.name} completed` };
  if ((job.status?.active ?? 0) > 0) return { state: "Running", reason: "JobRunning", message: `Job ${job.metadata.name} is running` };
  return { state: "Pending", reason: "JobPending", message: `Job ${job.metadata.name} has no running pod yet` };
}

/** Keeps lastTransitionTime of a condition whose status did not change. */
export function setCondition(previous: Condition[] | undefined, c: Condition): Condition[] {
  const old = previous?.find((p) => p.type === c.type);
  const merged = { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now() };
  return [...(previous ?? []).filter((p) => p.type !== c.type), merged].sort((a, b) => a.type.localeCompare(b.type));
}

/** Equal but for timestamps of unchanged conditions: no write needed. */
export function sameStatus(a: Obj | undefined, b: TraceStatus): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b);
}
