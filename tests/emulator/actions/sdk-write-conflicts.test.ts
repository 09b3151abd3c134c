/** Overlapping Join/Leave on one target (`writeConflictMs`, `conflictCode`) through the official SDK. */
import {
  DEFAULT_CONFIG,
  DEFAULT_IDS as ids,
  type RunningEmulator,
  startEmulator,
} from "../../../emulator";
import { $Ecs, ecsClient, expectEcsError } from "../../helpers/ecs-client";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

const CONFLICT_MESSAGE =
  "Request was denied due to conflict with a previous request, please try again later.";

const joinInstance = (instanceId: string, securityGroupId: string) =>
  ecsClient(emulator.endpoint).joinSecurityGroup(
    new $Ecs.JoinSecurityGroupRequest({ instanceId, securityGroupId }),
  );
const leaveInstance = (instanceId: string, securityGroupId: string) =>
  ecsClient(emulator.endpoint).leaveSecurityGroup(
    new $Ecs.LeaveSecurityGroupRequest({ instanceId, securityGroupId }),
  );
const joinEni = (networkInterfaceId: string, securityGroupId: string) =>
  ecsClient(emulator.endpoint).joinSecurityGroup(
    new $Ecs.JoinSecurityGroupRequest({
      networkInterfaceId,
      securityGroupId,
      regionId: ids.region,
    }),
  );
const leaveEni = (networkInterfaceId: string, securityGroupId: string) =>
  ecsClient(emulator.endpoint).leaveSecurityGroup(
    new $Ecs.LeaveSecurityGroupRequest({
      networkInterfaceId,
      securityGroupId,
      regionId: ids.region,
    }),
  );

async function groupsOf(targetId: string): Promise<string[]> {
  const world = await emulator.control.state();
  const eniId =
    world.instances.find((i) => i.instanceId === targetId)?.primaryNetworkInterfaceId ?? targetId;
  return world.networkInterfaces.find((e) => e.networkInterfaceId === eniId)!.securityGroupIds;
}

describe("write conflicts", () => {
  it("are off by default: back-to-back writes on one target all succeed", async () => {
    const config = await emulator.control.config();
    expect(config).toEqual(
      expect.objectContaining({ writeConflictMs: 0, conflictCode: "InvalidOperation.Conflict" }),
    );
    expect(DEFAULT_CONFIG.writeConflictMs).toBe(0);
    await joinInstance(ids.web1, ids.appGroup);
    await joinInstance(ids.web1, ids.dbGroup);
    await leaveInstance(ids.web1, ids.webGroup);
    expect(await groupsOf(ids.web1)).toEqual([ids.appGroup, ids.dbGroup]);
  });

  it("refuse a second Join or Leave on an instance within the window and change nothing", async () => {
    await emulator.control.setConfig({ writeConflictMs: 60_000 });
    await joinInstance(ids.web1, ids.appGroup);
    const second = await expectEcsError(
      joinInstance(ids.web1, ids.dbGroup),
      "InvalidOperation.Conflict",
      409,
    );
    expect(second.message).toContain(CONFLICT_MESSAGE);
    await expectEcsError(leaveInstance(ids.web1, ids.webGroup), "InvalidOperation.Conflict", 409);
    // Checked before the membership rules: a Join of a group it is already in is a conflict too.
    await expectEcsError(joinInstance(ids.web1, ids.appGroup), "InvalidOperation.Conflict", 409);
    expect(await groupsOf(ids.web1)).toEqual([ids.webGroup, ids.appGroup]);
    const log = await emulator.control.requests({ action: "JoinSecurityGroup" });
    expect(log.map((e) => [e.status, e.code])).toEqual([
      [200, undefined],
      [409, "InvalidOperation.Conflict"],
      [409, "InvalidOperation.Conflict"],
    ]);
  });

  it("are per target: other instances and the instance's secondary ENI are free", async () => {
    await emulator.control.setConfig({ writeConflictMs: 60_000 });
    await joinInstance(ids.web1, ids.appGroup);
    await joinInstance(ids.web2, ids.appGroup);
    await joinEni(ids.attachedEni, ids.dbGroup);
    await expectEcsError(leaveEni(ids.attachedEni, ids.dbGroup), "InvalidOperation.Conflict", 409);
    await joinEni(ids.availableEni, ids.dbGroup);
    expect(await groupsOf(ids.attachedEni)).toEqual([ids.webGroup, ids.dbGroup]);
    expect(await groupsOf(ids.web2)).toEqual([ids.webGroup, ids.appGroup]);
  });

  it("start only with a write that was applied: a refused Join leaves the target free", async () => {
    await emulator.control.setConfig({ writeConflictMs: 60_000 });
    await expectEcsError(
      joinInstance(ids.web1, ids.managedGroup),
      "InvalidOperation.ResourceManagedByCloudProduct",
      403,
    );
    await expectEcsError(
      leaveInstance(ids.web1, ids.appGroup),
      "InvalidSecurityGroupAssociation.NotFound",
      400,
    );
    await joinInstance(ids.web1, ids.appGroup);
    await expectEcsError(joinInstance(ids.web1, ids.dbGroup), "InvalidOperation.Conflict", 409);
  });

  it("end when the window is turned off (the window's end: model/write-conflicts.test.ts)", async () => {
    await emulator.control.setConfig({ writeConflictMs: 60_000 });
    await joinInstance(ids.web2, ids.appGroup);
    await expectEcsError(leaveInstance(ids.web2, ids.appGroup), "InvalidOperation.Conflict", 409);
    await emulator.control.setConfig({ writeConflictMs: 0 });
    await leaveInstance(ids.web2, ids.appGroup);
    expect(await groupsOf(ids.web2)).toEqual([ids.webGroup]);
  });

  it("do not touch tag writes or reads", async () => {
    await emulator.control.setConfig({ writeConflictMs: 60_000 });
    await joinInstance(ids.web1, ids.appGroup);
    const client = ecsClient(emulator.endpoint);
    const tagRequest = () =>
      client.tagResources(
        new $Ecs.TagResourcesRequest({
          regionId: ids.region,
          resourceType: "instance",
          resourceId: [ids.web1],
          tag: [new $Ecs.TagResourcesRequestTag({ key: "owner", value: "pulumi" })],
        }),
      );
    await tagRequest();
    await tagRequest();
    const read = await client.describeInstanceAttribute(
      new $Ecs.DescribeInstanceAttributeRequest({ instanceId: ids.web1 }),
    );
    expect(read.body!.securityGroupIds!.securityGroupId).toEqual([ids.webGroup, ids.appGroup]);
    await expectEcsError(joinInstance(ids.web1, ids.dbGroup), "InvalidOperation.Conflict", 409);
  });

  it("answer the configured code: a known one with its status and message, else a 409", async () => {
    await emulator.control.setConfig({
      writeConflictMs: 60_000,
      conflictCode: "OperationConflict",
    });
    await joinInstance(ids.web1, ids.appGroup);
    const other = await expectEcsError(
      joinInstance(ids.web1, ids.dbGroup),
      "OperationConflict",
      409,
    );
    expect(other.message).toContain(CONFLICT_MESSAGE);
    await emulator.control.setConfig({ conflictCode: "ServiceUnavailable" });
    const known = await expectEcsError(
      joinInstance(ids.web1, ids.dbGroup),
      "ServiceUnavailable",
      503,
    );
    expect(known.message).toContain(
      "The request has failed due to a temporary failure of the server.",
    );
  });

  it("can be set at startup", async () => {
    const own = await startEmulator({ config: { writeConflictMs: 60_000 } });
    try {
      const client = ecsClient(own.endpoint);
      const join = (securityGroupId: string) =>
        client.joinSecurityGroup(
          new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web3, securityGroupId }),
        );
      await join(ids.appGroup);
      await expectEcsError(join(ids.dbGroup), "InvalidOperation.Conflict", 409);
      await own.control.reset();
      expect((await own.control.config()).writeConflictMs).toBe(60_000);
    } finally {
      await own.stop();
    }
  });
});

describe("write-conflict config", () => {
  const patch = (body: unknown) =>
    fetch(`${emulator.url}/_emulator/config`, {
      method: "PATCH",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });

  it.each([
    [{ writeConflictMs: -1 }, "writeConflictMs must be a number >= 0"],
    [{ writeConflictMs: "100" }, "writeConflictMs must be a number >= 0"],
    [
      { conflictCode: 409 },
      "conflictCode must be an ECS error code such as InvalidOperation.Conflict",
    ],
    [
      { conflictCode: "" },
      "conflictCode must be an ECS error code such as InvalidOperation.Conflict",
    ],
    [
      { conflictCode: "has spaces" },
      "conflictCode must be an ECS error code such as InvalidOperation.Conflict",
    ],
    [{ conflictMs: 5 }, "unknown config key conflictMs"],
  ])("refuses %j", async (body, reason) => {
    const res = await patch(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(reason);
    expect(await emulator.control.config()).toEqual(DEFAULT_CONFIG);
  });

  it("changes both fields, and reset restores the startup values", async () => {
    const res = await patch({ writeConflictMs: 250, conflictCode: "OperationConflict" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ...DEFAULT_CONFIG,
      writeConflictMs: 250,
      conflictCode: "OperationConflict",
    });
    await emulator.control.reset();
    expect(await emulator.control.config()).toEqual(DEFAULT_CONFIG);
  });
});
