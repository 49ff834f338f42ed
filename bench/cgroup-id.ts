#!/usr/bin/env bun
/**
 * Why a cgroup id is a number (cli/decode/cgroup-id.ts): reading a u64 id
 * from a record and looking it up in a Map, as attribution does per event,
 * with a number key and with a bigint key, side by side in one run.
 *   bun bench/cgroup-id.ts
 */
const N = 2_000_000;
const ids = Array.from({length: 64}, (_, i) => 4000 + i * 37);
const mn = new Map<number, object>(); const mb = new Map<bigint, object>();
for (const i of ids) { mn.set(i, {i}); mb.set(BigInt(i), {i}); }
const buf = new ArrayBuffer(64 * 8); const dv = new DataView(buf);
ids.forEach((v, i) => dv.setBigUint64(i * 8, BigInt(v), true));
function u64At(dv: DataView, off: number) { const lo = dv.getUint32(off, true), hi = dv.getUint32(off + 4, true); return hi === 0 ? lo : hi * 0x100000000 + lo; }
for (let round = 0; round < 3; round++) {
  let t = performance.now(), s = 0;
  for (let k = 0; k < N; k++) { const id = u64At(dv, (k & 63) * 8); if (mn.get(id)) s++; }
  const a = performance.now() - t; t = performance.now();
  for (let k = 0; k < N; k++) { const id = dv.getBigUint64((k & 63) * 8, true); if (mb.get(id)) s++; }
  const b = performance.now() - t;
  console.log(`number: ${(N / a / 1e3).toFixed(1)} M lookups/s   bigint: ${(N / b / 1e3).toFixed(1)} M lookups/s  ${s}`);
}
