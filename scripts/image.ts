/**
 * The agent image deploy/daemonset.yaml runs: dist/swoll and the shared
 * libraries it and its extracted libbpf shim load (found with ldd), and
 * nothing else — no shell, no package manager. Written as an OCI archive
 * (dist/swoll-image.tar) without a registry or an image builder.
 *
 *   bun run scripts/image.ts            after bun run build.ts
 *   ctr -n k8s.io images import dist/swoll-image.tar
 *   kind load image-archive dist/swoll-image.tar
 *   skopeo copy oci-archive:dist/swoll-image.tar docker://registry.example/swoll:0.1.0
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildImageArchive } from "./oci-image";

const ROOT = join(import.meta.dir, "..");
const VERSION = (await Bun.file(join(ROOT, "package.json")).json()).version as string;
/** The name the DaemonSet's `image: swoll:<version>` resolves to, so IfNotPresent finds the imported image. */
export const AGENT_IMAGE = `docker.io/library/swoll:${VERSION}`;
export const AGENT_ARCHIVE = join(ROOT, "dist", "swoll-image.tar");

/** Shared objects a binary needs, with their dependencies, by absolute path (ldd). */
function libraries(binary: string): string[] {
  const r = Bun.spawnSync(["ldd", binary], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`ldd ${binary}: ${r.stderr.toString().trim()}`);
  const out: string[] = [];
  for (const line of r.stdout.toString().split("\n")) {
    const m = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

export function buildAgentImage(out = AGENT_ARCHIVE): string {
  const swoll = join(ROOT, "dist", "swoll");
  const shim = join(ROOT, "build", "libswoll.so");
  for (const f of [swoll, shim]) if (!existsSync(f)) throw new Error(`${f} is missing: run bun run build.ts first`);
  const rootfs = mkdtempSync(join(tmpdir(), "swoll-image-"));
  try {
    const put = (from: string, to: string, mode?: number) => {
      mkdirSync(join(rootfs, dirname(to)), { recursive: true });
      copyFileSync(realpathSync(from), join(rootfs, to));
      if (mode !== undefined) chmodSync(join(rootfs, to), mode);
    };
    put(swoll, "/usr/local/bin/swoll", 0o755);
    // libbpf travels inside dist/swoll (extracted beside the shim); the shim's other needs are the system's
    const libs = new Set([...libraries(swoll), ...libraries(shim)].filter((l) => !l.startsWith(join(ROOT, "build"))));
    for (const lib of libs) put(lib, lib);
    for (const d of ["tmp", "run/swoll", "proc", "sys", "dev", "etc", "host/proc"]) mkdirSync(join(rootfs, d), { recursive: true });
    chmodSync(rootfs, 0o755);
    chmodSync(join(rootfs, "tmp"), 0o1777);
    writeFileSync(join(rootfs, "etc", "passwd"), "root:x:0:0:root:/:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/:/usr/sbin/nologin\n");
    writeFileSync(join(rootfs, "etc", "group"), "root:x:0:\nnogroup:x:65534:\n");
    return buildImageArchive({
      name: AGENT_IMAGE,
      rootfs,
      entrypoint: ["/usr/local/bin/swoll"],
      cmd: ["serve", "--listen", ":9095"],
      labels: { "org.opencontainers.image.title": "swoll", "org.opencontainers.image.version": VERSION },
    }, out);
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const digest = buildAgentImage();
  process.stderr.write(`image: ${AGENT_IMAGE} (${digest}) -> ${AGENT_ARCHIVE}\n`);
}
