/**
 * cgroup id → container, over a cgroup tree and /proc built in a temp
 * directory (inodes are ids there too): cache behaviour, walks on unknown
 * ids, init process discovery, pod metadata, and the cgroup v1 fallback.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Attributor } from "../../cli/containers/attributor";
import { cgroup2Mount, cgroupMounts, mountPointOf, parseMounts } from "../../cli/containers/cgroupfs";
import { PodIndex } from "../../cli/k8s/pods";

const base = mkdtempSync(join(tmpdir(), "swoll-attr-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const ID = "a".repeat(64);
const SANDBOX = "b".repeat(64);
const LATE = "c".repeat(64);
const UID = "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b";
const POD_DIR = `kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID.replace(/-/g, "_")}.slice`;

function mk(root: string, rel: string, pids: number[] = []): number {
  const dir = join(root, rel);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cgroup.procs"), pids.map((p) => `${p}\n`).join(""));
  return Number(statSync(dir).ino);
}

function proc(root: string, pid: number, nspid: number[], pidNs: number, cgroup = "0::/\n"): void {
  const dir = join(root, String(pid));
  mkdirSync(join(dir, "ns"), { recursive: true });
  writeFileSync(join(dir, "status"), `Name:\tsh\nTgid:\t${pid}\nNSpid:\t${nspid.join("\t")}\n`);
  writeFileSync(join(dir, "cgroup"), cgroup);
  symlinkSync(`pid:[${pidNs}]`, join(dir, "ns", "pid"));
}

const v2 = join(base, "v2");
const procRoot = join(base, "proc");
const rootId = mk(v2, "");
const sshId = mk(v2, "system.slice/ssh.service", [50]);
const containerId = mk(v2, `${POD_DIR}/cri-containerd-${ID}.scope`, [100, 101, 102]);
const sandboxId = mk(v2, `${POD_DIR}/cri-containerd-${SANDBOX}.scope`, [90]);
proc(procRoot, 100, [100], 4026531836); // the runtime's helper, still in the host pid namespace
proc(procRoot, 101, [101, 1], 4026532999); // the container's pid 1
proc(procRoot, 102, [102, 7], 4026532999);
proc(procRoot, 90, [90, 1], 4026532990);

function attributor(now = () => 0, minWalkMs = 0) {
  return new Attributor({ mounts: { v2, v1: new Map() }, procRoot, minWalkMs, now });
}

describe("Attributor", () => {
  test("a container's cgroup: id, pod uid from the path, init pid and pid namespace; nothing else without Kubernetes", () => {
    const a = attributor();
    expect(a.lookup(containerId, 102)).toEqual({
      id: ID, pod: null, name: null, image: null, namespace: null, labels: null, pid: 101, "pid-namespace": 4026532999, "pod-uid": UID, "image-id": null,
    });
    expect(a.lookup(rootId, 1)).toBeNull();
    expect(a.lookup(sshId, 50)).toBeNull();
    expect(a.v1Mode).toBe(false);
  });

  test("cached: the same object until something changes", () => {
    const a = attributor();
    const first = a.lookup(containerId, 1);
    expect(a.lookup(containerId, 1)).toBe(first!);
  });

  test("an unknown id walks the tree again, at most once per minWalkMs", () => {
    let now = 0;
    const a = attributor(() => now, 1000);
    const late = mk(v2, `${POD_DIR}/cri-containerd-${LATE}.scope`, []);
    try {
      now = 500;
      expect(a.lookup(late, 1)).toBeNull(); // too soon after the constructor's walk
      now = 1500;
      expect(a.lookup(late, 1)?.id).toBe(LATE); // the miss was not cached: this lookup walks and finds it
      expect(a.lookup(late, 1)?.pid).toBeNull(); // no process yet
    } finally {
      rmSync(join(v2, `${POD_DIR}/cri-containerd-${LATE}.scope`), { recursive: true });
    }
    a.walk();
    expect(a.containers().has(late)).toBe(false);
  });

  test("an id no walk finds starts at most 3 walks; one that appears later is found by the next walk anyone starts", () => {
    let now = 0;
    const a = attributor(() => now, 100);
    let walks = 0;
    const walk = a.walk.bind(a);
    a.walk = () => {
      walks++;
      walk();
    };
    const ghost = 987654321;
    for (let i = 1; i <= 10; i++) {
      now = i * 1000;
      expect(a.lookup(ghost, 1)).toBeNull();
    }
    expect(walks).toBe(3);
    const later = mk(v2, `${POD_DIR}/cri-containerd-${"e".repeat(64)}.scope`, []);
    try {
      now = 20_000;
      expect(a.lookup(later, 1)?.id).toBe("e".repeat(64)); // a new id walks
      expect(walks).toBe(4);
    } finally {
      rmSync(join(v2, `${POD_DIR}/cri-containerd-${"e".repeat(64)}.scope`), { recursive: true });
    }
  });

  test("a container seen before its pid namespace exists: the stand-in init is replaced by the real one at the next walk", () => {
    const STARTING = "d".repeat(64);
    const rel = `${POD_DIR}/cri-containerd-${STARTING}.scope`;
    const id = mk(v2, rel, [400]); // only the runtime's helper so far, in the host pid namespace
    proc(procRoot, 400, [400], 4026531836);
    try {
      const a = attributor();
      const g = a.generation;
      expect(a.lookup(id, 400)).toMatchObject({ id: STARTING, pid: 400, "pid-namespace": 4026531836 });
      a.walk();
      expect(a.generation).toBeGreaterThan(g); // observers refresh and emit an update
      proc(procRoot, 401, [401, 1], 4026533001); // the container's pid 1 arrives
      writeFileSync(join(v2, rel, "cgroup.procs"), "400\n401\n");
      a.walk();
      expect(a.lookup(id, 401)).toMatchObject({ id: STARTING, pid: 401, "pid-namespace": 4026533001 });
      const settled = a.generation;
      a.walk();
      expect(a.generation).toBe(settled); // a real init is kept: nothing changes any more
    } finally {
      rmSync(join(v2, rel), { recursive: true });
    }
  });

  test("pod metadata joins in: pod, namespace, container, image and the CRI labels; the sandbox gets the pod only", () => {
    const a = attributor();
    const before = a.lookup(containerId, 1);
    const idx = new PodIndex();
    idx.upsert({
      metadata: { name: "nginx-7c5ddbdf54-x8p2q", namespace: "web", uid: UID, labels: { app: "nginx" } },
      status: { containerStatuses: [{ name: "nginx", containerID: `containerd://${ID}`, image: "nginx:1.25", imageID: "nginx@sha256:ab", ready: true, restartCount: 0 }] },
    } as never);
    const g = a.generation;
    a.setPods(idx);
    expect(a.generation).toBeGreaterThan(g);
    const m = a.lookup(containerId, 1)!;
    expect(m).not.toBe(before);
    expect(m).toMatchObject({ id: ID, pod: "nginx-7c5ddbdf54-x8p2q", namespace: "web", name: "nginx", image: "nginx:1.25", "image-id": "nginx@sha256:ab", "pod-uid": UID, pid: 101 });
    expect(m.labels).toEqual({
      app: "nginx",
      "io.kubernetes.container.name": "nginx",
      "io.kubernetes.pod.name": "nginx-7c5ddbdf54-x8p2q",
      "io.kubernetes.pod.namespace": "web",
      "io.kubernetes.pod.uid": UID,
    });
    expect(a.lookup(sandboxId, 1)).toMatchObject({ id: SANDBOX, pod: "nginx-7c5ddbdf54-x8p2q", name: null, pid: 90, "pid-namespace": 4026532990 });
    expect(a.podOf(a.containers().get(containerId)!)?.name).toBe("nginx");
  });

  test("cgroup v1 only: containers found per process from /proc/<pid>/cgroup", () => {
    const v2empty = join(base, "v2-empty");
    mk(v2empty, "");
    const v1 = join(base, "v1-systemd");
    const path = `/kubepods/besteffort/pod${UID}/${ID}`;
    mk(v1, path, [300]);
    proc(procRoot, 300, [300, 1], 4026533000, `12:pids:${path}\n1:name=systemd:${path}\n0::/\n`);
    proc(procRoot, 301, [301], 4026531836, "1:name=systemd:/system.slice/cron.service\n0::/\n");
    const a = new Attributor({ mounts: { v2: v2empty, v1: new Map([["name=systemd", v1]]) }, procRoot, minWalkMs: 0 });
    expect(a.v1Mode).toBe(true);
    expect(a.lookup(1, 300)).toMatchObject({ id: ID, "pod-uid": UID, pid: 300, "pid-namespace": 4026533000 });
    expect(a.lookup(1, 301)).toBeNull();
  });
});

describe("cgroupMounts", () => {
  const mounts = [
    "tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0",
    "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0",
    "cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0",
    "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0",
    "cgroup2 /host/cgroup\\040root cgroup2 ro,relatime 0 0",
  ].join("\n");
  test("finds v2 and each v1 hierarchy, unescaping paths", () => {
    const m = cgroupMounts(mounts, () => false);
    expect(m.v2).toBe("/sys/fs/cgroup/unified");
    expect(m.v1.get("memory")).toBe("/sys/fs/cgroup/memory");
    expect(m.v1.get("name=systemd")).toBe("/sys/fs/cgroup/systemd");
  });
  test("prefers the mount that shows the hierarchy's real root (a pod with the host's cgroup2 mounted)", () => {
    expect(cgroupMounts(mounts, (d) => d === "/host/cgroup root").v2).toBe("/host/cgroup root");
  });
  test("none", () => expect(cgroupMounts("proc /proc proc rw 0 0").v2).toBeNull());
  test("two cgroup2 mounts, neither the root: the first; the metrics tracker and selftest use the same rule", () => {
    const two = "cgroup2 /sys/fs/cgroup cgroup2 rw 0 0\ncgroup2 /host/cgroup cgroup2 rw 0 0\n";
    expect(cgroup2Mount(two, () => false)).toBe("/sys/fs/cgroup");
    expect(cgroup2Mount(two, (d) => d === "/host/cgroup")).toBe("/host/cgroup");
    expect(cgroupMounts(two, (d) => d === "/host/cgroup").v2).toBe(cgroup2Mount(two, (d) => d === "/host/cgroup"));
  });
  test("parseMounts: fields split, octal escapes decoded, short lines skipped", () => {
    expect(parseMounts("tracefs /sys/kernel/tracing tracefs rw,nosuid 0 0\n\nbad\nnone /a\\011b tmpfs ro 0 0")).toEqual([
      { source: "tracefs", dir: "/sys/kernel/tracing", fstype: "tracefs", options: ["rw", "nosuid"] },
      { source: "none", dir: "/a\tb", fstype: "tmpfs", options: ["ro"] },
    ]);
    expect(mountPointOf("tracefs", mounts + "\nnodev /sys/kernel/tracing tracefs rw 0 0")).toBe("/sys/kernel/tracing");
    expect(mountPointOf("debugfs", mounts)).toBeNull();
  });
});
