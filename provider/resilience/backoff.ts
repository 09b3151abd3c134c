/** Capped exponential backoff with jitter (the AWS "full jitter" and "equal jitter" forms). */

export interface BackoffOptions {
  /** Delay scale for the first retry, ms. */
  baseMs: number;
  /** No delay exceeds this, ms. */
  capMs: number;
}

/** Retries of API calls: 200 ms doubling, capped at 20 s. */
export const RETRY_BACKOFF: BackoffOptions = { baseMs: 200, capMs: 20_000 };

/**
 * Retries after throttling: short (100 ms doubling, capped at 2 s), because the adaptive rate
 * limiter in front of every call does the pacing; the backoff only spreads retries apart.
 */
export const THROTTLE_BACKOFF: BackoffOptions = { baseMs: 100, capMs: 2_000 };

/** An outage of an endpoint that answered before: 500 ms doubling, capped at 5 s, to notice its return soon. */
export const OUTAGE_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 5_000 };

/** Polling a target's state or a membership's visibility: 500 ms doubling, capped at 10 s. */
export const POLL_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 10_000 };

/** The exponential ceiling for retry number `retry` (0 for the first retry). */
export function ceilingMs(retry: number, options: BackoffOptions): number {
  return Math.min(options.capMs, options.baseMs * 2 ** Math.min(retry, 30));
}

/** Full jitter: uniform in [0, ceiling). Spreads many clients' retries out best. */
export function fullJitterMs(retry: number, options: BackoffOptions, random: () => number): number {
  return random() * ceilingMs(retry, options);
}

/** Equal jitter: uniform in [ceiling/2, ceiling). Never polls back-to-back. */
export function equalJitterMs(
  retry: number,
  options: BackoffOptions,
  random: () => number,
): number {
  const ceiling = ceilingMs(retry, options);
  return ceiling / 2 + (random() * ceiling) / 2;
}
