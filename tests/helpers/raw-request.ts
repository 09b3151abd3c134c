/**
 * Hand-built signed requests for wire edge cases, signed by the SDK's own signing functions
 * (not the emulator's), then sent byte for byte with node:http.
 */
import { createHash, randomBytes } from "node:crypto";
import { request } from "node:http";
import { OpenApiUtil } from "@alicloud/openapi-core";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../emulator";

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

const utcSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const nonce = () => randomBytes(16).toString("hex");

interface SignOptions {
  host: string;
  action: string;
  params?: Record<string, string>;
  accessKeyId?: string;
  secret?: string;
  securityToken?: string;
  dateMs?: number;
  nonce?: string;
  version?: string;
}

/** An ACS3-HMAC-SHA256 request as the Node SDK sends it: POST /?params, empty body. */
export function acs3Request(o: SignOptions): RawRequest {
  const query = o.params ?? {};
  const payloadHash = createHash("sha256").update("").digest("hex");
  const headers: Record<string, string> = {
    host: o.host,
    "x-acs-action": o.action,
    "x-acs-version": o.version ?? "2014-05-26",
    "x-acs-date": utcSeconds(o.dateMs ?? Date.now()),
    "x-acs-signature-nonce": o.nonce ?? nonce(),
    "x-acs-content-sha256": payloadHash,
    ...(o.securityToken
      ? { "x-acs-security-token": o.securityToken, "x-acs-accesskey-id": o.accessKeyId ?? "" }
      : {}),
  };
  const authorization = OpenApiUtil.getAuthorization(
    { pathname: "/", method: "POST", query, headers } as never,
    "ACS3-HMAC-SHA256",
    payloadHash,
    o.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
    o.secret ?? DEFAULT_ACCESS_KEY_SECRET,
  );
  return {
    method: "POST",
    path: "/?" + new URLSearchParams(query).toString(),
    headers: { ...headers, authorization },
    body: "",
  };
}

/** The legacy RPC HMAC-SHA1 form: every parameter in the query (GET) or a form body (POST). */
export function rpcRequest(
  o: SignOptions & { method?: "GET" | "POST"; inBody?: boolean },
): RawRequest {
  const method = o.method ?? "GET";
  const params: Record<string, string> = {
    Action: o.action,
    Version: o.version ?? "2014-05-26",
    Format: "JSON",
    Timestamp: utcSeconds(o.dateMs ?? Date.now()),
    SignatureNonce: o.nonce ?? nonce(),
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    AccessKeyId: o.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
    ...(o.securityToken ? { SecurityToken: o.securityToken } : {}),
    ...o.params,
  };
  params.Signature = OpenApiUtil.getRPCSignature(
    params,
    method,
    o.secret ?? DEFAULT_ACCESS_KEY_SECRET,
  );
  const encoded = new URLSearchParams(params).toString();
  if (o.inBody) {
    return {
      method,
      path: "/",
      headers: { host: o.host, "content-type": "application/x-www-form-urlencoded" },
      body: encoded,
    };
  }
  return { method, path: `/?${encoded}`, headers: { host: o.host }, body: "" };
}

export function send(port: number, raw: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method: raw.method, path: raw.path, headers: raw.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text);
          } catch {
            // Non-JSON answers (XML) are read from `text`.
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(raw.body);
  });
}
