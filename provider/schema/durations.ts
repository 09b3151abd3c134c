/**
 * Durations as users write them in `timeouts`: one or more `<integer><unit>` parts with units
 * `h`, `m`, `s` and `ms`, each unit at most once and in that order, e.g. `"5m"`, `"90s"`, `"1h"`,
 * `"1m30s"`, `"1s500ms"`. A repeated or reordered unit (`"1m1m1m"`, `"30s1m"`) is refused rather
 * than summed: it is a slip far more often than a meaning.
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

/**
 * The shortest deadline accepted, in milliseconds (1 second): a shorter one ends before a single
 * ECS request can be answered, so the operation could only fail.
 */
export const MIN_TIMEOUT_MS = 1_000;

const UNITS_MS = [3_600_000, 60_000, 1_000, 1] as const;
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
/** Parts in any order and number: what a duration looks like before its units are checked. */
const ANY_PARTS = /^(?:\d+(?:ms|h|m|s))+$/;

/** Milliseconds for a duration string, or `undefined` if it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = text === "" ? null : DURATION.exec(text);
  if (!match) return undefined;
  return UNITS_MS.reduce((total, unitMs, i) => total + Number(match[i + 1] ?? 0) * unitMs, 0);
}

/** Whether `text` is made of duration parts, but repeats or reorders a unit (`"1m1m"`, `"30s1m"`). */
export const hasMisorderedUnits = (text: string): boolean =>
  ANY_PARTS.test(text) && parseDuration(text) === undefined;

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

/** One operation's time limit: how long, and the setting it comes from, as messages name it. */
export interface Timeout {
  ms: number;
  /** `timeouts.create`, or the caller's (the native provider's `customTimeouts.create`). */
  name: string;
}

/**
 * The time limit of one operation: `given` when the caller set one (a native request's
 * `customTimeouts`), else the resource's `timeouts` (already validated), else the default.
 */
export function timeoutFor(
  key: TimeoutKey,
  timeouts: Partial<Record<TimeoutKey, unknown>> | null | undefined,
  given?: Timeout,
): Timeout {
  if (given) return given;
  const text = timeouts?.[key];
  const parsed = typeof text === "string" ? parseDuration(text) : undefined;
  return {
    ms: parsed !== undefined && parsed > 0 ? parsed : DEFAULT_TIMEOUTS_MS[key],
    name: `timeouts.${key}`,
  };
}
