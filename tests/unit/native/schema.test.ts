import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_KEYS, PACKAGE } from "../../../provider/native/config";
import { MEMBERSHIP_TOKEN, packageSchema } from "../../../provider/native/schema";
import { TIMEOUT_KEYS } from "../../../provider/schema/durations";
import { buildOutputs } from "../../../provider/schema/model";
import { INPUT_KEYS } from "../../../provider/schema/validation";
import manifest from "../../../package.json";
import { REPO_ROOT } from "../../../testkit/repo-root";

const schema = packageSchema("1.2.3");
const resource = schema.resources[MEMBERSHIP_TOKEN];

/** Every property of the schema, with where it is, for the documentation check. */
function allProperties(): [string, { description?: string }][] {
  const found: [string, { description?: string }][] = [];
  const add = (where: string, props: Record<string, { description?: string }>) =>
    Object.entries(props).forEach(([name, p]) => found.push([`${where}.${name}`, p]));
  add("resource input", resource.inputProperties);
  add("resource output", resource.properties);
  add("config", schema.config.variables);
  add("provider input", schema.provider.inputProperties);
  for (const [token, type] of Object.entries(schema.types)) add(token, type.properties);
  return found;
}

test("the names are the stable ones", () => {
  expect(schema.name).toBe("alicloud-sg-membership");
  expect(PACKAGE).toBe("alicloud-sg-membership");
  expect(MEMBERSHIP_TOKEN).toBe("alicloud-sg-membership:ecs:SecurityGroupMembership");
  expect(schema.version).toBe("1.2.3");
});

test("the inputs are the user's inputs of provider/schema", () => {
  expect(Object.keys(resource.inputProperties).sort()).toEqual([...INPUT_KEYS].sort());
  expect(resource.requiredInputs).toEqual(["securityGroupId"]);
});

test("the outputs are what the operations return", () => {
  const outs = buildOutputs(
    { securityGroupId: "sg-a", instanceId: "i-a", regionId: "cn-hangzhou", adoptExisting: false },
    { adopted: false, targetSecurityGroupIds: [] },
  );
  expect(Object.keys(resource.properties).sort()).toEqual(Object.keys(outs).sort());
  for (const key of resource.required) expect(Object.keys(outs)).toContain(key);
});

test("the timeouts type has the operations' keys, each with its default", () => {
  const timeouts = schema.types["alicloud-sg-membership:ecs:SecurityGroupMembershipTimeouts"];
  expect(Object.keys(timeouts.properties)).toEqual([...TIMEOUT_KEYS]);
  expect(timeouts.properties.create.description).toMatch(/Default: "10m"\.$/);
  expect(timeouts.properties.read.description).toMatch(/Default: "5m"\.$/);
});

test("config and the explicit provider take the same keys; credentials are secret", () => {
  expect(Object.keys(schema.config.variables)).toEqual([...CONFIG_KEYS]);
  expect(schema.provider.inputProperties).toEqual(schema.config.variables);
  const secret = Object.entries(schema.config.variables)
    .filter(([, p]) => "secret" in p && p.secret)
    .map(([k]) => k);
  expect(secret).toEqual(["accessKey", "secretKey", "securityToken"]);
});

test.each(allProperties())("%s is documented", (_where, property) => {
  expect(property.description?.length ?? 0).toBeGreaterThan(10);
});

test("every $ref names a type of the schema", () => {
  const refs = JSON.stringify(schema).match(/#\/types\/[^"]+/g) ?? [];
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) expect(Object.keys(schema.types)).toContain(ref.slice("#/types/".length));
});

test("the SDKs' names are the stable ones; they need the Pulumi SDK they are generated and tested with", () => {
  const sdkGenMod = readFileSync(join(REPO_ROOT, "tools", "sdk-gen", "go.mod"), "utf8");
  const generator = /github\.com\/pulumi\/pulumi\/sdk\/v3 v(\S+)/.exec(sdkGenMod)?.[1];
  expect(generator).toBe(manifest.devDependencies["@pulumi/pulumi"]);
  const peer = `>=${generator} <4.0.0`;
  expect(schema.language.nodejs.packageName).toBe("@pulumi-alicloud-sg-membership/sdk");
  expect(schema.language.nodejs.peerDependencies).toEqual({ "@pulumi/pulumi": peer });
  expect(schema.language.python.packageName).toBe("pulumi_alicloud_sg_membership");
  expect(schema.language.python.requires.pulumi).toBe(peer.replace(" ", ","));
  expect(schema.language.go.importBasePath).toBe(
    "github.com/pulumi-alicloud-sg-membership/pulumi-alicloud-sg-membership/sdk/go/alicloudsgmembership",
  );
});
