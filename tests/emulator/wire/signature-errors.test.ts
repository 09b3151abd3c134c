/**
 * What the gateway says when a signature fails: the server's string to sign in the form SDKs parse,
 * `Missing<Parameter>` for an incomplete RPC request, and a replay window that follows the config.
 */
import { createHmac } from "node:crypto";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../../emulator";
import { acs3Request, type RawRequest, rpcRequest, send } from "../../helpers/raw-request";

let emulator: RunningEmulator;
let host: string;
beforeAll(async () => {
  emulator = await startEmulator();
  host = emulator.endpoint;
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

const describeParams = { RegionId: ids.region, InstanceIds: JSON.stringify([ids.web1]) };
/** aliyun/alibaba-cloud-sdk-go sdk/errors/signature_does_not_match_wrapper.go, `MessagePrefix`. */
const GO_SDK_PREFIX =
  "Specified signature is not matched with our calculation. server string to sign is:";

async function refusal(raw: RawRequest) {
  const res = await send(emulator.port, raw);
  return { status: res.status, code: res.json.Code, message: String(res.json.Message) };
}

describe("SignatureDoesNotMatch", () => {
  it("RPC: the Go SDK's prefix, then exactly the string the client signed", async () => {
    const raw = rpcRequest({ host, action: "DescribeInstances", params: describeParams });
    const signature = new URLSearchParams(raw.path.slice(2)).get("Signature")!;
    const wrong = rpcRequest({
      host,
      action: "DescribeInstances",
      params: describeParams,
      secret: "wrong",
    });
    const sent = new URLSearchParams(wrong.path.slice(2)).get("Signature")!;
    expect(sent).not.toBe(signature);
    const { status, code, message } = await refusal(wrong);
    expect({ status, code }).toEqual({ status: 400, code: "SignatureDoesNotMatch" });
    expect(message.startsWith(GO_SDK_PREFIX)).toBe(true);
    const serverStringToSign = message.slice(GO_SDK_PREFIX.length);
    expect(serverStringToSign).toMatch(/^GET&%2F&AccessKeyId%3D/);
    // The client can tell a wrong secret from a signing bug: its own signature over the
    // server's string is the one it sent.
    expect(createHmac("sha1", "wrong&").update(serverStringToSign).digest("base64")).toBe(sent);
    // aliyun-python-sdk-core compares `message.split(':')[1]` with its string to sign.
    expect(message.split(":")[1]).toBe(serverStringToSign);
  });

  it("ACS3: server StringToSign is [the string], over the client's own canonical request", async () => {
    const raw = acs3Request({
      host,
      action: "DescribeInstances",
      params: describeParams,
      secret: "wrong",
    });
    const { status, code, message } = await refusal(raw);
    expect({ status, code }).toEqual({ status: 400, code: "SignatureDoesNotMatch" });
    const match =
      /^Specified signature does not match our calculation\. server StringToSign is \[(ACS3-HMAC-SHA256\n[0-9a-f]{64})\]$/.exec(
        message,
      );
    expect(match).not.toBeNull();
    const sent = /Signature=([0-9a-f]+)$/.exec(raw.headers.authorization)![1];
    expect(createHmac("sha256", "wrong").update(match![1]).digest("hex")).toBe(sent);
  });
});

describe("an incomplete RPC request names the missing parameter", () => {
  function without(names: string[]): RawRequest {
    const raw = rpcRequest({ host, action: "DescribeInstances", params: describeParams });
    const query = new URLSearchParams(raw.path.slice(2));
    for (const name of names) query.delete(name);
    return { ...raw, path: `/?${query}` };
  }

  it.each([
    ["AccessKeyId", "MissingAccessKeyId"],
    ["Signature", "MissingSignature"],
    ["SignatureMethod", "MissingSignatureMethod"],
    ["Timestamp", "MissingTimestamp"],
    ["SignatureNonce", "MissingSignatureNonce"],
  ])("without %s: %s", async (name, code) => {
    expect(await refusal(without([name]))).toEqual({
      status: 400,
      code,
      message: `${name} is mandatory for this action.`,
    });
  });

  it("an unsigned request misses its AccessKeyId first", async () => {
    const unsigned = without(["AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce"]);
    expect((await refusal(unsigned)).code).toBe("MissingAccessKeyId");
    const acs3 = acs3Request({ host, action: "DescribeInstances", params: describeParams });
    delete (acs3.headers as Record<string, string>).authorization;
    expect((await refusal(acs3)).code).toBe("MissingAccessKeyId");
  });
});

describe("replays", () => {
  it("are refused for as long as the current maxClockSkewMs accepts their timestamp", async () => {
    const own = await startEmulator({ config: { maxClockSkewMs: 1000 } });
    try {
      await own.control.setConfig({ maxClockSkewMs: 60_000 });
      const raw = acs3Request({
        host: own.endpoint,
        action: "DescribeInstances",
        params: describeParams,
      });
      expect((await send(own.port, raw)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 2500));
      const replay = await send(own.port, raw);
      expect({ status: replay.status, code: replay.json.Code }).toEqual({
        status: 400,
        code: "SignatureNonceUsed",
      });
    } finally {
      await own.stop();
    }
  });
});
