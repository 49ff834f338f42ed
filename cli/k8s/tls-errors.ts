/**
 * What goes wrong between swoll and the API server, in words that name the
 * problem and the fix. Bun's fetch reports a CA, certificate or key it
 * cannot parse as `FailedToOpenSocket` ("Was there a typo in the url or
 * port?"), and ends some messages with a hint about `verbose: true`, an
 * option of its fetch() that a swoll user cannot pass: both are replaced.
 */
import { createPrivateKey, X509Certificate } from "node:crypto";

/** A CA, certificate or key in the kubeconfig that cannot be used as it is. */
export class BadCredential extends Error {}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const checked = new Set<string>();

/** Null when `pem` holds one or more certificates that parse, else why not. */
function certificateProblem(pem: string): string | null {
  const blocks = pem.match(PEM_CERT);
  if (!blocks) return "holds no PEM certificate";
  for (const b of blocks) {
    try {
      new X509Certificate(b);
    } catch (e) {
      return `holds a certificate that does not parse (${(e as Error).message.split("\n")[0]})`;
    }
  }
  return null;
}

/**
 * The kubeconfig's CA, client certificate and key, checked before a
 * connection is tried; throws an Error with one line naming which one is
 * broken and the fix. Each distinct content is parsed once.
 */
export function checkCredentials(o: { ca?: Buffer | string; cert?: Buffer | string; key?: Buffer | string }, source: string): void {
  const parts: [keyof typeof o, string][] = [["ca", "certificate-authority"], ["cert", "client-certificate"], ["key", "client-key"]];
  for (const [k, field] of parts) {
    const v = o[k];
    if (v === undefined) continue;
    const text = v.toString();
    const memo = `${k}\0${text}`;
    if (checked.has(memo)) continue;
    let problem: string | null;
    if (k === "key") {
      try {
        createPrivateKey(text);
        problem = null;
      } catch (e) {
        problem = `does not hold a private key that parses (${(e as Error).message.split("\n")[0]})`;
      }
    } else problem = certificateProblem(text);
    if (problem) throw new BadCredential(`the ${field} of kubeconfig ${source} ${problem}; fix ${field} (or ${field}-data) in the kubeconfig`);
    if (checked.size > 64) checked.clear();
    checked.add(memo);
  }
}

/** A fetch error as one line: the cause in words, without Bun's hints. */
export function requestErrorText(e: unknown, server: string): string {
  const err = e as { code?: string; message?: string };
  const host = (() => {
    try {
      return new URL(server).hostname;
    } catch {
      return server;
    }
  })();
  switch (err.code) {
    case "ECONNREFUSED":
      return `connection refused by ${server}; check the server address in the kubeconfig and that the API server runs`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot resolve ${host}; check the server address in the kubeconfig`;
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return `the API server's certificate does not name ${host}; use the address the certificate names, or set tls-server-name in the kubeconfig`;
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "CERT_SIGNATURE_FAILURE":
      return `the API server's certificate is not signed by the kubeconfig's certificate-authority (${err.code}); fix certificate-authority in the kubeconfig`;
    case "CERT_HAS_EXPIRED":
      return `the API server's certificate has expired; renew it, or check this machine's clock`;
  }
  const msg = (err.message ?? String(e)).split("\n")[0]!
    .replace(/\.? *For more information, pass `verbose: true` in the second argument to fetch\(\)\.?/, "")
    .replace(/:? *Was there a typo in the url or port\?/, "")
    .trim();
  return err.code && !msg.includes(err.code) ? `${err.code}: ${msg}` : msg;
}
