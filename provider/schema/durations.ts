/**
 * Durations as users write them in `timeouts`: one or more `<integer><unit>` parts with units
 * `h`, `m`, `s` or `ms`, e.g. `"5m"`, `"90s"`, `"1h"`, `"1m30s"`, `"500ms"`.
 */

/** Operations that take a deadline from `timeouts`. */
export const TIMEOUT_KEYS = ["create", "read", "delete"] as const;
export type TimeoutKey = (typeof TIMEOUT_KEYS)[number];

/**
 * Default deadline per operation, in milliseconds. Minutes, not hours: long enough to ride out
 * throttling of a large batch and an instance that is starting, short enough to fail a stuck
 * deployment in reasonable time.
 */
export const DEFAULT_TIMEOUTS_MS: Readonly<Record<TimeoutKey, number>> = {
  create: 10 * 60_000,
  read: 5 * 60_000,
  delete: 10 * 60_000,
};

/** The longest deadline accepted, in milliseconds (24 hours). */
export const MAX_TIMEOUT_MS = 24 * 3_600_000;

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const DURATION = /^(?:\d+(?:ms|h|m|s))+$/;
const PART = /(\d+)(ms|h|m|s)/g;

/** Milliseconds for a duration string, or `undefined` if it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

/** A short human form of a duration in milliseconds, e.g. `10m`, `1m30s`, `250ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1_000);
  for (const [unit, size] of [
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join("");
}

/** The deadline for one operation from the resource's `timeouts` (already validated). */
export function timeoutFor(
  key: TimeoutKey,
  timeouts: Partial<Record<TimeoutKey, unknown>> | null | undefined,
): number {
  const given = timeouts?.[key];
  const parsed = typeof given === "string" ? parseDuration(given) : undefined;
  return parsed !== undefined && parsed > 0 ? parsed : DEFAULT_TIMEOUTS_MS[key];
}
