// The /metrics/charts page's script (served as /metrics/charts/app.js).
// Polls /metrics/charts/data and draws, with the bundled echarts:
//   a Sankey of call counts through the stages (class → group → namespace
//   → pod → syscall → err by default; ?namespace=NS focuses one namespace:
//   pod → container → syscall → err; ?ord=a,b,c picks and orders stages),
//   errors by errno, and the slowest syscalls (mean and p99 latency).
/* global echarts */
"use strict";

(() => {
  const ALL = ["class", "group", "namespace", "pod", "container", "syscall", "err"];
  const DEFAULT = ["class", "group", "namespace", "pod", "syscall", "err"];
  const FOCUSED = ["pod", "container", "syscall", "err"];
  const TOP = 12; // values kept per stage; the rest become "(other)"
  const POLL_MS = 2000;
  const NODE_GAP = 8; // px between a column's nodes
  const LABEL_MIN_PX = 16; // a node this tall holds its label's line

  const params = new URLSearchParams(location.search);
  const namespace = params.get("namespace");
  const asked = (params.get("ord") || "").split(",").map((s) => s.trim()).filter(Boolean);
  const ord = asked.filter((s, i, a) => ALL.includes(s) && a.indexOf(s) === i);
  const unknown = asked.filter((s) => !ALL.includes(s));
  const stages = ord.length >= 2 ? ord : namespace !== null ? FOCUSED : DEFAULT;

  const state = (window.swollCharts = { polls: 0, rendered: 0, stages, error: null, sankeyNodes: 0, notice: "", errors: [], latency: [] });
  const $ = (id) => document.getElementById(id);
  // ?ord= that names no stage, or too few, is said, not silently replaced
  const notices = [];
  if (unknown.length) notices.push(`?ord= has unknown stage${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => JSON.stringify(u)).join(", ")} (ignored); stages are ${ALL.join(", ")}.`);
  if (asked.length && ord.length < 2) notices.push(`?ord= needs at least two stages; showing ${stages.join(" → ")}.`);
  state.notice = notices.join(" ");
  $("notice").textContent = state.notice;
  $("sankey-title").textContent =
    `Calls: ${stages.join(" → ")}` + (namespace !== null ? ` in namespace "${namespace || "(host)"}"` : "");

  const charts = {
    sankey: echarts.init($("sankey"), null, { renderer: "svg" }),
    // SVG: its labels are elements, so the page (and its test) can see that none overlap
    errors: echarts.init($("errors"), null, { renderer: "svg" }),
    latency: echarts.init($("latency"), null, { renderer: "svg" }),
  };
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));

  const display = (stage, v) => (v === "" && (stage === "namespace" || stage === "pod" || stage === "container") ? "(host)" : v);
  const nodeLabel = (id) => id.slice(id.indexOf("|") + 1);

  function sankey(rows) {
    // Keep the TOP values of each stage by count.
    const keep = stages.map((stage) => {
      const totals = new Map();
      for (const r of rows) totals.set(r[stage], (totals.get(r[stage]) || 0) + r.count);
      return new Set([...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([v]) => v));
    });
    const nodes = new Map();
    const links = new Map();
    for (const r of rows) {
      const ids = stages.map((stage, i) => `${i}|${keep[i].has(r[stage]) ? display(stage, r[stage]) : "(other)"}`);
      ids.forEach((id) => nodes.set(id, true));
      for (let i = 0; i + 1 < ids.length; i++) {
        const key = ids[i] + "\u0000" + ids[i + 1];
        links.set(key, (links.get(key) || 0) + r.count);
      }
    }
    state.sankeyNodes = nodes.size;
    // echarts scales every column by one factor: (height − gaps) / calls of the
    // fullest column. A node thinner than a line of text gets no label (its
    // tooltip still names it), so no label lands on its neighbour's.
    const nodeCalls = new Map();
    for (const r of rows)
      stages.forEach((stage, i) => {
        const id = `${i}|${keep[i].has(r[stage]) ? display(stage, r[stage]) : "(other)"}`;
        nodeCalls.set(id, (nodeCalls.get(id) || 0) + r.count);
      });
    const total = rows.reduce((n, r) => n + r.count, 0) || 1;
    const perColumn = stages.map((_, i) => [...nodes.keys()].filter((id) => id.startsWith(`${i}|`)).length);
    const height = $("sankey").clientHeight - 20;
    const pxPerCall = Math.min(...perColumn.map((n) => (height - Math.max(0, n - 1) * NODE_GAP) / total));
    const labelled = (id) => (nodeCalls.get(id) || 0) * pxPerCall >= LABEL_MIN_PX;
    return {
      animation: false, // redrawn every poll: each draw is final at once
      tooltip: { trigger: "item" },
      series: [
        {
          type: "sankey",
          left: 10,
          right: 160,
          top: 10,
          bottom: 10,
          nodeAlign: "justify",
          emphasis: { focus: "adjacency" },
          lineStyle: { color: "gradient", opacity: 0.35, curveness: 0.5 },
          nodeGap: NODE_GAP,
          label: { formatter: (p) => (labelled(p.name) ? nodeLabel(p.name) : "") },
          data: [...nodes.keys()].map((name) => ({ name })),
          links: [...links.entries()].map(([k, value]) => {
            const [source, target] = k.split("\u0000");
            return { source, target, value };
          }),
        },
      ],
    };
  }

  const LABEL_PX = 18; // a category label's height with its gap: fewer bars than fit are drawn

  /** Bars that fit the chart: names are whole (or cut with …), none overlap, the legend sits below the axis. */
  function bars(el, names, series, unit, log) {
    const legend = series.length > 1;
    return {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { show: legend, bottom: 4, itemGap: 24 },
      grid: { left: 12, right: 48, top: 12, bottom: legend ? 56 : 32, containLabel: true },
      xAxis: { type: log ? "log" : "value", name: unit, nameLocation: "middle", nameGap: 24, axisLabel: { hideOverlap: true } },
      yAxis: { type: "category", data: names, inverse: true, axisLabel: { interval: 0, width: 130, overflow: "truncate" } },
      series: series.map((s) => ({ type: "bar", name: s.name, data: s.data })),
    };
  }

  /** How many bars fit the element's height at LABEL_PX each (at least 3). */
  const fit = (el, legend) => Math.max(3, Math.floor((el.clientHeight - (legend ? 56 : 32) - 12) / LABEL_PX));

  function render(data) {
    let rows = data.rows;
    if (namespace !== null) rows = rows.filter((r) => r.namespace === namespace);
    const total = rows.reduce((n, r) => n + r.count, 0);
    charts.sankey.setOption(sankey(rows), { notMerge: true });

    const byErr = new Map();
    for (const r of rows) if (r.err !== "OK") byErr.set(r.err, (byErr.get(r.err) || 0) + r.count);
    const errs = [...byErr.entries()].sort((a, b) => b[1] - a[1]).slice(0, Math.min(15, fit($("errors"), false)));
    state.errors = errs.map(([err, count]) => ({ err, count }));
    charts.errors.setOption(bars($("errors"), errs.map((e) => e[0]), [{ name: "calls", data: errs.map((e) => e[1]) }], "calls", false), { notMerge: true });

    const lat = data.latency.slice(0, Math.min(15, fit($("latency"), true)));
    state.latency = lat;
    const us = (ns) => (ns === null ? null : ns / 1000);
    charts.latency.setOption(
      bars($("latency"), lat.map((l) => l.syscall), [
        { name: "mean", data: lat.map((l) => us(l.mean_ns) || 0.001) },
        { name: "p99 (≤)", data: lat.map((l) => us(l.p99_ns)) },
      ], "µs", true),
      { notMerge: true },
    );

    $("status").textContent =
      `${total.toLocaleString("en")} calls in ${rows.length} series` +
      (data.lost || data.overflow ? `, ${data.lost + data.overflow} not counted` : "") +
      ` · updated ${new Date(data.time).toLocaleTimeString("en-GB")}`;
    state.rendered++;
  }

  async function poll() {
    state.polls++;
    try {
      const res = await fetch("/metrics/charts/data" + (namespace !== null ? `?namespace=${encodeURIComponent(namespace)}` : ""), { cache: "no-store" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      render(await res.json());
      state.error = null;
    } catch (e) {
      state.error = String(e && e.message ? e.message : e);
      $("status").textContent = `swoll is not answering (${state.error}); retrying`;
    }
    setTimeout(poll, POLL_MS);
  }
  poll();
})();
