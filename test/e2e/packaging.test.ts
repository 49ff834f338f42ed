/** dist/swoll carries its BPF object, shim and libbpf; nothing else at run time. */
import { expect, test, setDefaultTimeout } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { runSwoll, startTracer } from "../helpers/swoll";

// The real probe and real processes: each wait is bounded in the test itself.
setDefaultTimeout(60_000);

const CACHE = "/run/swoll";

function extractedDirs(): string[] {
  try {
    return readdirSync(CACHE).map((d) => join(CACHE, d));
  } catch {
    return [];
  }
}

test("the shim is extracted once into a root-only content-addressed dir and reused", () => {
  const first = runSwoll(["trace", "-s", "getppid", "-d", "50ms"]);
  expect(first.code).toBe(0);
  const dirs = extractedDirs();
  expect(dirs.length).toBeGreaterThanOrEqual(1);
  const before = dirs.map((d) => statSync(join(d, "libswoll.so")).mtimeMs);
  const second = runSwoll(["trace", "-s", "getppid", "-d", "50ms"]);
  expect(second.code).toBe(0);
  expect(extractedDirs()).toEqual(dirs); // no new copy per run
  expect(dirs.map((d) => statSync(join(d, "libswoll.so")).mtimeMs)).toEqual(before);
  for (const d of dirs) {
    expect(statSync(d).mode & 0o777).toBe(0o700);
    expect(d).toMatch(/\/run\/swoll\/[0-9a-f]{16}$/);
  }
});

test("the running tracer loaded the bundled libbpf, and the shim needs only libc, libelf, zlib", async () => {
  const t = await startTracer(["trace", "-s", "getppid", "-d", "30s"]);
  const maps = readFileSync(`/proc/${t.pid}/maps`, "utf8");
  await t.stop();
  const shim = /\s(\/run\/swoll\/[0-9a-f]{16})\/libswoll\.so$/m.exec(maps);
  expect(shim).not.toBeNull();
  const newest = shim![1]!;
  expect(maps).toContain(`${newest}/libbpf.so.1`);
  expect(maps).not.toMatch(/\/lib\/x86_64-linux-gnu\/libbpf/);
  const ldd = Bun.spawnSync(["ldd", join(newest, "libswoll.so")], { stdout: "pipe" }).stdout.toString();
  expect(ldd).toContain(`libbpf.so.1 => ${newest}/libbpf.so.1`);
  const libs = ldd
    .split("\n")
    .map((l) => l.trim().split(/\s+/)[0]!)
    .filter(Boolean)
    .map((l) => l.replace(/.*\//, ""));
  const allowed = /^(linux-vdso\.so\.1|libbpf\.so\.1|libc\.so\.6|libelf\.so\.1|libz\.so\.1|ld-linux-x86-64\.so\.2|ld-linux-aarch64\.so\.1)$/;
  expect(libs.filter((l) => !allowed.test(l))).toEqual([]);
  expect(ldd).not.toContain("not found");
});

test("the executable runs with no bun, clang or libbpf-dev on PATH", () => {
  const r = Bun.spawnSync([join(import.meta.dir, "../../dist/swoll"), "trace", "-s", "getppid", "-d", "50ms"], {
    env: { PATH: "/nonexistent" },
    stderr: "pipe",
  });
  expect(r.stderr.toString()).toBe("");
  expect(r.exitCode).toBe(0);
});
