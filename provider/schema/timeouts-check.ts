/**
 * `check` of `timeouts`: an object of duration strings (`./durations`), one per known operation,
 * each from 1s to 24h and at most 32 characters long.
 */

import {
  hasMisorderedUnits,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
  parseDuration,
  TIMEOUT_KEYS,
} from "./durations";
import { MAX_DURATION_LENGTH, tooLong } from "./limits";
import { UNKNOWN } from "./model";
import { oddCharacterNote, quoted, shown, typeName } from "./shown";
import { closestName } from "./suggest";
import type { CheckFailure } from "./validation";

const present = (value: unknown): boolean => value !== undefined && value !== null;

/** What is wrong with `timeouts`, each failure named `timeouts` or `timeouts.<key>`. */
export function timeoutProblems(value: unknown): CheckFailure[] {
  if (!present(value) || value === UNKNOWN) return [];
  if (typeName(value) !== "object") {
    return [
      {
        property: "timeouts",
        reason: `timeouts must be an object like { create: "5m", delete: "10m" }, got ${shown(value)}`,
      },
    ];
  }
  const failures: CheckFailure[] = [];
  for (const [key, given] of Object.entries(value as Record<string, unknown>)) {
    const property = `timeouts.${key}`;
    if (!(TIMEOUT_KEYS as readonly string[]).includes(key)) {
      const guess = closestName(key, TIMEOUT_KEYS);
      failures.push({
        property,
        reason: `unknown timeout ${quoted(key)}${guess ? ` (did you mean ${guess}?)` : ""}; known: ${TIMEOUT_KEYS.join(", ")}`,
      });
      continue;
    }
    if (given === UNKNOWN || !present(given)) continue;
    const reason = durationProblem(property, given);
    if (reason) failures.push({ property, reason });
  }
  return failures;
}

/** Why a timeout is not an accepted duration, or `undefined`. */
function durationProblem(property: string, given: unknown): string | undefined {
  const expected = `${property} must be a duration string like "5m", "90s", "1h" or "1m30s"`;
  if (typeof given !== "string") return `${expected}, got ${shown(given)}`;
  if (given.length > MAX_DURATION_LENGTH) return tooLong(property, MAX_DURATION_LENGTH, given);
  if (hasMisorderedUnits(given))
    return `${property} must give each unit at most once, in the order h, m, s, ms (e.g. "1h30m", "2m30s"), got ${shown(given)}`;
  const ms = parseDuration(given);
  if (ms === undefined) return `${expected}, got ${shown(given)}${oddCharacterNote(given)}`;
  if (ms < MIN_TIMEOUT_MS)
    return `${property} must be at least 1s (a shorter deadline ends before one ECS request is answered), got ${shown(given)}`;
  if (ms > MAX_TIMEOUT_MS) return `${property} must be at most 24h, got ${shown(given)}`;
  return undefined;
}

/** `timeouts` with only the known keys that are given (already checked). */
export function normalizeTimeouts(value: unknown): unknown {
  if (value === UNKNOWN) return value;
  const result: Record<string, unknown> = {};
  for (const key of TIMEOUT_KEYS) {
    const given = (value as Record<string, unknown>)[key];
    if (present(given)) result[key] = given;
  }
  return result;
}
