/**
 * swoll seccomp with a real runtime (runc): a profile learned from a
 * container's workload runs the same workload in a new container and
 * denies a call the workload never made; the runtime's own setup calls
 * are not in it; replicas of one Deployment merge into one profile;
 * --check reports what a profile would deny.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { startTracer, runSwoll } from "../helpers/swoll";
import { ALLOW_ALL, RuncHost } from "../helpers/runc";
import { FakeCluster, NODE } from "../fixtures/k8s/cluster";
import { RUNTIME_AFTER_FILTER } from "../../cli/seccomp/runtime-calls";
import { Probe, defaultSpec } from "../../ffi/probe";
import { SeccompTable } from "../../cli/seccomp/recorded";
import { syscallTable } from "../../cli/decode/syscalls";

const SLOW = 90_000;
const WORK = "echo hello; cat /etc/hostname; ls /";
/**
 * runc init's own setup inside the container, before it installs the filter
 * and execs the workload. (setgroups, setuid… come after the filter when
 * no_new_privs is off, as under Kubernetes: the built-in list allows them.)
 */
const RUNTIME_SETUP = ["mount", "pivot_root", "sethostname", "umount2", "unshare", "keyctl"];

const runc = new RuncHost();
const dir = mkdtempSync(join(tmpdir(), "swoll-seccomp-"));
const tag = `${process.pid}`;
afterAll(() => {
  runc.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** The cgroup2 mount (a hybrid host has it at /sys/fs/cgroup/unified). */
const cgroup2Root = () => /^\S+ (\S+) cgroup2 /m.exec(readFileSync("/proc/mounts", "utf8"))?.[1];

const namesOf = (p: any): string[] => p.syscalls.filter((r: any) => r.action === "SCMP_ACT_ALLOW").flatMap((r: any) => r.names);

/** Record while `work` runs; returns the profile written with -w. */
async function record(args: string[], work: () => void, out: string): Promise<{ profile: any; stderr: string }> {
  const rec = await startTracer(["seccomp", ...args, "-w", out, "-d", "60s"]);
  work();
  expect(await rec.stop("SIGINT")).toBe(0);
  return { profile: JSON.parse(readFileSync(out, "utf8")), stderr: rec.err() };
}

describe("a profile learned from an unconfined container", () => {
  const cg = `/swoll-sc-${tag}-a`;
  let first: { code: number; stdout: string };
  let profile: any;
  let stderr = "";

  beforeAll(async () => {
    ({ profile, stderr } = await record(["--cgroup", cg], () => (first = runc.run(["sh", "-c", WORK], { cgroupsPath: `${cg}/c1` })), join(dir, "a.json")));
  }, SLOW);

  test("is an OCI profile: EPERM by default, the arch's ABIs, sorted names, ENOSYS for libc's fallbacks", () => {
    expect(first.code).toBe(0);
    expect(stderr).toContain(`cgroup ${cg}/c1:`);
    expect(profile.defaultAction).toBe("SCMP_ACT_ERRNO");
    expect(profile.defaultErrnoRet).toBe(1);
    expect(profile.architectures[0]).toBe(process.arch === "x64" ? "SCMP_ARCH_X86_64" : "SCMP_ARCH_AARCH64");
    const names = namesOf(profile);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(["execve", "write", "getdents64"]));
    const enosys = profile.syscalls.find((r: any) => r.errnoRet === 38);
    expect(enosys.names).toContain("clone3");
    for (const n of enosys.names) expect(names).not.toContain(n);
    // coverage goes to a side file, never into the profile
    expect(JSON.parse(readFileSync(join(dir, "a.coverage.json"), "utf8")).syscalls.execve).toBe("1/1");
  }, SLOW);

  test("leaves out the runtime's setup inside the container (mount, pivot_root, sethostname…)", () => {
    const names = namesOf(profile);
    for (const n of RUNTIME_SETUP) expect(names).not.toContain(n);
  }, SLOW);

  test("runs the same workload in a new container with the same output, and denies mkdir with EPERM", () => {
    const again = runc.run(["sh", "-c", WORK], { cgroupsPath: `/swoll-sc-${tag}-b/c1`, seccomp: profile });
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    const denied = runc.run(["sh", "-c", "mkdir /tmp/x; echo rc=$?"], { cgroupsPath: `/swoll-sc-${tag}-c/c1`, seccomp: profile });
    expect(denied.stdout).toBe("rc=1\n");
    expect(denied.stderr).toContain("Operation not permitted");
  }, SLOW);

  test("--check reports live what the profile would deny, with a count and who made it first", async () => {
    const file = join(dir, "a.json");
    const cgc = `/swoll-sc-${tag}-check`;
    const chk = await startTracer(["seccomp", "--check", file, "--cgroup", cgc, "-d", "60s"]);
    // two probes (counts, and which calls are the workload's): the banner follows both
    await chk.waitFor((t) => t.err().includes("swoll: checking"), 20000);
    runc.run(["sh", "-c", "mkdir /tmp/x; mkdir /tmp/y; sleep 2"], { cgroupsPath: `${cgc}/c1` });
    await chk.waitFor((t) => t.out().includes("would deny mkdir"), 20000);
    expect(await chk.stop("SIGINT")).toBe(1);
    expect(chk.out()).toMatch(/would deny mkdir: first by mkdir \(pid \d+\) in \/swoll-sc-\d+-check\/c1/);
    expect(chk.out()).toMatch(/^ {2}mkdir +2 calls {2}first: mkdir/m);
    // the runtime's setup calls are not the workload's: never reported
    for (const n of RUNTIME_SETUP) expect(chk.out()).not.toContain(`would deny ${n}:`);
  }, SLOW);
});

describe("recording under a filter", () => {
  test("counts the runtime's calls from the filter's install on; the built-in list covers what runc made", async () => {
    const cg = `/swoll-sc-${tag}-f`;
    const out = join(dir, "f");
    const rec = await startTracer(["seccomp", "--cgroup", cg, "--write-dir", out, "-d", "60s"]);
    runc.run(["true"], { cgroupsPath: `${cg}/filtered`, seccomp: ALLOW_ALL });
    runc.run(["true"], { cgroupsPath: `${cg}/plain` });
    expect(await rec.stop("SIGINT")).toBe(0);
    const cov = (n: string) => Object.keys(JSON.parse(readFileSync(join(out, `cgroup-${`${cg}/${n}`.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+/, "")}.coverage.json`), "utf8")).syscalls);
    const filtered = cov("filtered");
    const plain = cov("plain");
    const runtimeOnly = filtered.filter((n) => !plain.includes(n));
    expect(runtimeOnly.length).toBeGreaterThan(0);
    for (const n of runtimeOnly) expect(RUNTIME_AFTER_FILTER).toContain(n);
    for (const n of RUNTIME_SETUP) expect(filtered).not.toContain(n);
  }, SLOW);

  test("a container gone before user space looks is still named, from the names the kernel kept", () => {
    const table = syscallTable();
    const nr = (n: string) => table.byName(n)!.nr;
    const probe = Probe.load({ ...defaultSpec(), stream: false, ringBytes: 4096, seccompRecord: true, seccompNrs: { execve: nr("execve"), seccomp: nr("seccomp"), prctl: nr("prctl") } });
    try {
      const cg = `/swoll-sc-${tag}-gone`;
      expect(runc.run(["true"], { cgroupsPath: `${cg}/brief` }).code).toBe(0);
      expect(existsSync(join(cgroup2Root()!, cg, "brief"))).toBe(false); // runc removed it
      const rows = new SeccompTable(probe).read().filter((r) => r.kernelPath === `${cg}/brief`);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.nrs).toContain(nr("execve"));
      expect(rows[0]!.firstComm).toBe("true");
    } finally {
      probe.close();
    }
  }, SLOW);
});

describe("replicas of one Deployment", () => {
  const cluster = new FakeCluster();
  const uids = [crypto.randomUUID(), crypto.randomUUID()];
  const ids = uids.map(() => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join(""));

  beforeAll(() => {
    cluster.start();
    uids.forEach((uid, i) => {
      cluster.api.add({
        metadata: { name: `web-5d9c7b6f4-r${i}`, namespace: "shop", uid, labels: { app: "web", "pod-template-hash": "5d9c7b6f4" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-5d9c7b6f4", uid: "rs", controller: true }] },
        spec: { nodeName: NODE, containers: [{ name: "web", image: "busybox:1.36" }] },
        status: { phase: "Running", containerStatuses: [{ name: "web", containerID: `containerd://${ids[i]}`, image: "busybox:1.36", imageID: "busybox@sha256:0", ready: true, restartCount: 0 }] },
      } as any);
    });
  }, SLOW);
  afterAll(async () => cluster.cleanup(), SLOW);

  test("merge into one profile per container name, with coverage per syscall, that runs both", async () => {
    const out = join(dir, "pods");
    const work = ["echo a; cat /etc/hostname", "ls /; touch /tmp/f; wc -c /etc/hostname"];
    const rec = await startTracer(["seccomp", "-n", "shop", "-l", "app=web", "--kubeconfig", cluster.tokenConfig, "--node", NODE, "--write-dir", out, "-d", "60s"]);
    const runs = work.map((w, i) => runc.run(["sh", "-c", w], { cgroupsPath: `/kubepods/besteffort/pod${uids[i]}/${ids[i]}`, id: `web-${tag}-${i}` }));
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(await rec.stop("SIGINT")).toBe(0);
    expect(rec.err()).toContain("shop/deployment/web container web: ");
    const profile = JSON.parse(readFileSync(join(out, "shop-deployment-web-web.json"), "utf8"));
    const cov = JSON.parse(readFileSync(join(out, "shop-deployment-web-web.coverage.json"), "utf8"));
    expect(cov.replicas).toBe(2);
    expect(cov.syscalls.execve).toBe("2/2");
    expect(Object.values(cov.syscalls)).toContain("1/2"); // the replicas did different things
    work.forEach((w, i) => {
      const r = runc.run(["sh", "-c", w], { cgroupsPath: `/swoll-sc-${tag}-merged/r${i}`, seccomp: profile });
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(runs[i]!.stdout);
    });
  }, SLOW);

  test("-o spo writes security-profiles-operator SeccompProfiles with provenance", async () => {
    const out = join(dir, "spo");
    const rec = await startTracer(["seccomp", "-n", "shop", "--kubeconfig", cluster.tokenConfig, "--node", NODE, "-o", "spo", "--write-dir", out, "-d", "60s"]);
    runc.run(["sh", "-c", "echo x"], { cgroupsPath: `/kubepods/besteffort/pod${uids[0]}/${ids[0]}`, id: `spo-${tag}` });
    expect(await rec.stop("SIGINT")).toBe(0);
    const doc = parse(readFileSync(join(out, "shop-deployment-web-web.yaml"), "utf8"));
    expect(doc).toMatchObject({ apiVersion: "security-profiles-operator.x-k8s.io/v1beta1", kind: "SeccompProfile", metadata: { name: "shop-deployment-web-web", namespace: "shop" }, spec: { defaultAction: "SCMP_ACT_ERRNO" } });
    expect(doc.metadata.annotations["swoll.criticalstack.com/node"]).toBe(NODE);
    expect(JSON.parse(doc.metadata.annotations["swoll.criticalstack.com/coverage"]).execve).toBe("1/1");
  }, SLOW);
});

describe("least privilege", () => {
  /** Every thread's effective uid and no_new_privs, once all have switched (deadline 15 s). */
  async function dropped(pid: number): Promise<{ uid: number; nnp: string }[]> {
    const read = () =>
      readdirSync(`/proc/${pid}/task`).map((tid) => {
        const st = readFileSync(`/proc/${pid}/task/${tid}/status`, "utf8");
        return { uid: Number(/^Uid:\s+\d+\s+(\d+)/m.exec(st)![1]), nnp: /^NoNewPrivs:\s*(\d)/m.exec(st)![1]! };
      });
    const end = Date.now() + 15_000;
    let ts = read();
    while (!ts.every((t) => t.uid === 65534 && t.nnp === "1") && Date.now() < end) await Bun.sleep(50), (ts = read());
    return ts;
  }

  test("records as nobody once attached; -w into a root-only directory and a new --write-dir still get their profiles", async () => {
    const cg = `/swoll-sc-${tag}-n`;
    const out = join(dir, "nobody.json");
    const outDir = join(dir, "nobody-dir");
    // only root may enter the directory both write into
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(dir).uid).toBe(0);
    const one = await startTracer(["seccomp", "--cgroup", cg, "-w", out, "-d", "60s"]);
    const many = await startTracer(["seccomp", "--cgroup", cg, "--write-dir", outDir, "-d", "60s"]);
    for (const t of [one, many]) {
      const ts = await dropped(t.pid);
      expect(ts.length).toBeGreaterThan(1); // Bun's own threads too
      for (const th of ts) expect(th).toEqual({ uid: 65534, nnp: "1" });
    }
    expect(runc.run(["sh", "-c", WORK], { cgroupsPath: `${cg}/c1` }).code).toBe(0);
    expect(await one.stop("SIGINT")).toBe(0);
    expect(await many.stop("SIGINT")).toBe(0);
    expect(namesOf(JSON.parse(readFileSync(out, "utf8")))).toContain("execve");
    expect(JSON.parse(readFileSync(join(dir, "nobody.coverage.json"), "utf8")).syscalls.execve).toBe("1/1");
    const written = readdirSync(outDir).sort();
    expect(written).toHaveLength(2);
    expect(namesOf(JSON.parse(readFileSync(join(outDir, written.find((f) => !f.endsWith(".coverage.json"))!), "utf8")))).toContain("execve");
    expect(one.err() + many.err()).not.toContain("warning");
  }, SLOW);
});

describe("bad input", () => {
  test("one line naming the problem and the fix, non-zero exit", () => {
    const cases: [string[], RegExp][] = [
      [["seccomp", "-w", "a", "--write-dir", "b"], /-w\/--write and --write-dir conflict/],
      [["seccomp", "--check", "/nonexistent.json"], /cannot read \/nonexistent\.json: no such file/],
      [["seccomp", "--check", "/etc/hostname"], /\/etc\/hostname is not JSON/],
      [["seccomp", "--container-id", "xyz"], /invalid --container-id 'xyz'/],
      [["seccomp", "--cgroup", "relative"], /invalid --cgroup 'relative'/],
      [["seccomp", "-s", "openat"], /records every syscall; -s\/--syscall does not apply/],
      [["seccomp", "--pid", "4194303"], /--pid 4194303: no such process/],
    ];
    for (const [args, re] of cases) {
      const r = runSwoll(args);
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
  }, SLOW);
});
