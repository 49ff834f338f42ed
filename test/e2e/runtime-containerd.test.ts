/**
 * The compiled dist/swoll with the real probe against real containers: a
 * private containerd (CRI plugin, runc, cgroupfs driver) running pods made
 * through CRI as kubelet makes them, and a plain `ctr run` container. The
 * runtime creates every cgroup here; nothing is named by hand. The systemd
 * `.scope` layouts need a systemd-managed node, which these VMs are not:
 * they stay covered by the synthetic node (test/fixtures/k8s/node.ts).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSwoll, startTracer, SWOLL, type Tracer } from "../helpers/swoll";
import { startServe, until } from "../helpers/serve";
import { envWithoutKubeconfig, NODE, TOKEN } from "../fixtures/k8s/cluster";
import { FakeApiServer, type FakePod } from "../fixtures/k8s/apiserver";
import { kubeconfig, makePki } from "../fixtures/k8s/pki";
import { Containerd, type RealPod } from "../fixtures/runtime/containerd";

setDefaultTimeout(120_000);

let rt: Containerd;
let web: RealPod, db: RealPod;
let plainId: string;
let home: string;
const run = Math.random().toString(36).slice(2, 8);
const TAG = { web: `swoll-rt-web-${run}`, side: `swoll-rt-side-${run}`, db: `swoll-rt-db-${run}`, plain: `swoll-rt-plain-${run}` };
/** A container's pid 1: a shell that execs /bin/echo <tag> five times a second. */
const loop = (tag: string) => ["/bin/sh", "-c", `while :; do /bin/echo ${tag} >/dev/null; sleep 0.2; done`];

beforeAll(async () => {
  rt = await Containerd.start();
  home = mkdtempSync(join(tmpdir(), "swoll-home-"));
  web = await rt.runPod({
    name: "web-5d9c7b6f4-k2m4n", namespace: "shop", labels: { app: "web", tier: "front" },
    containers: [{ name: "web", command: loop(TAG.web) }, { name: "sidecar", command: loop(TAG.side) }],
  });
  db = await rt.runPod({ name: "db-0", namespace: "data", labels: { app: "db" }, containers: [{ name: "db", command: loop(TAG.db) }] });
  plainId = `swoll-plain-${run}`;
  rt.ctrRun(plainId, loop(TAG.plain));
}, 120_000);

afterAll(async () => {
  await rt?.close();
  if (home) rmSync(home, { recursive: true, force: true });
}, 120_000);

const echoes = (events: any[], tag: string) => events.filter((e) => e.args?.filename === "/bin/echo" && e.args?.argv?.[1] === tag);

/** swoll trace --json -s execve (plus args) until every tag in `want` was seen `n` times; no kubeconfig anywhere. */
async function trace(args: string[], want: string[], opts: { n?: number; during?: (t: Tracer) => Promise<void>; until?: (events: any[]) => boolean } = {}) {
  const t = await withoutKubeconfig(() => startTracer(["trace", "--json", "-s", "execve", "-d", "120s", ...args]));
  try {
    if (opts.during) await opts.during(t);
    await t.waitFor((t) => want.every((tag) => echoes(t.json(), tag).length >= (opts.n ?? 3)) && (opts.until?.(t.json()) ?? true), 20_000);
  } finally {
    await t.stop();
  }
  return { events: t.json().filter((e) => e.syscall), err: t.err() };
}

/** Runs `start` (which spawns dist/swoll) with no kubeconfig anywhere swoll would look. */
async function withoutKubeconfig<T>(start: () => Promise<T>): Promise<T> {
  const env = envWithoutKubeconfig(home);
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) delete process.env[k];
  Object.assign(process.env, env);
  try {
    return await start(); // Bun.spawn reads process.env synchronously
  } finally {
    for (const k of Object.keys(process.env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** What containerd itself says about a container: its pid (verbose info) and image strings. */
async function criStatus(id: string) {
  const r = await rt.cri.call<any>("ContainerStatus", { containerId: id, verbose: true });
  return { pid: JSON.parse(r.info.info).pid as number, image: r.status.image.image as string, imageRef: r.status.imageRef as string };
}
const pidNs = (pid: number) => Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/pid`))![1]);

describe("attribution of real containers, without pod metadata (--no-cri, no kubeconfig)", () => {
  test("CRI containers: the runtime's id, the pod uid from kubelet's cgroup parent, the init pid and pid namespace containerd reports; ctr run: /default/<name>", async () => {
    // uid 0 kept: after the drop to nobody, /proc/<pid>/ns of root's container processes can be
    // unreadable and pid-namespace null (reported to the privilege-drop work)
    const { events, err } = await trace(["--no-cri", "--no-drop-user"], [TAG.web, TAG.plain]);
    expect(err).toMatch(/^(swoll: \d+ events, \d+ lost\n)?$/);
    const id = web.containers.get("web")!;
    const s = await criStatus(id);
    const c = echoes(events, TAG.web)[0].container;
    expect(c).toEqual({ id, pod: null, name: null, image: null, namespace: null, labels: null, pid: s.pid, "pid-namespace": pidNs(s.pid), "pod-uid": web.uid, "image-id": null });
    // the execs come from children of the container's pid 1, in its pid namespace
    for (const e of echoes(events, TAG.web)) expect(e.pid_ns).toBe(pidNs(s.pid));
    const plain = echoes(events, TAG.plain)[0].container;
    const plainPid = Number(rt.ctr("default", "task", "ls").split("\n").find((l) => l.startsWith(plainId + " "))!.trim().split(/\s+/)[1]);
    expect(plain).toEqual({ id: plainId, pod: null, name: null, image: null, namespace: null, labels: null, pid: plainPid, "pid-namespace": pidNs(plainPid), "pod-uid": null, "image-id": null });
  });
});

describe("pod metadata from CRI alone (no kubeconfig)", () => {
  test("trace --json fills pod, name, namespace, image and the pod's and kubelet's labels", async () => {
    const { events, err } = await trace(["--cri", rt.socket, "--no-drop-user"], [TAG.web, TAG.side, TAG.db, TAG.plain]); // uid 0: pid-namespace (see above)
    expect(err).toMatch(/^(swoll: \d+ events, \d+ lost\n)?$/);
    const id = web.containers.get("web")!;
    const s = await criStatus(id);
    expect(echoes(events, TAG.web)[0].container).toEqual({
      id, pod: web.name, name: "web", image: "swoll.test/busybox:1", namespace: "shop",
      labels: { app: "web", tier: "front", "io.kubernetes.container.name": "web", "io.kubernetes.pod.name": web.name, "io.kubernetes.pod.namespace": "shop", "io.kubernetes.pod.uid": web.uid },
      pid: s.pid, "pid-namespace": pidNs(s.pid), "pod-uid": web.uid, "image-id": s.imageRef,
    });
    expect(echoes(events, TAG.side)[0].container).toMatchObject({ id: web.containers.get("sidecar"), pod: web.name, name: "sidecar" });
    expect(echoes(events, TAG.db)[0].container).toMatchObject({ pod: "db-0", name: "db", namespace: "data", labels: { app: "db" } });
    expect(echoes(events, TAG.plain)[0].container).toMatchObject({ id: plainId, pod: null }); // not a CRI container
  });

  test("--pod web -n shop --container web: only that container's calls get past the kernel", async () => {
    const { events } = await trace(["--cri", rt.socket, "--pod", "web", "-n", "shop", "--container", "web"], [TAG.web]);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.container?.id === web.containers.get("web"))).toBe(true);
  });

  test("-A -l app=db: the db pod in its own namespace, nothing else", async () => {
    const { events } = await trace(["--cri", rt.socket, "-A", "-l", "app=db"], [TAG.db]);
    expect(events.every((e) => e.container?.pod === "db-0" && e.container.namespace === "data")).toBe(true);
  });

  test("a process started by CRI ExecSync is the container's, in its pid namespace, and selected with it", async () => {
    const id = web.containers.get("web")!;
    const tag = `swoll-rt-exec-${run}`;
    const { events } = await trace(["--cri", rt.socket, "--pod", "web", "-n", "shop"], [TAG.web, tag], {
      n: 1,
      during: async (t) => {
        // the selection is in the kernel once the container's own loop is traced
        await t.waitFor((t) => echoes(t.json(), TAG.web).length >= 1, 20_000);
        for (let i = 0; i < 4; i++) expect((await rt.exec(id, ["/bin/echo", tag])).exitCode).toBe(0);
      },
    });
    const s = await criStatus(id);
    const e = echoes(events, tag)[0];
    expect(e.container).toMatchObject({ id, pod: web.name, name: "web", pid: s.pid });
    expect(e.pid_ns).toBe(pidNs(s.pid));
    expect(e.pid).not.toBe(s.pid);
  });

  test("a container restarted by kubelet (attempt 1, new id) keeps its pod and name", async () => {
    const pod = await rt.runPod({ name: "job-1", namespace: "batch", labels: { app: "job" }, containers: [{ name: "work", command: loop(`swoll-rt-job0-${run}`) }] });
    const first = pod.containers.get("work")!;
    await rt.stopContainer(first);
    const tag = `swoll-rt-job1-${run}`;
    const second = await rt.startContainer(pod, { name: "work", command: loop(tag) }, 1);
    expect(second).not.toBe(first);
    const { events } = await trace(["--cri", rt.socket, "-n", "batch", "--pod", "job-1"], [tag]);
    expect(echoes(events, tag)[0].container).toMatchObject({ id: second, pod: "job-1", name: "work", namespace: "batch" });
    expect(events.every((e) => e.container?.pod === "job-1")).toBe(true);
    await rt.removePod(pod);
  });

  test("the pause container is the pod's, with no container name (library observer)", async () => {
    const { ContainerObserver } = await import("../../cli/metadata/observer");
    const o = await ContainerObserver.open({ kubeconfig: false, criSocket: rt.socket });
    try {
      const pause = o.containers().find((c) => c.id === web.sandboxId);
      expect(pause).toMatchObject({ pod: web.name, namespace: "shop", name: null, "pod-uid": web.uid });
      const s = (await rt.cri.call<any>("PodSandboxStatus", { podSandboxId: web.sandboxId, verbose: true }));
      expect(pause!.pid).toBe(JSON.parse(s.info.info).pid);
    } finally {
      o.stop();
    }
  });
});

describe("top and serve with pod metadata from CRI alone", () => {
  test("top --once --group pod and --group namespace name the real pods", async () => {
    for (const [group, want] of [["pod", [`shop/${web.name}`, "data/db-0"]], ["namespace", ["shop", "data"]]] as const) {
      const t = await withoutKubeconfig(() => startTracer(["top", "--once", "-i", "2s", "-o", "json", "-s", "execve", "--group", group, "--cri", rt.socket]));
      expect(await t.exited).toBe(0);
      const rows = Object.fromEntries(JSON.parse(t.out()).rows.map((r: any) => [r.name, r.count]));
      for (const name of want) expect(rows[name]).toBeGreaterThan(0);
    }
  });

  test("serve: the real containers' series carry namespace, pod and container labels", async () => {
    const s = await withoutKubeconfig(() => startServe(["--cri", rt.socket]));
    try {
      const series = (ns: string, pod: string, container: string) => (body: string) =>
        body.split("\n").some((l) => l.startsWith("swoll_node_metrics_syscall_count{") && l.includes(`syscall="sys_execve"`) && l.includes(`namespace="${ns}",pod="${pod}",container="${container}"`));
      const want = [series("shop", web.name, "web"), series("shop", web.name, "sidecar"), series("data", "db-0", "db")];
      const body = await until("labelled series", () => s.text("/metrics"), (b) => want.every((w) => w(b)));
      expect(want.every((w) => w(body))).toBe(true);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });
});

describe("CRI and a kubeconfig agree", () => {
  test("on the same container, trace shows the same id, pod, namespace, name, labels, pid, image and image id from either source", async () => {
    const pki = makePki();
    const api = new FakeApiServer({ pki, token: TOKEN });
    api.start();
    const cfg = join(home, "kubeconfig");
    await Bun.write(cfg, kubeconfig({ server: api.url, ca: pki.ca, token: TOKEN }));
    try {
      // The Pod object as kubelet reports it: image from ContainerStatus image, imageID from its image_ref.
      const statuses = await Promise.all([...web.containers].map(async ([name, id]) => {
        const s = await criStatus(id);
        return { name, containerID: `containerd://${id}`, image: s.image, imageID: s.imageRef, ready: true, restartCount: 0 };
      }));
      const obj: FakePod = {
        metadata: { name: web.name, namespace: "shop", uid: web.uid, labels: { app: "web", tier: "front" } },
        spec: { nodeName: NODE, containers: statuses.map((c) => ({ name: c.name, image: c.image })) },
        status: { phase: "Running", containerStatuses: statuses },
      };
      api.add(obj);
      // uid 0 in both, so pid-namespace is read the same way (see above)
      const fromApi = await trace(["--no-cri", "--no-drop-user", "--kubeconfig", cfg, "--node", NODE], [TAG.web]);
      const fromCri = await trace(["--cri", rt.socket, "--no-drop-user"], [TAG.web]);
      const a = echoes(fromApi.events, TAG.web).at(-1).container;
      expect(a.pod).toBe(web.name);
      expect(echoes(fromCri.events, TAG.web).at(-1).container).toEqual(a);
    } finally {
      api.stop();
      pki.cleanup();
    }
  });
});

describe("a runtime that is missing, hangs or restarts", () => {
  test("selftest names the runtime it found, and a socket that does not answer without failing", () => {
    const ok = Bun.spawnSync([SWOLL, "selftest", "--no-load", "--no-color", "--cri", rt.socket], { stdout: "pipe" });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout.toString()).toMatch(new RegExp(`^ok\\s+container runtime\\s+containerd 1\\.\\S+ \\(CRI v1\\) at ${rt.socket}$`, "m"));
    const none = Bun.spawnSync([SWOLL, "selftest", "--no-load", "--no-color", "--cri", join(home, "none.sock")], { stdout: "pipe" });
    expect(none.exitCode).toBe(0);
    expect(none.stdout.toString()).toMatch(/^FAIL container runtime\s+no such socket: --cri \S*none\.sock$/m);
    expect(none.stdout.toString()).toMatch(/fix: pass the runtime's socket with --cri <socket> \(e\.g\. \/run\/containerd\/containerd\.sock\), or --no-cri$/m);
  });

  test("a socket this user may not open: selftest says so and how to fix it", () => {
    const r = runSwoll(["selftest", "--no-load", "--no-color", "--cri", rt.socket], { user: 65534 });
    expect(r.stdout).toMatch(new RegExp(`^FAIL container runtime\\s+${rt.socket}: CRI Version: connect EACCES`, "m"));
    expect(r.stdout).toMatch(/fix: run as root, pass the runtime's socket with --cri <socket>, or --no-cri/);
  });

  test("--cri at a path with no socket: one line naming the fix, exit 2", () => {
    const r = Bun.spawnSync([SWOLL, "trace", "--cri", join(home, "none.sock")], { stdout: "pipe", stderr: "pipe" });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.toString()).toBe(`swoll: no such socket: --cri ${join(home, "none.sock")}; pass the runtime's socket (e.g. /run/containerd/containerd.sock), or --no-cri\n`);
  });

  test("a socket that accepts and never answers: one warning after the deadline, the trace goes on", async () => {
    const path = join(home, "hang.sock");
    const server: Server = createServer(() => {}).listen(path);
    try {
      const { events, err } = await trace(["--cri", path], [TAG.web]);
      expect(err.match(/warning/g)).toHaveLength(1);
      expect(err).toMatch(/cannot use the container runtime at .*hang\.sock/);
      expect(echoes(events, TAG.web).length).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });

  // A new connection after the drop to nobody would be refused (the socket is root's): these two keep uid 0.
  test("a runtime that does not answer when swoll starts is asked again; its pods are named once it answers (--no-drop-user)", async () => {
    const path = join(home, "late.sock");
    const conns: Socket[] = [];
    const server: Server = createServer((c) => void conns.push(c)).listen(path);
    const { events, err } = await trace(["--cri", path, "--no-drop-user"], [TAG.web], {
      n: 1,
      during: async () => {
        // the runtime "comes up" at the same path
        const closed = new Promise<void>((r) => server.close(() => r()));
        for (const c of conns) c.destroy();
        await closed;
        rmSync(path, { force: true });
        symlinkSync(rt.socket, path);
      },
      until: (evs) => echoes(evs, TAG.web).some((e) => e.container?.pod === web.name),
    });
    expect(echoes(events, TAG.web).at(-1).container).toMatchObject({ pod: web.name, name: "web", namespace: "shop" });
    expect(err).toMatch(/cannot use the container runtime at .*late\.sock/);
    expect(err).toContain(`the container runtime at ${path} answers again`);
    rmSync(path, { force: true });
  });

  test("containerd restarts during a trace: pods started after it come back are named (--no-drop-user)", async () => {
    const tag = `swoll-rt-after-${run}`;
    let late: RealPod | undefined;
    const { events, err } = await trace(["--cri", rt.socket, "--no-drop-user"], [TAG.web, tag], {
      during: async () => {
        await rt.restartDaemon(1500);
        late = await rt.runPod({ name: "late-1", namespace: "shop", containers: [{ name: "late", command: loop(tag) }] });
      },
      // the late pod's first calls may come before swoll's next read of the runtime reconnects (its poll, gRPC's backoff)
      until: (evs) => echoes(evs, tag).some((e) => e.container?.pod === "late-1"),
    });
    expect(echoes(events, tag).at(-1).container, err).toMatchObject({ pod: "late-1", name: "late", namespace: "shop" });
    expect(echoes(events, TAG.web).at(-1).container).toMatchObject({ pod: web.name, name: "web" });
    expect((err.match(/warning/g) ?? []).length).toBeLessThanOrEqual(2); // lost, then answers again
    if (late) await rt.removePod(late);
  });

  test("containerd restarts after the drop to nobody: one warning, the pods known stay named, later ones get ids only", async () => {
    const tag = `swoll-rt-dropped-${run}`;
    let late: RealPod | undefined;
    const { events, err } = await trace(["--cri", rt.socket], [TAG.web, tag], {
      during: async () => {
        await rt.restartDaemon(1500);
        late = await rt.runPod({ name: "late-2", namespace: "shop", containers: [{ name: "late", command: loop(tag) }] });
      },
    });
    expect(err.match(/warning: .*container runtime/g)).toHaveLength(1);
    expect(echoes(events, TAG.web).at(-1).container).toMatchObject({ pod: web.name, name: "web" });
    expect(echoes(events, tag).at(-1).container).toMatchObject({ id: late!.containers.get("late"), pod: null, "pod-uid": late!.uid });
    if (late) await rt.removePod(late);
  });
});
