/**
 * Every operation of the provider, as the plugin runs it (check -> create -> read -> diff ->
 * update -> delete), on an instance and on a secondary ENI, against the emulator through the
 * real SDK; read by ID alone (`SecurityGroupMembership.get`); bad input makes no call.
 */

import shim from "../../provider/shim";
import {
  checkedInputs,
  configure,
  groupsOf,
  ids,
  integrationSuite,
  logOf,
  SHIM,
  STATIC_CONFIG,
  TIMEOUTS,
} from "./helpers";

const s = integrationSuite();

const cases = [
  {
    label: "an instance",
    kind: "instance" as const,
    args: { instanceId: ids.web1, securityGroupId: ids.dbGroup, regionId: ids.region },
    targetId: ids.web1,
    before: [ids.webGroup],
    read: "DescribeInstances",
  },
  {
    label: "a secondary ENI",
    kind: "networkInterface" as const,
    args: { networkInterfaceId: ids.availableEni, securityGroupId: ids.dbGroup },
    targetId: ids.availableEni,
    before: [ids.appGroup],
    read: "DescribeNetworkInterfaces",
  },
];

describe.each(cases)("a membership of $label", ({ kind, args, targetId, before, read }) => {
  test("check -> create -> read -> diff/update -> delete, leaving the world as it was", async () => {
    const { control, rt } = s;
    // The ENI case takes its region from stack config, as check resolves it.
    const config = kind === "networkInterface" ? { "alicloud:region": ids.region } : {};
    await configure(rt, { ...STATIC_CONFIG, ...config });
    const worldBefore = await control.state();

    const inputs = await checkedInputs(rt, args);
    expect(inputs).toMatchObject({ ...args, regionId: ids.region, adoptExisting: false });
    expect(await control.requests()).toEqual([]); // check is offline

    const { id, outs } = await rt.create(inputs);
    expect(id).toBe(`${ids.region}/${targetId}/${ids.dbGroup}`);
    expect(await logOf(control, "JoinSecurityGroup")).toHaveLength(1);
    const createLog = (await control.requests()).map((r) => r.action);
    expect(createLog[0]).toBe("JoinSecurityGroup");
    expect(createLog.filter((a) => a === read).length).toBeLessThanOrEqual(1);
    expect(createLog.length).toBeLessThanOrEqual(2);
    expect(outs).toEqual({
      securityGroupId: ids.dbGroup,
      instanceId: kind === "instance" ? targetId : null,
      networkInterfaceId: kind === "instance" ? null : targetId,
      regionId: ids.region,
      adoptExisting: false,
      timeouts: TIMEOUTS,
      owner: null,
      targetKind: kind,
      targetId,
      adopted: false,
      targetSecurityGroupIds: [...before, ids.dbGroup],
    });
    expect(await groupsOf(control, targetId)).toEqual([...before, ids.dbGroup]);
    const state = { ...outs, __provider: SHIM };

    const refreshed = await rt.read(id, state);
    expect(refreshed).toEqual({ id, props: outs });
    expect(refreshed.props).toHaveProperty("targetSecurityGroupIds", [...before, ids.dbGroup]);

    const logged = (await control.requests()).length;
    expect(await rt.diff(id, state, inputs)).toEqual({ changes: false });
    const changed = await checkedInputs(rt, { ...args, timeouts: { delete: "30s" } });
    expect(await rt.diff(id, state, changed)).toEqual({ changes: true });
    expect(await rt.diff(id, state, { ...inputs, __provider: `${SHIM} v2` })).toEqual({
      changes: true,
    });
    const other = await checkedInputs(rt, { ...args, securityGroupId: ids.opsGroup });
    expect(await rt.diff(id, state, other)).toEqual({
      changes: true,
      replaces: ["securityGroupId"],
    });
    const updated = await rt.update(id, state, changed);
    expect(updated.outs).toEqual({ ...outs, timeouts: { delete: "30s" } });
    expect((await control.requests()).length).toBe(logged); // diff and update make no call

    await rt.delete(id, { ...updated.outs, __provider: SHIM });
    const leaves = await logOf(control, "LeaveSecurityGroup");
    expect(leaves.map((r) => [r.status, r.params.SecurityGroupId])).toEqual([[200, ids.dbGroup]]);
    // A read for other owners' records, the Leave, a read for owners that came meanwhile.
    expect((await control.requests()).length).toBe(logged + 3);
    expect(await control.state()).toEqual(worldBefore);

    expect(await rt.read(id, state)).toEqual({ id: "", props: {} });
  });

  test("read by ID alone, as SecurityGroupMembership.get does", async () => {
    const { control, rt } = s;
    const id = `${ids.region}/${targetId}/${before[0]}`;
    const got = await rt.read(id, { __provider: SHIM });
    expect(got).toEqual({
      id,
      props: {
        securityGroupId: before[0],
        instanceId: kind === "instance" ? targetId : null,
        networkInterfaceId: kind === "instance" ? null : targetId,
        regionId: ids.region,
        adoptExisting: false,
        timeouts: null,
        owner: null,
        targetKind: kind,
        targetId,
        adopted: false,
        targetSecurityGroupIds: before,
      },
    });
    expect((await control.requests()).map((r) => r.action)).toEqual([read]);
    const absent = `${ids.region}/${targetId}/${ids.opsGroup}`;
    expect(await rt.read(absent, { __provider: SHIM })).toEqual({ id: "", props: {} });
  });
});

test("bad input to check makes no API call, and create refuses it before any call", async () => {
  const { control, rt } = s;
  const bad = [
    { securityGroupId: "sg 1", instanceId: ids.web1, regionId: ids.region },
    { securityGroupId: ids.dbGroup, regionId: ids.region },
    { securityGroupId: ids.dbGroup, instanceId: ids.web1, networkInterfaceId: ids.availableEni },
    { securityGroupId: ids.dbGroup, instanceId: ids.availableEni, regionId: ids.region },
    { securityGroupId: ids.dbGroup, instanceId: ids.web1 }, // no region anywhere
    { securityGroupId: ids.dbGroup, instanceId: ids.web1, regionId: "CN Hangzhou" },
    { securityGroupId: ids.dbGroup, instanceId: ids.web1, regionId: ids.region, adoptExisting: 1 },
    {
      securityGroupId: ids.dbGroup,
      instanceId: ids.web1,
      regionId: ids.region,
      timeouts: { create: "5 min" },
    },
    { securityGroupId: ids.dbGroup, instanceId: ids.web1, regionId: ids.region, instanceID: "i-x" },
  ];
  for (const news of bad) {
    const { failures } = await rt.check({}, { ...news, __provider: SHIM });
    expect(failures.length).toBeGreaterThan(0);
    await expect(rt.create({ ...news, __provider: SHIM })).rejects.toThrow(
      /Invalid SecurityGroupMembership inputs/,
    );
  }
  expect(await control.requests()).toEqual([]);
  expect(await groupsOf(control, ids.web1)).toEqual([ids.webGroup]);
});

test("through the shim Pulumi serializes, which requires the installed package by name", async () => {
  // The shim resolves `pulumi-alicloud-sg-membership` to dist/ (built by `npm test` first): a
  // runtime of its own, so it gets its own configure.
  const { control } = s;
  const p = shim as Required<typeof shim>;
  await p.configure({ config: { get: (k: string) => STATIC_CONFIG[k] } } as unknown as Parameters<
    typeof p.configure
  >[0]);
  const args = { instanceId: ids.web3, securityGroupId: ids.opsGroup, regionId: ids.region };
  const { inputs, failures } = await p.check({}, { ...args, __provider: SHIM });
  expect(failures ?? []).toEqual([]);
  const { id, outs } = await p.create(inputs!);
  const state = { ...outs, __provider: SHIM };
  expect((await p.read(id, state)).props).toMatchObject({
    targetSecurityGroupIds: [ids.webGroup, ids.opsGroup],
  });
  expect(await p.diff(id, state, inputs!)).toEqual({ changes: false });
  await p.delete(id, state);
  expect((await control.requests()).map((r) => r.action)).toEqual([
    "JoinSecurityGroup",
    "DescribeInstances",
    "DescribeInstances",
    "DescribeInstances",
    "LeaveSecurityGroup",
    "DescribeInstances",
  ]);
  expect(await groupsOf(control, ids.web3)).toEqual([ids.webGroup]);
});
