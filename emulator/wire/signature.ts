/**
 * The two signature algorithms, independent of the SDK's signer: ACS3-HMAC-SHA256 (the Node SDK's
 * default) and the legacy RPC HMAC-SHA1 signature (SDK `signatureAlgorithm: "v2"`, the aliyun CLI,
 * the Go SDK). Checking a request against them is authenticate.ts.
 */
import { createHash, createHmac } from "node:crypto";
import type { Dictionary } from "./dictionary";

export interface SignedRequest {
  method: string;
  pathname: string;
  /** Decoded query parameters. */
  query: Dictionary;
  /** Decoded form-body parameters. */
  form: Dictionary;
  /** Lower-cased header names. */
  headers: Dictionary<string | string[] | undefined>;
  body: Buffer;
}

export interface KeyEntry {
  secret: string;
  /** Set for STS credentials: the token that must accompany the key. */
  securityToken?: string;
}

export type SignatureKind = "ACS3-HMAC-SHA256" | "HMAC-SHA1";

/** RFC 3986 encoding as Alibaba Cloud signs it. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

export const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

export function headerValue(v: string | string[] | undefined): string {
  if (Array.isArray(v)) return [...v].sort().join(",");
  return v ?? "";
}

export function acs3CanonicalRequest(
  req: SignedRequest,
  signedHeaders: string[],
  hashedPayload: string,
): string {
  const canonicalUri = (req.pathname || "/")
    .replace(/\+/g, "%20")
    .replace(/\*/g, "%2A")
    .replace(/%7E/g, "~");
  const canonicalQuery = Object.keys(req.query)
    .sort()
    .map((k) => `${k}=${percentEncode(req.query[k])}`)
    .join("&");
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${headerValue(req.headers[name]).trim()}\n`)
    .join("");
  return [
    req.method,
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders.join(";"),
    hashedPayload,
  ].join("\n");
}

export const acs3StringToSign = (canonicalRequest: string) =>
  `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest)}`;

/** The key is the raw secret. */
export const signAcs3 = (stringToSign: string, secret: string) =>
  createHmac("sha256", secret).update(stringToSign).digest("hex");

export function acs3Signature(canonicalRequest: string, secret: string): string {
  return signAcs3(acs3StringToSign(canonicalRequest), secret);
}

/** Every parameter but `Signature`, sorted and encoded: `POST&%2F&...`. */
export function rpcStringToSign(method: string, params: Dictionary): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join("&");
  return `${method}&${percentEncode("/")}&${percentEncode(canonical)}`;
}

/** The key is the secret followed by `&`. */
export const signRpc = (stringToSign: string, secret: string) =>
  createHmac("sha1", `${secret}&`).update(stringToSign).digest("base64");

export function rpcSignature(method: string, params: Dictionary, secret: string) {
  return signRpc(rpcStringToSign(method, params), secret);
}
