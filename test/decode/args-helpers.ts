/**
 * Builds calls the way the probe delivers them (registers, capture items,
 * a return value) and renders them as strace's `name(args) = ret`, so the
 * decoder tests can state the exact line strace prints.
 */
import { decodeCall, type DecodedArg } from "../../cli/decode/args";
import { makeCapture, type Capture } from "../../cli/decode/capture";
import { errnoName, failureText } from "../../cli/decode/errno";
import { CaptureKind } from "../../cli/decode/layout";
import { syscallTable, type Arch, type SyscallInfo } from "../../cli/decode/syscalls";
import type { StructLayout } from "../../cli/decode/tables/structs";

export const PTR = 0x7ffc_1234_5678;

export function sys(name: string, arch: Arch = "x86_64"): SyscallInfo {
  const i = syscallTable(arch).byName(name);
  if (!i) throw new Error(`no ${name} on ${arch}`);
  return i;
}

type Flags = { truncated?: boolean; fault?: boolean; more?: boolean };
export const str = (arg: number, s: string | Uint8Array, f: Flags = {}): Capture => makeCapture(arg, CaptureKind.Str, s, f);
export const item = (arg: number, s: string, f: Flags = {}): Capture => makeCapture(arg, CaptureKind.ArgvItem, s, f);
export const bytes = (arg: number, b: Uint8Array | string | number[], f: Flags = {}): Capture =>
  makeCapture(arg, CaptureKind.Bytes, Array.isArray(b) ? new Uint8Array(b) : b, f);
export const fault = (arg: number, kind: number = CaptureKind.Bytes): Capture => makeCapture(arg, kind, new Uint8Array(), { fault: true });

export interface Decoded {
  args: DecodedArg[];
  line: string;
  json: Record<string, unknown>;
  truncated: string[];
}

/** Decode a call and render strace's `name(args) = ret`. */
export function call(name: string, raw: number[], caps: Capture[] = [], ret: number | null = 0, arch: Arch = "x86_64", text = true): Decoded {
  const info = sys(name, arch);
  const d = decodeCall(info, [...raw, 0, 0, 0, 0, 0, 0].slice(0, 6), caps, text, ret);
  const argsText = d.argsText ?? d.args.filter((a) => a.text !== "").map((a) => a.text).join(", ");
  let r: string;
  if (ret === null) r = "?";
  else if (ret < 0 && ret >= -4095) r = failureText(errnoName(-ret) ?? `E${-ret}`, -ret);
  else r = d.retText ?? String(ret);
  const json: Record<string, unknown> = {};
  for (const a of d.args) json[a.name] = a.json;
  return { args: d.args, line: `${name}(${argsText}) = ${r}`, json, truncated: d.args.filter((a) => a.truncated).map((a) => a.name) };
}

/** Little-endian byte builder. */
export class B {
  private parts: number[] = [];
  u8(v: number) { this.parts.push(v & 0xff); return this; }
  u16(v: number) { return this.u8(v).u8(v >> 8); }
  be16(v: number) { return this.u8(v >> 8).u8(v); }
  u32(v: number) { for (let k = 0; k < 4; k++) this.u8(Number((BigInt(v) >> BigInt(8 * k)) & 0xffn)); return this; }
  be32(v: number) { for (let k = 3; k >= 0; k--) this.u8((v >>> (8 * k)) & 0xff); return this; }
  u64(v: number | bigint) { const b = BigInt.asUintN(64, BigInt(v)); for (let k = 0; k < 8; k++) this.u8(Number((b >> BigInt(8 * k)) & 0xffn)); return this; }
  raw(b: ArrayLike<number>) { for (let k = 0; k < b.length; k++) this.u8(b[k]!); return this; }
  str(s: string) { return this.raw(new TextEncoder().encode(s)); }
  zero(n: number) { for (let k = 0; k < n; k++) this.u8(0); return this; }
  get length() { return this.parts.length; }
  get(): Uint8Array { return new Uint8Array(this.parts); }
}

/** A struct of `layout` with the given members set (little-endian; strings/arrays as bytes). */
export function struct(layout: StructLayout, values: Record<string, number | bigint | string | Uint8Array>): Uint8Array {
  const out = new Uint8Array(layout.size);
  const dv = new DataView(out.buffer);
  for (const [k, v] of Object.entries(values)) {
    const f = layout.fields[k];
    if (!f) throw new Error(`no member ${k}`);
    const [off, size] = f;
    if (typeof v === "string" || v instanceof Uint8Array) {
      out.set((typeof v === "string" ? new TextEncoder().encode(v) : v).subarray(0, size), off);
      continue;
    }
    const b = BigInt.asUintN(64, BigInt(v));
    if (size === 1) dv.setUint8(off, Number(b & 0xffn));
    else if (size === 2) dv.setUint16(off, Number(b & 0xffffn), true);
    else if (size === 4) dv.setUint32(off, Number(b & 0xffffffffn), true);
    else if (size === 8) dv.setBigUint64(off, b, true);
    else throw new Error(`member ${k} is ${size} bytes; pass bytes`);
  }
  return out;
}
