/**
 * Moving an instance from group A to group B: change `securityGroupId` and run `pulumi up`.
 *
 *   pulumi up                                                   # joins A (app)
 *   pulumi config set securityGroupId sg-bp1db000000000000001   # B (db)
 *   pulumi up                                                   # +- replace: joins B, then leaves A
 *
 * A new group replaces the resource, and Pulumi replaces create-before-delete: the Join to B
 * happens before the Leave of A, so the instance is in at least one group throughout, even when
 * A is its only group (ECS refuses to remove an instance's last group). Do not set
 * `deleteBeforeReplace` here.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_IDS, SecurityGroupMembership } from "pulumi-alicloud-sg-membership";

const config = new pulumi.Config();

const membership = new SecurityGroupMembership("tier", {
  instanceId: config.get("instanceId") ?? DEFAULT_IDS.web2,
  securityGroupId: config.get("securityGroupId") ?? DEFAULT_IDS.appGroup,
});

export const securityGroupId = membership.securityGroupId;
