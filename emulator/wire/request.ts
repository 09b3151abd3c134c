/** Turning an HTTP request into what the emulator works with: parameters, headers, body. */
import type { IncomingMessage } from "node:http";
import { type Dictionary, dictionary, merged } from "./dictionary";
import type { SignedRequest } from "./signature";

/** The largest body the emulator reads, ECS calls and control calls alike: 1 MiB. */
export const MAX_BODY_BYTES = 1 << 20;
/**
 * How much of an oversized body is read and thrown away after the 413 answer, so the client can
 * read that answer (closing while it still sends would reset the connection under it), 256 MiB;
 * past that the connection is closed.
 */
const MAX_DISCARDED_BYTES = 256 << 20;

export interface ReadBody {
  body: Buffer;
  /** The body went over `MAX_BODY_BYTES`: `body` is empty and the rest is being discarded. */
  tooLarge: boolean;
}

/** Reads the body; one over the limit resolves at once as `tooLarge`, the rest is drained. */
export function readBody(req: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) {
        if (size > MAX_DISCARDED_BYTES) req.destroy();
        return;
      }
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        resolve({ body: Buffer.alloc(0), tooLarge });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve({ body: Buffer.concat(chunks), tooLarge }));
    req.on("error", reject);
  });
}

function decodeForm(text: string): Dictionary {
  // URLSearchParams decodes "+" as a space, as Go clients encode it.
  return dictionary(new URLSearchParams(text));
}

export function parseRequest(req: IncomingMessage, body: Buffer): SignedRequest {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const contentType = String(req.headers["content-type"] ?? "");
  return {
    method: req.method ?? "GET",
    pathname: q >= 0 ? url.slice(0, q) : url,
    query: q >= 0 ? decodeForm(url.slice(q + 1)) : dictionary(),
    form: contentType.includes("application/x-www-form-urlencoded")
      ? decodeForm(body.toString())
      : dictionary(),
    headers: dictionary(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v])),
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

export function actionParams(req: SignedRequest, rpc: boolean): Dictionary {
  const all = merged(req.query, req.form);
  if (!rpc) return all;
  return dictionary(Object.entries(all).filter(([k]) => !RPC_COMMON.has(k)));
}

/** Names that may carry a secret; paging cursors (`NextToken`) and `ClientToken` are not. */
const SECRET_PARAM = /password|secret|securitytoken|accesstoken|signature|userdata/i;

/** Parameters safe to log: anything that may carry a secret is masked. */
export function loggableParams(params: Dictionary): Dictionary {
  return dictionary(Object.entries(params).map(([k, v]) => [k, SECRET_PARAM.test(k) ? "***" : v]));
}
