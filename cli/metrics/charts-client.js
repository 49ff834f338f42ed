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

  const params = new URLSearchParams(location.search);
  const namespace = params.get("namespace");
  const ord = (params.get("ord") || "")
    .split(",")
    .map((s) => s.trim())
    .filter((s, i, a) => ALL.includes(s) && a.indexOf(s) === i);
  const stages = ord.length >= 2 ? ord : namespace !== null ? FOCUSED : DEFAULT;

  const state = (window.swollCharts = { polls: 0, rendered: 0, stages, error: null, sankeyNodes: 0 });
  const $ = (id) => document.getElementById(id);
  $("sankey-title").textContent =
    `Calls: ${stages.join(" → ")}` + (namespace !== null ? ` in namespace "${namespace || "(host)"}"` : "");

  const charts = {
    sankey: echarts.init($("sankey"), null, { renderer: "canvas" }),
    errors: echarts.init($("errors"), null, { renderer: "canvas" }),
    latency: echarts.init($("latency"), null, { renderer: "canvas" }),
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
    return {
      tooltip: { trigger: "item" },
      series: [
        {
          type: "sankey",
          left: 10,
          right: 140,
          top: 10,
          bottom: 10,
          nodeAlign: "justify",
          emphasis: { focus: "adjacency" },
          lineStyle: { color: "gradient", opacity: 0.35, curveness: 0.5 },
          label: { formatter: (p) => nodeLabel(p.name) },
          data: [...nodes.keys()].map((name) => ({ name })),
          links: [...links.entries()].map(([k, value]) => {
            const [source, target] = k.split("\u0000");
            return { source, target, value };
          }),
        },
      ],
    };
  }

  function bars(names, series, unit, log) {
    return {
      tooltip: { trigger: "axis" },
      legend: { show: series.length > 1 },
      grid: { left: 150, right: 30, top: series.length > 1 ? 30 : 10, bottom: 30 },
      xAxis: { type: log ? "log" : "value", name: unit, nameLocation: "end" },
      yAxis: { type: "category", data: names, inverse: true },
      series: series.map((s) => ({ type: "bar", name: s.name, data: s.data })),
    };
  }

  function render(data) {
    let rows = data.rows;
    if (namespace !== null) rows = rows.filter((r) => r.namespace === namespace);
    const total = rows.reduce((n, r) => n + r.count, 0);
    charts.sankey.setOption(sankey(rows), { notMerge: true });

    const byErr = new Map();
    for (const r of rows) if (r.err !== "OK") byErr.set(r.err, (byErr.get(r.err) || 0) + r.count);
    const errs = [...byErr.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
    charts.errors.setOption(bars(errs.map((e) => e[0]), [{ name: "calls", data: errs.map((e) => e[1]) }], "calls", false), { notMerge: true });

    const lat = data.latency.slice(0, 15);
    const us = (ns) => (ns === null ? null : ns / 1000);
    charts.latency.setOption(
      bars(lat.map((l) => l.syscall), [
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
      const res = await fetch("/metrics/charts/data", { cache: "no-store" });
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
