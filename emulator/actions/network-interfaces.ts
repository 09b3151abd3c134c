/** DescribeNetworkInterfaceAttribute, DescribeNetworkInterfaces and the ENI lifecycle actions. */
import { ecsError, invalidParameter } from "../model/ecs-api-error";
import { assertInstanceWritable } from "../model/membership-rules";
import type { EcsModel } from "../model/ecs-model";
import { describeFilters, hasTags } from "../model/tag-rules";
import type { NetworkInterface } from "../model/world";
import { initialGroups, paginate, type Params, repeatList, required, tagParams } from "./params";
import type { ActionSpec } from "./types";
import { eniView } from "./views";

function describeNetworkInterfaces(model: EcsModel, params: Params) {
  const regionId = model.requireRegion(params.RegionId);
  const ids = repeatList(params, "NetworkInterfaceId");
  if (ids && ids.length > 100) throw invalidParameter("NetworkInterfaceId", "at most 100 IDs");
  const tagFilters = describeFilters(tagParams(params));
  const candidates = ids
    ? ids.map((id) => model.enis.get(id)).filter((e): e is NetworkInterface => e !== undefined)
    : [...model.enis.values()];
  const matches = candidates.filter((eni) => {
    model.settleEni(eni);
    if (eni.regionId !== regionId) return false;
    if (params.InstanceId && eni.instanceId !== params.InstanceId) return false;
    if (params.VpcId && eni.vpcId !== params.VpcId) return false;
    if (params.VSwitchId && eni.vSwitchId !== params.VSwitchId) return false;
    if (params.Type && eni.type !== params.Type) return false;
    if (params.Status && eni.status !== params.Status) return false;
    if (params.NetworkInterfaceName && eni.networkInterfaceName !== params.NetworkInterfaceName)
      return false;
    if (params.ServiceManaged && String(eni.serviceManaged) !== params.ServiceManaged) return false;
    if (!hasTags(eni.tags, tagFilters)) return false;
    if (params.SecurityGroupId) {
      // The group filter covers secondary ENIs; primary ENIs are found through DescribeInstances.
      if (eni.type !== "Secondary" || !model.visibleGroups(eni).includes(params.SecurityGroupId))
        return false;
    }
    return true;
  });
  const { page, fields } = paginate(matches, params, {
    minResults: 10,
    maxResults: 500,
    maxPageSize: 500,
    totalCountWithToken: true,
  });
  return {
    ...fields,
    NetworkInterfaceSets: { NetworkInterfaceSet: page.map((e) => eniView(model, e)) },
  };
}

function createNetworkInterface(model: EcsModel, params: Params) {
  const regionId = model.requireRegion(params.RegionId);
  const vSwitchId = required(params, "VSwitchId");
  const { vpc, vSwitch } = model.vSwitch(vSwitchId, regionId);
  const groupIds = initialGroups(params);
  if (groupIds.map((id) => model.group(id, regionId)).some((g) => g.vpcId !== vpc.vpcId)) {
    throw ecsError("InvalidOperation.VpcMismatch");
  }
  const eni: NetworkInterface = {
    networkInterfaceId: model.newId("eni"),
    networkInterfaceName: params.NetworkInterfaceName ?? "",
    regionId,
    zoneId: vSwitch.zoneId,
    vpcId: vpc.vpcId,
    vSwitchId,
    type: "Secondary",
    status: "Available",
    securityGroupIds: [...groupIds],
    serviceManaged: false,
    privateIpAddress: `192.168.200.${model.enis.size & 255}`,
    macAddress: "00:16:3e:ff:" + String(model.enis.size % 100).padStart(2, "0") + ":01",
    creationTime: model.isoNow(),
    tags: {},
  };
  model.addEni(eni);
  const view = eniView(model, eni);
  return {
    NetworkInterfaceId: view.NetworkInterfaceId,
    Status: view.Status,
    Type: view.Type,
    VpcId: view.VpcId,
    VSwitchId: view.VSwitchId,
    ZoneId: view.ZoneId,
    PrivateIpAddress: view.PrivateIpAddress,
    MacAddress: view.MacAddress,
    NetworkInterfaceName: view.NetworkInterfaceName,
    SecurityGroupIds: view.SecurityGroupIds,
  };
}

function secondaryEni(model: EcsModel, params: Params): NetworkInterface {
  const regionId = model.requireRegion(params.RegionId);
  const eni = model.networkInterface(required(params, "NetworkInterfaceId"), regionId);
  if (eni.type === "Primary") throw ecsError("InvalidOperation.InvalidEniType");
  return eni;
}

function requireEniStatus(eni: NetworkInterface, status: NetworkInterface["status"]) {
  if (eni.status !== status) {
    throw ecsError(
      "InvalidOperation.InvalidEniState",
      `The network interface ${eni.networkInterfaceId} is ${eni.status}; it must be ${status}.`,
    );
  }
}

export const networkInterfaceActions: Record<string, ActionSpec> = {
  DescribeNetworkInterfaceAttribute: {
    mutates: false,
    handler(model, params) {
      const regionId = model.requireRegion(params.RegionId);
      return eniView(
        model,
        model.networkInterface(required(params, "NetworkInterfaceId"), regionId),
      );
    },
  },
  DescribeNetworkInterfaces: { mutates: false, handler: describeNetworkInterfaces },
  CreateNetworkInterface: { mutates: true, handler: createNetworkInterface },
  AttachNetworkInterface: {
    mutates: true,
    handler(model, params) {
      const eni = secondaryEni(model, params);
      const instance = model.instance(required(params, "InstanceId"), eni.regionId);
      requireEniStatus(eni, "Available");
      assertInstanceWritable(instance);
      if (instance.vpcId !== eni.vpcId) throw ecsError("InvalidOperation.VpcMismatch");
      model.attach(eni, instance.instanceId);
      model.transitionEni(eni, "Attaching", "InUse");
      return {};
    },
  },
  DetachNetworkInterface: {
    mutates: true,
    handler(model, params) {
      const eni = secondaryEni(model, params);
      const instanceId = required(params, "InstanceId");
      requireEniStatus(eni, "InUse");
      if (eni.instanceId !== instanceId) throw ecsError("InvalidInstanceId.NotFound");
      model.detach(eni);
      model.transitionEni(eni, "Detaching", "Available");
      return {};
    },
  },
  DeleteNetworkInterface: {
    mutates: true,
    handler(model, params) {
      const eni = secondaryEni(model, params);
      requireEniStatus(eni, "Available");
      model.deleteEni(eni);
      return {};
    },
  },
};
