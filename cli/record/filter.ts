/** trace's selection flags, applied to recorded events (no kernel, no API server: the recorded metadata decides). */
import type { TraceEvent } from "../decode/event";
import { podNameMatches } from "../k8s/pods";
import { matchesLabels, parseLabelSelector } from "../k8s/selectors";

export interface OfflineSelection {
  syscalls: Set<number> | null;
  pids: Set<number> | null;
  comms: Set<string> | null;
  pods: string[];
  /** null: every namespace. */
  namespace: string | null;
  containers: string[];
  selector: string | null;
}

export function offlineFilter(sel: OfflineSelection): (e: TraceEvent) => boolean {
  const labels = sel.selector !== null ? parseLabelSelector(sel.selector) : null;
  const byPod = sel.pods.length > 0 || sel.namespace !== null || sel.containers.length > 0 || labels !== null;
  return (e) => {
    if (sel.syscalls && !sel.syscalls.has(e.syscall.nr)) return false;
    if (sel.pids && !sel.pids.has(e.pid)) return false;
    if (sel.comms && !sel.comms.has(e.comm)) return false;
    if (!byPod) return true;
    const c = e.container;
    if (!c || c.pod === null) return false;
    if (sel.namespace !== null && c.namespace !== sel.namespace) return false;
    if (sel.pods.length > 0 && !sel.pods.some((p) => podNameMatches(p, c.pod!))) return false;
    if (sel.containers.length > 0 && (c.name === null || !sel.containers.includes(c.name))) return false;
    return labels === null || matchesLabels(labels, c.labels);
  };
}
