/**
 * `diff`: a change of any identity field replaces the membership (create-before-delete, Pulumi's
 * default: never `deleteBeforeReplace`, DESIGN decision 2). A change of only `adoptExisting`,
 * `timeouts`, `owner` or the serialized provider (`__provider`) is an update, which rewrites
 * outputs (and for `owner` moves the ownership record), so old stacks pick up a new shim (DESIGN
 * decision 1).
 */

import { UNKNOWN } from "./model";

export interface MembershipDiff {
  changes: boolean;
  replaces?: string[];
}

/** Fields that name the membership: changing one means another membership. */
export const IDENTITY_KEYS = [
  "securityGroupId",
  "instanceId",
  "networkInterfaceId",
  "regionId",
] as const;

/**
 * Fields that change only how the provider behaves, or (`owner`) which ownership record it keeps:
 * a new URN (an alias, a renamed stack, a stack from before ownership records) moves the record.
 */
export const SETTING_KEYS = ["adoptExisting", "timeouts", "owner"] as const;

const SETTING_DEFAULTS: Record<(typeof SETTING_KEYS)[number], unknown> = {
  adoptExisting: false,
  timeouts: {},
  owner: null,
};

/** A canonical JSON form: sorted keys, `null`/`undefined` alike. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Compare old outputs with new checked inputs. */
export function diffMembership(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): MembershipDiff {
  const replaces = IDENTITY_KEYS.filter(
    (key) => news[key] === UNKNOWN || canonical(olds[key]) !== canonical(news[key]),
  );
  const settingChanged = SETTING_KEYS.some(
    (key) =>
      news[key] === UNKNOWN ||
      canonical(olds[key] ?? SETTING_DEFAULTS[key]) !==
        canonical(news[key] ?? SETTING_DEFAULTS[key]),
  );
  const providerChanged = olds.__provider !== news.__provider;
  if (replaces.length > 0) return { changes: true, replaces: [...replaces] };
  return { changes: settingChanged || providerChanged };
}
