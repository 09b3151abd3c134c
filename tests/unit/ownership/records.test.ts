import {
  MAX_TAG_KEY_LENGTH,
  othersThan,
  ownerOf,
  recordKey,
  recordsFor,
  recordValue,
} from "../../../provider/ownership/records";

const urn = (stack: string, name: string, project = "shop") =>
  `urn:pulumi:${stack}::${project}::pulumi-nodejs:dynamic/ecs:SecurityGroupMembership::${name}`;

test("an owner is its URN's stack and resource, with a readable label", () => {
  const a = ownerOf(urn("dev", "web"))!;
  const b = ownerOf(urn("dev", "db"))!;
  const c = ownerOf(urn("prod", "web"))!;
  expect(a.label).toBe("shop/dev/web");
  expect(a.stackToken).toBe(b.stackToken);
  expect(a.stackToken).not.toBe(c.stackToken);
  expect(a.resourceToken).not.toBe(b.resourceToken);
  expect(a.resourceToken).toMatch(/^[0-9a-f]{12}$/);
});

test("a parent's type and a name with colons stay in the URN's name part", () => {
  const owner = ownerOf(
    "urn:pulumi:dev::shop::my:comp:Web$pulumi-nodejs:dynamic/ecs:SecurityGroupMembership::a::b",
  )!;
  expect(owner.label).toBe("shop/dev/a::b");
});

test.each(["", "not-a-urn", "urn:pulumi:dev"])("%j is not an owner", (text) => {
  expect(ownerOf(text)).toBeUndefined();
});

test("the key names the group and both tokens, within ECS's key length", () => {
  const owner = ownerOf(urn("dev", "web"))!;
  const key = recordKey("sg-bp1abc", owner);
  expect(key).toBe(`sg-membership/sg-bp1abc/${owner.stackToken}/${owner.resourceToken}`);
  expect(recordKey(`sg-${"a".repeat(125)}`, owner).length).toBeLessThanOrEqual(MAX_TAG_KEY_LENGTH);
});

test("the value obeys ECS's rules: no URL scheme, no reserved prefix, 128 characters at most", () => {
  expect(recordValue(ownerOf(urn("dev", "web"))!)).toBe("shop/dev/web");
  expect(recordValue(ownerOf(urn("dev", "http://x"))!)).toBe("shop/dev/x");
  expect(recordValue(ownerOf(urn("dev", "web", "aliyun-infra"))!)).toBe(
    "pulumi/aliyun-infra/dev/web",
  );
  expect(recordValue(ownerOf(urn("dev", "n".repeat(300)))!)).toHaveLength(128);
});

test("records are read back per group; other tags and other groups are ignored", () => {
  const mine = ownerOf(urn("dev", "web"))!;
  const theirs = ownerOf(urn("prod", "web"))!;
  const tags = {
    [recordKey("sg-1", mine)]: "shop/dev/web",
    [recordKey("sg-1", theirs)]: "shop/prod/web",
    [recordKey("sg-2", theirs)]: "shop/prod/web",
    "sg-membership/sg-1/broken": "x",
    team: "payments",
  };
  const records = recordsFor(tags, "sg-1");
  expect(records.map((r) => r.label).sort()).toEqual(["shop/dev/web", "shop/prod/web"]);
  expect(othersThan(records, mine).map((r) => r.label)).toEqual(["shop/prod/web"]);
  expect(othersThan(records, undefined)).toHaveLength(2);
});
