/**
 * Reads at scale and under eventual consistency: a refresh of hundreds of memberships issues
 * batched Describe* calls (up to 100 targets each, DESIGN decision 6), and a create waits,
 * bounded, for a new membership to show in Describe* answers that lag behind the write.
 */

import type { NetworkInterface, World } from "../../emulator";
import {
  createMembership,
  groupsIn,
  ids,
  integrationSuite,
  logOf,
  rejection,
  SHIM,
} from "./helpers";

const s = integrationSuite();
/** The default world's unattached secondary ENI, a template for bulk ENIs. */
let template: NetworkInterface;
const pad = (n: number) => String(n).padStart(3, "0");

function eni(id: string, groups: string[], extra: Partial<NetworkInterface>): NetworkInterface {
  return { ...template, networkInterfaceId: id, securityGroupIds: groups, ...extra };
}

/** Reads every membership ID at once through the runtime; returns the results by ID. */
async function refreshAll(idList: string[]) {
  const results = await Promise.all(idList.map((id) => s.rt.read(id, { __provider: SHIM })));
  return new Map(idList.map((id, i) => [id, results[i]]));
}

describe("batched refresh", () => {
  beforeEach(async () => {
    const world = await s.control.state();
    template = world.networkInterfaces.find((e) => e.networkInterfaceId === ids.availableEni)!;
  });

  test("250 memberships on 120 instances: at most 2 DescribeInstances calls, every read right", async () => {
    const world = await s.control.updateWorld((w: World) => {
      const [base] = w.instances;
      for (let n = 0; n < 120; n++) {
        const instanceId = `i-bp1bulk${pad(n)}`;
        const primary = `eni-bp1bulkp${pad(n)}`;
        // Every instance is in web and app; the first 10 also in db: 250 memberships.
        const groups = [ids.webGroup, ids.appGroup, ...(n < 10 ? [ids.dbGroup] : [])];
        w.instances.push({ ...base, instanceId, primaryNetworkInterfaceId: primary });
        w.networkInterfaces.push(
          eni(primary, groups, { type: "Primary", status: "InUse", instanceId }),
        );
      }
    });
    const bulk = world.instances.filter((i) => i.instanceId.startsWith("i-bp1bulk"));
    const memberships = bulk.flatMap((i) =>
      groupsIn(world, i.instanceId)!.map((g) => `${ids.region}/${i.instanceId}/${g}`),
    );
    expect(memberships).toHaveLength(250);
    // Five that do not exist (ops group) read as gone in the same batches.
    const absent = bulk.slice(0, 5).map((i) => `${ids.region}/${i.instanceId}/${ids.opsGroup}`);

    const results = await refreshAll([...memberships, ...absent]);
    const calls = await logOf(s.control, "DescribeInstances");
    expect(calls.length).toBeLessThanOrEqual(2);
    const asked = calls.flatMap((c) => JSON.parse(c.params.InstanceIds) as string[]);
    expect(new Set(asked).size).toBe(120);
    for (const id of memberships) {
      const instanceId = id.split("/")[1];
      expect(results.get(id)).toEqual({
        id,
        props: expect.objectContaining({
          instanceId,
          securityGroupId: id.split("/")[2],
          targetSecurityGroupIds: groupsIn(world, instanceId),
        }),
      });
    }
    for (const id of absent) expect(results.get(id)).toEqual({ id: "", props: {} });
  });

  test("200 memberships on 150 ENIs: at most 2 DescribeNetworkInterfaces calls", async () => {
    const world = await s.control.updateWorld((w: World) => {
      for (let n = 0; n < 150; n++) {
        const groups = [ids.appGroup, ...(n < 50 ? [ids.dbGroup] : [])];
        w.networkInterfaces.push(eni(`eni-bp1bulks${pad(n)}`, groups, {}));
      }
    });
    const memberships = world.networkInterfaces
      .filter((e) => e.networkInterfaceId.startsWith("eni-bp1bulks"))
      .flatMap((e) => e.securityGroupIds.map((g) => `${ids.region}/${e.networkInterfaceId}/${g}`));
    expect(memberships).toHaveLength(200);

    const results = await refreshAll(memberships);
    expect((await logOf(s.control, "DescribeNetworkInterfaces")).length).toBeLessThanOrEqual(2);
    for (const id of memberships) {
      const eniId = id.split("/")[1];
      expect(results.get(id)).toEqual({
        id,
        props: expect.objectContaining({
          networkInterfaceId: eniId,
          targetSecurityGroupIds: groupsIn(world, eniId),
        }),
      });
    }
  });
});

describe("eventual consistency", () => {
  const args = { instanceId: ids.web1, securityGroupId: ids.dbGroup, regionId: ids.region };

  test("Describe* lagging 1.5 s behind the Join: create waits for it and succeeds", async () => {
    await s.control.setConfig({ consistencyLagMs: 1500 });
    const started = Date.now();
    const { outs } = await createMembership(s.rt, args);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(outs.targetSecurityGroupIds).toEqual([ids.webGroup, ids.dbGroup]);
    expect(await logOf(s.control, "JoinSecurityGroup")).toHaveLength(1);
    expect((await logOf(s.control, "DescribeInstances")).length).toBeGreaterThan(1);
  });

  test("a lag beyond the create deadline: a partial create that Pulumi records, not a success", async () => {
    await s.control.setConfig({ consistencyLagMs: 10_000 });
    const error = (await rejection(
      createMembership(s.rt, { ...args, timeouts: { create: "1s" } }),
    )) as Error & { id?: string; properties?: Record<string, unknown> };
    expect(error.id).toBe(`${ids.region}/${ids.web1}/${ids.dbGroup}`);
    expect(error.properties).toMatchObject({ __provider: SHIM, securityGroupId: ids.dbGroup });
    expect(error.message).toMatch(/could not be confirmed.*pulumi refresh/);
    expect(await logOf(s.control, "JoinSecurityGroup")).toHaveLength(1);
  });
});
