/** Building a world with the real SDK: groups, instances and ENIs, with their timed states. */
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../../emulator";
import { $Ecs, ecsClient, expectEcsError, SIGNATURES } from "../../helpers/ecs-client";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ config: { transitionMs: 100 } });
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

const settle = () => new Promise((r) => setTimeout(r, 150));

describe.each(SIGNATURES)("lifecycle with %s", (signature) => {
  const client = () => ecsClient(emulator.endpoint, { signature });
  const status = async (instanceId: string) =>
    (
      await client().describeInstanceAttribute(
        new $Ecs.DescribeInstanceAttributeRequest({ instanceId }),
      )
    ).body!.status;
  const eniStatus = async (networkInterfaceId: string) =>
    (
      await client().describeNetworkInterfaceAttribute(
        new $Ecs.DescribeNetworkInterfaceAttributeRequest({
          regionId: ids.region,
          networkInterfaceId,
        }),
      )
    ).body!.status;

  it("creates and deletes security groups of both types", async () => {
    const created = await client().createSecurityGroup(
      new $Ecs.CreateSecurityGroupRequest({
        regionId: ids.region,
        vpcId: ids.vpc,
        securityGroupType: "enterprise",
        securityGroupName: "new",
      }),
    );
    const groupId = created.body!.securityGroupId!;
    expect(groupId).toMatch(/^sg-[0-9a-z]+$/);
    const found = await client().describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId: ids.region, securityGroupId: groupId }),
    );
    expect(found.body!.securityGroups!.securityGroup![0]).toEqual(
      expect.objectContaining({ securityGroupType: "enterprise", securityGroupName: "new" }),
    );
    await expectEcsError(
      client().deleteSecurityGroup(
        new $Ecs.DeleteSecurityGroupRequest({
          regionId: ids.region,
          securityGroupId: ids.webGroup,
        }),
      ),
      "DependencyViolation",
      403,
    );
    await client().deleteSecurityGroup(
      new $Ecs.DeleteSecurityGroupRequest({ regionId: ids.region, securityGroupId: groupId }),
    );
    await expectEcsError(
      client().deleteSecurityGroup(
        new $Ecs.DeleteSecurityGroupRequest({ regionId: ids.region, securityGroupId: groupId }),
      ),
      "InvalidSecurityGroupId.NotFound",
      404,
    );
    await expectEcsError(
      client().createSecurityGroup(
        new $Ecs.CreateSecurityGroupRequest({
          regionId: ids.region,
          vpcId: ids.vpc,
          securityGroupType: "premium",
        }),
      ),
      "InvalidParameter.SecurityGroupType",
      400,
    );
  });

  it("runs, stops, starts and deletes instances through Pending, Stopping and Starting", async () => {
    const run = await client().runInstances(
      new $Ecs.RunInstancesRequest({
        regionId: ids.region,
        vSwitchId: ids.vSwitch,
        securityGroupIds: [ids.webGroup, ids.appGroup],
        amount: 2,
      }),
    );
    const [a, b] = run.body!.instanceIdSets!.instanceIdSet!;
    expect(b).toMatch(/^i-[0-9a-z]+$/);
    expect(await status(a)).toBe("Pending");
    await settle();
    expect(await status(a)).toBe("Running");
    await client().stopInstance(new $Ecs.StopInstanceRequest({ instanceId: a }));
    expect(await status(a)).toBe("Stopping");
    await expectEcsError(
      client().startInstance(new $Ecs.StartInstanceRequest({ instanceId: a })),
      "IncorrectInstanceStatus",
      403,
    );
    await settle();
    expect(await status(a)).toBe("Stopped");
    await client().startInstance(new $Ecs.StartInstanceRequest({ instanceId: a }));
    expect(await status(a)).toBe("Starting");
    await settle();
    await expectEcsError(
      client().deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: a })),
      "IncorrectInstanceStatus",
      403,
    );
    await client().deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: a, force: true }));
    await expectEcsError(
      client().describeInstanceAttribute(
        new $Ecs.DescribeInstanceAttributeRequest({ instanceId: a }),
      ),
      "InvalidInstanceId.NotFound",
      404,
    );
    await expectEcsError(
      client().runInstances(
        new $Ecs.RunInstancesRequest({
          regionId: ids.region,
          vSwitchId: ids.vSwitch,
          securityGroupId: ids.otherVpcGroup,
        }),
      ),
      "InvalidInstanceId.Mismatch",
      400,
    );
  });

  it("creates, attaches, detaches and deletes an ENI through Attaching and Detaching", async () => {
    const created = await client().createNetworkInterface(
      new $Ecs.CreateNetworkInterfaceRequest({
        regionId: ids.region,
        vSwitchId: ids.vSwitch,
        securityGroupId: ids.dbGroup,
      }),
    );
    const eniId = created.body!.networkInterfaceId!;
    expect(created.body).toEqual(
      expect.objectContaining({ status: "Available", type: "Secondary", vpcId: ids.vpc }),
    );
    const attach = new $Ecs.AttachNetworkInterfaceRequest({
      regionId: ids.region,
      networkInterfaceId: eniId,
      instanceId: ids.web2,
    });
    await client().attachNetworkInterface(attach);
    expect(await eniStatus(eniId)).toBe("Attaching");
    await settle();
    expect(await eniStatus(eniId)).toBe("InUse");
    const remove = new $Ecs.DeleteNetworkInterfaceRequest({
      regionId: ids.region,
      networkInterfaceId: eniId,
    });
    await expectEcsError(
      client().deleteNetworkInterface(remove),
      "InvalidOperation.InvalidEniState",
      400,
    );
    await client().detachNetworkInterface(
      new $Ecs.DetachNetworkInterfaceRequest({
        regionId: ids.region,
        networkInterfaceId: eniId,
        instanceId: ids.web2,
      }),
    );
    expect(await eniStatus(eniId)).toBe("Detaching");
    await settle();
    await client().deleteNetworkInterface(remove);
    await expectEcsError(client().deleteNetworkInterface(remove), "InvalidEniId.NotFound", 404);
  });
});
