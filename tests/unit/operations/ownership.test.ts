/**
 * The ownership protocol over an in-memory EcsApi: which calls create, delete, update and
 * refresh make for each state of the records, and what they leave. The same cases run through
 * the real CLI and the emulator in tests/e2e/ownership*.test.ts.
 */

import { TargetCoordinator } from "../../../provider/concurrency/coordination";
import { TargetReader } from "../../../provider/concurrency/target-reader";
import { EndpointHealth } from "../../../provider/resilience/limited-api";
import {
  createMembership,
  deleteMembership,
  readMembership,
  updateMembership,
  type OperationDeps,
} from "../../../provider/operations/operations";
import { RecordPolicy } from "../../../provider/operations/record-writes";
import { ownerOf, recordKey } from "../../../provider/ownership/records";
import type { CheckedInputs } from "../../../provider/schema/model";
import { FakeClock } from "../helpers/fake-clock";
import { ecsError, FakeEcs } from "../helpers/fake-ecs";

const urn = (stack: string, name: string) =>
  `urn:pulumi:${stack}::shop::pulumi-nodejs:dynamic/ecs:SecurityGroupMembership::${name}`;
const ME = urn("dev", "web");
const SIBLING = urn("dev", "web-renamed");
const OTHER = urn("prod", "web");
const ID = "cn-hangzhou/i-1/sg-1";
const keyOf = (owner: string) => recordKey("sg-1", ownerOf(owner)!);

function setup(groups: string[], tags: string[] = [], records = true) {
  const ecs = new FakeEcs().addTarget("i-1", groups);
  for (const owner of tags) ecs.targets.get("i-1")!.tags[keyOf(owner)] = ownerOf(owner)!.label;
  const notices: string[] = [];
  const deps: OperationDeps = {
    api: ecs,
    reader: new TargetReader(ecs, { windowMs: 0, maxWaitMs: 0 }),
    coordinator: new TargetCoordinator(),
    clock: new FakeClock(0.5),
    records: new RecordPolicy(records),
    health: new EndpointHealth(),
    notify: (m) => notices.push(m),
  };
  const actions = () => ecs.calls.map((c) => c.action);
  const tagsNow = () => Object.keys(ecs.targets.get("i-1")!.tags).sort();
  const groupsNow = () => ecs.targets.get("i-1")!.groups;
  return { ecs, deps, notices, actions, tagsNow, groupsNow };
}

const inputs = (extra: Partial<CheckedInputs> = {}): CheckedInputs => ({
  securityGroupId: "sg-1",
  instanceId: "i-1",
  regionId: "cn-hangzhou",
  adoptExisting: false,
  owner: ME,
  ...extra,
});

describe("create", () => {
  test("a new membership: read, record, Join, confirm", async () => {
    const t = setup(["sg-0"]);
    const { outs } = await createMembership(inputs(), t.deps);
    expect(t.actions()).toEqual([
      "DescribeInstances",
      "TagResources",
      "JoinSecurityGroup",
      "DescribeInstances",
    ]);
    expect(t.tagsNow()).toEqual([keyOf(ME)]);
    expect(outs).toMatchObject({
      owner: ME,
      adopted: false,
      targetSecurityGroupIds: ["sg-0", "sg-1"],
    });
  });

  test("its own record and the membership are there (an interrupted run): its own, no record written", async () => {
    const t = setup(["sg-0", "sg-1"], [ME, OTHER]);
    const { outs } = await createMembership(inputs(), t.deps);
    // The Join is sent anyway (reads may lag); "already a member" is the expected answer.
    expect(t.actions()).toEqual(["DescribeInstances", "JoinSecurityGroup", "DescribeInstances"]);
    expect(outs.adopted).toBe(false);
    expect(t.tagsNow()).toEqual([keyOf(ME), keyOf(OTHER)].sort());
  });

  test("its own record but no membership (killed between record and Join): Join without a second record", async () => {
    const t = setup(["sg-0"], [ME]);
    await createMembership(inputs(), t.deps);
    expect(t.actions()).toEqual(["DescribeInstances", "JoinSecurityGroup", "DescribeInstances"]);
    expect(t.groupsNow()).toEqual(["sg-0", "sg-1"]);
  });

  test("its own Join's answer was lost and the retry says already a member: its own", async () => {
    const t = setup(["sg-0"]);
    t.ecs.script("JoinSecurityGroup", {
      applyFirst: true,
      error: ecsError("JoinSecurityGroup", "ECONNRESET", { transport: true }),
    });
    const { outs } = await createMembership(inputs(), t.deps);
    expect(outs.adopted).toBe(false);
    expect(t.tagsNow()).toEqual([keyOf(ME)]);
  });

  test("a record of the same stack (a rename without an alias): shared at once", async () => {
    const t = setup(["sg-0", "sg-1"], [SIBLING]);
    const { outs } = await createMembership(inputs(), t.deps);
    expect(outs.adopted).toBe(true);
    expect(t.tagsNow()).toEqual([keyOf(ME), keyOf(SIBLING)].sort());
    expect(t.actions()).toEqual([
      "DescribeInstances",
      "TagResources",
      "JoinSecurityGroup", // answered AlreadyExists: it orders this create after a racing delete
      "DescribeInstances", // confirms it still shows
    ]);
  });

  test("another stack's record: refused before anything is written", async () => {
    const t = setup(["sg-0", "sg-1"], [OTHER]);
    await expect(createMembership(inputs(), t.deps)).rejects.toThrow(
      /was not taken over: .*another stack declares it \("shop\/prod\/web"\)/,
    );
    expect(t.actions()).toEqual(["DescribeInstances"]);
    expect(t.tagsNow()).toEqual([keyOf(OTHER)]);
  });

  test("another stack's record with adoptExisting: shared, both records stay", async () => {
    const t = setup(["sg-0", "sg-1"], [OTHER]);
    const { outs } = await createMembership(inputs({ adoptExisting: true }), t.deps);
    expect(outs.adopted).toBe(true);
    expect(t.tagsNow()).toEqual([keyOf(ME), keyOf(OTHER)].sort());
  });

  test("made outside Pulumi: refused without adoptExisting, adopted with it", async () => {
    const refused = setup(["sg-0", "sg-1"]);
    await expect(createMembership(inputs(), refused.deps)).rejects.toThrow(
      /no stack records owning it/,
    );
    expect(refused.tagsNow()).toEqual([]);
    const adopting = setup(["sg-0", "sg-1"]);
    const { outs } = await createMembership(inputs({ adoptExisting: true }), adopting.deps);
    expect(outs.adopted).toBe(true);
    expect(adopting.tagsNow()).toEqual([keyOf(ME)]);
  });

  test("joined between the read and the Join with no other record (a racing delete joined again for this record): its own", async () => {
    const t = setup(["sg-0"]);
    t.ecs.script("JoinSecurityGroup", {
      applyFirst: true,
      error: ecsError("JoinSecurityGroup", "InvalidInstanceId.AlreadyExists", { status: 403 }),
    });
    const { outs } = await createMembership(inputs(), t.deps);
    expect(outs.adopted).toBe(false);
    expect(t.tagsNow()).toEqual([keyOf(ME)]);
  });

  test("another stack joined between the read and the Join: refused, and the record it wrote is removed", async () => {
    const t = setup(["sg-0"]);
    const join = t.ecs.joinSecurityGroup.bind(t.ecs);
    t.ecs.joinSecurityGroup = async (request) => {
      t.ecs.joinSecurityGroup = join;
      t.ecs.targets.get("i-1")!.tags[keyOf(OTHER)] = "shop/prod/web";
      await join(request);
      return join(request);
    };
    await expect(createMembership(inputs(), t.deps)).rejects.toThrow(/another stack declares it/);
    expect(t.tagsNow()).toEqual([keyOf(OTHER)]);
    expect(t.actions()).toEqual([
      "DescribeInstances",
      "TagResources",
      "JoinSecurityGroup",
      "JoinSecurityGroup",
      "DescribeInstances",
      "UntagResources",
    ]);
  });

  test("a fatal Join error removes the new record; a lost answer keeps it for the next run", async () => {
    const fatal = setup(["sg-0"]);
    fatal.ecs.script(
      "JoinSecurityGroup",
      ecsError("JoinSecurityGroup", "InvalidSecurityGroupId.NotFound", { status: 404 }),
    );
    await expect(createMembership(inputs(), fatal.deps)).rejects.toThrow(/NotFound/);
    expect(fatal.tagsNow()).toEqual([]);

    const throttled = setup(["sg-0"]);
    for (let i = 0; i < 200; i++)
      throttled.ecs.script("JoinSecurityGroup", ecsError("JoinSecurityGroup", "Throttling.User"));
    await expect(
      createMembership(inputs({ timeouts: { create: "5s" } }), throttled.deps),
    ).rejects.toThrow(/did not succeed .* within 5s/);
    expect(throttled.tagsNow()).toEqual([]); // the Join never landed: nothing left behind

    const lost = setup(["sg-0"]);
    for (let i = 0; i < 60; i++)
      lost.ecs.script(
        "JoinSecurityGroup",
        ecsError("JoinSecurityGroup", "ReadTimeout", { transport: true }),
      );
    await expect(
      createMembership(inputs({ timeouts: { create: "5s" } }), lost.deps),
    ).rejects.toThrow(/ownership record on the target lets it recognise its own Join/);
    expect(lost.tagsNow()).toEqual([keyOf(ME)]);
  });

  test("RAM denies TagResources: one notice, the create goes on, later creates do not try", async () => {
    const t = setup(["sg-0"]);
    t.ecs.addTarget("i-2", ["sg-0"]);
    t.ecs.script("TagResources", ecsError("TagResources", "Forbidden.RAM", { status: 403 }));
    await createMembership(inputs(), t.deps);
    await createMembership(inputs({ instanceId: "i-2" }), t.deps);
    expect(t.groupsNow()).toEqual(["sg-0", "sg-1"]);
    expect(t.ecs.count("TagResources")).toBe(1);
    expect(t.notices).toHaveLength(1);
    expect(t.notices[0]).toMatch(
      /ownership records are off for this run: TagResources was denied: Forbidden\.RAM/,
    );
  });

  test("the target's tag limit: a clear error, and no Join", async () => {
    const t = setup(["sg-0"]);
    t.ecs.script("TagResources", ecsError("TagResources", "QuotaExceed.Tags", { status: 403 }));
    await expect(createMembership(inputs(), t.deps)).rejects.toThrow(
      /TagResources failed for cn-hangzhou\/i-1\/sg-1: QuotaExceed\.Tags .*ECS allows 20: .*SG_MEMBERSHIP_OWNERSHIP_RECORDS=false.*Nothing was changed\./,
    );
    expect(t.ecs.count("JoinSecurityGroup")).toBe(0);
  });

  test("records turned off: no tag call, and others' records are still respected", async () => {
    const t = setup(["sg-0"], [], false);
    await createMembership(inputs(), t.deps);
    expect(t.actions()).toEqual(["DescribeInstances", "JoinSecurityGroup", "DescribeInstances"]);
    const shared = setup(["sg-0", "sg-1"], [OTHER], false);
    await expect(createMembership(inputs(), shared.deps)).rejects.toThrow(
      /another stack declares it/,
    );
  });
});

describe("delete", () => {
  test("the last owner: read, Leave, then the record removed while reading again", async () => {
    const t = setup(["sg-0", "sg-1"], [ME]);
    await deleteMembership(ID, { owner: ME }, t.deps);
    expect(t.actions().slice(0, 2)).toEqual(["DescribeInstances", "LeaveSecurityGroup"]);
    expect(t.actions().slice(2).sort()).toEqual(["DescribeInstances", "UntagResources"]);
    expect(t.groupsNow()).toEqual(["sg-0"]);
    expect(t.tagsNow()).toEqual([]);
  });

  test("two owners deleting at once: both records go, and so does the membership", async () => {
    const t = setup(["sg-0", "sg-1"], [ME, OTHER]);
    await Promise.all([
      deleteMembership(ID, { owner: ME }, t.deps),
      deleteMembership(ID, { owner: OTHER }, t.deps),
    ]);
    expect(t.groupsNow()).toEqual(["sg-0"]);
    expect(t.tagsNow()).toEqual([]);
  });

  test("another owner still declares it: kept, only this record removed, and it says so", async () => {
    const t = setup(["sg-0", "sg-1"], [ME, OTHER]);
    await deleteMembership(ID, { owner: ME }, t.deps);
    expect(t.groupsNow()).toEqual(["sg-0", "sg-1"]);
    expect(t.tagsNow()).toEqual([keyOf(OTHER)]);
    expect(t.ecs.count("LeaveSecurityGroup")).toBe(0);
    expect(t.notices).toEqual([
      `${ID}: kept the membership, which "shop/prod/web" still declares; removed only this resource's record`,
    ]);
  });

  test("kept for another owner whose membership has gone: not joined again (that owner may be deleting)", async () => {
    const t = setup(["sg-0"], [ME, OTHER]);
    await deleteMembership(ID, { owner: ME }, t.deps);
    expect(t.groupsNow()).toEqual(["sg-0"]);
    expect(t.tagsNow()).toEqual([keyOf(OTHER)]);
    expect(t.ecs.count("JoinSecurityGroup")).toBe(0);
  });

  test("an owner that shows after the Leave and goes again (it was deleting too): left again", async () => {
    const t = setup(["sg-0", "sg-1"], [ME]);
    const leave = t.ecs.leaveSecurityGroup.bind(t.ecs);
    let leaves = 0;
    t.ecs.leaveSecurityGroup = async (request) => {
      if (++leaves === 1) t.ecs.targets.get("i-1")!.tags[keyOf(OTHER)] = "shop/prod/web";
      return leave(request);
    };
    const join = t.ecs.joinSecurityGroup.bind(t.ecs);
    t.ecs.joinSecurityGroup = async (request) => {
      const answer = await join(request);
      delete t.ecs.targets.get("i-1")!.tags[keyOf(OTHER)]; // that owner's delete removed its record
      return answer;
    };
    await deleteMembership(ID, { owner: ME }, t.deps);
    expect(t.groupsNow()).toEqual(["sg-0"]);
    expect(t.tagsNow()).toEqual([]);
    expect(leaves).toBe(2);
  });

  test("after the Leave, a read that still shows the group (lag) does not stop the Join for another owner", async () => {
    const t = setup(["sg-0", "sg-1"], [ME]);
    const leave = t.ecs.leaveSecurityGroup.bind(t.ecs);
    t.ecs.leaveSecurityGroup = async (request) => {
      t.ecs.targets.get("i-1")!.tags[keyOf(OTHER)] = "shop/prod/web";
      return leave(request);
    };
    const describe = t.ecs.describeInstances.bind(t.ecs);
    let reads = 0;
    t.ecs.describeInstances = async (region, ids) => {
      const seen = await describe(region, ids);
      // The read after the Leave still lists the group, as a lagging Describe would.
      return ++reads === 2 ? seen.map((g) => ({ ...g, securityGroupIds: ["sg-0", "sg-1"] })) : seen;
    };
    await deleteMembership(ID, { owner: ME }, t.deps);
    expect(t.groupsNow()).toEqual(["sg-0", "sg-1"]);
  });

  test("records turned off still remove this resource's own record on delete", async () => {
    const t = setup(["sg-0", "sg-1"], [ME], false);
    await deleteMembership(ID, { owner: ME }, t.deps);
    expect(t.tagsNow()).toEqual([]);
    expect(t.groupsNow()).toEqual(["sg-0"]);
  });

  test("a stack from before records (no owner in state) never removes what a recorded owner declares", async () => {
    const t = setup(["sg-0", "sg-1"], [OTHER]);
    await deleteMembership(ID, {}, t.deps);
    expect(t.groupsNow()).toEqual(["sg-0", "sg-1"]);
    expect(t.ecs.count("UntagResources")).toBe(0);
  });

  test("an owner that appears while it leaves gets the membership back", async () => {
    const t = setup(["sg-0", "sg-1"], [ME]);
    const leave = t.ecs.leaveSecurityGroup.bind(t.ecs);
    t.ecs.leaveSecurityGroup = async (request) => {
      // Another process's create writes its record and its Join is answered AlreadyExists.
      t.ecs.targets.get("i-1")!.tags[keyOf(OTHER)] = "shop/prod/web";
      return leave(request);
    };
    await deleteMembership(ID, { owner: ME }, t.deps);
    expect(t.groupsNow()).toEqual(["sg-0", "sg-1"]);
    expect(t.tagsNow()).toEqual([keyOf(OTHER)]);
    expect(t.notices[0]).toMatch(
      /declared the membership while it was being removed; joining it again/,
    );
  });

  test("the target is gone: success after the record call", async () => {
    const t = setup(["sg-0"]);
    t.ecs.targets.delete("i-1");
    await expect(deleteMembership(ID, { owner: ME }, t.deps)).resolves.toBeUndefined();
  });
});

describe("update and refresh", () => {
  test("a new owner (alias, renamed stack, a stack from before records) moves the record", async () => {
    const t = setup(["sg-0", "sg-1"], [SIBLING]);
    const { outs } = await updateMembership({ owner: SIBLING }, inputs(), t.deps);
    expect(outs.owner).toBe(ME);
    expect(t.actions()).toEqual(["TagResources", "UntagResources"]);
    expect(t.tagsNow()).toEqual([keyOf(ME)]);
    const legacy = setup(["sg-0", "sg-1"]);
    await updateMembership({}, inputs(), legacy.deps);
    expect(legacy.tagsNow()).toEqual([keyOf(ME)]);
    const off = setup(["sg-0", "sg-1"], [SIBLING], false);
    await updateMembership({ owner: SIBLING }, inputs(), off.deps);
    expect(off.tagsNow()).toEqual([]); // records off: the old one goes, no new one is written
  });

  test("an update that cannot write the record (the tag limit) says so and keeps the membership", async () => {
    const t = setup(["sg-0", "sg-1"]);
    t.ecs.script("TagResources", ecsError("TagResources", "QuotaExceed.Tags", { status: 403 }));
    const { outs } = await updateMembership({}, inputs(), t.deps);
    expect(outs.owner).toBeNull();
    expect(t.notices[0]).toMatch(/QuotaExceed\.Tags.*The membership itself is unchanged\.$/);
  });

  test("refresh shows a removed record as owner null, so the next up writes it again", async () => {
    const kept = setup(["sg-0", "sg-1"], [ME]);
    expect((await readMembership(ID, { owner: ME }, kept.deps)).props).toMatchObject({ owner: ME });
    const lost = setup(["sg-0", "sg-1"]);
    expect((await readMembership(ID, { owner: ME }, lost.deps)).props).toMatchObject({
      owner: null,
    });
    const off = setup(["sg-0", "sg-1"], [], false);
    expect((await readMembership(ID, { owner: ME }, off.deps)).props).toMatchObject({ owner: ME });
  });
});

describe("outages", () => {
  const refusals = (n: number) =>
    Array.from({ length: n }, () =>
      ecsError("JoinSecurityGroup", "ECONNREFUSED", { transport: true }),
    );

  test("an endpoint that answered before: an outage is retried to the deadline, with notices", async () => {
    const t = setup(["sg-0"], [], false);
    t.deps.health!.answered = true;
    t.ecs.script("JoinSecurityGroup", ...refusals(20));
    await createMembership(inputs(), t.deps);
    expect(t.ecs.count("JoinSecurityGroup")).toBe(21);
    expect(t.notices.length).toBeGreaterThan(0);
    expect(t.notices[0]).toMatch(
      /^cn-hangzhou\/i-1\/sg-1: creating, \d+s so far: JoinSecurityGroup got no answer \(ECONNREFUSED: the endpoint did not answer, retried\), attempt \d+; next attempt in \d+(\.\d)?m?s; \d+m\d*s? left of timeouts\.create$/,
    );
  });

  test("an outage while confirming outlasts the 2-minute window: the wait goes on to the deadline", async () => {
    const t = setup(["sg-0"], [], false);
    t.deps.health!.answered = true;
    const refused = () => ecsError("DescribeInstances", "ECONNREFUSED", { transport: true });
    t.ecs.script("DescribeInstances", ...Array.from({ length: 80 }, refused));
    const started = t.deps.clock.now();
    const { outs } = await createMembership(inputs({ owner: undefined }), t.deps);
    expect(outs.targetSecurityGroupIds).toEqual(["sg-0", "sg-1"]);
    expect(t.deps.clock.now() - started).toBeGreaterThan(2 * 60_000);
    expect(t.notices[0]).toMatch(
      /^cn-hangzhou\/i-1\/sg-1: creating, \d+s so far: confirming the Join: DescribeInstances got no answer \(the last read failed with ECONNREFUSED\); waiting through the outage; \d+m\d*s? left of timeouts\.create$/,
    );
  });

  test("an endpoint that never answered still fails fast", async () => {
    const t = setup(["sg-0"], [], false);
    t.ecs.script("JoinSecurityGroup", ...refusals(20));
    await expect(createMembership(inputs(), t.deps)).rejects.toThrow(
      /could not be reached 6 times in a row/,
    );
  });
});

test("a target that does not exist gets no record: the Join's NotFound is the error", async () => {
  const t = setup(["sg-0"]);
  await expect(createMembership(inputs({ instanceId: "i-404" }), t.deps)).rejects.toThrow(
    /JoinSecurityGroup failed for instance i-404.*InvalidInstanceId\.NotFound/,
  );
  expect(t.ecs.count("TagResources")).toBe(0);
});
