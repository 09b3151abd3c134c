/** Reading ECS request parameters: required values, repeat lists, tags, JSON-array strings, paging. */
import { EcsApiError, ecsError, invalidParameter, missingParameter } from "../model/ecs-api-error";
import type { TagParam } from "../model/tag-rules";

export type Params = Record<string, string>;

export function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") throw missingParameter(name);
  return value;
}

/** `X.1`, `X.2`, … in index order (the SDK's flattening of an array). */
export function repeatList(params: Params, name: string): string[] | undefined {
  const prefix = `${name}.`;
  const entries: [number, string][] = [];
  for (const [key, value] of Object.entries(params)) {
    if (!key.startsWith(prefix)) continue;
    const index = Number(key.slice(prefix.length));
    if (Number.isInteger(index) && index >= 1) entries.push([index, value]);
  }
  if (entries.length === 0) return undefined;
  return entries.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** `Tag.N.Key` and `Tag.N.Value` in index order, one entry per N given. */
export function tagParams(params: Params): TagParam[] {
  const byIndex = new Map<number, TagParam>();
  for (const [name, value] of Object.entries(params)) {
    const match = /^Tag\.(\d+)\.(Key|Value)$/.exec(name);
    const index = Number(match?.[1]);
    if (!match || index < 1) continue;
    const entry = byIndex.get(index) ?? {};
    entry[match[2] === "Key" ? "key" : "value"] = value;
    byIndex.set(index, entry);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
}

/** The groups a new instance or ENI starts in: `SecurityGroupIds.N` or `SecurityGroupId`. */
export function initialGroups(params: Params): string[] {
  const groupIds =
    repeatList(params, "SecurityGroupIds") ??
    (params.SecurityGroupId ? [params.SecurityGroupId] : []);
  if (groupIds.length === 0) {
    throw invalidParameter("SecurityGroupId", "at least one security group is required");
  }
  return groupIds;
}

/** A parameter that holds a JSON array of strings, such as `InstanceIds`. */
export function jsonList(params: Params, name: string, max: number, malformed: () => EcsApiError) {
  const raw = params[name];
  if (raw === undefined || raw === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw malformed();
  }
  if (!Array.isArray(parsed) || parsed.some((v) => typeof v !== "string") || parsed.length > max) {
    throw malformed();
  }
  return parsed as string[];
}

export function bool(params: Params, name: string): boolean | undefined {
  const raw = params[name];
  if (raw === undefined || raw === "") return undefined;
  if (raw === "true" || raw === "false") return raw === "true";
  throw invalidParameter(name, "expected true or false");
}

function integer(params: Params, name: string): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw invalidParameter(name, "expected a whole number");
  return n;
}

export interface PageLimits {
  /** MaxResults below this is raised to it. */
  minResults: number;
  maxResults: number;
  maxPageSize: number;
  /**
   * Whether `TotalCount` comes with NextToken/MaxResults paging. DescribeSecurityGroups' docs say
   * it is not returned then; DescribeInstances' and DescribeNetworkInterfaces' that it is
   * "meaningless" (so returned; here the number of matches, a guess).
   */
  totalCountWithToken: boolean;
}

/**
 * One page of `items`, by NextToken/MaxResults or by the deprecated PageNumber/PageSize.
 * Tokens are opaque to clients; here they encode the offset.
 */
export function paginate<T>(items: T[], params: Params, limits: PageLimits) {
  const token = params.NextToken;
  const tokenMode = (token !== undefined && token !== "") || params.MaxResults !== undefined;
  if (tokenMode) {
    const requested = integer(params, "MaxResults") ?? 10;
    const max = Math.min(Math.max(requested, limits.minResults), limits.maxResults);
    const offset = token ? decodeToken(token) : 0;
    const page = items.slice(offset, offset + max);
    const next = offset + max < items.length ? encodeToken(offset + max) : undefined;
    const total = limits.totalCountWithToken ? { TotalCount: items.length } : {};
    return { page, fields: { ...total, ...(next ? { NextToken: next } : {}) } };
  }
  const pageNumber = Math.max(integer(params, "PageNumber") ?? 1, 1);
  const pageSize = Math.min(Math.max(integer(params, "PageSize") ?? 10, 1), limits.maxPageSize);
  const page = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    page,
    fields: { TotalCount: items.length, PageNumber: pageNumber, PageSize: pageSize },
  };
}

/** One page of `pageSize` items from `NextToken` on, for actions that take no MaxResults. */
export function pageByToken<T>(items: T[], token: string | undefined, pageSize: number) {
  const offset = token ? decodeToken(token) : 0;
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize < items.length ? encodeToken(offset + pageSize) : undefined;
  return { page, nextToken: next };
}

function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("hex");
}

function decodeToken(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, "hex").toString());
  if (!/^[0-9a-f]+$/.test(token) || !match) throw ecsError("InValidParameter.NextToken");
  return Number(match[1]);
}

/** `*` wildcards in names, as DescribeInstances' InstanceName allows. */
export function wildcardMatcher(pattern: string): (value: string) => boolean {
  const regex = new RegExp(
    "^" +
      pattern
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*") +
      "$",
  );
  return (value) => regex.test(value);
}
