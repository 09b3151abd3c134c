/**
 * The retry loop. It sees only classified failures (`Failure`), never a raw SDK error, and
 * decides from the class: retry after capped, fully jittered exponential backoff (at least
 * `x-acs-retry-after`), wait for the target's state then retry, stop as gone, or stop as fatal.
 * The deadline ends it; the stop carries the attempt count and every failure seen.
 */

import {
  fullJitterMs,
  OUTAGE_BACKOFF,
  RETRY_BACKOFF,
  THROTTLE_BACKOFF,
  type BackoffOptions,
} from "./backoff";
import { inAttempt } from "../ecs/attempt-scope";
import type { Clock } from "./clock";
import type { Failure } from "../errors/failure";

/** What one attempt produced. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: Failure };

/** What waiting for the target's state found. */
export type WaitVerdict =
  | { kind: "ready" }
  | { kind: "gone" }
  | { kind: "fatal"; reason: string }
  | { kind: "deadline"; reason: string };

export interface RetryOptions {
  clock: Clock;
  /** Absolute time (ms, `clock.now()` scale) after which no new attempt starts. */
  deadline: number;
  /** Backoff for retries. @defaultValue RETRY_BACKOFF (THROTTLE_BACKOFF after throttling) */
  backoff?: BackoffOptions;
  /** Called for wait-for-state failures; without it they are retried like any other. */
  waitForState?: (failure: Failure) => Promise<WaitVerdict>;
  /**
   * True once the endpoint has answered in this process: then failures to reach it are an
   * outage, retried until the deadline, instead of a wrong endpoint that fails fast.
   */
  endpointAnswered?: () => boolean;
  /** Told before each wait for a retry, so a long outage is not silent. */
  onRetry?: (failure: Failure, attempts: number, delayMs: number) => void;
}

export type RetryResult<T> =
  | { kind: "ok"; value: T; attempts: number; history: readonly Failure[] }
  | { kind: "gone"; failure: Failure; attempts: number; history: readonly Failure[] };

/** Why the loop stopped without a result. */
export class RetryStop extends Error {
  override name = "RetryStop";
  constructor(
    readonly reason: "fatal" | "deadline",
    /** The last failure. */
    readonly failure: Failure,
    readonly attempts: number,
    /** Every failure seen, oldest first, the last one included. */
    readonly history: readonly Failure[],
    /** Extra context, e.g. the state the target settled in. */
    readonly note?: string,
  ) {
    super(`${reason}: ${failure.code}`);
  }
}

/** The delay before retry number `retry` (0-based) after `failure`. */
export function retryDelayMs(
  retry: number,
  failure: Pick<Failure, "retryAfterMs">,
  backoff: BackoffOptions,
  random: () => number,
): number {
  return Math.max(fullJitterMs(retry, backoff, random), failure.retryAfterMs ?? 0);
}

/**
 * Attempts in a row that could not reach an endpoint that never answered before giving up: a
 * refused or unroutable connection to it is nearly always a wrong endpoint, and retrying it until
 * a 10-minute deadline only hides the mistake.
 */
export const MAX_UNREACHABLE_ATTEMPTS = 6;

function backoffFor(failure: Failure, options: RetryOptions): BackoffOptions {
  if (options.backoff) return options.backoff;
  if (failure.group === "throttling") return THROTTLE_BACKOFF;
  return failure.group === "unreachable" ? OUTAGE_BACKOFF : RETRY_BACKOFF;
}

/** Run `attempt` until it succeeds, is gone, fails fatally or the deadline passes. */
export async function withRetries<T>(
  attempt: () => Promise<Outcome<T>>,
  options: RetryOptions,
): Promise<RetryResult<T>> {
  const { clock, deadline } = options;
  const history: Failure[] = [];
  for (let attempts = 1; ; attempts++) {
    const outcome = await inAttempt(attempts, attempt);
    if (outcome.ok) return { kind: "ok", value: outcome.value, attempts, history };
    const failure = outcome.failure;
    history.push(failure);
    if (failure.class === "gone") return { kind: "gone", failure, attempts, history };
    if (failure.class === "fatal") throw new RetryStop("fatal", failure, attempts, history);
    if (failure.class === "wait-for-state" && options.waitForState) {
      const verdict = await options.waitForState(failure);
      if (verdict.kind === "gone") return { kind: "gone", failure, attempts, history };
      if (verdict.kind !== "ready") {
        throw new RetryStop(verdict.kind, failure, attempts, history, verdict.reason);
      }
    }
    const unreachableRun = history.slice(-MAX_UNREACHABLE_ATTEMPTS);
    if (
      !options.endpointAnswered?.() &&
      unreachableRun.length === MAX_UNREACHABLE_ATTEMPTS &&
      unreachableRun.every((f) => f.group === "unreachable")
    ) {
      const note = `the endpoint could not be reached ${MAX_UNREACHABLE_ATTEMPTS} times in a row`;
      throw new RetryStop("fatal", failure, attempts, history, note);
    }
    const delay = retryDelayMs(attempts - 1, failure, backoffFor(failure, options), clock.random);
    if (clock.now() + delay >= deadline) {
      throw new RetryStop("deadline", failure, attempts, history);
    }
    options.onRetry?.(failure, attempts, delay);
    await clock.sleep(delay);
  }
}
