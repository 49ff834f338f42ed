/**
 * Debian's headless Chromium driven over the DevTools protocol: load a
 * page, collect console errors and exceptions, evaluate, screenshot.
 * Plus a small PNG decoder (node:zlib) to check screenshots' pixels.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";

export interface Page {
  /** console errors, uncaught exceptions and failed loads, as text */
  errors: string[];
  goto(url: string): Promise<void>;
  eval<T = unknown>(expression: string): Promise<T>;
  screenshot(): Promise<Uint8Array>;
  close(): Promise<void>;
}

export async function openPage(width = 1200, height = 900): Promise<Page> {
  const profile = mkdtempSync(join(tmpdir(), "swoll-chromium-"));
  const proc = Bun.spawn(
    [
      "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--remote-debugging-port=0",
      "--remote-allow-origins=*", `--window-size=${width},${height}`, "about:blank",
    ],
    { stdout: "ignore", stderr: "pipe" },
  );
  let log = "";
  const dec = new TextDecoder();
  void (async () => {
    for await (const c of proc.stderr as ReadableStream<Uint8Array>) log += dec.decode(c, { stream: true });
  })();
  const end = Date.now() + 30000;
  let port = 0;
  while (!port) {
    const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
    if (m) port = Number(m[1]);
    else if (proc.exitCode !== null || Date.now() > end) throw new Error(`chromium did not start: ${log.slice(-1000)}`);
    else await Bun.sleep(50);
  }
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; webSocketDebuggerUrl: string }[];
  const ws = new WebSocket(targets.find((t) => t.type === "page")!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });

  let nextId = 1;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  const waiters: { method: string; resolve: () => void }[] = [];
  const errors: string[] = [];
  ws.onmessage = (ev) => {
    const msg = JSON.parse(String(ev.data));
    if (msg.id !== undefined) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(`${msg.error.message}`));
      else p?.resolve(msg.result);
      return;
    }
    const params = msg.params ?? {};
    if (msg.method === "Runtime.consoleAPICalled" && (params.type === "error" || params.type === "assert"))
      errors.push(`console.${params.type}: ${params.args.map((a: any) => a.value ?? a.description).join(" ")}`);
    if (msg.method === "Runtime.exceptionThrown") errors.push(`exception: ${params.exceptionDetails?.exception?.description ?? params.exceptionDetails?.text}`);
    if (msg.method === "Log.entryAdded" && params.entry?.level === "error") errors.push(`log: ${params.entry.text} ${params.entry.url ?? ""}`);
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]!.method === msg.method) waiters.splice(i, 1)[0]!.resolve();
  };
  const send = (method: string, params: object = {}): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send("Runtime.enable");
  await send("Log.enable");
  await send("Page.enable");
  await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });

  return {
    errors,
    async goto(url) {
      const loaded = new Promise<void>((resolve) => waiters.push({ method: "Page.loadEventFired", resolve }));
      await send("Page.navigate", { url });
      await loaded;
    },
    async eval<T>(expression: string) {
      const r = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
      if (r.exceptionDetails) throw new Error(`evaluate ${expression}: ${r.exceptionDetails.text}`);
      return r.result.value as T;
    },
    async screenshot() {
      const r = await send("Page.captureScreenshot", { format: "png" });
      return new Uint8Array(Buffer.from(r.data, "base64"));
    },
    async close() {
      ws.close();
      proc.kill("SIGTERM");
      await proc.exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel */
  rgba: Uint8Array;
}

/** Decode an 8-bit RGB or RGBA, non-interlaced PNG. */
export function decodePng(png: Uint8Array): Image {
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let off = 8;
  let width = 0, height = 0, colorType = 0;
  const idat: Uint8Array[] = [];
  while (off < png.length) {
    const len = dv.getUint32(off);
    const type = String.fromCharCode(...png.subarray(off + 4, off + 8));
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = dv.getUint32(off + 8);
      height = dv.getUint32(off + 12);
      if (data[8] !== 8 || data[12] !== 0) throw new Error("only 8-bit, non-interlaced PNGs");
      colorType = data[9]!;
    } else if (type === "IDAT") idat.push(data);
    off += 12 + len;
  }
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  if (!channels) throw new Error(`PNG colour type ${colorType} not supported`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? cur[x - channels]! : 0;
      const b = prev[x]!;
      const c = x >= channels ? prev[x - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter]!;
      cur[x] = (line[x]! + pred) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      out.set(cur.subarray(x * channels, x * channels + 3), (y * width + x) * 4);
      out[(y * width + x) * 4 + 3] = channels === 4 ? cur[x * 4 + 3]! : 255;
    }
    prev = cur;
  }
  return { width, height, rgba: out };
}

/** Share of pixels in a rectangle that are not (near) the given background colour. */
export function inkRatio(img: Image, rect: { x: number; y: number; width: number; height: number }, bg = [255, 255, 255]): number {
  let ink = 0, total = 0;
  for (let y = Math.max(0, Math.floor(rect.y)); y < Math.min(img.height, rect.y + rect.height); y++)
    for (let x = Math.max(0, Math.floor(rect.x)); x < Math.min(img.width, rect.x + rect.width); x++) {
      const i = (y * img.width + x) * 4;
      total++;
      if (Math.abs(img.rgba[i]! - bg[0]!) + Math.abs(img.rgba[i + 1]! - bg[1]!) + Math.abs(img.rgba[i + 2]! - bg[2]!) > 30) ink++;
    }
  return total ? ink / total : 0;
}
