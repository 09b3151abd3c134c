import { formatMembershipId, parseMembershipId } from "../../../provider/schema/membership-id";
import type { MembershipRef } from "../../../provider/schema/model";
import { quoted } from "../../../provider/schema/shown";

const instanceRef: MembershipRef = {
  target: { kind: "instance", id: "i-bp1abc", regionId: "cn-hangzhou" },
  securityGroupId: "sg-bp1def",
};
const eniRef: MembershipRef = {
  target: { kind: "networkInterface", id: "eni-bp1xyz", regionId: "ap-southeast-1" },
  securityGroupId: "sg-bp1def",
};

describe("formatMembershipId", () => {
  test("is region/target/group", () => {
    expect(formatMembershipId(instanceRef)).toBe("cn-hangzhou/i-bp1abc/sg-bp1def");
    expect(formatMembershipId(eniRef)).toBe("ap-southeast-1/eni-bp1xyz/sg-bp1def");
  });
});

describe("parseMembershipId", () => {
  test("an instance ID", () => {
    expect(parseMembershipId("cn-hangzhou/i-bp1abc/sg-bp1def")).toEqual(instanceRef);
  });

  test("an ENI ID: the target kind comes from the eni- prefix", () => {
    expect(parseMembershipId("ap-southeast-1/eni-bp1xyz/sg-bp1def")).toEqual(eniRef);
  });

  // prettier-ignore
  const regions = ["cn-hangzhou", "cn-shanghai-finance-1", "us-west-1", "eu-central-1", "ap-northeast-2"];
  test.each(regions)("region %s", (regionId) => {
    expect(parseMembershipId(`${regionId}/i-1/sg-1`).target.regionId).toBe(regionId);
  });
});

describe("round-trips", () => {
  const refs: MembershipRef[] = [
    instanceRef,
    eniRef,
    {
      target: { kind: "instance", id: "i-0123456789abcdefghij", regionId: "cn-shanghai-finance-1" },
      securityGroupId: "sg-9",
    },
  ];
  test.each(refs)("parse(format($target.id)) gives the same ref", (ref) => {
    expect(parseMembershipId(formatMembershipId(ref))).toEqual(ref);
  });

  test.each(["cn-hangzhou/i-bp1abc/sg-bp1def", "us-east-1/eni-2ze0/sg-2ze1"])(
    "format(parse(%s)) gives the same ID",
    (id) => {
      expect(formatMembershipId(parseMembershipId(id))).toBe(id);
    },
  );
});

describe("rejections show the ID given and the expected shape", () => {
  // prettier-ignore
  const bad: [string, string][] = [
    ["empty", ""],
    ["no region", "i-bp1abc/sg-bp1def"],
    ["no group", "cn-hangzhou/i-bp1abc"],
    ["extra part", "cn-hangzhou/i-bp1abc/sg-bp1def/x"],
    ["target and group swapped", "cn-hangzhou/sg-bp1def/i-bp1abc"],
    ["group where the target goes", "cn-hangzhou/sg-bp1abc/sg-bp1def"],
    ["unknown target prefix", "cn-hangzhou/vm-bp1abc/sg-bp1def"],
    ["target prefix only", "cn-hangzhou/i-/sg-bp1def"],
    ["group prefix only", "cn-hangzhou/i-bp1abc/sg-"],
    ["uppercase region", "CN-HANGZHOU/i-bp1abc/sg-bp1def"],
    ["uppercase target", "cn-hangzhou/i-BP1ABC/sg-bp1def"],
    ["uppercase group", "cn-hangzhou/i-bp1abc/SG-bp1def"],
    ["region ending in a hyphen", "cn-hangzhou-/i-bp1abc/sg-bp1def"],
    ["region starting with a digit", "1cn/i-bp1abc/sg-bp1def"],
    ["one-letter region", "c/i-bp1abc/sg-bp1def"],
    ["other separator", "cn-hangzhou:i-bp1abc:sg-bp1def"],
    ["trailing slash", "cn-hangzhou/i-bp1abc/sg-bp1def/"],
    ["leading space", " cn-hangzhou/i-bp1abc/sg-bp1def"],
    ["trailing newline", "cn-hangzhou/i-bp1abc/sg-bp1def\n"],
    ["underscore in target", "cn-hangzhou/i-bp1_abc/sg-bp1def"],
    ["a bare group ID", "sg-bp1def"],
    ["a Pulumi URN", "urn:pulumi:dev::p::SecurityGroupMembership::m"],
  ];

  test.each(bad)("%s (%j)", (_name, id) => {
    expect(() => parseMembershipId(id)).toThrow(
      new Error(
        `Invalid SecurityGroupMembership ID ${quoted(id)}: expected ` +
          `"<regionId>/<instanceId or networkInterfaceId>/<securityGroupId>", ` +
          `e.g. "cn-hangzhou/i-bp1abc/sg-bp1def".`,
      ),
    );
  });

  test("a long ID is cut after 40 characters, with its length", () => {
    const id = `cn-hangzhou/i-bp1abc/sg-${"A".repeat(10_000)}`;
    expect(() => parseMembershipId(id)).toThrow(
      `Invalid SecurityGroupMembership ID "cn-hangzhou/i-bp1abc/sg-${"A".repeat(16)}…" (10024 characters): expected`,
    );
  });

  test("the ID is quoted as JSON, so invisible characters show", () => {
    expect(() => parseMembershipId("cn-hangzhou/i-1/sg-1\t")).toThrow(
      /^Invalid SecurityGroupMembership ID "cn-hangzhou\/i-1\/sg-1\\t": expected/,
    );
  });

  test("the example in the message is itself a valid ID", () => {
    let message = "";
    try {
      parseMembershipId("nonsense");
    } catch (error) {
      message = (error as Error).message;
    }
    const example = /e\.g\. "([^"]+)"/.exec(message)?.[1];
    expect(example).toBe("cn-hangzhou/i-bp1abc/sg-bp1def");
    expect(parseMembershipId(example!).securityGroupId).toBe("sg-bp1def");
  });
});
