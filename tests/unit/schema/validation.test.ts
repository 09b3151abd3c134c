import { fallbackRegion, type StackConfig } from "../../../provider/runtime/config";
import { readEnv, type Env } from "../../../provider/runtime/env";
import { checkInputs } from "../../../provider/schema/validation";
import { UNKNOWN } from "../../../provider/schema/model";

/** The check context the runtime builds from stack config and env. */
const context = (config: StackConfig, env: Env) => ({
  regionFallback: fallbackRegion(config, readEnv(env).region),
});
const noEnv = context({}, {});
const base = { securityGroupId: "sg-bp1abc", instanceId: "i-bp1def", regionId: "cn-hangzhou" };

describe("check: every bad input fails, naming the property and what is wrong", () => {
  // prettier-ignore
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["missing group", { instanceId: "i-1", regionId: "cn-hangzhou" }, "securityGroupId", /securityGroupId is required/],
    ["null group", { ...base, securityGroupId: null }, "securityGroupId", /is required/],
    ["empty group", { ...base, securityGroupId: "" }, "securityGroupId", /must not be empty/],
    ["group is a number", { ...base, securityGroupId: 42 }, "securityGroupId", /must be a string, got number 42/],
    ["group has whitespace", { ...base, securityGroupId: " sg-bp1abc" }, "securityGroupId", /must not contain whitespace/],
    ["group has trailing newline", { ...base, securityGroupId: "sg-bp1abc\n" }, "securityGroupId", /whitespace/],
    ["group is an instance ID", { ...base, securityGroupId: "i-bp1abc" }, "securityGroupId", /must be a security group ID \("sg-…"\), got "i-bp1abc", which looks like an instance ID/],
    ["group uppercase", { ...base, securityGroupId: "sg-BP1ABC" }, "securityGroupId", /"sg-" followed by lowercase letters and digits/],
    ["group without prefix", { ...base, securityGroupId: "bp1abc" }, "securityGroupId", /"sg-" followed by/],
    ["group prefix only", { ...base, securityGroupId: "sg-" }, "securityGroupId", /"sg-" followed by/],
    ["neither target", { securityGroupId: "sg-1", regionId: "cn-hangzhou" }, "instanceId", /exactly one of instanceId or networkInterfaceId is required; neither/],
    ["both targets", { ...base, networkInterfaceId: "eni-1" }, "instanceId", /cannot both be set/],
    ["instance is an ENI ID", { ...base, instanceId: "eni-bp1abc" }, "instanceId", /must be an instance ID \("i-…"\).*looks like an ENI ID/],
    ["instance is a group ID", { ...base, instanceId: "sg-bp1abc" }, "instanceId", /looks like a security group ID/],
    ["instance empty", { ...base, instanceId: "" }, "instanceId", /must not be empty/],
    ["instance is a number", { ...base, instanceId: 7 }, "instanceId", /must be a string, got number/],
    ["instance has symbols", { ...base, instanceId: "i-bp1_abc" }, "instanceId", /"i-" followed by lowercase/],
    ["ENI is an instance ID", { securityGroupId: "sg-1", networkInterfaceId: "i-bp1abc", regionId: "cn-hangzhou" }, "networkInterfaceId", /must be an ENI ID \("eni-…"\).*looks like an instance ID/],
    ["ENI with whitespace", { securityGroupId: "sg-1", networkInterfaceId: "eni-a b", regionId: "cn-hangzhou" }, "networkInterfaceId", /whitespace/],
    ["ENI is an array", { securityGroupId: "sg-1", networkInterfaceId: ["eni-1"], regionId: "cn-hangzhou" }, "networkInterfaceId", /must be a string, got array/],
    ["region uppercase", { ...base, regionId: "CN-HANGZHOU" }, "regionId", /lowercase letters, digits and hyphens like "cn-hangzhou"/],
    ["region without hyphen", { ...base, regionId: "hangzhou" }, "regionId", /like "cn-hangzhou"/],
    ["region with whitespace", { ...base, regionId: "cn-hangzhou " }, "regionId", /whitespace/],
    ["region is a number", { ...base, regionId: 1 }, "regionId", /must be a string/],
    ["region empty", { ...base, regionId: "" }, "regionId", /must not be empty/],
    ["no region anywhere", { securityGroupId: "sg-1", instanceId: "i-1" }, "regionId", /no region: set regionId, or stack config alicloud:region.*ALIBABA_CLOUD_REGION_ID/],
    ["typo instanceID", { ...base, instanceId: undefined, instanceID: "i-1" }, "instanceID", /unknown property "instanceID" \(did you mean instanceId\?\)/],
    ["typo securityGroupID", { ...base, securityGroupID: "sg-2" }, "securityGroupID", /did you mean securityGroupId\?/],
    ["typo adoptExsiting", { ...base, adoptExsiting: true }, "adoptExsiting", /did you mean adoptExisting\?/],
    ["unrelated property", { ...base, colour: "blue" }, "colour", /unknown property "colour"; known: securityGroupId/],
    ["output set as input", { ...base, adopted: true }, "adopted", /is an output and cannot be set/],
    ["adoptExisting as string", { ...base, adoptExisting: "true" }, "adoptExisting", /must be a boolean \(true or false\), got "true"/],
    ["adoptExisting as number", { ...base, adoptExisting: 1 }, "adoptExisting", /must be a boolean/],
    ["timeouts not an object", { ...base, timeouts: "5m" }, "timeouts", /must be an object like \{ create: "5m"/],
    ["timeouts an array", { ...base, timeouts: ["5m"] }, "timeouts", /got array/],
    ["unknown timeout key", { ...base, timeouts: { update: "5m" } }, "timeouts.update", /unknown timeout "update".*known: create, read, delete/],
    ["misspelt timeout key", { ...base, timeouts: { delet: "5m" } }, "timeouts.delet", /did you mean delete\?/],
    ["timeout not a duration", { ...base, timeouts: { create: "five minutes" } }, "timeouts.create", /duration string like "5m", "90s", "1h"/],
    ["timeout a number", { ...base, timeouts: { create: 300 } }, "timeouts.create", /duration string.*got number 300/],
    ["timeout without unit", { ...base, timeouts: { delete: "10" } }, "timeouts.delete", /duration string/],
    ["timeout zero", { ...base, timeouts: { read: "0s" } }, "timeouts.read", /must be at least 1s/],
    ["timeout too long", { ...base, timeouts: { create: "25h" } }, "timeouts.create", /at most 24h/],
    // Issue #12, "Errors a user reads": what a hostile tester got through, or read badly.
    ["id as an input (the SDK drops it before check; named if it comes)", { ...base, id: "x" }, "id", /^unknown property "id"; known: securityGroupId, instanceId/],
    ["urn as an input", { ...base, urn: "x" }, "urn", /^unknown property "urn"/],
    ["region of 5,003 characters", { ...base, regionId: `cn-${"a".repeat(5000)}` }, "regionId", /^regionId must be at most 32 characters, got "cn-a{37}…" \(5003 characters\)$/],
    ["region of 33 characters", { ...base, regionId: `cn-${"a".repeat(30)}` }, "regionId", /at most 32 characters/],
    ["group ID of 10,000 characters", { ...base, securityGroupId: `sg-${"a".repeat(9997)}` }, "securityGroupId", /^securityGroupId must be at most 64 characters, got "sg-a{37}…" \(10000 characters\)$/],
    ["instance ID of 65 characters", { ...base, instanceId: `i-${"a".repeat(63)}` }, "instanceId", /^instanceId must be at most 64 characters, got "i-a{38}…" \(65 characters\)$/],
    ["ENI ID of 65 characters", { securityGroupId: "sg-1", networkInterfaceId: `eni-${"a".repeat(61)}`, regionId: "cn-hangzhou" }, "networkInterfaceId", /at most 64 characters/],
    ["long ID with whitespace: the cap first, cut", { ...base, securityGroupId: `sg-${" ".repeat(9997)}` }, "securityGroupId", /^securityGroupId must be at most 64 characters, got "sg- {37}…" \(10000 characters\)$/],
    ["timeout of 33 characters", { ...base, timeouts: { create: `${"0".repeat(31)}1s` } }, "timeouts.create", /^timeouts.create must be at most 32 characters, got "0{31}1s"$/],
    ["owner of 4,097 characters", { ...base, owner: `urn:pulumi:s::p::t::${"n".repeat(4077)}` }, "owner", /at most 4096 characters, got "urn:pulumi:s::p::t::n{20}…" \(4097 characters\)$/],
    ["long unknown property name, cut", { ...base, [`x${"y".repeat(99)}`]: 1 }, `x${"y".repeat(99)}`, /^unknown property "xy{39}…" \(100 characters\); known:/],
    ["long value of the wrong type, cut", { ...base, instanceId: Array.from({ length: 1000 }, () => "i-1") }, "instanceId", /^instanceId must be a string, got array \["i-1","i-1",.{27}… \(6001 characters\)$/],
    ["Cyrillic а in the group", { ...base, securityGroupId: "sg-bp1\u0430bc" }, "securityGroupId", /^securityGroupId must be "sg-" followed by lowercase letters and digits \(e\.g\. "sg-bp1abc"\), got "sg-bp1\\u0430bc" \(\\u0430 at character 7 is not printable ASCII\)$/],
    ["zero-width space in the instance", { ...base, instanceId: "i-bp1abc\u200b" }, "instanceId", /got "i-bp1abc\\u200b" \(\\u200b at character 9 is not printable ASCII\)$/],
    ["zero-width space in the ENI", { securityGroupId: "sg-1", networkInterfaceId: "\u200beni-bp1abc", regionId: "cn-hangzhou" }, "networkInterfaceId", /got "\\u200beni-bp1abc" \(\\u200b at character 1/],
    ["Cyrillic а in the region", { ...base, regionId: "cn-h\u0430ngzhou" }, "regionId", /got "cn-h\\u0430ngzhou" \(\\u0430 at character 5 is not printable ASCII\)$/],
    ["no-break space in the group", { ...base, securityGroupId: "sg-\u00a0bp1abc" }, "securityGroupId", /^securityGroupId must not contain whitespace, got "sg-\\u00a0bp1abc"$/],
    ["byte-order mark in the region", { ...base, regionId: "\ufeffcn-hangzhou" }, "regionId", /whitespace, got "\\ufeffcn-hangzhou"$/],
    ["zero-width space in an unknown property name", { ...base, ["instanceId\u200b"]: "i-2" }, "instanceId\u200b", /^unknown property "instanceId\\u200b" \(did you mean instanceId\?\)/],
    ["unicode in a timeout", { ...base, timeouts: { create: "5\u043c" } }, "timeouts.create", /got "5\\u043c" \(\\u043c at character 2 is not printable ASCII\)$/],
    ["timeout with a repeated unit", { ...base, timeouts: { create: "1m1m1m" } }, "timeouts.create", /^timeouts.create must give each unit at most once, in the order h, m, s, ms \(e\.g\. "1h30m", "2m30s"\), got "1m1m1m"$/],
    ["timeout with units out of order", { ...base, timeouts: { delete: "30s1m" } }, "timeouts.delete", /each unit at most once, in the order h, m, s, ms/],
    ["timeout of 1ms", { ...base, timeouts: { read: "1ms" } }, "timeouts.read", /^timeouts.read must be at least 1s \(a shorter deadline ends before one ECS request is answered\), got "1ms"$/],
    ["timeout of 999ms", { ...base, timeouts: { create: "999ms" } }, "timeouts.create", /at least 1s/],
  ];

  test.each(cases)("%s", (_name, news, property, reason) => {
    const { failures } = checkInputs(news, noEnv);
    const failure = failures.find((f) => f.property === property);
    expect(failure).toBeDefined();
    expect(failure!.reason).toMatch(reason);
  });

  test("the table has at least 20 cases", () => expect(cases.length).toBeGreaterThanOrEqual(20));

  test("no reason is long, however long the value", () => {
    for (const [, news] of cases) {
      for (const failure of checkInputs(news, noEnv).failures)
        expect(failure.reason.length).toBeLessThan(400);
    }
  });

  test("a too long region from config is cut and names its source", () => {
    const { failures } = checkInputs(
      { securityGroupId: "sg-1", instanceId: "i-1" },
      context({}, { ALIBABA_CLOUD_REGION_ID: `cn-${"x".repeat(5000)}` }),
    );
    expect(failures).toEqual([
      {
        property: "regionId",
        reason:
          `the region from env ALIBABA_CLOUD_REGION_ID must be at most 32 characters, ` +
          `got "cn-${"x".repeat(37)}…" (5003 characters)`,
      },
    ]);
  });

  test("a bad region from config names its source", () => {
    const { failures } = checkInputs(
      { securityGroupId: "sg-1", instanceId: "i-1" },
      context({ region: "Hangzhou" }, {}),
    );
    expect(failures).toEqual([
      {
        property: "regionId",
        reason: expect.stringMatching(/the region from stack config alicloud:region/),
      },
    ]);
  });

  test("several problems are all reported", () => {
    const { failures } = checkInputs(
      { securityGroupId: 1, regionId: "X", instanceID: "i-1" },
      noEnv,
    );
    expect(failures.map((f) => f.property).sort()).toEqual(
      ["instanceID", "instanceId", "regionId", "securityGroupId"].sort(),
    );
  });
});

describe("check: good inputs", () => {
  test.each([
    ["instance", base],
    [
      "ENI",
      { securityGroupId: "sg-1", networkInterfaceId: "eni-bp1x", regionId: "ap-southeast-1" },
    ],
    ["durations", { ...base, timeouts: { create: "1m30s", read: "90s", delete: "1h" } }],
    ["milliseconds", { ...base, timeouts: { create: "1500ms", read: "1s500ms" } }],
    ["the shortest timeout", { ...base, timeouts: { create: "1s", read: "1000ms" } }],
    [
      "IDs of 64 characters",
      { ...base, securityGroupId: `sg-${"a".repeat(61)}`, instanceId: `i-${"b".repeat(62)}` },
    ],
    ["a region of 32 characters", { ...base, regionId: `cn-${"a".repeat(29)}` }],
    [
      "null instanceId with an ENI (null is not given)",
      {
        securityGroupId: "sg-1",
        instanceId: null,
        networkInterfaceId: "eni-bp1x",
        regionId: "cn-hangzhou",
      },
    ],
    ["adoptExisting", { ...base, adoptExisting: true }],
    [
      "null optional fields",
      { ...base, networkInterfaceId: null, adoptExisting: null, timeouts: null },
    ],
  ])("%s passes", (_name, news) => {
    expect(checkInputs(news, noEnv).failures).toEqual([]);
  });

  test("normalizes: defaults applied, region resolved, __provider kept, nulls dropped", () => {
    const { inputs, failures } = checkInputs(
      { securityGroupId: "sg-1", instanceId: "i-1", networkInterfaceId: null, __provider: "CODE" },
      context({}, { ALICLOUD_REGION: "cn-beijing" }),
    );
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      securityGroupId: "sg-1",
      instanceId: "i-1",
      regionId: "cn-beijing",
      adoptExisting: false,
      __provider: "CODE",
    });
  });

  test.each([
    [
      "input wins",
      { regionId: "cn-shanghai" },
      { region: "cn-beijing" },
      { ALIBABA_CLOUD_REGION_ID: "us-west-1" },
      "cn-shanghai",
    ],
    [
      "config before env",
      {},
      { region: "cn-beijing" },
      { ALIBABA_CLOUD_REGION_ID: "us-west-1" },
      "cn-beijing",
    ],
    [
      "ALIBABA_CLOUD_REGION_ID before ALICLOUD_REGION",
      {},
      {},
      { ALIBABA_CLOUD_REGION_ID: "us-west-1", ALICLOUD_REGION: "eu-central-1" },
      "us-west-1",
    ],
    ["ALICLOUD_REGION last", {}, {}, { ALICLOUD_REGION: "eu-central-1" }, "eu-central-1"],
  ])("region: %s", (_name, input, config, env, expected) => {
    const { inputs } = checkInputs(
      { securityGroupId: "sg-1", instanceId: "i-1", ...input },
      context(config, env),
    );
    expect(inputs.regionId).toBe(expected);
  });

  test("timeouts are kept as given, only known keys", () => {
    const { inputs } = checkInputs({ ...base, timeouts: { delete: "2m", create: null } }, noEnv);
    expect(inputs.timeouts).toEqual({ delete: "2m" });
  });
});

describe("check: unknown values (preview) pass through", () => {
  test.each([
    ["group", { ...base, securityGroupId: UNKNOWN }],
    ["instance", { ...base, instanceId: UNKNOWN }],
    ["ENI", { securityGroupId: "sg-1", networkInterfaceId: UNKNOWN, regionId: "cn-hangzhou" }],
    ["region", { ...base, regionId: UNKNOWN }],
    ["adoptExisting", { ...base, adoptExisting: UNKNOWN }],
    ["whole timeouts", { ...base, timeouts: UNKNOWN }],
    ["one timeout", { ...base, timeouts: { create: UNKNOWN } }],
  ])("%s", (_name, news) => {
    const { inputs, failures } = checkInputs(news, noEnv);
    expect(failures).toEqual([]);
    for (const [key, value] of Object.entries(news)) expect(inputs[key]).toEqual(value);
  });

  test("an unknown target still counts as given", () => {
    const { failures } = checkInputs({ ...base, networkInterfaceId: UNKNOWN }, noEnv);
    expect(failures[0].reason).toMatch(/cannot both be set/);
  });
});
