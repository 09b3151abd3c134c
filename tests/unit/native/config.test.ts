import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import {
  providerConfig,
  runtimeConfigGet,
  withProviderKeys,
} from "../../../provider/native/config";
import { readStackConfig, resolveCredentials } from "../../../provider/runtime/config";
import { checkInputs } from "../../../provider/schema/validation";

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

test("the runtime's alicloud:<key> is the provider's <key>, and nothing else is", () => {
  const get = runtimeConfigGet({
    region: "cn-beijing",
    accessKey: "id",
    secretKey: "secret",
    endpoints: '[{"ecs":"http://127.0.0.1:9"}]',
    other: "x",
  });
  expect(readStackConfig(get)).toEqual({
    region: "cn-beijing",
    accessKey: "id",
    secretKey: "secret",
    securityToken: undefined,
    endpoints: '[{"ecs":"http://127.0.0.1:9"}]',
  });
  expect(get("alicloud:other")).toBeUndefined();
  expect(get("alicloud-sg-membership:region")).toBeUndefined();
});

describe("withProviderKeys", () => {
  test("the runtime's message for no region names this provider's key, and says alicloud:region is not seen", () => {
    const { failures } = checkInputs({ securityGroupId: "sg-a", instanceId: "i-a" }, {});
    const reason = withProviderKeys(failures[0].reason);
    expect(reason).toBe(
      "no region: set regionId, or stack config alicloud-sg-membership:region " +
        "(pulumi config set alicloud-sg-membership:region cn-hangzhou), or env " +
        "ALIBABA_CLOUD_REGION_ID / ALICLOUD_REGION (stack config alicloud:region is not passed " +
        "to this native provider: Pulumi hands a provider only its own namespace, so set " +
        "alicloud-sg-membership:region too, or regionId)",
    );
  });

  test("credential messages name this provider's keys", () => {
    let message = "";
    try {
      resolveCredentials({ accessKey: "id" });
    } catch (e) {
      message = withProviderKeys((e as Error).message);
    }
    expect(message).toMatch(
      /^Stack config alicloud-sg-membership:accessKey is set but alicloud-sg-membership:secretKey is not/,
    );
  });

  test("leaves other text alone", () => {
    expect(withProviderKeys("alicloud:other and alicloud-sg-membership:region")).toBe(
      "alicloud:other and alicloud-sg-membership:region",
    );
  });
});
