/** TagResources, UntagResources, ListTagResources and the Tag.N filters through the official SDK. */
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../../emulator";
import { $Ecs, ecsClient, expectEcsError, SIGNATURES } from "../../helpers/ecs-client";
import { acs3Request, rpcRequest, send } from "../../helpers/raw-request";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

type Pairs = Record<string, string>;
const tagList = (tags: Pairs) =>
  Object.entries(tags).map(([key, value]) => new $Ecs.TagResourcesRequestTag({ key, value }));
const manyTags = (n: number, prefix = "k") =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `v${i}`]));

const client = () => ecsClient(emulator.endpoint);

function tag(
  resourceId: string[],
  tags: Pairs,
  extra: ConstructorParameters<typeof $Ecs.TagResourcesRequest>[0] = {},
) {
  return client().tagResources(
    new $Ecs.TagResourcesRequest({
      regionId: ids.region,
      resourceType: "instance",
      resourceId,
      tag: tagList(tags),
      ...extra,
    }),
  );
}

function untag(p: ConstructorParameters<typeof $Ecs.UntagResourcesRequest>[0]) {
  return client().untagResources(
    new $Ecs.UntagResourcesRequest({ regionId: ids.region, resourceType: "instance", ...p }),
  );
}

function list(p: ConstructorParameters<typeof $Ecs.ListTagResourcesRequest>[0]) {
  return client().listTagResources(
    new $Ecs.ListTagResourcesRequest({ regionId: ids.region, resourceType: "instance", ...p }),
  );
}

async function instanceTags(instanceId: string) {
  const res = await client().describeInstances(
    new $Ecs.DescribeInstancesRequest({
      regionId: ids.region,
      instanceIds: JSON.stringify([instanceId]),
    }),
  );
  return res.body!.instances!.instance![0].tags!.tag!;
}

async function eniTags(networkInterfaceId: string) {
  const res = await client().describeNetworkInterfaces(
    new $Ecs.DescribeNetworkInterfacesRequest({
      regionId: ids.region,
      networkInterfaceId: [networkInterfaceId],
    }),
  );
  return res.body!.networkInterfaceSets!.networkInterfaceSet![0].tags!.tag!;
}

describe.each(SIGNATURES)("tags with %s", (signature) => {
  const signed = () => ecsClient(emulator.endpoint, { signature });

  it("tags, lists and untags an instance and an ENI", async () => {
    const tagged = await signed().tagResources(
      new $Ecs.TagResourcesRequest({
        regionId: ids.region,
        resourceType: "eni",
        resourceId: [ids.attachedEni],
        tag: tagList({ owner: "pulumi", stack: "dev" }),
      }),
    );
    expect(tagged.statusCode).toBe(200);
    expect(Object.keys(tagged.body!.toMap())).toEqual(["RequestId"]);
    const listed = await signed().listTagResources(
      new $Ecs.ListTagResourcesRequest({
        regionId: ids.region,
        resourceType: "eni",
        resourceId: [ids.attachedEni],
      }),
    );
    expect(listed.body!.tagResources!.tagResource!.map((t) => t.toMap())).toEqual([
      { ResourceType: "eni", ResourceId: ids.attachedEni, TagKey: "owner", TagValue: "pulumi" },
      { ResourceType: "eni", ResourceId: ids.attachedEni, TagKey: "stack", TagValue: "dev" },
    ]);
    expect(listed.body!.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(listed.body!.nextToken).toBeUndefined();
    await signed().untagResources(
      new $Ecs.UntagResourcesRequest({
        regionId: ids.region,
        resourceType: "eni",
        resourceId: [ids.attachedEni],
        tagKey: ["owner"],
      }),
    );
    expect(await eniTags(ids.attachedEni)).toEqual([
      expect.objectContaining({ tagKey: "stack", tagValue: "dev" }),
    ]);
  });
});

describe("TagResources", () => {
  it("adds tags to several resources, overwrites a key in place and keeps the order", async () => {
    await tag([ids.web1, ids.web2], { a: "1", b: "2" });
    await tag([ids.web1], { a: "one", c: "3" });
    expect((await instanceTags(ids.web1)).map((t) => [t.tagKey, t.tagValue])).toEqual([
      ["a", "one"],
      ["b", "2"],
      ["c", "3"],
    ]);
    expect((await instanceTags(ids.web2)).map((t) => t.tagKey)).toEqual(["a", "b"]);
    expect(await instanceTags(ids.web3)).toEqual([]);
  });

  it("takes an empty value, and a key sent with no value as an empty value", async () => {
    await client().tagResources(
      new $Ecs.TagResourcesRequest({
        regionId: ids.region,
        resourceType: "instance",
        resourceId: [ids.web1],
        tag: [
          new $Ecs.TagResourcesRequestTag({ key: "empty", value: "" }),
          new $Ecs.TagResourcesRequestTag({ key: "novalue" }),
        ],
      }),
    );
    const state = await emulator.control.state();
    expect(state.instances.find((i) => i.instanceId === ids.web1)!.tags).toEqual({
      empty: "",
      novalue: "",
    });
  });

  it("takes keys and values of up to 128 characters, 20 tags and 50 resources", async () => {
    await tag([ids.web1], { ["k".repeat(128)]: "v".repeat(128) });
    await tag([ids.web2], manyTags(20));
    const fifty = [...Array.from({ length: 49 }, () => ids.web3), ids.web1];
    await tag(fifty, { shared: "yes" });
    expect((await instanceTags(ids.web3)).map((t) => t.tagKey)).toEqual(["shared"]);
  });

  it("refuses a 21st user tag on a resource and changes nothing, but overwriting is fine", async () => {
    await tag([ids.web1], manyTags(20));
    await tag([ids.web1], { k0: "changed" });
    await expectEcsError(
      tag([ids.web2, ids.web1], { extra: "x" }),
      "OperationDenied.QuotaExceed",
      400,
    );
    expect(await instanceTags(ids.web2)).toEqual([]);
    expect(await instanceTags(ids.web1)).toHaveLength(20);
  });

  it("does not count system tags against the limit", async () => {
    await emulator.control.updateWorld((w) => {
      w.instances.find((i) => i.instanceId === ids.web1)!.tags = { "acs:rm:rgId": "rg-1" };
    });
    await tag([ids.web1], manyTags(20));
    expect(await instanceTags(ids.web1)).toHaveLength(21);
  });

  it.each([
    ["an empty key", "", "v", "InvalidTagKey.Malformed"],
    ["a key of 129 characters", "k".repeat(129), "v", "InvalidTagKey.Malformed"],
    ["a key starting with aliyun", "aliyun-owner", "v", "InvalidTagKey.Malformed"],
    ["a key starting with acs:", "acs:owner", "v", "InvalidTagKey.Malformed"],
    ["a key starting with ACS: (any case)", "ACS:owner", "v", "InvalidTagKey.Malformed"],
    ["a key with http://", "see-http://x", "v", "InvalidTagKey.Malformed"],
    ["a key with https://", "https://x", "v", "InvalidTagKey.Malformed"],
    ["a value of 129 characters", "k", "v".repeat(129), "InvalidTagValue.Malformed"],
    ["a value starting with aliyun", "k", "aliyun", "InvalidTagValue.Malformed"],
    ["a value starting with acs:", "k", "acs:x", "InvalidTagValue.Malformed"],
    ["a value with http://", "k", "go to http://x", "InvalidTagValue.Malformed"],
    ["a value with https://", "k", "https://x", "InvalidTagValue.Malformed"],
  ])("refuses %s", async (_what, key, value, code) => {
    await expectEcsError(tag([ids.web1], { [key]: value }), code, 400);
    expect(await instanceTags(ids.web1)).toEqual([]);
  });

  it("refuses a value with no key, duplicate keys, 21 tags and 51 resources", async () => {
    await expectEcsError(
      client().tagResources(
        new $Ecs.TagResourcesRequest({
          regionId: ids.region,
          resourceType: "instance",
          resourceId: [ids.web1],
          tag: [new $Ecs.TagResourcesRequestTag({ value: "orphan" })],
        }),
      ),
      "InvalidTag.Mismatch",
      400,
    );
    await expectEcsError(
      client().tagResources(
        new $Ecs.TagResourcesRequest({
          regionId: ids.region,
          resourceType: "instance",
          resourceId: [ids.web1],
          tag: [
            new $Ecs.TagResourcesRequestTag({ key: "dup", value: "1" }),
            new $Ecs.TagResourcesRequestTag({ key: "dup", value: "2" }),
          ],
        }),
      ),
      "Duplicate.TagKey",
      400,
    );
    await expectEcsError(tag([ids.web1], manyTags(21)), "NumberExceed.Tags", 400);
    const fiftyOne = Array.from({ length: 51 }, () => ids.web1);
    const tooMany = await expectEcsError(
      tag(fiftyOne, { a: "1" }),
      "NumberExceed.ResourceIds",
      400,
    );
    expect(tooMany.message).toContain("The ResourceIds parameter's number is exceed , Valid : 50");
  });

  it("answers the documented codes for missing parameters", async () => {
    const missingRegion = await expectEcsError(
      tag([ids.web1], { a: "1" }, { regionId: undefined }),
      "MissingParameter.RegionId",
      404,
    );
    expect(missingRegion.message).toContain("The parameter - RegionId should not be null");
    await expectEcsError(
      tag([ids.web1], { a: "1" }, { resourceType: undefined }),
      "MissingParameter.ResourceType",
      404,
    );
    await expectEcsError(tag([], { a: "1" }), "MissingParameter.ResourceIds", 404);
    await expectEcsError(tag([ids.web1], {}), "MissingParameter.Tags", 404);
  });

  it("refuses an unknown region, type or resource, and a resource of another type", async () => {
    await expectEcsError(
      tag([ids.web1], { a: "1" }, { regionId: "cn-nowhere" }),
      "InvalidRegionId.NotFound",
      404,
    );
    await expectEcsError(
      tag([ids.web1], { a: "1" }, { resourceType: "Instance" }),
      "InvalidResourceType.NotFound",
      404,
    );
    await expectEcsError(
      tag([ids.web1], { a: "1" }, { resourceType: "server" }),
      "InvalidResourceType.NotFound",
      404,
    );
    const unknown = await expectEcsError(
      tag([ids.web1, "i-bp1nosuchinstance000001"], { a: "1" }),
      "InvalidResourceId.NotFound",
      404,
    );
    expect(unknown.message).toContain("The specified ResourceIds are not found in our records.");
    expect(await instanceTags(ids.web1)).toEqual([]);
    await expectEcsError(
      tag([ids.web1], { a: "1" }, { resourceType: "eni" }),
      "InvalidResourceId.NotFound",
      404,
    );
    // A type ECS knows but the emulator holds none of.
    await expectEcsError(
      tag([ids.webGroup], { a: "1" }, { resourceType: "disk" }),
      "InvalidResourceId.NotFound",
      404,
    );
  });
});

describe("UntagResources", () => {
  beforeEach(async () => {
    await tag([ids.web1, ids.web2], { a: "1", b: "2", c: "3" });
  });

  it("removes the given keys from every resource; keys not there are no error", async () => {
    await untag({ resourceId: [ids.web1, ids.web2], tagKey: ["a", "c", "absent"] });
    expect((await instanceTags(ids.web1)).map((t) => t.tagKey)).toEqual(["b"]);
    expect((await instanceTags(ids.web2)).map((t) => t.tagKey)).toEqual(["b"]);
  });

  it("with All removes every user tag but no system tag, and TagKey.N wins over All", async () => {
    await emulator.control.updateWorld((w) => {
      const web1 = w.instances.find((i) => i.instanceId === ids.web1)!;
      web1.tags = { ...web1.tags, "acs:rm:rgId": "rg-1" };
    });
    await untag({ resourceId: [ids.web2], tagKey: ["a"], all: true });
    expect((await instanceTags(ids.web2)).map((t) => t.tagKey)).toEqual(["b", "c"]);
    await untag({ resourceId: [ids.web1], all: true });
    expect((await instanceTags(ids.web1)).map((t) => t.tagKey)).toEqual(["acs:rm:rgId"]);
  });

  it("refuses no keys without All, 21 keys, duplicate keys and unknown resources", async () => {
    await expectEcsError(untag({ resourceId: [ids.web1] }), "MissingParameter.Tags", 404);
    await expectEcsError(
      untag({ resourceId: [ids.web1], all: false }),
      "MissingParameter.Tags",
      404,
    );
    await expectEcsError(
      untag({ resourceId: [ids.web1], tagKey: Object.keys(manyTags(21)) }),
      "NumberExceed.Tags",
      400,
    );
    await expectEcsError(
      untag({ resourceId: [ids.web1], tagKey: ["a", "a"] }),
      "Duplicate.TagKey",
      400,
    );
    await expectEcsError(
      untag({ resourceId: [ids.web1, "i-bp1nosuchinstance000001"], tagKey: ["a"] }),
      "InvalidResourceId.NotFound",
      404,
    );
    await expectEcsError(
      untag({ resourceId: [], tagKey: ["a"] }),
      "MissingParameter.ResourceIds",
      404,
    );
    await expectEcsError(
      untag({ resourceId: [ids.web1], tagKey: ["a"], resourceType: "vm" }),
      "InvalidResourceType.NotFound",
      404,
    );
    expect(await instanceTags(ids.web1)).toHaveLength(3);
  });
});

describe("ListTagResources", () => {
  beforeEach(async () => {
    await tag([ids.web1], { env: "prod", team: "web" });
    await tag([ids.web2], { env: "dev" });
    await tag([ids.web3], { team: "web" });
  });

  const rows = (res: Awaited<ReturnType<typeof list>>) =>
    res.body!.tagResources!.tagResource!.map((t) => `${t.resourceId} ${t.tagKey}=${t.tagValue}`);

  it("lists the tags of the named resources, skipping unknown and untagged ones", async () => {
    const res = await list({
      resourceId: [ids.web2, "i-bp1nosuchinstance000001", ids.stopped, ids.web1],
    });
    expect(rows(res)).toEqual([
      `${ids.web2} env=dev`,
      `${ids.web1} env=prod`,
      `${ids.web1} team=web`,
    ]);
  });

  it("finds resources that have every given tag; a key alone matches any value", async () => {
    expect(
      rows(await list({ tag: [new $Ecs.ListTagResourcesRequestTag({ key: "env" })] })),
    ).toEqual([`${ids.web1} env=prod`, `${ids.web1} team=web`, `${ids.web2} env=dev`]);
    const both = await list({
      tag: [
        new $Ecs.ListTagResourcesRequestTag({ key: "team", value: "web" }),
        new $Ecs.ListTagResourcesRequestTag({ key: "env" }),
      ],
    });
    expect(rows(both)).toEqual([`${ids.web1} env=prod`, `${ids.web1} team=web`]);
    const scoped = await list({
      resourceId: [ids.web3],
      tag: [new $Ecs.ListTagResourcesRequestTag({ key: "team", value: "web" })],
    });
    expect(rows(scoped)).toEqual([`${ids.web3} team=web`]);
    expect(
      rows(await list({ tag: [new $Ecs.ListTagResourcesRequestTag({ key: "env", value: "qa" })] })),
    ).toEqual([]);
  });

  it("lists ENIs by type", async () => {
    await client().tagResources(
      new $Ecs.TagResourcesRequest({
        regionId: ids.region,
        resourceType: "eni",
        resourceId: [ids.availableEni],
        tag: tagList({ env: "prod" }),
      }),
    );
    const enis = await list({
      resourceType: "eni",
      tag: [new $Ecs.ListTagResourcesRequestTag({ key: "env" })],
    });
    expect(enis.body!.tagResources!.tagResource!.map((t) => t.toMap())).toEqual([
      { ResourceType: "eni", ResourceId: ids.availableEni, TagKey: "env", TagValue: "prod" },
    ]);
  });

  it("pages 50 rows at a time with NextToken", async () => {
    const world = await emulator.control.updateWorld((w) => {
      for (const i of w.instances.slice(0, 4)) i.tags = manyTags(20, "page");
    });
    const tagged = world.instances.slice(0, 4).map((i) => i.instanceId);
    const first = await list({ resourceId: tagged });
    expect(first.body!.tagResources!.tagResource).toHaveLength(50);
    expect(first.body!.nextToken).toMatch(/^[0-9a-f]+$/);
    const second = await list({ resourceId: tagged, nextToken: first.body!.nextToken });
    expect(second.body!.tagResources!.tagResource).toHaveLength(30);
    expect(second.body!.nextToken).toBeUndefined();
    expect(second.body!.tagResources!.tagResource![29].resourceId).toBe(tagged[3]);
    await expectEcsError(
      list({ resourceId: tagged, nextToken: "not-a-token" }),
      "InValidParameter.NextToken",
      400,
    );
  });

  it("refuses a value with no key, 21 filters, 51 resources and neither IDs nor tags", async () => {
    await expectEcsError(
      list({ tag: [new $Ecs.ListTagResourcesRequestTag({ value: "prod" })] }),
      "InvalidParameter.TagValue",
      400,
    );
    await expectEcsError(
      list({
        tag: Object.keys(manyTags(21)).map((key) => new $Ecs.ListTagResourcesRequestTag({ key })),
      }),
      "NumberExceed.Tags",
      400,
    );
    await expectEcsError(
      list({ tag: [new $Ecs.ListTagResourcesRequestTag({ key: "k".repeat(129) })] }),
      "InvalidTagKey.Malformed",
      400,
    );
    await expectEcsError(
      list({ resourceId: Array.from({ length: 51 }, () => ids.web1) }),
      "NumberExceed.ResourceIds",
      400,
    );
    await expectEcsError(list({}), "MissingParameter.Tags", 404);
    await expectEcsError(
      list({ resourceId: [ids.web1], resourceType: undefined }),
      "MissingParameter.ResourceType",
      404,
    );
    await expectEcsError(
      list({ resourceId: [ids.web1], resourceType: "nic" }),
      "InvalidResourceType.NotFound",
      404,
    );
    await expectEcsError(
      list({ resourceId: [ids.web1], regionId: undefined }),
      "MissingParameter.RegionId",
      404,
    );
  });
});

describe("Tags in DescribeInstances and DescribeNetworkInterfaces", () => {
  beforeEach(async () => {
    await tag([ids.web1], { env: "prod", team: "web" });
    await tag([ids.web2], { env: "dev" });
    await client().tagResources(
      new $Ecs.TagResourcesRequest({
        regionId: ids.region,
        resourceType: "eni",
        resourceId: [ids.attachedEni],
        tag: tagList({ env: "prod" }),
      }),
    );
  });

  const describeInstances = (tags: { key?: string; value?: string }[]) =>
    client().describeInstances(
      new $Ecs.DescribeInstancesRequest({
        regionId: ids.region,
        tag: tags.map((t) => new $Ecs.DescribeInstancesRequestTag(t)),
      }),
    );
  const describeEnis = (tags: { key?: string; value?: string }[]) =>
    client().describeNetworkInterfaces(
      new $Ecs.DescribeNetworkInterfacesRequest({
        regionId: ids.region,
        tag: tags.map((t) => new $Ecs.DescribeNetworkInterfacesRequestTag(t)),
      }),
    );
  const instanceIds = (res: Awaited<ReturnType<typeof describeInstances>>) =>
    res.body!.instances!.instance!.map((i) => i.instanceId);
  const eniIds = (res: Awaited<ReturnType<typeof describeEnis>>) =>
    res.body!.networkInterfaceSets!.networkInterfaceSet!.map((e) => e.networkInterfaceId);

  it("shows every instance's and ENI's tags as Tags.Tag[] of TagKey/TagValue", async () => {
    const res = await describeInstances([]);
    const web1 = res.body!.instances!.instance!.find((i) => i.instanceId === ids.web1)!;
    expect(web1.tags!.toMap()).toEqual({
      Tag: [
        { TagKey: "env", TagValue: "prod" },
        { TagKey: "team", TagValue: "web" },
      ],
    });
    const web3 = res.body!.instances!.instance!.find((i) => i.instanceId === ids.web3)!;
    expect(web3.tags!.toMap()).toEqual({ Tag: [] });
    expect(await eniTags(ids.attachedEni)).toEqual([
      expect.objectContaining({ tagKey: "env", tagValue: "prod" }),
    ]);
    const attribute = await client().describeNetworkInterfaceAttribute(
      new $Ecs.DescribeNetworkInterfaceAttributeRequest({
        regionId: ids.region,
        networkInterfaceId: ids.attachedEni,
      }),
    );
    expect(attribute.body!.tags!.toMap()).toEqual({ Tag: [{ TagKey: "env", TagValue: "prod" }] });
  });

  it("DescribeInstanceAttribute answers no Tags, as the real API", async () => {
    const raw = await send(
      emulator.port,
      acs3Request({
        host: emulator.endpoint,
        action: "DescribeInstanceAttribute",
        params: { InstanceId: ids.web1 },
      }),
    );
    expect(raw.status).toBe(200);
    expect(raw.json.InstanceId).toBe(ids.web1);
    expect(raw.json).not.toHaveProperty("Tags");
  });

  it("filters by tags: every given tag must match, a key alone matches any value", async () => {
    expect(instanceIds(await describeInstances([{ key: "env" }]))).toEqual([ids.web1, ids.web2]);
    expect(instanceIds(await describeInstances([{ key: "env", value: "prod" }]))).toEqual([
      ids.web1,
    ]);
    expect(
      instanceIds(await describeInstances([{ key: "env", value: "dev" }, { key: "team" }])),
    ).toEqual([]);
    expect(eniIds(await describeEnis([{ key: "env", value: "prod" }]))).toEqual([ids.attachedEni]);
    expect(eniIds(await describeEnis([{ key: "team" }]))).toEqual([]);
  });

  it("refuses a value with no key and more than 20 filters", async () => {
    await expectEcsError(describeInstances([{ value: "prod" }]), "InvalidTag.Mismatch", 400);
    await expectEcsError(describeEnis([{ value: "prod" }]), "InvalidTag.Mismatch", 400);
    const tooMany = Object.keys(manyTags(21)).map((key) => ({ key }));
    await expectEcsError(describeInstances(tooMany), "InvalidTagCount", 400);
    await expectEcsError(describeEnis(tooMany), "InvalidTagCount", 400);
  });
});

describe("tag actions on the wire", () => {
  it("are logged like every action, with their parameters", async () => {
    await emulator.control.clearRequests();
    await tag([ids.web1], { owner: "me" });
    await untag({ resourceId: [ids.web1], tagKey: ["owner"] });
    await list({ resourceId: [ids.web1] });
    const log = await emulator.control.requests();
    expect(log.map((e) => [e.action, e.status, e.signature])).toEqual([
      ["TagResources", 200, "ACS3-HMAC-SHA256"],
      ["UntagResources", 200, "ACS3-HMAC-SHA256"],
      ["ListTagResources", 200, "ACS3-HMAC-SHA256"],
    ]);
    expect(log[0].params).toEqual(
      expect.objectContaining({
        RegionId: ids.region,
        ResourceType: "instance",
        "ResourceId.1": ids.web1,
        "Tag.1.Key": "owner",
        "Tag.1.Value": "me",
      }),
    );
  });

  it("answer XML to RPC clients that ask for it", async () => {
    await tag([ids.web1], { owner: "me" });
    const raw = await send(
      emulator.port,
      rpcRequest({
        host: emulator.endpoint,
        action: "ListTagResources",
        params: {
          RegionId: ids.region,
          ResourceType: "instance",
          "ResourceId.1": ids.web1,
          Format: "XML",
        },
      }),
    );
    expect(raw.status).toBe(200);
    expect(raw.text).toMatch(
      new RegExp(
        "^<\\?xml[^>]*><ListTagResourcesResponse><RequestId>[0-9A-F-]+</RequestId>" +
          "<TagResources><TagResource><ResourceType>instance</ResourceType>" +
          `<ResourceId>${ids.web1}</ResourceId><TagKey>owner</TagKey><TagValue>me</TagValue>` +
          "</TagResource></TagResources></ListTagResourcesResponse>$",
      ),
    );
  });

  it("refuse a wrong signature before they change anything", async () => {
    const forged = ecsClient(emulator.endpoint, { accessKeySecret: "wrong" });
    await expectEcsError(
      forged.tagResources(
        new $Ecs.TagResourcesRequest({
          regionId: ids.region,
          resourceType: "instance",
          resourceId: [ids.web1],
          tag: tagList({ a: "1" }),
        }),
      ),
      "SignatureDoesNotMatch",
      400,
    );
    expect(await instanceTags(ids.web1)).toEqual([]);
  });

  it("take fault rules by action and by their first resource", async () => {
    const web2Only = await emulator.control.addFault({
      action: "TagResources",
      target: ids.web2,
      code: "ServiceUnavailable",
      count: 1,
    });
    await tag([ids.web1], { a: "1" });
    await expectEcsError(tag([ids.web2], { a: "1" }), "ServiceUnavailable", 503);
    await tag([ids.web2], { a: "1" });
    await emulator.control.addFault({ action: "ListTagResources", code: "Throttling.User" });
    await expectEcsError(list({ resourceId: [ids.web1] }), "Throttling.User", 400);
    await emulator.control.addFault({
      action: "UntagResources",
      code: "InternalError",
      afterApply: true,
    });
    await expectEcsError(untag({ resourceId: [ids.web1], tagKey: ["a"] }), "InternalError", 500);
    expect(await instanceTags(ids.web1)).toEqual([]);
    expect(
      (await emulator.control.requests({ action: "TagResources" })).map((e) => e.fault),
    ).toEqual([undefined, web2Only, undefined]);
  });
});
