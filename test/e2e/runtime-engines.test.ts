/**
 * Docker and podman containers, made by a private dockerd and by podman
 * with the cgroupfs driver (`/docker/<id>`, `/libpod_parent/libpod-<id>`),
 * attributed by the compiled dist/swoll with the real probe. Their systemd
 * layouts (`docker-<id>.scope`, `libpod-<id>.scope`) need a systemd-managed
 * host, which these VMs are not: those stay covered by the cgroup path
 * tests (test/containers/cgroup-path.test.ts).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readlinkSync } from "node:fs";
import { startTracer } from "../helpers/swoll";
import { Docker, Podman } from "../fixtures/runtime/engines";

setDefaultTimeout(90_000);

let docker: Docker, podman: Podman;
const run = Math.random().toString(36).slice(2, 8);
const TAG = { docker: `swoll-dk-${run}`, podman: `swoll-pm-${run}`, exec: `swoll-dkexec-${run}` };
const loop = (tag: string) => ["/bin/sh", "-c", `while :; do /bin/echo ${tag} >/dev/null; sleep 0.2; done`];
let dockerId: string, podmanId: string;

beforeAll(async () => {
  [docker, podman] = await Promise.all([Docker.start(), Podman.start()]);
  dockerId = docker.runContainer(`swoll-dk-${run}`, loop(TAG.docker));
  podmanId = podman.runContainer(`swoll-pm-${run}`, loop(TAG.podman));
}, 120_000);

afterAll(async () => {
  await Promise.all([docker?.close(), podman?.close()]);
}, 120_000);

const echoes = (events: any[], tag: string) => events.filter((e) => e.args?.filename === "/bin/echo" && e.args?.argv?.[1] === tag);
const pidNs = (pid: number) => Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/pid`))![1]);

describe("Docker and podman containers (cgroupfs driver)", () => {
  test("each event carries its engine's container id, init pid and pid namespace; docker exec'd processes are the container's", async () => {
    // uid 0 kept: after the drop to nobody, /proc/<pid>/ns of root's container processes is unreadable and
    // pid-namespace comes out null (reported to the privilege-drop work)
    const t = await startTracer(["trace", "--json", "-s", "execve", "--no-cri", "--no-drop-user", "-d", "40s"]);
    try {
      await t.waitFor((t) => echoes(t.json(), TAG.docker).length >= 2 && echoes(t.json(), TAG.podman).length >= 2, 20_000);
      docker.exec(dockerId, ["/bin/echo", TAG.exec]);
      await t.waitFor((t) => echoes(t.json(), TAG.exec).length >= 1, 20_000);
    } finally {
      await t.stop();
    }
    const events = t.json();
    const dp = docker.pid(dockerId), pp = podman.pid(podmanId);
    const bare = { pod: null, name: null, image: null, namespace: null, labels: null, "pod-uid": null, "image-id": null };
    expect(echoes(events, TAG.docker)[0].container).toEqual({ id: dockerId, ...bare, pid: dp, "pid-namespace": pidNs(dp) });
    expect(echoes(events, TAG.podman)[0].container).toEqual({ id: podmanId, ...bare, pid: pp, "pid-namespace": pidNs(pp) });
    const exec = echoes(events, TAG.exec)[0];
    expect(exec.container).toMatchObject({ id: dockerId, pid: dp });
    expect(exec.pid_ns).toBe(pidNs(dp));
  });
});
