/** The JSON shapes ECS answers with, built from model objects (wrapper objects included). */
import type { EcsModel } from "../model/ecs-model";
import type { Instance, NetworkInterface, SecurityGroup, Tags } from "../model/world";

const ipList = (ips: string[]) => ({ IpAddress: ips });

const tagsView = (tags: Tags) => ({
  Tag: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
});

function locks(instance: Instance) {
  return { LockReason: instance.lockReasons.map((r) => ({ LockReason: r, LockMsg: "" })) };
}

/** An entry of DescribeInstances' `Instances.Instance`. */
export function instanceView(model: EcsModel, instance: Instance) {
  model.settleInstance(instance);
  const enis = model.enisOf(instance.instanceId);
  return {
    InstanceId: instance.instanceId,
    InstanceName: instance.instanceName,
    Description: "",
    HostName: instance.instanceName,
    Status: instance.status,
    InstanceNetworkType: "vpc",
    RegionId: instance.regionId,
    ZoneId: instance.zoneId,
    InstanceType: instance.instanceType,
    ImageId: "aliyun_3_x64_20G_alibase_20250101.vhd",
    OSType: "linux",
    IoOptimized: true,
    InstanceChargeType: "PostPaid",
    InternetChargeType: "PayByTraffic",
    CreationTime: instance.creationTime,
    StoppedMode: instance.status === "Stopped" ? "KeepCharging" : "Not-applicable",
    DeletionProtection: false,
    SecurityGroupIds: { SecurityGroupId: [...model.visibleInstanceGroups(instance)] },
    VpcAttributes: {
      VpcId: instance.vpcId,
      VSwitchId: instance.vSwitchId,
      NatIpAddress: "",
      PrivateIpAddress: ipList([instance.privateIpAddress]),
    },
    NetworkInterfaces: {
      NetworkInterface: enis.map((e) => ({
        NetworkInterfaceId: e.networkInterfaceId,
        Type: e.type,
        PrimaryIpAddress: e.privateIpAddress,
        MacAddress: e.macAddress,
        PrivateIpSets: {
          PrivateIpSet: [{ PrivateIpAddress: e.privateIpAddress, Primary: true }],
        },
      })),
    },
    PublicIpAddress: ipList([]),
    InnerIpAddress: ipList([]),
    EipAddress: { AllocationId: "", IpAddress: "", Bandwidth: 0, InternetChargeType: "" },
    OperationLocks: locks(instance),
    Tags: tagsView(instance.tags),
  };
}

/** DescribeInstanceAttribute's body (without RequestId). */
export function instanceAttributeView(model: EcsModel, instance: Instance) {
  const view = instanceView(model, instance);
  return {
    InstanceId: view.InstanceId,
    InstanceName: view.InstanceName,
    Description: view.Description,
    HostName: view.HostName,
    ImageId: view.ImageId,
    InstanceType: view.InstanceType,
    Cpu: 2,
    Memory: 8192,
    RegionId: view.RegionId,
    ZoneId: view.ZoneId,
    Status: view.Status,
    StoppedMode: view.StoppedMode,
    InstanceNetworkType: "vpc",
    IoOptimized: "optimized",
    InstanceChargeType: view.InstanceChargeType,
    InternetChargeType: view.InternetChargeType,
    CreationTime: view.CreationTime,
    SecurityGroupIds: view.SecurityGroupIds,
    VpcAttributes: view.VpcAttributes,
    PublicIpAddress: view.PublicIpAddress,
    InnerIpAddress: view.InnerIpAddress,
    EipAddress: view.EipAddress,
    OperationLocks: { LockReason: instance.lockReasons.map((r) => ({ LockReason: r })) },
  };
}

export function eniView(model: EcsModel, eni: NetworkInterface) {
  model.settleEni(eni);
  return {
    NetworkInterfaceId: eni.networkInterfaceId,
    NetworkInterfaceName: eni.networkInterfaceName,
    Description: "",
    Type: eni.type,
    Status: eni.status,
    ...(eni.instanceId && !eni.serviceManaged ? { InstanceId: eni.instanceId } : {}),
    VpcId: eni.vpcId,
    VSwitchId: eni.vSwitchId,
    ZoneId: eni.zoneId,
    MacAddress: eni.macAddress,
    PrivateIpAddress: eni.privateIpAddress,
    OwnerId: "1234567890123456",
    CreationTime: eni.creationTime,
    ServiceManaged: eni.serviceManaged,
    DeleteOnRelease: eni.type === "Primary",
    SecurityGroupIds: { SecurityGroupId: [...model.visibleGroups(eni)] },
    PrivateIpSets: {
      PrivateIpSet: [{ PrivateIpAddress: eni.privateIpAddress, Primary: true }],
    },
    Ipv6Sets: { Ipv6Set: [] },
    Tags: tagsView(eni.tags),
    ...(eni.instanceId
      ? { Attachment: { InstanceId: eni.instanceId, DeviceIndex: eni.type === "Primary" ? 0 : 1 } }
      : {}),
  };
}

export function securityGroupView(group: SecurityGroup) {
  return {
    SecurityGroupId: group.securityGroupId,
    SecurityGroupName: group.securityGroupName,
    Description: group.description,
    SecurityGroupType: group.securityGroupType,
    VpcId: group.vpcId,
    CreationTime: group.creationTime,
    ServiceManaged: group.serviceManaged,
    ResourceGroupId: "",
    Tags: { Tag: [] },
    RuleCount: 0,
    GroupToGroupRuleCount: 0,
  };
}
