/** Wire edge cases with hand-built requests: tampering, replay, clocks, missing parts, RPC forms. */
import {
  DEFAULT_IDS as ids,
  DEFAULT_STS,
  type RunningEmulator,
  startEmulator,
} from "../../../emulator";
import { acs3Request, rpcRequest, send } from "../../helpers/raw-request";

let emulator: RunningEmulator;
let host: string;
beforeAll(async () => {
  emulator = await startEmulator();
  host = emulator.endpoint;
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

const describeParams = { RegionId: ids.region, InstanceIds: JSON.stringify([ids.web1]) };
const TWENTY_MINUTES = 20 * 60 * 1000;

function expectError(res: Awaited<ReturnType<typeof send>>, code: string, status: number) {
  expect({ status: res.status, code: res.json.Code }).toEqual({ status, code });
  expect(res.json).toEqual(
    expect.objectContaining({
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      Message: expect.any(String),
      HostId: host,
    }),
  );
  expect(res.headers["content-type"]).toBe("application/json;charset=utf-8");
}

describe("ACS3-HMAC-SHA256 requests", () => {
  it("a well-signed request succeeds", async () => {
    const res = await send(
      emulator.port,
      acs3Request({ host, action: "DescribeInstances", params: describeParams }),
    );
    expect(res.status).toBe(200);
    expect((res.json.Instances as { Instance: unknown[] }).Instance).toHaveLength(1);
  });

  it("a tampered query parameter fails the signature", async () => {
    const raw = acs3Request({ host, action: "DescribeInstances", params: describeParams });
    raw.path = raw.path.replace(ids.web1, ids.web2);
    expectError(await send(emulator.port, raw), "SignatureDoesNotMatch", 400);
  });

  it("a tampered signed header fails the signature", async () => {
    const raw = acs3Request({ host, action: "DescribeInstances", params: describeParams });
    raw.headers["x-acs-action"] = "DescribeSecurityGroups";
    expectError(await send(emulator.port, raw), "SignatureDoesNotMatch", 400);
  });

  it("a body that does not match its signed hash fails the signature", async () => {
    const raw = acs3Request({ host, action: "DescribeInstances", params: describeParams });
    raw.body = "RegionId=cn-beijing";
    raw.headers["content-type"] = "application/x-www-form-urlencoded";
    expectError(await send(emulator.port, raw), "SignatureDoesNotMatch", 400);
  });

  it("a replayed request is refused the second time", async () => {
    const raw = acs3Request({ host, action: "DescribeInstances", params: describeParams });
    expect((await send(emulator.port, raw)).status).toBe(200);
    expectError(await send(emulator.port, raw), "SignatureNonceUsed", 400);
  });

  it("a date more than 15 minutes off is expired, past or future", async () => {
    for (const offset of [-TWENTY_MINUTES, TWENTY_MINUTES]) {
      const raw = acs3Request({
        host,
        action: "DescribeInstances",
        params: describeParams,
        dateMs: Date.now() + offset,
      });
      expectError(await send(emulator.port, raw), "InvalidTimeStamp.Expired", 400);
    }
    const within = acs3Request({
      host,
      action: "DescribeInstances",
      params: describeParams,
      dateMs: Date.now() - 10 * 60 * 1000,
    });
    expect((await send(emulator.port, within)).status).toBe(200);
  });

  it("a malformed date is refused", async () => {
    const raw = acs3Request({ host, action: "DescribeInstances", params: describeParams });
    raw.headers["x-acs-date"] = "yesterday";
    expectError(await send(emulator.port, raw), "InvalidTimeStamp.Format", 400);
  });

  it("missing signature parts are an incomplete signature; no Authorization at all, no key", async () => {
    const noSignature = acs3Request({ host, action: "DescribeInstances", params: describeParams });
    noSignature.headers.authorization = noSignature.headers.authorization.replace(
      /,Signature=\w+/,
      "",
    );
    expectError(await send(emulator.port, noSignature), "IncompleteSignature", 400);
    const noNonce = acs3Request({ host, action: "DescribeInstances", params: describeParams });
    delete noNonce.headers["x-acs-signature-nonce"];
    expectError(await send(emulator.port, noNonce), "IncompleteSignature", 400);
    const unsigned = acs3Request({ host, action: "DescribeInstances", params: describeParams });
    delete unsigned.headers.authorization;
    expectError(await send(emulator.port, unsigned), "MissingAccessKeyId", 400);
  });

  it("an unknown action or API version is not found", async () => {
    expectError(
      await send(emulator.port, acs3Request({ host, action: "DescribeUnicorns" })),
      "InvalidAction.NotFound",
      404,
    );
    const oldVersion = acs3Request({
      host,
      action: "DescribeInstances",
      params: describeParams,
      version: "2013-01-10",
    });
    expectError(await send(emulator.port, oldVersion), "InvalidAction.NotFound", 404);
  });

  it("an unknown key is not found", async () => {
    const raw = acs3Request({
      host,
      action: "DescribeInstances",
      params: describeParams,
      accessKeyId: "LTAInobody",
    });
    expectError(await send(emulator.port, raw), "InvalidAccessKeyId.NotFound", 404);
  });

  it("an STS key needs its security token", async () => {
    const sts = { accessKeyId: DEFAULT_STS.accessKeyId, secret: DEFAULT_STS.accessKeySecret };
    const without = acs3Request({
      host,
      action: "DescribeInstances",
      params: describeParams,
      ...sts,
    });
    expectError(await send(emulator.port, without), "MissingSecurityToken", 400);
    const withToken = acs3Request({
      host,
      action: "DescribeInstances",
      params: describeParams,
      ...sts,
      securityToken: DEFAULT_STS.securityToken,
    });
    expect((await send(emulator.port, withToken)).status).toBe(200);
  });

  it("missing and malformed parameters name the parameter", async () => {
    const noGroup = await send(
      emulator.port,
      acs3Request({ host, action: "JoinSecurityGroup", params: { InstanceId: ids.web1 } }),
    );
    expectError(noGroup, "MissingParameter", 400);
    expect(noGroup.json.Message).toContain('"SecurityGroupId"');
    const malformed = await send(
      emulator.port,
      acs3Request({
        host,
        action: "JoinSecurityGroup",
        params: { InstanceId: "i-BAD!", SecurityGroupId: ids.appGroup },
      }),
    );
    expectError(malformed, "InvalidInstanceId.Malformed", 400);
  });

  it("an HTTP method other than GET or POST is refused", async () => {
    const raw = acs3Request({ host, action: "DescribeInstances", params: describeParams });
    raw.method = "PUT";
    expectError(await send(emulator.port, raw), "UnsupportedHTTPMethod", 400);
  });
});

describe("RPC HMAC-SHA1 requests (aliyun CLI and Go SDK style)", () => {
  it("GET with every parameter in the query works", async () => {
    const res = await send(
      emulator.port,
      rpcRequest({ host, action: "DescribeInstances", params: describeParams }),
    );
    expect(res.status).toBe(200);
    expect(res.json.TotalCount).toBe(1);
  });

  it("POST with a form body works, spaces encoded as +", async () => {
    const res = await send(
      emulator.port,
      rpcRequest({
        host,
        action: "DescribeInstances",
        method: "POST",
        inBody: true,
        params: { ...describeParams, InstanceName: "web 1*" },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.json.TotalCount).toBe(0);
  });

  it("a write through the CLI form changes the world", async () => {
    const res = await send(
      emulator.port,
      rpcRequest({
        host,
        action: "JoinSecurityGroup",
        params: { InstanceId: ids.web3, SecurityGroupId: ids.opsGroup },
      }),
    );
    expect(res.status).toBe(200);
    const world = await emulator.control.state();
    const eni = world.networkInterfaces.find(
      (e) => e.instanceId === ids.web3 && e.type === "Primary",
    )!;
    expect(eni.securityGroupIds).toEqual([ids.webGroup, ids.opsGroup]);
  });

  it("tampered, replayed, expired and unsigned requests are refused", async () => {
    const tampered = rpcRequest({ host, action: "DescribeInstances", params: describeParams });
    tampered.path = tampered.path.replace("DescribeInstances", "DescribeSecurityGroups");
    expectError(await send(emulator.port, tampered), "SignatureDoesNotMatch", 400);
    const replayed = rpcRequest({ host, action: "DescribeInstances", params: describeParams });
    await send(emulator.port, replayed);
    expectError(await send(emulator.port, replayed), "SignatureNonceUsed", 400);
    const expired = rpcRequest({
      host,
      action: "DescribeInstances",
      params: describeParams,
      dateMs: Date.now() - TWENTY_MINUTES,
    });
    expectError(await send(emulator.port, expired), "InvalidTimeStamp.Expired", 400);
    const noNonce = rpcRequest({ host, action: "DescribeInstances", params: describeParams });
    noNonce.path = noNonce.path.replace(/&SignatureNonce=\w+/, "");
    expectError(await send(emulator.port, noNonce), "MissingSignatureNonce", 400);
  });

  it("Format=XML answers XML", async () => {
    const xml = await send(
      emulator.port,
      rpcRequest({
        host,
        action: "DescribeSecurityGroups",
        params: { RegionId: ids.region, SecurityGroupId: ids.webGroup, Format: "XML" },
      }),
    );
    expect(xml.headers["content-type"]).toBe("text/xml;charset=utf-8");
    expect(xml.text).toContain(`<SecurityGroupId>${ids.webGroup}</SecurityGroupId>`);
    expect(xml.text).toMatch(/^<\?xml[^>]*><DescribeSecurityGroupsResponse>/);
  });
});
