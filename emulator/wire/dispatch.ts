/**
 * The dispatch step: a verified call to its action in the handler table, shaped by the fault
 * rules that match it (latency, an injected error, a dropped answer, a write whose answer is lost).
 */
import { ACTIONS, type ActionSpec } from "../actions";
import type { FaultEffect } from "../faults";
import { asEcsApiError, ecsError } from "../model/ecs-api-error";
import type { Delays } from "./delays";
import type { EcsEndpoint } from "./ecs-endpoint";
import type { Outcome } from "./response";
import type { Call } from "./verify";

const API_VERSION = "2014-05-26";

const DROPPED: Outcome = { kind: "dropped" };

export interface Dispatched {
  outcome: Outcome;
  /** The ids of the fault rules that fired, comma-separated. */
  fault?: string;
}

export async function dispatch(endpoint: EcsEndpoint, call: Call): Promise<Dispatched> {
  const spec = ACTIONS.get(call.action);
  if (!spec || call.version !== API_VERSION) {
    return { outcome: { kind: "error", error: ecsError("InvalidAction.NotFound") } };
  }
  const { params } = call;
  // A tag action's target is its first resource.
  const target = params.InstanceId || params.NetworkInterfaceId || params["ResourceId.1"];
  const effect = endpoint.faults.decide(call.action, target, Date.now());
  const outcome = await withFault(endpoint.delays, effect, () => apply(endpoint, spec, params));
  return effect.ruleIds.length > 0 ? { outcome, fault: effect.ruleIds.join(",") } : { outcome };
}

/** Runs the action against the current model; a write is reported to the cloud's change hook. */
function apply(endpoint: EcsEndpoint, spec: ActionSpec, params: Record<string, string>): Outcome {
  try {
    const body = spec.handler(endpoint.cloud.model, params);
    if (spec.mutates) endpoint.cloud.changed();
    return { kind: "result", body };
  } catch (e) {
    return { kind: "error", error: asEcsApiError(e) };
  }
}

async function withFault(
  delays: Delays,
  effect: FaultEffect,
  run: () => Outcome,
): Promise<Outcome> {
  const applied = effect.afterApply ? run() : undefined;
  if (applied?.kind === "error") return applied;
  // Cut short by a stop or restart: the connection is gone, and an action not yet carried out never is.
  if (effect.latencyMs > 0 && !(await delays.wait(effect.latencyMs))) return DROPPED;
  if (effect.drop) return DROPPED;
  if (effect.error) {
    return { kind: "error", error: effect.error, retryAfterMs: effect.retryAfterMs };
  }
  return applied ?? run();
}
