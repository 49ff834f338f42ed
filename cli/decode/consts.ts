/**
 * Rendering over the generated constant sets (cli/decode/tables/consts-*.ts):
 * flags in strace's order for the set (ascending value unless the set says
 * otherwise; composites claimed first), unknown bits as one hex remainder
 * (`0x1 /* CLONE_??? *\/` when nothing else is known), and enumerations by name.
 */
import type { Arch } from "./syscalls.ts";

export interface ConstSet {
  readonly kind: "flags" | "values";
  /** Flags shown highest first (access modes: R_OK|W_OK), in the order of the entries (TFD_CLOEXEC|TFD_NONBLOCK); ascending otherwise. */
  readonly order?: "descending" | "listed";
  /** The comment on unknown bits or values when it is not the names' common prefix and ??? (`?_OK`). */
  readonly unknown?: string;
  readonly entries: readonly (readonly [string, number] | readonly [string, number, string])[];
}

const TWO32 = 2 ** 32;

const popcount = (v: number): number => {
  let c = 0;
  for (let x = v >>> 0; x; x &= x - 1) c++;
  return c;
};

/** [high, low] 32-bit halves of a register value; negatives are two's complement over 64 bits. */
export function halves(v: number): [number, number] {
  if (v >= 0 && v < TWO32) return [0, v];
  if (v >= 0) return [Math.floor(v / TWO32), v >>> 0];
  const b = BigInt.asUintN(64, BigInt(Math.trunc(v)));
  return [Number(b >> 32n), Number(b & 0xffffffffn)];
}

export function hexOf(hi: number, lo: number): string {
  if (hi === 0) return `0x${lo.toString(16)}`;
  return `0x${hi.toString(16)}${lo.toString(16).padStart(8, "0")}`;
}

const members = (set: ConstSet, arch: Arch) =>
  set.entries.filter((e) => e.length === 2 || e[2] === arch).map((e) => [e[0], e[1]] as const);

/** Names and text of one flags value: json ["A", "B", "0x100"], text "A|B|0x100". */
export interface FlagsShown {
  readonly names: readonly string[];
  readonly text: string;
}

const CACHE_LIMIT = 512;

/** `X_` of names X_A, X_B, …: what strace's comment on an unknown value starts with. */
function commonPrefix(names: readonly string[]): string {
  let p = names[0] ?? "";
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  return p.includes("_") ? p.slice(0, p.lastIndexOf("_") + 1) : p;
}

export class Flags {
  private readonly claim: { name: string; hi: number; lo: number; value: number; rank: number }[];
  private readonly zero: string | undefined;
  private readonly cache = new Map<number, FlagsShown>();
  /** For `0x4000 /* AT_??? *\/`: the comment on bits no name covers ("" for none). */
  readonly unknown: string;

  constructor(set: ConstSet, arch: Arch) {
    const list = members(set, arch);
    this.zero = list.find(([, v]) => v === 0)?.[0];
    const prefix = commonPrefix(list.map(([n]) => n));
    this.unknown = set.unknown ?? (prefix ? `${prefix}???` : "");
    // the order names are shown in: by value, or as the set lists them
    const rankOf = (value: number, index: number) => (set.order === "listed" ? index : set.order === "descending" ? -value : value);
    this.claim = list
      .map(([name, value], index) => ({ name, value, index }))
      .filter(({ value }) => value > 0)
      .map(({ name, value, index }) => {
        const [hi, lo] = halves(value);
        return { name, hi, lo, value, rank: rankOf(value, index), bits: popcount(hi) + popcount(lo) };
      })
      // composites first, so that O_SYNC takes O_DSYNC's bit with its own
      .sort((a, b) => b.bits - a.bits || a.value - b.value);
  }

  /** The value's flags; 0 shows the set's zero name, or "0" (json []) when it has none. */
  format(v: number): FlagsShown {
    let r = this.cache.get(v);
    if (r) return r;
    r = this.compute(v);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(v, r);
    return r;
  }

  /** The same, for a value beyond 2^53 (exact: a Number has lost its low bits there). */
  formatWide(w: bigint): FlagsShown {
    return this.compute(0, Number(w >> 32n) >>> 0, Number(w & 0xffffffffn));
  }

  names(v: number): readonly string[] {
    return this.format(v).names;
  }

  text(v: number): string {
    return this.format(v).text;
  }

  private compute(v: number, h?: number, l?: number): FlagsShown {
    let [hi, lo] = h === undefined ? halves(v) : [h, l!];
    if (hi === 0 && lo === 0) return this.zero ? { names: [this.zero], text: this.zero } : { names: [], text: "0" };
    const hits: { name: string; rank: number }[] = [];
    for (const e of this.claim) {
      if ((hi & e.hi) >>> 0 === e.hi && (lo & e.lo) >>> 0 === e.lo) {
        hits.push(e);
        hi = (hi & ~e.hi) >>> 0;
        lo = (lo & ~e.lo) >>> 0;
      }
    }
    hits.sort((a, b) => a.rank - b.rank);
    const names = hits.map((h) => h.name);
    if (!hi && !lo) return { names, text: names.join("|") };
    const rest = hexOf(hi, lo);
    names.push(rest);
    // nothing known: the number, with a comment naming what it should have been
    if (names.length === 1 && this.unknown) return { names, text: `${rest} /* ${this.unknown} */` };
    return { names, text: names.join("|") };
  }
}

export class Values {
  private readonly byValue = new Map<number, string>();
  private readonly byName = new Map<string, number>();
  /** Common prefix of the names, for strace's `0x63 /* SEEK_??? *\/`. */
  readonly prefix: string;

  constructor(set: ConstSet, arch: Arch) {
    const list = members(set, arch);
    for (const [n, v] of list) {
      this.byValue.set(v, n);
      this.byName.set(n, v);
    }
    // `unknown` is the whole comment (LINUX_REBOOT_MAGIC_???), as for flags
    this.prefix = set.unknown !== undefined ? set.unknown.replace(/\?\?\?$/, "") : commonPrefix(list.map(([n]) => n));
  }

  name(v: number): string | undefined {
    return this.byValue.get(v);
  }

  value(name: string): number | undefined {
    return this.byName.get(name);
  }

  /** JSON: the name, or the number when it has none. */
  json(v: number): string | number {
    return this.byValue.get(v) ?? v;
  }

  /** Text: the name, or `N /* PREFIX??? *\/`. */
  text(v: number): string {
    const n = this.byValue.get(v);
    if (n !== undefined) return n;
    // an int's unknown value in the int's own 32 bits, as the kernel reads it (0xfa57beef)
    const bits = v < 0 && v >= -(2 ** 31) ? v >>> 0 : v;
    const num = bits === 0 ? "0" : hexOf(...halves(bits));
    return this.prefix ? `${num} /* ${this.prefix}??? */` : num;
  }
}

const flagsCache = new Map<ConstSet, Map<Arch, Flags>>();
const valuesCache = new Map<ConstSet, Map<Arch, Values>>();

/** The (cached) flags view of a set for one architecture. */
export function flagsOf(set: ConstSet, arch: Arch): Flags {
  let m = flagsCache.get(set);
  if (!m) flagsCache.set(set, (m = new Map()));
  let f = m.get(arch);
  if (!f) m.set(arch, (f = new Flags(set, arch)));
  return f;
}

/** The (cached) values view of a set for one architecture. */
export function valuesOf(set: ConstSet, arch: Arch): Values {
  let m = valuesCache.get(set);
  if (!m) valuesCache.set(set, (m = new Map()));
  let f = m.get(arch);
  if (!f) m.set(arch, (f = new Values(set, arch)));
  return f;
}
