/**
 * Whether a value is a world the model can serve: every entry of every collection has each field
 * of its type, IDs are unique, and what an entry names exists. A world file or `PUT
 * /_emulator/state` that is not is refused with the entry and the field, never served (a broken
 * entry would fail every call that touches it).
 */
import { tagsProblem } from "./tag-rules";
import type { World } from "./world";

interface Check {
  test: (value: unknown) => boolean;
  /** What the field must be, for the message. */
  must: string;
}

type Entry = Record<string, unknown>;
type Schema = Record<string, Check>;

const isObject = (v: unknown): v is Entry => typeof v === "object" && v !== null;
const text: Check = { test: (v) => typeof v === "string", must: "a string" };
const flag: Check = { test: (v) => typeof v === "boolean", must: "true or false" };
const texts: Check = {
  test: (v) => Array.isArray(v) && v.every((s) => typeof s === "string"),
  must: "an array of strings",
};
const oneOf = (values: readonly string[]): Check => ({
  test: (v) => values.includes(v as string),
  must: `one of ${values.join(", ")}`,
});
const optional = (check: Check): Check => ({
  test: (v) => v === undefined || check.test(v),
  must: check.must,
});
const pending = (statuses: readonly string[]): Check =>
  optional({
    test: (v) =>
      isObject(v) &&
      statuses.includes(v.status as string) &&
      typeof v.at === "string" &&
      !Number.isNaN(Date.parse(v.at)),
    must: `{ status: one of ${statuses.join(", ")}, at: an ISO 8601 time }`,
  });

const INSTANCE_STATUSES = ["Pending", "Starting", "Running", "Stopping", "Stopped"];
const ENI_STATUSES = ["Available", "Attaching", "InUse", "Detaching", "Deleting"];

const VPC: Schema = {
  regionId: text,
  vSwitches: {
    test: (v) =>
      Array.isArray(v) &&
      v.every(
        (s) => isObject(s) && typeof s.vSwitchId === "string" && typeof s.zoneId === "string",
      ),
    must: "an array of { vSwitchId, zoneId }",
  },
};
const SECURITY_GROUP: Schema = {
  regionId: text,
  vpcId: text,
  securityGroupName: text,
  description: text,
  securityGroupType: oneOf(["normal", "enterprise"]),
  serviceManaged: flag,
  creationTime: text,
};
const INSTANCE: Schema = {
  instanceName: text,
  regionId: text,
  zoneId: text,
  vpcId: text,
  vSwitchId: text,
  instanceType: text,
  status: oneOf(INSTANCE_STATUSES),
  pendingStatus: pending(INSTANCE_STATUSES),
  lockReasons: texts,
  supportsEnterpriseGroups: flag,
  primaryNetworkInterfaceId: text,
  privateIpAddress: text,
  creationTime: text,
};
const NETWORK_INTERFACE: Schema = {
  networkInterfaceName: text,
  regionId: text,
  zoneId: text,
  vpcId: text,
  vSwitchId: text,
  type: oneOf(["Primary", "Secondary"]),
  status: oneOf(ENI_STATUSES),
  pendingStatus: pending(ENI_STATUSES),
  instanceId: optional(text),
  securityGroupIds: {
    test: (v) => texts.test(v) && (v as string[]).length > 0,
    must: "a non-empty array of security group IDs",
  },
  serviceManaged: flag,
  privateIpAddress: text,
  macAddress: text,
  creationTime: text,
};

const COLLECTIONS: [keyof World, string, Schema][] = [
  ["vpcs", "vpcId", VPC],
  ["securityGroups", "securityGroupId", SECURITY_GROUP],
  ["instances", "instanceId", INSTANCE],
  ["networkInterfaces", "networkInterfaceId", NETWORK_INTERFACE],
];

/** The first problem of one collection's entries, each on its own. */
function entriesProblem(name: string, idField: string, schema: Schema, list: unknown[]) {
  const seen = new Map<string, number>();
  for (const [n, entry] of list.entries()) {
    const where = `"${name}[${n}]"`;
    if (!isObject(entry) || typeof entry[idField] !== "string") {
      return `${where} must be an object with a string "${idField}"`;
    }
    const id = entry[idField] as string;
    const first = seen.get(id);
    if (first !== undefined) {
      return `${where} (${id}): "${idField}" repeats the ID of "${name}[${first}]"`;
    }
    seen.set(id, n);
    for (const [field, check] of Object.entries(schema)) {
      if (!check.test(entry[field])) return `${where} (${id}): "${field}" must be ${check.must}`;
    }
    if ("tags" in entry && entry.tags !== undefined) {
      const problem = tagsProblem(entry.tags);
      if (problem) return `"${name}[${n}].tags" ${problem}`;
    }
  }
  return undefined;
}

/** The first entry that names a region, group, instance or ENI the world does not have. */
function referencesProblem(world: World): string | undefined {
  const regions = new Set(world.regions);
  const groups = new Set(world.securityGroups.map((g) => g.securityGroupId));
  const instances = new Set(world.instances.map((i) => i.instanceId));
  const enis = new Map(world.networkInterfaces.map((e) => [e.networkInterfaceId, e]));
  const missing = (where: string, field: string, value: string, collection: string) =>
    `${where}: "${field}" names ${value}, which is not in "${collection}"`;
  for (const [name, idField] of COLLECTIONS) {
    for (const [n, entry] of (world[name] as Entry[]).entries()) {
      const where = `"${name}[${n}]" (${entry[idField]})`;
      const regionId = entry.regionId as string;
      if (!regions.has(regionId)) return missing(where, "regionId", regionId, "regions");
    }
  }
  for (const [n, eni] of world.networkInterfaces.entries()) {
    const where = `"networkInterfaces[${n}]" (${eni.networkInterfaceId})`;
    const unknown = eni.securityGroupIds.find((id) => !groups.has(id));
    if (unknown) return missing(where, "securityGroupIds", unknown, "securityGroups");
    if (eni.instanceId !== undefined && !instances.has(eni.instanceId)) {
      return missing(where, "instanceId", eni.instanceId, "instances");
    }
  }
  for (const [n, instance] of world.instances.entries()) {
    const where = `"instances[${n}]" (${instance.instanceId})`;
    const primaryId = instance.primaryNetworkInterfaceId;
    const primary = enis.get(primaryId);
    if (!primary)
      return missing(where, "primaryNetworkInterfaceId", primaryId, "networkInterfaces");
    if (primary.type !== "Primary" || primary.instanceId !== instance.instanceId) {
      return `${where}: "primaryNetworkInterfaceId" names ${primaryId}, which is not a primary ENI of this instance`;
    }
  }
  return undefined;
}

/** The reason `value` is not a world, or undefined if it is one. */
export function worldProblem(value: unknown): string | undefined {
  if (!isObject(value) || Array.isArray(value)) return "the top level must be a JSON object";
  if (!Array.isArray(value.regions) || value.regions.some((r) => typeof r !== "string")) {
    return '"regions" must be an array of region IDs';
  }
  for (const [name, idField, schema] of COLLECTIONS) {
    const list = value[name];
    if (!Array.isArray(list)) return `"${name}" must be an array`;
    const problem = entriesProblem(name, idField, schema, list);
    if (problem) return problem;
  }
  return referencesProblem(value as unknown as World);
}
