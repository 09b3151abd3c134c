/**
 * Memberships from a list: the `memberships` stack config (a list of {instanceId,
 * securityGroupId}), else every pair of `instanceIds` x `securityGroupIds`. With no stack
 * config: web1..web3 x the app and db groups of the emulator's default world.
 *
 * Each resource is named after its IDs, not its position, so reordering, inserting or removing
 * entries never replaces the other memberships.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_IDS, SecurityGroupMembership } from "pulumi-alicloud-sg-membership";

interface Entry {
  instanceId: string;
  securityGroupId: string;
}

const config = new pulumi.Config();
const instanceIds = config.getObject<string[]>("instanceIds") ?? [
  DEFAULT_IDS.web1,
  DEFAULT_IDS.web2,
  DEFAULT_IDS.web3,
];
const securityGroupIds = config.getObject<string[]>("securityGroupIds") ?? [
  DEFAULT_IDS.appGroup,
  DEFAULT_IDS.dbGroup,
];
const entries =
  config.getObject<Entry[]>("memberships") ??
  instanceIds.flatMap((instanceId) =>
    securityGroupIds.map((securityGroupId) => ({ instanceId, securityGroupId })),
  );

export const membershipIds = Object.fromEntries(
  entries.map(({ instanceId, securityGroupId }) => {
    const name = `${instanceId}-${securityGroupId}`;
    return [name, new SecurityGroupMembership(name, { instanceId, securityGroupId }).id];
  }),
);
