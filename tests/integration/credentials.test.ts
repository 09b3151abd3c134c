/**
 * Where credentials, endpoint and region come from (DESIGN, "Package and names"), through the
 * runtime and the real SDK: stack config via `configure` (key pair or STS), the default chain's
 * env variables, `alicloud:endpoints`, a wrong secret (fatal, never echoed), and plain HTTP to
 * a non-loopback host (refused before any connection, DESIGN decision 8).
 */

import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_STS } from "../../emulator";
import { resolveEndpoint } from "../../provider/runtime/config";
import { readEnv } from "../../provider/runtime/env";
import {
  configure,
  createMembership,
  groupsOf,
  ids,
  integrationSuite,
  logOf,
  rejection,
  setEnv,
  SHIM,
  STATIC_CONFIG,
} from "./helpers";

const s = integrationSuite();
let restore: () => void = () => undefined;
afterEach(() => {
  restore();
  restore = () => undefined;
});

const args = { instanceId: ids.web1, securityGroupId: ids.dbGroup };

/** A full create and delete; returns the access key IDs the emulator saw. */
async function roundTrip(extra: Record<string, unknown> = {}) {
  const { id, state } = await createMembership(s.rt, { ...args, ...extra });
  expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup, ids.dbGroup]);
  await s.rt.delete(id, state);
  expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup]);
  return [...new Set((await s.control.requests()).map((r) => r.accessKeyId))];
}

test("stack config alicloud:accessKey / alicloud:secretKey, region from the input", async () => {
  expect(await roundTrip({ regionId: ids.region })).toEqual([DEFAULT_ACCESS_KEY_ID]);
});

test("env credentials through the default chain, region from env", async () => {
  restore = setEnv({
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET,
    ALIBABA_CLOUD_REGION_ID: ids.region,
  });
  await configure(s.rt, {});
  expect(await roundTrip()).toEqual([DEFAULT_ACCESS_KEY_ID]);
});

test("STS through alicloud:securityToken, region from stack config", async () => {
  await configure(s.rt, {
    "alicloud:accessKey": DEFAULT_STS.accessKeyId,
    "alicloud:secretKey": DEFAULT_STS.accessKeySecret,
    "alicloud:securityToken": DEFAULT_STS.securityToken,
    "alicloud:region": ids.region,
  });
  expect(await roundTrip()).toEqual([DEFAULT_STS.accessKeyId]);
});

test("a wrong secret: fatal SignatureDoesNotMatch, one request, the secret nowhere", async () => {
  const secret = "wrong-secret-Zq8xW3";
  await configure(s.rt, { ...STATIC_CONFIG, "alicloud:secretKey": secret });
  const error = await rejection(createMembership(s.rt, { ...args, regionId: ids.region }));
  const [join, ...more] = await logOf(s.control, "JoinSecurityGroup");
  expect(more).toEqual([]);
  expect(join.code).toBe("SignatureDoesNotMatch");
  expect(error.message).toContain("SignatureDoesNotMatch");
  expect(error.message).toContain(`RequestId ${join.requestId}`);
  expect(error.message).toMatch(/credentials were rejected/);
  for (const text of [error.message, String(error.stack), JSON.stringify(error)]) {
    expect(text).not.toContain(secret);
  }
  expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup]);
});

test("endpoint from stack config alicloud:endpoints, which wins over env", async () => {
  // Nothing listens on loopback port 1: had env been used, the create would fail.
  restore = setEnv({ ALIBABA_CLOUD_ECS_ENDPOINT: "http://127.0.0.1:1" });
  await configure(s.rt, {
    ...STATIC_CONFIG,
    "alicloud:endpoints": JSON.stringify([{ ecs: s.emulator.url }]),
  });
  expect(await roundTrip({ regionId: ids.region })).toEqual([DEFAULT_ACCESS_KEY_ID]);
});

describe("plain HTTP to a host that is not loopback is refused before any connection", () => {
  // Made-up hosts. Each is first checked offline to be refused, so that a provider that
  // stopped refusing could not send traffic to them from this test.
  test.each([
    { source: "env", endpoint: "http://10.0.0.1:1" },
    { source: "stack config", endpoint: "http://ecs.example.com" },
  ])("from $source: $endpoint", async ({ source, endpoint }) => {
    const endpoints = JSON.stringify([{ ecs: endpoint }]);
    const fromEnv = source === "env";
    expect(() =>
      resolveEndpoint(
        fromEnv ? {} : { endpoints },
        fromEnv ? readEnv({ ALIBABA_CLOUD_ECS_ENDPOINT: endpoint }).endpointUrl : undefined,
      ),
    ).toThrow(/Refusing plain HTTP/);
    if (fromEnv) restore = setEnv({ ALIBABA_CLOUD_ECS_ENDPOINT: endpoint });
    const config = {
      ...STATIC_CONFIG,
      "alicloud:region": ids.region,
      ...(fromEnv ? {} : { "alicloud:endpoints": endpoints }),
    };

    await configure(s.rt, config);
    const id = `${ids.region}/${ids.web1}/${ids.webGroup}`;
    const host = new URL(endpoint).host;
    for (const run of [
      () => createMembership(s.rt, args),
      () => s.rt.read(id, { __provider: SHIM }),
      () => s.rt.delete(id, { __provider: SHIM }),
    ]) {
      const error = await rejection(run());
      expect(error.message).toContain(`Refusing plain HTTP to ${host}`);
    }
    expect(await s.control.requests()).toEqual([]);
  });
});

test("an endpoint that refuses connections fails in seconds with a readable message", async () => {
  const closed = await import("node:net").then(
    (net) =>
      new Promise<number>((resolve) => {
        const server = net.createServer().listen(0, "127.0.0.1", () => {
          const { port } = server.address() as { port: number };
          server.close(() => resolve(port));
        });
      }),
  );
  restore = setEnv({ ALIBABA_CLOUD_ECS_ENDPOINT: `http://127.0.0.1:${closed}` });
  const started = Date.now();
  const error = await rejection(createMembership(s.rt, { ...args, regionId: ids.region }));
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(error.message).toContain("ECONNREFUSED");
  expect(error.message).toContain("could not be reached 6 times in a row");
  expect(error.message).toMatch(/127\.0\.0\.1:\d+ \(POST http/);
});
