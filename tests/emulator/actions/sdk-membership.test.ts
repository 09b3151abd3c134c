/** Join, Leave and the Modify*Attribute actions through the official SDK, with both signatures. */
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../../emulator";
import { $Ecs, ecsClient, expectEcsError, SIGNATURES } from "../../helpers/ecs-client";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

const join = (p: ConstructorParameters<typeof $Ecs.JoinSecurityGroupRequest>[0]) =>
  new $Ecs.JoinSecurityGroupRequest(p);
const leave = (p: ConstructorParameters<typeof $Ecs.LeaveSecurityGroupRequest>[0]) =>
  new $Ecs.LeaveSecurityGroupRequest(p);

async function groupsOfInstance(instanceId: string): Promise<string[]> {
  const client = ecsClient(emulator.endpoint);
  const res = await client.describeInstanceAttribute(
    new $Ecs.DescribeInstanceAttributeRequest({ instanceId }),
  );
  return res.body?.securityGroupIds?.securityGroupId ?? [];
}

async function groupsOfEni(networkInterfaceId: string): Promise<string[]> {
  const client = ecsClient(emulator.endpoint);
  const res = await client.describeNetworkInterfaceAttribute(
    new $Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: ids.region, networkInterfaceId }),
  );
  return res.body?.securityGroupIds?.securityGroupId ?? [];
}

describe.each(SIGNATURES)("membership with %s", (signature) => {
  const client = () => ecsClient(emulator.endpoint, { signature });

  it("joins and leaves an instance, answering only a RequestId", async () => {
    const joined = await client().joinSecurityGroup(
      join({ instanceId: ids.web1, securityGroupId: ids.appGroup }),
    );
    expect(joined.statusCode).toBe(200);
    expect(joined.body?.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(await groupsOfInstance(ids.web1)).toEqual([ids.webGroup, ids.appGroup]);
    await client().leaveSecurityGroup(
      leave({ instanceId: ids.web1, securityGroupId: ids.webGroup }),
    );
    expect(await groupsOfInstance(ids.web1)).toEqual([ids.appGroup]);
  });

  it("joins and leaves a secondary ENI (RegionId required)", async () => {
    await client().joinSecurityGroup(
      join({
        networkInterfaceId: ids.attachedEni,
        securityGroupId: ids.dbGroup,
        regionId: ids.region,
      }),
    );
    expect(await groupsOfEni(ids.attachedEni)).toEqual([ids.webGroup, ids.dbGroup]);
    await client().leaveSecurityGroup(
      leave({
        networkInterfaceId: ids.attachedEni,
        securityGroupId: ids.dbGroup,
        regionId: ids.region,
      }),
    );
    expect(await groupsOfEni(ids.attachedEni)).toEqual([ids.webGroup]);
  });

  it("replaces an instance's groups with ModifyInstanceAttribute", async () => {
    await client().modifyInstanceAttribute(
      new $Ecs.ModifyInstanceAttributeRequest({
        instanceId: ids.web2,
        securityGroupIds: [ids.appGroup, ids.dbGroup],
      }),
    );
    expect(await groupsOfInstance(ids.web2)).toEqual([ids.appGroup, ids.dbGroup]);
  });

  it("replaces an ENI's groups with ModifyNetworkInterfaceAttribute", async () => {
    await client().modifyNetworkInterfaceAttribute(
      new $Ecs.ModifyNetworkInterfaceAttributeRequest({
        regionId: ids.region,
        networkInterfaceId: ids.availableEni,
        securityGroupId: [ids.opsGroup],
      }),
    );
    expect(await groupsOfEni(ids.availableEni)).toEqual([ids.opsGroup]);
  });

  const primaryOf = async (instanceId: string) =>
    (await emulator.control.state()).instances.find((i) => i.instanceId === instanceId)!
      .primaryNetworkInterfaceId;

  // [what, call, code, status]
  const refusals: [string, () => Promise<unknown>, string, number][] = [
    [
      "already a member",
      () =>
        client().joinSecurityGroup(join({ instanceId: ids.web1, securityGroupId: ids.webGroup })),
      "InvalidInstanceId.AlreadyExists",
      403,
    ],
    [
      "not a member",
      () =>
        client().leaveSecurityGroup(leave({ instanceId: ids.web1, securityGroupId: ids.appGroup })),
      "InvalidSecurityGroupAssociation.NotFound",
      400,
    ],
    [
      "last group",
      () =>
        client().leaveSecurityGroup(leave({ instanceId: ids.web1, securityGroupId: ids.webGroup })),
      "InstanceLastSecurityGroup",
      403,
    ],
    [
      "last group of an ENI",
      () =>
        client().leaveSecurityGroup(
          leave({
            networkInterfaceId: ids.attachedEni,
            securityGroupId: ids.webGroup,
            regionId: ids.region,
          }),
        ),
      "InvalidOperation.AtLeastInOneGroup",
      403,
    ],
    [
      "another VPC",
      () =>
        client().joinSecurityGroup(
          join({ instanceId: ids.web1, securityGroupId: ids.otherVpcGroup }),
        ),
      "InvalidInstanceId.Mismatch",
      400,
    ],
    [
      "another VPC for an ENI",
      () =>
        client().joinSecurityGroup(
          join({
            networkInterfaceId: ids.attachedEni,
            securityGroupId: ids.otherVpcGroup,
            regionId: ids.region,
          }),
        ),
      "InvalidOperation.VpcMismatch",
      403,
    ],
    [
      "basic and enterprise mixed",
      () =>
        client().joinSecurityGroup(
          join({ instanceId: ids.web1, securityGroupId: ids.enterpriseGroup }),
        ),
      "InvalidOperation.MultiGroupType",
      400,
    ],
    [
      "locked for security",
      () =>
        client().joinSecurityGroup(join({ instanceId: ids.locked, securityGroupId: ids.appGroup })),
      "InstanceLockedForSecurity",
      403,
    ],
    [
      "managed group",
      () =>
        client().joinSecurityGroup(
          join({ instanceId: ids.web1, securityGroupId: ids.managedGroup }),
        ),
      "InvalidOperation.ResourceManagedByCloudProduct",
      403,
    ],
    [
      "instance and ENI together",
      () =>
        client().joinSecurityGroup(
          join({
            instanceId: ids.web1,
            networkInterfaceId: ids.attachedEni,
            securityGroupId: ids.appGroup,
          }),
        ),
      "InvalidParam.EniIdAndInstanceId.Conflict",
      403,
    ],
    [
      "ENI without RegionId",
      () =>
        client().leaveSecurityGroup(
          leave({ networkInterfaceId: ids.attachedEni, securityGroupId: ids.webGroup }),
        ),
      "MissingParameter.RegionId",
      400,
    ],
    [
      "no SecurityGroupId",
      () => client().joinSecurityGroup(join({ instanceId: ids.web1 })),
      "MissingParameter",
      400,
    ],
    [
      "unknown instance",
      () =>
        client().joinSecurityGroup(
          join({ instanceId: "i-bp1nosuchinstance000001", securityGroupId: ids.appGroup }),
        ),
      "InvalidInstanceId.NotFound",
      404,
    ],
    [
      "malformed instance",
      () =>
        client().joinSecurityGroup(join({ instanceId: "web 1", securityGroupId: ids.appGroup })),
      "InvalidInstanceId.Malformed",
      400,
    ],
    [
      "unknown group",
      () =>
        client().joinSecurityGroup(
          join({ instanceId: ids.web1, securityGroupId: "sg-bp1nosuchgroup00000001" }),
        ),
      "InvalidSecurityGroupId.NotFound",
      404,
    ],
    [
      "unknown ENI",
      () =>
        client().joinSecurityGroup(
          join({
            networkInterfaceId: "eni-bp1nosuch000000000001",
            securityGroupId: ids.appGroup,
            regionId: ids.region,
          }),
        ),
      "InvalidEniId.NotFound",
      404,
    ],
    [
      "primary ENI",
      async () =>
        client().joinSecurityGroup(
          join({
            networkInterfaceId: await primaryOf(ids.web1),
            securityGroupId: ids.appGroup,
            regionId: ids.region,
          }),
        ),
      "InvalidOperation.InvalidEniType",
      403,
    ],
    [
      "repeated groups",
      () =>
        client().modifyInstanceAttribute(
          new $Ecs.ModifyInstanceAttributeRequest({
            instanceId: ids.web1,
            securityGroupIds: [ids.appGroup, ids.appGroup],
          }),
        ),
      "InvalidParameter.SecurityGroupIdRepeated",
      404,
    ],
    [
      "too many groups in a replace",
      () =>
        client().modifyInstanceAttribute(
          new $Ecs.ModifyInstanceAttributeRequest({
            instanceId: ids.web1,
            securityGroupIds: [
              ids.webGroup,
              ids.appGroup,
              ids.dbGroup,
              ids.opsGroup,
              ids.cacheGroup,
              ids.monitorGroup,
            ],
          }),
        ),
      "JoinedGroupLimitExceed",
      400,
    ],
    [
      "mixed types in a replace",
      () =>
        client().modifyInstanceAttribute(
          new $Ecs.ModifyInstanceAttributeRequest({
            instanceId: ids.web1,
            securityGroupIds: [ids.appGroup, ids.enterpriseGroup],
          }),
        ),
      "EnterpriseGroupLimited.MutliGroupType",
      403,
    ],
    [
      "primary ENI modify",
      async () =>
        client().modifyNetworkInterfaceAttribute(
          new $Ecs.ModifyNetworkInterfaceAttributeRequest({
            regionId: ids.region,
            networkInterfaceId: await primaryOf(ids.web1),
            securityGroupId: [ids.appGroup],
          }),
        ),
      "InvalidOperation.PrimaryEniOnlySupportModifyNameAndDesc",
      404,
    ],
  ];
  it.each(refusals)("refuses: %s", async (_what, call, code, status) => {
    const error = await expectEcsError(call(), code, status);
    expect(error.data).toEqual(
      expect.objectContaining({
        Code: code,
        RequestId: expect.any(String),
        HostId: emulator.endpoint,
        Recommend: expect.stringContaining(code),
      }),
    );
  });

  it("refuses a sixth group with InstanceSecurityGroupLimitExceeded", async () => {
    for (const g of [ids.appGroup, ids.dbGroup, ids.opsGroup, ids.cacheGroup]) {
      await client().joinSecurityGroup(join({ instanceId: ids.web1, securityGroupId: g }));
    }
    await expectEcsError(
      client().joinSecurityGroup(join({ instanceId: ids.web1, securityGroupId: ids.monitorGroup })),
      "InstanceSecurityGroupLimitExceeded",
      400,
    );
  });

  it("refuses an instance while Stopping, then accepts it once Stopped", async () => {
    await emulator.control.setConfig({ transitionMs: 300 });
    await client().stopInstance(new $Ecs.StopInstanceRequest({ instanceId: ids.web3 }));
    const request = join({ instanceId: ids.web3, securityGroupId: ids.appGroup });
    await expectEcsError(client().joinSecurityGroup(request), "IncorrectInstanceStatus", 403);
    await new Promise((r) => setTimeout(r, 350));
    await client().joinSecurityGroup(request);
    expect(await groupsOfInstance(ids.web3)).toEqual([ids.webGroup, ids.appGroup]);
  });

  it("refuses an ENI while Attaching and a service-managed ENI", async () => {
    await client().attachNetworkInterface(
      new $Ecs.AttachNetworkInterfaceRequest({
        regionId: ids.region,
        networkInterfaceId: ids.availableEni,
        instanceId: ids.web2,
      }),
    );
    const request = join({
      networkInterfaceId: ids.availableEni,
      securityGroupId: ids.dbGroup,
      regionId: ids.region,
    });
    await expectEcsError(
      client().joinSecurityGroup(request),
      "InvalidOperation.InvalidEniState",
      400,
    );
    await emulator.control.updateWorld((w) => {
      w.networkInterfaces.find((e) => e.networkInterfaceId === ids.attachedEni)!.serviceManaged =
        true;
    });
    await expectEcsError(
      client().joinSecurityGroup(
        join({
          networkInterfaceId: ids.attachedEni,
          securityGroupId: ids.dbGroup,
          regionId: ids.region,
        }),
      ),
      "InvalidOperation.EniServiceManaged",
      403,
    );
  });

  it("refuses an instance being created", async () => {
    const run = await client().runInstances(
      new $Ecs.RunInstancesRequest({
        regionId: ids.region,
        vSwitchId: ids.vSwitch,
        securityGroupId: ids.webGroup,
      }),
    );
    const instanceId = run.body!.instanceIdSets!.instanceIdSet![0];
    await expectEcsError(
      client().joinSecurityGroup(join({ instanceId, securityGroupId: ids.appGroup })),
      "Forbidden.InstanceIsBeingCreated",
      403,
    );
  });
});

describe("STS credentials", () => {
  it.each(SIGNATURES)("are accepted with %s", async (signature) => {
    const client = ecsClient(emulator.endpoint, { signature, sts: true });
    await client.joinSecurityGroup(join({ instanceId: ids.web2, securityGroupId: ids.cacheGroup }));
    expect(await groupsOfInstance(ids.web2)).toEqual([ids.webGroup, ids.cacheGroup]);
    const [entry] = await emulator.control.requests({ action: "JoinSecurityGroup" });
    expect(entry).toEqual(
      expect.objectContaining({ accessKeyId: "STS.ecs-emulator", signature, status: 200 }),
    );
  });

  it.each(SIGNATURES)("need the matching token with %s", async (signature) => {
    const client = ecsClient(emulator.endpoint, {
      signature,
      accessKeyId: "STS.ecs-emulator",
      accessKeySecret: "ecs-emulator-sts-secret",
      securityToken: "not-the-token",
    });
    await expectEcsError(
      client.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: ids.region })),
      "InvalidSecurityToken.MismatchWithAccessKey",
      400,
    );
  });
});

describe("credentials", () => {
  it.each(SIGNATURES)("an unknown key is refused with %s", async (signature) => {
    const client = ecsClient(emulator.endpoint, { signature, accessKeyId: "LTAInobody" });
    await expectEcsError(
      client.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: ids.region })),
      "InvalidAccessKeyId.NotFound",
      404,
    );
  });

  it.each(SIGNATURES)("a wrong secret is refused with %s", async (signature) => {
    const client = ecsClient(emulator.endpoint, { signature, accessKeySecret: "wrong" });
    await expectEcsError(
      client.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: ids.region })),
      "SignatureDoesNotMatch",
      400,
    );
  });
});
