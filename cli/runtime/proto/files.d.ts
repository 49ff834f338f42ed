// The CRI protocol definition is embedded as text (cli/runtime/cri-client.ts).
declare module "*.proto" { const text: string; export default text; }
