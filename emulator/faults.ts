/**
 * Scripted bad days: injected errors, latency, dropped connections and rate limits, decided per
 * request from the fault rules in order. Latency-only rules add up; the first rule that answers
 * (an error, a drop or a throttle) decides the outcome.
 */
import { EcsApiError, knownStatus } from "./model/ecs-api-error";

/**
 * A scripted fault. A request matches when its action (and target, if given) match; a matching
 * rule fires with `probability` until it has fired `count` times. The first rule that fires decides.
 */
export interface FaultRule {
  /** Action name, or `*` for every action. Default `*`. */
  action?: string;
  /** Only requests whose `InstanceId`, `NetworkInterfaceId` or `ResourceId.1` equals this. */
  target?: string;
  /** Answer with this ECS error code (with `status`, default 500, and `message`). */
  code?: string;
  status?: number;
  message?: string;
  /** Chance that a matching request fires the rule, 0..1. Default 1. */
  probability?: number;
  /** Fire at most this many times. Default: unlimited. */
  count?: number;
  /** Wait this long (ms) before answering. */
  latencyMs?: number;
  /** Close the connection with no answer. */
  drop?: boolean;
  /** With `code`: send `x-acs-retry-after` (ms). */
  retryAfterMs?: number;
  /** Carry out the action first, then fail or drop the answer (an "answer lost" write). */
  afterApply?: boolean;
  /** Throttle: answer `Throttling.User` to requests of this action above this many per second. */
  ratePerSecond?: number;
}

export interface StoredFaultRule extends FaultRule {
  id: string;
  fired: number;
}

export interface FaultEffect {
  latencyMs: number;
  error?: EcsApiError;
  retryAfterMs?: number;
  drop: boolean;
  /** Apply the action before failing or dropping the answer. */
  afterApply: boolean;
  ruleIds: string[];
}

const NUMERIC = [
  "status",
  "probability",
  "count",
  "latencyMs",
  "retryAfterMs",
  "ratePerSecond",
] as const;

/** Checks a rule from the control API; returns the reason it is invalid, if it is. */
export function invalidRule(rule: FaultRule): string | undefined {
  if (typeof rule !== "object" || rule === null) return "a fault rule must be a JSON object";
  for (const key of NUMERIC) {
    const v = rule[key];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0)))
      return `${key} must be a number >= 0`;
  }
  if (rule.probability !== undefined && rule.probability > 1)
    return "probability must be between 0 and 1";
  const effects = [rule.code, rule.drop, rule.latencyMs, rule.ratePerSecond].filter(
    (v) => v !== undefined,
  );
  if (effects.length === 0) return "a rule needs code, drop, latencyMs or ratePerSecond";
  if (rule.afterApply && !rule.code && !rule.drop && !rule.latencyMs) {
    return "afterApply needs code, drop or latencyMs";
  }
  return undefined;
}

export class FaultEngine {
  private rules: StoredFaultRule[] = [];
  private nextId = 1;
  /** Admitted request times per rate-limited rule and action. */
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): StoredFaultRule {
    const stored = { ...rule, id: `fault-${this.nextId++}`, fired: 0 };
    this.rules.push(stored);
    return stored;
  }

  list(): StoredFaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear() {
    this.rules = [];
    this.windows.clear();
  }

  decide(action: string, target: string | undefined, nowMs: number): FaultEffect {
    const effect: FaultEffect = { latencyMs: 0, drop: false, afterApply: false, ruleIds: [] };
    for (const rule of this.rules) {
      if (rule.action && rule.action !== "*" && rule.action !== action) continue;
      if (rule.target && rule.target !== target) continue;
      if (rule.count !== undefined && rule.fired >= rule.count) continue;
      if (rule.ratePerSecond !== undefined) {
        if (this.admit(rule, action, nowMs)) continue;
        rule.fired++;
        effect.ruleIds.push(rule.id);
        effect.error = throttled(rule);
        effect.retryAfterMs = rule.retryAfterMs;
        return effect;
      }
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.fired++;
      effect.ruleIds.push(rule.id);
      effect.latencyMs += rule.latencyMs ?? 0;
      effect.afterApply ||= rule.afterApply === true;
      if (rule.drop || rule.code) {
        effect.drop = rule.drop === true;
        if (rule.code) {
          const status = rule.status ?? knownStatus(rule.code) ?? 500;
          effect.error = new EcsApiError(
            rule.code,
            status,
            rule.message ?? `Injected fault ${rule.code}.`,
          );
          effect.retryAfterMs = rule.retryAfterMs;
        }
        return effect;
      }
    }
    return effect;
  }

  /** Sliding one-second window: true if this request is within the rule's rate. */
  private admit(rule: StoredFaultRule, action: string, nowMs: number): boolean {
    const key = `${rule.id}\n${action}`;
    const window = (this.windows.get(key) ?? []).filter((t) => t > nowMs - 1000);
    const admitted = window.length < (rule.ratePerSecond ?? 0);
    if (admitted) window.push(nowMs);
    this.windows.set(key, window);
    return admitted;
  }
}

function throttled(rule: FaultRule): EcsApiError {
  const code = rule.code ?? "Throttling.User";
  return new EcsApiError(
    code,
    rule.status ?? knownStatus(code) ?? 400,
    rule.message ?? "Request was denied due to user flow control.",
  );
}
