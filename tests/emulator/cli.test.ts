/** The `ecs-emulator` command: port, fixture, key pair and persisted state. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_IDS as ids, defaultWorld, EmulatorControl } from "../../emulator";
import { runCli, startCli } from "../helpers/cli-process";
import { $Ecs, ecsClient, expectEcsError } from "../helpers/ecs-client";

const dir = mkdtempSync(join(tmpdir(), "ecs-emulator-cli-"));

it("prints its URL, serves the default world and accepts the default key pair", async () => {
  const emulator = await startCli(["--port", "0"]);
  try {
    const res = await ecsClient(emulator.endpoint).describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId: ids.region, maxResults: 100 }),
    );
    expect(res.body!.securityGroups!.securityGroup).toHaveLength(
      defaultWorld().securityGroups.length,
    );
  } finally {
    await emulator.stop();
  }
});

it("takes a fixture and a key pair of the user's", async () => {
  const fixture = join(dir, "world.json");
  const world = defaultWorld();
  world.instances = world.instances.slice(0, 1);
  world.networkInterfaces = world.networkInterfaces.filter(
    (e) => e.instanceId === world.instances[0].instanceId,
  );
  writeFileSync(fixture, JSON.stringify(world));
  const emulator = await startCli([
    "--fixture",
    fixture,
    "--access-key-id",
    "LTAImine",
    "--access-key-secret",
    "mine",
  ]);
  try {
    const mine = ecsClient(emulator.endpoint, { accessKeyId: "LTAImine", accessKeySecret: "mine" });
    const res = await mine.describeInstances(
      new $Ecs.DescribeInstancesRequest({ regionId: ids.region }),
    );
    expect(res.body!.totalCount).toBe(1);
    await expectEcsError(
      ecsClient(emulator.endpoint).describeInstances(
        new $Ecs.DescribeInstancesRequest({ regionId: ids.region }),
      ),
      "InvalidAccessKeyId.NotFound",
      404,
    );
  } finally {
    await emulator.stop();
  }
});

it("persists the world across restarts with --state", async () => {
  const state = join(dir, "state.json");
  const first = await startCli(["--state", state]);
  await ecsClient(first.endpoint).joinSecurityGroup(
    new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web1, securityGroupId: ids.dbGroup }),
  );
  await first.stop();
  const second = await startCli(["--state", state]);
  try {
    const res = await ecsClient(second.endpoint).describeInstanceAttribute(
      new $Ecs.DescribeInstanceAttributeRequest({ instanceId: ids.web1 }),
    );
    expect(res.body!.securityGroupIds!.securityGroupId).toEqual([ids.webGroup, ids.dbGroup]);
    await new EmulatorControl(second.url).reset();
    const saved = JSON.parse(readFileSync(state, "utf8"));
    expect(
      saved.networkInterfaces.find((e: { instanceId?: string }) => e.instanceId === ids.web1)
        .securityGroupIds,
    ).toEqual([ids.webGroup]);
  } finally {
    await second.stop();
  }
});

it("refuses a corrupt state file and leaves it untouched", async () => {
  const state = join(dir, "corrupt.json");
  writeFileSync(state, '{"regions": ["cn-hangzhou"], "vpcs": [');
  const result = await runCli(["--state", state]);
  expect(result.code).toBe(1);
  expect(result.output).toContain(`cannot read the state file ${state}`);
  expect(readFileSync(state, "utf8")).toBe('{"regions": ["cn-hangzhou"], "vpcs": [');
  writeFileSync(
    state,
    JSON.stringify({ regions: ["cn-hangzhou"], vpcs: [], securityGroups: [], instances: [{}] }),
  );
  const shape = await runCli(["--state", state]);
  expect(shape.output).toContain("is not a valid world");
});

it("refuses bad arguments with its usage", async () => {
  const result = await runCli(["--port", "seventy"]);
  expect(result.code).toBe(1);
  expect(result.output).toContain("--port must be 0-65535");
  expect(result.output).toContain("usage: ecs-emulator");
});
