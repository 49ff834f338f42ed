/**
 * Least privilege after attach: once dist/swoll trace, top and serve have
 * loaded, attached and filled their maps, every thread becomes `nobody`
 * (or --drop-user's user) with no capabilities in any set and
 * no_new_privs, like tcpdump -Z; with --no-drop-user, trace and serve stay
 * uid 0 with only what cli/privileges.ts lists. Either way events still
 * flow, containers started later are still attributed (their pid
 * namespace from the kernel), the kubeconfig's credentials still work,
 * metrics still count, and the exit leaves nothing attached.
 */
import { afterAll, beforeAll, describe, expect, test, setDefaultTimeout } from "bun:test";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { release, tmpdir } from "node:os";
import { join } from "node:path";
import { SWOLL, bpfProgIdsOf, expectProgramsGone, startTracer, type Tracer } from "../helpers/swoll";
import { cgroup2Root, startServe, until } from "../helpers/serve";
import { ownWorkload } from "../helpers/workload";
import { FakeCluster, NODE, eventsOf } from "../fixtures/k8s/cluster";

setDefaultTimeout(60_000);

const CAP_DAC_READ_SEARCH = 2n;
const CAP_SYS_PTRACE = 19n;
const CAP_BPF = 39n;
const NOBODY = 65534;
/** A user that is neither root nor the one swoll drops to. */
const OTHER = 4242;

/**
 * Whether this kernel checks CAP_BPF on every bpf() call, map updates
 * included: before 6.5 whenever kernel.unprivileged_bpf_disabled is set.
 */
function bpfGated(): boolean {
  const [maj, min] = release().split(".").map(Number) as [number, number];
  const disabled = Number(readFileSync("/proc/sys/kernel/unprivileged_bpf_disabled", "utf8").trim());
  return disabled !== 0 && (maj < 6 || (maj === 6 && min < 5));
}

/** The set each thread must end with, as far as this test process holds it to begin with. */
function expectedSet(kubeconfig: boolean): bigint {
  let want = 1n << CAP_SYS_PTRACE;
  if (kubeconfig) want |= 1n << CAP_DAC_READ_SEARCH;
  if (bpfGated()) want |= 1n << CAP_BPF;
  return want & statusOf("/proc/self/status").CapPrm;
}

interface CapStatus {
  CapInh: bigint;
  CapPrm: bigint;
  CapEff: bigint;
  CapBnd: bigint;
  CapAmb: bigint;
  NoNewPrivs: bigint;
}

function statusOf(path: string): CapStatus {
  const text = readFileSync(path, "utf8");
  const field = (name: string, hex: boolean) => BigInt(`${hex ? "0x" : ""}${new RegExp(`^${name}:\\s*(\\S+)$`, "m").exec(text)![1]}`);
  return {
    CapInh: field("CapInh", true), CapPrm: field("CapPrm", true), CapEff: field("CapEff", true),
    CapBnd: field("CapBnd", true), CapAmb: field("CapAmb", true), NoNewPrivs: field("NoNewPrivs", false),
  };
}

/** Every thread of pid, by name, with its effective uid and gid and its groups. */
function threads(pid: number): { tid: string; comm: string; uid: number; gid: number; groups: string; caps: CapStatus }[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const status = readFileSync(`/proc/${pid}/task/${tid}/status`, "utf8");
    return {
      tid,
      comm: readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim(),
      uid: Number(/^Uid:\s+\d+\s+(\d+)/m.exec(status)![1]),
      gid: Number(/^Gid:\s+\d+\s+(\d+)/m.exec(status)![1]),
      groups: /^Groups:[ \t]*(.*)$/m.exec(status)![1]!.trim(),
      caps: statusOf(`/proc/${pid}/task/${tid}/status`),
    };
  });
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** Waits for the drop, then checks every thread has exactly `want`. */
async function expectDropped(pid: number, want: bigint): Promise<void> {
  // the main thread drops first, then asks the others: wait for the last one
  const dropped = (ts: ReturnType<typeof threads>) => ts.every((t) => t.caps.CapEff === want && t.caps.NoNewPrivs === 1n);
  const all = await until("every thread to drop its capabilities", () => threads(pid), dropped, 10_000).catch(() => threads(pid));
  expect(all.length).toBeGreaterThan(1); // Bun's own threads too, not just the main one
  for (const t of all) {
    const c = t.caps;
    expect({ thread: t.comm, CapEff: hex(c.CapEff), CapPrm: hex(c.CapPrm), CapBnd: hex(c.CapBnd), CapInh: hex(c.CapInh), CapAmb: hex(c.CapAmb), NoNewPrivs: c.NoNewPrivs })
      .toEqual({ thread: t.comm, CapEff: hex(want), CapPrm: hex(want), CapBnd: hex(want), CapInh: "0x0", CapAmb: "0x0", NoNewPrivs: 1n });
  }
}

/**
 * Waits for the switch, then checks every thread is `uid` with no
 * capabilities at all. `bounding`: what a user without CAP_SETPCAP cannot
 * empty (no_new_privs and empty inheritable and ambient sets already keep
 * anything it runs from gaining those).
 */
async function expectUser(pid: number, uid: number, gid: number, bounding = 0n): Promise<void> {
  const switched = (ts: ReturnType<typeof threads>) => ts.every((t) => t.uid === uid && t.caps.NoNewPrivs === 1n);
  const all = await until("every thread to switch user", () => threads(pid), switched, 10_000).catch(() => threads(pid));
  expect(all.length).toBeGreaterThan(1); // Bun's own threads too, not just the main one
  for (const t of all) {
    const c = t.caps;
    expect({ thread: t.comm, uid: t.uid, gid: t.gid, groups: t.groups, CapEff: hex(c.CapEff), CapPrm: hex(c.CapPrm), CapBnd: hex(c.CapBnd), CapInh: hex(c.CapInh), CapAmb: hex(c.CapAmb), NoNewPrivs: c.NoNewPrivs })
      .toEqual({ thread: t.comm, uid, gid, groups: "", CapEff: "0x0", CapPrm: "0x0", CapBnd: hex(bounding), CapInh: "0x0", CapAmb: "0x0", NoNewPrivs: 1n });
  }
}

/** Whether `uid` (with no groups or capabilities) can read `path`: what the dropped tracer could. */
function readableAs(uid: number, gid: number, path: string): boolean {
  return Bun.spawnSync(["setpriv", `--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "head", "-c1", path], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
}

/** Start with this environment (Bun.spawn reads process.env when called). */
async function withEnv<T>(env: Record<string, string | undefined>, f: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    return await f();
  } finally {
    for (const k of Object.keys(process.env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

const home = mkdtempSync(join(tmpdir(), "swoll-caps-home-"));
const noKubeconfig = { HOME: home, KUBECONFIG: undefined, KUBERNETES_SERVICE_HOST: undefined };
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A fake container (cgroup named as containerd names it) whose init runs as root in its own pid namespace. */
async function startContainer(tag: string) {
  const root = join(cgroup2Root(), `swoll-caps-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const id = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const scope = join(root, `cri-containerd-${id}.scope`);
  mkdirSync(scope, { recursive: true });
  // The init joins the cgroup before unshare does, so that it is the process swoll finds there.
  const body = `while :; do /bin/echo ${tag} >/dev/null; sleep 0.1; done`;
  const proc = Bun.spawn(["unshare", "--pid", "--fork", "--kill-child", "--mount", "sh", "-c", body], { stdout: "ignore", stderr: "pipe" });
  const init = await until("the container's init", () => readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, "utf8").trim(), (s) => s !== "", 5000).then(Number);
  writeFileSync(join(scope, "cgroup.procs"), String(init));
  writeFileSync(join(scope, "cgroup.procs"), String(proc.pid));
  const pidNs = Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${init}/ns/pid`))![1]);
  return {
    id, init, pidNs,
    async remove() {
      proc.kill("SIGKILL");
      try {
        writeFileSync(join(scope, "cgroup.kill"), "1");
      } catch {
        // already gone
      }
      await proc.exited;
      for (const dir of [scope, root])
        for (let i = 0; i < 50 && existsSync(dir); i++) {
          try {
            rmdirSync(dir);
          } catch {
            await Bun.sleep(20); // the last task is still exiting
          }
        }
    },
  };
}

describe("after attach, swoll runs as nobody", () => {
  test("trace: every thread is nobody with no capabilities; root-only files are closed to it; a container started afterwards is attributed with its pid namespace", async () => {
    const t = await withEnv(noKubeconfig, () => startTracer(["trace", "-s", "execve", "--json", "-d", "45s"]));
    const secret = join(home, "root-only");
    writeFileSync(secret, "secret\n", { mode: 0o600 });
    const tag = `swoll-caps-${Math.random().toString(36).slice(2, 10)}`;
    let c: Awaited<ReturnType<typeof startContainer>> | undefined;
    try {
      await expectUser(t.pid, NOBODY, NOBODY);
      // what the tracer's uid can no longer open: a root-only file, and a root process's namespace
      expect(readableAs(0, 0, secret)).toBe(true);
      expect(readableAs(NOBODY, NOBODY, secret)).toBe(false);
      expect(readableAs(NOBODY, NOBODY, "/proc/1/environ")).toBe(false);

      c = await startContainer(tag);
      const without = Bun.spawnSync(["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--inh-caps=-all", "readlink", `/proc/${c.init}/ns/pid`], { stderr: "pipe" });
      expect(without.exitCode).not.toBe(0); // so the namespace below came from the kernel
      const mine = (e: any) => e.args?.argv?.[1] === tag && e.container?.id === c!.id;
      await t.waitFor((t) => t.json().some((e) => mine(e) && e.container["pid-namespace"] !== null), 15_000);
      const ev = t.json().find((e) => mine(e) && e.container["pid-namespace"] !== null);
      expect(ev.container).toMatchObject({ id: c.id, pid: c.init, "pid-namespace": c.pidNs });
      expect(t.err()).toBe("");
    } finally {
      await c?.remove();
      expect(await t.stop("SIGINT")).toBe(0);
    }
    expect(t.err()).toMatch(/^swoll: \d+ events, 0 lost\n$/);
    expect(await expectProgramsGone(t.progIds)).toEqual([]);
  });

  test("trace --drop-user daemon --comm: events keep flowing after the switch, in full", async () => {
    const daemon = readFileSync("/etc/passwd", "utf8").split("\n").map((l) => l.split(":")).find((f) => f[0] === "daemon")!;
    const wl = ownWorkload();
    const t = await withEnv(noKubeconfig, () => startTracer(["trace", "--drop-user", "daemon", "-s", "getppid", "--comm", wl.comm, "--json", "-d", "45s"]));
    try {
      await expectUser(t.pid, Number(daemon[2]), Number(daemon[3]));
      wl.run("getppid", "5000");
      await t.waitFor((t) => t.json().filter((e) => !e.type).length >= 5000, 20_000);
    } finally {
      wl.remove();
      await t.stop("SIGINT");
    }
    expect(t.json().filter((e) => !e.type)).toHaveLength(5000);
    expect(t.err()).toBe("swoll: 5000 events, 0 lost\n");
    expect(await expectProgramsGone(t.progIds)).toEqual([]);
  });

  test("top --once runs as nobody once its probe is attached", async () => {
    const wl = ownWorkload();
    const proc = await withEnv(noKubeconfig, async () => Bun.spawn([SWOLL, "top", "--once", "--json", "-i", "3s", "--comm", wl.comm, "-s", "getppid"], { stdout: "pipe", stderr: "pipe" }));
    try {
      await until("top's probe", () => bpfProgIdsOf(proc.pid).length, (n) => n >= 2, 15_000);
      await expectUser(proc.pid, NOBODY, NOBODY);
      wl.run("getppid", "300");
      expect(await proc.exited).toBe(0);
      const out = JSON.parse(await new Response(proc.stdout).text());
      expect(JSON.stringify(out)).toContain("getppid");
    } finally {
      wl.remove();
      proc.kill();
    }
  });

  test("serve runs as nobody, and still counts", async () => {
    const s = await withEnv(noKubeconfig, () => startServe());
    try {
      await expectUser(s.t.pid, NOBODY, NOBODY);
      await expectCounts(s);
    } finally {
      expect(await s.stop()).toBe(0);
    }
    expect(await expectProgramsGone(s.t.progIds)).toEqual([]);
  });
});

async function expectCounts(s: Awaited<ReturnType<typeof startServe>>): Promise<void> {
  const count = async () => {
    const body = await s.text("/metrics");
    return [...body.matchAll(/^swoll_node_metrics_syscall_count\{syscall="sys_getppid",err="OK"[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
  };
  const before = await count();
  const wl = ownWorkload();
  try {
    wl.run("getppid", "50000");
  } finally {
    wl.remove();
  }
  await until("the getppid calls to be counted", count, (n) => n >= before + 50000);
}

describe("--no-drop-user: uid 0 with a reduced capability set", () => {
  test("trace keeps only CAP_SYS_PTRACE in every thread, and events flow", async () => {
    const wl = ownWorkload();
    const t = await withEnv(noKubeconfig, () => startTracer(["trace", "--no-drop-user", "-s", "getppid", "--comm", wl.comm, "--json", "-d", "45s"]));
    try {
      await expectDropped(t.pid, expectedSet(false));
      expect(threads(t.pid).every((th) => th.uid === 0)).toBe(true);
      wl.run("getppid", "1000");
      await t.waitFor((t) => t.json().filter((e) => !e.type).length >= 1000, 20_000);
    } finally {
      wl.remove();
      await t.stop("SIGINT");
    }
    expect(t.err()).toBe("swoll: 1000 events, 0 lost\n");
    expect(await expectProgramsGone(t.progIds)).toEqual([]);
  });

  test("serve keeps only CAP_SYS_PTRACE in every thread, and still counts", async () => {
    const s = await withEnv(noKubeconfig, () => startServe(["--no-drop-user"]));
    try {
      await expectDropped(s.t.pid, expectedSet(false));
      await expectCounts(s);
    } finally {
      expect(await s.stop()).toBe(0);
    }
    expect(await expectProgramsGone(s.t.progIds)).toEqual([]);
  });
});

describe("capabilities after attach, with a kubeconfig", () => {
  const cluster = new FakeCluster();
  let secrets: string;
  let config: string;

  beforeAll(() => {
    cluster.start();
    // As `sudo swoll --kubeconfig ~alice/.kube/config` finds it: the CA and
    // token are files in a directory only their owner (not root, not
    // nobody) can enter.
    secrets = mkdtempSync(join(tmpdir(), "swoll-caps-kube-"));
    writeFileSync(join(secrets, "ca.crt"), cluster.pki.ca);
    writeFileSync(join(secrets, "token"), "swoll-e2e-token");
    config = join(secrets, "config");
    writeFileSync(config, `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "${cluster.api.url}", certificate-authority: "${join(secrets, "ca.crt")}"}
users:
- name: u
  user: {token-file: "${join(secrets, "token")}"}
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
`);
    for (const f of ["ca.crt", "token", "config"]) {
      chownSync(join(secrets, f), OTHER, OTHER);
      chmodSync(join(secrets, f), 0o600);
    }
    chownSync(secrets, OTHER, OTHER);
    chmodSync(secrets, 0o700);
  });

  afterAll(async () => {
    await cluster.cleanup();
    rmSync(secrets, { recursive: true, force: true });
  });

  test("trace --pod runs as nobody, which cannot read the credentials; the copy read before the switch serves new requests, and a pod that starts afterwards is traced", async () => {
    expect(readableAs(NOBODY, NOBODY, join(secrets, "token"))).toBe(false);
    expect(readableAs(NOBODY, NOBODY, join(secrets, "ca.crt"))).toBe(false);

    const t: Tracer = await startTracer(["trace", "-s", "execve", "--pod", "cache", "--kubeconfig", config, "--node", NODE, "--json", "-d", "45s"]);
    try {
      await expectUser(t.pid, NOBODY, NOBODY);
      // The watch that began before the drop ends and cannot resume (410):
      // the informer lists and watches again, new requests that read the CA
      // and the token again.
      const requests = cluster.api.podRequests().length;
      cluster.api.compact();
      // Started after the drop: its cgroup reaches the kernel filter through
      // those requests and a map update on an fd the tracer already holds.
      const cache = await cluster.runAndPublish({ name: "cache-6f7d8c9b5-abcde", namespace: "default", labels: { app: "cache" }, qos: "besteffort", runtime: "containerd", containers: [{ name: "memcached", image: "memcached:1.6" }] });
      const c = cache.containers.memcached!;
      await t.waitFor((t) => eventsOf(t.json(), c).length >= 3, 15_000);
      expect(eventsOf(t.json(), c)[0].container).toMatchObject({ id: c.id, pod: "cache-6f7d8c9b5-abcde", name: "memcached", namespace: "default" });
      expect(t.json().filter((e) => !e.type).every((e) => e.container?.pod === "cache-6f7d8c9b5-abcde")).toBe(true);
      expect(cluster.api.podRequests().length).toBeGreaterThan(requests);
      // stderr: only that the selection was empty at the start, then that the pod came
      await t.waitFor((t) => t.err().includes("now selecting pod default/cache-6f7d8c9b5-abcde\n"), 10_000);
      expect(t.err()).toMatch(/^swoll: no pod "cache" in namespace default[^\n]*waiting for one to start\nswoll: now selecting pod default\/cache-6f7d8c9b5-abcde\n$/);
      cluster.unpublish(cache);
    } finally {
      expect(await t.stop("SIGINT")).toBe(0);
    }
    expect(await expectProgramsGone(t.progIds)).toEqual([]);
  });
});

describe("a user that is not root", () => {
  /** `args` run as OTHER with `caps` (setpriv names: bpf, perfmon) inheritable and ambient, as `setpriv` grants one run. */
  const asUser = (caps: string[]) => ["setpriv", `--reuid=${OTHER}`, `--regid=${OTHER}`, "--clear-groups", `--inh-caps=-all${caps.map((c) => `,+${c}`).join("")}`, `--ambient-caps=-all${caps.map((c) => `,+${c}`).join("")}`];

  test("with CAP_BPF and CAP_PERFMON only: trace works, needs no writable path, and ends with no capabilities", async () => {
    const wl = ownWorkload();
    const [setpriv, ...rest] = asUser(["bpf", "perfmon"]);
    const t = await withEnv({ ...noKubeconfig, TMPDIR: "/nonexistent" }, () => startTracer([...rest, SWOLL, "trace", "-s", "getppid", "--comm", wl.comm, "--json", "-d", "45s"], { argv0: setpriv }));
    try {
      await expectUser(t.pid, OTHER, OTHER, statusOf("/proc/self/status").CapBnd);
      wl.run("getppid", "500");
      await t.waitFor((t) => t.json().filter((e) => !e.type).length >= 500, 20_000);
    } finally {
      wl.remove();
      await t.stop("SIGINT");
    }
    expect(t.err()).toBe("swoll: 500 events, 0 lost\n");
    expect(await expectProgramsGone(t.progIds)).toEqual([]);
  });

  test("selftest passes with CAP_BPF and CAP_PERFMON, and names each missing capability and the command that grants it", () => {
    const run = (caps: string[]) => {
      const r = Bun.spawnSync([...asUser(caps), SWOLL, "selftest", "--no-color"], { stdout: "pipe", stderr: "pipe", timeout: 20_000 });
      return { code: r.exitCode, out: r.stdout.toString() };
    };
    const ok = run(["bpf", "perfmon"]);
    expect(ok.out).toMatch(new RegExp(`^ok\\s+privileges\\s+uid ${OTHER} with the needed capabilities$`, "m"));
    expect(ok.out).toMatch(/^ok\s+probe load\+attach/m);
    expect(ok.code).toBe(0);
    const none = run([]);
    expect(none.code).toBe(1);
    expect(none.out).toMatch(new RegExp(`^FAIL privileges\\s+uid ${OTHER} lacks CAP_BPF and CAP_PERFMON$`, "m"));
    expect(none.out).toContain(`sudo setcap cap_bpf,cap_perfmon+ep ${SWOLL}`);
    const half = run(["bpf"]);
    expect(half.out).toMatch(new RegExp(`^FAIL privileges\\s+uid ${OTHER} lacks CAP_PERFMON$`, "m"));
    expect(half.out).toContain(`sudo setcap cap_perfmon+ep ${SWOLL}`);
    expect(half.out).toContain("--inh-caps=+perfmon --ambient-caps=+perfmon");
  });
});
