/**
 * Adopting a membership that already exists (put in place by hand, a script or another tool).
 * Without `adoptExisting`, create fails with "already in this security group" rather than take
 * it over silently; with it, `pulumi up` manages the membership and `adopted` is true (false
 * when the membership was absent and this resource joined it).
 *
 * `pulumi destroy` then REMOVES the membership (LeaveSecurityGroup), as declared, although
 * Pulumi did not create it. To stop managing it but keep it, set `retainOnDelete: true` (or run
 * `pulumi state delete <urn>`) before destroying or deleting this resource.
 *
 * With no stack config it uses the emulator's default world (web3 and the ops group); on
 * Alibaba Cloud, set `instanceId` and `securityGroupId`.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_IDS, SecurityGroupMembership } from "pulumi-alicloud-sg-membership";

const config = new pulumi.Config();

const membership = new SecurityGroupMembership(
  "ops-access",
  {
    instanceId: config.get("instanceId") ?? DEFAULT_IDS.web3,
    securityGroupId: config.get("securityGroupId") ?? DEFAULT_IDS.opsGroup,
    adoptExisting: true,
  },
  // { retainOnDelete: true }, // keep the membership when this resource is destroyed
);

export const membershipId = membership.id;
export const adopted = membership.adopted;
export const instanceSecurityGroupIds = membership.targetSecurityGroupIds;
