/**
 * Puts an adaptive rate limiter per action (the caller keys it by endpoint too) in front of
 * every `EcsApi` call and feeds it the outcome: the table's throttling codes slow it down, other
 * answers let it speed up.
 * It also notes in `health` that the endpoint has answered (any HTTP answer, an ECS error included).
 */

import type { EcsApi } from "../ecs/ecs-api";
import { EcsError } from "../ecs/ecs-error";
import { isThrottlingCode } from "../errors/error-classes";
import type { AdaptiveRateLimiter } from "./rate-limiter";

const isThrottle = (error: unknown) => error instanceof EcsError && isThrottlingCode(error.code);

/** Whether an endpoint has ever answered in this process: then an outage is retried to the deadline. */
export class EndpointHealth {
  answered = false;
}

/** `api` with `limiterFor(action)` consulted before each call. */
export function withRateLimits(
  api: EcsApi,
  limiterFor: (action: string) => AdaptiveRateLimiter,
  health: EndpointHealth = new EndpointHealth(),
): EcsApi {
  const limited =
    <A extends unknown[], R>(action: string, run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const limiter = limiterFor(action);
      const ticket = await limiter.acquire();
      try {
        const result = await run(...args);
        limiter.onSuccess(ticket);
        health.answered = true;
        return result;
      } catch (error) {
        // A throttle slows the limiter; any other ECS answer counts as accepted. A transport
        // failure says nothing about the rate.
        const transport = error instanceof EcsError && error.transport;
        if (isThrottle(error)) limiter.onThrottle(ticket);
        else if (!transport) limiter.onSuccess(ticket);
        if (error instanceof EcsError && error.status !== undefined) health.answered = true;
        throw error;
      }
    };
  return {
    joinSecurityGroup: limited("JoinSecurityGroup", (r) => api.joinSecurityGroup(r)),
    leaveSecurityGroup: limited("LeaveSecurityGroup", (r) => api.leaveSecurityGroup(r)),
    describeInstances: limited("DescribeInstances", (region: string, ids: readonly string[]) =>
      api.describeInstances(region, ids),
    ),
    describeNetworkInterfaces: limited(
      "DescribeNetworkInterfaces",
      (region: string, ids: readonly string[]) => api.describeNetworkInterfaces(region, ids),
    ),
    describeInstanceAttribute: limited("DescribeInstanceAttribute", (t) =>
      api.describeInstanceAttribute(t),
    ),
    describeNetworkInterfaceAttribute: limited("DescribeNetworkInterfaceAttribute", (t) =>
      api.describeNetworkInterfaceAttribute(t),
    ),
    tagTarget: limited("TagResources", (r) => api.tagTarget(r)),
    untagTarget: limited("UntagResources", (t, keys: readonly string[]) =>
      api.untagTarget(t, keys),
    ),
  };
}
