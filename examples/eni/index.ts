/**
 * A secondary ENI joins an extra security group, with the region given on the resource. With no
 * stack config it uses the emulator's default world (an ENI attached to web1); on Alibaba Cloud,
 * set `networkInterfaceId`, `securityGroupId` and `regionId`.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_IDS, SecurityGroupMembership } from "pulumi-alicloud-sg-membership";

const config = new pulumi.Config();

const membership = new SecurityGroupMembership("eni-extra-sg", {
  networkInterfaceId: config.get("networkInterfaceId") ?? DEFAULT_IDS.attachedEni,
  securityGroupId: config.get("securityGroupId") ?? DEFAULT_IDS.dbGroup,
  regionId: config.get("regionId") ?? DEFAULT_IDS.region,
});

export const membershipId = membership.id;
export const networkInterfaceSecurityGroupIds = membership.targetSecurityGroupIds;
