/**
 * The emulated cloud as plain JSON: what `--fixture` and `--state` files hold and what
 * `GET /_emulator/state` returns. Times are ISO 8601 strings so the world round-trips through JSON.
 */

/** Tag key to value, in the order the tags were added (integer-like keys first, as in any JS object). */
export type Tags = Record<string, string>;

export type InstanceStatus = "Pending" | "Starting" | "Running" | "Stopping" | "Stopped";
export type EniStatus = "Available" | "Attaching" | "InUse" | "Detaching" | "Deleting";
export type SecurityGroupType = "normal" | "enterprise";

export interface VSwitch {
  vSwitchId: string;
  zoneId: string;
}

export interface Vpc {
  vpcId: string;
  regionId: string;
  vSwitches: VSwitch[];
}

export interface SecurityGroup {
  securityGroupId: string;
  regionId: string;
  vpcId: string;
  securityGroupName: string;
  description: string;
  securityGroupType: SecurityGroupType;
  /** Created in managed mode by a cloud product: readable, never modifiable. */
  serviceManaged: boolean;
  creationTime: string;
}

export interface Instance {
  instanceId: string;
  instanceName: string;
  regionId: string;
  zoneId: string;
  vpcId: string;
  vSwitchId: string;
  instanceType: string;
  status: InstanceStatus;
  /** The state a transitional status settles in, and when (ISO time). */
  pendingStatus?: { status: InstanceStatus; at: string };
  /** `OperationLocks.LockReason` values, e.g. `security`. */
  lockReasons: string[];
  /** False for instance types that cannot use enterprise groups. */
  supportsEnterpriseGroups: boolean;
  primaryNetworkInterfaceId: string;
  privateIpAddress: string;
  creationTime: string;
  tags: Tags;
}

export interface NetworkInterface {
  networkInterfaceId: string;
  networkInterfaceName: string;
  regionId: string;
  zoneId: string;
  vpcId: string;
  vSwitchId: string;
  type: "Primary" | "Secondary";
  status: EniStatus;
  pendingStatus?: { status: EniStatus; at: string };
  instanceId?: string;
  /** For a primary ENI these are the instance's groups. */
  securityGroupIds: string[];
  serviceManaged: boolean;
  privateIpAddress: string;
  macAddress: string;
  creationTime: string;
  tags: Tags;
}

/** A resource as a fixture or state file may give it: with no `tags`, it has none. */
export type TagsOptional<T extends { tags: Tags }> = Omit<T, "tags"> & { tags?: Tags };

/** What `--fixture` and `--state` files, `startEmulator({ fixture })` and `PUT /_emulator/state` take. */
export interface World {
  regions: string[];
  vpcs: Vpc[];
  securityGroups: SecurityGroup[];
  instances: TagsOptional<Instance>[];
  networkInterfaces: TagsOptional<NetworkInterface>[];
}

/** The world as the emulator holds it and `GET /_emulator/state` returns it: tags always present. */
export interface WorldSnapshot extends World {
  instances: Instance[];
  networkInterfaces: NetworkInterface[];
}
