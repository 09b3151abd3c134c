/** `stop()` and `restart()` of an in-process emulator: nothing runs after stop, nothing is lost in a restart. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_IDS as ids, startEmulator, type WorldSnapshot } from "../../emulator";
import { $Ecs, ecsClient } from "../helpers/ecs-client";

const dir = mkdtempSync(join(tmpdir(), "ecs-emulator-lifecycle-"));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const groupsOf = (world: WorldSnapshot, instanceId: string) =>
  world.networkInterfaces.find((e) => e.instanceId === instanceId && e.type === "Primary")!
    .securityGroupIds;

it("stop() cancels delayed answers: a write held by latency never lands after stop", async () => {
  const statePath = join(dir, "stopped.json");
  const emulator = await startEmulator({ statePath });
  await emulator.control.addFault({ action: "JoinSecurityGroup", latencyMs: 300 });
  const joining = ecsClient(emulator.endpoint)
    .joinSecurityGroup(
      new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web2, securityGroupId: ids.dbGroup }),
    )
    .then(
      () => "answered",
      (e: Error) => e.message,
    );
  await pause(100);
  const started = Date.now();
  await emulator.stop();
  expect(Date.now() - started).toBeLessThan(250);
  expect(await joining).toMatch(/socket hang up|ECONNRESET|other side closed/);
  await pause(400);
  const saved = JSON.parse(readFileSync(statePath, "utf8")) as WorldSnapshot;
  expect(groupsOf(saved, ids.web2)).toEqual([ids.webGroup]);
});

it("restart() keeps the port, request log, fault rules and config, and reloads the state file", async () => {
  const statePath = join(dir, "restarted.json");
  const emulator = await startEmulator({ statePath });
  try {
    const client = () => ecsClient(emulator.endpoint);
    await client().joinSecurityGroup(
      new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web3, securityGroupId: ids.opsGroup }),
    );
    const faultId = await emulator.control.addFault({ action: "StopInstance", code: "Busy" });
    await emulator.control.setConfig({ transitionMs: 25 });
    const port = emulator.port;
    // While it is down, another tool edits the state file: the restart reads it back.
    const edited = JSON.parse(readFileSync(statePath, "utf8")) as WorldSnapshot;
    edited.instances.find((i) => i.instanceId === ids.web2)!.instanceName = "edited";
    setTimeout(() => writeFileSync(statePath, JSON.stringify(edited)), 50);
    await emulator.restart({ downMs: 150 });
    expect(emulator.port).toBe(port);
    const world = await emulator.control.state();
    expect(world.instances.find((i) => i.instanceId === ids.web2)!.instanceName).toBe("edited");
    // A control call at once, on a fresh connection, as after any restart.
    expect((await emulator.control.requests()).map((e) => e.action)).toEqual(["JoinSecurityGroup"]);
    expect((await emulator.control.faults()).map((f) => f.id)).toEqual([faultId]);
    expect((await emulator.control.config()).transitionMs).toBe(25);
    expect(groupsOf(world, ids.web3)).toEqual([ids.webGroup, ids.opsGroup]);
    const res = await client().describeInstances(
      new $Ecs.DescribeInstancesRequest({ regionId: ids.region }),
    );
    expect(res.statusCode).toBe(200);
  } finally {
    await emulator.stop();
  }
});

it("restart() cuts the connections of requests in flight, as a real restart does", async () => {
  const emulator = await startEmulator();
  try {
    await emulator.control.addFault({ action: "DescribeInstances", latencyMs: 5000 });
    const pending = ecsClient(emulator.endpoint)
      .describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: ids.region }))
      .then(
        () => "answered",
        (e: Error) => e.message,
      );
    await pause(100);
    await emulator.restart();
    expect(await pending).toMatch(/socket hang up|ECONNRESET|other side closed/);
    const log = await emulator.control.requests();
    expect(log.map((e) => [e.action, e.status, e.code])).toEqual([
      ["DescribeInstances", 0, "ConnectionDropped"],
    ]);
  } finally {
    await emulator.stop();
  }
});
