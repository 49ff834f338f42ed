/**
 * /metrics/charts in Debian's headless Chromium: the page loads with no
 * console errors and no network beyond swoll, and the Sankey is drawn.
 * The screenshot is kept as test/artifacts/charts.png.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decodePng, inkRatio, openPage, type Page } from "../helpers/chromium";
import { parseExposition, startServe, until, type Served } from "../helpers/serve";
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
  // echarts animates the first draw: wait until the sankey's drawing stops changing
  let last = "";
  await until("the first draw's animation to finish", async () => {
    const now = await page.eval<string>("(() => { const s = document.querySelector('#sankey svg'); return s ? String(s.querySelectorAll('path').length) + ':' + s.innerHTML.length : ''; })()");
    const settled = now !== "" && !now.startsWith("0:") && now === last;
    last = now;
    return settled;
  }, (settled) => settled, 20000);
}


/** Filled bars of an SVG chart. */
function svgBars(id: string): Promise<number> {
  return page.eval<number>(`document.querySelectorAll('#${id} svg path[fill]:not([fill="none"])').length`);
}

/** Every text an SVG chart shows (axis labels, names, legend), as boxes on the page, and the chart's box. */
function svgTexts(id: string): Promise<{ box: Rect; texts: (Rect & { text: string })[] }> {
  return page.eval(`(() => {
    const r = (b) => ({ x: b.x, y: b.y, width: b.width, height: b.height });
    const texts = [...document.querySelectorAll('#${id} svg text')]
      .filter((t) => t.textContent.trim() !== '' && getComputedStyle(t).display !== 'none' && t.getAttribute('opacity') !== '0')
      .map((t) => ({ ...r(t.getBoundingClientRect()), text: t.textContent }));
    return { box: r(document.getElementById('${id}').getBoundingClientRect()), texts };
  })()`);
}

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test("the page draws the Sankey, errors by errno and latency, with no console errors", async () => {
  await load("/metrics/charts");
  expect(page.errors).toEqual([]);
  const state = await page.eval<{ stages: string[]; sankeyNodes: number; error: string | null }>("window.swollCharts");
  expect(state.stages).toEqual(["class", "group", "namespace", "pod", "syscall", "err"]);
  expect(state.sankeyNodes).toBeGreaterThan(6);
  expect(state.error).toBeNull();
  expect(await svgBars("sankey")).toBeGreaterThan(6);
  expect(await svgBars("errors")).toBeGreaterThan(0);
  expect(await svgBars("latency")).toBeGreaterThan(0);

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
  expect(await svgBars("sankey")).toBeGreaterThan(6);
}, LONG);

test("?ord= picks and orders the stages; unknown names are ignored (and said)", async () => {
  await load("/metrics/charts?ord=err,bogus,syscall,class");
  expect(page.errors).toEqual([]);
  expect(await page.eval<string[]>("window.swollCharts.stages")).toEqual(["err", "syscall", "class"]);
  expect(await svgBars("sankey")).toBeGreaterThan(6);
}, LONG);

test("Sankey, errors and latency panels: no two labels overlap, none is cut off by the chart's edge, the legend clear of the axis", async () => {
  // more errnos than the default page would fit with long names: ENOENT, EBADF, ENOTDIR, ENAMETOOLONG, …
  runWorkload("open", "/etc/hostname/x", "50");
  runWorkload("open", "/" + "n".repeat(300), "50");
  await load("/metrics/charts");
  await until("the errors panel to show several errnos", () => page.eval<number>("window.swollCharts.errors.length"), (n) => n >= 2, 20000);
  for (const id of ["sankey", "errors", "latency"]) {
    const { box, texts } = await svgTexts(id);
    expect(texts.length).toBeGreaterThan(3);
    const clashes: string[] = [];
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++) if (overlap(texts[i]!, texts[j]!)) clashes.push(`${texts[i]!.text} / ${texts[j]!.text}`);
    expect({ id, clashes }).toEqual({ id, clashes: [] });
    const outside = texts.filter((t) => t.x < box.x - 0.5 || t.y < box.y - 0.5 || t.x + t.width > box.x + box.width + 0.5 || t.y + t.height > box.y + box.height + 0.5).map((t) => t.text);
    expect({ id, outside }).toEqual({ id, outside: [] });
  }
  // the latency legend (mean, p99) is below the axis's labels, not on them
  const { texts } = await svgTexts("latency");
  const legend = texts.filter((t) => t.text === "mean" || t.text.startsWith("p99"));
  expect(legend).toHaveLength(2);
  const axisName = texts.find((t) => t.text === "µs")!;
  for (const l of legend) expect(l.y).toBeGreaterThanOrEqual(axisName.y + axisName.height - 0.5);
}, LONG);

test("?namespace= narrows the latency panel too: its syscalls are that namespace's in /metrics", async () => {
  await load("/metrics/charts?namespace=");
  const host = await page.eval<{ syscall: string }[]>("window.swollCharts.latency");
  expect(host.length).toBeGreaterThan(0);
  const { samples } = parseExposition(await swoll.text("/metrics"));
  const hostSyscalls = new Set([...samples.keys()].filter((k) => k.startsWith("swoll_node_metrics_syscall_count{") && k.includes('namespace=""')).map((k) => /syscall="([^"]+)"/.exec(k)![1]));
  expect(host.map((l) => l.syscall).filter((s) => !hostSyscalls.has(s))).toEqual([]);
  // a namespace with no calls: every panel is empty, latency included
  page.errors.length = 0;
  await page.goto(swoll.base + "/metrics/charts?namespace=no-such-namespace");
  await until("the charts to render", () => page.eval<number>("window.swollCharts ? window.swollCharts.rendered : 0"), (n) => n >= 1, 20000);
  expect(await page.eval<unknown[]>("window.swollCharts.latency")).toEqual([]);
  expect(await page.eval<unknown[]>("window.swollCharts.errors")).toEqual([]);
  expect(samples.size).toBeGreaterThan(0);
  expect([...samples.keys()].some((k) => k.includes('namespace="no-such-namespace"'))).toBe(false);
}, LONG);

test("an unknown ?ord= stage is said on the page", async () => {
  await load("/metrics/charts?ord=err,bogus,syscall");
  expect(await page.eval<string>("document.getElementById('notice').textContent")).toBe(
    '?ord= has unknown stage "bogus" (ignored); stages are class, group, namespace, pod, container, syscall, err.',
  );
  await load("/metrics/charts?ord=bogus");
  expect(await page.eval<string>("document.getElementById('notice').textContent")).toBe(
    '?ord= has unknown stage "bogus" (ignored); stages are class, group, namespace, pod, container, syscall, err. ?ord= needs at least two stages; showing class → group → namespace → pod → syscall → err.',
  );
  await load("/metrics/charts?ord=syscall,err");
  expect(await page.eval<string>("document.getElementById('notice').textContent")).toBe("");
}, LONG);
