/** One ECS API call over HTTP: parse → verify → dispatch → serialize, then one log entry. */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { asEcsApiError, type EcsApiError } from "../model/ecs-api-error";
import { type Dispatched, dispatch } from "./dispatch";
import type { EcsEndpoint } from "./ecs-endpoint";
import { loggableParams, parseRequest, responseFormat } from "./request";
import type { RequestLogEntry } from "./request-log";
import { codeOf, type Outcome, type ResponseContext, statusOf, writeOutcome } from "./response";
import { type Call, unverifiedCall, verify } from "./verify";

/** `refusal`: the request is answered with this error before it is verified (a body too large). */
export async function handleEcsCall(
  endpoint: EcsEndpoint,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  refusal?: EcsApiError,
) {
  const started = Date.now();
  const request = parseRequest(req, body);
  const { call, error } = refusal
    ? { call: unverifiedCall(request), error: refusal }
    : verify(request, endpoint.authContext(Date.now()));
  const { outcome, fault }: Dispatched = error
    ? { outcome: { kind: "error", error } }
    : await dispatch(endpoint, call);
  const ctx: ResponseContext = {
    requestId: randomUUID().toUpperCase(),
    action: call.action,
    host: String(req.headers.host ?? "ecs.aliyuncs.com"),
    format: responseFormat(request),
  };
  const sent = send(res, outcome, ctx);
  endpoint.log.record(logEntry(started, request.method, call, sent, ctx.requestId, fault));
}

/** Writes the outcome; returns what was actually sent. */
function send(res: ServerResponse, outcome: Outcome, ctx: ResponseContext): Outcome {
  try {
    writeOutcome(res, outcome, ctx);
    return outcome;
  } catch (e) {
    // Node refuses a status outside 100-999, which a fault rule may ask for: the server failed.
    if (res.headersSent) throw e;
    const failed: Outcome = { kind: "error", error: asEcsApiError(e) };
    writeOutcome(res, failed, ctx);
    return failed;
  }
}

function logEntry(
  started: number,
  method: string,
  call: Call,
  outcome: Outcome,
  requestId: string,
  fault: string | undefined,
): RequestLogEntry {
  const code = codeOf(outcome);
  return {
    time: new Date(started).toISOString(),
    action: call.action,
    method,
    params: loggableParams(call.params),
    signature: call.signature,
    ...(call.accessKeyId !== undefined ? { accessKeyId: call.accessKeyId } : {}),
    status: statusOf(outcome),
    ...(code !== undefined ? { code } : {}),
    requestId,
    ...(fault !== undefined ? { fault } : {}),
    durationMs: Date.now() - started,
  };
}
