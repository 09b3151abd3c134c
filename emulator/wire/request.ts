/** Turning an HTTP request into what the emulator works with: parameters, headers, body. */
import type { IncomingMessage } from "node:http";
import type { SignedRequest } from "./signature";

const MAX_BODY_BYTES = 1 << 20;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function decodeForm(text: string): Record<string, string> {
  // URLSearchParams decodes "+" as a space, as Go clients encode it.
  return Object.fromEntries(new URLSearchParams(text));
}

export function parseRequest(req: IncomingMessage, body: Buffer): SignedRequest {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const contentType = String(req.headers["content-type"] ?? "");
  const headers: SignedRequest["headers"] = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value;
  return {
    method: req.method ?? "GET",
    pathname: q >= 0 ? url.slice(0, q) : url,
    query: q >= 0 ? decodeForm(url.slice(q + 1)) : {},
    form: contentType.includes("application/x-www-form-urlencoded")
      ? decodeForm(body.toString())
      : {},
    headers,
    body,
  };
}

/** The answer's format: XML for RPC clients that ask `Format=XML`, else JSON. */
export function responseFormat(req: SignedRequest): "JSON" | "XML" {
  const format = req.query.Format ?? req.form.Format ?? "json";
  return format.toUpperCase() === "XML" ? "XML" : "JSON";
}

/** Parameters of the RPC signature scheme, not of the action. */
const RPC_COMMON = new Set([
  "Action",
  "Version",
  "Format",
  "Timestamp",
  "SignatureNonce",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureType",
  "AccessKeyId",
  "Signature",
  "SecurityToken",
]);

export function actionParams(req: SignedRequest, rpc: boolean): Record<string, string> {
  const all = { ...req.query, ...req.form };
  if (!rpc) return all;
  return Object.fromEntries(Object.entries(all).filter(([k]) => !RPC_COMMON.has(k)));
}

const SECRET_PARAM = /password|secret|token|signature|userdata/i;

/** Parameters safe to log: anything that may carry a secret is masked. */
export function loggableParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, SECRET_PARAM.test(k) ? "***" : v]),
  );
}
