/**
 * The agent image (scripts/image.ts) run as the DaemonSet runs it, in a
 * real container of a private containerd: deploy/daemonset.yaml's command,
 * env, securityContext, hostPID and volumes are translated into the CRI
 * calls kubelet would make. Two things differ from a cluster, both forced
 * by this VM: the pod uses the host network (no CNI here), so --listen
 * gets a free port instead of :9095; and the node's runtime directory
 * (/run/containerd on a node) is the private containerd's own directory.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { ROOT, bpfProgIdsOf, expectProgramsGone, niceOf } from "../helpers/swoll";
import { freePort, until } from "../helpers/serve";
import { Containerd, type RealPod } from "../fixtures/runtime/containerd";
import { AGENT_IMAGE, buildAgentImage } from "../../scripts/image";

setDefaultTimeout(120_000);

let rt: Containerd;
let web: RealPod;
let volumes: string;
const tag = `swoll-img-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  rt = await Containerd.start();
  volumes = mkdtempSync(join(tmpdir(), "swoll-agent-volumes-"));
  const archive = join(rt.dir, "swoll-image.tar");
  buildAgentImage(archive);
  rt.importImage(archive);
  web = await rt.runPod({ name: "web-7f9c-abcde", namespace: "shop", labels: { app: "web" }, containers: [{ name: "web", command: ["/bin/sh", "-c", `while :; do /bin/echo ${tag} >/dev/null; sleep 0.2; done`] }] });
}, 120_000);

afterAll(async () => {
  await rt?.close();
  if (volumes) rmSync(volumes, { recursive: true, force: true });
}, 120_000);

/** The DaemonSet's pod template, as the manifest says it. */
function template(): any {
  const docs = readFileSync(join(ROOT, "deploy", "daemonset.yaml"), "utf8");
  return parse(docs).spec.template;
}

/** kubelet's translation of the container spec into CRI: mounts from volumes, the security context field by field. */
function criContainer(tpl: any, port: number) {
  const spec = tpl.spec;
  const c = spec.containers[0];
  const volumesByName = new Map<string, any>(spec.volumes.map((v: any) => [v.name, v]));
  const mounts = c.volumeMounts.map((m: any) => {
    const v = volumesByName.get(m.name);
    let host: string;
    if (v.hostPath) host = v.hostPath.path === "/run/containerd" ? rt.dir : v.hostPath.path;
    else {
      host = join(volumes, m.name); // emptyDir: a fresh directory per pod, as kubelet makes it
      mkdirSync(host, { recursive: true });
    }
    return { containerPath: m.mountPath, hostPath: host, readonly: !!m.readOnly };
  }).filter((m: any) => !m.hostPath.startsWith("/run/k3s") && !m.hostPath.startsWith("/run/crio")); // DirectoryOrCreate would make them on the host
  const sc = c.securityContext;
  // host network here: /metrics gets a free loopback port, and the trace stream API (which
  // refuses the host's loopback) the unix socket serve suggests, in the pod's /tmp volume
  const args = c.args.map((a: string, i: number) => (c.args[i - 1] === "--listen" ? `127.0.0.1:${port}` : c.args[i - 1] === "--trace-listen" ? "unix:/tmp/trace.sock" : a));
  return {
    name: c.name,
    image: AGENT_IMAGE,
    command: [...c.command, ...args],
    extra: {
      envs: [{ key: "NODE_NAME", value: "swoll-test-node" }], // spec.nodeName through the downward API
      mounts,
      linux: {
        securityContext: {
          privileged: sc.privileged,
          runAsUser: { value: sc.runAsUser },
          readonlyRootfs: sc.readOnlyRootFilesystem,
          noNewPrivs: sc.allowPrivilegeEscalation === false,
          capabilities: { addCapabilities: sc.capabilities.add, dropCapabilities: sc.capabilities.drop },
          seccomp: { profileType: sc.seccompProfile.type === "Unconfined" ? "Unconfined" : "RuntimeDefault" },
          namespaceOptions: { network: "NODE", pid: spec.hostPID ? "NODE" : "CONTAINER", ipc: "POD" },
        },
      },
    },
  };
}

test("swoll serve in the agent image, with the DaemonSet's settings: attributes the node's real pods through CRI, serves their labels, detaches when stopped", async () => {
  const tpl = template();
  expect(tpl.spec.hostPID).toBe(true);
  const port = freePort();
  const c = criContainer(tpl, port);
  const agent = await rt.runPod({ name: "swoll-x7k2p", namespace: "swoll", labels: tpl.metadata.labels, hostPID: tpl.spec.hostPID, containers: [] });
  const id = await rt.startContainer(agent, c, 0);
  const status = async () => rt.cri.call<any>("ContainerStatus", { containerId: id, verbose: true });
  const logs = () => {
    try {
      return readFileSync(join(rt.dir, "logs", `swoll_swoll-x7k2p_${agent.uid}`, "swoll", "0.log"), "utf8");
    } catch {
      return "";
    }
  };
  const metrics = async () => {
    try {
      return await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    } catch {
      const st = await status();
      if (st.status.state !== "CONTAINER_RUNNING") throw new Error(`the agent exited (${st.status.exitCode} ${st.status.reason} ${st.status.message}):\n${logs()}`);
      return "";
    }
  };
  const series = (body: string) => body.split("\n").find((l) => l.startsWith("swoll_node_metrics_syscall_count{syscall=\"sys_execve\"") && l.includes(`namespace="shop",pod="${web.name}",container="web"`));
  const body = await until("the web pod's execve series", metrics, (b) => !!series(b), 30_000);
  expect(Number(series(body)!.split(" ").pop())).toBeGreaterThan(0);
  expect(logs()).toMatch(/serving http:\/\/127\.0\.0\.1:\d+\/metrics/);
  expect(logs()).not.toMatch(/warning: .*container runtime/);

  const pid = JSON.parse((await status()).info.info).pid as number;
  const progs = bpfProgIdsOf(pid); // hostPID: the agent's process is visible here
  expect(progs.length).toBeGreaterThan(0);
  // the manifest's SYS_NICE lets the thread that drains the trace streams run at --drain-nice's -10
  expect(niceOf(pid)).toBe(-10);
  await rt.cri.call("StopContainer", { containerId: id, timeout: 10 });
  const s = await status();
  expect(s.status.state).toBe("CONTAINER_EXITED");
  expect(s.status.exitCode).toBe(0);
  // the kernel frees a program once its last reference goes, which can trail the process's exit a little
  expect(await expectProgramsGone(progs)).toEqual([]);
  await rt.removePod(agent);
});
