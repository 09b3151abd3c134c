/** Failures as users meet them through the CLI: bad input, last group, an existing membership. */
import { DEFAULT_IDS as ids } from "../../emulator";
import { $Ecs, ecsClient } from "../helpers/ecs-client";
import { CLI_TIMEOUT_MS, E2eWorld, failure, groupsByTarget, setMemberships } from "./helpers";

const world = new E2eWorld();
beforeAll(() => world.start(), CLI_TIMEOUT_MS);
afterAll(() => world.stop());
beforeEach(() => world.emulator.control.reset());
jest.setTimeout(180_000);

it("a bad input fails preview naming the property, with no API call", async () => {
  const stack = await world.stack([
    { name: "bad", instanceId: "i-Web 1", securityGroupId: ids.appGroup },
  ]);
  const message = await failure(stack.preview());
  expect(message).toContain("instanceId");
  expect(message).toMatch(/i-Web 1|whitespace|lowercase|malformed/i);
  expect(await world.emulator.control.requests()).toEqual([]);
  await stack.workspace.removeStack(stack.name);
});

it("destroying a target's last group fails with the code and the hint, and keeps the state", async () => {
  const stack = await world.stack([
    { name: "only", instanceId: ids.web2, securityGroupId: ids.appGroup },
  ]);
  await stack.up();
  await ecsClient(world.emulator.endpoint).leaveSecurityGroup(
    new $Ecs.LeaveSecurityGroupRequest({ instanceId: ids.web2, securityGroupId: ids.webGroup }),
  );
  const message = await failure(stack.destroy());
  expect(message).toContain("InstanceLastSecurityGroup");
  expect(message).toContain(ids.web2);
  expect(message).toContain(ids.appGroup);
  expect(message).toMatch(/RequestId [0-9A-F-]{36}/);
  expect(message).toContain("pulumi state delete");
  const state = await stack.exportStack();
  expect(JSON.stringify(state.deployment)).toContain(`${ids.region}/${ids.web2}/${ids.appGroup}`);
  expect((await groupsByTarget(world.emulator))[ids.web2]).toEqual([ids.appGroup]);
  await ecsClient(world.emulator.endpoint).joinSecurityGroup(
    new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web2, securityGroupId: ids.webGroup }),
  );
  await stack.destroy();
  expect((await groupsByTarget(world.emulator))[ids.web2]).toEqual([ids.webGroup]);
  await stack.workspace.removeStack(stack.name);
});

it("an existing membership fails up with how to adopt it, and adoptExisting takes it over", async () => {
  await ecsClient(world.emulator.endpoint).joinSecurityGroup(
    new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web3, securityGroupId: ids.opsGroup }),
  );
  const declared = { name: "ops", instanceId: ids.web3, securityGroupId: ids.opsGroup };
  const stack = await world.stack([declared]);
  const message = await failure(stack.up());
  expect(message).toContain("InvalidInstanceId.AlreadyExists");
  expect(message).toContain("adoptExisting: true");
  expect((await groupsByTarget(world.emulator))[ids.web3]).toEqual([ids.webGroup, ids.opsGroup]);

  await setMemberships(stack, [{ ...declared, adoptExisting: true }]);
  const up = await stack.up();
  expect(up.summary.result).toBe("succeeded");
  const state = await stack.exportStack();
  const resource = state.deployment.resources.find((r: { type: string }) =>
    r.type.endsWith("SecurityGroupMembership"),
  );
  expect(resource.outputs.adopted).toBe(true);
  await stack.destroy();
  expect((await groupsByTarget(world.emulator))[ids.web3]).toEqual([ids.webGroup]);
  await stack.workspace.removeStack(stack.name);
});
