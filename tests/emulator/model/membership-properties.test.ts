/**
 * Property test of the membership rules: random sequences of Join, Leave, the two Modify*Attribute
 * actions, StopInstance, StartInstance and the passing of time, on random targets and groups,
 * through the action handlers (no HTTP). After every step the world keeps ECS's invariants, and a
 * refused step changed nothing. fast-check prints the seed and the shrunk sequence on failure;
 * `FUZZ_SEED=N` replays one.
 */
import fc from "fast-check";
import { ACTIONS } from "../../../emulator/actions";
import { DEFAULT_CONFIG } from "../../../emulator/model/config";
import { defaultWorld, DEFAULT_IDS as ids } from "../../../emulator/model/default-world";
import { EcsApiError } from "../../../emulator/model/ecs-api-error";
import { EcsModel } from "../../../emulator/model/ecs-model";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const MAX_GROUPS = 5;

/** A choice that favours some values: most steps then hit the same few targets and groups. */
const weighted = (choices: [string, number][]) =>
  fc.oneof(...choices.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));

const instance = weighted([
  [ids.web1, 6],
  [ids.stopped, 3],
  [ids.locked, 1],
  ["i-bp1nosuchinstance00001", 1],
]);
const eni = weighted([
  [ids.attachedEni, 4],
  [ids.availableEni, 4],
  ["eni-bp1primary00000000001", 1],
  ["eni-bp1nosuch", 1],
]);
/** The basic groups of the main VPC: any of them may be a target's. */
const BASIC = [
  ids.webGroup,
  ids.appGroup,
  ids.dbGroup,
  ids.opsGroup,
  ids.cacheGroup,
  ids.monitorGroup,
];
const group = weighted([
  ...BASIC.map((g): [string, number] => [g, 4]),
  [ids.enterpriseGroup, 1],
  [ids.managedGroup, 1],
  [ids.otherVpcGroup, 1],
  ["sg-bp1nosuchgroup0000001", 1],
]);
/** A replacement list: distinct usable groups (up to one over the limit), or anything. */
const groupList = fc.oneof(fc.shuffledSubarray(BASIC), fc.array(group, { maxLength: 7 }));
type Step =
  { kind: "call"; action: string; params: Record<string, string> } | { kind: "wait"; ms: number };

const numbered = (name: string, values: string[]) =>
  Object.fromEntries(values.map((v, n) => [`${name}.${n + 1}`, v]));

const call = (action: string, params: Record<string, string>): Step => ({
  kind: "call",
  action,
  params,
});

const steps: [fc.Arbitrary<Step>, number][] = [
  [
    fc
      .tuple(instance, group)
      .map(([i, g]) => call("JoinSecurityGroup", { InstanceId: i, SecurityGroupId: g })),
    4,
  ],
  [
    fc.tuple(eni, group).map(([e, g]) =>
      call("JoinSecurityGroup", {
        NetworkInterfaceId: e,
        SecurityGroupId: g,
        RegionId: ids.region,
      }),
    ),
    4,
  ],
  [
    fc
      .tuple(instance, group)
      .map(([i, g]) => call("LeaveSecurityGroup", { InstanceId: i, SecurityGroupId: g })),
    2,
  ],
  [
    fc.tuple(eni, group).map(([e, g]) =>
      call("LeaveSecurityGroup", {
        NetworkInterfaceId: e,
        SecurityGroupId: g,
        RegionId: ids.region,
      }),
    ),
    2,
  ],
  [
    fc.tuple(eni, groupList).map(([e, groups]) =>
      call("ModifyNetworkInterfaceAttribute", {
        RegionId: ids.region,
        NetworkInterfaceId: e,
        ...numbered("SecurityGroupId", groups),
      }),
    ),
    1,
  ],
  [
    fc
      .tuple(instance, groupList)
      .map(([i, groups]) =>
        call("ModifyInstanceAttribute", { InstanceId: i, ...numbered("SecurityGroupIds", groups) }),
      ),
    1,
  ],
  [instance.map((i) => call("StopInstance", { InstanceId: i })), 1],
  [instance.map((i) => call("StartInstance", { InstanceId: i })), 1],
  [fc.integer({ min: 0, max: 3000 }).map((ms): Step => ({ kind: "wait", ms })), 1],
];
const step = fc.oneof(...steps.map(([arbitrary, weight]) => ({ arbitrary, weight })));

/** What a step may change: every ENI's groups and every instance's status (settled first). */
function snapshot(model: EcsModel) {
  for (const i of model.instances.values()) model.settleInstance(i);
  for (const e of model.enis.values()) model.settleEni(e);
  return JSON.stringify({
    enis: [...model.enis.values()].map((e) => [e.networkInterfaceId, e.securityGroupIds]),
    instances: [...model.instances.values()].map((i) => [i.instanceId, i.status]),
  });
}

/** Each instance's (settled) status and groups, the groups as one string. */
function instancesAt(model: EcsModel) {
  return new Map(
    [...model.instances.values()].map((i) => [
      i.instanceId,
      { status: i.status, groups: model.primaryEni(i).securityGroupIds.join(",") },
    ]),
  );
}

/** The invariants every ENI (so every instance, through its primary ENI) keeps; the broken ones. */
function violations(model: EcsModel): string[] {
  const found: string[] = [];
  for (const eni of model.enis.values()) {
    const ids = eni.securityGroupIds;
    const groups = ids.map((id) => model.groups.get(id));
    const broken = (rule: string) => found.push(`${eni.networkInterfaceId} in [${ids}]: ${rule}`);
    if (ids.length < 1) broken("in no group");
    if (ids.length > MAX_GROUPS) broken(`over ${MAX_GROUPS} groups`);
    if (new Set(ids).size !== ids.length) broken("a group twice");
    if (groups.some((g) => g === undefined)) broken("a group that does not exist");
    if (groups.some((g) => g && g.vpcId !== eni.vpcId)) broken("a group of another VPC");
    if (new Set(groups.map((g) => g?.securityGroupType)).size > 1) broken("mixed group types");
    if (groups.some((g) => g?.serviceManaged)) broken("a managed group");
  }
  return found;
}

it("membership invariants hold after any sequence of steps, and refused steps change nothing", () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60, size: "max" }), (steps) => {
      let clock = Date.parse("2026-06-01T00:00:00Z");
      const model = new EcsModel(defaultWorld(), { ...DEFAULT_CONFIG }, () => clock);
      const lockedGroups = model.primaryEni(model.instances.get(ids.locked)!).securityGroupIds;
      for (const s of steps) {
        if (s.kind === "wait") {
          clock += s.ms;
          continue;
        }
        const before = snapshot(model);
        const settled = instancesAt(model);
        try {
          ACTIONS.get(s.action)!.handler(model, s.params);
          // An instance's groups change only while it is Running or Stopped.
          for (const [id, { status, groups }] of settled) {
            const now = instancesAt(model).get(id)!;
            if (now.groups !== groups)
              expect({ id, status }).toEqual({
                id,
                status: expect.stringMatching(/^(Running|Stopped)$/),
              });
          }
        } catch (e) {
          // A refusal is an ECS error, never a crash, and leaves the world as it was.
          expect(e).toBeInstanceOf(EcsApiError);
          expect((e as EcsApiError).status).toBeLessThan(500);
          expect(snapshot(model)).toBe(before);
        }
        expect(violations(model)).toEqual([]);
      }
      const locked = model.primaryEni(model.instances.get(ids.locked)!).securityGroupIds;
      expect(locked).toEqual(lockedGroups);
    }),
    { seed: SEED, numRuns: 1000 },
  );
});
