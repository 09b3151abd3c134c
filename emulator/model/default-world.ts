import type { World } from "./world";

/** The key pair the emulator accepts unless told otherwise. Not a secret: it opens only the emulator. */
export const DEFAULT_ACCESS_KEY_ID = "ecs-emulator";
export const DEFAULT_ACCESS_KEY_SECRET = "ecs-emulator-secret";
/** An STS triple the emulator also accepts by default. */
export const DEFAULT_STS = {
  accessKeyId: "STS.ecs-emulator",
  accessKeySecret: "ecs-emulator-sts-secret",
  securityToken: "ecs-emulator-sts-token",
} as const;

/** IDs in the default world, for docs, examples and tests. */
export const DEFAULT_IDS = {
  region: "cn-hangzhou",
  zone: "cn-hangzhou-h",
  vpc: "vpc-bp1emulator0000000001",
  vSwitch: "vsw-bp1emulator0000000001",
  otherVpc: "vpc-bp1emulator0000000002",
  otherVSwitch: "vsw-bp1emulator0000000002",
  /** Basic groups in the main VPC. */
  webGroup: "sg-bp1web00000000000001",
  appGroup: "sg-bp1app00000000000001",
  dbGroup: "sg-bp1db000000000000001",
  opsGroup: "sg-bp1ops00000000000001",
  cacheGroup: "sg-bp1cache0000000000001",
  monitorGroup: "sg-bp1monitor000000000001",
  /** An enterprise (advanced) group in the main VPC. */
  enterpriseGroup: "sg-bp1enterprise000000001",
  /** A basic group managed by a cloud product. */
  managedGroup: "sg-bp1managed00000000001",
  /** A basic group in the other VPC. */
  otherVpcGroup: "sg-bp1othervpc0000000001",
  /** Running instances, each in the web group only. */
  web1: "i-bp1web1000000000000001",
  web2: "i-bp1web2000000000000001",
  web3: "i-bp1web3000000000000001",
  /** A Stopped instance in the app group. */
  stopped: "i-bp1stopped00000000001",
  /** A Running instance locked for security, in the web group. */
  locked: "i-bp1locked000000000001",
  /** A secondary ENI attached to web1 (InUse), in the web group. */
  attachedEni: "eni-bp1attached0000000001",
  /** A secondary ENI not attached (Available), in the app group. */
  availableEni: "eni-bp1available000000001",
} as const;

const T0 = "2026-01-01T00:00:00Z";
const ids = DEFAULT_IDS;

function group(id: string, name: string, extra: Partial<World["securityGroups"][number]> = {}) {
  return {
    securityGroupId: id,
    regionId: ids.region,
    vpcId: ids.vpc,
    securityGroupName: name,
    description: `${name} (default emulator world)`,
    securityGroupType: "normal" as const,
    serviceManaged: false,
    creationTime: T0,
    ...extra,
  };
}

function instance(
  id: string,
  n: number,
  status: "Running" | "Stopped",
  groupId: string,
  lock = false,
) {
  const primaryEni = `eni-bp1primary${String(n).padStart(11, "0")}`;
  return {
    instance: {
      instanceId: id,
      instanceName: id.replace(/^i-bp1/, "").replace(/0+\d$/, "") || id,
      regionId: ids.region,
      zoneId: ids.zone,
      vpcId: ids.vpc,
      vSwitchId: ids.vSwitch,
      instanceType: "ecs.g7.large",
      status,
      lockReasons: lock ? ["security"] : [],
      supportsEnterpriseGroups: true,
      primaryNetworkInterfaceId: primaryEni,
      privateIpAddress: `192.168.0.${10 + n}`,
      creationTime: T0,
    },
    primaryEni: {
      networkInterfaceId: primaryEni,
      networkInterfaceName: "",
      regionId: ids.region,
      zoneId: ids.zone,
      vpcId: ids.vpc,
      vSwitchId: ids.vSwitch,
      type: "Primary" as const,
      status: "InUse" as const,
      instanceId: id,
      securityGroupIds: [groupId],
      serviceManaged: false,
      privateIpAddress: `192.168.0.${10 + n}`,
      macAddress: `00:16:3e:00:00:${String(n).padStart(2, "0")}`,
      creationTime: T0,
    },
  };
}

function secondaryEni(id: string, n: number, groupId: string, instanceId?: string) {
  return {
    networkInterfaceId: id,
    networkInterfaceName: instanceId ? "attached" : "available",
    regionId: ids.region,
    zoneId: ids.zone,
    vpcId: ids.vpc,
    vSwitchId: ids.vSwitch,
    type: "Secondary" as const,
    status: instanceId ? ("InUse" as const) : ("Available" as const),
    ...(instanceId ? { instanceId } : {}),
    securityGroupIds: [groupId],
    serviceManaged: false,
    privateIpAddress: `192.168.0.${100 + n}`,
    macAddress: `00:16:3e:00:01:${String(n).padStart(2, "0")}`,
    creationTime: T0,
  };
}

/** A fresh copy of the default world. */
export function defaultWorld(): World {
  const machines = [
    instance(ids.web1, 1, "Running", ids.webGroup),
    instance(ids.web2, 2, "Running", ids.webGroup),
    instance(ids.web3, 3, "Running", ids.webGroup),
    instance(ids.stopped, 4, "Stopped", ids.appGroup),
    instance(ids.locked, 5, "Running", ids.webGroup, true),
  ];
  return {
    regions: [ids.region],
    vpcs: [
      {
        vpcId: ids.vpc,
        regionId: ids.region,
        vSwitches: [{ vSwitchId: ids.vSwitch, zoneId: ids.zone }],
      },
      {
        vpcId: ids.otherVpc,
        regionId: ids.region,
        vSwitches: [{ vSwitchId: ids.otherVSwitch, zoneId: ids.zone }],
      },
    ],
    securityGroups: [
      group(ids.webGroup, "web"),
      group(ids.appGroup, "app"),
      group(ids.dbGroup, "db"),
      group(ids.opsGroup, "ops"),
      group(ids.cacheGroup, "cache"),
      group(ids.monitorGroup, "monitor"),
      group(ids.enterpriseGroup, "enterprise", { securityGroupType: "enterprise" }),
      group(ids.managedGroup, "managed", { serviceManaged: true }),
      group(ids.otherVpcGroup, "other-vpc", { vpcId: ids.otherVpc }),
    ],
    instances: machines.map((m) => m.instance),
    networkInterfaces: [
      ...machines.map((m) => m.primaryEni),
      secondaryEni(ids.attachedEni, 1, ids.webGroup, ids.web1),
      secondaryEni(ids.availableEni, 2, ids.appGroup),
    ],
  };
}
