/**
 * `check`: validate and normalize inputs offline (no API call, DESIGN decision 7). Unknown
 * values (preview) pass through untouched. Every failure names the property and says what is
 * wrong; nothing is trimmed or coerced silently. Every string input has a length cap
 * (`./limits`), and values are quoted escaped and cut (`./shown`).
 */

import type { RegionSetting } from "./model";
import { MAX_ID_LENGTH, MAX_OWNER_LENGTH, MAX_REGION_LENGTH, tooLong } from "./limits";
import { UNKNOWN, URN_PATTERN } from "./model";
import { oddCharacterNote, quoted, shown } from "./shown";
import { closestName } from "./suggest";
import { normalizeTimeouts, timeoutProblems } from "./timeouts-check";

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

const REGION = /^[a-z]{2,}(?:-[a-z0-9]+)+$/;

const an = (noun: string) => `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
const present = (value: unknown): boolean => value !== undefined && value !== null;

/** Why a value is not a valid ID of this property's kind, or `undefined` if it is. */
export function idProblem(property: (typeof ID_KINDS)[number]["property"], value: unknown) {
  const kind = ID_KINDS.find((k) => k.property === property)!;
  if (typeof value !== "string") return `${property} must be a string, got ${shown(value)}`;
  if (value === "") return `${property} must not be empty`;
  if (value.length > MAX_ID_LENGTH) return tooLong(property, MAX_ID_LENGTH, value);
  if (/\s/.test(value)) return `${property} must not contain whitespace, got ${shown(value)}`;
  const other = ID_KINDS.find((k) => k !== kind && value.startsWith(k.prefix));
  if (other) {
    return `${property} must be ${an(kind.noun)} ("${kind.prefix}…"), got ${shown(value)}, which looks like ${an(other.noun)}`;
  }
  if (!new RegExp(`^${kind.prefix}[a-z0-9]+$`).test(value)) {
    return `${property} must be "${kind.prefix}" followed by lowercase letters and digits (e.g. "${kind.example}"), got ${shown(value)}${oddCharacterNote(value)}`;
  }
  return undefined;
}

/** Why a region is malformed, or `undefined`. */
export function regionProblem(value: unknown, source = "regionId"): string | undefined {
  if (typeof value !== "string") return `${source} must be a string, got ${shown(value)}`;
  if (value === "") return `${source} must not be empty`;
  if (value.length > MAX_REGION_LENGTH) return tooLong(source, MAX_REGION_LENGTH, value);
  if (/\s/.test(value)) return `${source} must not contain whitespace, got ${shown(value)}`;
  if (!REGION.test(value)) {
    return `${source} must be a region ID of lowercase letters, digits and hyphens like "cn-hangzhou", got ${shown(value)}${oddCharacterNote(value)}`;
  }
  return undefined;
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
      reason: `unknown property ${quoted(key)}${guess ? ` (did you mean ${guess}?)` : ""}; known: ${INPUT_KEYS.join(", ")}`,
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
    (typeof owner !== "string" || owner.length > MAX_OWNER_LENGTH || !URN_PATTERN.test(owner))
  ) {
    const long = typeof owner === "string" && owner.length > MAX_OWNER_LENGTH;
    failures.push({
      property: "owner",
      reason: `owner is set by the SecurityGroupMembership class to the resource's URN${long ? `, at most ${MAX_OWNER_LENGTH} characters` : ""}, got ${shown(owner)}`,
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
