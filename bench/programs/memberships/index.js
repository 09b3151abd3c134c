// One SecurityGroupMembership per entry of the JSON file named by the `membershipsFile` stack
// config (a list of the resource's args plus a `name`). A file, not a config value, because a
// thousand entries do not fit in one command-line argument.
const fs = require("fs");
const pulumi = require("@pulumi/pulumi");
const { SecurityGroupMembership } = require("pulumi-alicloud-sg-membership");

const file = new pulumi.Config().require("membershipsFile");
for (const { name, ...args } of JSON.parse(fs.readFileSync(file, "utf8"))) {
  new SecurityGroupMembership(name, args);
}
