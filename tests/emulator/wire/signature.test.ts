import {
  acs3CanonicalRequest,
  acs3Signature,
  NonceCache,
  percentEncode,
  rpcSignature,
} from "../../../emulator/wire/signature";

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("ACS3-HMAC-SHA256", () => {
  // Test vector from reference/ecs-api.md 1.3, made with the SDK's own getAuthorization.
  const request = {
    method: "POST",
    pathname: "/",
    query: {
      InstanceId: "i-bp67acfmxazb4p****",
      SecurityGroupId: "sg-bp67acfmxazb4p****",
      RegionId: "cn-hangzhou",
    },
    form: {},
    headers: {
      host: "ecs.cn-hangzhou.aliyuncs.com",
      "x-acs-action": "JoinSecurityGroup",
      "x-acs-version": "2014-05-26",
      "x-acs-date": "2025-01-01T00:00:00Z",
      "x-acs-signature-nonce": "0123456789abcdef",
      "x-acs-content-sha256": EMPTY_SHA256,
    },
    body: Buffer.alloc(0),
  };
  const signed = [
    "host",
    "x-acs-action",
    "x-acs-content-sha256",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-version",
  ];

  it("builds the canonical request of the reference vector", () => {
    expect(acs3CanonicalRequest(request, signed, EMPTY_SHA256)).toBe(
      [
        "POST",
        "/",
        "InstanceId=i-bp67acfmxazb4p%2A%2A%2A%2A&RegionId=cn-hangzhou&SecurityGroupId=sg-bp67acfmxazb4p%2A%2A%2A%2A",
        "host:ecs.cn-hangzhou.aliyuncs.com",
        "x-acs-action:JoinSecurityGroup",
        `x-acs-content-sha256:${EMPTY_SHA256}`,
        "x-acs-date:2025-01-01T00:00:00Z",
        "x-acs-signature-nonce:0123456789abcdef",
        "x-acs-version:2014-05-26",
        "",
        signed.join(";"),
        EMPTY_SHA256,
      ].join("\n"),
    );
  });

  it("signs the reference vector", () => {
    const canonical = acs3CanonicalRequest(request, signed, EMPTY_SHA256);
    expect(acs3Signature(canonical, "testsecret")).toBe(
      "f9ae391e1298099c9ec41032414393567b8116a46bbad7239d26f0d3d8970f02",
    );
  });
});

describe("RPC HMAC-SHA1", () => {
  it("signs the documented DescribeRegions vector", () => {
    const params = {
      AccessKeyId: "testid",
      Action: "DescribeRegions",
      Format: "XML",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
      SignatureVersion: "1.0",
      Timestamp: "2016-02-23T12:46:24Z",
      Version: "2014-05-26",
    };
    expect(rpcSignature("GET", params, "testsecret")).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  });
});

describe("percentEncode", () => {
  it.each([
    ["a b", "a%20b"],
    ["a+b", "a%2Bb"],
    ["*", "%2A"],
    ["~", "~"],
    ["!'()", "%21%27%28%29"],
    ['["i-1"]', "%5B%22i-1%22%5D"],
  ])("encodes %p as %p", (raw, encoded) => {
    expect(percentEncode(raw)).toBe(encoded);
  });
});

describe("NonceCache", () => {
  it("refuses a nonce seen within its lifetime and accepts it after", () => {
    const cache = new NonceCache(1000);
    expect(cache.remember("k", 0)).toBe(true);
    expect(cache.remember("k", 999)).toBe(false);
    expect(cache.remember("k", 1001)).toBe(true);
  });
});
