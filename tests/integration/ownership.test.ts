/**
 * Ownership records through the real SDK adapter and the emulator: the tags a create writes and
 * a delete removes, shared memberships, a RAM denial of the tag actions, ECS's tag limit, and
 * overlapping writes from two provider processes answered with ECS's conflict code.
 */

import { createRuntime } from "../../provider/runtime/runtime";
import { systemClock } from "../../provider/resilience/clock";
import { ownerOf, recordKey } from "../../provider/ownership/records";
import {
  checkedInputs,
  configure,
  createMembership,
  groupsOf,
  ids,
  integrationSuite,
  logOf,
  outcomes,
  rejection,
  STATIC_CONFIG,
  type Props,
  type Runtime,
} from "./helpers";

const s = integrationSuite({ fresh: true });

const urn = (stack: string, name: string) =>
  `urn:pulumi:${stack}::shop::pulumi-nodejs:dynamic/ecs:SecurityGroupMembership::${name}`;
const keyOf = (owner: string, group: string = ids.appGroup) => recordKey(group, ownerOf(owner)!);

async function tagsOf(targetId: string): Promise<Record<string, string>> {
  const world = await s.control.state();
  const holder = targetId.startsWith("i-")
    ? world.instances.find((i) => i.instanceId === targetId)
    : world.networkInterfaces.find((e) => e.networkInterfaceId === targetId);
  return holder!.tags;
}

/** A runtime whose notices are collected, as a separate plugin process. */
async function runtimeWithNotices(): Promise<{ rt: Runtime; notices: string[] }> {
  const notices: string[] = [];
  const rt = createRuntime({
    clock: systemClock,
    env: process.env,
    notify: (m) => notices.push(m),
  });
  await configure(rt, STATIC_CONFIG);
  return { rt, notices };
}

const onWeb1 = (owner: string, extra: Props = {}) => ({
  instanceId: ids.web1,
  securityGroupId: ids.appGroup,
  regionId: ids.region,
  owner,
  ...extra,
});

test("create writes one record before its Join; delete removes it after the Leave", async () => {
  const { id, state } = await createMembership(s.rt, onWeb1(urn("dev", "web")));
  expect(await tagsOf(ids.web1)).toEqual({ [keyOf(urn("dev", "web"))]: "shop/dev/web" });
  const order = (await s.control.requests()).map((r) => r.action);
  expect(order).toEqual([
    "DescribeInstances",
    "TagResources",
    "JoinSecurityGroup",
    "DescribeInstances",
  ]);

  await s.control.clearRequests();
  await s.rt.delete(id, state);
  expect(await tagsOf(ids.web1)).toEqual({});
  expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup]);
  const actions = (await s.control.requests()).map((r) => r.action);
  expect(actions.slice(0, 2)).toEqual(["DescribeInstances", "LeaveSecurityGroup"]);
  // The record goes after the membership, while a last read looks for owners that came meanwhile.
  expect(actions.slice(2).sort()).toEqual(["DescribeInstances", "UntagResources"]);
});

test("an ENI's record is on the ENI (ResourceType eni)", async () => {
  const owner = urn("dev", "eni");
  const { id, state } = await createMembership(s.rt, {
    networkInterfaceId: ids.availableEni,
    securityGroupId: ids.webGroup,
    regionId: ids.region,
    owner,
  });
  expect(Object.keys(await tagsOf(ids.availableEni))).toEqual([keyOf(owner, ids.webGroup)]);
  const [tag] = await logOf(s.control, "TagResources");
  expect(tag.params).toMatchObject({ ResourceType: "eni", "ResourceId.1": ids.availableEni });
  await s.rt.delete(id, state);
  expect(await tagsOf(ids.availableEni)).toEqual({});
});

test("two stacks share one membership: the first destroy keeps it, the last removes it", async () => {
  const a = await runtimeWithNotices();
  const b = await runtimeWithNotices();
  const first = await createMembership(a.rt, onWeb1(urn("dev", "web")));
  const refused = await rejection(createMembership(b.rt, onWeb1(urn("prod", "web"))));
  expect(refused.message).toMatch(/another stack declares it \("shop\/dev\/web"\)/);
  expect(Object.keys(await tagsOf(ids.web1))).toEqual([keyOf(urn("dev", "web"))]);

  const second = await createMembership(b.rt, onWeb1(urn("prod", "web"), { adoptExisting: true }));
  expect(second.outs.adopted).toBe(true);
  await a.rt.delete(first.id, first.state);
  expect(a.notices).toEqual([
    `${first.id}: kept the membership, which "shop/prod/web" still declares; removed only this resource's record`,
  ]);
  expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup, ids.appGroup]);
  expect((await b.rt.read(second.id, second.state)).props).toMatchObject({
    owner: urn("prod", "web"),
  });

  await b.rt.delete(second.id, second.state);
  expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup]);
  expect(await tagsOf(ids.web1)).toEqual({});
});

test("RAM denies TagResources: one notice, memberships are still made", async () => {
  await s.control.addFault({ action: "TagResources", code: "Forbidden.RAM", status: 403 });
  const { rt, notices } = await runtimeWithNotices();
  await createMembership(rt, onWeb1(urn("dev", "a")));
  await createMembership(rt, onWeb1(urn("dev", "b"), { instanceId: ids.web2 }));
  expect(await groupsOf(s.control, ids.web2)).toEqual([ids.webGroup, ids.appGroup]);
  expect(await outcomes(s.control, "TagResources")).toEqual(["Forbidden.RAM"]);
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatch(
    /ownership records are off for this run: TagResources was denied: Forbidden\.RAM/,
  );
});

test("a target at ECS's 20-tag limit: a clear error before the Join, nothing changed", async () => {
  await s.control.updateWorld((world) => {
    const web1 = world.instances.find((i) => i.instanceId === ids.web1)!;
    web1.tags = Object.fromEntries(Array.from({ length: 20 }, (_, n) => [`team-${n}`, "x"]));
  });
  const error = await rejection(createMembership(s.rt, onWeb1(urn("dev", "web"))));
  expect(error.message).toMatch(
    /^TagResources failed for .*: OperationDenied\.QuotaExceed \(HTTP 400, RequestId [\w-]+\): .*ECS allows 20.*Nothing was changed\.$/,
  );
  expect(await logOf(s.control, "JoinSecurityGroup")).toEqual([]);
  expect(await groupsOf(s.control, ids.web1)).toEqual([ids.webGroup]);
});

test("a record removed by another tool reads as owner null; the update writes it again", async () => {
  const owner = urn("dev", "web");
  const { id, state } = await createMembership(s.rt, onWeb1(owner));
  await s.control.updateWorld((world) => {
    world.instances.find((i) => i.instanceId === ids.web1)!.tags = {};
  });
  const refreshed = (await s.rt.read(id, state)).props as Props;
  expect(refreshed).toMatchObject({ owner: null });
  const news = await checkedInputs(s.rt, onWeb1(owner));
  expect(await s.rt.diff(id, refreshed, news)).toEqual({ changes: true });
  await s.rt.update(id, refreshed, news);
  expect(Object.keys(await tagsOf(ids.web1))).toEqual([keyOf(owner)]);
});

test("two processes writing one instance at once: conflicts are answered, retried, and all land", async () => {
  await s.control.setConfig({ writeConflictMs: 300, maxGroupsPerTarget: 6 });
  const processes = [await runtimeWithNotices(), await runtimeWithNotices()];
  const groups = [ids.appGroup, ids.dbGroup, ids.opsGroup, ids.cacheGroup];
  await Promise.all(
    groups.map((g, n) =>
      createMembership(processes[n % 2].rt, onWeb1(urn(`s${n % 2}`, g), { securityGroupId: g })),
    ),
  );
  expect((await groupsOf(s.control, ids.web1))!.sort()).toEqual([ids.webGroup, ...groups].sort());
  const joins = await outcomes(s.control, "JoinSecurityGroup");
  expect(joins.filter((c) => c === "OK")).toHaveLength(4);
  expect(joins.filter((c) => c === "InvalidOperation.Conflict").length).toBeGreaterThan(0);
  expect(Object.keys(await tagsOf(ids.web1))).toHaveLength(4);
});
