/**
 * The emulator's HTTP server on 127.0.0.1: `/_emulator/` is the test-control API
 * (control-api.ts), every other path the ECS API (ecs-handler.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleControl } from "./control-api";
import type { EcsEndpoint } from "./ecs-endpoint";
import { handleEcsCall } from "./ecs-handler";
import { readBody } from "./request";

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

async function route(endpoint: EcsEndpoint, req: IncomingMessage, res: ServerResponse) {
  const body = await readBody(req);
  if ((req.url ?? "").startsWith("/_emulator/")) return handleControl(endpoint, req, res, body);
  return handleEcsCall(endpoint, req, res, body);
}
