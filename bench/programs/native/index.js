// The memberships of ../memberships on the native provider plugin (Pulumi.yaml names the
// installed package's plugin/): one alicloud-sg-membership:ecs:SecurityGroupMembership of the
// generated Node.js SDK per entry of the `membershipsFile` JSON.
const fs = require("fs");
const pulumi = require("@pulumi/pulumi");
const { ecs } = require("@pulumi-alicloud-sg-membership/sdk");

const file = new pulumi.Config().require("membershipsFile");
for (const { name, ...args } of JSON.parse(fs.readFileSync(file, "utf8"))) {
  new ecs.SecurityGroupMembership(name, args);
}
