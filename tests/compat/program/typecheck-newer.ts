// A resource option newer than the floor of the peer range (`stateMigrations`, not in
// @pulumi/pulumi 3.248): it type-checks on a membership wherever the installed SDK has it.
import { SecurityGroupMembership } from "pulumi-alicloud-sg-membership";

export const membership = new SecurityGroupMembership(
  "typed-newer",
  { instanceId: "i-bp1web1000000000000001", securityGroupId: "sg-bp1app00000000000001" },
  { stateMigrations: [] },
);
