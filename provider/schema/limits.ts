/**
 * The longest value `check` accepts for each string input, in characters (as `String.length`
 * counts them). ECS IDs are a prefix and about 20 lowercase letters and digits
 * (`sg-bp67acfmxazb4p****`, `i-…`, `eni-…`: 20 to 24 characters, older ones shorter) and region
 * IDs are at most 21 characters (`cn-shanghai-finance-1`). Each cap leaves room for longer
 * formats to come, and stops a runaway value (a file read by mistake, a template gone wrong)
 * before it reaches the API or a message.
 */

import { shown } from "./shown";

/** `securityGroupId`, `instanceId`, `networkInterfaceId`. */
export const MAX_ID_LENGTH = 64;

/** `regionId`, and a region from stack config or env. */
export const MAX_REGION_LENGTH = 32;

/** Each of `timeouts.create`, `.read`, `.delete` (`"23h59m59s999ms"` is 14). */
export const MAX_DURATION_LENGTH = 32;

/**
 * `owner`, the URN the class computes. Pulumi sets no bound on URNs and the ownership record
 * holds only its hash, so this one is far past any real URN (a resource nested in components).
 */
export const MAX_OWNER_LENGTH = 4096;

/** The failure reason of a value past its cap, quoting it cut. */
export const tooLong = (property: string, max: number, value: string): string =>
  `${property} must be at most ${max} characters, got ${shown(value)}`;
