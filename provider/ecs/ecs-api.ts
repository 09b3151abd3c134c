/**
 * The one adapter over the Alibaba Cloud SDK: the `EcsApi` interface the operations use, and
 * its SDK implementation (config, credentials, endpoint, socket timeouts, error mapping).
 * Everything it throws is an `EcsError`. The SDK's own retry stays off (its default).
 */

import Credential from "@alicloud/credentials";
import { DescribeInstanceAttributeRequest } from "@alicloud/ecs20140526/dist/models/DescribeInstanceAttributeRequest";
import { DescribeInstanceAttributeResponse } from "@alicloud/ecs20140526/dist/models/DescribeInstanceAttributeResponse";
import { DescribeInstancesRequest } from "@alicloud/ecs20140526/dist/models/DescribeInstancesRequest";
import { DescribeInstancesResponse } from "@alicloud/ecs20140526/dist/models/DescribeInstancesResponse";
import { DescribeNetworkInterfaceAttributeRequest } from "@alicloud/ecs20140526/dist/models/DescribeNetworkInterfaceAttributeRequest";
import { DescribeNetworkInterfaceAttributeResponse } from "@alicloud/ecs20140526/dist/models/DescribeNetworkInterfaceAttributeResponse";
import { DescribeNetworkInterfacesRequest } from "@alicloud/ecs20140526/dist/models/DescribeNetworkInterfacesRequest";
import { DescribeNetworkInterfacesResponse } from "@alicloud/ecs20140526/dist/models/DescribeNetworkInterfacesResponse";
import { JoinSecurityGroupRequest } from "@alicloud/ecs20140526/dist/models/JoinSecurityGroupRequest";
import { JoinSecurityGroupResponse } from "@alicloud/ecs20140526/dist/models/JoinSecurityGroupResponse";
import { LeaveSecurityGroupRequest } from "@alicloud/ecs20140526/dist/models/LeaveSecurityGroupRequest";
import { LeaveSecurityGroupResponse } from "@alicloud/ecs20140526/dist/models/LeaveSecurityGroupResponse";
import {
  TagResourcesRequest,
  TagResourcesRequestTag,
} from "@alicloud/ecs20140526/dist/models/TagResourcesRequest";
import { TagResourcesResponse } from "@alicloud/ecs20140526/dist/models/TagResourcesResponse";
import { UntagResourcesRequest } from "@alicloud/ecs20140526/dist/models/UntagResourcesRequest";
import { UntagResourcesResponse } from "@alicloud/ecs20140526/dist/models/UntagResourcesResponse";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import type { CredentialSetting, EndpointSetting } from "./connection";
import type { CallLog } from "./call-log";
import { EcsRpcClient } from "./ecs-client";
import { toEcsError } from "./ecs-error";
import type { MembershipRef, TargetRef } from "../schema/model";

/** A target's groups and tags as Describe* shows them. */
export interface TargetGroups {
  id: string;
  securityGroupIds: string[];
  tags: Record<string, string>;
}

/** One tag write on one target. */
export interface TagRequest {
  target: TargetRef;
  tags: Record<string, string>;
}

/** A target's status, and for an instance its lock reasons. */
export interface TargetStatus {
  status: string;
  locks: string[];
}

export interface WriteResult {
  requestId?: string;
}

/** The ECS calls the provider makes. Failures are `EcsError`s. */
export interface EcsApi {
  joinSecurityGroup(request: MembershipRef): Promise<WriteResult>;
  leaveSecurityGroup(request: MembershipRef): Promise<WriteResult>;
  /** Up to 100 IDs; targets that do not exist are simply absent from the result. */
  describeInstances(regionId: string, instanceIds: readonly string[]): Promise<TargetGroups[]>;
  /** Up to 100 IDs; targets that do not exist are absent (or the call fails as not found). */
  describeNetworkInterfaces(regionId: string, eniIds: readonly string[]): Promise<TargetGroups[]>;
  describeInstanceAttribute(target: TargetRef): Promise<TargetStatus>;
  describeNetworkInterfaceAttribute(target: TargetRef): Promise<TargetStatus>;
  /** Add or overwrite tags on the instance or ENI (`TagResources`). */
  tagTarget(request: TagRequest): Promise<WriteResult>;
  /** Remove tags by key (`UntagResources`); keys that are not there are no error. */
  untagTarget(target: TargetRef, keys: readonly string[]): Promise<WriteResult>;
}

/** `ResourceType` of the tag actions for each kind of target. */
const TAG_RESOURCE_TYPE = { instance: "instance", networkInterface: "eni" } as const;

type WireTags = { tag?: { tagKey?: string; tagValue?: string }[] } | undefined;

const tagMap = (tags: WireTags): Record<string, string> =>
  Object.fromEntries((tags?.tag ?? []).map((t) => [t.tagKey ?? "", t.tagValue ?? ""]));

/** Most IDs one Describe* call takes. */
export const MAX_IDS_PER_DESCRIBE = 100;
/** Pages followed per Describe* call before giving up (100 IDs fit in one page of 100). */
const MAX_PAGES = 10;

export interface SdkSettings {
  regionId: string;
  endpoint?: EndpointSetting;
  credentials: CredentialSetting;
  readTimeout: number;
  connectTimeout: number;
}

/** An SDK client for the settings, logging each call to `callLog` if given; no request is made. */
export function createSdkClient(settings: SdkSettings, callLog?: CallLog): EcsRpcClient {
  const { credentials } = settings;
  return new EcsRpcClient(
    new $OpenApiUtil.Config({
      regionId: settings.regionId,
      endpoint: settings.endpoint?.host,
      protocol: settings.endpoint?.protocol ?? "https",
      readTimeout: settings.readTimeout,
      connectTimeout: settings.connectTimeout,
      userAgent: "pulumi-alicloud-sg-membership",
      ...(credentials.kind === "static"
        ? {
            accessKeyId: credentials.accessKeyId,
            accessKeySecret: credentials.accessKeySecret,
            securityToken: credentials.securityToken,
          }
        : { credential: new Credential() }),
    }),
    callLog,
  );
}

async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toEcsError(action, error);
  }
}

const membershipFields = ({ target, securityGroupId }: MembershipRef) => ({
  regionId: target.regionId,
  securityGroupId,
  ...(target.kind === "instance" ? { instanceId: target.id } : { networkInterfaceId: target.id }),
});

/** Every item of a NextToken-paged Describe* call, up to `MAX_PAGES` pages. */
async function allPages<T>(
  page: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>,
): Promise<T[]> {
  const found: T[] = [];
  let nextToken: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const result = await page(nextToken);
    found.push(...result.items);
    nextToken = result.nextToken || undefined;
    if (!nextToken) break;
  }
  return found;
}

/** `EcsApi` over an SDK client. */
export class SdkEcsApi implements EcsApi {
  constructor(private readonly client: EcsRpcClient) {}

  joinSecurityGroup(request: MembershipRef): Promise<WriteResult> {
    return call("JoinSecurityGroup", async () => {
      const r = await this.client.rpc(
        "JoinSecurityGroup",
        new JoinSecurityGroupRequest(membershipFields(request)),
        JoinSecurityGroupResponse,
      );
      return { requestId: r.body?.requestId };
    });
  }

  leaveSecurityGroup(request: MembershipRef): Promise<WriteResult> {
    return call("LeaveSecurityGroup", async () => {
      const r = await this.client.rpc(
        "LeaveSecurityGroup",
        new LeaveSecurityGroupRequest(membershipFields(request)),
        LeaveSecurityGroupResponse,
      );
      return { requestId: r.body?.requestId };
    });
  }

  describeInstances(regionId: string, instanceIds: readonly string[]): Promise<TargetGroups[]> {
    return call("DescribeInstances", () =>
      allPages(async (nextToken) => {
        const r = await this.client.rpc(
          "DescribeInstances",
          new DescribeInstancesRequest({
            regionId,
            instanceIds: JSON.stringify(instanceIds),
            maxResults: 100,
            nextToken,
          }),
          DescribeInstancesResponse,
        );
        const items = (r.body?.instances?.instance ?? []).map((i) => ({
          id: i.instanceId ?? "",
          securityGroupIds: i.securityGroupIds?.securityGroupId ?? [],
          tags: tagMap(i.tags),
        }));
        return { items, nextToken: r.body?.nextToken };
      }),
    );
  }

  describeNetworkInterfaces(regionId: string, eniIds: readonly string[]): Promise<TargetGroups[]> {
    return call("DescribeNetworkInterfaces", () =>
      allPages(async (nextToken) => {
        const r = await this.client.rpc(
          "DescribeNetworkInterfaces",
          new DescribeNetworkInterfacesRequest({
            regionId,
            networkInterfaceId: [...eniIds],
            maxResults: 100,
            nextToken,
          }),
          DescribeNetworkInterfacesResponse,
        );
        const items = (r.body?.networkInterfaceSets?.networkInterfaceSet ?? []).map((n) => ({
          id: n.networkInterfaceId ?? "",
          securityGroupIds: n.securityGroupIds?.securityGroupId ?? [],
          tags: tagMap(n.tags),
        }));
        return { items, nextToken: r.body?.nextToken };
      }),
    );
  }

  describeInstanceAttribute(target: TargetRef): Promise<TargetStatus> {
    return call("DescribeInstanceAttribute", async () => {
      const r = await this.client.rpc(
        "DescribeInstanceAttribute",
        new DescribeInstanceAttributeRequest({ instanceId: target.id }),
        DescribeInstanceAttributeResponse,
      );
      const locks = r.body?.operationLocks?.lockReason ?? [];
      return {
        status: r.body?.status ?? "",
        locks: locks.map((l) => l.lockReason ?? "").filter((l) => l !== ""),
      };
    });
  }

  describeNetworkInterfaceAttribute(target: TargetRef): Promise<TargetStatus> {
    return call("DescribeNetworkInterfaceAttribute", async () => {
      const r = await this.client.rpc(
        "DescribeNetworkInterfaceAttribute",
        new DescribeNetworkInterfaceAttributeRequest({
          regionId: target.regionId,
          networkInterfaceId: target.id,
        }),
        DescribeNetworkInterfaceAttributeResponse,
      );
      return { status: r.body?.status ?? "", locks: [] };
    });
  }

  tagTarget({ target, tags }: TagRequest): Promise<WriteResult> {
    return call("TagResources", async () => {
      const r = await this.client.rpc(
        "TagResources",
        new TagResourcesRequest({
          regionId: target.regionId,
          resourceType: TAG_RESOURCE_TYPE[target.kind],
          resourceId: [target.id],
          tag: Object.entries(tags).map(
            ([key, value]) => new TagResourcesRequestTag({ key, value }),
          ),
        }),
        TagResourcesResponse,
      );
      return { requestId: r.body?.requestId };
    });
  }

  untagTarget(target: TargetRef, keys: readonly string[]): Promise<WriteResult> {
    return call("UntagResources", async () => {
      const r = await this.client.rpc(
        "UntagResources",
        new UntagResourcesRequest({
          regionId: target.regionId,
          resourceType: TAG_RESOURCE_TYPE[target.kind],
          resourceId: [target.id],
          tagKey: [...keys],
        }),
        UntagResourcesResponse,
      );
      return { requestId: r.body?.requestId };
    });
  }
}
