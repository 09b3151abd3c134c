// The baseline for engine overhead: the same declarations as ../memberships, each a dynamic
// resource whose provider answers at once and calls nothing. `extraProperties` (config,
// default 0) declares that many more properties, left undefined, on every resource, to match
// a resource class with more outputs.
const fs = require("fs");
const pulumi = require("@pulumi/pulumi");

const noopProvider = {
  create: async (inputs) => ({
    id: `noop-${inputs.securityGroupId}-${inputs.target}`,
    outs: inputs,
  }),
  delete: async () => {},
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(noopProvider, name, args, opts, "bench", "Noop");
  }
}

const config = new pulumi.Config();
const extra = Array.from({ length: Number(config.get("extraProperties") ?? "0") }, (_, i) => [
  `extra${i}`,
  undefined,
]);
for (const { name, securityGroupId, instanceId, networkInterfaceId } of JSON.parse(
  fs.readFileSync(config.require("membershipsFile"), "utf8"),
)) {
  const target = instanceId ?? networkInterfaceId;
  new Noop(name, { securityGroupId, target, ...Object.fromEntries(extra) });
}
