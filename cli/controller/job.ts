/**
 * The batch/v1 Job that runs one Trace: swoll's image, `swoll trace
 * --trace-ref <namespace>/<name> --output payload`, in the agents'
 * namespace, labelled for `kubectl logs -l sw-job=<trace>`. The Job's swoll
 * reads its Trace itself and follows edits of its spec, so the pod
 * template never changes and a running Job is never replaced.
 *
 * The Job is a cluster client: the node agents trace, it reaches them
 * through the API server's pods/portforward and merges their streams. So
 * it loads no BPF and runs unprivileged: a non-root user, every capability
 * dropped, no privilege escalation, a read-only root filesystem (it writes
 * nothing but its log, stdout).
 */
import { ANNOTATION_TRACE, ANNOTATION_TRACE_UID, LABEL_JOB, LABEL_NAMESPACE, jobName, labelValue } from "./naming";
import type { Obj } from "./client";

export interface JobSettings {
  /** The agents' namespace: Jobs live there. */
  namespace: string;
  image: string;
  serviceAccount: string;
  /** Labels of the node agents' pods (in `namespace`). */
  agentSelector: string;
}

/** The Job's user and group: not root (nonroot in distroless images). */
export const JOB_UID = 65532;

export function traceRef(trace: Obj): string {
  return `${trace.metadata.namespace}/${trace.metadata.name}`;
}

export function jobFor(trace: Obj, s: JobSettings): Obj {
  const labels = { [LABEL_JOB]: labelValue(trace.metadata.name), [LABEL_NAMESPACE]: labelValue(trace.metadata.namespace), "app.kubernetes.io/name": "swoll", "app.kubernetes.io/component": "trace-job" };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: jobName(trace.metadata),
      namespace: s.namespace,
      labels,
      annotations: { [ANNOTATION_TRACE]: traceRef(trace), [ANNOTATION_TRACE_UID]: trace.metadata.uid },
    },
    spec: {
      // A failed run is reported on the Trace (state Failed, an Event); a retry would start a second log.
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: s.serviceAccount,
          restartPolicy: "Never",
          securityContext: { runAsNonRoot: true, runAsUser: JOB_UID, runAsGroup: JOB_UID, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "swoll",
              image: s.image,
              imagePullPolicy: "IfNotPresent",
              command: ["/usr/local/bin/swoll"],
              args: ["trace", "--trace-ref", traceRef(trace), "--output", "payload", "--agent-namespace", s.namespace, "--agent-selector", s.agentSelector],
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: JOB_UID, runAsGroup: JOB_UID, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  };
}
