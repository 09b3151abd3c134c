/**
 * The emulator's HTTP server on 127.0.0.1: `/_emulator/` is the test-control API
 * (control-api.ts, for loopback callers only: control-guard.ts), every other path the ECS API
 * (ecs-handler.ts); what node:http cannot parse is answered by client-error.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ecsError } from "../model/ecs-api-error";
import { answerClientError } from "./client-error";
import { handleControl, writeJson } from "./control-api";
import { controlRefusal } from "./control-guard";
import type { EcsEndpoint } from "./ecs-endpoint";
import { handleEcsCall } from "./ecs-handler";
import { MAX_BODY_BYTES, readBody } from "./request";

export interface Listening {
  port: number;
  /** Stops listening and closes every connection, idle keep-alive ones included. */
  close(): Promise<void>;
}

export async function listen(endpoint: EcsEndpoint, port: number): Promise<Listening> {
  const server = createServer((req, res) => {
    route(endpoint, req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: String(e) }));
    });
  });
  server.on("clientError", answerClientError);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const TOO_LARGE = `The request body is larger than ${MAX_BODY_BYTES} bytes.`;

async function route(endpoint: EcsEndpoint, req: IncomingMessage, res: ServerResponse) {
  if ((req.url ?? "").startsWith("/_emulator/")) {
    const refusal = controlRefusal(req);
    // An unread body is drained by node:http once the answer is sent.
    if (refusal) return writeJson(res, refusal.status, { error: refusal.error });
    const { body, tooLarge } = await readBody(req);
    if (tooLarge) return writeJson(res, 413, { error: TOO_LARGE });
    return handleControl(endpoint, req, res, body);
  }
  const { body, tooLarge } = await readBody(req);
  const refusal = tooLarge ? ecsError("RequestEntityTooLarge", TOO_LARGE) : undefined;
  return handleEcsCall(endpoint, req, res, body, refusal);
}
