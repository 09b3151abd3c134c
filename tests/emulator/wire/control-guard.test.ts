/**
 * The control API answers only this machine's own tools: a loopback Host, no foreign Origin, JSON
 * bodies. A web page (a cross-site form or fetch, or DNS rebinding) cannot drive it.
 */
import { request } from "node:http";
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../../emulator";
import { $Ecs, ecsClient } from "../../helpers/ecs-client";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

interface Sent {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

function call({ method = "GET", path = "/_emulator/config", headers = {}, body }: Sent) {
  return new Promise<{ status: number; type: string; json: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port: emulator.port, method, path, headers },
        (res) => {
          let text = "";
          res.on("data", (c) => (text += c));
          res.on("end", () =>
            resolve({
              status: res.statusCode!,
              type: String(res.headers["content-type"]),
              json: JSON.parse(text),
            }),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    },
  );
}

const joinWeb2ToDb = { action: "JoinSecurityGroup", code: "InternalError" };

it.each([
  ["a foreign name", "evil.example"],
  ["a foreign name with the port", `evil.example:PORT`],
  ["loopback on another port", "127.0.0.1:1"],
  ["a loopback name without the port", "localhost"],
  ["a private address", "192.168.0.10:PORT"],
])("refuses a Host of %s with 403", async (_what, hostTemplate) => {
  const host = hostTemplate.replace("PORT", String(emulator.port));
  const res = await call({ headers: { host } });
  expect(res.status).toBe(403);
  expect(res.type).toBe("application/json");
  expect(res.json.error).toContain(`Host ${host}`);
});

it.each(["127.0.0.1", "localhost", "LOCALHOST", "[::1]"])(
  "takes a Host of %s with the port",
  async (name) => {
    const res = await call({ headers: { host: `${name}:${emulator.port}` } });
    expect(res.status).toBe(200);
  },
);

it.each(["http://evil.example", "https://127.0.0.1.evil.example", "null", "file://"])(
  "refuses an Origin of %s with 403, and changes nothing",
  async (origin) => {
    const res = await call({
      method: "POST",
      path: "/_emulator/faults",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify(joinWeb2ToDb),
    });
    expect(res.status).toBe(403);
    expect(res.json.error).toContain(`Origin ${origin}`);
    expect(await emulator.control.faults()).toEqual([]);
  },
);

it("takes a loopback Origin (a local test page)", async () => {
  const res = await call({ headers: { origin: "http://localhost:3000" } });
  expect(res.status).toBe(200);
});

it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
  "refuses a body of %s with 415 (what a cross-site form can send)",
  async (type) => {
    const res = await call({
      method: "POST",
      path: "/_emulator/faults",
      headers: { "content-type": type },
      body: JSON.stringify(joinWeb2ToDb),
    });
    expect(res.status).toBe(415);
    expect(res.json.error).toContain("application/json");
    expect(await emulator.control.faults()).toEqual([]);
  },
);

it("refuses a body with no content type, and takes one with a charset", async () => {
  const bare = await call({ method: "PATCH", body: '{"transitionMs":1}' });
  expect(bare.status).toBe(415);
  const res = await call({
    method: "PATCH",
    headers: { "content-type": "application/json; charset=utf-8" },
    body: '{"transitionMs":1}',
  });
  expect(res.status).toBe(200);
  expect(res.json.transitionMs).toBe(1);
});

it("the control client and the SDK still work, and bodiless calls need no type", async () => {
  await emulator.control.setConfig({ transitionMs: 10 });
  await emulator.control.addFault({ action: "DescribeInstances", latencyMs: 1 });
  expect((await call({ method: "POST", path: "/_emulator/reset" })).status).toBe(200);
  expect(await emulator.control.faults()).toEqual([]);
  const res = await ecsClient(emulator.endpoint).describeInstances(
    new $Ecs.DescribeInstancesRequest({ regionId: ids.region }),
  );
  expect(res.statusCode).toBe(200);
});

it("the ECS API itself is not limited to loopback names (the SDK may use any endpoint name)", async () => {
  const res = await call({ path: "/", headers: { host: "ecs.cn-hangzhou.aliyuncs.com" } });
  expect(res.status).toBe(400);
  expect(res.json.Code).toBe("MissingAccessKeyId");
});
