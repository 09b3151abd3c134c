// The memberships of ../memberships on the native provider plugin (Pulumi.yaml names the
// installed package's plugin/): one alicloud-sg-membership:ecs:SecurityGroupMembership per entry
// of the `membershipsFile` JSON, declared as a class of the generated Node.js SDK declares it: a
// CustomResource registering every property of the package schema (config `schemaProperties`,
// written by the benchmark from the schema), those not given as undefined.
const fs = require("fs");
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config();
const properties = JSON.parse(config.require("schemaProperties"));

class SecurityGroupMembership extends pulumi.CustomResource {
  constructor(name, args, opts) {
    const props = Object.fromEntries(properties.map((k) => [k, undefined]));
    super("alicloud-sg-membership:ecs:SecurityGroupMembership", name, { ...props, ...args }, opts);
  }
}

for (const { name, ...args } of JSON.parse(
  fs.readFileSync(config.require("membershipsFile"), "utf8"),
)) {
  new SecurityGroupMembership(name, args);
}
