/**
 * Names of what the controller makes for a Trace. Label values (and Job
 * names, which become pod labels) are at most 63 characters: a longer
 * value keeps its first 52 characters, then '-' and the first 10 hex
 * digits of the SHA-256 of the whole value, so two long names that share
 * a prefix still get different values, and the same name always the same.
 */
export const LABEL_JOB = "sw-job";
export const LABEL_NAMESPACE = "sw-namespace";
/** On the Job: namespace/name and uid of its Trace (labels may be cut; annotations are not). */
export const ANNOTATION_TRACE = "tools.swoll.criticalstack.com/trace";
export const ANNOTATION_TRACE_UID = "tools.swoll.criticalstack.com/trace-uid";
export const FINALIZER = "tools.swoll.criticalstack.com/job";

const MAX = 63;

export function labelValue(value: string): string {
  if (value.length <= MAX) return value;
  const hash = new Bun.CryptoHasher("sha256").update(value).digest("hex").slice(0, 10);
  // a label value must end in an alphanumeric; the hash does, the cut part must not end in '-' '.' '_' before the '-'
  return `${value.slice(0, MAX - 11).replace(/[-._]+$/, "")}-${hash}`;
}

/**
 * The Job's name: the Trace's name and namespace (Traces in two namespaces
 * may share a name; their Jobs live in one namespace), cut as a label value.
 */
export function jobName(trace: { namespace: string; name: string }): string {
  return labelValue(`${trace.name}-${trace.namespace}`);
}
