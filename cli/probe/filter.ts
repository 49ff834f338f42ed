/**
 * The library's view of one kernel rule: the filter options Tracer.open
 * and Metrics.open take, parsed once, and the handle that changes the
 * rule while the probe runs.
 */
import type { CgroupId } from "../decode/cgroup-id";
import type { SyscallTable } from "../decode/syscalls";
import { UsageError } from "../errors";
import { parseComms, parsePids, parseSyscalls } from "../options";
import type { KernelRule, RuleSpec } from "./rules";

/** The filter options Tracer.open and Metrics.open both take. */
export interface FilterOptions {
  /** Syscall names (openat or sys_openat). Given (even empty), the set can change later. */
  syscalls?: string[];
  /** Process ids (tgid). Given (even empty), the set can change later. */
  pids?: number[];
  /** Command names. Given (even empty), the set can change later. */
  comms?: string[];
  /** cgroup v2 ids. Given (even empty), the set can change later. */
  cgroups?: CgroupId[];
}

export type FilterKind = "syscalls" | "pids" | "comms" | "cgroups";

/** Filter options checked and parsed; a set not given is null (its kernel filter stays off). */
export function parseFilterOptions(opts: FilterOptions, table: SyscallTable) {
  return {
    syscalls: opts.syscalls ? parseSyscalls(opts.syscalls, table) : null,
    pids: opts.pids ? parsePids(opts.pids.map(String)) : null,
    comms: opts.comms ? parseComms(opts.comms) : null,
    cgroups: opts.cgroups ?? null,
    // a given-but-empty set still turns its kernel filter on, so it can be filled later
    enabled: { syscalls: !!opts.syscalls, pids: !!opts.pids, comms: !!opts.comms, cgroups: !!opts.cgroups },
  };
}

/** Parsed filter options as a kernel rule. */
export function ruleOf(f: ReturnType<typeof parseFilterOptions>): RuleSpec {
  return { syscalls: f.syscalls, pids: f.pids, comms: f.comms, cgroups: f.cgroups };
}

/** What a filter changes: one kernel rule, or several changed together (a trace's stream and its counting). */
export type RuleTarget = Pick<KernelRule, "setSyscall" | "setPid" | "setComm" | "setCgroup">;

/** The rules of `rules` that constrain each dimension, changed together. */
export function ruleGroup(rules: readonly KernelRule[]): RuleTarget {
  const each = (d: "syscalls" | "pids" | "comms" | "cgroups", f: (r: KernelRule) => void) => {
    for (const r of rules) if (r.constrains(d)) f(r);
  };
  return {
    setSyscall: (nr, on) => each("syscalls", (r) => r.setSyscall(nr, on)),
    setPid: (pid, on) => each("pids", (r) => r.setPid(pid, on)),
    setComm: (comm, on) => each("comms", (r) => r.setComm(comm, on)),
    setCgroup: (id, on) => each("cgroups", (r) => r.setCgroup(id, on)),
  };
}

/** The kernel-side filter of a running tracer or counter; each change applies at once. */
export class KernelFilter {
  constructor(
    private readonly rule: RuleTarget,
    private readonly table: SyscallTable,
    private readonly enabled: Record<FilterKind, boolean>,
    private readonly opener = "Tracer.open",
  ) {}

  private need(kind: FilterKind): void {
    if (!this.enabled[kind]) throw new UsageError(`the ${kind} filter was not enabled when the tracer opened; pass ${kind}: [] to ${this.opener} to change it later`);
  }

  addSyscall(name: string): void {
    this.need("syscalls");
    for (const nr of parseSyscalls([name], this.table)) this.rule.setSyscall(nr, true);
  }

  removeSyscall(name: string): void {
    this.need("syscalls");
    for (const nr of parseSyscalls([name], this.table)) this.rule.setSyscall(nr, false);
  }

  addPid(pid: number, on = true): void {
    this.need("pids");
    this.rule.setPid(pid, on);
  }

  addComm(comm: string, on = true): void {
    this.need("comms");
    this.rule.setComm(parseComms([comm])[0]!, on);
  }

  addCgroup(id: CgroupId, on = true): void {
    this.need("cgroups");
    this.rule.setCgroup(id, on);
  }
}
