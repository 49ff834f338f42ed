/**
 * The assets of /metrics/charts, all inside the executable: the page,
 * its script, and echarts itself, so the page works with no internet.
 */
import echartsSource from "echarts/dist/echarts.min" with { type: "text" };
import clientSource from "./charts-client.js" with { type: "text" };

export const ECHARTS_JS: string = echartsSource;
export const CHARTS_JS: string = clientSource;

export const CHARTS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>swoll · syscalls</title>
<link rel="icon" href="data:,">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
  header { display: flex; gap: 1.5em; align-items: baseline; padding: 10px 16px; background: #fff; border-bottom: 1px solid #ddd; flex-wrap: wrap; }
  header h1 { font-size: 18px; margin: 0; }
  header nav a { margin-right: 0.8em; color: #2b6cb0; }
  #status { color: #555; }
  #notice { color: #9c4221; margin: 8px 0 0; }
  #notice:empty { display: none; }
  main { padding: 8px 16px; }
  h2 { font-size: 14px; font-weight: 600; margin: 12px 0 4px; }
  .chart { height: 320px; background: #fff; border: 1px solid #e2e2e2; }
  #sankey { height: 560px; }
  .row { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
</style>
</head>
<body>
<header>
  <h1>swoll</h1>
  <span id="status">loading…</span>
  <nav>
    <a href="/metrics/charts">all</a>
    <a href="/metrics/charts?namespace=">host only</a>
    <a href="/metrics/charts?ord=syscall,err">syscall → err</a>
    <a href="/metrics/charts?ord=class,syscall,err">class → syscall → err</a>
    <a href="/metrics">/metrics</a>
  </nav>
</header>
<main>
  <p id="notice" role="status"></p>
  <h2 id="sankey-title">Calls</h2>
  <div id="sankey" class="chart"></div>
  <div class="row">
    <section><h2>Errors by errno</h2><div id="errors" class="chart"></div></section>
    <section><h2>Slowest syscalls (mean and p99 latency)</h2><div id="latency" class="chart"></div></section>
  </div>
</main>
<script src="/metrics/charts/echarts.min.js"></script>
<script src="/metrics/charts/app.js"></script>
</body>
</html>
`;
