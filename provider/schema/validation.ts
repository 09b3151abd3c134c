/**
 * `check`: validate and normalize inputs offline (no API call, DESIGN decision 7). Unknown
 * values (preview) pass through untouched. Every failure names the property and says what is
 * wrong; nothing is trimmed or coerced silently.
 */

import type { RegionSetting } from "./model";
import { MAX_TIMEOUT_MS, parseDuration, TIMEOUT_KEYS } from "./durations";
import { UNKNOWN, URN_PATTERN } from "./model";
import { closestName } from "./suggest";

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** Properties a user may set. */
export const INPUT_KEYS = [
  "securityGroupId",
  "instanceId",
  "networkInterfaceId",
  "regionId",
  "adoptExisting",
  "timeouts",
] as const;

/** Inputs the class sets itself: the owner URN (`../ownership/`). */
export const CLASS_KEYS = ["owner"] as const;

/** Output-only properties: tolerated in inputs only when empty (the class seeds them). */
export const OUTPUT_ONLY_KEYS = [
  "targetKind",
  "targetId",
  "adopted",
  "targetSecurityGroupIds",
] as const;

/** ID shapes: a prefix, then lowercase letters and digits. */
const ID_KINDS = [
  { property: "securityGroupId", prefix: "sg-", noun: "security group ID", example: "sg-bp1abc" },
  { property: "instanceId", prefix: "i-", noun: "instance ID", example: "i-bp1abc" },
  { property: "networkInterfaceId", prefix: "eni-", noun: "ENI ID", example: "eni-bp1abc" },
] as const;

const MAX_ID_LENGTH = 128;
const REGION = /^[a-z]{2,}(?:-[a-z0-9]+)+$/;

const an = (noun: string) => `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
const present = (value: unknown): boolean => value !== undefined && value !== null;
const typeName = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
const shown = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value) : `${typeName(value)} ${String(value)}`;

/** Why a value is not a valid ID of this property's kind, or `undefined` if it is. */
export function idProblem(property: (typeof ID_KINDS)[number]["property"], value: unknown) {
  const kind = ID_KINDS.find((k) => k.property === property)!;
  if (typeof value !== "string") return `${property} must be a string, got ${shown(value)}`;
  if (value === "") return `${property} must not be empty`;
  if (/\s/.test(value)) return `${property} must not contain whitespace, got ${shown(value)}`;
  if (value.length > MAX_ID_LENGTH) return `${property} is longer than ${MAX_ID_LENGTH} characters`;
  const other = ID_KINDS.find((k) => k !== kind && value.startsWith(k.prefix));
  if (other) {
    return `${property} must be ${an(kind.noun)} ("${kind.prefix}…"), got ${shown(value)}, which looks like ${an(other.noun)}`;
  }
  if (!new RegExp(`^${kind.prefix}[a-z0-9]+$`).test(value)) {
    return `${property} must be "${kind.prefix}" followed by lowercase letters and digits (e.g. "${kind.example}"), got ${shown(value)}`;
  }
  return undefined;
}

/** Why a region is malformed, or `undefined`. */
export function regionProblem(value: unknown, source = "regionId"): string | undefined {
  if (typeof value !== "string") return `${source} must be a string, got ${shown(value)}`;
  if (value === "") return `${source} must not be empty`;
  if (/\s/.test(value)) return `${source} must not contain whitespace, got ${shown(value)}`;
  if (!REGION.test(value)) {
    return `${source} must be a region ID of lowercase letters, digits and hyphens like "cn-hangzhou", got ${shown(value)}`;
  }
  return undefined;
}

function timeoutProblems(value: unknown): CheckFailure[] {
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
        reason: `unknown timeout "${key}"${guess ? ` (did you mean ${guess}?)` : ""}; known: ${TIMEOUT_KEYS.join(", ")}`,
      });
      continue;
    }
    if (given === UNKNOWN || !present(given)) continue;
    const ms = typeof given === "string" ? parseDuration(given) : undefined;
    if (ms === undefined) {
      failures.push({
        property,
        reason: `${property} must be a duration string like "5m", "90s", "1h" or "1m30s", got ${shown(given)}`,
      });
    } else if (ms <= 0) {
      failures.push({ property, reason: `${property} must be greater than zero` });
    } else if (ms > MAX_TIMEOUT_MS) {
      failures.push({ property, reason: `${property} must be at most 24h, got ${shown(given)}` });
    }
  }
  return failures;
}

function unknownKeyProblems(news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const [key, value] of Object.entries(news)) {
    if (key === "__provider" || (INPUT_KEYS as readonly string[]).includes(key)) continue;
    if ((CLASS_KEYS as readonly string[]).includes(key)) continue;
    if ((OUTPUT_ONLY_KEYS as readonly string[]).includes(key)) {
      if (present(value))
        failures.push({ property: key, reason: `${key} is an output and cannot be set` });
      continue;
    }
    const guess = closestName(key, INPUT_KEYS);
    failures.push({
      property: key,
      reason: `unknown property "${key}"${guess ? ` (did you mean ${guess}?)` : ""}; known: ${INPUT_KEYS.join(", ")}`,
    });
  }
  return failures;
}

function targetProblems(news: Record<string, unknown>): CheckFailure[] {
  const hasInstance = present(news.instanceId);
  const hasEni = present(news.networkInterfaceId);
  if (!hasInstance && !hasEni) {
    const reason = "exactly one of instanceId or networkInterfaceId is required; neither was given";
    return [{ property: "instanceId", reason }];
  }
  if (hasInstance && hasEni) {
    const reason =
      "instanceId and networkInterfaceId cannot both be set: give exactly one (instanceId for the " +
      "instance's primary ENI, networkInterfaceId for a secondary ENI)";
    return [{ property: "instanceId", reason }];
  }
  const property = hasInstance ? "instanceId" : "networkInterfaceId";
  const value = news[property];
  const problem = value === UNKNOWN ? undefined : idProblem(property, value);
  return problem ? [{ property, reason: problem }] : [];
}

/** Validate and normalize `news`; `failures` is empty when the inputs are good. */
export function checkInputs(
  news: Record<string, unknown>,
  context: { regionFallback?: RegionSetting },
): CheckResult {
  const failures: CheckFailure[] = [...unknownKeyProblems(news)];
  const group = news.securityGroupId;
  if (!present(group)) {
    failures.push({ property: "securityGroupId", reason: "securityGroupId is required" });
  } else if (group !== UNKNOWN) {
    const problem = idProblem("securityGroupId", group);
    if (problem) failures.push({ property: "securityGroupId", reason: problem });
  }
  failures.push(...targetProblems(news));

  let regionId = news.regionId;
  if (!present(regionId)) {
    const fallback = context.regionFallback;
    if (!fallback) {
      failures.push({
        property: "regionId",
        reason:
          "no region: set regionId, or stack config alicloud:region " +
          "(pulumi config set alicloud:region cn-hangzhou), or env ALIBABA_CLOUD_REGION_ID / ALICLOUD_REGION",
      });
    } else {
      const problem = regionProblem(fallback.regionId, `the region from ${fallback.source}`);
      if (problem) failures.push({ property: "regionId", reason: problem });
      regionId = fallback.regionId;
    }
  } else if (regionId !== UNKNOWN) {
    const problem = regionProblem(regionId);
    if (problem) failures.push({ property: "regionId", reason: problem });
  }

  const adopt = news.adoptExisting;
  if (present(adopt) && adopt !== UNKNOWN && typeof adopt !== "boolean") {
    failures.push({
      property: "adoptExisting",
      reason: `adoptExisting must be a boolean (true or false), got ${shown(adopt)}`,
    });
  }
  failures.push(...timeoutProblems(news.timeouts));
  const owner = news.owner;
  if (
    present(owner) &&
    owner !== UNKNOWN &&
    (typeof owner !== "string" || !URN_PATTERN.test(owner))
  ) {
    failures.push({
      property: "owner",
      reason: `owner is set by the SecurityGroupMembership class to the resource's URN, got ${shown(owner)}`,
    });
  }
  if (failures.length > 0) return { inputs: { ...news }, failures };

  const inputs: Record<string, unknown> = { securityGroupId: group };
  if (present(news.instanceId)) inputs.instanceId = news.instanceId;
  if (present(news.networkInterfaceId)) inputs.networkInterfaceId = news.networkInterfaceId;
  inputs.regionId = regionId;
  inputs.adoptExisting = present(adopt) ? adopt : false;
  if (present(news.timeouts)) inputs.timeouts = normalizeTimeouts(news.timeouts);
  if (present(owner)) inputs.owner = owner;
  if (news.__provider !== undefined) inputs.__provider = news.__provider;
  return { inputs, failures };
}

function normalizeTimeouts(value: unknown): unknown {
  if (value === UNKNOWN) return value;
  const result: Record<string, unknown> = {};
  for (const key of TIMEOUT_KEYS) {
    const given = (value as Record<string, unknown>)[key];
    if (present(given)) result[key] = given;
  }
  return result;
}
