import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { markSecrets, unwrapSecrets } from "../../../provider/native/secrets";
import { UNKNOWN } from "../../../provider/schema/model";

const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

describe("unwrapSecrets", () => {
  test("takes secrets out at any depth and says which properties held one", () => {
    const given = unwrapSecrets({
      securityGroupId: secret("sg-a"),
      instanceId: "i-a",
      timeouts: { create: secret("5m"), delete: "9m" },
    });
    expect(given.plain).toEqual({
      securityGroupId: "sg-a",
      instanceId: "i-a",
      timeouts: { create: "5m", delete: "9m" },
    });
    expect([...given.secretKeys].sort()).toEqual(["securityGroupId", "timeouts"]);
    expect([...given.secretValues].sort()).toEqual(["5m", "sg-a"]);
  });

  test("an unknown secret (preview) is no secret value", () => {
    const given = unwrapSecrets({ securityGroupId: secret(UNKNOWN) });
    expect(given.plain.securityGroupId).toBe(UNKNOWN);
    expect([...given.secretValues]).toEqual([]);
  });

  test("no properties is nothing", () => {
    expect(unwrapSecrets(undefined).plain).toEqual({});
  });
});

describe("markSecrets", () => {
  const given = unwrapSecrets({ securityGroupId: secret("sg-a"), instanceId: "i-a" });

  test("a secret input's own output, and outputs holding its value, are secret", () => {
    const outs = markSecrets(
      {
        securityGroupId: "sg-a",
        instanceId: "i-a",
        targetId: "i-a",
        targetSecurityGroupIds: ["sg-web", "sg-a"],
        adopted: false,
      },
      given,
    );
    expect(outs).toEqual({
      securityGroupId: secret("sg-a"),
      instanceId: "i-a",
      targetId: "i-a",
      targetSecurityGroupIds: secret(["sg-web", "sg-a"]),
      adopted: false,
    });
  });

  test("undefined is left out (the SDK's server cannot encode it)", () => {
    expect(markSecrets({ a: undefined, b: { c: undefined, d: 1 } }, given)).toEqual({
      b: { d: 1 },
    });
  });
});
