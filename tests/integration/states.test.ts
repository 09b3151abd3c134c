/**
 * Targets in transition: a Join or Leave answered `IncorrectInstanceStatus` (instance Starting
 * or Stopping) or `InvalidOperation.InvalidEniState` (ENI Attaching or Detaching) waits, by
 * polling the target's attribute, until it settles, then goes through.
 */

import { $Ecs, ecsClient } from "../helpers/ecs-client";
import { createMembership, groupsOf, ids, integrationSuite, logOf, outcomes } from "./helpers";

const s = integrationSuite();
const sdk = () => ecsClient(s.emulator.endpoint);
const TRANSITION_MS = 500;

beforeEach(() => s.control.setConfig({ transitionMs: TRANSITION_MS }));

const instanceStatus = async (id: string) =>
  (await s.control.state()).instances.find((i) => i.instanceId === id)?.status;

test("instance Stopping, then Starting: create and delete wait for it and succeed", async () => {
  const started = Date.now();
  await sdk().stopInstance(new $Ecs.StopInstanceRequest({ instanceId: ids.web2 }));
  const { id, state, outs } = await createMembership(s.rt, {
    instanceId: ids.web2,
    securityGroupId: ids.dbGroup,
    regionId: ids.region,
  });
  expect(Date.now() - started).toBeGreaterThanOrEqual(TRANSITION_MS);
  expect(outs.targetSecurityGroupIds).toEqual([ids.webGroup, ids.dbGroup]);
  expect(await outcomes(s.control, "JoinSecurityGroup")).toEqual(["IncorrectInstanceStatus", "OK"]);
  const polls = await logOf(s.control, "DescribeInstanceAttribute");
  expect(polls.length).toBeGreaterThanOrEqual(1);
  expect(polls.every((r) => r.params.InstanceId === ids.web2)).toBe(true);
  expect(await instanceStatus(ids.web2)).toBe("Stopped");

  await sdk().startInstance(new $Ecs.StartInstanceRequest({ instanceId: ids.web2 }));
  expect(await instanceStatus(ids.web2)).toBe("Starting");
  await s.rt.delete(id, state);
  expect(await outcomes(s.control, "LeaveSecurityGroup")).toEqual([
    "IncorrectInstanceStatus",
    "OK",
  ]);
  expect(await instanceStatus(ids.web2)).toBe("Running");
  expect(await groupsOf(s.control, ids.web2)).toEqual([ids.webGroup]);
});

test("ENI Attaching, then Detaching: create and delete wait for it and succeed", async () => {
  const eni = { regionId: ids.region, networkInterfaceId: ids.availableEni, instanceId: ids.web3 };
  await sdk().attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest(eni));
  const { id, state } = await createMembership(s.rt, {
    networkInterfaceId: ids.availableEni,
    securityGroupId: ids.dbGroup,
    regionId: ids.region,
  });
  expect(await outcomes(s.control, "JoinSecurityGroup")).toEqual([
    "InvalidOperation.InvalidEniState",
    "OK",
  ]);
  expect((await logOf(s.control, "DescribeNetworkInterfaceAttribute")).length).toBeGreaterThan(0);
  expect(await groupsOf(s.control, ids.availableEni)).toEqual([ids.appGroup, ids.dbGroup]);

  await sdk().detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest(eni));
  await s.rt.delete(id, state);
  expect(await outcomes(s.control, "LeaveSecurityGroup")).toEqual([
    "InvalidOperation.InvalidEniState",
    "OK",
  ]);
  expect(await groupsOf(s.control, ids.availableEni)).toEqual([ids.appGroup]);
});
