/**
 * An OCI image archive (an OCI image layout in one tar, the format
 * `ctr images import`, `kind load image-archive`, podman and skopeo read)
 * assembled from a directory tree, with no registry and no image builder:
 * one uncompressed layer, its config and manifest, and an index that names
 * the image. Used by the agent image build step and by the test fixtures
 * that need images on a machine that cannot pull.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ImageSpec {
  /** Full reference stored in the archive, e.g. `ghcr.io/x/swoll:0.1.0`. */
  name: string;
  /** Directory whose content becomes the image's root filesystem. */
  rootfs: string;
  entrypoint: string[];
  cmd?: string[];
  env?: string[];
  workingDir?: string;
  labels?: Record<string, string>;
}

const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

function run(argv: string[]): void {
  const r = Bun.spawnSync(argv, { stdout: "ignore", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")}: ${r.stderr.toString().trim()}`);
}

/** A deterministic tar of a directory: root-owned, fixed times, sorted names. */
function tarDir(dir: string, out: string): void {
  run(["tar", "--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0", "--format=posix",
    "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime", "-C", dir, "-cf", out, "."]);
}

/** Writes the archive to `out` and returns the manifest's digest (`sha256:…`). */
export function buildImageArchive(spec: ImageSpec, out: string): string {
  const work = mkdtempSync(join(tmpdir(), "swoll-oci-"));
  try {
    const blobs = join(work, "layout", "blobs", "sha256");
    mkdirSync(blobs, { recursive: true });
    const put = (data: Uint8Array | string) => {
      const d = sha256(data);
      writeFileSync(join(blobs, d), data);
      return { digest: `sha256:${d}`, size: typeof data === "string" ? Buffer.byteLength(data) : data.byteLength };
    };
    const layerTar = join(work, "layer.tar");
    tarDir(spec.rootfs, layerTar);
    const layer = put(readFileSync(layerTar));
    const config = put(JSON.stringify({
      architecture: process.arch === "arm64" ? "arm64" : "amd64",
      os: "linux",
      created: "1970-01-01T00:00:00Z",
      config: {
        Entrypoint: spec.entrypoint,
        Cmd: spec.cmd ?? [],
        Env: spec.env ?? ["PATH=/usr/local/bin:/usr/bin:/bin"],
        WorkingDir: spec.workingDir ?? "/",
        Labels: spec.labels ?? {},
      },
      // uncompressed layer: its diff id is the blob's digest
      rootfs: { type: "layers", diff_ids: [layer.digest] },
    }));
    const manifest = put(JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", ...config },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", ...layer }],
    }));
    writeFileSync(join(work, "layout", "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
    writeFileSync(join(work, "layout", "index.json"), JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [{
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        ...manifest,
        annotations: {
          // containerd names the imported image by the first; other tools by the second
          "io.containerd.image.name": spec.name,
          "org.opencontainers.image.ref.name": spec.name.slice(spec.name.lastIndexOf(":") + 1),
        },
      }],
    }));
    tarDir(join(work, "layout"), out);
    return manifest.digest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A busybox root filesystem (Debian's busybox-static) with the applets tests use. */
export function busyboxRootfs(dir: string, busybox = "/bin/busybox"): void {
  mkdirSync(join(dir, "bin"), { recursive: true });
  for (const d of ["etc", "proc", "sys", "dev", "tmp", "run"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "bin", "busybox"), readFileSync(busybox), { mode: 0o755 });
  for (const applet of ["sh", "sleep", "echo", "cat", "ls", "hostname", "true", "false", "env", "kill", "ps", "wget"])
    run(["ln", "-s", "busybox", join(dir, "bin", applet)]);
  writeFileSync(join(dir, "etc", "passwd"), "root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
  writeFileSync(join(dir, "etc", "group"), "root:x:0:\nnogroup:x:65534:\n");
}
