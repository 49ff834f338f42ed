/**
 * Trace execve locally, without Kubernetes: the TypeScript counterpart of
 * the original swoll's first Go example.
 *   bun examples/local-execve.ts [max-events]
 */
import { Tracer } from "../cli/api";

const max = Number(process.argv[2] ?? Infinity);
const tracer = Tracer.open({ syscalls: ["execve"] });
const stop = new AbortController();
process.on("SIGINT", () => stop.abort());

let n = 0;
for await (const ev of tracer.events({ signal: stop.signal })) {
  if ("type" in ev) {
    console.error(`lost ${ev.count} events (${ev.cause})`);
    continue;
  }
  console.log(`comm:${ev.comm.padEnd(15)} pid:${String(ev.pid).padEnd(8)} ${ev.syscall.name}(${JSON.stringify(ev.args)})`);
  if (++n >= max) break;
}
tracer.close();
