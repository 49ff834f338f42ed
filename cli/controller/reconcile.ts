/**
 * One step of a Trace toward its desired state; running it twice changes
 * nothing. The desired state: a valid Trace has one Job in the agents'
 * namespace (made once; edits reach the running Job's swoll through its
 * --trace-ref watch), a finalizer that deletes the Job when the Trace goes
 * (a Trace in `web` cannot own a Job in `swoll`: the garbage collector
 * only follows owners in the dependent's namespace), and a status that
 * says where it is. Invalid Traces get no Job: status Failed with the
 * reason, and a Warning Event.
 */
import type { SyscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { parseTrace, type Trace } from "../api/spec";
import { ApiStatusError, EVENTS, JOBS, TRACES, type Client, type Obj } from "./client";
import { jobFor, traceRef, type JobSettings } from "./job";
import { ANNOTATION_TRACE_UID, FINALIZER, jobName } from "./naming";
import { jobState, sameStatus, setCondition, type TraceState, type TraceStatus } from "./status";

export interface World {
  trace(key: string): Obj | undefined;
  job(namespace: string, name: string): Obj | undefined;
  /** Agent pods the informer knows (Running ones count). */
  agents(): number;
}

export interface ReconcileResult {
  /** Come back after this long (waiting on something outside the informers' view). */
  requeueAfterMs?: number;
}

/** Why a Trace cannot run, or null. */
export function invalidTrace(trace: Obj, table: SyscallTable): string | null {
  try {
    parseTrace(trace as Trace, table);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return e.message.replace(/^invalid Trace manifest Trace [^:]+: /, "");
  }
  const ns = trace.spec?.fieldSelector?.matchLabels?.["metadata.namespace"];
  if (ns !== undefined && ns !== trace.metadata.namespace)
    return `spec.fieldSelector.matchLabels["metadata.namespace"]: a Trace selects pods of its own namespace (${trace.metadata.namespace}) only, not ${ns}; create the Trace in ${ns}, or use swoll trace --cluster -n ${ns} where RBAC allows it`;
  return null;
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

export class Reconciler {
  constructor(private readonly client: Client, private readonly world: World, private readonly job: JobSettings, private readonly table: SyscallTable, private readonly warn: (m: string) => void) {}

  async reconcile(key: string): Promise<ReconcileResult> {
    const trace = this.world.trace(key);
    if (!trace) return {}; // deleted: its finalizer already removed the Job
    const ns = trace.metadata.namespace as string;
    const name = jobName(trace.metadata);
    const job = this.world.job(this.job.namespace, name);
    const finalizers: string[] = trace.metadata.finalizers ?? [];

    if (trace.metadata.deletionTimestamp) {
      if (!finalizers.includes(FINALIZER)) return {};
      if (job) await this.deleteJob(name);
      await this.client.update(TRACES, ns, { ...trace, metadata: { ...trace.metadata, finalizers: finalizers.filter((f) => f !== FINALIZER) } });
      return {};
    }
    if (!finalizers.includes(FINALIZER)) {
      // The update comes back through the watch, with the next step.
      await this.client.update(TRACES, ns, { ...trace, metadata: { ...trace.metadata, finalizers: [...finalizers, FINALIZER] } });
      return {};
    }

    const problem = invalidTrace(trace, this.table);
    if (problem) {
      if (job) await this.deleteJob(name);
      await this.writeStatus(trace, { state: "Failed", reason: "InvalidSpec", message: problem }, undefined);
      return {};
    }
    if (job && job.metadata.annotations?.[ANNOTATION_TRACE_UID] !== trace.metadata.uid) {
      // A Job left by an earlier Trace of the same name: it goes first.
      await this.deleteJob(name);
      return { requeueAfterMs: 500 };
    }

    const status = trace.status ?? {};
    const sameGeneration = status.observedGeneration === trace.metadata.generation;
    if (!job) {
      // Ended for this generation (its Job removed by hand, say): stays ended.
      const forbidden = status.conditions?.some((c: Obj) => c.type === "Ready" && c.reason === "Forbidden");
      if (sameGeneration && !forbidden && (status.state === "Complete" || (status.state === "Failed" && status.job))) return {};
      try {
        await this.createJob(trace);
      } catch (e) {
        // RBAC refused: say so on the Trace (Failed, an Event) and try again later, when someone may have fixed it.
        if (!(e instanceof ApiStatusError && e.status === 403)) throw e;
        await this.writeStatus(trace, { state: "Failed", reason: "Forbidden", message: `cannot create Job ${this.job.namespace}/${name}: ${e.message.replace(/^POST \S+: /, "")}` }, undefined);
        return { requeueAfterMs: 30_000 };
      }
      await this.writeStatus(trace, { state: "Pending", reason: "JobCreated", message: `created Job ${this.job.namespace}/${name}` }, undefined, name);
      return {};
    }
    const js = jobState(job);
    if (js.state === "Failed" && !sameGeneration && status.state === "Failed") {
      // The spec changed after its Job failed: a new attempt, with a new Job.
      await this.deleteJob(name);
      return { requeueAfterMs: 500 };
    }
    await this.writeStatus(trace, js, job);
    return {};
  }

  private async createJob(trace: Obj): Promise<void> {
    try {
      await this.client.create(JOBS, this.job.namespace, jobFor(trace, this.job));
    } catch (e) {
      if (!(e instanceof ApiStatusError && e.status === 409)) throw e;
      // already made (by an earlier round whose watch event has not arrived)
    }
  }

  private async deleteJob(name: string): Promise<void> {
    try {
      await this.client.delete(JOBS, this.job.namespace, name);
    } catch (e) {
      if (!(e instanceof ApiStatusError && e.status === 404)) throw e;
    }
  }

  private async writeStatus(trace: Obj, s: { state: TraceState; reason: string; message: string }, job: Obj | undefined, created?: string): Promise<void> {
    const prev = trace.status ?? {};
    const agents = this.world.agents();
    let conditions = setCondition(prev.conditions, {
      type: "Ready",
      status: s.state === "Running" ? "True" : s.state === "Failed" ? "False" : s.state === "Complete" ? "False" : "Unknown",
      reason: s.reason,
      message: s.message,
      observedGeneration: trace.metadata.generation,
    });
    if (s.reason !== "InvalidSpec")
      conditions = setCondition(conditions, {
        type: "AgentsAvailable",
        status: agents > 0 ? "True" : "False",
        reason: agents > 0 ? "AgentsRunning" : "NoAgents",
        message: agents > 0 ? `${agents} node agent(s) running in namespace ${this.job.namespace}` : `no running swoll node agent in namespace ${this.job.namespace}: is the DaemonSet deployed there?`,
        observedGeneration: trace.metadata.generation,
      });
    const next: TraceStatus = {
      state: s.state,
      ...(job || created || prev.job ? { job: job?.metadata.name ?? created ?? prev.job } : {}),
      ...(job?.status?.startTime ? { startTime: job.status.startTime } : prev.startTime ? { startTime: prev.startTime } : {}),
      ...(s.state === "Complete" || s.state === "Failed" ? { completionTime: job?.status?.completionTime ?? prev.completionTime ?? now() } : {}),
      observedGeneration: trace.metadata.generation,
      conditions,
    };
    if (sameStatus(prev, next)) return;
    await this.client.updateStatus(TRACES, trace.metadata.namespace, { ...trace, status: next });
    // Events for what went wrong, once per transition (the status update above succeeded).
    if (s.state === "Failed" && (prev.state !== "Failed" || prev.conditions?.find((c: Obj) => c.type === "Ready")?.message !== s.message))
      await this.event(trace, "Warning", s.reason, s.message);
    const hadAgents = prev.conditions?.find((c: Obj) => c.type === "AgentsAvailable")?.status;
    if (s.reason !== "InvalidSpec" && agents === 0 && hadAgents !== "False")
      await this.event(trace, "Warning", "NoAgents", `no running swoll node agent in namespace ${this.job.namespace}; the Job's trace has no node to read from until the DaemonSet runs`);
    if (s.state === "Running" && prev.state !== "Running") await this.event(trace, "Normal", "Started", `Job ${this.job.namespace}/${job!.metadata.name} is running; kubectl logs -l sw-job=${job!.metadata.labels?.["sw-job"]} -n ${this.job.namespace}`);
  }

  async event(trace: Obj, type: "Normal" | "Warning", reason: string, message: string): Promise<void> {
    const t = now();
    try {
      await this.client.create(EVENTS, trace.metadata.namespace, {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name: `${trace.metadata.name}.${Date.now().toString(16)}${Math.random().toString(16).slice(2, 6)}`, namespace: trace.metadata.namespace },
        involvedObject: { apiVersion: "tools.swoll.criticalstack.com/v1alpha1", kind: "Trace", name: trace.metadata.name, namespace: trace.metadata.namespace, uid: trace.metadata.uid, resourceVersion: trace.metadata.resourceVersion },
        reason,
        message,
        type,
        source: { component: "swoll-controller" },
        reportingComponent: "swoll-controller",
        firstTimestamp: t,
        lastTimestamp: t,
        count: 1,
      });
    } catch (e) {
      // An Event is advice: failing to record one must not fail the reconcile.
      this.warn(`cannot record Event ${reason} on Trace ${traceRef(trace)}: ${(e as Error).message}`);
    }
  }
}
