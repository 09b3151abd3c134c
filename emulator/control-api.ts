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
import type { EmulatorConfig, FaultRule } from "./control-types";
import { invalidRule } from "./faults";
import type { Emulator } from "./server";
import { worldProblem } from "./state-store";
import type { World } from "./world";

const CONFIG_KEYS: (keyof EmulatorConfig)[] = [
  "maxGroupsPerTarget",
  "transitionMs",
  "consistencyLagMs",
  "maxClockSkewMs",
];

class BadRequest extends Error {}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString());
  } catch {
    throw new BadRequest("the body is not valid JSON");
  }
}

function configProblem(patch: unknown): string | undefined {
  if (typeof patch !== "object" || patch === null) return "the body must be a JSON object";
  for (const [key, value] of Object.entries(patch)) {
    if (!CONFIG_KEYS.includes(key as keyof EmulatorConfig)) {
      return `unknown config key ${key}; known: ${CONFIG_KEYS.join(", ")}`;
    }
    if (typeof value !== "number" || !(value >= 0)) return `${key} must be a number >= 0`;
  }
  return undefined;
}

function route(
  emulator: Emulator,
  method: string,
  path: string,
  url: URL,
  body: Buffer,
): [number, unknown] {
  const key = `${method} ${path}`;
  switch (key) {
    case "GET /_emulator/state":
      return [200, emulator.model.toWorld()];
    case "PUT /_emulator/state": {
      const world = parseJson(body);
      const problem = worldProblem(world);
      if (problem) throw new BadRequest(`not a valid world: ${problem}`);
      emulator.replaceWorld(world as World);
      return [200, { ok: true }];
    }
    case "POST /_emulator/reset":
      emulator.reset();
      return [200, { ok: true }];
    case "GET /_emulator/faults":
      return [200, { faults: emulator.faults.list() }];
    case "POST /_emulator/faults": {
      const rule = parseJson(body) as FaultRule;
      const problem = invalidRule(rule);
      if (problem) throw new BadRequest(problem);
      return [200, { id: emulator.faults.add(rule).id }];
    }
    case "DELETE /_emulator/faults":
      emulator.faults.clear();
      return [200, { ok: true }];
    case "GET /_emulator/requests": {
      const action = url.searchParams.get("action");
      const since = url.searchParams.get("since");
      const requests = emulator.log.filter(
        (r) => (!action || r.action === action) && (!since || r.time >= since),
      );
      return [200, { requests }];
    }
    case "DELETE /_emulator/requests":
      emulator.log = [];
      return [200, { ok: true }];
    case "GET /_emulator/config":
      return [200, emulator.config];
    case "PATCH /_emulator/config": {
      const patch = parseJson(body);
      const problem = configProblem(patch);
      if (problem) throw new BadRequest(problem);
      emulator.updateConfig(patch as Partial<EmulatorConfig>);
      return [200, emulator.config];
    }
  }
  const faultId = /^DELETE \/_emulator\/faults\/([\w-]+)$/.exec(key)?.[1];
  if (faultId) {
    return emulator.faults.remove(faultId)
      ? [200, { ok: true }]
      : [404, { error: `no fault ${faultId}` }];
  }
  return [404, { error: `no control endpoint ${key}` }];
}

export function handleControl(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) {
  const url = new URL(req.url ?? "/", "http://emulator");
  let status: number;
  let payload: unknown;
  try {
    [status, payload] = route(
      emulator,
      req.method ?? "GET",
      url.pathname.replace(/\/$/, ""),
      url,
      body,
    );
  } catch (e) {
    if (!(e instanceof BadRequest)) throw e;
    [status, payload] = [400, { error: e.message }];
  }
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(payload));
}
