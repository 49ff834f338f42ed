/** Container attribution from cgroup paths, for every runtime and layout kubelet and the runtimes use. */
import { describe, expect, test } from "bun:test";
import { parseCgroupPath } from "../../cli/containers/cgroup-path";
import { containerIdFromStatus } from "../../cli/k8s/pods";

const ID = "4f1c0e7d9a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5";
const ID2 = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d";
const UID = "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b";
const U_ = UID.replace(/-/g, "_");

const cases: [string, string, ReturnType<typeof parseCgroupPath>][] = [
  // kubelet, systemd driver, containerd
  ["containerd systemd burstable", `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${U_}.slice/cri-containerd-${ID}.scope`, { id: ID, runtime: "containerd", podUid: UID, qos: "burstable" }],
  ["containerd systemd besteffort", `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${U_}.slice/cri-containerd-${ID}.scope`, { id: ID, runtime: "containerd", podUid: UID, qos: "besteffort" }],
  ["containerd systemd guaranteed", `/kubepods.slice/kubepods-pod${U_}.slice/cri-containerd-${ID}.scope`, { id: ID, runtime: "containerd", podUid: UID, qos: "guaranteed" }],
  // kubelet, cgroupfs driver (containerd and cri-dockerd name the cgroup by the bare id)
  ["cgroupfs burstable", `/kubepods/burstable/pod${UID}/${ID}`, { id: ID, runtime: null, podUid: UID, qos: "burstable" }],
  ["cgroupfs besteffort", `/kubepods/besteffort/pod${UID}/${ID}`, { id: ID, runtime: null, podUid: UID, qos: "besteffort" }],
  ["cgroupfs guaranteed", `/kubepods/pod${UID}/${ID}`, { id: ID, runtime: null, podUid: UID, qos: "guaranteed" }],
  // CRI-O
  ["cri-o systemd burstable", `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${U_}.slice/crio-${ID}.scope`, { id: ID, runtime: "cri-o", podUid: UID, qos: "burstable" }],
  ["cri-o systemd, the container's own child cgroup", `/kubepods.slice/kubepods-pod${U_}.slice/crio-${ID}.scope/container`, { id: ID, runtime: "cri-o", podUid: UID, qos: "guaranteed" }],
  ["cri-o cgroupfs", `/kubepods/besteffort/pod${UID}/crio-${ID}`, { id: ID, runtime: "cri-o", podUid: UID, qos: "besteffort" }],
  // Docker
  ["docker systemd", `/system.slice/docker-${ID}.scope`, { id: ID, runtime: "docker", podUid: null, qos: null }],
  ["docker cgroupfs", `/docker/${ID}`, { id: ID, runtime: "docker", podUid: null, qos: null }],
  ["docker under kubelet (cri-dockerd, systemd)", `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${U_}.slice/docker-${ID}.scope`, { id: ID, runtime: "docker", podUid: UID, qos: "burstable" }],
  ["docker in docker: the innermost wins", `/docker/${ID2}/docker/${ID}`, { id: ID, runtime: "docker", podUid: null, qos: null }],
  // podman
  ["podman root", `/machine.slice/libpod-${ID}.scope`, { id: ID, runtime: "podman", podUid: null, qos: null }],
  ["podman rootless", `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope`, { id: ID, runtime: "podman", podUid: null, qos: null }],
  ["podman pod", `/machine.slice/machine-libpod_pod_${ID2}.slice/libpod-${ID}.scope`, { id: ID, runtime: "podman", podUid: null, qos: null }],
  ["podman cgroupfs", `/libpod_parent/libpod-${ID}`, { id: ID, runtime: "podman", podUid: null, qos: null }],
  ["podman cgroupfs, bare id", `/libpod_parent/${ID}`, { id: ID, runtime: "podman", podUid: null, qos: null }],
  // containerd without kubelet (ctr run, nerdctl), cgroupfs: /<containerd namespace>/<id>, any id
  ["ctr run in the default namespace", "/default/web-1", { id: "web-1", runtime: "containerd", podUid: null, qos: null }],
  ["nerdctl (64-hex id)", `/nerdctl/${ID}`, { id: ID, runtime: "containerd", podUid: null, qos: null }],
  ["k8s.io namespace without a cgroup parent", `/k8s.io/${ID}`, { id: ID, runtime: "containerd", podUid: null, qos: null }],
  ["a child cgroup of a ctr run container", "/default/web-1/sub", { id: "web-1", runtime: "containerd", podUid: null, qos: null }],
  // k3s, rke2, kind
  ["k3s (cgroupfs)", `/kubepods/burstable/pod${UID}/${ID}`, { id: ID, runtime: null, podUid: UID, qos: "burstable" }],
  ["k3d: k3s inside a docker container", `/docker/${ID2}/kubepods/besteffort/pod${UID}/${ID}`, { id: ID, runtime: null, podUid: UID, qos: "besteffort" }],
  ["k3s rootless", `/user.slice/user-1000.slice/user@1000.service/k3s-rootless.service/kubepods/burstable/pod${UID}/${ID}`, { id: ID, runtime: null, podUid: UID, qos: "burstable" }],
  ["rke2 (systemd)", `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${U_}.slice/cri-containerd-${ID}.scope`, { id: ID, runtime: "containerd", podUid: UID, qos: "besteffort" }],
  ["kind node (kubelet.slice root)", `/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod${U_}.slice/cri-containerd-${ID}.scope`, { id: ID, runtime: "containerd", podUid: UID, qos: "burstable" }],
  ["kind node, guaranteed", `/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-pod${U_}.slice/cri-containerd-${ID}.scope`, { id: ID, runtime: "containerd", podUid: UID, qos: "guaranteed" }],
  ["kind on cgroup v1, nested in docker", `/docker/${ID2}/kubelet/kubepods/burstable/pod${UID}/${ID}`, { id: ID, runtime: null, podUid: UID, qos: "burstable" }],
  ["systemd running inside a container", `/kubepods.slice/kubepods-pod${U_}.slice/cri-containerd-${ID}.scope/init.scope`, { id: ID, runtime: "containerd", podUid: UID, qos: "guaranteed" }],
];

describe("parseCgroupPath", () => {
  for (const [name, path, want] of cases) test(name, () => expect(parseCgroupPath(path)).toEqual(want));

  test.each([
    ["the root", "/"],
    ["a system service", "/system.slice/ssh.service"],
    ["a login session", "/user.slice/user-0.slice/session-1.scope"],
    ["a pod's cgroup itself", `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${U_}.slice`],
    ["the QoS slice", "/kubepods.slice/kubepods-besteffort.slice"],
    ["CRI-O's conmon monitor", `/kubepods.slice/kubepods-pod${U_}.slice/crio-conmon-${ID}.scope`],
    ["podman's conmon monitor", `/machine.slice/libpod-conmon-${ID}.scope`],
    ["a short id", "/docker/4f1c0e7d9a2b"],
    ["upper-case hex", `/docker/${ID.toUpperCase()}`],
    ["a containerd namespace's own cgroup", "/default"],
    ["a name under a cgroup that is not a containerd namespace", "/system.slice/web-1"],
    ["a containerd namespace below the root", "/system.slice/default/web-1"],
  ])("%s is not a container", (_, path) => expect(parseCgroupPath(path)).toBeNull());
});

describe("containerIdFromStatus", () => {
  test("each runtime's scheme", () => {
    expect(containerIdFromStatus(`containerd://${ID}`)).toBe(ID);
    expect(containerIdFromStatus(`cri-o://${ID}`)).toBe(ID);
    expect(containerIdFromStatus(`docker://${ID}`)).toBe(ID);
  });
  test("absent, empty or malformed ids", () => {
    expect(containerIdFromStatus(undefined)).toBeNull();
    expect(containerIdFromStatus("")).toBeNull();
    expect(containerIdFromStatus("containerd://abc")).toBeNull();
    expect(containerIdFromStatus(ID)).toBeNull();
  });
});
