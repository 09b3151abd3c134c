/**
 * Migration from the dynamic resource by alias, as the engine asks the native provider (over
 * the real runtime, which makes no API call for check and diff): Check and Diff get the dynamic
 * state (`__provider`, `owner` the dynamic URN). The answer must be an update, never a replace,
 * so that the update moves the record and joins nothing (tests/e2e/native-migration.test.ts).
 */
import { nativeProvider } from "../../../provider/native/provider";
import { systemClock } from "../../../provider/resilience/clock";
import { createRuntime } from "../../../provider/runtime/runtime";

const STACK = "urn:pulumi:dev::proj::";
const DYNAMIC_URN = `${STACK}pulumi-nodejs:dynamic/ecs:SecurityGroupMembership::web`;
const NATIVE_URN = `${STACK}alicloud-sg-membership:ecs:SecurityGroupMembership::web`;
const ID = "cn-hangzhou/i-a/sg-a";

/** A dynamic resource's state, as a stack made by the dynamic provider holds it. */
const dynamicInputs = {
  __provider: 'exports.handler = require("pulumi-alicloud-sg-membership/dist/provider/shim.js");',
  adoptExisting: false,
  instanceId: "i-a",
  owner: DYNAMIC_URN,
  regionId: "cn-hangzhou",
  securityGroupId: "sg-a",
};
const dynamicOutputs = {
  ...dynamicInputs,
  networkInterfaceId: null,
  timeouts: null,
  adopted: false,
  targetKind: "instance",
  targetId: "i-a",
  targetSecurityGroupIds: ["sg-web", "sg-a"],
};

const provider = nativeProvider(
  createRuntime({ clock: systemClock, env: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou" } }),
  { version: "1.2.3", schema: "{}", log: { warn: () => undefined } },
);

test("check takes the program's inputs, whatever the dynamic olds hold", async () => {
  const { inputs, failures } = await provider.check!(NATIVE_URN, dynamicInputs, {
    instanceId: "i-a",
    securityGroupId: "sg-a",
  });
  expect(failures).toEqual([]);
  expect(inputs).toMatchObject({
    instanceId: "i-a",
    securityGroupId: "sg-a",
    regionId: "cn-hangzhou",
  });
  expect(inputs).not.toHaveProperty("owner");
  expect(inputs).not.toHaveProperty("__provider");
});

test("diff against the dynamic state is an update (the owner moves), not a replace", async () => {
  const { inputs } = await provider.check!(NATIVE_URN, dynamicInputs, {
    instanceId: "i-a",
    securityGroupId: "sg-a",
  });
  const diff = await provider.diff!(ID, NATIVE_URN, dynamicOutputs, inputs);
  expect(diff).toEqual({ changes: true });
});

test("a region resolved otherwise than before would be another membership: a replace", async () => {
  const diff = await provider.diff!(ID, NATIVE_URN, dynamicOutputs, {
    instanceId: "i-a",
    securityGroupId: "sg-a",
    regionId: "cn-shanghai",
  });
  expect(diff).toEqual({ changes: true, replaces: ["regionId"] });
});

test("once migrated, the native state diffs as no change", async () => {
  const { __provider: _gone, ...migrated } = { ...dynamicOutputs, owner: NATIVE_URN };
  const { inputs } = await provider.check!(
    NATIVE_URN,
    {},
    {
      instanceId: "i-a",
      securityGroupId: "sg-a",
    },
  );
  expect(await provider.diff!(ID, NATIVE_URN, migrated, inputs)).toEqual({ changes: false });
});
