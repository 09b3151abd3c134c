/**
 * The resource ID: `${regionId}/${targetId}/${securityGroupId}`, e.g.
 * `cn-hangzhou/i-bp1abc/sg-bp1def`. The region is always carried, so the ID alone is enough to
 * read (`SecurityGroupMembership.get`) and delete.
 */

import { kindOf, type MembershipRef } from "./model";
import { quoted } from "./shown";

const ID = /^([a-z][a-z0-9-]*[a-z0-9])\/((?:i|eni)-[a-z0-9]+)\/(sg-[a-z0-9]+)$/;

/** The ID of a membership. */
export function formatMembershipId(ref: MembershipRef): string {
  return `${ref.target.regionId}/${ref.target.id}/${ref.securityGroupId}`;
}

/** Parse an ID; throws an error that shows the expected shape. */
export function parseMembershipId(id: string): MembershipRef {
  const match = ID.exec(id);
  if (!match) {
    throw new Error(
      `Invalid SecurityGroupMembership ID ${quoted(id)}: expected ` +
        `"<regionId>/<instanceId or networkInterfaceId>/<securityGroupId>", ` +
        `e.g. "cn-hangzhou/i-bp1abc/sg-bp1def".`,
    );
  }
  const [, regionId, targetId, securityGroupId] = match;
  return { target: { kind: kindOf(targetId), id: targetId, regionId }, securityGroupId };
}
