// Type-checks against the @pulumi/pulumi the project installed: a membership is that SDK's
// CustomResource, takes its resource options, and its outputs are its Outputs.
import * as pulumi from "@pulumi/pulumi";
import {
  SecurityGroupMembership,
  type SecurityGroupMembershipArgs,
} from "pulumi-alicloud-sg-membership";

const args: SecurityGroupMembershipArgs = {
  instanceId: "i-bp1web1000000000000001",
  securityGroupId: pulumi.output("sg-bp1app00000000000001"),
  timeouts: { create: "5m" },
};
const membership = new SecurityGroupMembership("typed", args, {
  protect: false,
  retainOnDelete: false,
  ignoreChanges: ["timeouts"],
});
const resource: pulumi.CustomResource = membership;
const groups: pulumi.Output<string[]> = membership.targetSecurityGroupIds;
const kind: pulumi.Output<"instance" | "networkInterface"> = membership.targetKind;
export { resource, groups, kind };
