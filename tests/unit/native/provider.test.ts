/**
 * The native provider's mapping onto the runtime, over a runtime that records its calls: the
 * URN as owner, `customTimeouts` as the operation's deadline, imports, secrets, messages. What
 * the runtime then does is tested with the runtime (tests/unit/runtime, tests/integration).
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { nativeProvider } from "../../../provider/native/provider";
import { inRequest, type RequestContext } from "../../../provider/native/sdk-fixes";
import type { Runtime } from "../../../provider/runtime/runtime";

const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });
const URN = "urn:pulumi:dev::proj::alicloud-sg-membership:ecs:SecurityGroupMembership::web";
const ID = "cn-hangzhou/i-a/sg-a";
const inputs = {
  securityGroupId: "sg-a",
  instanceId: "i-a",
  regionId: "cn-hangzhou",
  adoptExisting: false,
};
const outs = {
  ...inputs,
  networkInterfaceId: null,
  timeouts: null,
  owner: URN,
  targetKind: "instance",
  targetId: "i-a",
  adopted: false,
  targetSecurityGroupIds: ["sg-web", "sg-a"],
};

function setup() {
  const runtime = {
    configure: jest.fn(async () => {}),
    check: jest.fn(async (_olds: object, news: object) => ({ inputs: news, failures: [] })),
    diff: jest.fn(async () => ({ changes: false })),
    create: jest.fn(async (props: Record<string, unknown>) => ({
      id: ID,
      outs: { ...outs, timeouts: props.timeouts ?? null },
    })),
    read: jest.fn(async (_id: string, props: Record<string, unknown>) => ({
      id: ID,
      props: { ...outs, adopted: props.adopted === true, timeouts: props.timeouts ?? null },
    })),
    update: jest.fn(async (_id: string, _olds: object, news: Record<string, unknown>) => ({
      outs: { ...outs, timeouts: news.timeouts ?? null },
    })),
    delete: jest.fn(async () => {}),
  };
  const warnings: string[] = [];
  const provider = nativeProvider(runtime as unknown as Runtime, {
    version: "1.2.3",
    schema: "{}",
    log: { warn: (message) => warnings.push(message) },
  });
  return { runtime, provider, warnings };
}

const request = (context: Partial<RequestContext>) => (work: () => Promise<unknown>) =>
  inRequest({ timeout: 0, importing: false, ...context }, work);

test("configure hands the runtime the provider's keys in its own namespace", async () => {
  const { runtime, provider } = setup();
  await provider.configure({ args: { region: "cn-beijing", secretKey: secret("s3cr3t-key") } });
  const get = (
    runtime.configure.mock.calls[0] as unknown as [{ config: { get(k: string): unknown } }]
  )[0].config.get;
  expect(get("alicloud-sg-membership:region")).toBe("cn-beijing");
  expect(get("alicloud-sg-membership:secretKey")).toBe("s3cr3t-key");
  expect(get("alicloud:region")).toBeUndefined();
});

describe("check", () => {
  test("passes the declared inputs, plain, and marks secret ones again", async () => {
    const { runtime, provider, warnings } = setup();
    const result = await provider.check!(URN, {}, { ...inputs, securityGroupId: secret("sg-a") });
    expect(runtime.check).toHaveBeenCalledWith({}, inputs);
    expect(result.inputs.securityGroupId).toEqual(secret("sg-a"));
    expect(result.inputs.instanceId).toBe("i-a");
    expect(warnings).toEqual([
      expect.stringMatching(
        /^SecurityGroupMembership "web": securityGroupId is a secret, but the resource ID/,
      ),
    ]);
  });

  test("owner is not an input here", async () => {
    const { runtime, provider } = setup();
    const result = await provider.check!(URN, {}, { ...inputs, owner: URN });
    expect(runtime.check).toHaveBeenCalledWith({}, inputs);
    expect(result.failures).toEqual([
      { property: "owner", reason: expect.stringContaining("owner is not an input") },
    ]);
  });

  test("refuses another resource type", async () => {
    const { provider } = setup();
    await expect(provider.check!("urn:pulumi:dev::proj::x:y:Z::n", {}, {})).rejects.toThrow(
      "unknown resource type x:y:Z",
    );
  });
});

test("diff compares with the request's URN as owner", async () => {
  const { runtime, provider } = setup();
  await provider.diff!(ID, URN, { ...outs, owner: null }, inputs);
  expect(runtime.diff).toHaveBeenCalledWith(
    ID,
    { ...outs, owner: null },
    { ...inputs, owner: URN },
  );
});

describe("create", () => {
  test("owns the membership by the request's URN", async () => {
    const { runtime, provider } = setup();
    const result = await provider.create!(URN, inputs);
    expect(runtime.create).toHaveBeenCalledWith({ ...inputs, owner: URN }, undefined);
    expect(result).toEqual({ id: ID, outs });
  });

  test("customTimeouts is its time limit, named so; the outputs keep timeouts as given", async () => {
    const { runtime, provider } = setup();
    const given = { ...inputs, timeouts: { delete: "1m" } };
    const result = await request({ timeout: 3 })(() => provider.create!(URN, given));
    expect(runtime.create).toHaveBeenCalledWith(
      { ...given, owner: URN },
      { ms: 3_000, name: "customTimeouts.create" },
    );
    expect((result as { outs: { timeouts: unknown } }).outs.timeouts).toEqual({ delete: "1m" });
  });

  test("a partial create's state is answered as outputs are", async () => {
    const { runtime, provider } = setup();
    const partial = Object.assign(new Error("joined, not confirmed"), {
      id: ID,
      properties: { ...outs, securityGroupId: "sg-a", __provider: undefined },
      reasons: ["joined, not confirmed"],
    });
    runtime.create.mockRejectedValueOnce(partial);
    await expect(
      provider.create!(URN, { ...inputs, securityGroupId: secret("sg-a") }),
    ).rejects.toBe(partial);
    expect(partial.properties).not.toHaveProperty("__provider");
    expect(partial.properties.securityGroupId).toEqual(secret("sg-a"));
    expect(partial.properties.targetSecurityGroupIds).toEqual(secret(["sg-web", "sg-a"]));
  });
});

describe("read", () => {
  test("refresh reads the state it is given", async () => {
    const { runtime, provider } = setup();
    const result = await provider.read!(ID, URN, outs);
    expect(runtime.read).toHaveBeenCalledWith(ID, outs, undefined);
    expect(result).toEqual({ id: ID, props: outs });
  });

  test("an import reads as adopted and answers the identity as inputs", async () => {
    const { runtime, provider } = setup();
    const result = await request({ importing: true })(() => provider.read!(ID, URN, {}));
    expect(runtime.read).toHaveBeenCalledWith(ID, { adopted: true }, undefined);
    expect(result).toEqual({
      id: ID,
      props: { ...outs, adopted: true },
      inputs: { securityGroupId: "sg-a", instanceId: "i-a", regionId: "cn-hangzhou" },
    });
  });

  test("a membership that is gone answers no ID", async () => {
    const { runtime, provider } = setup();
    runtime.read.mockResolvedValueOnce({ id: "", props: {} } as never);
    expect(await provider.read!(ID, URN, outs)).toEqual({ id: "", props: {} });
  });
});

test("update: the owner is the URN, and customTimeouts.update its time limit", async () => {
  const { runtime, provider } = setup();
  await request({ timeout: 2 })(() => provider.update!(ID, URN, outs, inputs));
  expect(runtime.update).toHaveBeenCalledWith(
    ID,
    outs,
    { ...inputs, owner: URN },
    { ms: 2_000, name: "customTimeouts.update" },
  );
});

test("delete: customTimeouts.delete is its time limit", async () => {
  const { runtime, provider } = setup();
  await request({ timeout: 90 })(() => provider.delete!(ID, URN, outs));
  expect(runtime.delete).toHaveBeenCalledWith(ID, outs, {
    ms: 90_000,
    name: "customTimeouts.delete",
  });
});
