/** Scripted faults as the official SDK sees them. */
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../emulator";
import { $Ecs, ecsClient, expectEcsError } from "../helpers/ecs-client";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

const describe1 = () =>
  ecsClient(emulator.endpoint).describeInstances(
    new $Ecs.DescribeInstancesRequest({
      regionId: ids.region,
      instanceIds: JSON.stringify([ids.web1]),
    }),
  );
const joinWeb2 = (groupId: string) =>
  ecsClient(emulator.endpoint).joinSecurityGroup(
    new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web2, securityGroupId: groupId }),
  );

async function caught(
  call: Promise<unknown>,
): Promise<{ name: string; code?: string; message: string }> {
  try {
    await call;
  } catch (e) {
    return e as { name: string; code?: string; message: string };
  }
  throw new Error("expected the call to fail");
}

describe("fault rules", () => {
  it("an error by action and count fires that many times, then the action works", async () => {
    await emulator.control.addFault({
      action: "DescribeInstances",
      code: "ServiceUnavailable",
      count: 2,
    });
    await expectEcsError(describe1(), "ServiceUnavailable", 503);
    await expectEcsError(describe1(), "ServiceUnavailable", 503);
    expect((await describe1()).statusCode).toBe(200);
    const [rule] = await emulator.control.faults();
    expect(rule.fired).toBe(2);
    const log = await emulator.control.requests({ action: "DescribeInstances" });
    expect(log.map((r) => [r.status, r.code ?? null, r.fault ?? null])).toEqual([
      [503, "ServiceUnavailable", rule.id],
      [503, "ServiceUnavailable", rule.id],
      [200, null, null],
    ]);
  });

  it("a rule for one action leaves the others alone, and a target rule its target", async () => {
    await emulator.control.addFault({
      action: "JoinSecurityGroup",
      target: ids.web1,
      code: "InternalError",
    });
    expect((await describe1()).statusCode).toBe(200);
    expect((await joinWeb2(ids.appGroup)).statusCode).toBe(200);
  });

  it("probability decides how often a rule fires", async () => {
    await emulator.control.addFault({
      action: "DescribeInstances",
      code: "InternalError",
      probability: 0.5,
    });
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => describe1()));
    const failed = results.filter((r) => r.status === "rejected").length;
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
  });

  it("throttling carries x-acs-retry-after, which the SDK reads", async () => {
    await emulator.control.addFault({ code: "Throttling.User", retryAfterMs: 1500, count: 1 });
    const error = await caught(describe1());
    expect(error).toEqual(
      expect.objectContaining({
        name: "ThrottlingError",
        code: "Throttling.User",
        retryAfter: 1500,
      }),
    );
  });

  it("a rate limit answers Throttling.User above the rate", async () => {
    await emulator.control.addFault({ action: "JoinSecurityGroup", ratePerSecond: 2 });
    const groups = [ids.appGroup, ids.dbGroup, ids.opsGroup, ids.cacheGroup];
    const results = await Promise.allSettled(groups.map((g) => joinWeb2(g)));
    const statuses = results.map((r) =>
      r.status === "fulfilled" ? "ok" : (r.reason as { code: string }).code,
    );
    expect(statuses.filter((s) => s === "ok")).toHaveLength(2);
    expect(statuses.filter((s) => s === "Throttling.User")).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 1050));
    const failedGroups = groups.filter((_, n) => statuses[n] !== "ok");
    for (const g of failedGroups) expect((await joinWeb2(g)).statusCode).toBe(200);
  });

  it("latency beyond the SDK read timeout makes it time out", async () => {
    await emulator.control.addFault({ action: "DescribeInstances", latencyMs: 400, count: 1 });
    const client = ecsClient(emulator.endpoint, { readTimeout: 200 });
    const error = await caught(
      client.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: ids.region })),
    );
    expect(error.name).toBe("RequestTimeoutError");
    const started = Date.now();
    await emulator.control.addFault({ action: "DescribeInstances", latencyMs: 150, count: 1 });
    await describe1();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("a dropped connection gives the client a transport error and changes nothing", async () => {
    await emulator.control.addFault({ action: "JoinSecurityGroup", drop: true, count: 1 });
    const error = await caught(joinWeb2(ids.appGroup));
    expect(error.code ?? error.message).toMatch(/ECONNRESET|socket hang up/);
    const world = await emulator.control.state();
    expect(
      world.networkInterfaces.find((e) => e.instanceId === ids.web2 && e.type === "Primary")!
        .securityGroupIds,
    ).toEqual([ids.webGroup]);
  });

  it("afterApply carries out the write and then loses the answer", async () => {
    await emulator.control.addFault({
      action: "JoinSecurityGroup",
      drop: true,
      afterApply: true,
      count: 1,
    });
    await caught(joinWeb2(ids.appGroup));
    await expectEcsError(joinWeb2(ids.appGroup), "InvalidInstanceId.AlreadyExists", 403);
  });

  it("any code can be injected, with the status given", async () => {
    await emulator.control.addFault({
      code: "Forbidden.RAM",
      status: 403,
      message: "User not authorized.",
      count: 1,
    });
    const error = await expectEcsError(describe1(), "Forbidden.RAM", 403);
    expect(error.data!.Message).toBe("User not authorized.");
  });
});
