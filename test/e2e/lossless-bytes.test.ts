/**
 * Bytes that are not UTF-8, in paths, comms and cgroup names, through the
 * real dist/swoll: the original bytes can always be recovered, in JSON
 * (a byte 0xNN is the lone surrogate U+DCNN, written \udcNN) and in text
 * (octal \NNN, a literal backslash doubled), and they never look like the
 * same characters typed as text.
 */
import { describe, expect, test, setDefaultTimeout } from "bun:test";
import { existsSync, mkdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startTracer } from "../helpers/swoll";
import { cgroup2Root, until } from "../helpers/serve";
import { ownWorkload } from "../helpers/workload";

setDefaultTimeout(60_000);

/** Run the workload with arguments built by printf, so they can hold any byte. */
function runWithBytes(path: string, ...printfArgs: string[]): void {
  const r = Bun.spawnSync(["sh", "-c", `exec "$0" ${printfArgs.map((_, i) => `"$(printf '%b' "$${i + 1}")"`).join(" ")}`, path, ...printfArgs], { stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`workload failed: ${r.stderr}`);
}

describe("bytes that are not UTF-8", () => {
  const tag = `/tmp/swoll-bytes-${process.pid}-${Math.random().toString(36).slice(2, 8)}-`;

  test("a path with the byte 0xff, and paths with the text \\377 and \\xff, come out different and recoverable", async () => {
    const wl = ownWorkload();
    const json = await startTracer(["trace", "-s", "openat", "--comm", wl.comm, "--json", "-d", "30s"]);
    const text = await startTracer(["trace", "-s", "openat", "--comm", wl.comm, "--no-color", "-d", "30s"]);
    try {
      // printf %b: \0377 is the byte, \\ a backslash
      for (const arg of [`${tag}\\0377`, `${tag}\\\\377`, `${tag}\\\\xff`]) runWithBytes(wl.path, "open", arg);
      await json.waitFor((t) => t.json().filter((e) => String(e.args?.pathname).startsWith(tag)).length >= 3);
      await text.waitFor((t) => t.lines().filter((l) => l.includes(tag)).length >= 3);
    } finally {
      wl.remove();
      await json.stop();
      await text.stop();
    }
    const paths = json.json().map((e) => e.args?.pathname).filter((p) => String(p).startsWith(tag));
    expect(paths).toEqual([`${tag}\udcff`, `${tag}\\377`, `${tag}\\xff`]);
    // the JSON text itself: \udcff for the byte, a doubled backslash for the text
    const raw = json.lines().filter((l) => l.includes(tag));
    expect(raw[0]).toContain(`"pathname":"${tag}\\udcff"`);
    expect(raw[1]).toContain(`"pathname":"${tag}\\\\377"`);
    const shown = text.lines().filter((l) => l.includes(tag)).map((l) => /openat\(AT_FDCWD, ("[^ ]*"),/.exec(l)![1]);
    expect(shown).toEqual([`"${tag}\\377"`, `"${tag}\\\\377"`, `"${tag}\\\\xff"`]);
  });

  test("a comm with the byte 0xc3 alone prints as \\303, and as \\udcc3 in JSON", async () => {
    const wl = ownWorkload();
    const path = `${tag}comm`;
    const json = await startTracer(["trace", "-s", "openat", "--json", "-d", "30s"]);
    try {
      runWithBytes(wl.path, "comm", "sw\\0303ll", path);
      await json.waitFor((t) => t.json().some((e) => e.args?.pathname === path));
    } finally {
      wl.remove();
      await json.stop();
    }
    expect(json.json().find((e) => e.args?.pathname === path).comm).toBe("sw\udcc3ll");
  });

  test("a container whose cgroup path is not UTF-8 is still attributed", async () => {
    const wl = ownWorkload();
    const id = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
    const parent = Buffer.concat([Buffer.from(join(cgroup2Root(), `swoll-bytes-${process.pid}-`)), Buffer.from([0xff])]);
    const scope = Buffer.concat([parent, Buffer.from(`/cri-containerd-${id}.scope`)]);
    const t = await startTracer(["trace", "-s", "openat", "--comm", wl.comm, "--json", "-d", "30s"]);
    const proc = Bun.spawn(["sh", "-c", `read x; exec "$0" open-loop ${tag}cg 20`, wl.path], { stdin: "pipe", stdout: "ignore", stderr: "ignore" });
    try {
      mkdirSync(scope, { recursive: true });
      writeFileSync(Buffer.concat([scope, Buffer.from("/cgroup.procs")]), String(proc.pid));
      proc.stdin.write("go\n");
      proc.stdin.flush();
      await t.waitFor((t) => t.json().some((e) => e.args?.pathname === `${tag}cg` && e.container !== null), 15_000);
      expect(t.json().find((e) => e.args?.pathname === `${tag}cg` && e.container !== null).container.id).toBe(id);
    } finally {
      proc.kill("SIGKILL");
      await proc.exited;
      wl.remove();
      await t.stop();
      for (const dir of [scope, parent])
        for (let i = 0; i < 50 && existsSync(dir); i++) {
          try {
            rmdirSync(dir);
          } catch {
            await Bun.sleep(20);
          }
        }
    }
  });
});
