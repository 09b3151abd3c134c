/** The emulator world the figures run against: many Running instances and Available ENIs. */
import type { World } from "../emulator";

export const REGION = "cn-hangzhou";
const VPC = "vpc-bp1bench0000000000001";
const VSWITCH = "vsw-bp1bench0000000000001";
const ZONE = "cn-hangzhou-h";
const T0 = "2026-01-01T00:00:00Z";
/** Every target starts in this group, so it never leaves its last group. */
export const BASE_GROUP = "sg-bp1benchbase000000001";
export const extraGroup = (n: number) => `sg-bp1benchextra${String(n).padStart(7, "0")}`;
export const instanceId = (n: number) => `i-bp1bench${String(n).padStart(14, "0")}`;
export const eniId = (n: number) => `eni-bp1bench${String(n).padStart(12, "0")}`;
const primaryEniId = (n: number) => `eni-bp1benchp${String(n).padStart(11, "0")}`;

/** A world of `instances` Running instances and `enis` Available ENIs, all in `BASE_GROUP`. */
export function benchWorld(instances: number, enis: number, extraGroups = 4): World {
  const group = (id: string, name: string) => ({
    securityGroupId: id,
    regionId: REGION,
    vpcId: VPC,
    securityGroupName: name,
    description: name,
    securityGroupType: "normal" as const,
    serviceManaged: false,
    creationTime: T0,
  });
  const eni = (id: string, n: number, instance?: string) => ({
    networkInterfaceId: id,
    networkInterfaceName: "",
    regionId: REGION,
    zoneId: ZONE,
    vpcId: VPC,
    vSwitchId: VSWITCH,
    type: instance ? ("Primary" as const) : ("Secondary" as const),
    status: instance ? ("InUse" as const) : ("Available" as const),
    ...(instance ? { instanceId: instance } : {}),
    securityGroupIds: [BASE_GROUP],
    serviceManaged: false,
    privateIpAddress: ip(n),
    macAddress: `00:16:3e:${hex(n >> 16)}:${hex(n >> 8)}:${hex(n)}`,
    creationTime: T0,
  });
  const ip = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const hex = (n: number) => (n & 255).toString(16).padStart(2, "0");
  const world: World = {
    regions: [REGION],
    vpcs: [{ vpcId: VPC, regionId: REGION, vSwitches: [{ vSwitchId: VSWITCH, zoneId: ZONE }] }],
    securityGroups: [
      group(BASE_GROUP, "bench-base"),
      ...Array.from({ length: extraGroups }, (_, g) => group(extraGroup(g), `bench-${g}`)),
    ],
    instances: [],
    networkInterfaces: [],
  };
  for (let n = 0; n < instances; n++) {
    const id = instanceId(n);
    world.instances.push({
      instanceId: id,
      instanceName: `bench-${n}`,
      regionId: REGION,
      zoneId: ZONE,
      vpcId: VPC,
      vSwitchId: VSWITCH,
      instanceType: "ecs.g7.large",
      status: "Running",
      lockReasons: [],
      supportsEnterpriseGroups: true,
      primaryNetworkInterfaceId: primaryEniId(n),
      privateIpAddress: ip(n),
      creationTime: T0,
    });
    world.networkInterfaces.push(eni(primaryEniId(n), n, id));
  }
  for (let n = 0; n < enis; n++) world.networkInterfaces.push(eni(eniId(n), (1 << 20) | n));
  return world;
}
