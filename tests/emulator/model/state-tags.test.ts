/** Tags in fixtures, state files and the control API's world: normalised, kept, validated. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_IDS as ids,
  defaultWorld,
  type RunningEmulator,
  startEmulator,
  type World,
} from "../../../emulator";
import { readWorldFile } from "../../../emulator/model/state-store";
import { $Ecs, ecsClient } from "../../helpers/ecs-client";

const dir = mkdtempSync(join(tmpdir(), "ecs-emulator-tags-"));

const tagWeb1 = (emulator: RunningEmulator, tags: Record<string, string>) =>
  ecsClient(emulator.endpoint).tagResources(
    new $Ecs.TagResourcesRequest({
      regionId: ids.region,
      resourceType: "instance",
      resourceId: [ids.web1],
      tag: Object.entries(tags).map(
        ([key, value]) => new $Ecs.TagResourcesRequestTag({ key, value }),
      ),
    }),
  );

function withTags(world: World, instanceTags: unknown, eniTags?: unknown): World {
  const copy = structuredClone(world) as unknown as {
    instances: Record<string, unknown>[];
    networkInterfaces: Record<string, unknown>[];
  };
  copy.instances[0].tags = instanceTags;
  if (eniTags !== undefined) copy.networkInterfaces[0].tags = eniTags;
  return copy as unknown as World;
}

describe("tags in the world", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.control.reset());

  it("a world without tags reads back with empty tags on every instance and ENI", async () => {
    const world = await emulator.control.state();
    expect(world.instances.every((i) => JSON.stringify(i.tags) === "{}")).toBe(true);
    expect(world.networkInterfaces.every((e) => JSON.stringify(e.tags) === "{}")).toBe(true);
  });

  it("GET and PUT /_emulator/state round-trip tags, in order", async () => {
    await tagWeb1(emulator, { z: "1", a: "2" });
    const world = await emulator.control.state();
    expect(world.instances.find((i) => i.instanceId === ids.web1)!.tags).toEqual({
      z: "1",
      a: "2",
    });
    world.networkInterfaces.find((e) => e.networkInterfaceId === ids.availableEni)!.tags = {
      "acs:rm:rgId": "rg-1",
      owner: "",
    };
    await emulator.control.setState(world);
    const again = await emulator.control.state();
    expect(again).toEqual(world);
    expect(Object.keys(again.instances.find((i) => i.instanceId === ids.web1)!.tags)).toEqual([
      "z",
      "a",
    ]);
  });

  it.each([
    [
      "an array",
      ["a"],
      undefined,
      '"instances[0].tags" must be an object of tag keys to string values',
    ],
    [
      "a number value",
      { a: 1 },
      undefined,
      '"instances[0].tags" has a value for "a" that is not a string',
    ],
    [
      "an empty key",
      { "": "v" },
      undefined,
      '"instances[0].tags" has a key of 0 characters (1 to 128)',
    ],
    [
      "a value of 129 characters",
      {},
      { k: "v".repeat(129) },
      '"networkInterfaces[0].tags" has a value for "k" of 129 characters (at most 128)',
    ],
    [
      "21 user tags",
      Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, ""])),
      undefined,
      '"instances[0].tags" has 21 user tags (at most 20)',
    ],
  ])(
    "PUT /_emulator/state refuses %s, and the world stays",
    async (_what, instanceTags, eniTags, reason) => {
      await tagWeb1(emulator, { kept: "yes" });
      const res = await fetch(`${emulator.url}/_emulator/state`, {
        method: "PUT",
        body: JSON.stringify(withTags(defaultWorld(), instanceTags, eniTags)),
        headers: { "content-type": "application/json" },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: `not a valid world: ${reason}` });
      const world = await emulator.control.state();
      expect(world.instances.find((i) => i.instanceId === ids.web1)!.tags).toEqual({ kept: "yes" });
    },
  );

  it("takes system tags and 20 user tags", async () => {
    const tags = {
      "acs:rm:rgId": "rg-1",
      ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, ""])),
    };
    await emulator.control.setState(withTags(defaultWorld(), tags));
    expect((await emulator.control.state()).instances[0].tags).toEqual(tags);
  });
});

describe("tags in files", () => {
  it("a fixture's tags are served, and bad ones refuse the file with the reason", async () => {
    const good = join(dir, "tagged.json");
    writeFileSync(good, JSON.stringify(withTags(defaultWorld(), { env: "prod" })));
    const emulator = await startEmulator({ fixture: good });
    try {
      const res = await ecsClient(emulator.endpoint).describeInstances(
        new $Ecs.DescribeInstancesRequest({
          regionId: ids.region,
          tag: [new $Ecs.DescribeInstancesRequestTag({ key: "env", value: "prod" })],
        }),
      );
      expect(res.body!.instances!.instance!.map((i) => i.instanceId)).toEqual([ids.web1]);
    } finally {
      await emulator.stop();
    }
    const bad = join(dir, "bad-tags.json");
    writeFileSync(bad, JSON.stringify(withTags(defaultWorld(), { env: 1 })));
    expect(() => readWorldFile(bad, "fixture")).toThrow(
      `ecs-emulator: the fixture file ${bad} is not a valid world: "instances[0].tags" has a value for "env" that is not a string.`,
    );
  });

  it("--state persists tags across restarts", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath });
    try {
      await tagWeb1(first, { owner: "pulumi" });
    } finally {
      await first.stop();
    }
    const saved = JSON.parse(readFileSync(statePath, "utf8")) as World;
    expect(saved.instances.find((i) => i.instanceId === ids.web1)!.tags).toEqual({
      owner: "pulumi",
    });
    const second = await startEmulator({ statePath });
    try {
      const listed = await ecsClient(second.endpoint).listTagResources(
        new $Ecs.ListTagResourcesRequest({
          regionId: ids.region,
          resourceType: "instance",
          resourceId: [ids.web1],
        }),
      );
      expect(listed.body!.tagResources!.tagResource!.map((t) => [t.tagKey, t.tagValue])).toEqual([
        ["owner", "pulumi"],
      ]);
    } finally {
      await second.stop();
    }
  });
});
