// The baseline for engine overhead: the same declarations as ../memberships, each a dynamic
// resource whose provider answers at once and calls nothing. `padBytes` (config, default 0)
// adds an input of that many bytes, to match another program's state size.
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
const pad = "x".repeat(Number(config.get("padBytes") ?? "0"));
for (const { name, securityGroupId, instanceId, networkInterfaceId } of JSON.parse(
  fs.readFileSync(config.require("membershipsFile"), "utf8"),
)) {
  const target = instanceId ?? networkInterfaceId;
  new Noop(name, pad ? { securityGroupId, target, pad } : { securityGroupId, target });
}
