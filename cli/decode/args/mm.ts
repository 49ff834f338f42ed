/**
 * Memory: mmap (PROT_*, MAP_* with the mapping type as a value), munmap,
 * mprotect, mremap, madvise (MADV_*), brk, msync, mlock*, whose results
 * are addresses shown in hex.
 */
import { flagsOf, valuesOf } from "../consts";
import { MADVISE, MAP_FLAGS, MAP_TYPE, MLOCKALL_FLAGS, MREMAP_FLAGS, MSYNC_FLAGS, PROT, SHM_FLAGS } from "../tables/consts-mm";
import { flags, hexNum, int, ptr, s32, size, value, s32a } from "./common";
import { hex } from "./render";
import type { ArgType, Call, CallSpecs } from "./types";

const MAP_TYPE_MASK = 0x0f, MAP_HUGETLB = 0x40000, MAP_HUGE_SHIFT = 26, MAP_HUGE_MASK = 0x3f;

/** MAP_PRIVATE|MAP_ANONYMOUS|…, with a huge page size as N<<MAP_HUGE_SHIFT. */
export const mapFlags: ArgType = {
  show(c, i) {
    const v = c.raw[i]!;
    const lo = v >>> 0;
    const names = [valuesOf(MAP_TYPE, c.arch).text(lo & MAP_TYPE_MASK)];
    let rest = v - (lo & MAP_TYPE_MASK);
    let huge = 0;
    if (lo & MAP_HUGETLB) {
      huge = (lo >>> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
      rest -= huge * 2 ** MAP_HUGE_SHIFT;
    }
    if (rest) names.push(...flagsOf(MAP_FLAGS, c.arch).names(rest));
    if (huge) names.push(`${huge}<<MAP_HUGE_SHIFT`);
    return { json: names, text: names.join("|") };
  },
};

/** Calls whose result is an address. */
export const addressRet = (c: Call): string | undefined => hex(c.ret!);

const addr = ptr;
const MREMAP_FIXED = 2;

/** mremap's new_addr means something only with MREMAP_FIXED; strace shows it only then. */
const newAddr: ArgType = {
  show(c, i) {
    const p = ptr.show(c, i, undefined);
    return (c.raw[3]! >>> 0) & MREMAP_FIXED ? p : { json: p.json, text: "" };
  },
};

export const MM: CallSpecs = {
  mmap: {
    args: { addr, len: size, prot: flags(PROT, true), flags: mapFlags, fd: { show: (c, i) => ({ json: s32a(c, i), text: String(s32a(c, i)) }), fd: "fd" }, off: hexNum },
    ret: addressRet,
  },
  munmap: { args: { addr, len: size } },
  mprotect: { args: { start: addr, len: size, prot: flags(PROT, true) } },
  mremap: { args: { addr, old_len: size, new_len: size, flags: flags(MREMAP_FLAGS, true), new_addr: newAddr }, ret: addressRet },
  madvise: { args: { start: addr, len_in: size, behavior: value(MADVISE) } },
  brk: { args: { brk: addr }, ret: addressRet },
  msync: { args: { start: addr, len: size, flags: flags(MSYNC_FLAGS) } },
  mlock: { args: { start: addr, len: size } },
  munlock: { args: { start: addr, len: size } },
  mlockall: { args: { flags: flags(MLOCKALL_FLAGS) } },
  munlockall: {},
  shmat: { args: { shmid: int, shmaddr: addr, shmflg: flags(SHM_FLAGS) }, ret: addressRet },
  shmdt: { args: { shmaddr: addr } },
};
