import { diffMembership } from "../../../provider/schema/diff";
import { UNKNOWN } from "../../../provider/schema/model";

const olds = {
  securityGroupId: "sg-1",
  instanceId: "i-1",
  networkInterfaceId: null,
  regionId: "cn-hangzhou",
  adoptExisting: false,
  timeouts: null,
  targetKind: "instance",
  targetId: "i-1",
  adopted: false,
  targetSecurityGroupIds: ["sg-0", "sg-1"],
  __provider: "CODE-1",
};
const news = {
  securityGroupId: "sg-1",
  instanceId: "i-1",
  regionId: "cn-hangzhou",
  adoptExisting: false,
  __provider: "CODE-1",
};

describe("diff", () => {
  // prettier-ignore
  const cases: [string, Record<string, unknown>, { changes: boolean; replaces?: string[] }][] = [
    ["no change", {}, { changes: false }],
    ["absent adoptExisting equals false", { adoptExisting: undefined }, { changes: false }],
    ["empty timeouts equal none", { timeouts: {} }, { changes: false }],
    ["group changes: replace", { securityGroupId: "sg-2" }, { changes: true, replaces: ["securityGroupId"] }],
    ["instance changes: replace", { instanceId: "i-2" }, { changes: true, replaces: ["instanceId"] }],
    ["instance to ENI: replace both", { instanceId: undefined, networkInterfaceId: "eni-1" }, { changes: true, replaces: ["instanceId", "networkInterfaceId"] }],
    ["region changes: replace", { regionId: "cn-beijing" }, { changes: true, replaces: ["regionId"] }],
    ["unknown group: replace", { securityGroupId: UNKNOWN }, { changes: true, replaces: ["securityGroupId"] }],
    ["unknown instance: replace", { instanceId: UNKNOWN }, { changes: true, replaces: ["instanceId"] }],
    ["unknown region: replace", { regionId: UNKNOWN }, { changes: true, replaces: ["regionId"] }],
    ["adoptExisting only: update", { adoptExisting: true }, { changes: true }],
    ["timeouts only: update", { timeouts: { create: "5m" } }, { changes: true }],
    ["unknown timeouts: update", { timeouts: UNKNOWN }, { changes: true }],
    ["unknown adoptExisting: update", { adoptExisting: UNKNOWN }, { changes: true }],
    ["__provider only: update, so the stored shim is refreshed", { __provider: "CODE-2" }, { changes: true }],
    ["identity and settings: replace", { securityGroupId: "sg-2", adoptExisting: true }, { changes: true, replaces: ["securityGroupId"] }],
  ];

  test.each(cases)("%s", (_name, change, expected) => {
    const result = diffMembership(olds, { ...news, ...change });
    expect(result).toEqual(expected);
    expect(result).not.toHaveProperty("deleteBeforeReplace");
  });

  test("timeouts compare by content, not key order", () => {
    const result = diffMembership(
      { ...olds, timeouts: { create: "5m", delete: "1m" } },
      { ...news, timeouts: { delete: "1m", create: "5m" } },
    );
    expect(result).toEqual({ changes: false });
  });
});
