/** Real fetch errors from Bun against a real local TLS server, as swoll words them. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { requestErrorText } from "../../cli/k8s/tls-errors";
import { makePki, type Pki } from "../fixtures/k8s/pki";

let pki: Pki;
let server: ReturnType<typeof Bun.serve>;
let url: string;

beforeAll(() => {
  pki = makePki();
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", tls: { cert: pki.serverCert, key: pki.serverKey }, fetch: () => new Response("{}") });
  url = `https://127.0.0.1:${server.port}`;
});
afterAll(() => {
  server.stop(true);
  pki.cleanup();
});

async function errorOf(target: string, tls: Record<string, unknown>): Promise<unknown> {
  try {
    await fetch(target, { tls } as RequestInit);
  } catch (e) {
    return e;
  }
  throw new Error("the request succeeded");
}

describe("requestErrorText", () => {
  test("a server certificate that does not name the host: no hint about fetch's verbose option", async () => {
    const text = requestErrorText(await errorOf(url, { ca: pki.ca, serverName: "wrong.example" }), url);
    expect(text).toBe("the API server's certificate does not name 127.0.0.1; use the address the certificate names, or set tls-server-name in the kubeconfig");
    expect(text).not.toContain("verbose");
  });

  test("a server certificate from another CA", async () => {
    expect(requestErrorText(await errorOf(url, { ca: pki.otherCa }), url)).toMatch(/^the API server's certificate is not signed by the kubeconfig's certificate-authority \(\w+\); fix certificate-authority in the kubeconfig$/);
  });

  test("nothing listening", async () => {
    expect(requestErrorText(await errorOf("https://127.0.0.1:1/", {}), "https://127.0.0.1:1")).toBe("connection refused by https://127.0.0.1:1; check the server address in the kubeconfig and that the API server runs");
  });

  test("Bun's own hints are dropped from any other message", () => {
    const e = Object.assign(new TypeError("SomethingNew fetching \"https://x\". For more information, pass `verbose: true` in the second argument to fetch()"), { code: "SomethingNew" });
    expect(requestErrorText(e, "https://x")).toBe('SomethingNew fetching "https://x"');
  });
});
