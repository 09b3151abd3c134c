/** DescribeInstanceAttribute, DescribeInstances and the instance lifecycle actions. */
import { ecsError, invalidParameter } from "../model/ecs-api-error";
import type { EcsModel } from "../model/ecs-model";
import { describeFilters, hasTags } from "../model/tag-rules";
import type { Instance, InstanceStatus } from "../model/world";
import {
  bool,
  initialGroups,
  jsonList,
  paginate,
  type Params,
  required,
  tagParams,
  wildcardMatcher,
} from "./params";
import type { ActionSpec } from "./types";
import { instanceAttributeView, instanceView } from "./views";

const STATUSES: InstanceStatus[] = ["Pending", "Starting", "Running", "Stopping", "Stopped"];

function describeInstances(model: EcsModel, params: Params) {
  const regionId = model.requireRegion(params.RegionId);
  const ids = jsonList(params, "InstanceIds", 100, () => ecsError("InvalidInstanceIds.Malformed"));
  if (params.Status && !STATUSES.includes(params.Status as InstanceStatus)) {
    throw ecsError("InvalidStatus.NotFound");
  }
  const tagFilters = describeFilters(tagParams(params));
  if (bool(params, "DryRun")) throw ecsError("DryRunOperation");
  const nameMatches = params.InstanceName ? wildcardMatcher(params.InstanceName) : undefined;
  const candidates = ids
    ? ids.map((id) => model.instances.get(id)).filter((i): i is Instance => i !== undefined)
    : [...model.instances.values()];
  const matches = candidates.filter((instance) => {
    model.settleInstance(instance);
    if (instance.regionId !== regionId) return false;
    if (params.VpcId && instance.vpcId !== params.VpcId) return false;
    if (params.VSwitchId && instance.vSwitchId !== params.VSwitchId) return false;
    if (params.ZoneId && instance.zoneId !== params.ZoneId) return false;
    if (params.Status && instance.status !== params.Status) return false;
    if (nameMatches && !nameMatches(instance.instanceName)) return false;
    if (!hasTags(instance.tags, tagFilters)) return false;
    if (
      params.SecurityGroupId &&
      !model.visibleInstanceGroups(instance).includes(params.SecurityGroupId)
    ) {
      return false;
    }
    return true;
  });
  const { page, fields } = paginate(matches, params, {
    minResults: 10,
    maxResults: 100,
    maxPageSize: 100,
    totalCountWithToken: true,
  });
  return { ...fields, Instances: { Instance: page.map((i) => instanceView(model, i)) } };
}

function runInstances(model: EcsModel, params: Params) {
  const regionId = model.requireRegion(params.RegionId);
  const vSwitchId = required(params, "VSwitchId");
  const { vpc, vSwitch } = model.vSwitch(vSwitchId, regionId);
  const groupIds = initialGroups(params);
  const groups = groupIds.map((id) => model.group(id, regionId));
  if (groups.some((g) => g.vpcId !== vpc.vpcId)) throw ecsError("InvalidInstanceId.Mismatch");
  const amount = Number(params.Amount ?? "1");
  if (!Number.isInteger(amount) || amount < 1 || amount > 100)
    throw invalidParameter("Amount", "1 to 100");
  const created: string[] = [];
  for (let n = 0; n < amount; n++) {
    const instanceId = model.newId("i");
    const eniId = model.newId("eni");
    const ip = `192.168.${(model.instances.size >> 8) & 255}.${model.instances.size & 255}`;
    const instance: Instance = {
      instanceId,
      instanceName: params.InstanceName || instanceId,
      regionId,
      zoneId: vSwitch.zoneId,
      vpcId: vpc.vpcId,
      vSwitchId,
      instanceType: params.InstanceType || "ecs.g7.large",
      status: "Pending",
      lockReasons: [],
      supportsEnterpriseGroups: true,
      primaryNetworkInterfaceId: eniId,
      privateIpAddress: ip,
      creationTime: model.isoNow(),
      tags: {},
    };
    model.instances.set(instanceId, instance);
    model.transitionInstance(instance, "Pending", "Running");
    model.addEni({
      networkInterfaceId: eniId,
      networkInterfaceName: "",
      regionId,
      zoneId: vSwitch.zoneId,
      vpcId: vpc.vpcId,
      vSwitchId,
      type: "Primary",
      status: "InUse",
      instanceId,
      securityGroupIds: [...groupIds],
      serviceManaged: false,
      privateIpAddress: ip,
      macAddress: "00:16:3e:" + eniId.slice(-6).match(/../g)!.join(":"),
      creationTime: model.isoNow(),
      tags: {},
    });
    created.push(instanceId);
  }
  return { InstanceIdSets: { InstanceIdSet: created }, OrderId: "", TradePrice: 0 };
}

function requireStatus(instance: Instance, ...allowed: InstanceStatus[]) {
  if (!allowed.includes(instance.status)) throw ecsError("IncorrectInstanceStatus");
}

export const instanceActions: Record<string, ActionSpec> = {
  DescribeInstanceAttribute: {
    mutates: false,
    handler: (model, params) =>
      instanceAttributeView(model, model.instance(required(params, "InstanceId"))),
  },
  DescribeInstances: { mutates: false, handler: describeInstances },
  RunInstances: { mutates: true, handler: runInstances },
  StartInstance: {
    mutates: true,
    handler(model, params) {
      const instance = model.instance(required(params, "InstanceId"));
      requireStatus(instance, "Stopped");
      model.transitionInstance(instance, "Starting", "Running");
      return {};
    },
  },
  StopInstance: {
    mutates: true,
    handler(model, params) {
      const instance = model.instance(required(params, "InstanceId"));
      requireStatus(instance, "Running");
      model.transitionInstance(instance, "Stopping", "Stopped");
      return {};
    },
  },
  DeleteInstance: {
    mutates: true,
    handler(model, params) {
      const instance = model.instance(required(params, "InstanceId"));
      if (bool(params, "Force")) requireStatus(instance, "Running", "Stopped");
      else requireStatus(instance, "Stopped");
      for (const eni of model.enisOf(instance.instanceId)) {
        if (eni.type === "Primary") model.deleteEni(eni);
        else {
          model.detach(eni);
          eni.status = "Available";
        }
      }
      model.instances.delete(instance.instanceId);
      return {};
    },
  },
};
