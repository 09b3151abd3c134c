/**
 * 20 memberships over 8 instances converge through the real CLI while the cloud throttles,
 * fails, drops connections and moves instances through Stopping and Starting.
 */
import { DEFAULT_IDS as ids } from "../../emulator";
import { $Ecs, ecsClient } from "../helpers/ecs-client";
import { CLI_TIMEOUT_MS, E2eWorld, groupsByTarget, type Membership } from "./helpers";

const world = new E2eWorld({ env: { SG_MEMBERSHIP_READ_TIMEOUT_MS: "2000" } });
beforeAll(() => world.start(), CLI_TIMEOUT_MS);
afterAll(() => world.stop());
jest.setTimeout(600_000);

const EXTRA_GROUPS = [ids.appGroup, ids.dbGroup, ids.opsGroup];

async function eightInstances(): Promise<string[]> {
  const client = ecsClient(world.emulator.endpoint);
  const run = await client.runInstances(
    new $Ecs.RunInstancesRequest({
      regionId: ids.region,
      vSwitchId: ids.vSwitch,
      securityGroupId: ids.webGroup,
      amount: 8,
    }),
  );
  return run.body!.instanceIdSets!.instanceIdSet!;
}

/** Stops and starts instances while the deployment runs, so some calls meet Stopping/Starting. */
function cycleStates(instanceIds: string[], until: () => boolean): Promise<void> {
  const client = ecsClient(world.emulator.endpoint);
  return (async () => {
    for (let n = 0; !until(); n++) {
      const instanceId = instanceIds[n % instanceIds.length];
      await client
        .stopInstance(new $Ecs.StopInstanceRequest({ instanceId }))
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 700));
      await client
        .startInstance(new $Ecs.StartInstanceRequest({ instanceId }))
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 700));
    }
  })();
}

it("converges with no failed resource and no leaked membership", async () => {
  await world.emulator.control.reset();
  await world.emulator.control.setConfig({ transitionMs: 10 });
  const instances = await eightInstances();
  await new Promise((r) => setTimeout(r, 50));
  await world.emulator.control.setConfig({ transitionMs: 600 });
  const memberships: Membership[] = [];
  instances.forEach((instanceId, n) => {
    for (const securityGroupId of EXTRA_GROUPS.slice(0, n < 4 ? 3 : 2)) {
      memberships.push({ name: `m-${n}-${securityGroupId}`, instanceId, securityGroupId });
    }
  });
  expect(memberships).toHaveLength(20);

  await world.emulator.control.addFault({ code: "Throttling.User", probability: 0.3 });
  await world.emulator.control.addFault({ code: "ServiceUnavailable", probability: 0.1 });
  await world.emulator.control.addFault({ drop: true, probability: 0.03 });
  await world.emulator.control.addFault({
    action: "JoinSecurityGroup",
    drop: true,
    afterApply: true,
    probability: 0.03,
  });
  await world.emulator.control.addFault({
    action: "LeaveSecurityGroup",
    drop: true,
    afterApply: true,
    probability: 0.03,
  });

  const stack = await world.stack(memberships);
  let done = false;
  const cycling = cycleStates(instances.slice(0, 3), () => done);
  try {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ create: 21 });
  } finally {
    done = true;
    await cycling;
  }
  const joined = await groupsByTarget(world.emulator);
  instances.forEach((instanceId, n) => {
    expect([...joined[instanceId]].sort()).toEqual(
      [ids.webGroup, ...EXTRA_GROUPS.slice(0, n < 4 ? 3 : 2)].sort(),
    );
  });
  const log = await world.emulator.control.requests();
  const faulted = log.filter((r) => r.fault).length;
  const wrongState = log.filter((r) => r.code === "IncorrectInstanceStatus").length;
  expect(faulted).toBeGreaterThan(10);

  done = false;
  const cyclingAgain = cycleStates(instances.slice(0, 3), () => done);
  try {
    const destroy = await stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
  } finally {
    done = true;
    await cyclingAgain;
  }
  const left = await groupsByTarget(world.emulator);
  for (const instanceId of instances) expect(left[instanceId]).toEqual([ids.webGroup]);
  console.log(
    `faults: ${faulted} injected answers, ${wrongState} IncorrectInstanceStatus answers during up`,
  );
});
