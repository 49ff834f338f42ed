// The committed tables must be exactly what scripts/gen-tables.ts produces on this machine.
import { expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "../..");
const TABLES = join(ROOT, "cli/decode/tables");

test("generated tables are fresh (bun scripts/gen-tables.ts)", () => {
  const out = mkdtempSync(join(tmpdir(), "swoll-tables-"));
  try {
    const p = Bun.spawnSync({
      cmd: [process.execPath, join(ROOT, "scripts/gen-tables.ts"), "--out", out],
      stdout: "pipe",
      stderr: "pipe",
    });
    if (p.exitCode !== 0) throw new Error(`gen-tables failed:\n${p.stderr.toString()}`);
    const produced = readdirSync(out).sort();
    expect(produced).toEqual([
      "consts-fs.ts", "consts-mm.ts", "consts-net.ts", "consts-proc.ts", "ctypes.ts", "errno.ts", "open-flags.ts", "structs.ts",
      "syscall-classes.ts", "syscalls-aarch64.ts", "syscalls-x86_64.ts",
    ]);
    for (const name of produced) {
      const fresh = readFileSync(join(out, name), "utf8");
      expect(fresh.split("\n")[0]).toMatch(/^\/\/ generated from .* by scripts\/gen-tables\.ts — do not edit$/);
      const committed = readFileSync(join(TABLES, name), "utf8");
      if (committed !== fresh) {
        throw new Error(`cli/decode/tables/${name} is stale; run: bun scripts/gen-tables.ts`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 240_000);

test("cli/decode/layout.ts is fresh (bun scripts/gen-layout.ts, from bpf/events.h)", () => {
  const out = join(mkdtempSync(join(tmpdir(), "swoll-layout-")), "layout.ts");
  try {
    const p = Bun.spawnSync({ cmd: [process.execPath, join(ROOT, "scripts/gen-layout.ts"), "--out", out], stdout: "pipe", stderr: "pipe" });
    if (p.exitCode !== 0) throw new Error(`gen-layout failed:\n${p.stderr.toString()}`);
    const fresh = readFileSync(out, "utf8");
    expect(fresh.split("\n")[0]).toBe("// generated from bpf/events.h by scripts/gen-layout.ts — do not edit");
    if (readFileSync(join(ROOT, "cli/decode/layout.ts"), "utf8") !== fresh) throw new Error("cli/decode/layout.ts is stale; run: bun scripts/gen-layout.ts");
  } finally {
    rmSync(dirname(out), { recursive: true, force: true });
  }
}, 240_000);

test("generator fails loudly when a syscall is not classified", () => {
  const dir = mkdtempSync(join(tmpdir(), "swoll-classes-"));
  try {
    const src = readFileSync(join(ROOT, "cli/decode/data/classes.in"), "utf8");
    const classes = join(dir, "classes.in");
    writeFileSync(classes, src.replace(/^openat FileSystem Files$/m, "# removed"));
    const p = Bun.spawnSync({
      cmd: [process.execPath, join(ROOT, "scripts/gen-tables.ts"), "--out", dir, "--classes", classes],
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(p.exitCode).not.toBe(0);
    expect(p.stderr.toString()).toMatch(/missing from .*classes\.in: .*\bopenat\b/);
    expect(readdirSync(dir)).toEqual(["classes.in"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 240_000);
