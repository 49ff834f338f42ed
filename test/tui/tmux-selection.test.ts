/**
 * swoll top in a real terminal (tmux) with a pod selection that selects
 * nothing: its status line says where the pod is, and says so again when
 * a matching pod starts. The fixture's TLS API server, real cgroups.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { SWOLL } from "../helpers/swoll";
import { FakeCluster, NODE } from "../fixtures/k8s/cluster";

const TIMEOUT = 60_000;
const SOCKET = `swoll-top-sel-${process.pid}`;
const cluster = new FakeCluster();

function tmux(...args: string[]): string {
  const r = Bun.spawnSync(["tmux", "-L", SOCKET, "-f", "/dev/null", ...args], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`tmux ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.toString();
}

async function until(name: string, pred: (screen: string) => boolean, what: string, ms = 20000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const s = tmux("capture-pane", "-p", "-J", "-t", name);
    if (pred(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await Bun.sleep(100);
  }
}

beforeAll(async () => {
  cluster.start();
  await cluster.runAndPublish({ name: "tsel-7c5ddbdf54-x8p2q", namespace: "web", qos: "burstable", runtime: "containerd", containers: [{ name: "nginx", image: "nginx:1.25" }] });
}, TIMEOUT);

afterAll(async () => {
  Bun.spawnSync(["tmux", "-L", SOCKET, "kill-server"], { stderr: "ignore" });
  await cluster.cleanup();
}, TIMEOUT);

test("the status line says the selection is empty and where the pod is, then that one started", async () => {
  const name = "sel";
  tmux("new-session", "-d", "-s", name, "-x", "160", "-y", "30", `sh -c '${SWOLL} top -i 500ms --pod tsel --kubeconfig ${cluster.tokenConfig} --node ${NODE}; echo swoll-exit=$?; exec sleep 600'`);
  await until(name, (s) => s.includes('no pod "tsel" in namespace default; found in: web (use -n web or -A)'), "the empty selection on the status line");
  const late = await cluster.runAndPublish({ name: "tsel-5f6d8b9c7-q2w3e", namespace: "default", qos: "besteffort", runtime: "containerd", containers: [{ name: "nginx", image: "nginx:1.25" }] });
  await until(name, (s) => s.includes("now selecting pod default/tsel-5f6d8b9c7-q2w3e"), "the pod that started");
  tmux("send-keys", "-t", name, "q");
  const after = await until(name, (s) => s.includes("swoll-exit="), "swoll to exit");
  expect(after).toContain("swoll-exit=0");
  await cluster.node.stop(late.containers.nginx!);
}, TIMEOUT);
