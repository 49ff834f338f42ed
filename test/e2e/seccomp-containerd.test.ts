/**
 * swoll seccomp's acceptance on the runtime fixture: a private containerd
 * runs pods through CRI as kubelet does, and applies the learned profile
 * the way kubelet asks it to (a Localhost seccomp profile in the
 * container's security context). The profile runs the same workload with
 * the same output, a call the workload never made is denied with EPERM,
 * and replicas of one Deployment — named only after their containers
 * started, as kubelet's status reports arrive — merge into one profile
 * that runs both.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTracer } from "../helpers/swoll";
import { FakeCluster, NODE } from "../fixtures/k8s/cluster";
import type { FakePod } from "../fixtures/k8s/apiserver";
import { Containerd, type RealPod } from "../fixtures/runtime/containerd";
import { RUNTIME_AFTER_FILTER } from "../../cli/seccomp/runtime-calls";

setDefaultTimeout(180_000);

const WORK = "echo hello; cat /etc/hostname; ls /";
/** runc init's own setup inside the container, before it installs the filter and execs the workload. */
const RUNTIME_SETUP = ["mount", "pivot_root", "sethostname", "umount2", "keyctl"];

let rt: Containerd;
let dir: string;
const run = Math.random().toString(36).slice(2, 8);

beforeAll(async () => {
  rt = await Containerd.start();
  dir = mkdtempSync(join(tmpdir(), "swoll-seccomp-cri-"));
}, 180_000);

afterAll(async () => {
  await rt?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 180_000);

const namesOf = (p: any): string[] => p.syscalls.filter((r: any) => r.action === "SCMP_ACT_ALLOW").flatMap((r: any) => r.names);

/** The security context kubelet sends for `seccompProfile: {type: Localhost}`. */
function underProfile(profilePath: string | null) {
  const securityContext: Record<string, unknown> = { namespaceOptions: { network: "NODE", pid: "CONTAINER", ipc: "POD" } };
  if (profilePath) securityContext.seccomp = { profileType: "Localhost", localhostRef: profilePath };
  return { linux: { securityContext } };
}

/** Runs `script` as the only container of a new pod; waits for it to exit; its exit code and output (from the CRI log). */
async function runOnce(name: string, script: string, opts: { uid?: string; profile?: string; labels?: Record<string, string> } = {}): Promise<{ pod: RealPod; code: number; stdout: string; stderr: string }> {
  const pod = await rt.runPod({
    name, namespace: "shop", uid: opts.uid, labels: opts.labels,
    containers: [{ name: "work", command: ["/bin/sh", "-c", script], extra: underProfile(opts.profile ?? null) }],
  });
  const id = pod.containers.get("work")!;
  const end = Date.now() + 60_000;
  let status: any;
  for (;;) {
    status = (await rt.cri.call<any>("ContainerStatus", { containerId: id })).status;
    if (status.state === "CONTAINER_EXITED" || status.state === 2) break;
    if (Date.now() > end) throw new Error(`container ${name} did not exit: ${JSON.stringify(status)}`);
    await Bun.sleep(100);
  }
  const log = readFileSync(join(rt.dir, "logs", `shop_${name}_${pod.uid}`, "work", "0.log"), "utf8");
  const lines = (stream: string) => log.split("\n").filter((l) => l.split(" ")[1] === stream).map((l) => l.split(" ").slice(3).join(" ") + "\n").join("");
  return { pod, code: status.exitCode ?? 0, stdout: lines("stdout"), stderr: lines("stderr") };
}

describe("a profile learned from a pod, applied by containerd as kubelet asks", () => {
  const uid = crypto.randomUUID();
  const podCgroup = `/kubepods/besteffort/pod${uid}`;
  let first: Awaited<ReturnType<typeof runOnce>>;
  let profilePath = "";
  let profile: any;

  beforeAll(async () => {
    const out = join(dir, "one");
    const rec = await startTracer(["seccomp", "--no-cri", "--cgroup", podCgroup, "--write-dir", out, "-d", "120s"]);
    first = await runOnce(`learn-${run}`, WORK, { uid });
    expect(await rec.stop("SIGINT")).toBe(0);
    const id = first.pod.containers.get("work")!;
    expect(rec.err()).toContain(`swoll: recording container ${id.slice(0, 12)} (cgroup ${podCgroup}/${id})\n`);
    profilePath = join(out, `container-${id.slice(0, 12)}.json`);
    profile = JSON.parse(readFileSync(profilePath, "utf8"));
  }, 180_000);

  test("the workload's calls from its execve on; none of runc init's setup", () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toStartWith("hello\n");
    const names = namesOf(profile);
    expect(names).toEqual(expect.arrayContaining(["execve", "write", "getdents64"]));
    for (const n of RUNTIME_SETUP) expect(names).not.toContain(n);
  });

  test("a new pod under the profile runs the same workload with the same output", async () => {
    const again = await runOnce(`apply-${run}`, WORK, { profile: profilePath });
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
  });

  test("a call the workload never made is denied with EPERM", async () => {
    const denied = await runOnce(`deny-${run}`, "busybox mkdir /tmp/x; echo rc=$?", { profile: profilePath });
    expect(denied.stdout).toBe("rc=1\n");
    expect(denied.stderr).toContain("Operation not permitted");
  });
});

describe("the runtime's calls after the filter, as containerd's CRI runs runc (no_new_privs off)", () => {
  test("are counted from the filter's install on, and the built-in list covers them", async () => {
    const uids = [crypto.randomUUID(), crypto.randomUUID()];
    const out = join(dir, "runtime");
    const allowAll = join(dir, "allow-all.json");
    writeFileSync(allowAll, JSON.stringify({ defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_AARCH64"], syscalls: [{ names: ["kexec_load"], action: "SCMP_ACT_ERRNO", errnoRet: 1 }] }));
    const rec = await startTracer(["seccomp", "--no-cri", ...uids.flatMap((u) => ["--cgroup", `/kubepods/besteffort/pod${u}`]), "--write-dir", out, "-d", "120s"]);
    const filtered = await runOnce(`filtered-${run}`, "true", { uid: uids[0], profile: allowAll });
    const plain = await runOnce(`plain-${run}`, "true", { uid: uids[1] });
    for (const r of [filtered, plain]) await rec.waitFor((t) => t.err().includes(`swoll: recording container ${r.pod.containers.get("work")!.slice(0, 12)} `), 20_000);
    expect(await rec.stop("SIGINT")).toBe(0);
    const cov = (r: typeof plain) => Object.keys(JSON.parse(readFileSync(join(out, `container-${r.pod.containers.get("work")!.slice(0, 12)}.coverage.json`), "utf8")).syscalls);
    const runtimeOnly = cov(filtered).filter((n) => !cov(plain).includes(n));
    expect(runtimeOnly).toEqual(expect.arrayContaining(["setuid", "capset"])); // the filter came before the user change
    for (const n of runtimeOnly) expect(RUNTIME_AFTER_FILTER).toContain(n);
  });
});

describe("replicas of one Deployment, named after their containers started", () => {
  const cluster = new FakeCluster();
  const work = ["echo a; cat /etc/hostname", "ls /; busybox touch /tmp/f; busybox wc -c /etc/hostname"];
  const replicas = work.map((_, i) => ({ name: `web-5d9c7b6f4-${run}${i}`, uid: crypto.randomUUID() }));
  const labels = { app: "web", "pod-template-hash": "5d9c7b6f4" };

  /** The Pod object: scheduled (no container yet), then as kubelet reports it once its container runs. */
  const podObject = (i: number, containerId?: string): FakePod => ({
    metadata: { name: replicas[i]!.name, namespace: "shop", uid: replicas[i]!.uid, labels, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-5d9c7b6f4", uid: "rs", controller: true }] },
    spec: { nodeName: NODE, containers: [{ name: "work", image: "swoll.test/busybox:1" }] },
    status: containerId
      ? { phase: "Running", containerStatuses: [{ name: "work", containerID: `containerd://${containerId}`, image: "swoll.test/busybox:1", imageID: "swoll.test/busybox@sha256:0", ready: true, restartCount: 0 }] }
      : { phase: "Pending" },
  }) as any;

  beforeAll(() => cluster.start(), 60_000);
  afterAll(async () => cluster.cleanup(), 60_000);

  test("merge into one profile per container name, with coverage per syscall, that runs both", async () => {
    const out = join(dir, "pods");
    replicas.forEach((_, i) => cluster.api.add(podObject(i)));
    const rec = await startTracer(["seccomp", "--no-cri", "-n", "shop", "-l", "app=web", "--kubeconfig", cluster.tokenConfig, "--node", NODE, "--write-dir", out, "-d", "120s"]);
    const runs = [];
    for (let i = 0; i < work.length; i++) {
      const r = await runOnce(replicas[i]!.name, work[i]!, { uid: replicas[i]!.uid, labels });
      // kubelet's status update, after the container started (and here, after it exited)
      cluster.api.add(podObject(i, r.pod.containers.get("work")));
      runs.push(r);
    }
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    // the recorder names each cgroup once the pod's update arrives, and says so
    for (const r of replicas) await rec.waitFor((t) => t.err().includes(`swoll: recording shop/${r.name} container work\n`), 20_000);
    expect(await rec.stop("SIGINT")).toBe(0);
    expect(rec.err()).toContain("shop/deployment/web container work: ");
    const profile = JSON.parse(readFileSync(join(out, "shop-deployment-web-work.json"), "utf8"));
    const cov = JSON.parse(readFileSync(join(out, "shop-deployment-web-work.coverage.json"), "utf8"));
    expect(cov.replicas).toBe(2);
    expect(cov.syscalls.execve).toBe("2/2");
    expect(Object.values(cov.syscalls)).toContain("1/2"); // the replicas did different things
    const path = join(dir, "merged.json");
    writeFileSync(path, JSON.stringify(profile));
    for (let i = 0; i < work.length; i++) {
      const r = await runOnce(`merged-${run}-${i}`, work[i]!, { profile: path });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(runs[i]!.stdout);
    }
  });
});
