import { DEFAULT_CONFIG, DEFAULT_IDS as ids, defaultWorld } from "../../../emulator";
import { EcsApiError } from "../../../emulator/model/ecs-api-error";
import {
  join,
  leave,
  replaceEniGroups,
  replaceInstanceGroups,
  resolveTarget,
} from "../../../emulator/model/membership-rules";
import { EcsModel } from "../../../emulator/model/ecs-model";

function model(config = {}, now = () => Date.now()) {
  return new EcsModel(defaultWorld(), { ...DEFAULT_CONFIG, ...config }, now);
}

function codeOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof EcsApiError) return `${e.code} ${e.status}`;
    throw e;
  }
  return "no error";
}

const instanceTarget = (m: EcsModel, id: string) => resolveTarget(m, { instanceId: id });
const eniTarget = (m: EcsModel, id: string) =>
  resolveTarget(m, { networkInterfaceId: id, regionId: ids.region });

describe("Join and Leave", () => {
  it("joins an instance to a group and leaves it again", () => {
    const m = model();
    join(m, instanceTarget(m, ids.web1), ids.appGroup);
    expect(m.visibleInstanceGroups(m.instance(ids.web1))).toEqual([ids.webGroup, ids.appGroup]);
    leave(m, instanceTarget(m, ids.web1), ids.webGroup);
    expect(m.visibleInstanceGroups(m.instance(ids.web1))).toEqual([ids.appGroup]);
  });

  it("joins a secondary ENI without touching its instance", () => {
    const m = model();
    join(m, eniTarget(m, ids.attachedEni), ids.dbGroup);
    expect(m.networkInterface(ids.attachedEni).securityGroupIds).toEqual([
      ids.webGroup,
      ids.dbGroup,
    ]);
    expect(m.visibleInstanceGroups(m.instance(ids.web1))).toEqual([ids.webGroup]);
  });

  it.each([
    [
      "already a member",
      (m: EcsModel) => join(m, instanceTarget(m, ids.web1), ids.webGroup),
      "InvalidInstanceId.AlreadyExists 403",
    ],
    [
      "not a member",
      (m: EcsModel) => leave(m, instanceTarget(m, ids.web1), ids.appGroup),
      "InvalidSecurityGroupAssociation.NotFound 400",
    ],
    [
      "last group of an instance",
      (m: EcsModel) => leave(m, instanceTarget(m, ids.web1), ids.webGroup),
      "InstanceLastSecurityGroup 403",
    ],
    [
      "last group of an ENI",
      (m: EcsModel) => leave(m, eniTarget(m, ids.attachedEni), ids.webGroup),
      "InvalidOperation.AtLeastInOneGroup 403",
    ],
    [
      "group in another VPC (instance)",
      (m: EcsModel) => join(m, instanceTarget(m, ids.web1), ids.otherVpcGroup),
      "InvalidInstanceId.Mismatch 400",
    ],
    [
      "group in another VPC (ENI)",
      (m: EcsModel) => join(m, eniTarget(m, ids.attachedEni), ids.otherVpcGroup),
      "InvalidOperation.VpcMismatch 403",
    ],
    [
      "basic and enterprise mixed",
      (m: EcsModel) => join(m, instanceTarget(m, ids.web1), ids.enterpriseGroup),
      "InvalidOperation.MultiGroupType 400",
    ],
    [
      "locked for security",
      (m: EcsModel) => join(m, instanceTarget(m, ids.locked), ids.appGroup),
      "InstanceLockedForSecurity 403",
    ],
    [
      "group managed by a cloud product",
      (m: EcsModel) => join(m, instanceTarget(m, ids.web1), ids.managedGroup),
      "InvalidOperation.ResourceManagedByCloudProduct 403",
    ],
    [
      "unknown group",
      (m: EcsModel) => join(m, instanceTarget(m, ids.web1), "sg-bp1nosuchgroup00000001"),
      "InvalidSecurityGroupId.NotFound 404",
    ],
    [
      "unknown instance",
      (m: EcsModel) => instanceTarget(m, "i-bp1nosuchinstance000001"),
      "InvalidInstanceId.NotFound 404",
    ],
    [
      "malformed instance ID",
      (m: EcsModel) => instanceTarget(m, "web-1"),
      "InvalidInstanceId.Malformed 400",
    ],
    [
      "unknown ENI",
      (m: EcsModel) => eniTarget(m, "eni-bp1nosuch000000000001"),
      "InvalidEniId.NotFound 404",
    ],
    [
      "primary ENI named directly",
      (m: EcsModel) => eniTarget(m, m.instance(ids.web1).primaryNetworkInterfaceId),
      "InvalidOperation.InvalidEniType 403",
    ],
    [
      "ENI without RegionId",
      (m: EcsModel) => resolveTarget(m, { networkInterfaceId: ids.attachedEni }),
      "MissingParameter.RegionId 400",
    ],
    [
      "instance and ENI together",
      (m: EcsModel) =>
        resolveTarget(m, { instanceId: ids.web1, networkInterfaceId: ids.attachedEni }),
      "InvalidParam.EniIdAndInstanceId.Conflict 403",
    ],
    ["neither instance nor ENI", (m: EcsModel) => resolveTarget(m, {}), "MissingParameter 400"],
  ])("refuses: %s", (_name, act, expected) => {
    expect(codeOf(() => act(model()))).toBe(expected);
  });

  it("allows at most maxGroupsPerTarget groups", () => {
    const m = model();
    for (const g of [ids.appGroup, ids.dbGroup, ids.opsGroup, ids.cacheGroup]) {
      join(m, instanceTarget(m, ids.web1), g);
    }
    expect(codeOf(() => join(m, instanceTarget(m, ids.web1), ids.monitorGroup))).toBe(
      "InstanceSecurityGroupLimitExceeded 400",
    );
    const roomy = model({ maxGroupsPerTarget: 6 });
    for (const g of [ids.appGroup, ids.dbGroup, ids.opsGroup, ids.cacheGroup, ids.monitorGroup]) {
      join(roomy, instanceTarget(roomy, ids.web1), g);
    }
    expect(roomy.visibleInstanceGroups(roomy.instance(ids.web1))).toHaveLength(6);
  });

  it("refuses enterprise groups on instance types that do not support them", () => {
    const m = model();
    const stopped = m.instance(ids.stopped);
    replaceInstanceGroups(m, stopped, [ids.enterpriseGroup]);
    m.instance(ids.web1).supportsEnterpriseGroups = false;
    replaceInstanceGroups(m, m.instance(ids.web1), [ids.appGroup]);
    expect(
      codeOf(() => replaceInstanceGroups(m, m.instance(ids.web1), [ids.enterpriseGroup])),
    ).toBe("InvalidOperation.NotSupportEnterpriseGroup 400");
  });
});

describe("instance and ENI state", () => {
  it.each([
    ["Pending", "Forbidden.InstanceIsBeingCreated 403"],
    ["Starting", "IncorrectInstanceStatus 403"],
    ["Stopping", "IncorrectInstanceStatus 403"],
  ] as const)("an instance %s cannot change groups", (status, expected) => {
    const m = model();
    m.instance(ids.web1).status = status;
    expect(codeOf(() => join(m, instanceTarget(m, ids.web1), ids.appGroup))).toBe(expected);
  });

  it("a Stopped instance can change groups", () => {
    const m = model();
    join(m, instanceTarget(m, ids.stopped), ids.dbGroup);
    expect(m.visibleInstanceGroups(m.instance(ids.stopped))).toEqual([ids.appGroup, ids.dbGroup]);
  });

  it.each(["Attaching", "Detaching", "Deleting"] as const)(
    "an ENI %s cannot change groups",
    (status) => {
      const m = model();
      m.networkInterface(ids.attachedEni).status = status;
      expect(codeOf(() => join(m, eniTarget(m, ids.attachedEni), ids.appGroup))).toBe(
        "InvalidOperation.InvalidEniState 400",
      );
    },
  );

  it("an ENI of an instance being created is refused", () => {
    const m = model();
    m.instance(ids.web1).status = "Pending";
    expect(codeOf(() => join(m, eniTarget(m, ids.attachedEni), ids.appGroup))).toBe(
      "InvalidStatus.EniOrInstanceIsBeingCreated 400",
    );
  });

  it("a service-managed ENI is refused", () => {
    const m = model();
    m.networkInterface(ids.availableEni).serviceManaged = true;
    expect(codeOf(() => join(m, eniTarget(m, ids.availableEni), ids.dbGroup))).toBe(
      "InvalidOperation.EniServiceManaged 403",
    );
  });

  it("a transition settles after transitionMs", () => {
    let now = 1_000_000;
    const m = model({ transitionMs: 500 }, () => now);
    const instance = m.instance(ids.web1);
    m.transitionInstance(instance, "Stopping", "Stopped");
    expect(codeOf(() => join(m, instanceTarget(m, ids.web1), ids.appGroup))).toBe(
      "IncorrectInstanceStatus 403",
    );
    now += 501;
    join(m, instanceTarget(m, ids.web1), ids.appGroup);
    expect(m.instance(ids.web1).status).toBe("Stopped");
  });
});

describe("Modify*Attribute replace semantics", () => {
  it("puts the instance in exactly the listed groups", () => {
    const m = model();
    replaceInstanceGroups(m, m.instance(ids.web1), [ids.appGroup, ids.dbGroup]);
    expect(m.visibleInstanceGroups(m.instance(ids.web1))).toEqual([ids.appGroup, ids.dbGroup]);
  });

  it.each([
    [[ids.appGroup, ids.appGroup], "InvalidParameter.SecurityGroupIdRepeated 404"],
    [[ids.appGroup, ids.otherVpcGroup], "InvalidSecurityGroupVpc.NotBelongToOneVpc 404"],
    [[ids.otherVpcGroup], "InvalidInstanceId.Mismatch 400"],
    [[ids.appGroup, ids.enterpriseGroup], "EnterpriseGroupLimited.MutliGroupType 403"],
    [
      [ids.webGroup, ids.appGroup, ids.dbGroup, ids.opsGroup, ids.cacheGroup, ids.monitorGroup],
      "JoinedGroupLimitExceed 400",
    ],
  ])("instance list %p is refused with %s", (list, expected) => {
    const m = model();
    expect(codeOf(() => replaceInstanceGroups(m, m.instance(ids.web1), list))).toBe(expected);
  });

  it("changes a secondary ENI but refuses a primary one", () => {
    const m = model();
    replaceEniGroups(m, m.networkInterface(ids.attachedEni), [ids.dbGroup]);
    expect(m.networkInterface(ids.attachedEni).securityGroupIds).toEqual([ids.dbGroup]);
    const primary = m.networkInterface(m.instance(ids.web1).primaryNetworkInterfaceId);
    expect(codeOf(() => replaceEniGroups(m, primary, [ids.dbGroup]))).toBe(
      "InvalidOperation.PrimaryEniOnlySupportModifyNameAndDesc 404",
    );
    expect(
      codeOf(() =>
        replaceEniGroups(m, m.networkInterface(ids.attachedEni), [
          ids.enterpriseGroup,
          ids.dbGroup,
        ]),
      ),
    ).toBe("InvalidOperation.MultiGroupType 403");
  });
});

describe("eventual consistency", () => {
  it("reads show the old groups until consistencyLagMs has passed", () => {
    let now = 5_000_000;
    const m = model({ consistencyLagMs: 1000 }, () => now);
    join(m, instanceTarget(m, ids.web1), ids.appGroup);
    expect(m.visibleInstanceGroups(m.instance(ids.web1))).toEqual([ids.webGroup]);
    now += 1001;
    expect(m.visibleInstanceGroups(m.instance(ids.web1))).toEqual([ids.webGroup, ids.appGroup]);
  });
});
