/**
 * The retry options every operation passes: its deadline, whether the endpoint has answered in
 * this process (an outage is then retried to the deadline), and its progress, told of every
 * retry so a long wait is not silent.
 */

import type { Clock } from "./clock";
import type { EndpointHealth } from "./limited-api";
import { Progress, type Notify, type ProgressOperation } from "./progress";
import type { RetryOptions } from "./retry";

export type { Notify } from "./progress";

export interface RetryDeps {
  clock: Clock;
  health?: EndpointHealth;
  notify?: Notify;
  /** The running operation's status lines (`withProgress`). */
  progress?: Progress;
}

/** Retry options until `deadline`, reporting retries to the operation's progress. */
export function retryContext(
  deps: RetryDeps,
  deadline: number,
): Pick<RetryOptions, "clock" | "deadline" | "endpointAnswered" | "onRetry"> {
  return {
    clock: deps.clock,
    deadline,
    endpointAnswered: () => deps.health?.answered === true,
    onRetry: (failure, attempts, delayMs) => deps.progress?.retrying(failure, attempts, delayMs),
  };
}

/** `deps` for one operation on `subject` (a membership ID), whose waits print status lines. */
export function withProgress<D extends RetryDeps>(
  deps: D,
  subject: string,
  operation: ProgressOperation,
  deadline: number,
  /** The setting the deadline comes from, as status lines name it (`timeouts.create`). */
  timeoutName: string,
): D {
  return { ...deps, progress: new Progress(deps, subject, operation, deadline, timeoutName) };
}
