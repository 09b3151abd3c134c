/**
 * The program the GitOps pipeline deploys (.github/workflows/pulumi.yaml): the web tier's
 * instances join the monitoring group. Change the stack config (`instanceIds`,
 * `securityGroupId`) in a pull request to see the preview, merge to apply it. With no stack
 * config it uses the emulator's default world.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_IDS, SecurityGroupMembership } from "pulumi-alicloud-sg-membership";

const config = new pulumi.Config();
const securityGroupId = config.get("securityGroupId") ?? DEFAULT_IDS.monitorGroup;
const instanceIds = config.getObject<string[]>("instanceIds") ?? [
  DEFAULT_IDS.web1,
  DEFAULT_IDS.web2,
  DEFAULT_IDS.web3,
];

// Named by IDs, so adding or removing an instance touches only that instance's membership.
export const membershipIds = Object.fromEntries(
  instanceIds.map((instanceId) => {
    const name = `${instanceId}-${securityGroupId}`;
    return [name, new SecurityGroupMembership(name, { instanceId, securityGroupId }).id];
  }),
);
