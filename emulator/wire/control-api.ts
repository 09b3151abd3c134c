/**
 * The test-control API under `/_emulator/` (JSON in, JSON out):
 *
 *   GET    /_emulator/state           the world          PUT  /_emulator/state   replace it
 *   POST   /_emulator/reset           fixture, startup config, no faults, empty log
 *   GET    /_emulator/faults          rules              POST /_emulator/faults  add one -> {id}
 *   DELETE /_emulator/faults          remove all         DELETE /_emulator/faults/ID
 *   GET    /_emulator/requests        the request log (?action=Name&since=ISO)
 *   DELETE /_emulator/requests        clear the log
 *   GET    /_emulator/config          limits and timings PATCH /_emulator/config  change some
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type FaultRule, invalidRule } from "../faults";
import { configProblem, type EmulatorConfig } from "../model/config";
import { worldProblem } from "../model/world-problem";
import type { World } from "../model/world";
import type { EcsEndpoint } from "./ecs-endpoint";

class BadRequest extends Error {}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString());
  } catch {
    throw new BadRequest("the body is not valid JSON");
  }
}

interface ControlAnswer {
  status: number;
  body: unknown;
}

const ok = (body: unknown = { ok: true }): ControlAnswer => ({ status: 200, body });
const notFound = (error: string): ControlAnswer => ({ status: 404, body: { error } });

function route(
  endpoint: EcsEndpoint,
  method: string,
  path: string,
  url: URL,
  body: Buffer,
): ControlAnswer {
  const key = `${method} ${path}`;
  switch (key) {
    case "GET /_emulator/state":
      return ok(endpoint.cloud.model.toWorld());
    case "PUT /_emulator/state": {
      const world = parseJson(body);
      const problem = worldProblem(world);
      if (problem) throw new BadRequest(`not a valid world: ${problem}`);
      endpoint.cloud.replaceWorld(world as World);
      return ok();
    }
    case "POST /_emulator/reset":
      endpoint.reset();
      return ok();
    case "GET /_emulator/faults":
      return ok({ faults: endpoint.faults.list() });
    case "POST /_emulator/faults": {
      const rule = parseJson(body) as FaultRule;
      const problem = invalidRule(rule);
      if (problem) throw new BadRequest(problem);
      return ok({ id: endpoint.faults.add(rule).id });
    }
    case "DELETE /_emulator/faults":
      endpoint.faults.clear();
      return ok();
    case "GET /_emulator/requests": {
      const action = url.searchParams.get("action") ?? undefined;
      const since = url.searchParams.get("since") ?? undefined;
      return ok({ requests: endpoint.log.list({ action, since }) });
    }
    case "DELETE /_emulator/requests":
      endpoint.log.clear();
      return ok();
    case "GET /_emulator/config":
      return ok(endpoint.cloud.config);
    case "PATCH /_emulator/config": {
      const patch = parseJson(body);
      const problem = configProblem(patch);
      if (problem) throw new BadRequest(problem);
      endpoint.cloud.updateConfig(patch as Partial<EmulatorConfig>);
      return ok(endpoint.cloud.config);
    }
  }
  const faultId = /^DELETE \/_emulator\/faults\/([\w-]+)$/.exec(key)?.[1];
  if (faultId) {
    return endpoint.faults.remove(faultId) ? ok() : notFound(`no fault ${faultId}`);
  }
  return notFound(`no control endpoint ${key}`);
}

export function handleControl(
  endpoint: EcsEndpoint,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) {
  const url = new URL(req.url ?? "/", "http://emulator");
  let answer: ControlAnswer;
  try {
    answer = route(endpoint, req.method ?? "GET", url.pathname.replace(/\/$/, ""), url, body);
  } catch (e) {
    if (!(e instanceof BadRequest)) throw e;
    answer = { status: 400, body: { error: e.message } };
  }
  writeJson(res, answer.status, answer.body);
}

export function writeJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
