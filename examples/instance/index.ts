/**
 * An instance joins an extra security group. With no stack config it uses the emulator's default
 * world; on Alibaba Cloud, set `instanceId` and `securityGroupId`.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_IDS, SecurityGroupMembership } from "pulumi-alicloud-sg-membership";

const config = new pulumi.Config();

const membership = new SecurityGroupMembership("web-extra-sg", {
  instanceId: config.get("instanceId") ?? DEFAULT_IDS.web1,
  securityGroupId: config.get("securityGroupId") ?? DEFAULT_IDS.appGroup,
});

export const membershipId = membership.id;
export const instanceSecurityGroupIds = membership.targetSecurityGroupIds;
