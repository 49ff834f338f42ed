/** Writing learned profiles: one per workload, each with its per-syscall coverage over the replicas. */
import { join } from "node:path";
import { stringify } from "yaml";
import type { SyscallTable } from "../decode/syscalls";
import { escapeForTerminal } from "../decode/strings";
import { UsageError } from "../errors";
import { buildProfile, spoResource, type OciSeccompProfile, type Provenance } from "./profile";
import type { Member, Workload } from "./workloads";
import { RUNTIME_AFTER_FILTER } from "./runtime-calls";
import { coveragePath, type ProfileFiles } from "./files";

export interface OutputOptions {
  table: SyscallTable;
  base: OciSeccompProfile | null;
  prov: Provenance;
  format: "oci" | "spo";
  write: string | null;
  writeDir: string | null;
  /** The files, opened before the drop (ProfileFiles.open). */
  files: ProfileFiles;
}

/** Syscall name → "seen in k of n replicas", for the names any replica made. */
export function coverage(w: Workload, table: SyscallTable): { replicas: number; syscalls: Record<string, string>; names: string[] } {
  const seen = new Map<string, number>();
  for (const m of w.members)
    for (const nr of m.cgroup.nrs) {
      const name = table.byNr(nr)?.name;
      if (name) seen.set(name, (seen.get(name) ?? 0) + 1);
    }
  const n = w.members.length;
  const names = [...seen.keys()].sort();
  return { replicas: n, names, syscalls: Object.fromEntries(names.map((s) => [s, `${seen.get(s)}/${n}`])) };
}

/** How a workload is named on the terminal (cgroup and pod names are anyone's bytes: escaped). */
function label(w: Workload): string {
  const e = (s: string | null) => escapeForTerminal(s ?? "", false);
  if (w.kind === "Container") return `container ${e(w.name.slice(0, 12))}`;
  if (w.kind === "Cgroup") return `cgroup ${e(w.name)}`;
  return `${e(w.namespace)}/${w.kind.toLowerCase()}/${e(w.name)} container ${e(w.container)}`;
}

/** The line printed when a selected container is first seen (and named) while recording. */
export function recordingLine(m: Member): string {
  const e = (s: string | null | undefined) => escapeForTerminal(s ?? "", false);
  if (m.pod && m.meta?.name) return `swoll: recording ${e(m.pod.metadata?.namespace)}/${e(m.pod.metadata?.name)} container ${e(m.meta.name)}\n`;
  if (m.containerId) return `swoll: recording container ${e(m.containerId.slice(0, 12))} (cgroup ${e(m.path)})\n`;
  return `swoll: recording cgroup ${e(m.path)}\n`;
}

/** The calls the profile allows: what the replicas made, and the runtime's own when no replica ran under a filter. */
export function profileNames(w: Workload, table: SyscallTable): { names: string[]; addedRuntime: boolean } {
  const names = new Set(coverage(w, table).names);
  const addedRuntime = w.members.some((m) => !m.cgroup.filterSeen);
  if (addedRuntime) for (const n of RUNTIME_AFTER_FILTER) if (table.byName(n)) names.add(n);
  return { names: [...names].sort(), addedRuntime };
}

function render(w: Workload, o: OutputOptions): { text: string; cov: ReturnType<typeof coverage> } {
  const cov = coverage(w, o.table);
  const profile = buildProfile(profileNames(w, o.table).names, { arch: o.table.arch, base: o.base });
  if (o.format === "oci") return { text: JSON.stringify(profile, null, 2) + "\n", cov };
  const name = w.key.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 253);
  return { text: stringify(spoResource(name, w.namespace, profile, o.prov, cov.syscalls)), cov };
}

/** Writes the profiles; returns the exit code. */
export function writeProfiles(workloads: Workload[], o: OutputOptions): number {
  const list = workloads.map((w) => `  ${label(w)} (${w.members.length} replica${w.members.length === 1 ? "" : "s"})`).join("\n");
  if (!o.writeDir && workloads.length > 1)
    throw new UsageError(`${workloads.length} workloads were recorded; use --write-dir DIR for one file each, or narrow the selection:\n${list}`);
  const ext = o.format === "oci" ? "json" : "yaml";
  for (const w of workloads) {
    const { text, cov } = render(w, o);
    const file = o.writeDir ? join(o.writeDir, `${w.key}.${ext}`) : o.write;
    if (!file) {
      process.stdout.write(text);
    } else {
      o.files.write(file, text);
      // coverage stays out of the profile: runtimes read it, and JSON has no comments
      if (o.format === "oci") o.files.write(coveragePath(file), JSON.stringify({ workload: label(w), replicas: cov.replicas, syscalls: cov.syscalls }, null, 2) + "\n");
    }
    process.stderr.write(`swoll: ${label(w)}: ${cov.names.length} syscalls over ${cov.replicas} replica${cov.replicas === 1 ? "" : "s"}${file ? ` -> ${file}` : ""}\n`);
  }
  return 0;
}
