import { checkForEngine, forEngine } from "../../../provider/schema/engine-failures";

const base = { securityGroupId: "sg-bp1abc", instanceId: "i-bp1def", regionId: "cn-hangzhou" };
const reason = "the reason, which names the property";

describe("forEngine: the engine names the property only where its echo of the value is faithful", () => {
  // prettier-ignore
  const cases: [string, Record<string, unknown>, string, string][] = [
    ["a short ASCII string", { instanceId: "i-Web 1" }, "instanceId", "instanceId"],
    ["a number", { securityGroupId: 42 }, "securityGroupId", "securityGroupId"],
    ["a boolean", { adoptExisting: true }, "adoptExisting", "adoptExisting"],
    ["a long string", { regionId: "x".repeat(5003) }, "regionId", ""],
    ["a Cyrillic letter", { securityGroupId: "sg-\u0430" }, "securityGroupId", ""],
    ["a zero-width space", { instanceId: "i-1\u200b" }, "instanceId", ""],
    ["a newline", { securityGroupId: "sg-1\n" }, "securityGroupId", ""],
    ["an array", { networkInterfaceId: ["eni-1"] }, "networkInterfaceId", ""],
    ["an object", { timeouts: { create: "1m1m" } }, "timeouts", ""],
    ["a missing property", {}, "securityGroupId", ""],
    ["a null property", { securityGroupId: null }, "securityGroupId", ""],
    ["a nested property", { timeouts: { create: "1ms" } }, "timeouts.create", ""],
    ["an odd property name", { "instanceId\u200b": "i-1" }, "instanceId\u200b", ""],
    ["an inherited name", {}, "constructor", ""],
  ];
  test.each(cases)("%s", (_name, news, property, expected) => {
    expect(forEngine([{ property, reason }], news)).toEqual([{ property: expected, reason }]);
  });
});

test("checkForEngine: check's inputs, and its failures as the engine gets them", () => {
  const news = { ...base, securityGroupId: `sg-${"a".repeat(9997)}`, instanceId: "i-BAD" };
  const result = checkForEngine(news, {});
  expect(result.inputs).toEqual(news);
  expect(result.failures).toEqual([
    { property: "", reason: expect.stringMatching(/^securityGroupId must be at most 64/) },
    { property: "instanceId", reason: expect.stringMatching(/^instanceId must be "i-"/) },
  ]);
  expect(checkForEngine(base, {}).failures).toEqual([]);
});
