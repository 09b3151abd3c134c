/**
 * The serialize step: an outcome in the ECS wire form. JSON, or XML for RPC clients that ask
 * `Format=XML`; the documented error body; `x-acs-request-id` and `x-acs-retry-after` headers.
 */
import type { ServerResponse } from "node:http";
import type { EcsApiError } from "../model/ecs-api-error";
import { toXml } from "./xml";

/** What an ECS call came to. */
export type Outcome =
  | { kind: "result"; body: Record<string, unknown> }
  | { kind: "error"; error: EcsApiError; retryAfterMs?: number }
  /** The connection is closed with no answer (a fault rule's `drop`). */
  | { kind: "dropped" };

export interface ResponseContext {
  requestId: string;
  /** Names the root element of an XML answer. */
  action: string;
  /** The `Host` header, echoed as the error body's `HostId`. */
  host: string;
  format: "JSON" | "XML";
}

/** The HTTP status of an outcome as the request log records it: 0 when dropped. */
export function statusOf(outcome: Outcome): number {
  if (outcome.kind === "result") return 200;
  return outcome.kind === "error" ? outcome.error.status : 0;
}

/** The ECS code of an outcome as the request log records it. */
export function codeOf(outcome: Outcome): string | undefined {
  if (outcome.kind === "result") return undefined;
  return outcome.kind === "error" ? outcome.error.code : "ConnectionDropped";
}

export function writeOutcome(res: ServerResponse, outcome: Outcome, ctx: ResponseContext) {
  if (outcome.kind === "dropped") {
    res.socket?.destroy();
    return;
  }
  if (outcome.kind === "result") {
    write(res, 200, { RequestId: ctx.requestId, ...outcome.body }, ctx);
    return;
  }
  const { error, retryAfterMs } = outcome;
  const headers: Record<string, string> =
    retryAfterMs !== undefined ? { "x-acs-retry-after": String(retryAfterMs) } : {};
  write(res, error.status, errorBody(error, ctx), ctx, headers);
}

function errorBody(error: EcsApiError, ctx: ResponseContext) {
  return {
    RequestId: ctx.requestId,
    HostId: ctx.host,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${error.code}&product=Ecs&requestId=${ctx.requestId}`,
  };
}

function write(
  res: ServerResponse,
  status: number,
  payload: Record<string, unknown>,
  ctx: ResponseContext,
  headers: Record<string, string> = {},
) {
  const xml = ctx.format === "XML";
  res.writeHead(status, {
    "content-type": xml ? "text/xml;charset=utf-8" : "application/json;charset=utf-8",
    "x-acs-request-id": ctx.requestId,
    ...headers,
  });
  // By status, not by outcome: a fault rule may give an injected error a status below 400.
  const root = status >= 400 ? "Error" : `${ctx.action || "Unknown"}Response`;
  res.end(xml ? toXml(root, payload) : JSON.stringify(payload));
}
