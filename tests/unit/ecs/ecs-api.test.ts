/**
 * The adapter against the real SDK and a tiny canned HTTP server (not the emulator): checks
 * that what the SDK throws becomes the right EcsError, and that requests carry RegionId.
 */

import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createSdkClient, SdkEcsApi } from "../../../provider/ecs/ecs-api";
import { EcsError, toEcsError } from "../../../provider/ecs/ecs-error";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let handler: Handler = (_req, res) => res.end("{}");
const seen: { action: string; query: URLSearchParams }[] = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  seen.push({ action: String(req.headers["x-acs-action"]), query: url.searchParams });
  handler(req, res);
});
let api: SdkEcsApi;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  api = new SdkEcsApi(
    createSdkClient({
      regionId: "cn-hangzhou",
      endpoint: { host: `127.0.0.1:${port}`, protocol: "http", source: "test" },
      credentials: { kind: "static", accessKeyId: "AK", accessKeySecret: "SECRET" },
      readTimeout: 300,
      connectTimeout: 300,
    }),
  );
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => (seen.length = 0));

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_q, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
const instance = { kind: "instance" as const, id: "i-1", regionId: "cn-hangzhou" };

async function failure(run: () => Promise<unknown>): Promise<EcsError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(EcsError);
    return error as EcsError;
  }
  throw new Error("expected a failure");
}

describe("SDK errors become EcsError", () => {
  test("throttling, with x-acs-retry-after in ms", async () => {
    handler = json(
      400,
      { RequestId: "R1", Code: "Throttling.User", Message: "flow" },
      { "x-acs-retry-after": "1500" },
    );
    const e = await failure(() =>
      api.joinSecurityGroup({ target: instance, securityGroupId: "sg-1" }),
    );
    expect(e).toMatchObject({
      action: "JoinSecurityGroup",
      code: "Throttling.User",
      status: 400,
      requestId: "R1",
      retryAfterMs: 1500,
      transport: false,
    });
  });

  test("client error keeps ECS's message", async () => {
    handler = json(403, {
      RequestId: "R2",
      Code: "InstanceLastSecurityGroup",
      Message: "last one.",
    });
    const e = await failure(() =>
      api.leaveSecurityGroup({ target: instance, securityGroupId: "sg-1" }),
    );
    expect(e).toMatchObject({
      code: "InstanceLastSecurityGroup",
      status: 403,
      requestId: "R2",
      detail: "last one.",
    });
  });

  test("a non-JSON 502 page is a transport failure", async () => {
    handler = (_q, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>bad gateway</html>");
    };
    const e = await failure(() => api.describeInstances("cn-hangzhou", ["i-1"]));
    expect(e).toMatchObject({ code: "NonJsonResponse", transport: true });
  });

  test("a reset connection", async () => {
    handler = (req) => req.socket.destroy();
    const e = await failure(() => api.describeInstances("cn-hangzhou", ["i-1"]));
    expect(e).toMatchObject({ code: "ECONNRESET", transport: true });
  });

  test("a read timeout", async () => {
    handler = (_q, res) => setTimeout(() => res.end("{}"), 600).unref();
    const e = await failure(() => api.describeInstances("cn-hangzhou", ["i-1"]));
    expect(e).toMatchObject({ code: "ReadTimeout", transport: true });
  });
});

describe("requests", () => {
  test("Join sends RegionId, the target and the group", async () => {
    handler = json(200, { RequestId: "R3" });
    const r = await api.joinSecurityGroup({
      target: { kind: "networkInterface", id: "eni-1", regionId: "cn-hangzhou" },
      securityGroupId: "sg-1",
    });
    expect(r.requestId).toBe("R3");
    expect(seen[0].action).toBe("JoinSecurityGroup");
    expect(Object.fromEntries(seen[0].query)).toEqual({
      RegionId: "cn-hangzhou",
      SecurityGroupId: "sg-1",
      NetworkInterfaceId: "eni-1",
    });
  });

  test("DescribeInstances: InstanceIds as a JSON array, MaxResults 100, groups mapped", async () => {
    handler = json(200, {
      RequestId: "R4",
      Instances: {
        Instance: [
          {
            InstanceId: "i-1",
            Status: "Running",
            SecurityGroupIds: { SecurityGroupId: ["sg-1", "sg-2"] },
          },
        ],
      },
    });
    expect(await api.describeInstances("cn-hangzhou", ["i-1", "i-2"])).toEqual([
      { id: "i-1", securityGroupIds: ["sg-1", "sg-2"], tags: {} },
    ]);
    expect(Object.fromEntries(seen[0].query)).toMatchObject({
      RegionId: "cn-hangzhou",
      InstanceIds: '["i-1","i-2"]',
      MaxResults: "100",
    });
  });

  test("DescribeNetworkInterfaces: NetworkInterfaceId.N and pages followed", async () => {
    let page = 0;
    handler = (_q, res) => {
      page++;
      const set = [
        { NetworkInterfaceId: `eni-${page}`, SecurityGroupIds: { SecurityGroupId: ["sg-1"] } },
      ];
      json(200, {
        RequestId: "R",
        NextToken: page === 1 ? "T" : "",
        NetworkInterfaceSets: { NetworkInterfaceSet: set },
      })(_q, res);
    };
    expect(
      (await api.describeNetworkInterfaces("cn-hangzhou", ["eni-1", "eni-2"])).map((t) => t.id),
    ).toEqual(["eni-1", "eni-2"]);
    expect(Object.fromEntries(seen[0].query)).toMatchObject({
      "NetworkInterfaceId.1": "eni-1",
      "NetworkInterfaceId.2": "eni-2",
      MaxResults: "100",
    });
    expect(seen[1].query.get("NextToken")).toBe("T");
  });

  test("DescribeInstanceAttribute: status and lock reasons", async () => {
    handler = json(200, {
      RequestId: "R",
      Status: "Stopping",
      OperationLocks: { LockReason: [{ LockReason: "security" }] },
    });
    expect(await api.describeInstanceAttribute(instance)).toEqual({
      status: "Stopping",
      locks: ["security"],
    });
  });
});

describe("toEcsError on shapes the SDK and Node produce", () => {
  // prettier-ignore
  const cases: [string, unknown, Partial<Record<"code" | "transport", unknown>>][] = [
    ["server error", Object.assign(new Error("x"), { name: "ServerError", code: "ServiceUnavailable", statusCode: 503, requestId: "R" }), { code: "ServiceUnavailable", transport: false }],
    ["connect timeout", Object.assign(new Error("ConnectTimeout: Connect http://x failed."), { name: "RequestTimeoutError" }), { code: "ConnectTimeout", transport: true }],
    ["refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), { code: "ECONNREFUSED", transport: true }],
    ["socket hang up without code", new Error("socket hang up"), { code: "ECONNRESET", transport: true }],
    ["empty credential chain", new Error("unable to get credentials from any of the providers in the chain: x"), { code: "CredentialsUnavailable", transport: false }],
    ["anything else", new TypeError("boom"), { code: "ClientInternal", transport: false }],
  ];
  test.each(cases)("%s", (_name, error, expected) => {
    expect(toEcsError("DescribeInstances", error)).toMatchObject(expected);
  });

  test("a missing RequestId is not the string 'undefined'", () => {
    const e = toEcsError(
      "X",
      Object.assign(new Error("x"), { name: "ClientError", code: "C", requestId: "undefined" }),
    );
    expect(e.requestId).toBeUndefined();
  });
});
