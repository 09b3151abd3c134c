/**
 * The retry options every operation passes: its deadline, whether the endpoint has answered in
 * this process (an outage is then retried to the deadline), and a progress notice during an
 * outage, at most one every `OUTAGE_NOTICE_MS`, so a `pulumi up` waiting on it is not silent.
 */

import type { Clock } from "./clock";
import type { EndpointHealth } from "./limited-api";
import type { RetryOptions } from "./retry";
import { formatDuration } from "../schema/durations";

/** Where operations say what they are waiting for (the plugin's stderr, which `pulumi` shows). */
export type Notify = (message: string) => void;

export interface RetryDeps {
  clock: Clock;
  health?: EndpointHealth;
  notify?: Notify;
}

export const OUTAGE_NOTICE_MS = 10_000;

/** Retry options for `what` (e.g. "JoinSecurityGroup for cn-hangzhou/i-1/sg-1") until `deadline`. */
export function retryContext(
  deps: RetryDeps,
  deadline: number,
  what: string,
): Pick<RetryOptions, "clock" | "deadline" | "endpointAnswered" | "onRetry"> {
  let noticedAt = -Infinity;
  return {
    clock: deps.clock,
    deadline,
    endpointAnswered: () => deps.health?.answered === true,
    onRetry: (failure) => {
      const now = deps.clock.now();
      if (!failure.transport || !deps.notify || now - noticedAt < OUTAGE_NOTICE_MS) return;
      noticedAt = now;
      deps.notify(
        `${what}: the ECS endpoint did not answer (${failure.code}); retrying until the deadline, ` +
          `${formatDuration(Math.max(0, deadline - now))} from now`,
      );
    },
  };
}
