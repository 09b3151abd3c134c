/** Names a caller chooses (actions, parameters, headers, tag keys) that are also JavaScript's own. */
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../../emulator";
import { acs3Request, rpcRequest, send } from "../../helpers/raw-request";

let emulator: RunningEmulator;
let host: string;
beforeAll(async () => {
  emulator = await startEmulator();
  host = emulator.endpoint;
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

const PROTOTYPE_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];

it.each(PROTOTYPE_NAMES)("Action=%s is an unknown action, in both signatures", async (action) => {
  for (const raw of [acs3Request({ host, action }), rpcRequest({ host, action })]) {
    const res = await send(emulator.port, raw);
    expect({ status: res.status, code: res.json.Code }).toEqual({
      status: 404,
      code: "InvalidAction.NotFound",
    });
  }
});

it.each(PROTOTYPE_NAMES)("a signed header list naming %s fails the signature", async (name) => {
  const raw = acs3Request({ host, action: "DescribeInstances", params: { RegionId: ids.region } });
  raw.headers.authorization = raw.headers.authorization.replace(
    "SignedHeaders=",
    `SignedHeaders=${name};`,
  );
  const res = await send(emulator.port, raw);
  expect({ status: res.status, code: res.json.Code }).toEqual({
    status: 400,
    code: "SignatureDoesNotMatch",
  });
});

it("parameters with those names are parameters like any other", async () => {
  const extra = Object.fromEntries(PROTOTYPE_NAMES.map((n) => [n, "x"]));
  // The SDK's RPC signer copies parameters by assignment, which drops an own `__proto__`.
  const { __proto__: _dropped, ...rpcExtra } = extra;
  for (const raw of [
    acs3Request({ host, action: "DescribeInstances", params: { RegionId: ids.region, ...extra } }),
    rpcRequest({
      host,
      action: "DescribeInstances",
      params: { RegionId: ids.region, ...rpcExtra },
    }),
  ]) {
    const res = await send(emulator.port, raw);
    expect(res.status).toBe(200);
    expect(res.json.TotalCount).toBe(5);
  }
  const log = await emulator.control.requests({ action: "DescribeInstances" });
  expect(log[0].params).toEqual({ RegionId: ids.region, ...extra });
});

it.each(PROTOTYPE_NAMES)("RegionId, InstanceId and SecurityGroupId %s are not found", async (v) => {
  const codes = [];
  for (const [action, params] of [
    ["DescribeInstances", { RegionId: v }],
    ["JoinSecurityGroup", { InstanceId: v, SecurityGroupId: ids.appGroup }],
    ["JoinSecurityGroup", { InstanceId: ids.web1, SecurityGroupId: v }],
  ] as [string, Record<string, string>][]) {
    const res = await send(emulator.port, acs3Request({ host, action, params }));
    codes.push(`${res.status} ${res.json.Code}`);
  }
  expect(codes).toEqual([
    "404 InvalidRegionId.NotFound",
    "400 InvalidInstanceId.Malformed",
    "404 InvalidSecurityGroupId.NotFound",
  ]);
});

it("tag keys with those names are kept, listed and filtered as tags", async () => {
  const tag = Object.fromEntries(
    PROTOTYPE_NAMES.flatMap((k, n) => [
      [`Tag.${n + 1}.Key`, k],
      [`Tag.${n + 1}.Value`, `v${n}`],
    ]),
  );
  const tagged = await send(
    emulator.port,
    acs3Request({
      host,
      action: "TagResources",
      params: { RegionId: ids.region, ResourceType: "instance", "ResourceId.1": ids.web1, ...tag },
    }),
  );
  expect(tagged.status).toBe(200);
  const filtered = await send(
    emulator.port,
    acs3Request({
      host,
      action: "DescribeInstances",
      params: { RegionId: ids.region, "Tag.1.Key": "__proto__", "Tag.1.Value": "v1" },
    }),
  );
  expect((filtered.json.Instances as { Instance: { InstanceId: string }[] }).Instance).toEqual([
    expect.objectContaining({ InstanceId: ids.web1 }),
  ]);
  const world = await emulator.control.state();
  const web1 = world.instances.find((i) => i.instanceId === ids.web1)!;
  expect(Object.keys(web1.tags).sort()).toEqual([...PROTOTYPE_NAMES].sort());
  const other = await send(
    emulator.port,
    acs3Request({
      host,
      action: "DescribeInstances",
      params: { RegionId: ids.region, "Tag.1.Key": "toString" },
    }),
  );
  expect(other.json.TotalCount).toBe(1);
});
