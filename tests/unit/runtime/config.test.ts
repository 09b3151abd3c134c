import {
  ConfigError,
  parseEndpoint,
  readStackConfig,
  resolveCredentials,
  resolveEndpoint,
} from "../../../provider/runtime/config";
import { readEnv } from "../../../provider/runtime/env";

const fromEnv = (env: Record<string, string>) => readEnv(env).endpointUrl;

describe("endpoint", () => {
  // prettier-ignore
  const good: [string, string, "http" | "https"][] = [
    ["http://127.0.0.1:8080", "127.0.0.1:8080", "http"],
    ["http://127.1.2.3:9", "127.1.2.3:9", "http"],
    ["http://localhost:8080", "localhost:8080", "http"],
    ["http://[::1]:8080", "[::1]:8080", "http"],
    ["https://ecs.example.com", "ecs.example.com", "https"],
    ["ecs-cn-hangzhou.aliyuncs.com", "ecs-cn-hangzhou.aliyuncs.com", "https"],
    ["https://ecs.example.com:8443/", "ecs.example.com:8443", "https"],
  ];
  test.each(good)("%s -> host %s over %s", (value, host, protocol) => {
    expect(parseEndpoint(value, "test")).toEqual({ host, protocol, source: "test" });
  });

  test.each(["http://10.0.0.5:8080", "http://ecs.example.com", "http://128.0.0.1"])(
    "plain HTTP to %s is refused",
    (value) => {
      expect(() => parseEndpoint(value, "env ALIBABA_CLOUD_ECS_ENDPOINT")).toThrow(
        /Refusing plain HTTP to .* \(ECS endpoint from env ALIBABA_CLOUD_ECS_ENDPOINT\).*loopback/,
      );
    },
  );

  test.each(["ftp://x", "http://127.0.0.1:1/path", "http://u:p@127.0.0.1:1"])(
    "%s is invalid",
    (value) => {
      expect(() => parseEndpoint(value, "t")).toThrow(ConfigError);
    },
  );

  test("stack config alicloud:endpoints (the ecs entry) wins over env", () => {
    const config = {
      endpoints: JSON.stringify([{ vpc: "https://vpc.x" }, { ecs: "http://127.0.0.1:1" }]),
    };
    const env = { ALIBABA_CLOUD_ECS_ENDPOINT: "http://127.0.0.1:2" };
    expect(resolveEndpoint(config, fromEnv(env))?.host).toBe("127.0.0.1:1");
    expect(resolveEndpoint({}, fromEnv(env))?.host).toBe("127.0.0.1:2");
    expect(resolveEndpoint({ endpoints: [{ ecs: "https://e.x" }] }, fromEnv({}))?.host).toBe("e.x");
    expect(resolveEndpoint({}, fromEnv({}))).toBeUndefined();
  });

  test("alicloud:endpoints that is not JSON fails clearly", () => {
    expect(() => resolveEndpoint({ endpoints: "ecs=x" }, fromEnv({}))).toThrow(
      /alicloud:endpoints is not JSON/,
    );
  });
});

describe("credentials", () => {
  test("stack config key and secret", () => {
    expect(resolveCredentials({ accessKey: "AK", secretKey: "SK", securityToken: "T" })).toEqual({
      kind: "static",
      accessKeyId: "AK",
      accessKeySecret: "SK",
      securityToken: "T",
    });
  });
  test("else the default chain", () =>
    expect(resolveCredentials({})).toEqual({ kind: "default-chain" }));
  test("half a pair is an error that names the missing key and shows no value", () => {
    expect(() => resolveCredentials({ accessKey: "AKVALUE" })).toThrow(/alicloud:secretKey is not/);
    try {
      resolveCredentials({ secretKey: "SECRETVALUE" });
    } catch (e) {
      expect(String(e)).not.toContain("SECRETVALUE");
    }
  });
});

test("readStackConfig reads the alicloud keys and ignores empty ones", () => {
  const raw: Record<string, unknown> = {
    "alicloud:region": "cn-hangzhou",
    "alicloud:accessKey": "",
    "alicloud:endpoints": "[]",
  };
  expect(readStackConfig((k) => raw[k])).toEqual({ region: "cn-hangzhou", endpoints: "[]" });
});

test("SDK timeouts: documented defaults, env overrides", () => {
  expect(readEnv({}).sdkTimeouts).toEqual({ readTimeout: 10_000, connectTimeout: 5_000 });
  expect(
    readEnv({ SG_MEMBERSHIP_READ_TIMEOUT_MS: "250", SG_MEMBERSHIP_CONNECT_TIMEOUT_MS: "" })
      .sdkTimeouts,
  ).toEqual({ readTimeout: 250, connectTimeout: 5_000 });
});
