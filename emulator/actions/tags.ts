/** TagResources, UntagResources and ListTagResources on instances (`instance`) and ENIs (`eni`). */
import { ecsError } from "../model/ecs-api-error";
import type { EcsModel } from "../model/ecs-model";
import {
  addTags,
  hasTags,
  listFilters,
  removeTags,
  resourceIds,
  resourcesToList,
  resourcesToTag,
  resourceType,
  tagKeysToRemove,
  tagsToAdd,
} from "../model/tag-rules";
import { bool, pageByToken, type Params, repeatList, tagParams } from "./params";
import type { ActionSpec } from "./types";

/** Rows per ListTagResources page (a guess: the action takes no page size). */
const LIST_PAGE_SIZE = 50;

/** RegionId, answered in the tag service's own form when it is missing. */
function tagRegion(model: EcsModel, params: Params): string {
  if (!params.RegionId) {
    throw ecsError("MissingParameter.RegionId", "The parameter - RegionId should not be null", 404);
  }
  return model.requireRegion(params.RegionId);
}

/** The region, type and named resources of a tag write, checked in that order. */
function writeTargets(model: EcsModel, params: Params) {
  const regionId = tagRegion(model, params);
  const type = resourceType(params.ResourceType);
  const ids = resourceIds(repeatList(params, "ResourceId"));
  return { regionId, type, ids };
}

function tagResources(model: EcsModel, params: Params) {
  const { regionId, type, ids } = writeTargets(model, params);
  const pairs = tagsToAdd(tagParams(params));
  addTags(resourcesToTag(model, regionId, type, ids), pairs);
  return {};
}

function untagResources(model: EcsModel, params: Params) {
  const { regionId, type, ids } = writeTargets(model, params);
  const keys = repeatList(params, "TagKey");
  // All is read only when no TagKey.N is given, as documented.
  const all = !keys && bool(params, "All") === true;
  if (!keys && !all) throw ecsError("MissingParameter.Tags");
  const toRemove = keys ? tagKeysToRemove(keys) : "all";
  removeTags(resourcesToTag(model, regionId, type, ids), toRemove);
  return {};
}

function listTagResources(model: EcsModel, params: Params) {
  const regionId = tagRegion(model, params);
  const type = resourceType(params.ResourceType);
  const named = repeatList(params, "ResourceId");
  const ids = named && resourceIds(named);
  const filters = listFilters(tagParams(params));
  // At least one of ResourceId.N and Tag.N is documented; the code for neither is a guess.
  if (!ids && filters.length === 0) throw ecsError("MissingParameter.Tags");
  const rows = resourcesToList(model, regionId, type, ids)
    .filter((r) => hasTags(r.holder.tags, filters))
    .flatMap((r) =>
      Object.entries(r.holder.tags).map(([TagKey, TagValue]) => ({
        ResourceType: r.resourceType,
        ResourceId: r.resourceId,
        TagKey,
        TagValue,
      })),
    );
  const { page, nextToken } = pageByToken(rows, params.NextToken, LIST_PAGE_SIZE);
  return { TagResources: { TagResource: page }, ...(nextToken ? { NextToken: nextToken } : {}) };
}

export const tagActions: Record<string, ActionSpec> = {
  TagResources: { mutates: true, handler: tagResources },
  UntagResources: { mutates: true, handler: untagResources },
  ListTagResources: { mutates: false, handler: listTagResources },
};
