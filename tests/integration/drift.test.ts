/**
 * Drift: a membership removed behind Pulumi's back (LeaveSecurityGroup or Modify*Attribute
 * through the SDK) reads as gone; a deleted instance or ENI reads as gone and its delete
 * succeeds as already done.
 */

import { $Ecs, ecsClient } from "../helpers/ecs-client";
import { createMembership, groupsOf, ids, integrationSuite, outcomes, type Props } from "./helpers";

const s = integrationSuite();
const sdk = () => ecsClient(s.emulator.endpoint);
const GONE = { id: "", props: {} };

const instanceArgs = { instanceId: ids.web2, securityGroupId: ids.dbGroup, regionId: ids.region };
const eniArgs = {
  networkInterfaceId: ids.availableEni,
  securityGroupId: ids.dbGroup,
  regionId: ids.region,
};

async function readsPresentThenGone(id: string, state: Props, outOfBand: () => Promise<unknown>) {
  expect((await s.rt.read(id, state)).id).toBe(id);
  await outOfBand();
  expect(await s.rt.read(id, state)).toEqual(GONE);
}

test("membership left through the SDK's LeaveSecurityGroup: read reports gone, delete succeeds", async () => {
  const { id, state } = await createMembership(s.rt, instanceArgs);
  await readsPresentThenGone(id, state, () =>
    sdk().leaveSecurityGroup(
      new $Ecs.LeaveSecurityGroupRequest({ instanceId: ids.web2, securityGroupId: ids.dbGroup }),
    ),
  );
  await s.rt.delete(id, state);
  expect(await outcomes(s.control, "LeaveSecurityGroup")).toEqual([
    "OK", // the out-of-band one
    "InvalidSecurityGroupAssociation.NotFound",
  ]);
  expect(await groupsOf(s.control, ids.web2)).toEqual([ids.webGroup]);
});

test("groups replaced by ModifyInstanceAttribute: read reports gone", async () => {
  const { id, state } = await createMembership(s.rt, instanceArgs);
  await readsPresentThenGone(id, state, () =>
    sdk().modifyInstanceAttribute(
      new $Ecs.ModifyInstanceAttributeRequest({
        instanceId: ids.web2,
        securityGroupIds: [ids.appGroup],
      }),
    ),
  );
  expect(await groupsOf(s.control, ids.web2)).toEqual([ids.appGroup]);
});

test("ENI groups replaced by ModifyNetworkInterfaceAttribute: read reports gone", async () => {
  const { id, state } = await createMembership(s.rt, eniArgs);
  await readsPresentThenGone(id, state, () =>
    sdk().modifyNetworkInterfaceAttribute(
      new $Ecs.ModifyNetworkInterfaceAttributeRequest({
        regionId: ids.region,
        networkInterfaceId: ids.availableEni,
        securityGroupId: [ids.appGroup],
      }),
    ),
  );
});

test("instance deleted (DeleteInstance Force): read reports gone, delete succeeds", async () => {
  const { id, state } = await createMembership(s.rt, instanceArgs);
  await readsPresentThenGone(id, state, () =>
    sdk().deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: ids.web2, force: true })),
  );
  await expect(s.rt.delete(id, state)).resolves.toBeUndefined();
  // Its read for other owners' records found the instance gone: nothing to leave.
  expect(await outcomes(s.control, "LeaveSecurityGroup")).toEqual([]);
  expect((await s.control.state()).instances.map((i) => i.instanceId)).not.toContain(ids.web2);
});

test("ENI deleted (DeleteNetworkInterface): read reports gone, delete succeeds", async () => {
  const { id, state } = await createMembership(s.rt, eniArgs);
  await readsPresentThenGone(id, state, () =>
    sdk().deleteNetworkInterface(
      new $Ecs.DeleteNetworkInterfaceRequest({
        regionId: ids.region,
        networkInterfaceId: ids.availableEni,
      }),
    ),
  );
  await expect(s.rt.delete(id, state)).resolves.toBeUndefined();
  expect(await outcomes(s.control, "LeaveSecurityGroup")).toEqual([]);
  // Read by ID alone of the vanished ENI: gone too.
  expect(await s.rt.read(id, {})).toEqual(GONE);
});
