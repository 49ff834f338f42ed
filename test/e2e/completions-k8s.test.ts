/**
 * Namespace and pod names in the real bash, zsh and fish, from the fake
 * TLS API server through dist/swoll's `completion --list`: the pods bound
 * to this node, in the namespace the trace would use. Without a
 * kubeconfig, completion offers nothing, prints nothing and is quick.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SWOLL } from "../helpers/swoll";
import { SHELLS, type Env } from "../helpers/completion-shells";
import { FakeCluster, NODE, envWithoutKubeconfig } from "../fixtures/k8s/cluster";
import { pod } from "../fixtures/k8s/apiserver";
import { randomHex, randomUid } from "../fixtures/k8s/node";

setDefaultTimeout(60_000);

const cluster = new FakeCluster();
let bin: string, home: string;

/** A Pod object only: completion reads names, no process needs to run. */
function publish(name: string, namespace: string, node = NODE): void {
  cluster.api.add(pod({ name, namespace, uid: randomUid(), node, containers: [{ name: "c", image: "busybox:1.36", id: randomHex(64), runtime: "containerd" }] }));
}

beforeAll(() => {
  cluster.start();
  publish("nginx-7c5ddbdf54-x8p2q", "default");
  publish("ngrok-0", "default");
  publish("nginx-7c5ddbdf54-remote", "default", "other-node"); // another node's pod: not traceable here
  publish("ngx-mirror-1", "shop"); // another namespace
  publish("redis-0", "shop");
  publish("coredns-5d78c9869d-kq2lx", "kube-system");
  publish("kube-proxy-7xk2p", "kube-system");
  publish("dashboard-0", "kube-dashboard");
  publish("elsewhere-0", "kube-elsewhere", "other-node");
  bin = mkdtempSync(join(tmpdir(), "swoll-bin-"));
  home = mkdtempSync(join(tmpdir(), "swoll-home-"));
  symlinkSync(SWOLL, join(bin, "swoll"));
});

afterAll(async () => {
  await cluster.cleanup();
  rmSync(bin, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

const withKube = (): Env => ({ PATH: `${bin}:${process.env.PATH}`, HOME: home, KUBECONFIG: cluster.tokenConfig, NODE_NAME: NODE });
const noKube = (): Env => ({ ...envWithoutKubeconfig(home), PATH: `${bin}:${process.env.PATH}` });

describe.each(SHELLS)("%s", (_shell, complete) => {
  test("swoll trace --pod ng<TAB> offers this node's pods in the context's namespace", async () => {
    expect(await complete("swoll trace --pod ng", withKube())).toEqual(["nginx-7c5ddbdf54-x8p2q", "ngrok-0"]);
  });

  test("swoll trace -n kube-<TAB> offers the namespaces of this node's pods", async () => {
    expect(await complete("swoll trace -n kube-", withKube())).toEqual(["kube-dashboard", "kube-system"]);
    expect(await complete("swoll top --namespace kube-s", withKube())).toEqual(["kube-system"]);
  });

  test("-n, -A, --kubeconfig and --node on the line are passed on", async () => {
    expect(await complete("swoll trace -n shop --pod ", withKube())).toEqual(["ngx-mirror-1", "redis-0"]);
    expect(await complete("swoll trace -A --pod ng", withKube())).toEqual(["nginx-7c5ddbdf54-x8p2q", "ngrok-0", "ngx-mirror-1"]);
    expect(await complete(`swoll trace --kubeconfig ${cluster.tokenConfig} --node ${NODE} --pod ng`, noKube())).toEqual(["nginx-7c5ddbdf54-x8p2q", "ngrok-0"]);
    expect(await complete(`swoll trace --kubeconfig ${cluster.tokenConfig} --node other-node -n kube-`, noKube())).toEqual(["kube-elsewhere"]);
  });

  test("without a kubeconfig: nothing offered, quickly", async () => {
    const t0 = performance.now();
    expect(await complete("swoll trace --pod ng", noKube())).toEqual([]);
    expect(await complete("swoll trace -n kube-", noKube())).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

test("swoll completion --list: one name per line; silent, exit 0 and fast without a kubeconfig or with a dead API server", async () => {
  const list = async (args: string[], env: Env) => {
    const t0 = performance.now();
    const p = Bun.spawn([SWOLL, "completion", "--list", ...args], { env, stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    return { code, out, err, ms: performance.now() - t0 };
  };
  const ok = await list(["pods", "-n", "kube-system"], withKube());
  expect(ok).toMatchObject({ code: 0, out: "coredns-5d78c9869d-kq2lx\nkube-proxy-7xk2p\n", err: "" });

  const none = await list(["pods"], noKube());
  expect(none).toMatchObject({ code: 0, out: "", err: "" });
  expect(none.ms).toBeLessThan(1000);

  // a kubeconfig whose server is gone: still quiet, bounded by the request timeout
  const dead = cluster.write("dead.kubeconfig", readFileSync(cluster.tokenConfig, "utf8").replace(cluster.api.url, "https://127.0.0.1:1"));
  const down = await list(["namespaces", "--kubeconfig", dead], noKube());
  expect(down).toMatchObject({ code: 0, out: "", err: "" });
  expect(down.ms).toBeLessThan(4000);

  const broken = cluster.write("broken.kubeconfig", "this: is: not: a kubeconfig");
  expect(await list(["pods", "--kubeconfig", broken], noKube())).toMatchObject({ code: 0, out: "", err: "" });
});
