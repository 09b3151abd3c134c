/** The `/_emulator/` control API: validation, reset, and a request log without secrets. */
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../../emulator";
import { $Ecs, ecsClient, expectEcsError } from "../../helpers/ecs-client";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

const joinWeb2 = (groupId: string) =>
  ecsClient(emulator.endpoint).joinSecurityGroup(
    new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web2, securityGroupId: groupId }),
  );

describe("control API", () => {
  const post = (path: string, body: unknown, method = "POST") =>
    fetch(`${emulator.url}/_emulator/${path}`, {
      method,
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });

  it("refuses bad fault rules, config keys and worlds with a reason", async () => {
    const badRule = await post("faults", {
      action: "JoinSecurityGroup",
      probability: 2,
      code: "X",
    });
    expect(badRule.status).toBe(400);
    expect(await badRule.json()).toEqual({ error: "probability must be between 0 and 1" });
    const noEffect = await post("faults", { action: "JoinSecurityGroup" });
    expect(noEffect.status).toBe(400);
    const badConfig = await post("config", { maxGroups: 3 }, "PATCH");
    expect(((await badConfig.json()) as { error: string }).error).toContain(
      "unknown config key maxGroups",
    );
    const badWorld = await post("state", { regions: [] }, "PUT");
    expect(badWorld.status).toBe(400);
    expect(((await badWorld.json()) as { error: string }).error).toContain(
      '"vpcs" must be an array',
    );
    expect((await fetch(`${emulator.url}/_emulator/nothing`)).status).toBe(404);
  });

  it("removes one fault rule, and reset restores world, config, faults and log", async () => {
    const id = await emulator.control.addFault({ code: "InternalError" });
    await emulator.control.removeFault(id);
    expect(await emulator.control.faults()).toEqual([]);
    await emulator.control.setConfig({ maxGroupsPerTarget: 1 });
    await expectEcsError(joinWeb2(ids.appGroup), "InstanceSecurityGroupLimitExceeded", 400);
    await emulator.control.addFault({ code: "InternalError" });
    await emulator.control.reset();
    expect(await emulator.control.requests()).toEqual([]);
    expect(await emulator.control.faults()).toEqual([]);
    expect((await emulator.control.config()).maxGroupsPerTarget).toBe(5);
    expect((await joinWeb2(ids.appGroup)).statusCode).toBe(200);
  });

  it("logs no secrets: no signature, token or password values", async () => {
    const sts = ecsClient(emulator.endpoint, { sts: true });
    await sts.modifyInstanceAttribute(
      new $Ecs.ModifyInstanceAttributeRequest({
        instanceId: ids.web1,
        password: "Sup3r-Secret!",
        instanceName: "renamed",
      }),
    );
    await ecsClient(emulator.endpoint, { signature: "HMAC-SHA1", sts: true }).describeInstances(
      new $Ecs.DescribeInstancesRequest({ regionId: ids.region }),
    );
    const text = JSON.stringify(await emulator.control.requests());
    expect(text).not.toContain("Sup3r-Secret!");
    expect(text).not.toContain("ecs-emulator-sts-token");
    expect(text).not.toContain("ecs-emulator-sts-secret");
    expect(text).not.toMatch(/"Signature"/);
    expect(text).toContain('"InstanceName":"renamed"');
  });
});
