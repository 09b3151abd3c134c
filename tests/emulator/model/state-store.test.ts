/** World files: every entry is checked on load, and a broken one is named with its field. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultWorld, startEmulator, type World } from "../../../emulator";
import { loadState } from "../../../emulator/model/state-store";
import { worldProblem } from "../../../emulator/model/world-problem";

const dir = mkdtempSync(join(tmpdir(), "ecs-emulator-state-"));

type Edit = (world: World & Record<string, unknown>) => void;
const eni = (w: World, n: number) => w.networkInterfaces[n] as unknown as Record<string, unknown>;
const instance = (w: World, n: number) => w.instances[n] as unknown as Record<string, unknown>;

const BROKEN: [string, Edit, string][] = [
  [
    "an ENI without securityGroupIds",
    (w) => delete eni(w, 0).securityGroupIds,
    '"networkInterfaces[0]" (eni-bp1primary00000000001): "securityGroupIds" must be a non-empty array of security group IDs',
  ],
  [
    "an ENI in no group",
    (w) => (eni(w, 5).securityGroupIds = []),
    '"networkInterfaces[5]" (eni-bp1attached0000000001): "securityGroupIds" must be a non-empty array of security group IDs',
  ],
  [
    "an ENI in a group that does not exist",
    (w) => (eni(w, 6).securityGroupIds = ["sg-bp1gone"]),
    '"networkInterfaces[6]" (eni-bp1available000000001): "securityGroupIds" names sg-bp1gone, which is not in "securityGroups"',
  ],
  [
    "an ENI of an unknown type",
    (w) => (eni(w, 1).type = "Tertiary"),
    '"networkInterfaces[1]" (eni-bp1primary00000000002): "type" must be one of Primary, Secondary',
  ],
  [
    "an ENI attached to an instance that does not exist",
    (w) => (eni(w, 6).instanceId = "i-bp1gone"),
    '"networkInterfaces[6]" (eni-bp1available000000001): "instanceId" names i-bp1gone, which is not in "instances"',
  ],
  [
    "an instance with lock reasons that are not strings",
    (w) => (instance(w, 0).lockReasons = [1]),
    '"instances[0]" (i-bp1web1000000000000001): "lockReasons" must be an array of strings',
  ],
  [
    "an instance in an unknown status",
    (w) => (instance(w, 2).status = "Sleeping"),
    '"instances[2]" (i-bp1web3000000000000001): "status" must be one of Pending, Starting, Running, Stopping, Stopped',
  ],
  [
    "a pending status without a time",
    (w) => (instance(w, 0).pendingStatus = { status: "Running" }),
    '"instances[0]" (i-bp1web1000000000000001): "pendingStatus" must be { status: one of Pending, Starting, Running, Stopping, Stopped, at: an ISO 8601 time }',
  ],
  [
    "an instance whose primary ENI belongs to another instance",
    (w) => (instance(w, 0).primaryNetworkInterfaceId = "eni-bp1primary00000000002"),
    '"instances[0]" (i-bp1web1000000000000001): "primaryNetworkInterfaceId" names eni-bp1primary00000000002, which is not a primary ENI of this instance',
  ],
  [
    "a group of an unknown type",
    (w) => ((w.securityGroups[0] as unknown as Record<string, unknown>).securityGroupType = "x"),
    '"securityGroups[0]" (sg-bp1web00000000000001): "securityGroupType" must be one of normal, enterprise',
  ],
  [
    "a group in a region the world does not have",
    (w) => (w.securityGroups[1].regionId = "cn-beijing"),
    '"securityGroups[1]" (sg-bp1app00000000000001): "regionId" names cn-beijing, which is not in "regions"',
  ],
  [
    "a VPC whose vSwitches are not a list",
    (w) => ((w.vpcs[0] as unknown as Record<string, unknown>).vSwitches = {}),
    '"vpcs[0]" (vpc-bp1emulator0000000001): "vSwitches" must be an array of { vSwitchId, zoneId }',
  ],
  [
    "two instances with one ID",
    (w) => (w.instances[1].instanceId = w.instances[0].instanceId),
    '"instances[1]" (i-bp1web1000000000000001): "instanceId" repeats the ID of "instances[0]"',
  ],
  [
    "an entry that is not an object",
    (w) => ((w.networkInterfaces as unknown[])[2] = "eni-1"),
    '"networkInterfaces[2]" must be an object with a string "networkInterfaceId"',
  ],
];

describe("worldProblem", () => {
  it("takes the default world", () => {
    expect(worldProblem(defaultWorld())).toBeUndefined();
  });

  it.each(BROKEN)("names %s", (_what, edit, problem) => {
    const world = defaultWorld() as World & Record<string, unknown>;
    edit(world);
    expect(worldProblem(world)).toBe(problem);
  });
});

describe("a state file with a broken entry", () => {
  it("is refused at start with the entry and field, and left untouched", async () => {
    const path = join(dir, "broken.json");
    const world = defaultWorld();
    delete eni(world, 0).securityGroupIds;
    const text = JSON.stringify(world);
    writeFileSync(path, text);
    expect(() => loadState(path)).toThrow(
      `ecs-emulator: the state file ${path} is not a valid world: "networkInterfaces[0]" (eni-bp1primary00000000001): "securityGroupIds" must be a non-empty array of security group IDs. Fix it or move it aside; it was left untouched.`,
    );
    await expect(startEmulator({ statePath: path })).rejects.toThrow('"securityGroupIds"');
    expect(readFileSync(path, "utf8")).toBe(text);
  });
});
