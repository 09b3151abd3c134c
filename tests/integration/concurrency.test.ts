/**
 * Operations the engine runs in parallel in one provider process (DESIGN decision 6): writes to
 * one target go one at a time, and a Leave of the target's last group waits for a Join to the
 * same target that is in flight (DESIGN decision 4's exception), as in a create-before-delete
 * replace of an instance's only group.
 */

import {
  createMembership,
  endOf as end,
  groupsOf,
  ids,
  integrationSuite,
  logOf,
  outcomes,
  SHIM,
  startOf as start,
} from "./helpers";

const s = integrationSuite();

test("5 concurrent creates on one instance all succeed; its Joins never overlap", async () => {
  // web1 starts in one group; 1 + 5 = 6 groups exceed ECS's default limit of 5, so the
  // emulator's limit is raised to 6 for this test.
  await s.control.setConfig({ maxGroupsPerTarget: 6 });
  // Latency makes any overlap visible in the log's times.
  await s.control.addFault({ action: "JoinSecurityGroup", latencyMs: 150 });
  const groups = [ids.appGroup, ids.dbGroup, ids.opsGroup, ids.cacheGroup, ids.monitorGroup];
  const created = await Promise.all(
    groups.map((g) =>
      createMembership(s.rt, { instanceId: ids.web1, securityGroupId: g, regionId: ids.region }),
    ),
  );
  expect(created.map((c) => c.id)).toEqual(groups.map((g) => `${ids.region}/${ids.web1}/${g}`));
  for (const c of created) expect(c.outs.targetSecurityGroupIds).toContain(c.outs.securityGroupId);
  expect((await groupsOf(s.control, ids.web1))!.sort()).toEqual([ids.webGroup, ...groups].sort());

  const joins = (await logOf(s.control, "JoinSecurityGroup")).sort((a, b) => start(a) - start(b));
  expect(joins.map((r) => r.code ?? "OK")).toEqual(["OK", "OK", "OK", "OK", "OK"]);
  for (let i = 1; i < joins.length; i++) {
    expect(start(joins[i])).toBeGreaterThanOrEqual(end(joins[i - 1]));
  }
  // One confirmation read per create at most (they are 150 ms apart, too far to share one).
  expect((await logOf(s.control, "DescribeInstances")).length).toBeLessThanOrEqual(groups.length);
});

describe("deleting the last group while a Join to the same target is in flight", () => {
  // web1's only group is web. A replace moving it to db creates db first, then deletes web;
  // the engine may send the delete while the create's Join is still on its way.
  test.each([
    {
      name: "a slow Join: the Leave waits its turn behind it, then goes through",
      rule: { latencyMs: 300 },
      joins: ["OK"],
      leaves: ["OK"],
    },
    {
      name: "a slow Join that fails and is retried: the Leave meets the last-group rule, waits for the Join, then goes through",
      rule: { latencyMs: 300, code: "ServiceUnavailable" },
      joins: ["ServiceUnavailable", "OK"],
      leaves: ["InstanceLastSecurityGroup", "OK"],
    },
  ])("$name", async ({ rule, joins, leaves }) => {
    await s.control.addFault({ action: "JoinSecurityGroup", count: 1, ...rule });
    const creating = createMembership(s.rt, {
      instanceId: ids.web1,
      securityGroupId: ids.dbGroup,
      regionId: ids.region,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const id = `${ids.region}/${ids.web1}/${ids.webGroup}`;
    const deleting = s.rt.delete(id, { __provider: SHIM });
    await expect(Promise.all([creating, deleting])).resolves.toBeDefined();

    expect(await outcomes(s.control, "JoinSecurityGroup")).toEqual(joins);
    expect(await outcomes(s.control, "LeaveSecurityGroup")).toEqual(leaves);
    const join = (await logOf(s.control, "JoinSecurityGroup")).find((r) => !r.code)!;
    const leave = (await logOf(s.control, "LeaveSecurityGroup")).find((r) => !r.code)!;
    expect(start(leave)).toBeGreaterThanOrEqual(end(join));
    expect(await groupsOf(s.control, ids.web1)).toEqual([ids.dbGroup]);
  });
});

test("without a Join in flight, the same delete fails at once", async () => {
  const error = await s.rt
    .delete(`${ids.region}/${ids.web1}/${ids.webGroup}`, { __provider: SHIM })
    .catch((e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  expect(await outcomes(s.control, "LeaveSecurityGroup")).toEqual(["InstanceLastSecurityGroup"]);
  expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup]);
});
