/**
 * Secret ID parts, for both providers: the inputs the resource ID is made of, the outputs
 * computed from each (secret when it is), and the warning for a resource whose ID holds a
 * secret (the engine cannot make a resource ID secret, pulumi/pulumi#2717).
 */

import { quoted } from "./shown";

/** The inputs the resource ID is made of. */
export const ID_PARTS = [
  "regionId",
  "instanceId",
  "networkInterfaceId",
  "securityGroupId",
] as const;
export type IdPart = (typeof ID_PARTS)[number];

/** Outputs computed from an input, secret when it is. */
export const DERIVED_FROM: Readonly<Record<IdPart, readonly string[]>> = {
  regionId: [],
  instanceId: ["targetId"],
  networkInterfaceId: ["targetId"],
  securityGroupId: ["targetSecurityGroupIds"],
};

/** The warning for a resource whose ID holds secret parts. */
export function secretIdWarning(name: string, parts: readonly IdPart[]): string {
  const secret = [...parts, ...new Set(parts.flatMap((part) => DERIVED_FROM[part]))];
  return (
    `SecurityGroupMembership ${quoted(name)}: ${listed(parts)} ${parts.length === 1 ? "is a secret" : "are secrets"}, ` +
    `but the resource ID (<regionId>/<instanceId or networkInterfaceId>/<securityGroupId>) holds ` +
    `${parts.length === 1 ? "it" : "them"} in plain text, in the state and in the CLI's output: ` +
    `Pulumi cannot make a resource ID secret (pulumi/pulumi#2717). The ` +
    `${secret.length === 1 ? "output" : "outputs"} ${listed(secret)} ${secret.length === 1 ? "stays" : "stay"} secret.`
  );
}

const listed = (names: readonly string[]) =>
  names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
