import { ConfigError, resolveEndpoint } from "../../../provider/runtime/config";
import { readEnv, secretsIn } from "../../../provider/runtime/env";

test("defaults when nothing is set", () => {
  expect(readEnv({})).toEqual({
    region: undefined,
    endpointUrl: undefined,
    sdkTimeouts: { readTimeout: 10_000, connectTimeout: 5_000 },
    logEcsCalls: false,
    ownershipRecords: true,
    retiredAdoptSwitch: false,
  });
});

test("region: ALIBABA_CLOUD_REGION_ID before ALICLOUD_REGION, with its source", () => {
  expect(readEnv({ ALIBABA_CLOUD_REGION_ID: "cn-beijing", ALICLOUD_REGION: "x" }).region).toEqual({
    regionId: "cn-beijing",
    source: "env ALIBABA_CLOUD_REGION_ID",
  });
  expect(readEnv({ ALICLOUD_REGION: "eu-central-1" }).region).toEqual({
    regionId: "eu-central-1",
    source: "env ALICLOUD_REGION",
  });
});

test("the endpoint URL is kept as given: stack config may override it, so it is parsed when used", () => {
  expect(readEnv({ ALIBABA_CLOUD_ECS_ENDPOINT: "ftp://x" }).endpointUrl).toBe("ftp://x");
  expect(() =>
    resolveEndpoint({}, readEnv({ ALIBABA_CLOUD_ECS_ENDPOINT: "ftp://x" }).endpointUrl),
  ).toThrow(/env ALIBABA_CLOUD_ECS_ENDPOINT: use http:\/\/ or https:\/\//);
  const config = { endpoints: [{ ecs: "http://127.0.0.1:9" }] };
  expect(
    resolveEndpoint(config, readEnv({ ALIBABA_CLOUD_ECS_ENDPOINT: "ftp://x" }).endpointUrl),
  ).toEqual({
    host: "127.0.0.1:9",
    protocol: "http",
    source: "stack config alicloud:endpoints (ecs)",
  });
});

test.each([
  ["SG_MEMBERSHIP_READ_TIMEOUT_MS", "10s"],
  ["SG_MEMBERSHIP_READ_TIMEOUT_MS", "0"],
  ["SG_MEMBERSHIP_READ_TIMEOUT_MS", "-5"],
  ["SG_MEMBERSHIP_CONNECT_TIMEOUT_MS", "1.5"],
  ["SG_MEMBERSHIP_CONNECT_TIMEOUT_MS", "1e4"],
])("%s=%s fails at once, naming the variable and the form it takes", (name, value) => {
  let error: unknown;
  try {
    readEnv({ [name]: value });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).toBe(
    `env ${name} must be a whole number of milliseconds from 1 to 999999999 ` +
      `(e.g. ${name.includes("READ") ? 10000 : 5000}), not ${JSON.stringify(value)}.`,
  );
});

test.each([
  ["true", true],
  ["false", false],
  ["", true],
  [undefined, true],
])("SG_MEMBERSHIP_OWNERSHIP_RECORDS=%j is %s", (value, records) => {
  expect(readEnv({ SG_MEMBERSHIP_OWNERSHIP_RECORDS: value }).ownershipRecords).toBe(records);
});

test.each(["1", "no", "FALSE"])("SG_MEMBERSHIP_OWNERSHIP_RECORDS=%s is refused", (value) => {
  expect(() => readEnv({ SG_MEMBERSHIP_OWNERSHIP_RECORDS: value })).toThrow(
    `env SG_MEMBERSHIP_OWNERSHIP_RECORDS must be "true" or "false" (or unset), not "${value}".`,
  );
});

test.each([
  ["true", true],
  ["anything", true],
  ["", false],
])("SG_MEMBERSHIP_ADOPT_EXISTING=%j is noticed as retired: %s", (value, retired) => {
  expect(readEnv({ SG_MEMBERSHIP_ADOPT_EXISTING: value }).retiredAdoptSwitch).toBe(retired);
});

test("secretsIn names the secret values only, and never throws", () => {
  expect(
    secretsIn({
      ALIBABA_CLOUD_ACCESS_KEY_ID: "id",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "secret",
      ALIBABA_CLOUD_SECURITY_TOKEN: "token",
      ALIBABA_CLOUD_ECS_ENDPOINT: "ftp://bad",
    }),
  ).toEqual(["secret", "token"]);
});

test.each([
  ["true", true],
  ["false", false],
  ["", false],
])("SG_MEMBERSHIP_LOG_ECS_CALLS=%j is %s", (value, log) => {
  expect(readEnv({ SG_MEMBERSHIP_LOG_ECS_CALLS: value }).logEcsCalls).toBe(log);
});

test("SG_MEMBERSHIP_LOG_ECS_CALLS=1 is refused, naming the variable", () => {
  expect(() => readEnv({ SG_MEMBERSHIP_LOG_ECS_CALLS: "1" })).toThrow(
    'env SG_MEMBERSHIP_LOG_ECS_CALLS must be "true" or "false" (or unset), not "1".',
  );
});
