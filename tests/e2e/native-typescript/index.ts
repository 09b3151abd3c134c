// The native-typescript end-to-end test's program, on the generated Node.js SDK: one
// SecurityGroupMembership per entry of the `memberships` stack config, each exporting its
// target's groups under its name, and an explicit provider when `explicitProvider` is set.
import * as pulumi from "@pulumi/pulumi";
import * as sg from "@pulumi-alicloud-sg-membership/sdk";

interface Declared {
  name: string;
  securityGroupId?: string;
  /** Take securityGroupId from the secret stack config `secretGroup` instead. */
  secretGroup?: boolean;
  instanceId?: string;
  regionId?: string;
  /** Use the explicit provider. */
  explicit?: boolean;
  customTimeouts?: pulumi.CustomTimeouts;
}

const config = new pulumi.Config();
const explicit = config.getObject<{ region: string; ecsEndpoint: string; accessKey: string }>(
  "explicitProvider",
);
const provider =
  explicit &&
  new sg.Provider("explicit", {
    region: explicit.region,
    endpoints: [{ ecs: explicit.ecsEndpoint }],
    accessKey: explicit.accessKey,
    secretKey: config.requireSecret("explicitSecretKey"),
  });

const outputs: Record<string, pulumi.Output<string[]>> = {};
for (const m of config.requireObject<Declared[]>("memberships")) {
  const membership = new sg.ecs.SecurityGroupMembership(
    m.name,
    {
      securityGroupId: m.secretGroup ? config.requireSecret("secretGroup") : m.securityGroupId!,
      instanceId: m.instanceId,
      regionId: m.regionId,
    },
    { customTimeouts: m.customTimeouts, provider: m.explicit ? provider : undefined },
  );
  outputs[m.name] = membership.targetSecurityGroupIds;
}
export = outputs;
