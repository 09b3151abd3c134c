/**
 * Request authentication, independent of the SDK's signer: ACS3-HMAC-SHA256 (the Node SDK's
 * default) and the legacy RPC HMAC-SHA1 signature (SDK `signatureAlgorithm: "v2"`, the aliyun CLI,
 * the Go SDK), with the timestamp window and nonce replay checks of the POP gateway.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { ecsError } from "../model/ecs-api-error";

export interface SignedRequest {
  method: string;
  pathname: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** Decoded form-body parameters. */
  form: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface KeyEntry {
  secret: string;
  /** Set for STS credentials: the token that must accompany the key. */
  securityToken?: string;
}

export type SignatureKind = "ACS3-HMAC-SHA256" | "HMAC-SHA1";

export interface Authenticated {
  kind: SignatureKind;
  accessKeyId: string;
  action?: string;
  version?: string;
}

/** RFC 3986 encoding as Alibaba Cloud signs it. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

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

export function acs3Signature(canonicalRequest: string, secret: string): string {
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest)}`;
  return createHmac("sha256", secret).update(stringToSign).digest("hex");
}

export function rpcSignature(method: string, params: Record<string, string>, secret: string) {
  const canonical = Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join("&");
  const stringToSign = `${method}&${percentEncode("/")}&${percentEncode(canonical)}`;
  return createHmac("sha1", `${secret}&`).update(stringToSign).digest("base64");
}

function headerValue(v: string | string[] | undefined): string {
  if (Array.isArray(v)) return [...v].sort().join(",");
  return v ?? "";
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Replay protection: remembers nonces for as long as their timestamps stay acceptable. */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly ttlMs: number) {}

  /** Records the nonce; false if it was seen before. */
  remember(key: string, nowMs: number): boolean {
    this.sweep(nowMs);
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > nowMs) return false;
    this.seen.delete(key); // re-inserted last, so the map stays in expiry order
    this.seen.set(key, nowMs + this.ttlMs);
    return true;
  }

  /** Drops expired nonces from the front, stopping at the first live one: O(1) amortized. */
  private sweep(nowMs: number) {
    for (const [key, expires] of this.seen) {
      if (expires > nowMs) break;
      this.seen.delete(key);
    }
  }
}

export interface AuthContext {
  keys: Map<string, KeyEntry>;
  nonces: NonceCache;
  nowMs: number;
  maxClockSkewMs: number;
}

/** Verifies the request's signature; throws the gateway's `EcsApiError` when it fails. */
export function authenticate(req: SignedRequest, ctx: AuthContext): Authenticated {
  const authorization = headerValue(req.headers["authorization"]);
  if (authorization.startsWith("ACS3-")) return verifyAcs3(req, authorization, ctx);
  const params = { ...req.query, ...req.form };
  if (params.Signature !== undefined || params.SignatureMethod !== undefined) {
    return verifyRpc(req, params, ctx);
  }
  throw ecsError(
    "IncompleteSignature",
    "The request has no Authorization header and no Signature.",
  );
}

function verifyAcs3(req: SignedRequest, authorization: string, ctx: AuthContext): Authenticated {
  const space = authorization.indexOf(" ");
  const algorithm = authorization.slice(0, space);
  if (algorithm !== "ACS3-HMAC-SHA256") {
    throw ecsError("InvalidSignatureMethod", `Signature algorithm ${algorithm} is not supported.`);
  }
  const parts = new Map<string, string>();
  for (const piece of authorization.slice(space + 1).split(",")) {
    const eq = piece.indexOf("=");
    if (eq > 0) parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const accessKeyId = parts.get("Credential");
  const signedHeaderList = parts.get("SignedHeaders");
  const signature = parts.get("Signature");
  if (!accessKeyId || !signedHeaderList || !signature) {
    throw ecsError(
      "IncompleteSignature",
      "Authorization needs Credential, SignedHeaders and Signature.",
    );
  }
  const signedHeaders = signedHeaderList.split(";");
  for (const required of ["host", "x-acs-date", "x-acs-signature-nonce", "x-acs-action"]) {
    if (!signedHeaders.includes(required) || req.headers[required] === undefined) {
      throw ecsError("IncompleteSignature", `The header ${required} must be present and signed.`);
    }
  }
  const key = lookupKey(ctx, accessKeyId, headerValue(req.headers["x-acs-security-token"]));
  checkTimestamp(headerValue(req.headers["x-acs-date"]), ctx);
  const hashedPayload = sha256Hex(req.body);
  const expected = acs3Signature(
    acs3CanonicalRequest(req, signedHeaders, hashedPayload),
    key.secret,
  );
  if (!sameText(expected, signature)) throw ecsError("SignatureDoesNotMatch");
  checkNonce(accessKeyId, headerValue(req.headers["x-acs-signature-nonce"]), ctx);
  return {
    kind: "ACS3-HMAC-SHA256",
    accessKeyId,
    action: headerValue(req.headers["x-acs-action"]),
    version: headerValue(req.headers["x-acs-version"]),
  };
}

function verifyRpc(
  req: SignedRequest,
  params: Record<string, string>,
  ctx: AuthContext,
): Authenticated {
  for (const name of [
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "AccessKeyId",
    "Timestamp",
  ]) {
    if (!params[name]) {
      throw ecsError("IncompleteSignature", `The parameter ${name} is mandatory for signing.`);
    }
  }
  if (params.SignatureMethod !== "HMAC-SHA1") throw ecsError("InvalidSignatureMethod");
  if (params.SignatureVersion && params.SignatureVersion !== "1.0") {
    throw ecsError("IncompleteSignature", "SignatureVersion must be 1.0.");
  }
  const key = lookupKey(ctx, params.AccessKeyId, params.SecurityToken ?? "");
  checkTimestamp(params.Timestamp, ctx);
  const expected = rpcSignature(req.method, params, key.secret);
  if (!sameText(expected, params.Signature)) throw ecsError("SignatureDoesNotMatch");
  checkNonce(params.AccessKeyId, params.SignatureNonce, ctx);
  return {
    kind: "HMAC-SHA1",
    accessKeyId: params.AccessKeyId,
    action: params.Action,
    version: params.Version,
  };
}

function lookupKey(ctx: AuthContext, accessKeyId: string, token: string): KeyEntry {
  const key = ctx.keys.get(accessKeyId);
  if (!key) throw ecsError("InvalidAccessKeyId.NotFound");
  if (key.securityToken !== undefined) {
    if (!token) throw ecsError("MissingSecurityToken");
    if (!sameText(token, key.securityToken))
      throw ecsError("InvalidSecurityToken.MismatchWithAccessKey");
  }
  return key;
}

function checkTimestamp(value: string, ctx: AuthContext) {
  const time = TIMESTAMP.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw ecsError("InvalidTimeStamp.Format");
  if (Math.abs(ctx.nowMs - time) > ctx.maxClockSkewMs) throw ecsError("InvalidTimeStamp.Expired");
}

function checkNonce(accessKeyId: string, nonce: string, ctx: AuthContext) {
  if (!nonce) throw ecsError("IncompleteSignature", "The signature nonce is missing.");
  if (!ctx.nonces.remember(`${accessKeyId}\n${nonce}`, ctx.nowMs))
    throw ecsError("SignatureNonceUsed");
}
