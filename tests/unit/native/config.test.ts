import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import {
  PACKAGE,
  providerConfig,
  runtimeConfigGet,
  withRegionNote,
} from "../../../provider/native/config";
import { systemClock } from "../../../provider/resilience/clock";
import { inNamespace, readStackConfig } from "../../../provider/runtime/config";
import { createRuntime } from "../../../provider/runtime/runtime";

const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

describe("providerConfig", () => {
  test("reads ConfigureRequest.args, secrets unwrapped", () => {
    expect(
      providerConfig({
        args: { region: "cn-hangzhou", secretKey: secret("s3cr3t-value"), version: "0.3.0" },
        variables: [["alicloud-sg-membership:config:region", "ignored"]],
      }),
    ).toEqual({ region: "cn-hangzhou", secretKey: "s3cr3t-value", version: "0.3.0" });
  });

  test("falls back to the deprecated variables, its own namespace only", () => {
    expect(
      providerConfig({
        variables: [
          ["alicloud-sg-membership:config:region", "cn-beijing"],
          ["alicloud-sg-membership:config:endpoints", '[{"ecs":"http://127.0.0.1:1"}]'],
          ["alicloud:config:region", "cn-hangzhou"],
        ],
      }),
    ).toEqual({ region: "cn-beijing", endpoints: '[{"ecs":"http://127.0.0.1:1"}]' });
  });
});

test("the runtime reads the provider's own keys, and nothing else", () => {
  const get = runtimeConfigGet({
    region: "cn-beijing",
    accessKey: "id",
    secretKey: "secret",
    endpoints: '[{"ecs":"http://127.0.0.1:9"}]',
    other: "x",
  });
  expect(readStackConfig(get, PACKAGE)).toEqual({
    region: "cn-beijing",
    accessKey: "id",
    secretKey: "secret",
    securityToken: undefined,
    endpoints: '[{"ecs":"http://127.0.0.1:9"}]',
  });
  expect(get("alicloud:region")).toBeUndefined();
  expect(readStackConfig(get)).toEqual(readStackConfig(() => undefined));
});

describe("a runtime in the provider's namespace", () => {
  const runtime = () =>
    createRuntime({ clock: systemClock, env: {}, notify: () => {}, configNamespace: PACKAGE });

  test("its message for no region names this provider's key; the note says alicloud:region is not seen", async () => {
    const { failures } = await runtime().check({}, { securityGroupId: "sg-a", instanceId: "i-a" });
    expect(withRegionNote(failures![0].reason)).toBe(
      "no region: set regionId, or stack config alicloud-sg-membership:region " +
        "(pulumi config set alicloud-sg-membership:region cn-hangzhou), or env " +
        "ALIBABA_CLOUD_REGION_ID / ALICLOUD_REGION (stack config alicloud:region is not passed " +
        "to this native provider: Pulumi hands a provider only its own namespace, so set " +
        "alicloud-sg-membership:region too, or regionId)",
    );
  });

  test("its credential messages name this provider's keys, before any API call", async () => {
    const rt = runtime();
    await rt.configure({ config: { get: runtimeConfigGet({ accessKey: "id" }) } });
    await expect(
      rt.create({ securityGroupId: "sg-a", instanceId: "i-a", regionId: "cn-hangzhou" }),
    ).rejects.toThrow(
      /^Stack config alicloud-sg-membership:accessKey is set but alicloud-sg-membership:secretKey is not/,
    );
  });

  test("other text is left alone", () => {
    expect(inNamespace("alicloud:other and alicloud:region", PACKAGE)).toBe(
      "alicloud:other and alicloud-sg-membership:region",
    );
    expect(inNamespace("alicloud:region", "alicloud")).toBe("alicloud:region");
  });
});
