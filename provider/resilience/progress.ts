/**
 * What a waiting operation says while it waits, so a user watching `pulumi up` (or a CI log) is
 * never left with silence: a status line naming the membership, what it waits for and why (the
 * ECS code and its class, or the state), the attempt, and the time left. At most one line per
 * operation every `PROGRESS_EVERY_MS`, the first once it has run `PROGRESS_AFTER_MS`, so a fast
 * run prints nothing. Lines go to `notify` (the plugin's stderr, which `pulumi` shows).
 */

import type { Clock } from "./clock";
import type { Failure } from "../errors/failure";
import { formatDuration } from "../schema/durations";

/** Where operations say what they are waiting for (the plugin's stderr, which `pulumi` shows). */
export type Notify = (message: string) => void;

export const PROGRESS_AFTER_MS = 5_000;
export const PROGRESS_EVERY_MS = 10_000;

const VERBS = { create: "creating", read: "refreshing", update: "updating", delete: "deleting" };

export type ProgressOperation = keyof typeof VERBS;

/** Why a failure is being retried, e.g. `Throttling.User (throttling, retried)`. */
export function retryReason(failure: Failure): string {
  if (failure.transport && failure.group === "unreachable")
    return `${failure.action} got no answer (${failure.code}: the endpoint did not answer, retried)`;
  if (failure.transport)
    return `${failure.action} lost its answer (${failure.code}, ${failure.group}, retried)`;
  const how =
    failure.class === "wait-for-state" ? "retried once the target's state allows" : "retried";
  return `${failure.action} answered ${failure.code} (${failure.group}, ${how})`;
}

export class Progress {
  private readonly startedAt: number;
  private lastLineAt = -Infinity;

  constructor(
    private readonly deps: { clock: Clock; notify?: Notify },
    /** The membership, as its ID reads (`cn-hangzhou/i-1/sg-1`). */
    private readonly subject: string,
    private readonly operation: ProgressOperation,
    private readonly deadline: number,
    /** The setting the deadline comes from, e.g. `timeouts.create`. */
    private readonly timeoutName: string,
  ) {
    this.startedAt = deps.clock.now();
  }

  /** The operation is about to wait for a retry of `failure` (attempt `attempts` failed). */
  retrying(failure: Failure, attempts: number, delayMs: number): void {
    this.waiting(
      `${retryReason(failure)}, attempt ${attempts}; next attempt in ${formatDuration(delayMs)}`,
    );
  }

  /**
   * The operation waits for `what`; `endsAt` when that wait gives up before the deadline (a
   * confirmation's window). Printed only if a line is due.
   */
  waiting(what: string, endsAt?: number): void {
    const { clock, notify } = this.deps;
    const now = clock.now();
    if (!notify || now - this.startedAt < PROGRESS_AFTER_MS) return;
    if (now - this.lastLineAt < PROGRESS_EVERY_MS) return;
    this.lastLineAt = now;
    const left =
      endsAt !== undefined && endsAt < this.deadline
        ? `gives up in ${formatDuration(Math.max(0, endsAt - now))}`
        : `${formatDuration(Math.max(0, this.deadline - now))} left of ${this.timeoutName}`;
    notify(
      `${this.subject}: ${VERBS[this.operation]}, ${formatDuration(now - this.startedAt)} so far: ${what}; ${left}`,
    );
  }
}
