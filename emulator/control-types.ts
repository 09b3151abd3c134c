/** Shapes of the test-control API served under `/_emulator/`. */

/**
 * A scripted fault. A request matches when its action (and target, if given) match; a matching
 * rule fires with `probability` until it has fired `count` times. The first rule that fires decides.
 */
export interface FaultRule {
  /** Action name, or `*` for every action. Default `*`. */
  action?: string;
  /** Only requests whose `InstanceId` or `NetworkInterfaceId` equals this. */
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

export interface EmulatorConfig {
  /** Groups one instance or ENI may be in. Default 5. */
  maxGroupsPerTarget: number;
  /** How long Pending, Starting, Stopping (instances) and Attaching, Detaching (ENIs) last, ms. */
  transitionMs: number;
  /** How long after a write the Describe* actions still show the old membership, ms. */
  consistencyLagMs: number;
  /** Accepted clock skew of signed requests, ms. Default 15 minutes. */
  maxClockSkewMs: number;
}

export interface RequestLogEntry {
  time: string;
  action: string;
  method: string;
  /** Request parameters, without `Signature`, `SecurityToken` or any secret. */
  params: Record<string, string>;
  signature: "ACS3-HMAC-SHA256" | "HMAC-SHA1" | "none";
  accessKeyId?: string;
  status: number;
  code?: string;
  requestId: string;
  /** The id of the fault rule that shaped this answer, if any. */
  fault?: string;
  durationMs: number;
}
