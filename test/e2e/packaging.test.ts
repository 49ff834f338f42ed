/** dist/swoll carries its BPF object, shim and libbpf; nothing else at run time. */
import { expect, test, setDefaultTimeout } from "bun:test";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, SWOLL, startTracer } from "../helpers/swoll";

// The real probe and real processes: each wait is bounded in the test itself.
setDefaultTimeout(60_000);

const NOBODY = 65534;

/** The memory files the running swoll mapped its libraries from, by name. */
function mappedLibraries(pid: number): { name: string; range: string }[] {
  return readFileSync(`/proc/${pid}/maps`, "utf8")
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 6 && /\.so/.test(f.slice(5).join(" ")))
    .map((f) => ({ name: f.slice(5).join(" "), range: f[0]! }));
}

test("the shim and libbpf load from sealed memory files, never from a file on disk", async () => {
  const t = await startTracer(["trace", "-s", "getppid", "-d", "30s"]);
  try {
    const libs = mappedLibraries(t.pid);
    const names = [...new Set(libs.map((l) => l.name))];
    expect(names).toContain("/memfd:swoll:libswoll.so (deleted)");
    expect(names).toContain("/memfd:swoll:libbpf.so.1 (deleted)");
    expect(names.filter((n) => /libbpf/.test(n) && !n.startsWith("/memfd:"))).toEqual([]);
    // the shim's own dependencies: libbpf (the bundled one, above) and system libraries only
    const shim = libs.find((l) => l.name.startsWith("/memfd:swoll:libswoll.so"))!;
    const dyn = Bun.spawnSync(["readelf", "-d", `/proc/${t.pid}/map_files/${shim.range}`], { stdout: "pipe" }).stdout.toString();
    const needed = [...dyn.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]!);
    expect(needed).toContain("libbpf.so.1");
    const allowed = /^(libbpf\.so\.1|libc\.so\.6|libelf\.so\.1|libz\.so\.1)$/;
    expect(needed.filter((l) => !allowed.test(l))).toEqual([]);
    // the descriptors were only needed for dlopen
    const fds = readdirSync(`/proc/${t.pid}/fd`).map((fd) => { try { return readlinkSync(`/proc/${t.pid}/fd/${fd}`); } catch { return ""; } });
    expect(fds.filter((f) => f.startsWith("/memfd:swoll:"))).toEqual([]);
  } finally {
    expect(await t.stop()).toBe(0);
  }
});

test("a directory another user made, with a planted symlink, is neither used, changed nor followed", () => {
  // What the old on-disk cache would have used: $SWOLL_CACHE_DIR/<hash of the two libraries>.
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(readFileSync(join(ROOT, "build", "libswoll.so")));
  hasher.update(readFileSync(join(ROOT, "build", "libbpf.so.1")));
  const shared = mkdtempSync(join(tmpdir(), "swoll-shared-"));
  const planted = join(shared, hasher.digest("hex").slice(0, 16));
  const victim = join(shared, "victim");
  try {
    chmodSync(shared, 0o1777);
    writeFileSync(victim, "precious\n", { mode: 0o644 });
    mkdirSync(planted, { mode: 0o777 });
    chmodSync(planted, 0o777);
    for (const name of ["libswoll.so", "libbpf.so.1"]) symlinkSync(victim, join(planted, name));
    chownSync(planted, NOBODY, NOBODY);
    const r = Bun.spawnSync([SWOLL, "trace", "-s", "getppid", "-d", "50ms"], { env: { ...process.env, SWOLL_CACHE_DIR: shared }, stdout: "ignore", stderr: "pipe" });
    expect(r.stderr.toString()).toBe("");
    expect(r.exitCode).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    expect(statSync(planted).mode & 0o7777).toBe(0o777);
    expect(statSync(planted).uid).toBe(NOBODY);
    expect(readdirSync(planted).sort()).toEqual(["libbpf.so.1", "libswoll.so"]);
    expect(readdirSync(shared).sort()).toEqual([planted.slice(shared.length + 1), "victim"].sort());
  } finally {
    rmSync(shared, { recursive: true, force: true });
  }
});

test("the executable runs with no bun, clang or libbpf-dev on PATH", () => {
  const r = Bun.spawnSync([join(import.meta.dir, "../../dist/swoll"), "trace", "-s", "getppid", "-d", "50ms"], {
    env: { PATH: "/nonexistent" },
    stderr: "pipe",
  });
  expect(r.stderr.toString()).toBe("");
  expect(r.exitCode).toBe(0);
});
