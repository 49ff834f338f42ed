/**
 * The shim, libbpf and the probe object travel inside the executable.
 * dlopen needs a file, so each library is copied into an anonymous memory
 * file (memfd_create), sealed against writes, and loaded through its
 * /proc/self/fd path. Nothing is written to disk: no directory another
 * user could have created, no predictable name to plant a symlink at, and
 * nothing a user without root must be allowed to create (/run is root's).
 *
 * The shim names libbpf.so.1 as a dependency, with an $ORIGIN runpath that
 * means nothing for a memory file; the dynamic loader matches a dependency
 * against the SONAME of libraries already loaded, so libbpf goes first.
 */
import { dlopen, FFIType, read } from "bun:ffi";
import { closeSync, readFileSync, writeSync } from "node:fs";
import shimPath from "../build/libswoll.so" with { type: "file" };
import libbpfPath from "../build/libbpf.so.1" with { type: "file" };
import probePath from "../build/swoll.bpf.o" with { type: "file" };
import holdPath from "../build/swoll-hold" with { type: "file" };

export interface NativeFiles {
  shim: string;
  probeObject: Uint8Array;
}

const EMBEDDED_PREFIX = "/$bunfs/";
const MFD_CLOEXEC = 0x1;
const MFD_ALLOW_SEALING = 0x2;
/** Linux 6.3+: ask for an executable memfd where vm.memfd_noexec would default to not. */
const MFD_EXEC = 0x10;
const F_ADD_SEALS = 1033;
const F_SEAL_SEAL = 0x1, F_SEAL_SHRINK = 0x2, F_SEAL_GROW = 0x4, F_SEAL_WRITE = 0x8;
const EINVAL = 22;

let cached: NativeFiles | undefined;
/** Keeps libbpf loaded for the process's lifetime (the handle is never closed). */
let libbpfHandle: { close(): void } | undefined;
let openDescriptors: string[] = [];

const libc = () =>
  dlopen("libc.so.6", {
    memfd_create: { args: [FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
    fcntl: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
    __errno_location: { args: [], returns: FFIType.ptr },
  }).symbols;

/** A sealed, close-on-exec memory file holding `bytes`; its /proc/self/fd path. */
function memoryFile(name: string, bytes: Uint8Array): string {
  const c = libc();
  const cname = new TextEncoder().encode(`swoll:${name}\0`);
  const errno = () => read.i32(c.__errno_location()!, 0);
  let fd = c.memfd_create(cname, MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
  // kernels before 6.3 do not know MFD_EXEC, and their memfds are executable anyway
  if (fd < 0 && errno() === EINVAL) fd = c.memfd_create(cname, MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0)
    throw new Error(`cannot create a memory file for ${name} (errno ${errno()}); if vm.memfd_noexec is 2, set it to 0 or 1 for swoll to load its libraries`);
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
  if (c.fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0) {
    closeSync(fd);
    throw new Error(`cannot seal the memory file for ${name} (errno ${errno()})`);
  }
  return `/proc/self/fd/${fd}`;
}

/** Returns a path usable by dlopen for the shim, with libbpf already loaded. */
export function nativeFiles(): NativeFiles {
  if (cached) return cached;
  const probeObject = new Uint8Array(readFileSync(probePath));
  if (!shimPath.startsWith(EMBEDDED_PREFIX)) {
    // Running from source: build/ already holds both libraries side by side.
    cached = { shim: shimPath, probeObject };
    return cached;
  }
  const libbpf = memoryFile("libbpf.so.1", new Uint8Array(readFileSync(libbpfPath)));
  // bun:ffi wants one symbol; the point is the loaded library, for the shim to link to
  libbpfHandle = dlopen(libbpf, { libbpf_major_version: { args: [], returns: FFIType.u32 } });
  // its descriptor stays open until the shim is loaded: the loader knows a
  // library by its path, and a reused descriptor number would name libbpf
  const shim = memoryFile("libswoll.so", new Uint8Array(readFileSync(shimPath)));
  cached = { shim, probeObject };
  openDescriptors = [libbpf, shim];
  return cached;
}

/**
 * The command holder of `trace -- COMMAND` (ffi/hold.c) as something to
 * exec: its path and, in the compiled swoll, the memory file's descriptor,
 * which the child must inherit at that number (-1: a plain file).
 */
export function holderExecutable(): { path: string; fd: number } {
  if (!holdPath.startsWith(EMBEDDED_PREFIX)) return { path: holdPath, fd: -1 };
  const path = memoryFile("swoll-hold", new Uint8Array(readFileSync(holdPath)));
  return { path, fd: Number(path.slice("/proc/self/fd/".length)) };
}

/** Once dlopen has mapped the shim, its descriptor is no longer needed. */
export function nativeLoaded(): void {
  for (const path of openDescriptors) closeFd(path);
  openDescriptors = [];
}

function closeFd(procPath: string): void {
  try {
    closeSync(Number(procPath.slice("/proc/self/fd/".length)));
  } catch {
    // already closed
  }
}
