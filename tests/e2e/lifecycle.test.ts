/** up, preview, refresh, replace and destroy through the real Pulumi CLI, on an instance and an ENI. */
import { DEFAULT_IDS as ids } from "../../emulator";
import { $Ecs, ecsClient } from "../helpers/ecs-client";
import {
  CLI_TIMEOUT_MS,
  E2eWorld,
  groupsByTarget,
  type Membership,
  setMemberships,
} from "./helpers";

const world = new E2eWorld();
beforeAll(() => world.start(), CLI_TIMEOUT_MS);
afterAll(() => world.stop());
jest.setTimeout(180_000);

const cases: [string, Membership, Membership, () => Promise<unknown>][] = [
  [
    "an instance",
    { name: "m", instanceId: ids.web2, securityGroupId: ids.appGroup },
    { name: "m", instanceId: ids.web2, securityGroupId: ids.dbGroup },
    () =>
      ecsClient(world.emulator.endpoint).leaveSecurityGroup(
        new $Ecs.LeaveSecurityGroupRequest({ instanceId: ids.web2, securityGroupId: ids.appGroup }),
      ),
  ],
  [
    "an ENI",
    { name: "m", networkInterfaceId: ids.attachedEni, securityGroupId: ids.appGroup },
    { name: "m", networkInterfaceId: ids.attachedEni, securityGroupId: ids.dbGroup },
    () =>
      ecsClient(world.emulator.endpoint).modifyNetworkInterfaceAttribute(
        new $Ecs.ModifyNetworkInterfaceAttributeRequest({
          regionId: ids.region,
          networkInterfaceId: ids.attachedEni,
          securityGroupId: [ids.webGroup],
        }),
      ),
  ],
];

describe.each(cases)(
  "the lifecycle of a membership of %s",
  (_kind, first, moved, removeBehindPulumi) => {
    const target = (first.instanceId ?? first.networkInterfaceId)!;

    it("creates, stays stable, heals drift, replaces join-first and destroys cleanly", async () => {
      await world.emulator.control.reset();
      const before = await world.emulator.control.state();
      const stack = await world.stack([first]);

      const up = await stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 2 });
      expect((await groupsByTarget(world.emulator))[target]).toEqual([ids.webGroup, ids.appGroup]);
      expect(up.outputs.m.value).toEqual({
        id: `${ids.region}/${target}/${ids.appGroup}`,
        groups: [ids.webGroup, ids.appGroup],
        kind: first.instanceId ? "instance" : "networkInterface",
        target,
        adopted: false,
      });

      const again = await stack.preview();
      expect(again.changeSummary).toEqual({ same: 2 });

      await removeBehindPulumi();
      const refresh = await stack.refresh();
      expect(refresh.summary.resourceChanges).toEqual(expect.objectContaining({ delete: 1 }));
      const healed = await stack.up();
      expect(healed.summary.resourceChanges).toEqual(expect.objectContaining({ create: 1 }));
      expect((await groupsByTarget(world.emulator))[target]).toContain(ids.appGroup);

      await world.emulator.control.clearRequests();
      await setMemberships(stack, [moved]);
      const replaced = await stack.up();
      expect(replaced.summary.resourceChanges).toEqual(expect.objectContaining({ replace: 1 }));
      const writes = (await world.emulator.control.requests())
        .filter((r) => r.action === "JoinSecurityGroup" || r.action === "LeaveSecurityGroup")
        .map((r) => `${r.action} ${r.params.SecurityGroupId} ${r.status}`);
      expect(writes).toEqual([
        `JoinSecurityGroup ${ids.dbGroup} 200`,
        `LeaveSecurityGroup ${ids.appGroup} 200`,
      ]);

      await stack.destroy();
      const after = await world.emulator.control.state();
      expect(after.networkInterfaces).toEqual(before.networkInterfaces);
      await stack.workspace.removeStack(stack.name);
    });
  },
);
