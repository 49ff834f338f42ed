/**
 * The shim, libbpf and the probe object travel inside the executable.
 * dlopen needs real files, and the shim finds libbpf through its $ORIGIN
 * runpath, so both are extracted side by side into one root-only,
 * content-addressed directory that later runs reuse.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import shimPath from "../build/libswoll.so" with { type: "file" };
import libbpfPath from "../build/libbpf.so.1" with { type: "file" };
import probePath from "../build/swoll.bpf.o" with { type: "file" };

export interface NativeFiles {
  shim: string;
  probeObject: Uint8Array;
}

const EMBEDDED_PREFIX = "/$bunfs/";
let cached: NativeFiles | undefined;

function cacheRoot(): string {
  return process.env.SWOLL_CACHE_DIR ?? "/run/swoll";
}

function writeAtomically(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes, { mode: 0o500 });
  renameSync(tmp, path);
}

/** Returns paths usable by dlopen, extracting them once per content hash. */
export function nativeFiles(): NativeFiles {
  if (cached) return cached;
  const probeObject = new Uint8Array(readFileSync(probePath));
  if (!shimPath.startsWith(EMBEDDED_PREFIX)) {
    // Running from source: build/ already holds both libraries side by side.
    cached = { shim: shimPath, probeObject };
    return cached;
  }
  const shim = new Uint8Array(readFileSync(shimPath));
  const libbpf = new Uint8Array(readFileSync(libbpfPath));
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(shim);
  hasher.update(libbpf);
  const dir = join(cacheRoot(), hasher.digest("hex").slice(0, 16));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const files: [string, Uint8Array][] = [["libswoll.so", shim], ["libbpf.so.1", libbpf]];
  for (const [name, bytes] of files) {
    const path = join(dir, name);
    if (!existsSync(path) || !sameBytes(readFileSync(path), bytes)) writeAtomically(path, bytes);
  }
  cached = { shim: join(dir, "libswoll.so"), probeObject };
  return cached;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
