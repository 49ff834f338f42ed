/**
 * Prometheus text exposition format 0.0.4: HELP and TYPE once per family,
 * escaped label values and help text, one line per series.
 */
import { LABELS, type Series } from "./series";

export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

export function escapeHelp(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

export function formatValue(v: number | bigint): string {
  if (typeof v === "bigint") return v.toString();
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

type LabelPairs = readonly (readonly [string, string])[];

export function formatLabels(pairs: LabelPairs): string {
  return pairs.length ? `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}` : "";
}

/** Collects families; each family is announced once, in the order added. */
export class Exposition {
  private readonly lines: string[] = [];
  private readonly families = new Set<string>();

  family(name: string, type: "counter" | "gauge" | "histogram", help: string): this {
    if (this.families.has(name)) throw new Error(`metric family ${name} declared twice`);
    this.families.add(name);
    this.lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
    return this;
  }

  sample(name: string, labels: LabelPairs, value: number | bigint): this {
    this.lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
    return this;
  }

  /**
   * A sample whose label pairs are already escaped and joined (`a="x",b="y"`,
   * or "" for none): a series' labels are escaped once for all its lines.
   */
  sampleEscaped(name: string, escapedPairs: string, value: number | bigint): this {
    this.lines.push(escapedPairs ? `${name}{${escapedPairs}} ${formatValue(value)}` : `${name} ${formatValue(value)}`);
    return this;
  }

  text(): string {
    return this.lines.join("\n") + "\n";
  }
}

export const SYSCALL_COUNT = "swoll_node_metrics_syscall_count";
export const SYSCALL_TIME = "swoll_node_metrics_syscall_time";
export const SYSCALL_DURATION = "swoll_node_metrics_syscall_duration_seconds";

/** Bucket bound in seconds, as an `le` label value. */
export function leLabel(boundNs: number): string {
  return formatValue(boundNs / 1e9);
}

/**
 * The syscall families: the original swoll's two counters, then our
 * histogram. Each series' labels are escaped once; its bucket lines only
 * append `le`.
 */
export function writeSyscallSeries(x: Exposition, series: Series[], boundsNs: number[]): void {
  const escaped = series.map((s) => LABELS.map((l) => `${l}="${escapeLabelValue(s.labels[l])}"`).join(","));
  x.family(SYSCALL_COUNT, "counter", "Syscalls that returned, by syscall, result (err) and the container that made them.");
  series.forEach((s, i) => x.sampleEscaped(SYSCALL_COUNT, escaped[i]!, s.count));
  x.family(SYSCALL_TIME, "counter", "Nanoseconds spent in syscalls, from entry to exit, by syscall, result and container.");
  series.forEach((s, i) => x.sampleEscaped(SYSCALL_TIME, escaped[i]!, s.totalNs));
  x.family(SYSCALL_DURATION, "histogram", "Syscall latency from entry to exit, by syscall, result and container.");
  const les = boundsNs.map((b) => `,le="${escapeLabelValue(leLabel(b))}"`);
  const bucket = `${SYSCALL_DURATION}_bucket`;
  series.forEach((s, i) => {
    const labels = escaped[i]!;
    let acc = 0;
    for (let b = 0; b < les.length; b++) {
      acc += s.buckets[b] ?? 0;
      x.sampleEscaped(bucket, labels + les[b]!, acc);
    }
    for (let b = les.length; b < s.buckets.length; b++) acc += s.buckets[b]!;
    // _count is the +Inf bucket, so the two always agree within a scrape
    x.sampleEscaped(bucket, `${labels},le="+Inf"`, acc);
    x.sampleEscaped(`${SYSCALL_DURATION}_sum`, labels, Number(s.totalNs) / 1e9);
    x.sampleEscaped(`${SYSCALL_DURATION}_count`, labels, acc);
  });
}

export interface SelfStats {
  version: string;
  arch: string;
  /** events not accounted for, by cause */
  lost: Record<string, number>;
  mapOverflow: number;
  /** calls counted under a folded key (sys_unknown, sys_other) instead of their own, by reason */
  folded: Record<string, number>;
  mapEntries: number;
  mapCapacity: number;
  seriesPruned: number;
  /** null when kernel.bpf_stats_enabled is 0 */
  programs: { name: string; runTimeNs: number; runCount: number }[] | null;
}

/** swoll's own health; the scrape duration is written last, by the caller. */
export function writeSelfSeries(x: Exposition, s: SelfStats): void {
  x.family("swoll_build_info", "gauge", "Version of the running swoll; the value is always 1.");
  x.sample("swoll_build_info", [["version", s.version], ["arch", s.arch]], 1);
  x.family("swoll_events_lost_total", "counter", "Syscalls the probe could not account for, by cause.");
  for (const [cause, n] of Object.entries(s.lost)) x.sample("swoll_events_lost_total", [["cause", cause]], n);
  x.family("swoll_metrics_map_overflow_total", "counter", "Syscalls not counted because the kernel aggregation map was full (raise --max-series).");
  x.sample("swoll_metrics_map_overflow_total", [], s.mapOverflow);
  x.family("swoll_metrics_folded_total", "counter", "Syscalls counted under a folded series instead of their own: unknown_syscall (number outside the syscall table, sys_unknown), cgroup_limit (the cgroup had --max-series-per-cgroup series, sys_other), map_reserve (the map was full but for the reserve kept for sys_other).");
  for (const [reason, n] of Object.entries(s.folded)) x.sample("swoll_metrics_folded_total", [["reason", reason]], n);
  x.family("swoll_metrics_map_entries", "gauge", "Entries (cgroup, syscall, errno) in the kernel aggregation map.");
  x.sample("swoll_metrics_map_entries", [], s.mapEntries);
  x.family("swoll_metrics_map_capacity", "gauge", "Capacity of the kernel aggregation map (--max-series).");
  x.sample("swoll_metrics_map_capacity", [], s.mapCapacity);
  x.family("swoll_metrics_pruned_total", "counter", "Kernel map entries dropped because their cgroup no longer exists.");
  x.sample("swoll_metrics_pruned_total", [], s.seriesPruned);
  x.family("swoll_probe_stats_enabled", "gauge", "1 when kernel.bpf_stats_enabled is set, so probe run time is measured.");
  x.sample("swoll_probe_stats_enabled", [], s.programs ? 1 : 0);
  if (s.programs) {
    x.family("swoll_probe_run_time_seconds_total", "counter", "Time the kernel spent running each of swoll's BPF programs.");
    for (const p of s.programs) x.sample("swoll_probe_run_time_seconds_total", [["program", p.name]], p.runTimeNs / 1e9);
    x.family("swoll_probe_runs_total", "counter", "Runs of each of swoll's BPF programs.");
    for (const p of s.programs) x.sample("swoll_probe_runs_total", [["program", p.name]], p.runCount);
  }
}

export function writeScrapeDuration(x: Exposition, seconds: number): void {
  x.family("swoll_scrape_duration_seconds", "gauge", "Time taken to read the kernel map and render this response.");
  x.sample("swoll_scrape_duration_seconds", [], seconds);
}
