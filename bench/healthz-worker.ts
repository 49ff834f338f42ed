/**
 * The attacker soak's kubelet: asks /healthz every 100 ms on a thread of
 * its own, so that the soak's scraping and parsing never delay a probe,
 * and posts every latency (ms; failures as negative) back.
 */
export {};
declare const self: Worker;

let stopped = false;
self.onmessage = async (e: MessageEvent<{ base: string } | "stop">) => {
  if (e.data === "stop") {
    stopped = true;
    return;
  }
  const { base } = e.data;
  const out: number[] = [];
  while (!stopped) {
    const s = performance.now();
    try {
      const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) });
      await r.text();
      out.push(r.status === 200 ? performance.now() - s : -(performance.now() - s));
    } catch {
      out.push(-(performance.now() - s));
    }
    await Bun.sleep(100);
  }
  self.postMessage(out);
};
