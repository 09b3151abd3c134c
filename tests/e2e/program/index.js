// The end-to-end tests' program: one SecurityGroupMembership per entry of the `memberships`
// stack config (a JSON list of the resource's args plus a `name`).
const pulumi = require("@pulumi/pulumi");
const { SecurityGroupMembership } = require("pulumi-alicloud-sg-membership");

const config = new pulumi.Config();
const memberships = config.requireObject("memberships");

const outputs = {};
for (const { name, ...args } of memberships) {
  const membership = new SecurityGroupMembership(name, args);
  outputs[name] = {
    id: membership.id,
    groups: membership.targetSecurityGroupIds,
    kind: membership.targetKind,
    target: membership.targetId,
    adopted: membership.adopted,
  };
}
module.exports = outputs;
