/**
 * Trace a Trace spec on this Kubernetes node: the TypeScript counterpart
 * of the original swoll's second Go example (a topology Observer and a
 * Hub that runs the Trace and calls back with attributed events).
 *   bun examples/k8s-trace.ts [--file trace.yaml] [--kubeconfig FILE] [--node NAME] [--max N]
 * Without --file it runs the seed's Trace: execve in the context's namespace.
 */
import { Hub, readTrace, type Trace } from "../cli/api";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const file = arg("--file");
const max = Number(arg("--max") ?? Infinity);

// The hub's observer follows the node's containers: the cgroup walker,
// joined with the pod informer when a kubeconfig works.
const hub = await Hub.open({ kubeconfig: arg("--kubeconfig"), node: arg("--node"), warn: (m) => console.error(`warning: ${m}`) });
hub.observer.subscribe((ev) => {
  const c = ev.container;
  console.error(`container ${ev.type}: id=${c.id.slice(0, 12)} pod=${c.pod ?? "-"} namespace=${c.namespace ?? "-"} name=${c.name ?? "-"}`);
});

const trace: Trace = file ? readTrace(file) : { metadata: { name: "trace-nginx" }, spec: { syscalls: ["execve"] } };

const stop = new AbortController();
process.on("SIGINT", () => stop.abort());
process.on("SIGTERM", () => stop.abort());

let n = 0;
const job = await hub.run(
  trace,
  (ev) => {
    const c = ev.container;
    console.log(
      `container=${c?.name ?? "-"} pod=${c?.pod ?? "-"} namespace=${c?.namespace ?? "-"} comm:${ev.comm.padEnd(15)} pid:${String(ev.pid).padEnd(8)} ${ev.syscall.name}(${JSON.stringify(ev.args)})`,
    );
    if (++n >= max) stop.abort();
  },
  { signal: stop.signal, onLost: (l) => console.error(`lost ${l.count} events (${l.cause})`) },
);
if (!job) console.error(`the Trace's hostSelector does not select node ${hub.node}`);
else await job.done;
hub.close();
