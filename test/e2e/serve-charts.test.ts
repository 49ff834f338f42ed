/**
 * /metrics/charts in Debian's headless Chromium: the page loads with no
 * console errors and no network beyond swoll, and the Sankey is drawn.
 * The screenshot is kept as test/artifacts/charts.png.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decodePng, inkRatio, openPage, type Page } from "../helpers/chromium";
import { startServe, until, type Served } from "../helpers/serve";
import { ROOT, runWorkload, uniquePath } from "../helpers/swoll";

/** Start-up and bounded waits take longer than the runner's 5 s default. */
const LONG = 60_000;

let swoll: Served;
let page: Page;

beforeAll(async () => {
  swoll = await startServe();
  runWorkload("open", uniquePath("charts-missing") + "/x", "500"); // an errno to chart
  page = await openPage(1200, 900);
}, LONG);

afterAll(async () => {
  await page?.close();
  await swoll?.stop();
}, LONG);

type Rect = { x: number; y: number; width: number; height: number };

async function load(path: string): Promise<void> {
  page.errors.length = 0;
  await page.goto(swoll.base + path);
  await until("the charts to render", () => page.eval<number>("window.swollCharts ? window.swollCharts.rendered : 0"), (n) => n >= 1, 20000);
  // echarts animates the first draw: wait until the sankey's pixels stop changing
  let last = -1;
  await until("the first draw's animation to finish", async () => {
    const ink = await canvasInk("sankey");
    const settled = ink > 0 && ink === last;
    last = ink;
    return settled;
  }, (settled) => settled, 20000);
}

/** Non-blank pixels on the chart's own canvas, read back in the page. */
function canvasInk(id: string): Promise<number> {
  return page.eval<number>(`(() => {
    const c = document.querySelector('#${id} canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n / (c.width * c.height);
  })()`);
}

test("the page draws the Sankey, errors by errno and latency, with no console errors", async () => {
  await load("/metrics/charts");
  expect(page.errors).toEqual([]);
  const state = await page.eval<{ stages: string[]; sankeyNodes: number; error: string | null }>("window.swollCharts");
  expect(state.stages).toEqual(["class", "group", "namespace", "pod", "syscall", "err"]);
  expect(state.sankeyNodes).toBeGreaterThan(6);
  expect(state.error).toBeNull();
  expect(await canvasInk("sankey")).toBeGreaterThan(0.05);
  expect(await canvasInk("errors")).toBeGreaterThan(0.005);
  expect(await canvasInk("latency")).toBeGreaterThan(0.005);

  // Only swoll's own URLs were loaded.
  const urls = await page.eval<string[]>("performance.getEntriesByType('resource').map(e => e.name)");
  expect(urls.every((u) => u.startsWith(swoll.base))).toBe(true);
  expect(urls).toContain(`${swoll.base}/metrics/charts/echarts.min.js`);

  // The screenshot, decoded: the Sankey's area is drawn, not blank.
  const png = await page.screenshot();
  mkdirSync(join(ROOT, "test", "artifacts"), { recursive: true });
  writeFileSync(join(ROOT, "test", "artifacts", "charts.png"), png);
  const img = decodePng(png);
  expect([img.width, img.height]).toEqual([1200, 900]);
  const rect = await page.eval<Rect>("(() => { const r = document.getElementById('sankey').getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })()");
  expect(inkRatio(img, rect)).toBeGreaterThan(0.05);
  const header = await page.eval<string>("document.getElementById('status').textContent");
  expect(header).toMatch(/^[\d,]+ calls in \d+ series · updated /);
}, LONG);

test("the page polls: the data keeps updating", async () => {
  const before = await page.eval<number>("window.swollCharts.polls");
  await until("another poll", () => page.eval<number>("window.swollCharts.polls"), (n) => n > before, 10000);
  expect(page.errors).toEqual([]);
}, LONG);

test("?namespace= focuses one namespace: pod → container → syscall → err", async () => {
  await load("/metrics/charts?namespace=");
  expect(page.errors).toEqual([]);
  expect(await page.eval<string[]>("window.swollCharts.stages")).toEqual(["pod", "container", "syscall", "err"]);
  expect(await page.eval<string>("document.getElementById('sankey-title').textContent")).toBe('Calls: pod → container → syscall → err in namespace "(host)"');
  expect(await canvasInk("sankey")).toBeGreaterThan(0.05);
}, LONG);

test("?ord= picks and orders the stages; unknown names are ignored", async () => {
  await load("/metrics/charts?ord=err,bogus,syscall,class");
  expect(page.errors).toEqual([]);
  expect(await page.eval<string[]>("window.swollCharts.stages")).toEqual(["err", "syscall", "class"]);
  expect(await canvasInk("sankey")).toBeGreaterThan(0.05);
}, LONG);
