/**
 * `swoll serve`'s HTTP side against odd and hostile clients, over raw
 * sockets to loopback: a request without Host, a slow-loris client, a
 * flood of scrapes, and a scraper that stops reading.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parseExposition, startServe, type Served } from "../helpers/serve";

setDefaultTimeout(90_000);

let s: Served;
beforeAll(async () => {
  s = await startServe();
});
afterAll(async () => {
  await s?.stop();
});

interface Raw {
  write(text: string): void;
  received(): string;
  closed: Promise<void>;
  isClosed(): boolean;
  end(): void;
}

async function raw(port: number): Promise<Raw> {
  let got = "";
  let isClosed = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const sock = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(_s, d) {
        got += d.toString("latin1");
      },
      close() {
        isClosed = true;
        resolveClosed();
      },
      error() {
        isClosed = true;
        resolveClosed();
      },
    },
  });
  return { write: (t) => void sock.write(t), received: () => got, closed, isClosed: () => isClosed, end: () => sock.end() };
}

async function until(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}

const rssKb = (pid: number) => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);

describe("swoll serve: odd and hostile HTTP", () => {
  test("HTTP/1.0 without Host gets a normal answer, for /healthz and for /metrics", async () => {
    const a = await raw(s.port);
    a.write("GET /healthz HTTP/1.0\r\n\r\n");
    await until("an answer", () => a.received().includes("\r\n\r\n") && a.received().endsWith("ok\n"));
    expect(a.received()).toMatch(/^HTTP\/1\.[01] 200 /);
    a.end();
    const b = await raw(s.port);
    b.write("GET /metrics/cgroups?id=1 HTTP/1.0\r\n\r\n");
    await until("the cgroup rows", () => /\r\n\r\n\[/.test(b.received()) && b.received().trimEnd().endsWith("]"));
    expect(b.received()).toMatch(/^HTTP\/1\.[01] 200 /);
    b.end();
  });

  test("a slow-loris client that never finishes its headers is disconnected", async () => {
    const c = await raw(s.port);
    c.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    // a header line every 2 s: the connection is never idle, the request never complete
    const drip = setInterval(() => c.write("X-Slow: 1\r\n"), 2000);
    try {
      await until("the server to close the connection", () => c.isClosed(), 60_000);
      expect(c.received()).not.toContain("ok\n");
    } finally {
      clearInterval(drip);
    }
    // and the server still serves others
    expect((await s.get("/healthz")).status).toBe(200);
  });

  test("a flood of 300 concurrent scrapes: each answered 200 or 503 (retry), none 500, memory bounded", async () => {
    const pid = s.t.proc.pid;
    const before = rssKb(pid);
    const answers = await Promise.all(
      Array.from({ length: 300 }, async () => {
        const r = await fetch(`${s.base}/metrics`, { headers: { "accept-encoding": "gzip" } });
        const body = await r.arrayBuffer();
        return { status: r.status, retry: r.headers.get("retry-after"), bytes: body.byteLength };
      }),
    );
    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses].filter((x) => x !== 200 && x !== 503)).toEqual([]);
    expect(answers.some((a) => a.status === 200)).toBe(true);
    for (const a of answers.filter((a) => a.status === 503)) expect(a.retry).toBe("1");
    // a full render per request would be 300 bodies at once; at most two are rendered
    expect(rssKb(pid) - before).toBeLessThan(200 * 1024);
    const body = await s.text("/metrics");
    expect(parseExposition(body).duplicates).toEqual([]);
    expect(body).toMatch(/^swoll_scrape_duration_seconds [0-9.e-]+$/m);
  });

  test("a scraper that stops reading does not stop /healthz or other scrapes", async () => {
    const stalled = await raw(s.port);
    stalled.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    await until("the first bytes", () => stalled.received().length > 0);
    for (let i = 0; i < 5; i++) {
      const r = await s.get("/healthz");
      expect(r.status).toBe(200);
    }
    const other = await s.get("/metrics");
    expect(other.status).toBe(200);
    expect(await other.text()).toMatch(/^swoll_build_info/m);
    stalled.end();
  });
});
