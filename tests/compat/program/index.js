// The compatibility program: one membership from stack config, and what the test checks of
// the runtime it ran on.
const fs = require("fs");
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const { SecurityGroupMembership } = require("pulumi-alicloud-sg-membership");

const config = new pulumi.Config();
const membership = new SecurityGroupMembership("compat", {
  instanceId: config.require("instanceId"),
  securityGroupId: config.require("securityGroupId"),
  timeouts: config.getObject("timeouts"),
});
const sdkPackage = path.join(path.dirname(require.resolve("@pulumi/pulumi")), "package.json");

module.exports = {
  id: membership.id,
  groups: membership.targetSecurityGroupIds,
  isCustomResource: membership instanceof pulumi.CustomResource,
  node: process.version,
  sdk: JSON.parse(fs.readFileSync(sdkPackage, "utf8")).version,
};
