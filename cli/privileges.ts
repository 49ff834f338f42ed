/** Does this process hold what loading a BPF tracing program needs? */
import { readFileSync } from "node:fs";

const CAP_SYS_ADMIN = 21n;
const CAP_PERFMON = 38n;
const CAP_BPF = 39n;

export function effectiveCapabilities(): bigint {
  const status = readFileSync("/proc/self/status", "utf8");
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(status);
  return m ? BigInt(`0x${m[1]}`) : 0n;
}

export function hasCap(caps: bigint, cap: bigint): boolean {
  return (caps & (1n << cap)) !== 0n;
}

/** A one-line reason when we cannot trace, or null when we can. */
export function missingPrivileges(): string | null {
  const caps = effectiveCapabilities();
  if (hasCap(caps, CAP_SYS_ADMIN) || (hasCap(caps, CAP_BPF) && hasCap(caps, CAP_PERFMON))) return null;
  return "not enough privileges to load the probe: swoll needs root or CAP_BPF+CAP_PERFMON; run it with sudo";
}
