/**
 * The runtime the shim calls, wired to the real SDK adapter and a tiny canned HTTP server
 * (not the emulator): configure, region and endpoint resolution, and one create/read/delete.
 */

import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createRuntime, runtime } from "../../../provider/runtime/runtime";
import { systemClock } from "../../../provider/resilience/clock";

const groups = new Map<string, string[]>([["i-1", ["sg-0"]]]);
const actions: string[] = [];
const server = http.createServer((req, res) => {
  const q = new URL(req.url ?? "/", "http://x").searchParams;
  const action = String(req.headers["x-acs-action"]);
  actions.push(action);
  const send = (status: number, body: object) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ RequestId: `R-${actions.length}`, ...body }));
  };
  const id = q.get("InstanceId") ?? "";
  if (action === "JoinSecurityGroup") {
    groups.get(id)!.push(q.get("SecurityGroupId")!);
    return send(200, {});
  }
  if (action === "LeaveSecurityGroup") {
    const list = groups.get(id)!;
    if (list.length === 1) return send(403, { Code: "InstanceLastSecurityGroup", Message: "last" });
    groups.set(
      id,
      list.filter((g) => g !== q.get("SecurityGroupId")),
    );
    return send(200, {});
  }
  if (action === "DescribeInstances") {
    const ids: string[] = JSON.parse(q.get("InstanceIds") ?? "[]");
    const found = ids.filter((i) => groups.has(i));
    return send(200, {
      Instances: {
        Instance: found.map((i) => ({
          InstanceId: i,
          SecurityGroupIds: { SecurityGroupId: groups.get(i) },
        })),
      },
    });
  }
  send(404, { Code: "InvalidApi.NotFound", Message: action });
});

const config: Record<string, string> = {
  "alicloud:region": "cn-hangzhou",
  "alicloud:accessKey": "AK",
  "alicloud:secretKey": "secret-s3cr3t-value",
};

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.ALIBABA_CLOUD_ECS_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await runtime.configure({ config: { get: (k) => config[k] } });
});
afterAll(() => {
  delete process.env.ALIBABA_CLOUD_ECS_ENDPOINT;
  return new Promise((resolve) => server.close(resolve));
});

test("check takes the region from stack config handed over by configure", async () => {
  const { inputs, failures } = await runtime.check(
    {},
    { securityGroupId: "sg-1", instanceId: "i-1" },
  );
  expect(failures).toEqual([]);
  expect(inputs.regionId).toBe("cn-hangzhou");
});

test("create, read, delete through the SDK adapter", async () => {
  const { inputs } = await runtime.check({}, { securityGroupId: "sg-1", instanceId: "i-1" });
  const { id, outs } = await runtime.create(inputs);
  expect(id).toBe("cn-hangzhou/i-1/sg-1");
  expect(outs.targetSecurityGroupIds).toEqual(["sg-0", "sg-1"]);
  const state = { ...outs };
  expect((await runtime.read(id, state)).id).toBe(id);
  await runtime.delete(id, state);
  expect((await runtime.read(id, state)).id).toBe("");
  expect(actions).toEqual([
    "JoinSecurityGroup",
    "DescribeInstances",
    "DescribeInstances",
    "DescribeInstances",
    "LeaveSecurityGroup",
    "DescribeInstances",
    "DescribeInstances",
  ]);
});

test("update makes no call", async () => {
  const before = actions.length;
  const olds = { adopted: false, targetSecurityGroupIds: ["sg-0"] };
  const { outs } = await runtime.update("cn-hangzhou/i-1/sg-9", olds, {
    securityGroupId: "sg-9",
    instanceId: "i-1",
    adoptExisting: true,
  });
  expect(outs).toMatchObject({ adoptExisting: true, targetSecurityGroupIds: ["sg-0"] });
  expect(actions.length).toBe(before);
});

test("invalid inputs reaching create are refused before any call", async () => {
  await expect(runtime.create({ securityGroupId: "sg 1", instanceId: "i-1" })).rejects.toThrow(
    /must not contain whitespace/,
  );
});

test("plain HTTP to a non-loopback host is refused, and secrets never show in errors", async () => {
  const saved = process.env.ALIBABA_CLOUD_ECS_ENDPOINT;
  process.env.ALIBABA_CLOUD_ECS_ENDPOINT = `http://${config["alicloud:secretKey"]}.example.com:80`;
  try {
    const error: Error = await runtime.delete("cn-hangzhou/i-1/sg-1", {}).catch((e) => e);
    expect(error.message).toMatch(/Refusing plain HTTP to \*\*\*.example.com/);
    expect(error.message).not.toContain("s3cr3t");
  } finally {
    process.env.ALIBABA_CLOUD_ECS_ENDPOINT = saved;
  }
});

test("a bad env value fails check (pulumi preview) and every operation", async () => {
  const rt = createRuntime({ clock: systemClock, env: { SG_MEMBERSHIP_READ_TIMEOUT_MS: "10s" } });
  await rt.configure({ config: { get: () => undefined } });
  const bad = /env SG_MEMBERSHIP_READ_TIMEOUT_MS must be a whole number of milliseconds/;
  await expect(rt.check({}, { securityGroupId: "sg-1", instanceId: "i-1" })).rejects.toThrow(bad);
  await expect(rt.delete("cn-hangzhou/i-1/sg-1", {})).rejects.toThrow(bad);
});
