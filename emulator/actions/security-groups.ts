/** DescribeSecurityGroups, CreateSecurityGroup and DeleteSecurityGroup. */
import { ecsError } from "../model/ecs-api-error";
import type { EcsModel } from "../model/ecs-model";
import type { SecurityGroup } from "../model/world";
import { bool, jsonList, paginate, type Params, required } from "./params";
import type { ActionSpec } from "./types";
import { securityGroupView } from "./views";

const TYPES = ["normal", "enterprise"];

function describeSecurityGroups(model: EcsModel, params: Params) {
  const regionId = model.requireRegion(params.RegionId);
  if (params.NextToken && (params.PageNumber || params.PageSize)) {
    throw ecsError("NotSupported.PageNumberAndPageSize");
  }
  if (params.SecurityGroupType && !TYPES.includes(params.SecurityGroupType)) {
    throw ecsError("InvalidParameter.SecurityGroupType");
  }
  if (bool(params, "DryRun")) throw ecsError("DryRunOperation");
  const ids = jsonList(params, "SecurityGroupIds", 100, () =>
    ecsError("InvalidSecurityGroupId.Malformed"),
  );
  const serviceManaged = bool(params, "ServiceManaged");
  const matches = [...model.groups.values()]
    .filter(
      (g) =>
        g.regionId === regionId &&
        (!params.SecurityGroupId || g.securityGroupId === params.SecurityGroupId) &&
        (!ids || ids.includes(g.securityGroupId)) &&
        (!params.VpcId || g.vpcId === params.VpcId) &&
        (!params.SecurityGroupType || g.securityGroupType === params.SecurityGroupType) &&
        (!params.SecurityGroupName || g.securityGroupName === params.SecurityGroupName) &&
        (serviceManaged === undefined || g.serviceManaged === serviceManaged),
    )
    .sort((a, b) => (a.securityGroupId < b.securityGroupId ? 1 : -1));
  const { page, fields } = paginate(matches, params, {
    minResults: 1,
    maxResults: 100,
    maxPageSize: 50,
    totalCountWithToken: false,
  });
  return {
    RegionId: regionId,
    ...fields,
    SecurityGroups: { SecurityGroup: page.map(securityGroupView) },
  };
}

function createSecurityGroup(model: EcsModel, params: Params) {
  const regionId = model.requireRegion(params.RegionId);
  const vpcId = required(params, "VpcId");
  const vpc = model.vpcs.get(vpcId);
  if (!vpc || vpc.regionId !== regionId) throw ecsError("InvalidVpcId.NotFound");
  const type = params.SecurityGroupType || "normal";
  if (!TYPES.includes(type)) throw ecsError("InvalidParameter.SecurityGroupType");
  const group: SecurityGroup = {
    securityGroupId: model.newId("sg"),
    regionId,
    vpcId,
    securityGroupName: params.SecurityGroupName ?? "",
    description: params.Description ?? "",
    securityGroupType: type as SecurityGroup["securityGroupType"],
    serviceManaged: false,
    creationTime: model.isoNow(),
  };
  model.groups.set(group.securityGroupId, group);
  return { SecurityGroupId: group.securityGroupId };
}

export const securityGroupActions: Record<string, ActionSpec> = {
  DescribeSecurityGroups: { mutates: false, handler: describeSecurityGroups },
  CreateSecurityGroup: { mutates: true, handler: createSecurityGroup },
  DeleteSecurityGroup: {
    mutates: true,
    handler(model, params) {
      const regionId = model.requireRegion(params.RegionId);
      const group = model.group(required(params, "SecurityGroupId"), regionId);
      if (
        [...model.enis.values()].some((e) => e.securityGroupIds.includes(group.securityGroupId))
      ) {
        throw ecsError("DependencyViolation");
      }
      model.groups.delete(group.securityGroupId);
      return {};
    },
  },
};
