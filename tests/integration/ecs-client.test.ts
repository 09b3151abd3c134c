/**
 * `EcsRpcClient`, what the provider calls ECS through, against the generated
 * `@alicloud/ecs20140526` client it stands in for: the same requests on the wire, the same
 * answers and errors from ecs-emulator, and the same endpoint for every region.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import Ecs, * as $Ecs from "@alicloud/ecs20140526";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_IDS as ids,
  type RunningEmulator,
  startEmulator,
} from "../../emulator";
import { ECS_ENDPOINT_MAP, EcsRpcClient } from "../../provider/ecs/ecs-client";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({});
});
afterAll(() => emulator.stop());

const config = (extra: Partial<$OpenApiUtil.Config> = {}) =>
  new $OpenApiUtil.Config({
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
    regionId: ids.region,
    ...extra,
  });

const emulated = () =>
  config({ endpoint: emulator.url.replace(/^http:\/\//, ""), protocol: "http" });

const membership = { regionId: ids.region, instanceId: ids.web1, securityGroupId: ids.appGroup };

/** Each action the provider makes, in order: its request and response models. */
const calls = [
  {
    action: "DescribeInstances",
    request: new $Ecs.DescribeInstancesRequest({
      regionId: ids.region,
      instanceIds: JSON.stringify([ids.web1, ids.web2]),
      maxResults: 100,
    }),
    Response: $Ecs.DescribeInstancesResponse,
  },
  {
    action: "DescribeNetworkInterfaces",
    request: new $Ecs.DescribeNetworkInterfacesRequest({
      regionId: ids.region,
      networkInterfaceId: [ids.attachedEni],
      maxResults: 100,
    }),
    Response: $Ecs.DescribeNetworkInterfacesResponse,
  },
  {
    action: "DescribeInstanceAttribute",
    request: new $Ecs.DescribeInstanceAttributeRequest({ instanceId: ids.web1 }),
    Response: $Ecs.DescribeInstanceAttributeResponse,
  },
  {
    action: "DescribeNetworkInterfaceAttribute",
    request: new $Ecs.DescribeNetworkInterfaceAttributeRequest({
      regionId: ids.region,
      networkInterfaceId: ids.attachedEni,
    }),
    Response: $Ecs.DescribeNetworkInterfaceAttributeResponse,
  },
  {
    action: "JoinSecurityGroup",
    request: new $Ecs.JoinSecurityGroupRequest(membership),
    Response: $Ecs.JoinSecurityGroupResponse,
  },
  {
    action: "LeaveSecurityGroup",
    request: new $Ecs.LeaveSecurityGroupRequest(membership),
    Response: $Ecs.LeaveSecurityGroupResponse,
  },
  // A second Leave fails: the errors must match too.
  {
    action: "LeaveSecurityGroup",
    request: new $Ecs.LeaveSecurityGroupRequest(membership),
    Response: $Ecs.LeaveSecurityGroupResponse,
  },
];

type Answer = { body?: { toMap(): Record<string, unknown> } };

/** The generated client's method for an action: `JoinSecurityGroup` -> `joinSecurityGroup`. */
const viaGeneratedClient = (client: Ecs) => (call: (typeof calls)[number]) => {
  const method = call.action[0].toLowerCase() + call.action.slice(1);
  const send = (client as unknown as Record<string, (r: unknown) => Promise<Answer>>)[method];
  return send.call(client, call.request);
};

const viaRpcClient = (client: EcsRpcClient) => (call: (typeof calls)[number]) =>
  client.rpc(call.action, call.request, call.Response) as Promise<Answer>;

/** Parameters that differ on every request whoever sends it. */
const PER_REQUEST = new Set(["SignatureNonce", "Timestamp"]);

type Outcome =
  { body: Record<string, unknown> } | { error: { code?: string; statusCode?: number } };

/** Runs every call on a fresh world; answers without their RequestId, requests as logged. */
async function session(run: (call: (typeof calls)[number]) => Promise<Answer>) {
  await emulator.control.reset();
  const outcomes: Outcome[] = [];
  for (const call of calls) {
    try {
      const answer = await run(call);
      const { RequestId, ...body } = answer.body!.toMap();
      expect(RequestId).toEqual(expect.any(String));
      outcomes.push({ body });
    } catch (e) {
      const { code, statusCode } = e as { code?: string; statusCode?: number };
      outcomes.push({ error: { code, statusCode } });
    }
  }
  const requests = (await emulator.control.requests()).map((r) => ({
    action: r.action,
    method: r.method,
    status: r.status,
    signature: r.signature,
    params: Object.fromEntries(Object.entries(r.params).filter(([k]) => !PER_REQUEST.has(k))),
  }));
  return { outcomes, requests };
}

test("sends the requests the generated client sends and reads the same answers", async () => {
  const viaGenerated = await session(viaGeneratedClient(new Ecs(emulated())));
  const viaRpc = await session(viaRpcClient(new EcsRpcClient(emulated())));
  expect(viaGenerated.requests.map((r) => r.action)).toEqual([
    "DescribeInstances",
    "DescribeNetworkInterfaces",
    "DescribeInstanceAttribute",
    "DescribeNetworkInterfaceAttribute",
    "JoinSecurityGroup",
    "LeaveSecurityGroup",
    "LeaveSecurityGroup",
  ]);
  expect(viaGenerated.outcomes.at(-1)).toEqual({
    error: { code: "InvalidSecurityGroupAssociation.NotFound", statusCode: 400 },
  });
  expect(viaRpc).toEqual(viaGenerated);
});

test("resolves the endpoint the generated client resolves, for every region it maps and others", () => {
  const regions = [
    ...Object.keys(ECS_ENDPOINT_MAP),
    "cn-beijing",
    "ap-southeast-1",
    "eu-central-1",
  ];
  for (const regionId of regions) {
    for (const network of [undefined, "vpc"]) {
      const settings = () => config({ regionId, network });
      expect([regionId, network, new EcsRpcClient(settings())._endpoint]).toEqual([
        regionId,
        network,
        new Ecs(settings())._endpoint,
      ]);
    }
  }
  const explicit = config({ endpoint: "ecs.example.internal" });
  expect(new EcsRpcClient(explicit)._endpoint).toBe("ecs.example.internal");
  expect(new Ecs(config())._endpointMap).toEqual(ECS_ENDPOINT_MAP);
});

test("the built provider loads the six actions' models, not the generated client", () => {
  // A fresh process, because this one has loaded the whole SDK above. dist/ is built by npm test.
  const script = `
    require(${JSON.stringify(join(__dirname, "..", "..", "dist", "provider", "ecs", "ecs-api.js"))});
    const loaded = Object.keys(require.cache).filter((f) => f.includes("ecs20140526"));
    console.log(JSON.stringify(loaded.map((f) => f.slice(f.indexOf("ecs20140526")))));`;
  const loaded: string[] = JSON.parse(
    execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }),
  );
  expect(loaded).not.toContain("ecs20140526/dist/client.js");
  expect(loaded).not.toContain("ecs20140526/dist/models/model.js");
  expect(loaded).toContain("ecs20140526/dist/models/JoinSecurityGroupRequest.js");
  expect(loaded.length).toBeLessThanOrEqual(24);
});
