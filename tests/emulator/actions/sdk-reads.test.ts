/** The Describe* actions through the official SDK: filters, paging, shapes and errors. */
import { DEFAULT_IDS as ids, type RunningEmulator, startEmulator } from "../../../emulator";
import { $Ecs, ecsClient, expectEcsError, SIGNATURES } from "../../helpers/ecs-client";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.control.reset());

describe.each(SIGNATURES)("reads with %s", (signature) => {
  const client = () => ecsClient(emulator.endpoint, { signature });
  const describeInstances = (p: ConstructorParameters<typeof $Ecs.DescribeInstancesRequest>[0]) =>
    client().describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: ids.region, ...p }));
  const describeEnis = (
    p: ConstructorParameters<typeof $Ecs.DescribeNetworkInterfacesRequest>[0],
  ) =>
    client().describeNetworkInterfaces(
      new $Ecs.DescribeNetworkInterfacesRequest({ regionId: ids.region, ...p }),
    );
  const instanceIdsOf = (res: Awaited<ReturnType<typeof describeInstances>>) =>
    res.body!.instances!.instance!.map((i) => i.instanceId!);

  it("DescribeInstanceAttribute answers the instance with its groups and locks", async () => {
    const res = await client().describeInstanceAttribute(
      new $Ecs.DescribeInstanceAttributeRequest({ instanceId: ids.locked }),
    );
    expect(res.body).toEqual(
      expect.objectContaining({
        instanceId: ids.locked,
        status: "Running",
        regionId: ids.region,
        securityGroupIds: { securityGroupId: [ids.webGroup] },
        operationLocks: { lockReason: [{ lockReason: "security" }] },
      }),
    );
    expect(res.body!.vpcAttributes!.vpcId).toBe(ids.vpc);
  });

  it("DescribeInstances filters by a JSON list of IDs and skips unknown ones", async () => {
    const res = await describeInstances({
      instanceIds: JSON.stringify([ids.web2, "i-bp1nosuchinstance000001", ids.stopped]),
    });
    expect(instanceIdsOf(res)).toEqual([ids.web2, ids.stopped]);
    expect(res.body!.instances!.instance![1].status).toBe("Stopped");
    expect(instanceIdsOf(await describeInstances({ instanceIds: "[]" }))).toEqual([]);
  });

  it("DescribeInstances filters by group, VPC and status", async () => {
    expect(instanceIdsOf(await describeInstances({ securityGroupId: ids.appGroup }))).toEqual([
      ids.stopped,
    ]);
    expect(instanceIdsOf(await describeInstances({ status: "Stopped" }))).toEqual([ids.stopped]);
    expect(instanceIdsOf(await describeInstances({ vpcId: ids.otherVpc }))).toEqual([]);
    expect(instanceIdsOf(await describeInstances({ instanceName: "web*" }))).toHaveLength(3);
  });

  it("DescribeInstances pages with NextToken/MaxResults and PageNumber/PageSize", async () => {
    const ec2 = client();
    await ec2.runInstances(
      new $Ecs.RunInstancesRequest({
        regionId: ids.region,
        vSwitchId: ids.vSwitch,
        securityGroupId: ids.dbGroup,
        amount: 20,
      }),
    );
    const seen: string[] = [];
    let nextToken: string | undefined;
    let calls = 0;
    do {
      const res = await describeInstances({ maxResults: 10, nextToken });
      seen.push(...instanceIdsOf(res));
      nextToken = res.body!.nextToken || undefined;
      calls++;
    } while (nextToken);
    expect(calls).toBe(3);
    expect(new Set(seen).size).toBe(25);
    const page2 = await describeInstances({ pageNumber: 2, pageSize: 10 });
    expect(page2.body).toEqual(
      expect.objectContaining({ totalCount: 25, pageNumber: 2, pageSize: 10 }),
    );
    expect(instanceIdsOf(page2)).toEqual(seen.slice(10, 20));
  });

  it.each([
    [
      "over 100 IDs",
      { instanceIds: JSON.stringify(Array.from({ length: 101 }, (_, n) => `i-bp1x${n}`)) },
      "InvalidInstanceIds.Malformed",
      400,
    ],
    ["IDs that are not JSON", { instanceIds: "i-1,i-2" }, "InvalidInstanceIds.Malformed", 400],
    ["an unknown status", { status: "Sleeping" }, "InvalidStatus.NotFound", 404],
    ["a forged NextToken", { nextToken: "zz", maxResults: 10 }, "InValidParameter.NextToken", 400],
    ["DryRun", { dryRun: true }, "DryRunOperation", 400],
    ["no RegionId", { regionId: "" }, "MissingParameter.RegionId", 400],
  ] as const)("DescribeInstances refuses %s", async (_what, params, code, status) => {
    await expectEcsError(describeInstances(params), code, status);
  });

  it("DescribeNetworkInterfaces filters by IDs, instance, type and group (secondary ENIs only)", async () => {
    const idsOf = (res: Awaited<ReturnType<typeof describeEnis>>) =>
      res.body!.networkInterfaceSets!.networkInterfaceSet!.map((e) => e.networkInterfaceId);
    const byId = await describeEnis({ networkInterfaceId: [ids.availableEni, ids.attachedEni] });
    expect(idsOf(byId).sort()).toEqual([ids.attachedEni, ids.availableEni].sort());
    const attached = byId.body!.networkInterfaceSets!.networkInterfaceSet!.find(
      (e) => e.networkInterfaceId === ids.attachedEni,
    )!;
    expect(attached).toEqual(
      expect.objectContaining({
        status: "InUse",
        type: "Secondary",
        instanceId: ids.web1,
        securityGroupIds: { securityGroupId: [ids.webGroup] },
      }),
    );
    const ofWeb1 = await describeEnis({ instanceId: ids.web1 });
    expect(
      ofWeb1.body!.networkInterfaceSets!.networkInterfaceSet!.map((e) => e.type).sort(),
    ).toEqual(["Primary", "Secondary"]);
    expect(idsOf(await describeEnis({ securityGroupId: ids.webGroup }))).toEqual([ids.attachedEni]);
    expect(idsOf(await describeEnis({ type: "Secondary", status: "Available" }))).toEqual([
      ids.availableEni,
    ]);
    const tooMany = Array.from({ length: 101 }, (_, n) => `eni-bp1x${n}`);
    await expectEcsError(describeEnis({ networkInterfaceId: tooMany }), "InvalidParameter", 400);
  });

  it("DescribeNetworkInterfaceAttribute answers one ENI and needs RegionId", async () => {
    const res = await client().describeNetworkInterfaceAttribute(
      new $Ecs.DescribeNetworkInterfaceAttributeRequest({
        regionId: ids.region,
        networkInterfaceId: ids.availableEni,
      }),
    );
    expect(res.body).toEqual(
      expect.objectContaining({
        networkInterfaceId: ids.availableEni,
        status: "Available",
        vpcId: ids.vpc,
      }),
    );
    await expectEcsError(
      client().describeNetworkInterfaceAttribute(
        new $Ecs.DescribeNetworkInterfaceAttributeRequest({ networkInterfaceId: ids.availableEni }),
      ),
      "MissingParameter.RegionId",
      400,
    );
  });

  it("DescribeSecurityGroups filters by type and IDs, newest ID first", async () => {
    const describe = (p: ConstructorParameters<typeof $Ecs.DescribeSecurityGroupsRequest>[0]) =>
      client().describeSecurityGroups(
        new $Ecs.DescribeSecurityGroupsRequest({ regionId: ids.region, maxResults: 100, ...p }),
      );
    const enterprise = await describe({ securityGroupType: "enterprise" });
    expect(enterprise.body!.securityGroups!.securityGroup!.map((g) => g.securityGroupId)).toEqual([
      ids.enterpriseGroup,
    ]);
    const two = await describe({ securityGroupIds: JSON.stringify([ids.appGroup, ids.webGroup]) });
    expect(two.body!.securityGroups!.securityGroup!.map((g) => g.securityGroupId)).toEqual([
      ids.webGroup,
      ids.appGroup,
    ]);
    const managed = await describe({ securityGroupId: ids.managedGroup });
    expect(managed.body!.securityGroups!.securityGroup![0]).toEqual(
      expect.objectContaining({
        serviceManaged: true,
        securityGroupType: "normal",
        vpcId: ids.vpc,
      }),
    );
    await expectEcsError(
      describe({ securityGroupType: "premium" }),
      "InvalidParameter.SecurityGroupType",
      400,
    );
  });

  it("DescribeSecurityGroups leaves out TotalCount when paging by MaxResults/NextToken", async () => {
    const byToken = await client().describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId: ids.region, maxResults: 2 }),
    );
    expect(byToken.body!.securityGroups!.securityGroup).toHaveLength(2);
    expect(byToken.body!.nextToken).toEqual(expect.any(String));
    expect(byToken.body!.totalCount).toBeUndefined();
    const next = await client().describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({
        regionId: ids.region,
        nextToken: byToken.body!.nextToken,
      }),
    );
    expect(next.body!.totalCount).toBeUndefined();
    const byPage = await client().describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId: ids.region, pageSize: 2 }),
    );
    expect(byPage.body).toEqual(
      expect.objectContaining({ totalCount: 9, pageNumber: 1, pageSize: 2 }),
    );
  });

  it("DescribeInstances and DescribeNetworkInterfaces still answer TotalCount with NextToken", async () => {
    // Their docs call it meaningless in that mode, not absent.
    const instances = await describeInstances({ maxResults: 10 });
    expect(instances.body!.totalCount).toBe(5);
    const enis = await describeEnis({ maxResults: 10 });
    expect(enis.body!.totalCount).toBe(7);
  });

  it("reads lag behind writes while consistencyLagMs is set", async () => {
    await emulator.control.setConfig({ consistencyLagMs: 300 });
    await client().joinSecurityGroup(
      new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web2, securityGroupId: ids.opsGroup }),
    );
    const before = await describeInstances({ instanceIds: JSON.stringify([ids.web2]) });
    expect(before.body!.instances!.instance![0].securityGroupIds!.securityGroupId).toEqual([
      ids.webGroup,
    ]);
    await new Promise((r) => setTimeout(r, 350));
    const after = await describeInstances({ instanceIds: JSON.stringify([ids.web2]) });
    expect(after.body!.instances!.instance![0].securityGroupIds!.securityGroupId).toEqual([
      ids.webGroup,
      ids.opsGroup,
    ]);
  });
});
