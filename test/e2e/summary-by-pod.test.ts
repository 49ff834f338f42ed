/**
 * swoll trace -c --summary-by pod on real containers: a private containerd
 * runs a pod through CRI, and the -c table is split per container, named
 * from the runtime's metadata (no kubeconfig).
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SWOLL, parseEventLine } from "../helpers/swoll";
import { envWithoutKubeconfig } from "../fixtures/k8s/cluster";
import { Containerd, type RealPod } from "../fixtures/runtime/containerd";

setDefaultTimeout(120_000);

let rt: Containerd;
let pod: RealPod;
let home: string;
const run = Math.random().toString(36).slice(2, 8);
const name = `sum-${run}-5d9c7b6f4-k2m4n`;

beforeAll(async () => {
  rt = await Containerd.start();
  home = mkdtempSync(join(tmpdir(), "swoll-home-"));
  pod = await rt.runPod({ name, namespace: "shop", labels: { app: "sum" }, containers: [{ name: "web", command: ["/bin/sh", "-c", "while :; do /bin/echo x >/dev/null; sleep 0.2; done"] }] });
}, 120_000);

afterAll(async () => {
  await rt?.close();
  if (home) rmSync(home, { recursive: true, force: true });
}, 120_000);

test("-c --summary-by pod: one table per container, under namespace/pod/container", async () => {
  expect(pod.sandboxId).toBeTruthy();
  const p = Bun.spawn([SWOLL, "trace", "-c", "--summary-by", "pod", "--cri", rt.socket, "-s", "execve,wait4", "-d", "4s"], { env: envWithoutKubeconfig(home), stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  expect(code, err).toBe(0);
  const lines = out.split("\n");
  expect(lines[0]).toMatch(/^swoll: time in each call from entry to exit/);
  const at = lines.indexOf(`--- shop/${name}/web ---`);
  expect(at).toBeGreaterThan(0);
  // the container's table: its shell's execve of /bin/echo, five a second for four seconds
  const table = lines.slice(at + 1, lines.indexOf("", at + 1) === -1 ? undefined : lines.indexOf("", at + 1));
  const execve = table.find((l) => / execve$/.test(l));
  expect(execve).toBeDefined();
  expect(Number(execve!.trim().split(/\s+/)[3])).toBeGreaterThanOrEqual(5);
  expect(table.at(-1)).toMatch(/ total$/);
  if (process.env.SWOLL_SHOW) process.stderr.write(out);
});

test("-c -o json --summary-by pod: the container's group with its namespace, pod and container as fields", async () => {
  const p = Bun.spawn([SWOLL, "trace", "-c", "-o", "json", "--summary-by", "pod", "--cri", rt.socket, "-s", "execve,wait4", "-d", "3s"], { env: envWithoutKubeconfig(home), stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  expect(code, err).toBe(0);
  const lines = out.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  const doc = parseEventLine(lines[0]!);
  expect(doc).toMatchObject({ type: "summary", by: "pod" });
  const group = doc.groups.find((g: any) => g.namespace === "shop" && g.pod === name && g.container === "web");
  expect(group).toBeDefined();
  expect(group.container_id).toMatch(/^[0-9a-f]{64}$/);
  expect(group.rows.find((r: any) => r.syscall === "execve").calls).toBeGreaterThanOrEqual(5);
  expect(doc.totals.calls).toBe(doc.groups.reduce((n: number, g: any) => n + g.totals.calls, 0));
  if (process.env.SWOLL_SHOW) process.stderr.write(out);
});
