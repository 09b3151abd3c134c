import { MAX_NONCES, NonceCache } from "../../../emulator/wire/nonce-cache";
import {
  acs3CanonicalRequest,
  acs3Signature,
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
  const SKEW = 500;

  it("refuses a nonce seen within twice the clock skew and accepts it after", () => {
    const cache = new NonceCache();
    expect(cache.remember("k", 0, SKEW)).toBe(true);
    expect(cache.remember("k", 999, SKEW)).toBe(false);
    expect(cache.remember("k", 1001, SKEW)).toBe(true);
  });

  it("follows a clock skew raised after the nonce was seen, and never forgets sooner when lowered", () => {
    const cache = new NonceCache();
    expect(cache.remember("a", 0, SKEW)).toBe(true);
    expect(cache.remember("b", 10, 60_000)).toBe(true);
    expect(cache.remember("a", 2500, 60_000)).toBe(false);
    expect(cache.remember("c", 3000, 10)).toBe(true);
    expect(cache.remember("a", 3000, 10)).toBe(false);
  });

  it("holds at most its capacity, forgetting the oldest first", () => {
    const cache = new NonceCache(3);
    for (const k of ["a", "b", "c", "d"]) expect(cache.remember(k, 0, SKEW)).toBe(true);
    expect(cache.size).toBe(3);
    expect(cache.remember("d", 1, SKEW)).toBe(false);
    expect(cache.remember("a", 1, SKEW)).toBe(true);
    expect(new NonceCache().capacity).toBe(MAX_NONCES);
  });

  it("drops expired nonces as time passes", () => {
    const cache = new NonceCache();
    for (let n = 0; n < 100; n++) cache.remember(`k${n}`, n, SKEW);
    cache.remember("late", 10_000, SKEW);
    expect(cache.size).toBe(1);
  });

  it("tells long nonces apart", () => {
    const cache = new NonceCache();
    const long = "n".repeat(100_000);
    expect(cache.remember(long, 0, SKEW)).toBe(true);
    expect(cache.remember(`${long}m`, 0, SKEW)).toBe(true);
    expect(cache.remember(long, 1, SKEW)).toBe(false);
  });
});
