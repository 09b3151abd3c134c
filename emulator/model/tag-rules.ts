/**
 * The rules of ECS tags on instances and ENIs: which resources take tags, what a key and a value
 * may be, the limits per request and per resource, and the `Tag.N` filters of the reads. ECS keeps
 * tags in a service of its own, so tag writes never conflict with membership writes.
 * The codes and where they come from are in `error-codes.ts`.
 */
import { ecsError } from "./ecs-api-error";
import type { EcsModel } from "./ecs-model";
import type { Instance, NetworkInterface, Tags } from "./world";

/** User tags one resource may carry; system tags (`acs:`, `aliyun` keys) do not count. */
export const MAX_TAGS_PER_RESOURCE = 20;
/** `Tag.N` or `TagKey.N` in one request. */
export const MAX_TAGS_PER_REQUEST = 20;
/** `ResourceId.N` in one request. */
export const MAX_RESOURCES_PER_REQUEST = 50;
export const MAX_TAG_LENGTH = 128;

/**
 * Every `ResourceType` the ECS tag actions accept (the SDK's TagResourcesRequest docs). The
 * emulator holds only instances and ENIs, so an ID of any other type is not found.
 */
const RESOURCE_TYPES = [
  "instance",
  "disk",
  "snapshot",
  "image",
  "securitygroup",
  "volume",
  "eni",
  "ddh",
  "ddhcluster",
  "keypair",
  "launchtemplate",
  "reservedinstance",
  "snapshotpolicy",
  "elasticityassurance",
  "capacityreservation",
  "command",
  "invocation",
  "activation",
  "managedinstance",
];

/** One `Tag.N` of a request: `Tag.N.Key` and `Tag.N.Value`, either of which may be missing. */
export interface TagParam {
  key?: string;
  value?: string;
}

/** A read's tag filter: the key, and the value unless any value matches. */
export interface TagFilter {
  key: string;
  value?: string;
}

/** A resource whose tags a tag action reads or writes. */
export interface TaggedResource {
  resourceType: string;
  resourceId: string;
  holder: { tags: Tags };
}

// Matching regardless of case is a guess; the docs say "cannot start with aliyun or acs:" and
// "cannot contain http:// or https://".
const RESERVED_PREFIX = /^(aliyun|acs:)/i;
const URL_SCHEME = /https?:\/\//i;

export const isSystemTag = (key: string) => RESERVED_PREFIX.test(key);

const userTagCount = (tags: Tags) => Object.keys(tags).filter((k) => !isSystemTag(k)).length;

/** The resource type of a tag action; an unknown one is refused as ECS does. */
export function resourceType(type: string | undefined): string {
  if (!type) throw ecsError("MissingParameter.ResourceType");
  if (!RESOURCE_TYPES.includes(type)) throw ecsError("InvalidResourceType.NotFound");
  return type;
}

/** `ResourceId.N`, required and at most 50, duplicates dropped. */
export function resourceIds(ids: string[] | undefined): string[] {
  if (!ids || ids.every((id) => id === "")) throw ecsError("MissingParameter.ResourceIds");
  if (ids.length > MAX_RESOURCES_PER_REQUEST) throw ecsError("NumberExceed.ResourceIds");
  return [...new Set(ids.filter((id) => id !== ""))];
}

/** The emulator's resources of a type by ID: instances, ENIs, or none for the other types. */
function resourcesOf(model: EcsModel, type: string): Map<string, Instance | NetworkInterface> {
  if (type === "instance") return model.instances;
  if (type === "eni") return model.enis;
  return new Map();
}

function find(model: EcsModel, type: string, resourceId: string, regionId: string) {
  const holder = resourcesOf(model, type).get(resourceId);
  return holder?.regionId === regionId ? { resourceType: type, resourceId, holder } : undefined;
}

/** The named resources of one type in a region; any that does not exist fails the request. */
export function resourcesToTag(
  model: EcsModel,
  regionId: string,
  type: string,
  ids: string[],
): TaggedResource[] {
  return ids.map((id) => {
    const found = find(model, type, id, regionId);
    if (!found) throw ecsError("InvalidResourceId.NotFound");
    return found;
  });
}

/** The named resources that exist (a list skips the others), or every one of the type. */
export function resourcesToList(
  model: EcsModel,
  regionId: string,
  type: string,
  ids: string[] | undefined,
): TaggedResource[] {
  return (ids ?? [...resourcesOf(model, type).keys()])
    .map((id) => find(model, type, id, regionId))
    .filter((r) => r !== undefined);
}

function assertUserKey(key: string | undefined): string {
  if (
    key === undefined ||
    key.length === 0 ||
    key.length > MAX_TAG_LENGTH ||
    RESERVED_PREFIX.test(key) ||
    URL_SCHEME.test(key)
  ) {
    throw ecsError("InvalidTagKey.Malformed");
  }
  return key;
}

function assertUserValue(value: string) {
  if (value.length > MAX_TAG_LENGTH || RESERVED_PREFIX.test(value) || URL_SCHEME.test(value)) {
    throw ecsError("InvalidTagValue.Malformed");
  }
}

/** TagResources' `Tag.N`: 1 to 20 unique, valid pairs. A key without a value gets "" (a guess). */
export function tagsToAdd(params: TagParam[]): [string, string][] {
  if (params.length === 0) throw ecsError("MissingParameter.Tags");
  if (params.length > MAX_TAGS_PER_REQUEST) throw ecsError("NumberExceed.Tags");
  const pairs = params.map((p): [string, string] => {
    if (p.key === undefined && p.value !== undefined) throw ecsError("InvalidTag.Mismatch");
    const key = assertUserKey(p.key);
    assertUserValue(p.value ?? "");
    return [key, p.value ?? ""];
  });
  if (new Set(pairs.map(([k]) => k)).size !== pairs.length) throw ecsError("Duplicate.TagKey");
  return pairs;
}

/** UntagResources' `TagKey.N`: up to 20 unique keys a user may have set. */
export function tagKeysToRemove(keys: string[]): string[] {
  if (keys.length > MAX_TAGS_PER_REQUEST) throw ecsError("NumberExceed.Tags");
  keys.forEach(assertUserKey);
  if (new Set(keys).size !== keys.length) throw ecsError("Duplicate.TagKey");
  return keys;
}

/**
 * Adds or overwrites tags on every resource, or on none if one would end up with more than 20
 * user tags (overwriting a key does not count against the limit).
 */
export function addTags(resources: TaggedResource[], pairs: [string, string][]) {
  const updated = resources.map((r) => ({ ...r.holder.tags, ...Object.fromEntries(pairs) }));
  if (updated.some((tags) => userTagCount(tags) > MAX_TAGS_PER_RESOURCE)) {
    throw ecsError("OperationDenied.QuotaExceed");
  }
  resources.forEach((r, i) => (r.holder.tags = updated[i]));
}

/** Removes these keys, or with `"all"` every user tag; system tags stay. Absent keys are fine. */
export function removeTags(resources: TaggedResource[], keys: string[] | "all") {
  for (const r of resources) {
    const drop = keys === "all" ? (k: string) => !isSystemTag(k) : (k: string) => keys.includes(k);
    r.holder.tags = Object.fromEntries(Object.entries(r.holder.tags).filter(([k]) => !drop(k)));
  }
}

/**
 * The `Tag.N` filters of DescribeInstances and DescribeNetworkInterfaces: at most 20, each with
 * a key; a key alone (or with an empty value, a guess) matches any value.
 */
export function describeFilters(params: TagParam[]): TagFilter[] {
  if (params.length > MAX_TAGS_PER_REQUEST) throw ecsError("InvalidTagCount");
  return params.map((p) => {
    if (!p.key) throw ecsError("InvalidTag.Mismatch");
    return p.value ? { key: p.key, value: p.value } : { key: p.key };
  });
}

/** ListTagResources' `Tag.N` filters: at most 20, keys of 1 to 128 characters. */
export function listFilters(params: TagParam[]): TagFilter[] {
  if (params.length > MAX_TAGS_PER_REQUEST) throw ecsError("NumberExceed.Tags");
  return params.map((p) => {
    if (!p.key) {
      if (p.value) throw ecsError("InvalidParameter.TagValue");
      throw ecsError("InvalidTagKey.Malformed");
    }
    if (p.key.length > MAX_TAG_LENGTH) throw ecsError("InvalidTagKey.Malformed");
    return p.value ? { key: p.key, value: p.value } : { key: p.key };
  });
}

/** Whether a resource has every filter's tag. */
export function hasTags(tags: Tags, filters: TagFilter[]): boolean {
  return filters.every(
    (f) => Object.hasOwn(tags, f.key) && (f.value === undefined || tags[f.key] === f.value),
  );
}

/** Why a fixture's or state file's `tags` are not valid, or undefined. System tags are allowed. */
export function tagsProblem(tags: unknown): string | undefined {
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    return "must be an object of tag keys to string values";
  }
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== "string") return `has a value for "${key}" that is not a string`;
    if (key.length === 0 || key.length > MAX_TAG_LENGTH) {
      return `has a key of ${key.length} characters (1 to ${MAX_TAG_LENGTH})`;
    }
    if (value.length > MAX_TAG_LENGTH) {
      return `has a value for "${key}" of ${value.length} characters (at most ${MAX_TAG_LENGTH})`;
    }
  }
  const count = userTagCount(tags as Tags);
  if (count > MAX_TAGS_PER_RESOURCE) {
    return `has ${count} user tags (at most ${MAX_TAGS_PER_RESOURCE})`;
  }
  return undefined;
}
