/**
 * The fixture kubelet applies a pod's securityContext as a container
 * runtime does: the table of what a context means, and a real process
 * started through it, read back from /proc.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import { processSecurity, securedArgv } from "../fixtures/k8s/kubelet";
import { cgroupMounts } from "../../cli/containers/cgroupfs";

describe("securityContext as the fixture's runtime reads it", () => {
  test("the pod's context, overridden by the container's", () => {
    expect(processSecurity(undefined, undefined)).toEqual({ uid: 0, gid: 0, caps: "all", noNewPrivs: false, readOnlyRoot: false });
    expect(processSecurity({ runAsUser: 1000, runAsGroup: 2000 }, { runAsUser: 65532 })).toEqual({ uid: 65532, gid: 2000, caps: [], noNewPrivs: false, readOnlyRoot: false });
    expect(processSecurity({ runAsNonRoot: true, runAsUser: 65532 }, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } })).toEqual({ uid: 65532, gid: 65532, caps: [], noNewPrivs: true, readOnlyRoot: true });
    expect(processSecurity(undefined, { runAsUser: 1000, capabilities: { add: ["NET_BIND_SERVICE", "CAP_CHOWN"], drop: ["chown"] } })).toMatchObject({ caps: ["NET_BIND_SERVICE"] });
    expect(processSecurity(undefined, { capabilities: { drop: ["ALL"], add: ["BPF"] } })).toMatchObject({ uid: 0, caps: ["BPF"] });
  });
  test("runAsNonRoot without a non-root user: the container cannot start (CreateContainerConfigError's message)", () => {
    expect(processSecurity({ runAsNonRoot: true }, undefined)).toBe("container has runAsNonRoot and image will run as root");
    expect(processSecurity(undefined, { runAsNonRoot: true, runAsUser: 0 })).toBe("container's runAsUser breaks non-root policy");
  });
});

test("a process started through it runs in its cgroup as the uid asked, with no capabilities, no_new_privs and / read-only", async () => {
  const cgroup = join(cgroupMounts().v2!, `swoll-kubelet-test-${process.pid}`);
  mkdirSync(cgroup);
  try {
    const sec = processSecurity({ runAsNonRoot: true, runAsUser: 65532 }, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    if (typeof sec === "string") throw new Error(sec);
    const script = "grep -E '^(Uid|Gid|Groups|CapEff|CapBnd|CapAmb|NoNewPrivs):' /proc/self/status; cat /proc/self/cgroup; touch /swoll-kubelet-test 2>&1 || true";
    const p = Bun.spawn(securedArgv(cgroup, sec, ["sh", "-c", script]), { stdout: "pipe", stderr: "pipe", cwd: "/" });
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/^Uid:\s+65532\s+65532\s+65532\s+65532$/m);
    expect(out).toMatch(/^Gid:\s+65532\s+65532\s+65532\s+65532$/m);
    expect(out).toMatch(/^Groups:\s*$/m);
    for (const set of ["CapEff", "CapBnd", "CapAmb"]) expect(out).toMatch(new RegExp(`^${set}:\\s+0000000000000000$`, "m"));
    expect(out).toMatch(/^NoNewPrivs:\s+1$/m);
    expect(out).toContain(`0::/swoll-kubelet-test-${process.pid}\n`);
    expect(out).toMatch(/touch: cannot touch '\/swoll-kubelet-test': Read-only file system/);
  } finally {
    rmdirSync(cgroup);
  }
});
