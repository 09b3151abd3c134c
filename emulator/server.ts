/**
 * The HTTP side of the emulator: authenticates, applies faults, dispatches by action to the
 * handler table, serializes answers in the ECS shapes and logs every call. `/_emulator/` is the
 * test-control API (control-api.ts).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ACTIONS } from "./actions";
import type { EmulatorConfig, RequestLogEntry } from "./control-types";
import { handleControl } from "./control-api";
import { EcsError, ecsError } from "./errors";
import { type FaultEffect, FaultEngine } from "./faults";
import { EcsModel } from "./model";
import { actionParams, loggableParams, parseRequest, readBody } from "./request";
import { type Authenticated, authenticate, type KeyEntry, NonceCache } from "./signature";
import type { World } from "./world";
import { toXml } from "./xml";

const API_VERSION = "2014-05-26";
const MAX_LOG_ENTRIES = 200_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface EmulatorState {
  fixture: World;
  keys: Map<string, KeyEntry>;
  initialConfig: EmulatorConfig;
  /** Called after every change of the world, e.g. to persist it. */
  onChange?: (world: World) => void;
}

export class Emulator {
  model: EcsModel;
  config: EmulatorConfig;
  readonly faults = new FaultEngine();
  log: RequestLogEntry[] = [];
  private readonly nonces: NonceCache;

  constructor(
    readonly state: EmulatorState,
    world: World = state.fixture,
  ) {
    this.config = { ...state.initialConfig };
    this.model = new EcsModel(world, this.config);
    this.nonces = new NonceCache(2 * this.config.maxClockSkewMs);
  }

  /** Replaces the world (control API), keeping config, faults and log. */
  replaceWorld(world: World) {
    this.model = new EcsModel(world, this.config);
    this.changed();
  }

  /** Back to the fixture, the startup config, no faults and an empty log. */
  reset() {
    this.config = { ...this.state.initialConfig };
    this.faults.clear();
    this.log = [];
    this.replaceWorld(this.state.fixture);
  }

  updateConfig(patch: Partial<EmulatorConfig>) {
    Object.assign(this.config, patch);
  }

  changed() {
    this.state.onChange?.(this.model.toWorld());
  }

  async handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    if ((req.url ?? "").startsWith("/_emulator/")) return handleControl(this, req, res, body);
    const started = Date.now();
    const request = parseRequest(req, body);
    const requestId = randomUUID().toUpperCase();
    const entry: RequestLogEntry = {
      time: new Date(started).toISOString(),
      action: "",
      method: request.method,
      params: {},
      signature: "none",
      status: 200,
      requestId,
      durationMs: 0,
    };
    const format = (request.query.Format ?? request.form.Format ?? "json").toUpperCase();
    const send = (
      status: number,
      payload: Record<string, unknown>,
      headers: Record<string, string> = {},
    ) => {
      entry.status = status;
      entry.durationMs = Date.now() - started;
      this.record(entry);
      const root = status >= 400 ? "Error" : `${entry.action || "Unknown"}Response`;
      const xml = format === "XML";
      res.writeHead(status, {
        "content-type": xml ? "text/xml;charset=utf-8" : "application/json;charset=utf-8",
        "x-acs-request-id": requestId,
        ...headers,
      });
      res.end(xml ? toXml(root, payload) : JSON.stringify(payload));
    };
    const fail = (error: EcsError, retryAfterMs?: number) => {
      entry.code = error.code;
      const host = String(req.headers.host ?? "ecs.aliyuncs.com");
      send(
        error.status,
        {
          RequestId: requestId,
          HostId: host,
          Code: error.code,
          Message: error.message,
          Recommend: `https://api.aliyun.com/troubleshoot?q=${error.code}&product=Ecs&requestId=${requestId}`,
        },
        retryAfterMs !== undefined ? { "x-acs-retry-after": String(retryAfterMs) } : {},
      );
    };

    let auth: Authenticated;
    try {
      if (request.method !== "GET" && request.method !== "POST")
        throw ecsError("UnsupportedHTTPMethod");
      auth = authenticate(request, {
        keys: this.state.keys,
        nonces: this.nonces,
        nowMs: Date.now(),
        maxClockSkewMs: this.config.maxClockSkewMs,
      });
    } catch (e) {
      const rpcAction = request.query.Action ?? request.form.Action;
      entry.action = String(request.headers["x-acs-action"] ?? rpcAction ?? "");
      return fail(asEcsError(e));
    }
    entry.signature = auth.kind;
    entry.accessKeyId = auth.accessKeyId;
    entry.action = auth.action ?? "";
    const params = actionParams(request, auth.kind === "HMAC-SHA1");
    entry.params = loggableParams(params);
    const spec = ACTIONS[entry.action];
    if (!spec || auth.version !== API_VERSION) {
      return fail(ecsError("InvalidAction.NotFound"));
    }

    const effect = this.faults.decide(
      entry.action,
      params.InstanceId || params.NetworkInterfaceId,
      Date.now(),
    );
    if (effect.ruleIds.length > 0) entry.fault = effect.ruleIds.join(",");
    const run = () => {
      const result = spec.handler(this.model, params);
      if (spec.mutates) this.changed();
      return result;
    };
    try {
      let result: Record<string, unknown> | undefined;
      if (effect.afterApply) result = run();
      if (effect.latencyMs > 0) await sleep(effect.latencyMs);
      if (this.answeredByFault(effect, res, entry, started)) return;
      if (effect.error) return fail(effect.error, effect.retryAfterMs);
      send(200, { RequestId: requestId, ...(result ?? run()) });
    } catch (e) {
      fail(asEcsError(e));
    }
  }

  private answeredByFault(
    effect: FaultEffect,
    res: ServerResponse,
    entry: RequestLogEntry,
    started: number,
  ) {
    if (!effect.drop) return false;
    entry.status = 0;
    entry.code = "ConnectionDropped";
    entry.durationMs = Date.now() - started;
    this.record(entry);
    res.socket?.destroy();
    return true;
  }

  private record(entry: RequestLogEntry) {
    // Trimmed a tenth at a time: dropping one entry per request moves the whole array each time.
    if (this.log.length >= MAX_LOG_ENTRIES) this.log.splice(0, MAX_LOG_ENTRIES / 10);
    this.log.push(entry);
  }
}

function asEcsError(e: unknown): EcsError {
  if (e instanceof EcsError) return e;
  return new EcsError(
    "InternalError",
    500,
    `The request processing has failed due to some unknown error. (${String(e)})`,
  );
}
