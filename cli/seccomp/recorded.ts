/**
 * The kernel's per-cgroup syscall sets (struct swoll_seccomp_cgroup in
 * bpf/events.h), read out of the probe and named: by the cgroup tree while
 * the cgroup exists, else by the names the kernel kept when it first saw it.
 */
import type { Probe } from "../../ffi/probe";
import { bytesToString } from "../decode/strings";

// struct swoll_seccomp_cgroup, after its u64 key (see bpf/events.h)
const MAX_SYSCALLS = 1024;
const WORDS = MAX_SYSCALLS / 64;
const NAME_LEVELS = 6;
const NAME_LEN = 96;
const COMM_LEN = 16;
const OFF = { bits: 0, firstNs: WORDS * 8, firstTgid: WORDS * 8 + 8, levels: WORDS * 8 + 12, flags: WORDS * 8 + 16, comm: WORDS * 8 + 24, names: WORDS * 8 + 24 + COMM_LEN } as const;
const FILTER_SEEN = 1;
export const SECCOMP_VALUE_SIZE = OFF.names + NAME_LEVELS * NAME_LEN;
const RECORD = 8 + SECCOMP_VALUE_SIZE;
export const SECCOMP_CGROUPS = 4096;

export interface RecordedCgroup {
  cgroupId: number;
  /** Syscall numbers made there. */
  nrs: number[];
  firstNs: number;
  firstTgid: number;
  firstComm: string;
  /** A task installed a seccomp filter in this cgroup before its exec: the runtime's calls after that are included. */
  filterSeen: boolean;
  /** The cgroup's path below the cgroup2 root as the kernel named it when first seen ("/kubepods/…/<id>"). */
  kernelPath: string;
}

export class SeccompTable {
  private readonly buf = new Uint8Array(RECORD * SECCOMP_CGROUPS);
  private readonly dv = new DataView(this.buf.buffer);

  constructor(private readonly probe: Probe) {}

  read(): RecordedCgroup[] {
    const n = this.probe.dumpMap("seccomp_cgroups", this.buf);
    const out: RecordedCgroup[] = [];
    const { buf, dv } = this;
    for (let i = 0; i < n; i++) {
      const o = i * RECORD;
      const v = o + 8;
      const nrs: number[] = [];
      for (let w = 0; w < WORDS; w++) {
        const lo = dv.getUint32(v + OFF.bits + w * 8, true);
        const hi = dv.getUint32(v + OFF.bits + w * 8 + 4, true);
        for (let b = 0; b < 32; b++) if (lo & (1 << b)) nrs.push(w * 64 + b);
        for (let b = 0; b < 32; b++) if (hi & (1 << b)) nrs.push(w * 64 + 32 + b);
      }
      const levels = Math.min(dv.getUint32(v + OFF.levels, true), NAME_LEVELS);
      const names: string[] = [];
      for (let l = 0; l < levels; l++) names.push(cString(buf, v + OFF.names + l * NAME_LEN, NAME_LEN));
      // leaf first, up to the root (whose name is empty or "/")
      const path = "/" + names.filter((s) => s !== "" && s !== "/").reverse().join("/");
      out.push({
        cgroupId: Number(dv.getBigUint64(o, true)),
        nrs,
        firstNs: Number(dv.getBigUint64(v + OFF.firstNs, true)),
        firstTgid: dv.getUint32(v + OFF.firstTgid, true),
        firstComm: cString(buf, v + OFF.comm, COMM_LEN),
        filterSeen: (dv.getUint32(v + OFF.flags, true) & FILTER_SEEN) !== 0,
        kernelPath: path,
      });
    }
    return out;
  }

  /** Calls of cgroups the kernel map had no room for. */
  dropped(): number {
    return seccompDropped(this.probe);
  }
}

/** Calls the seccomp maps had no room for (a cgroup past SWOLL_SECCOMP_CGROUPS, or a denial past --check's map). */
export function seccompDropped(probe: Probe): number {
  const b = new Uint8Array(12); // [u32 key][u64 count]
  return probe.dumpMap("seccomp_dropped", b) > 0 ? Number(new DataView(b.buffer).getBigUint64(4, true)) : 0;
}

function cString(buf: Uint8Array, off: number, max: number): string {
  let end = off;
  while (end < off + max && buf[end] !== 0) end++;
  return bytesToString(buf.subarray(off, end));
}
