/**
 * The rules of security-group membership, as ECS enforces them on Join, Leave and the two
 * Modify*Attribute actions: no overlapping Join/Leave on one target, target state, locks, managed
 * resources, same VPC, one group type, the per-target limit, and never fewer than one group.
 */
import { ecsError, missingParameter } from "./ecs-api-error";
import type { EcsModel, Target } from "./ecs-model";
import type { Instance, NetworkInterface, SecurityGroup } from "./world";

export interface TargetParams {
  instanceId?: string;
  networkInterfaceId?: string;
  regionId?: string;
}

/** Finds the instance or ENI a Join/Leave names, after the parameter checks. */
export function resolveTarget(model: EcsModel, p: TargetParams): Target {
  if (p.instanceId && p.networkInterfaceId)
    throw ecsError("InvalidParam.EniIdAndInstanceId.Conflict");
  if (p.instanceId) {
    if (p.regionId) model.requireRegion(p.regionId);
    const instance = model.instance(p.instanceId, p.regionId);
    return { kind: "instance", instance, eni: model.primaryEni(instance) };
  }
  if (p.networkInterfaceId) {
    const regionId = model.requireRegion(p.regionId);
    const eni = model.networkInterface(p.networkInterfaceId, regionId);
    if (eni.type === "Primary") throw ecsError("InvalidOperation.InvalidEniType");
    return { kind: "networkInterface", eni };
  }
  throw missingParameter("InstanceId");
}

/** The target must be in a state that allows a change of groups. */
export function assertWritable(model: EcsModel, target: Target) {
  if (target.kind === "instance") {
    assertInstanceWritable(target.instance);
    return;
  }
  const eni = target.eni;
  if (eni.serviceManaged) throw ecsError("InvalidOperation.EniServiceManaged");
  const attachedTo = eni.instanceId ? model.instances.get(eni.instanceId) : undefined;
  if (attachedTo) {
    model.settleInstance(attachedTo);
    if (attachedTo.status === "Pending")
      throw ecsError("InvalidStatus.EniOrInstanceIsBeingCreated");
  }
  if (eni.status !== "Available" && eni.status !== "InUse") {
    throw ecsError(
      "InvalidOperation.InvalidEniState",
      `The network interface ${eni.networkInterfaceId} is ${eni.status}; it must be Available or InUse.`,
    );
  }
}

export function assertInstanceWritable(instance: Instance) {
  if (instance.lockReasons.includes("security")) throw ecsError("InstanceLockedForSecurity");
  if (instance.status === "Pending") throw ecsError("Forbidden.InstanceIsBeingCreated");
  if (instance.status !== "Running" && instance.status !== "Stopped") {
    throw ecsError("IncorrectInstanceStatus");
  }
}

function assertGroupUsable(group: SecurityGroup) {
  if (group.serviceManaged) {
    throw ecsError(
      "InvalidOperation.ResourceManagedByCloudProduct",
      `The security group ${group.securityGroupId} is managed by a cloud product and cannot be modified.`,
    );
  }
}

function assertSameVpc(target: Target, group: SecurityGroup) {
  if (group.vpcId === target.eni.vpcId) return;
  throw ecsError(
    target.kind === "instance" ? "InvalidInstanceId.Mismatch" : "InvalidOperation.VpcMismatch",
  );
}

export function join(model: EcsModel, target: Target, groupId: string) {
  model.writes.assertFree(target.eni.networkInterfaceId);
  const group = model.group(groupId, target.eni.regionId);
  assertWritable(model, target);
  assertGroupUsable(group);
  assertSameVpc(target, group);
  const current = target.eni.securityGroupIds;
  if (current.includes(groupId)) throw ecsError("InvalidInstanceId.AlreadyExists");
  const types = new Set(current.map((id) => model.groups.get(id)?.securityGroupType));
  if (types.size > 0 && !types.has(group.securityGroupType))
    throw ecsError("InvalidOperation.MultiGroupType");
  if (target.kind === "instance") assertEnterpriseSupported(target.instance, group);
  if (current.length >= model.config.maxGroupsPerTarget)
    throw ecsError("InstanceSecurityGroupLimitExceeded");
  model.setGroups(target.eni, [...current, groupId]);
  model.writes.occupy(target.eni.networkInterfaceId);
}

export function leave(model: EcsModel, target: Target, groupId: string) {
  model.writes.assertFree(target.eni.networkInterfaceId);
  const group = model.group(groupId, target.eni.regionId);
  assertWritable(model, target);
  assertGroupUsable(group);
  const current = target.eni.securityGroupIds;
  if (!current.includes(groupId)) {
    throw ecsError(
      "InvalidSecurityGroupAssociation.NotFound",
      `The ${describe(target)} is not associated with the security group ${groupId}.`,
    );
  }
  if (current.length === 1) {
    throw ecsError(
      target.kind === "instance"
        ? "InstanceLastSecurityGroup"
        : "InvalidOperation.AtLeastInOneGroup",
    );
  }
  model.setGroups(
    target.eni,
    current.filter((id) => id !== groupId),
  );
  model.writes.occupy(target.eni.networkInterfaceId);
}

/** ModifyInstanceAttribute `SecurityGroupIds.N`: the instance ends up in exactly these groups. */
export function replaceInstanceGroups(model: EcsModel, instance: Instance, groupIds: string[]) {
  assertInstanceWritable(instance);
  const groups = checkReplacementList(model, groupIds, instance.regionId);
  if (groups.some((g) => g.vpcId !== instance.vpcId)) throw ecsError("InvalidInstanceId.Mismatch");
  if (new Set(groups.map((g) => g.securityGroupType)).size > 1) {
    throw ecsError("EnterpriseGroupLimited.MutliGroupType");
  }
  for (const g of groups) assertEnterpriseSupported(instance, g);
  model.setGroups(model.primaryEni(instance), groupIds);
}

/** ModifyNetworkInterfaceAttribute `SecurityGroupId.N` on a secondary ENI. */
export function replaceEniGroups(model: EcsModel, eni: NetworkInterface, groupIds: string[]) {
  if (eni.type === "Primary")
    throw ecsError("InvalidOperation.PrimaryEniOnlySupportModifyNameAndDesc");
  assertWritable(model, { kind: "networkInterface", eni });
  const groups = checkReplacementList(model, groupIds, eni.regionId);
  if (groups.some((g) => g.vpcId !== eni.vpcId)) throw ecsError("InvalidOperation.VpcMismatch");
  if (new Set(groups.map((g) => g.securityGroupType)).size > 1) {
    throw ecsError("InvalidOperation.MultiGroupType", undefined, 403);
  }
  model.setGroups(eni, groupIds);
}

function checkReplacementList(
  model: EcsModel,
  groupIds: string[],
  regionId: string,
): SecurityGroup[] {
  if (new Set(groupIds).size !== groupIds.length)
    throw ecsError("InvalidParameter.SecurityGroupIdRepeated");
  if (groupIds.length > model.config.maxGroupsPerTarget) throw ecsError("JoinedGroupLimitExceed");
  const groups = groupIds.map((id) => model.group(id, regionId));
  groups.forEach(assertGroupUsable);
  if (new Set(groups.map((g) => g.vpcId)).size > 1)
    throw ecsError("InvalidSecurityGroupVpc.NotBelongToOneVpc");
  return groups;
}

function assertEnterpriseSupported(instance: Instance, group: SecurityGroup) {
  if (group.securityGroupType === "enterprise" && !instance.supportsEnterpriseGroups) {
    throw ecsError("InvalidOperation.NotSupportEnterpriseGroup");
  }
}

function describe(target: Target): string {
  return target.kind === "instance"
    ? `instance ${target.instance.instanceId}`
    : `network interface ${target.eni.networkInterfaceId}`;
}
