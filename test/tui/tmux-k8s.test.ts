/**
 * swoll top in a real terminal (tmux) grouped by pod and by container on
 * the fixture's fake node (real cgroups named as kubelet names them, a TLS
 * API server holding the Pod objects): namespace, pod and container are
 * columns of their own, each cell under its title, and the workload's
 * calls in a container's cgroup are counted in that container's row.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { SWOLL } from "../helpers/swoll";
import { ownWorkload, type OwnWorkload } from "../helpers/workload";
import { FakeCluster, NODE, type RunningPod } from "../fixtures/k8s/cluster";
import type { FakeContainer } from "../fixtures/k8s/node";

const TIMEOUT = 60_000;
const SOCKET = `swoll-top-k8s-${process.pid}`;
const cluster = new FakeCluster();
let web: RunningPod;
let wl: OwnWorkload;

function tmux(...args: string[]): string {
  const r = Bun.spawnSync(["tmux", "-L", SOCKET, "-f", "/dev/null", ...args], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`tmux ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.toString();
}

const screen = (name: string) => tmux("capture-pane", "-p", "-t", name).replace(/\n$/, "").split("\n");

async function until(name: string, pred: (lines: string[]) => boolean, what: string, ms = 20000): Promise<string[]> {
  const end = Date.now() + ms;
  for (;;) {
    const s = screen(name);
    if (pred(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s.join("\n")}`);
    await Bun.sleep(100);
  }
}

/** The workload, moved into the container's cgroup before it execs, makes `n` getppid calls. */
async function getppidIn(c: FakeContainer, n: number): Promise<void> {
  const p = Bun.spawn(["sh", "-c", `echo $$ > '${c.dir}/cgroup.procs' && exec '${wl.path}' getppid ${n}`], { stdin: "ignore", stderr: "pipe" });
  if ((await p.exited) !== 0) throw new Error(`workload in ${c.dir} failed: ${await new Response(p.stderr).text()}`);
}

/**
 * The header line of the table and the cells of the row whose first cells are `first`, split at the
 * titles' columns (the last title's cell is its first word).
 */
function cellsUnder(lines: string[], titles: string[], first: string[]): { head: string; cells: string[] } | null {
  const head = lines.find((l) => l.startsWith(` ${titles[0]} `));
  if (!head) return null;
  const at = titles.map((t) => head.indexOf(t));
  if (at.some((a) => a < 0)) return null;
  for (const l of lines) {
    const cells = at.map((a, i) => (i + 1 < at.length ? l.slice(a, at[i + 1]).trim() : l.slice(a).trim().split(/\s+/)[0]!));
    if (first.every((f, i) => cells[i] === f)) return { head, cells };
  }
  return null;
}

beforeAll(async () => {
  cluster.start();
  wl = ownWorkload();
  web = await cluster.runAndPublish({
    name: "tcol-7c5ddbdf54-x8p2q", namespace: "web", labels: { app: "tcol" }, qos: "burstable", runtime: "containerd",
    containers: [{ name: "nginx", image: "docker.io/library/nginx:1.25.3" }, { name: "log-shipper", image: "docker.io/library/busybox:1.36" }],
  });
}, TIMEOUT);

afterAll(async () => {
  Bun.spawnSync(["tmux", "-L", SOCKET, "kill-server"], { stderr: "ignore" });
  wl?.remove();
  await cluster.cleanup();
}, TIMEOUT);

test("grouped by pod, then by container: NAMESPACE, POD and CONTAINER columns with the workload's pod in them", async () => {
  const name = "cols";
  tmux("new-session", "-d", "-s", name, "-x", "140", "-y", "24", `sh -c '${SWOLL} top -i 500ms --group pod -s getppid --comm ${wl.comm} --kubeconfig ${cluster.tokenConfig} --node ${NODE}; echo swoll-exit=$?; exec sleep 600'`);
  await until(name, (l) => l.some((x) => x.includes("group pod")), "the first frame");
  await getppidIn(web.containers.nginx!, 1000);
  await getppidIn(web.containers["log-shipper"]!, 2000);

  const byPod = ["NAMESPACE", "POD", "COUNT"];
  let s = await until(name, (l) => cellsUnder(l, byPod, ["web", "tcol-7c5ddbdf54-x8p2q", "3000"]) !== null, "the pod's row with 3000 calls");
  for (const l of s) expect(Bun.stringWidth(l)).toBeLessThanOrEqual(140);
  let found = cellsUnder(s, byPod, ["web", "tcol-7c5ddbdf54-x8p2q"])!;
  expect(found.head.slice(1).split(/\s+/).slice(0, 4)).toEqual(["NAMESPACE", "POD", "COUNT", "RATE/s▼"]);

  // 5 groups by container: the sidecar's calls in a row of its own
  tmux("send-keys", "-t", name, "5");
  const byContainer = ["NAMESPACE", "POD", "CONTAINER", "COUNT"];
  s = await until(name, (l) => l.some((x) => x.includes("group container")) && cellsUnder(l, byContainer, ["web", "tcol-7c5ddbdf54-x8p2q", "log-shipper"]) !== null, "the container rows");
  found = cellsUnder(s, byContainer, ["web", "tcol-7c5ddbdf54-x8p2q", "log-shipper"])!;
  expect(found.head.slice(1).split(/\s+/).slice(0, 4)).toEqual(byContainer);
  expect(found.cells[3]).toBe("2000");
  expect(cellsUnder(s, byContainer, ["web", "tcol-7c5ddbdf54-x8p2q", "nginx"])!.cells[3]).toBe("1000");

  // narrow: numeric columns go before the names are cut
  tmux("resize-window", "-t", name, "-x", "60", "-y", "20");
  // (a frame captured while the resized screen is redrawn may hold the header before the rows: wait for both)
  const narrowRow = ["web", "tcol-7c5ddbdf54-x8p2q", "log-shipper", "2000"];
  s = await until(name, (l) => l.length === 20 && l.some((x) => x.startsWith(" NAMESPACE") && !x.includes("ERRORS")) && cellsUnder(l, byContainer, narrowRow) !== null, "the 60-column layout with the sidecar's row");
  for (const l of s) expect(Bun.stringWidth(l)).toBeLessThanOrEqual(60);
  expect(cellsUnder(s, byContainer, narrowRow)).not.toBeNull();

  tmux("send-keys", "-t", name, "q");
  s = await until(name, (l) => l.some((x) => x.startsWith("swoll-exit=")), "swoll to exit");
  expect(s.find((x) => x.startsWith("swoll-exit="))).toBe("swoll-exit=0");
}, TIMEOUT);
