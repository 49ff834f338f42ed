/**
 * `kubectl swoll <TAB>` through the real kubectl: kubectl runs
 * kubectl_complete-swoll (dist/, a link to swoll) and reads cobra's
 * completion protocol back. Names of pods and namespaces come from the
 * fixture's TLS API server through $KUBECONFIG.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SWOLL } from "../helpers/swoll";
import { FakeCluster, NODE } from "../fixtures/k8s/cluster";
import { pod } from "../fixtures/k8s/apiserver";
import { randomHex, randomUid } from "../fixtures/k8s/node";

setDefaultTimeout(60_000);

const cluster = new FakeCluster();
let bin: string, home: string;

beforeAll(() => {
  cluster.start();
  for (const [name, namespace] of [["nginx-7c5ddbdf54-x8p2q", "default"], ["ngrok-0", "default"], ["redis-0", "shop"]])
    cluster.api.add(pod({ name: name!, namespace: namespace!, uid: randomUid(), node: NODE, containers: [{ name: "c", image: "busybox:1.36", id: randomHex(64), runtime: "containerd" }] }));
  bin = mkdtempSync(join(tmpdir(), "swoll-kbin-"));
  home = mkdtempSync(join(tmpdir(), "swoll-khome-"));
  symlinkSync(SWOLL, join(bin, "kubectl-swoll"));
  symlinkSync(SWOLL, join(bin, "kubectl_complete-swoll"));
});

afterAll(async () => {
  await cluster.cleanup();
  rmSync(bin, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

/**
 * kubectl runs a plugin's completer from 1.26 on. With such a kubectl on
 * PATH the test goes through it; with an older one (Debian's 1.20) it runs
 * kubectl_complete-swoll exactly as kubectl does (strace shows it): the
 * words after the plugin's name, nothing else.
 */
function kubectlCompletesPlugins(): boolean {
  const r = Bun.spawnSync(["kubectl", "version", "--client", "-o", "json"], { stdout: "pipe", stderr: "ignore" });
  if (r.exitCode !== 0) return false;
  const v = JSON.parse(r.stdout.toString()).clientVersion;
  return Number(v?.major) > 1 || (Number(v?.major) === 1 && parseInt(v?.minor, 10) >= 26);
}
const viaKubectl = kubectlCompletesPlugins();
console.log(`kubectl swoll completion: ${viaKubectl ? "through the kubectl on PATH" : "kubectl on PATH is older than 1.26: kubectl_complete-swoll run as kubectl runs it"}`);

/** What kubectl offers for the line (its last word is the one being completed), and cobra's directive. */
async function complete(...words: string[]): Promise<{ values: string[]; directive: string }> {
  const argv = viaKubectl ? ["kubectl", "__complete", "swoll", ...words] : [join(bin, "kubectl_complete-swoll"), ...words];
  const p = Bun.spawn(argv, {
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: home, KUBECONFIG: cluster.tokenConfig, NODE_NAME: NODE },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, , code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  expect(code).toBe(0);
  const lines = out.split("\n").filter(Boolean);
  return { values: lines.slice(0, -1).map((l) => l.split("\t")[0]!).sort(), directive: lines.at(-1)! };
}

describe("kubectl swoll <TAB>", () => {
  test("subcommands, flags, syscall names and classes", async () => {
    expect(await complete("tr")).toEqual({ values: ["trace"], directive: ":4" });
    expect((await complete("trace", "--pod")).values).toEqual(["--pod"]);
    expect((await complete("trace", "-s", "openat,%fi")).values).toEqual(["openat,%file"]);
    expect((await complete("trace", "-s", "ope")).values).toEqual(["open", "open_by_handle_at", "open_tree", "openat", "openat2"]);
    expect((await complete("trace", "-o", "")).values).toEqual(["columns=", "json", "payload", "text", "wide"]);
  });

  test("pods and namespaces from the kubeconfig: this node's pods in the context's namespace", async () => {
    expect((await complete("trace", "--pod", "ng")).values).toEqual(["nginx-7c5ddbdf54-x8p2q", "ngrok-0"]);
    expect((await complete("trace", "--namespace", "")).values).toEqual(["default", "shop"]);
  });
});
