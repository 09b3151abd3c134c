/** JoinSecurityGroup, LeaveSecurityGroup and the two Modify*Attribute actions. */
import {
  join,
  leave,
  replaceEniGroups,
  replaceInstanceGroups,
  resolveTarget,
} from "../model/membership-rules";
import { type Params, repeatList, required } from "./params";
import type { ActionSpec } from "./types";

function targetParams(params: Params) {
  return {
    instanceId: params.InstanceId || undefined,
    networkInterfaceId: params.NetworkInterfaceId || undefined,
    regionId: params.RegionId || undefined,
  };
}

export const membershipActions: Record<string, ActionSpec> = {
  JoinSecurityGroup: {
    mutates: true,
    handler(model, params) {
      const groupId = required(params, "SecurityGroupId");
      join(model, resolveTarget(model, targetParams(params)), groupId);
      return {};
    },
  },
  LeaveSecurityGroup: {
    mutates: true,
    handler(model, params) {
      const groupId = required(params, "SecurityGroupId");
      leave(model, resolveTarget(model, targetParams(params)), groupId);
      return {};
    },
  },
  ModifyInstanceAttribute: {
    mutates: true,
    handler(model, params) {
      const instance = model.instance(required(params, "InstanceId"));
      const groupIds = repeatList(params, "SecurityGroupIds");
      if (groupIds) replaceInstanceGroups(model, instance, groupIds);
      if (params.InstanceName) instance.instanceName = params.InstanceName;
      return {};
    },
  },
  ModifyNetworkInterfaceAttribute: {
    mutates: true,
    handler(model, params) {
      const regionId = model.requireRegion(params.RegionId);
      const eni = model.networkInterface(required(params, "NetworkInterfaceId"), regionId);
      const groupIds = repeatList(params, "SecurityGroupId");
      if (groupIds) replaceEniGroups(model, eni, groupIds);
      if (params.NetworkInterfaceName) eni.networkInterfaceName = params.NetworkInterfaceName;
      return {};
    },
  },
};
