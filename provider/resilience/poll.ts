/**
 * The one polling loop (confirming a Join, waiting for a target's state): observe, and until the
 * observation settles, sleep an equal-jittered backoff, as long as the next poll starts before
 * `until`. The retry loop (`retry.ts`) is the other loop: it repeats a failed request.
 */
import { equalJitterMs, type BackoffOptions } from "./backoff";
import type { Clock } from "./clock";

export type Observation<T> = { settled: true; value: T } | { settled: false };

/**
 * The settled value, or `undefined` when time ran out first (the caller says why). `until` may
 * be a function, asked after each observation (a confirmation waits longer through an outage).
 */
export async function pollUntil<T>(
  observe: () => Promise<Observation<T>>,
  options: { clock: Clock; until: number | (() => number); backoff: BackoffOptions },
): Promise<T | undefined> {
  const { clock, until, backoff } = options;
  for (let poll = 0; ; poll++) {
    const observed = await observe();
    if (observed.settled) return observed.value;
    const delay = equalJitterMs(poll, backoff, clock.random);
    if (clock.now() + delay >= (typeof until === "number" ? until : until())) return undefined;
    await clock.sleep(delay);
  }
}
