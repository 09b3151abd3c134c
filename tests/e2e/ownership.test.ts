/**
 * Ownership records through the real CLI: two stacks on one target, two stacks on one
 * membership (refused, then shared with adoptExisting, destroyed in both orders), a membership
 * made outside Pulumi, a rename without an alias and a duplicate declaration. The emulator's
 * state (groups and tags) and its request log are the proof.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_IDS as ids, type RequestLogEntry, type WorldSnapshot } from "../../emulator";
import { $Ecs, ecsClient } from "../helpers/ecs-client";
import {
  allRecords,
  capture,
  CLI_TIMEOUT_MS,
  E2eWorld,
  groupsByTarget,
  type Membership,
  membershipsInState,
  membershipUrn,
  recordOf,
  recordsByTarget,
  setMemberships,
  failure,
} from "./helpers";

const world = new E2eWorld();
beforeAll(() => world.start(), CLI_TIMEOUT_MS);
afterAll(() => world.stop());
beforeEach(() => world.emulator.control.reset());
jest.setTimeout(300_000);

const PROJECT = "sg-membership-e2e";
const label = (stack: Stack, name: string) => `${PROJECT}/${stack.name}/${name}`;
const idOf = (m: Membership) =>
  `${m.regionId ?? ids.region}/${m.instanceId ?? m.networkInterfaceId}/${m.securityGroupId}`;
const groupsOf = async (target: string) => (await groupsByTarget(world.emulator))[target];
const recordsOn = async (target: string) => (await recordsByTarget(world.emulator))[target];
const keptLine = (m: Membership, holder: string) =>
  `sg-membership: ${idOf(m)}: kept the membership, which "${holder}" still declares; removed only this resource's record`;

/** The membership and tag writes in the log, as `<action> <target> <group or tag key> <status>`. */
function writes(log: RequestLogEntry[]): string[] {
  return log
    .filter((r) => /^(Join|Leave)SecurityGroup$|^(Tag|Untag)Resources$/.test(r.action))
    .map((r) => {
      const p = r.params;
      const target = p.InstanceId ?? p.NetworkInterfaceId ?? p["ResourceId.1"];
      const what = p.SecurityGroupId ?? p["Tag.1.Key"] ?? p["TagKey.1"];
      return `${r.action} ${target} ${what} ${r.status}`;
    });
}
const leaves = (log: RequestLogEntry[]) =>
  log.filter((r) => r.action === "LeaveSecurityGroup" && r.status === 200);

/** Everything as the reset world had it: groups and tags, no `sg-membership/` record anywhere. */
async function expectPristine(before: WorldSnapshot, on = world) {
  const after = await on.emulator.control.state();
  expect(after.networkInterfaces).toEqual(before.networkInterfaces);
  expect(after.instances.map((i) => i.tags)).toEqual(before.instances.map((i) => i.tags));
  expect(await allRecords(on.emulator)).toEqual([]);
}

async function removeStacks(...stacks: Stack[]) {
  for (const s of stacks) await s.workspace.removeStack(s.name);
}

it("two stacks on one instance, different groups: each keeps exactly its own, in both destroy orders", async () => {
  const before = await world.emulator.control.state();
  const app: Membership = { name: "app", instanceId: ids.web1, securityGroupId: ids.appGroup };
  const db: Membership = { name: "db", instanceId: ids.web1, securityGroupId: ids.dbGroup };
  const a = await world.stack([app]);
  const b = await world.stack([db]);
  const both = () => ({ ...recordOf(a, "app", ids.appGroup), ...recordOf(b, "db", ids.dbGroup) });

  const upA = await a.up();
  const upB = await b.up();
  expect(upA.outputs.app.value.adopted).toBe(false);
  expect(upB.outputs.db.value.adopted).toBe(false);
  expect(await groupsOf(ids.web1)).toEqual([ids.webGroup, ids.appGroup, ids.dbGroup]);
  const records = await recordsOn(ids.web1);
  expect(records).toEqual(both());
  // The key's form and the value's label, as documented; the owner is the resource's URN.
  for (const [key, value] of Object.entries(records)) {
    expect(key).toMatch(/^sg-membership\/sg-[a-z0-9]+\/[0-9a-f]{12}\/[0-9a-f]{12}$/);
    expect([label(a, "app"), label(b, "db")]).toContain(value);
  }
  const stateA = await membershipsInState(a);
  expect(stateA.app.urn).toBe(membershipUrn(a, "app"));
  expect(stateA.app.outputs.owner).toBe(stateA.app.urn);

  // A goes first: B keeps its membership and record.
  await world.emulator.control.clearRequests();
  await a.destroy();
  expect(await groupsOf(ids.web1)).toEqual([ids.webGroup, ids.dbGroup]);
  expect(await recordsOn(ids.web1)).toEqual(recordOf(b, "db", ids.dbGroup));
  // The record outlives the membership: Leave first, then the record.
  expect(writes(await world.emulator.control.requests())).toEqual([
    `LeaveSecurityGroup ${ids.web1} ${ids.appGroup} 200`,
    `UntagResources ${ids.web1} ${Object.keys(recordOf(a, "app", ids.appGroup))[0]} 200`,
  ]);
  await b.preview({ expectNoChanges: true });

  // A again, then B goes first: A keeps its own.
  await a.up();
  expect(await recordsOn(ids.web1)).toEqual(both());
  await b.destroy();
  expect(await groupsOf(ids.web1)).toEqual([ids.webGroup, ids.appGroup]);
  expect(await recordsOn(ids.web1)).toEqual(recordOf(a, "app", ids.appGroup));
  await a.preview({ expectNoChanges: true });

  await a.destroy();
  await expectPristine(before);
  await removeStacks(a, b);
});

describe.each([
  ["the first stack", "creator"],
  ["the adopting stack", "adopter"],
] as const)("two stacks on one membership, %s destroyed first", (_title, firstGone) => {
  it("refuses a plain second declaration, shares with adoptExisting, keeps it until the last destroy", async () => {
    const before = await world.emulator.control.state();
    const spec = { instanceId: ids.web2, securityGroupId: ids.opsGroup };
    const mA: Membership = { name: "ops-a", ...spec };
    const mB: Membership = { name: "ops-b", ...spec, adoptExisting: true };
    const a = await world.stack([mA]);
    const up = await a.up();
    expect(up.outputs["ops-a"].value.adopted).toBe(false);
    const recA = recordOf(a, "ops-a", ids.opsGroup);
    expect(await recordsOn(ids.web2)).toEqual(recA);

    const b = await world.stack([{ ...mB, adoptExisting: false }]);
    if (firstGone === "creator") {
      // Without adoptExisting: refused, clearly, and nothing written.
      await world.emulator.control.clearRequests();
      const message = await failure(b.up());
      expect(message).toContain("another stack declares it");
      expect(message).toContain(`"${label(a, "ops-a")}"`);
      expect(message).toContain("adoptExisting: true");
      expect(message).toContain(idOf(mA));
      expect(writes(await world.emulator.control.requests())).toEqual([]);
      expect(await groupsOf(ids.web2)).toEqual([ids.webGroup, ids.opsGroup]);
      expect(await recordsOn(ids.web2)).toEqual(recA);
      expect(await membershipsInState(b)).toEqual({});
      await a.preview({ expectNoChanges: true });
    }

    await setMemberships(b, [mB]);
    const shared = await b.up();
    expect(shared.outputs["ops-b"].value.adopted).toBe(true);
    const recB = recordOf(b, "ops-b", ids.opsGroup);
    expect(await recordsOn(ids.web2)).toEqual({ ...recA, ...recB });
    expect(await groupsOf(ids.web2)).toEqual([ids.webGroup, ids.opsGroup]);

    const [first, last, lastName, lastRecord] =
      firstGone === "creator" ? [a, b, "ops-b", recB] : [b, a, "ops-a", recA];
    await world.emulator.control.clearRequests();
    const out = capture();
    await first.destroy({ onOutput: out.onOutput });
    expect(out.text()).toContain(keptLine(mA, label(last, lastName)));
    // Only its own record went: no Leave, the other record untouched.
    const firstRecord = Object.keys(firstGone === "creator" ? recA : recB)[0];
    expect(writes(await world.emulator.control.requests())).toEqual([
      `UntagResources ${ids.web2} ${firstRecord} 200`,
    ]);
    expect(await groupsOf(ids.web2)).toEqual([ids.webGroup, ids.opsGroup]);
    expect(await recordsOn(ids.web2)).toEqual(lastRecord);
    expect(await membershipsInState(first)).toEqual({});

    // The stack that still declares it sees nothing to do.
    await last.preview({ expectNoChanges: true });
    await last.refresh({ expectNoChanges: true });
    await last.preview({ expectNoChanges: true });

    await world.emulator.control.clearRequests();
    const lastOut = capture();
    await last.destroy({ onOutput: lastOut.onOutput });
    expect(lastOut.text()).not.toContain("kept the membership");
    expect(leaves(await world.emulator.control.requests())).toHaveLength(1);
    await expectPristine(before);
    await removeStacks(a, b);
  });
});

it("a membership made outside Pulumi: plain create refused, adoptExisting adopts, destroy removes it", async () => {
  const before = await world.emulator.control.state();
  await ecsClient(world.emulator.endpoint).joinSecurityGroup(
    new $Ecs.JoinSecurityGroupRequest({ instanceId: ids.web3, securityGroupId: ids.cacheGroup }),
  );
  const m: Membership = { name: "cache", instanceId: ids.web3, securityGroupId: ids.cacheGroup };
  const stack = await world.stack([m]);
  await world.emulator.control.clearRequests();
  const message = await failure(stack.up());
  expect(message).toContain("made outside Pulumi");
  expect(message).toContain("adoptExisting: true");
  expect(writes(await world.emulator.control.requests())).toEqual([]);
  expect(await groupsOf(ids.web3)).toEqual([ids.webGroup, ids.cacheGroup]);
  expect(await recordsOn(ids.web3)).toEqual({});

  await setMemberships(stack, [{ ...m, adoptExisting: true }]);
  const up = await stack.up();
  expect(up.outputs.cache.value.adopted).toBe(true);
  expect(await recordsOn(ids.web3)).toEqual(recordOf(stack, "cache", ids.cacheGroup));
  await stack.preview({ expectNoChanges: true });

  await world.emulator.control.clearRequests();
  await stack.destroy();
  expect(leaves(await world.emulator.control.requests())).toHaveLength(1);
  await expectPristine(before);
  await removeStacks(stack);
});

it("a rename without an alias moves the record and never leaves the group", async () => {
  const before = await world.emulator.control.state();
  const spec = { networkInterfaceId: ids.attachedEni, securityGroupId: ids.monitorGroup };
  const stack = await world.stack([{ name: "old-name", ...spec }]);
  await stack.up();
  expect(await recordsOn(ids.attachedEni)).toEqual(recordOf(stack, "old-name", ids.monitorGroup));

  await world.emulator.control.clearRequests();
  await setMemberships(stack, [{ name: "new-name", ...spec }]);
  const out = capture();
  const renamed = await stack.up({ onOutput: out.onOutput });
  expect(renamed.summary.resourceChanges).toEqual({ create: 1, delete: 1, same: 1 });
  expect(renamed.outputs["new-name"].value.adopted).toBe(true);
  expect(out.text()).toContain(keptLine({ name: "old-name", ...spec }, label(stack, "new-name")));
  const log = await world.emulator.control.requests();
  expect(log.filter((r) => r.action === "LeaveSecurityGroup")).toEqual([]);
  // The new record first, then a Join that finds the membership (the create's ordering step),
  // then the old record goes.
  const key = (name: string) => Object.keys(recordOf(stack, name, ids.monitorGroup))[0];
  expect(writes(log)).toEqual([
    `TagResources ${ids.attachedEni} ${key("new-name")} 200`,
    `JoinSecurityGroup ${ids.attachedEni} ${ids.monitorGroup} 403`,
    `UntagResources ${ids.attachedEni} ${key("old-name")} 200`,
  ]);
  expect(log.find((r) => r.action === "JoinSecurityGroup")?.code).toBe(
    "InvalidInstanceId.AlreadyExists",
  );
  expect(await groupsOf(ids.attachedEni)).toEqual([ids.webGroup, ids.monitorGroup]);
  expect(await recordsOn(ids.attachedEni)).toEqual(recordOf(stack, "new-name", ids.monitorGroup));
  expect(Object.keys(await membershipsInState(stack))).toEqual(["new-name"]);
  await stack.refresh({ expectNoChanges: true });
  await stack.preview({ expectNoChanges: true });

  await stack.destroy();
  await expectPristine(before);
  await removeStacks(stack);
});

it("a duplicate declaration in one stack is shared, and goes with the last of its resources", async () => {
  const before = await world.emulator.control.state();
  const spec = { instanceId: ids.web2, securityGroupId: ids.cacheGroup };
  const one: Membership = { name: "dup-1", ...spec };
  const two: Membership = { name: "dup-2", ...spec };
  const stack = await world.stack([one, two]);
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 3 });
  // Whichever joined first made it; the other shared it at once, as the same stack's.
  const adopted = [up.outputs["dup-1"].value.adopted, up.outputs["dup-2"].value.adopted];
  expect(adopted.filter(Boolean).length).toBeGreaterThanOrEqual(1);
  const recBoth = {
    ...recordOf(stack, "dup-1", ids.cacheGroup),
    ...recordOf(stack, "dup-2", ids.cacheGroup),
  };
  expect(await recordsOn(ids.web2)).toEqual(recBoth);
  expect(await groupsOf(ids.web2)).toEqual([ids.webGroup, ids.cacheGroup]);

  // One of the two goes: the membership stays for the other.
  await world.emulator.control.clearRequests();
  await setMemberships(stack, [one]);
  const out = capture();
  await stack.up({ onOutput: out.onOutput });
  expect(out.text()).toContain(keptLine(one, label(stack, "dup-1")));
  expect(leaves(await world.emulator.control.requests())).toEqual([]);
  expect(await groupsOf(ids.web2)).toEqual([ids.webGroup, ids.cacheGroup]);
  expect(await recordsOn(ids.web2)).toEqual(recordOf(stack, "dup-1", ids.cacheGroup));
  await stack.refresh({ expectNoChanges: true });

  // Back to two, then both destroyed in one run: removed once, no record left.
  await setMemberships(stack, [one, two]);
  const again = await stack.up();
  expect(again.outputs["dup-2"].value.adopted).toBe(true);
  expect(await recordsOn(ids.web2)).toEqual(recBoth);
  await world.emulator.control.clearRequests();
  await stack.destroy();
  expect(leaves(await world.emulator.control.requests())).toHaveLength(1);
  await expectPristine(before);
  await removeStacks(stack);
});

/**
 * Its own emulator and stacks, with SDK timeouts above the 10 s answer it scripts (the SDK's
 * connect timeout is also its socket idle timeout, so both are raised).
 */
const slow = new E2eWorld({
  env: { SG_MEMBERSHIP_READ_TIMEOUT_MS: "30000", SG_MEMBERSHIP_CONNECT_TIMEOUT_MS: "30000" },
});

describe("a destroy racing a create of the same membership in another stack", () => {
  beforeAll(() => slow.start(), CLI_TIMEOUT_MS);
  afterAll(() => slow.stop());
  beforeEach(() => slow.emulator.control.reset());

  it.each([false, true])(
    "leaves no membership without an owner's record (the create's adoptExisting: %s)",
    async (adoptExisting) => {
      // X owns the membership and destroys it; Y declares it once X's Leave is made, so Y sees
      // it absent and creates it. X's Leave answers 10 s late, so X's last read sees Y's record
      // and X joins again for Y; Y's Join is throttled (retry after 15 s), so X's Join lands
      // first and Y's retry finds the membership already there.
      const before = await slow.emulator.control.state();
      const m: Membership = {
        name: "mon",
        instanceId: ids.web3,
        securityGroupId: ids.monitorGroup,
      };
      const x = await slow.stack([m]);
      await x.up();
      const y = await slow.stack([{ ...m, adoptExisting }]);
      await slow.emulator.control.addFault({
        action: "LeaveSecurityGroup",
        latencyMs: 10_000,
        afterApply: true,
        count: 1,
      });
      await slow.emulator.control.addFault({
        action: "JoinSecurityGroup",
        code: "Throttling.User",
        status: 400,
        retryAfterMs: 15_000,
        count: 1,
      });
      await slow.emulator.control.clearRequests();
      const xOut = capture();
      const destroyX = x.destroy({ onOutput: xOut.onOutput });
      while ((await groupsByTarget(slow.emulator))[ids.web3].includes(ids.monitorGroup))
        await new Promise((r) => setTimeout(r, 50));
      const upY = y.up().then(
        () => "succeeded",
        (e: Error) => e.message,
      );
      await destroyX;
      const yResult = await upY;
      // The race as scripted: X joined again for Y.
      expect(xOut.text()).toContain(
        `sg-membership: ${idOf(m)}: "${label(y, "mon")}" declared the membership while it was being removed; joining it again for them`,
      );
      const joined = (await groupsByTarget(slow.emulator))[ids.web3].includes(ids.monitorGroup);
      const records = (await recordsByTarget(slow.emulator))[ids.web3];
      if (joined && Object.keys(records).length === 0) {
        const log = (await slow.emulator.control.requests()).map(
          (r) =>
            `  ${r.time} ${r.durationMs}ms ${r.action} ${r.status} ${r.code ?? ""} ` +
            `${r.params.SecurityGroupId ?? r.params["Tag.1.Key"] ?? r.params["TagKey.1"] ?? ""}`,
        );
        throw new Error(
          [
            `${idOf(m)} is joined with no ownership record (leaked). Y's up: ` +
              (yResult.split("\n").find((l) => l.includes("error: The membership")) ?? yResult),
            "request log (start time, duration):",
            ...log,
          ].join("\n"),
        );
      }
      if (yResult === "succeeded") {
        expect(joined).toBe(true);
        expect(records).toEqual(recordOf(y, "mon", ids.monitorGroup));
      }
      await y.destroy();
      await expectPristine(before, slow);
      await removeStacks(x, y);
    },
  );
});
