/**
 * The kernel's selection rules (bpf/events.h, struct swoll_rules): up to
 * 64 rules, one bit each. A rule is an AND of the dimensions it
 * constrains (syscalls, pids, comms, cgroups) and, for streams, of a
 * result filter (failed, successful, or failed with one of a set of errnos); rules are OR-ed, and every streamed record carries the
 * mask of streaming rules it matched. Each dimension map holds value →
 * mask of the rules accepting that value, so a rule is changed with a
 * read-modify-write of one entry, and removed by clearing its bit
 * everywhere. The config entry is written after the maps when a rule is
 * added, and before them when it is removed, so a half-built rule never
 * matches.
 */
import type { CgroupId } from "../decode/cgroup-id";
import { PROCESS_PROGRAMS, ProbeError, type Probe } from "../../ffi/probe";
import { CGROUP_RULES, COMM_LEN, COMM_RULES, MAX_RULES, RULES, TGID_RULES } from "../decode/layout";

export { MAX_RULES };
/** Distinct values all rules together can name, per dimension (bpf/events.h). */
export const RULE_BOUNDS = { pids: TGID_RULES, comms: COMM_RULES, cgroups: CGROUP_RULES } as const;

export interface RuleSpec {
  /** Syscall numbers. null or absent: any call; [] selects none until filled. */
  syscalls?: readonly number[] | null;
  /** Process ids (tgid). null or absent: any process; [] selects none until filled. */
  pids?: readonly number[] | null;
  /** Thread names (at most 15 bytes). */
  comms?: readonly string[] | null;
  /** cgroup v2 ids. */
  cgroups?: readonly CgroupId[] | null;
  /** Processes forked by a selected process join the rule before their first call (needs pids). */
  followForks?: boolean;
  /** Streams only: keep failed calls only, or successful ones only (default any). */
  result?: "any" | "failed" | "ok";
  /** Streams only: keep calls that failed with one of these errnos (1..4095); implies failed. */
  errnos?: readonly number[] | null;
}

/** What a rule's matches are used for. */
export type RuleRole = "stream" | "countCgroup" | "countProcess";

/** A dimension map is full: the kernel cannot select one more value. */
export class RuleBoundError extends ProbeError {
  constructor(dimension: keyof typeof RULE_BOUNDS) {
    super("rules", 7, `the kernel's selection has no room for more ${dimension} (at most ${RULE_BOUNDS[dimension]} across all traces on this probe); select fewer`);
    this.name = "RuleBoundError";
  }
}

const MAP = { syscalls: "rule_syscalls", pids: "tgid_rules", comms: "comm_rules", cgroups: "cgroup_rules", errnos: "errno_rules" } as const;
/** Dimensions kept in array maps: a value's entry stays, at mask 0, when no rule wants it. */
const ARRAYS: ReadonlySet<Dimension> = new Set(["syscalls", "errnos"]);
type Dimension = keyof typeof MAP;
/** The u64 masks of struct swoll_rules. */
const FIELDS = ["active", "stream", "countCgroup", "countProcess", "bySyscall", "byTgid", "byCgroup", "byComm", "follow", "failedOnly", "okOnly", "byErrno"] as const;
type Field = (typeof FIELDS)[number];
const ZERO_KEY = new Uint8Array(4);
const E2BIG = 7;

/** One rule in the kernel; its sets change at once, while attached. */
export class KernelRule {
  /** @internal use RuleSet.add */
  constructor(private readonly set: RuleSet, readonly bit: number, readonly role: RuleRole, private readonly constrained: ReadonlySet<Dimension>) {}

  get mask(): bigint {
    return 1n << BigInt(this.bit);
  }

  /** Whether the rule was created with this dimension constrained (a set, even empty). */
  constrains(d: Dimension): boolean {
    return this.constrained.has(d);
  }

  get removed(): boolean {
    return !this.set.has(this);
  }

  setSyscall(nr: number, on = true): void {
    this.set.update(this, "syscalls", u32(nr), on);
  }

  setPid(tgid: number, on = true): void {
    this.set.update(this, "pids", u32(tgid), on);
  }

  setComm(comm: string, on = true): void {
    const key = new Uint8Array(COMM_LEN);
    key.set(new TextEncoder().encode(comm).subarray(0, COMM_LEN - 1));
    this.set.update(this, "comms", key, on);
  }

  /** `id`: a cgroup v2 id (directory inode; below 2^53, see cli/decode/cgroup-id.ts). */
  setCgroup(id: CgroupId, on = true): void {
    this.set.update(this, "cgroups", new Uint8Array(new BigUint64Array([BigInt(id)]).buffer), on);
  }

  /** A streaming rule's errno set (RuleSpec.errnos): 1..4095. */
  setErrno(errno: number, on = true): void {
    if (!Number.isInteger(errno) || errno < 1 || errno > 4095) throw new ProbeError("rules", 22, `errno ${errno} is out of range; errnos are 1 to 4095`);
    this.set.update(this, "errnos", u32(errno), on);
  }

  /** The cgroup selector's view of a rule. */
  allowCgroup(id: CgroupId, on: boolean): void {
    this.setCgroup(id, on);
  }
}

/** The rules of one probe: bit allocation, the config entry, the dimension maps. */
export class RuleSet {
  private readonly config = new Map<Field, bigint>(FIELDS.map((f) => [f, 0n]));
  private readonly rules: (KernelRule | undefined)[] = new Array(MAX_RULES);
  private next = 0;
  private readonly value = new Uint8Array(8);
  private readonly valueView = new DataView(this.value.buffer);

  constructor(private readonly probe: Probe) {}

  has(rule: KernelRule): boolean {
    return this.rules[rule.bit] === rule;
  }

  /** Live rules. */
  all(): KernelRule[] {
    return this.rules.filter((r): r is KernelRule => r !== undefined);
  }

  /** Add a rule with its sets filled; it matches from when this returns. */
  add(spec: RuleSpec, role: RuleRole): KernelRule {
    if (spec.followForks && !spec.pids) throw new ProbeError("rules", 22, "following forks needs a set of pids to start from");
    const bit = this.allocate();
    const constrained = new Set<Dimension>();
    if (spec.syscalls != null) constrained.add("syscalls");
    if (spec.pids != null) constrained.add("pids");
    if (spec.comms != null) constrained.add("comms");
    if (spec.cgroups != null) constrained.add("cgroups");
    const byErrno = role === "stream" && spec.errnos != null;
    if (byErrno) constrained.add("errnos");
    const rule = new KernelRule(this, bit, role, constrained);
    this.rules[bit] = rule;
    try {
      for (const nr of spec.syscalls ?? []) rule.setSyscall(nr);
      for (const pid of spec.pids ?? []) rule.setPid(pid);
      for (const comm of spec.comms ?? []) rule.setComm(comm);
      for (const cg of spec.cgroups ?? []) rule.setCgroup(cg);
      if (byErrno) for (const e of spec.errnos!) rule.setErrno(e);
    } catch (e) {
      this.rules[bit] = undefined;
      this.probe.clearRule(bit);
      throw e;
    }
    // a rule naming processes needs the fork and exit programs, before it can match
    if (constrained.has("pids")) for (const name of PROCESS_PROGRAMS) this.probe.attachProgram(name);
    const m = rule.mask;
    const or = (f: Field, on: boolean) => on && this.config.set(f, this.config.get(f)! | m);
    or("active", true);
    or(role, true);
    or("bySyscall", constrained.has("syscalls"));
    or("byTgid", constrained.has("pids"));
    or("byCgroup", constrained.has("cgroups"));
    or("byComm", constrained.has("comms"));
    or("follow", !!spec.followForks);
    or("failedOnly", role === "stream" && spec.result === "failed");
    or("okOnly", role === "stream" && spec.result === "ok");
    or("byErrno", byErrno);
    this.writeConfig();
    return rule;
  }

  /** Stop matching a rule at once, then clear it from the maps; idempotent. */
  remove(rule: KernelRule): void {
    if (!this.has(rule)) return;
    const keep = ~rule.mask;
    for (const f of FIELDS) this.config.set(f, this.config.get(f)! & keep);
    this.rules[rule.bit] = undefined;
    this.writeConfig();
    this.probe.clearRule(rule.bit);
  }

  /** @internal set or clear one rule's bit for one value of a dimension. */
  update(rule: KernelRule, d: Dimension, key: Uint8Array, on: boolean): void {
    if (!this.has(rule)) throw new ProbeError("rules", 22, "this trace's selection was removed (its stream is closed)");
    if (!rule.constrains(d)) throw new ProbeError("rules", 22, `this selection was made without a ${d} set, so it cannot change one`);
    const map = MAP[d];
    const had = this.probe.lookupMap(map, key, this.value) ? this.valueView.getBigUint64(0, true) : 0n;
    const now = on ? had | rule.mask : had & ~rule.mask;
    if (now === had) return;
    if (now === 0n && !ARRAYS.has(d)) {
      this.probe.deleteFromMap(map, key);
      return;
    }
    this.valueView.setBigUint64(0, now, true);
    try {
      this.probe.updateMap(map, key, this.value);
    } catch (e) {
      if (e instanceof ProbeError && e.errno === E2BIG && (d === "pids" || d === "comms" || d === "cgroups")) throw new RuleBoundError(d);
      throw e;
    }
  }

  private allocate(): number {
    for (let i = 0; i < MAX_RULES; i++) {
      // round robin: a freed bit is reused last, so records still in the rings for its old owner go nowhere
      const bit = (this.next + i) % MAX_RULES;
      if (this.rules[bit] === undefined) {
        this.next = (bit + 1) % MAX_RULES;
        return bit;
      }
    }
    throw new ProbeError("rules", E2BIG, `one probe holds at most ${MAX_RULES} selections (streams and counting together); close one first`);
  }

  private writeConfig(): void {
    const buf = new Uint8Array(RULES.size);
    const dv = new DataView(buf.buffer);
    for (const f of FIELDS) dv.setBigUint64(RULES[f], this.config.get(f)!, true);
    this.probe.updateMap("rules", ZERO_KEY, buf);
  }
}

function u32(v: number): Uint8Array {
  return new Uint8Array(new Uint32Array([v >>> 0]).buffer);
}
