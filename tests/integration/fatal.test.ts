/**
 * Failures that retrying cannot fix end the operation at once, with one request, and a
 * message that names the target, the group, the ECS code, the RequestId and what to do: the
 * last group, the 5-group limit, a locked instance, and a membership this resource did not
 * create (DESIGN decision 3: adoption is opt-in).
 */

import type { EmulatorControl } from "../../emulator";
import {
  createMembership,
  groupsOf,
  ids,
  integrationSuite,
  logOf,
  rejection,
  setGroups,
  SHIM,
} from "./helpers";

const s = integrationSuite();

/** The one request of `action` in the log: there was no retry. */
async function onlyRequest(control: EmulatorControl, action: string) {
  const log = await logOf(control, action);
  expect(log).toHaveLength(1);
  return log[0];
}

describe("leaving the last group is refused", () => {
  test.each([
    {
      kind: "instance",
      target: ids.web1,
      group: ids.webGroup,
      code: "InstanceLastSecurityGroup",
      name: `instance ${ids.web1}`,
    },
    {
      kind: "ENI",
      target: ids.availableEni,
      group: ids.appGroup,
      code: "InvalidOperation.AtLeastInOneGroup",
      name: `network interface ${ids.availableEni}`,
    },
  ])("$kind: $code", async ({ target, group, code, name }) => {
    const id = `${ids.region}/${target}/${group}`;
    const error = await rejection(s.rt.delete(id, { __provider: SHIM }));
    const leave = await onlyRequest(s.control, "LeaveSecurityGroup");
    expect(leave.code).toBe(code);
    expect(error.message).toContain(name);
    expect(error.message).toContain(group);
    expect(error.message).toContain(code);
    expect(error.message).toContain(`RequestId ${leave.requestId}`);
    expect(error.message).toMatch(/What to do: this is the target's last security group/);
    expect(error.message).toContain("pulumi state delete");
    expect(await groupsOf(s.control, target)).toEqual([group]);
  });
});

test("a sixth group is refused: InstanceSecurityGroupLimitExceeded, fatal, no retry", async () => {
  const five = [ids.webGroup, ids.appGroup, ids.dbGroup, ids.opsGroup, ids.cacheGroup];
  await setGroups(s.control, ids.web1, five);
  const error = await rejection(
    createMembership(s.rt, {
      instanceId: ids.web1,
      securityGroupId: ids.monitorGroup,
      regionId: ids.region,
    }),
  );
  const join = await onlyRequest(s.control, "JoinSecurityGroup");
  expect(join.code).toBe("InstanceSecurityGroupLimitExceeded");
  expect(error.message).toContain("InstanceSecurityGroupLimitExceeded");
  expect(error.message).toContain(`RequestId ${join.requestId}`);
  expect(error.message).toMatch(/in as many security groups as allowed \(5 by default\)/);
  expect(error).not.toHaveProperty("id"); // not a partial create: nothing was recorded
  expect(await s.control.requests()).toHaveLength(1);
  expect(await groupsOf(s.control, ids.web1)).toEqual(five);
});

test("a locked instance is refused: InstanceLockedForSecurity, fatal, no retry", async () => {
  const error = await rejection(
    createMembership(s.rt, {
      instanceId: ids.locked,
      securityGroupId: ids.dbGroup,
      regionId: ids.region,
    }),
  );
  const join = await onlyRequest(s.control, "JoinSecurityGroup");
  expect(join.code).toBe("InstanceLockedForSecurity");
  expect(error.message).toContain(`instance ${ids.locked}`);
  expect(error.message).toContain("InstanceLockedForSecurity");
  expect(error.message).toMatch(/locked for security reasons; resolve the lock/);
  expect(await groupsOf(s.control, ids.locked)).toEqual([ids.webGroup]);
});

describe("a target already in the group", () => {
  const args = { instanceId: ids.web1, securityGroupId: ids.appGroup, regionId: ids.region };
  beforeEach(() => setGroups(s.control, ids.web1, [ids.webGroup, ids.appGroup]));

  test("without adoptExisting: create fails, says how to adopt, and leaves it alone", async () => {
    const error = await rejection(createMembership(s.rt, args));
    const join = await onlyRequest(s.control, "JoinSecurityGroup");
    expect(join.code).toBe("InvalidInstanceId.AlreadyExists");
    expect(error.message).toContain("InvalidInstanceId.AlreadyExists");
    expect(error.message).toContain(`RequestId ${join.requestId}`);
    expect(error.message).toContain("adoptExisting: true");
    expect(await logOf(s.control, "LeaveSecurityGroup")).toEqual([]);
    expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup, ids.appGroup]);
  });

  test("with adoptExisting: create adopts it (adopted=true), and destroy removes it", async () => {
    const { id, outs, state } = await createMembership(s.rt, { ...args, adoptExisting: true });
    expect(outs).toMatchObject({
      adopted: true,
      adoptExisting: true,
      targetSecurityGroupIds: [ids.webGroup, ids.appGroup],
    });
    expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup, ids.appGroup]);
    expect((await s.rt.read(id, state)).props).toMatchObject({ adopted: true });
    await s.rt.delete(id, state);
    expect((await onlyRequest(s.control, "LeaveSecurityGroup")).status).toBe(200);
    expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup]);
  });

  test("SG_MEMBERSHIP_ADOPT_EXISTING=true no longer adopts: create still fails, and says how", async () => {
    process.env.SG_MEMBERSHIP_ADOPT_EXISTING = "true";
    try {
      const error = await rejection(createMembership(s.rt, args));
      expect(error.message).toMatch(/set adoptExisting: true/);
    } finally {
      delete process.env.SG_MEMBERSHIP_ADOPT_EXISTING;
    }
    expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup, ids.appGroup]);
  });
});
