/** Which CRI socket swoll picks: --cri, --no-cri, or the first well-known one that is a socket. */
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { criSocket, WELL_KNOWN_SOCKETS } from "../../cli/runtime/cri";

const dir = mkdtempSync(join(tmpdir(), "swoll-cri-sock-"));
const servers: Server[] = [];
const listen = (path: string) => new Promise<void>((r) => servers.push(createServer().listen(path, () => r())));

afterAll(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

test("containerd, then k3s, then CRI-O", () => {
  expect(WELL_KNOWN_SOCKETS).toEqual(["/run/containerd/containerd.sock", "/run/k3s/containerd/containerd.sock", "/run/crio/crio.sock"]);
});

test("auto-detect: the first candidate that is a socket; a plain file or a missing path is skipped", async () => {
  const [a, b, c] = ["containerd", "k3s", "crio"].map((n) => join(dir, n, `${n}.sock`));
  for (const p of [a, b, c]) mkdirSync(join(p!, ".."), { recursive: true });
  writeFileSync(a!, "not a socket");
  await listen(c!);
  expect(criSocket(undefined, [a!, b!, c!])).toBe(c!);
  expect(criSocket(true, [a!, b!, c!])).toBe(c!);
  await listen(b!);
  expect(criSocket(undefined, [a!, b!, c!])).toBe(b!);
  expect(criSocket(undefined, [a!])).toBeNull();
});

test("--no-cri: none, even with a socket present; --cri: that path, unix:// accepted", () => {
  expect(criSocket(false, [join(dir, "crio", "crio.sock")])).toBeNull();
  expect(criSocket("unix:///run/x.sock")).toBe("/run/x.sock");
  expect(criSocket("/run/x.sock")).toBe("/run/x.sock");
});
