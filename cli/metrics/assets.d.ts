// Text imports of the charts page's assets (cli/metrics/page.ts).
declare module "echarts/dist/echarts.min" {
  const source: string;
  export default source;
}
declare module "*/charts-client.js" {
  const source: string;
  export default source;
}
