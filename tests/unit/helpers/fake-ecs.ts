/**
 * An in-memory `EcsApi` for unit tests of control flow only (retry, classification,
 * coordination). It is not an emulator: behaviour against real wire answers is tested in
 * tests/integration against ecs-emulator.
 */

import type { EcsApi, TagRequest, TargetGroups, TargetStatus } from "../../../provider/ecs/ecs-api";
import { EcsError } from "../../../provider/ecs/ecs-error";
import type { MembershipRef, TargetRef } from "../../../provider/schema/model";

interface FakeTarget {
  groups: string[];
  tags: Record<string, string>;
  status: string;
  locks: string[];
  /** Statuses to report on the next attribute polls, in order. */
  statusSequence: string[];
}

/** A scripted answer: an error, optionally after carrying the write out ("answer lost"). */
export interface Scripted {
  error: EcsError;
  applyFirst?: boolean;
}

let requestCounter = 0;

/** An ECS-style error as the adapter would produce it. */
export function ecsError(
  action: string,
  code: string,
  extra: { status?: number; retryAfterMs?: number; transport?: boolean; detail?: string } = {},
): EcsError {
  const { detail = `${code} happened`, ...rest } = extra;
  return new EcsError(action, code, detail, {
    status: rest.transport ? undefined : (rest.status ?? 400),
    requestId: rest.transport ? undefined : `REQ-${++requestCounter}`,
    ...rest,
  });
}

export class FakeEcs implements EcsApi {
  readonly targets = new Map<string, FakeTarget>();
  readonly calls: { action: string; detail: string }[] = [];
  private readonly scripts = new Map<string, Scripted[]>();
  /** Describe* shows memberships this many calls late (eventual consistency). */
  staleDescribes = 0;

  addTarget(id: string, groups: string[], status = id.startsWith("eni-") ? "InUse" : "Running") {
    this.targets.set(id, { groups: [...groups], tags: {}, status, locks: [], statusSequence: [] });
    return this;
  }

  /** Queue answers for the next calls of `action`. */
  script(action: string, ...answers: (EcsError | Scripted)[]) {
    const queue = this.scripts.get(action) ?? [];
    queue.push(...answers.map((a) => (a instanceof EcsError ? { error: a } : a)));
    this.scripts.set(action, queue);
    return this;
  }

  count(action: string): number {
    return this.calls.filter((c) => c.action === action).length;
  }

  private begin(action: string, detail: string, apply: () => void): void {
    this.calls.push({ action, detail });
    const next = this.scripts.get(action)?.shift();
    if (next) {
      if (next.applyFirst) apply();
      throw next.error;
    }
    apply();
  }

  private target(action: string, ref: TargetRef): FakeTarget {
    const t = this.targets.get(ref.id);
    if (!t) {
      const code = ref.kind === "instance" ? "InvalidInstanceId.NotFound" : "InvalidEniId.NotFound";
      throw ecsError(action, code, { status: 404 });
    }
    return t;
  }

  async joinSecurityGroup({ target, securityGroupId }: MembershipRef) {
    const action = "JoinSecurityGroup";
    this.begin(action, `${target.id}+${securityGroupId}`, () => {
      const t = this.target(action, target);
      if (t.groups.includes(securityGroupId)) {
        throw ecsError(action, "InvalidInstanceId.AlreadyExists", { status: 403 });
      }
      t.groups.push(securityGroupId);
    });
    return { requestId: `REQ-${++requestCounter}` };
  }

  async leaveSecurityGroup({ target, securityGroupId }: MembershipRef) {
    const action = "LeaveSecurityGroup";
    this.begin(action, `${target.id}-${securityGroupId}`, () => {
      const t = this.target(action, target);
      if (!t.groups.includes(securityGroupId)) {
        throw ecsError(action, "InvalidSecurityGroupAssociation.NotFound");
      }
      if (t.groups.length === 1) {
        const code =
          target.kind === "instance"
            ? "InstanceLastSecurityGroup"
            : "InvalidOperation.AtLeastInOneGroup";
        throw ecsError(action, code, { status: 403 });
      }
      t.groups = t.groups.filter((g) => g !== securityGroupId);
    });
    return { requestId: `REQ-${++requestCounter}` };
  }

  private describe(action: string, ids: readonly string[]): TargetGroups[] {
    const stale = this.staleDescribes > 0;
    this.begin(action, ids.join(","), () => undefined);
    if (stale) this.staleDescribes--;
    return ids
      .filter((id) => this.targets.has(id))
      .map((id) => {
        const t = this.targets.get(id)!;
        return { id, securityGroupIds: stale ? [] : [...t.groups], tags: { ...t.tags } };
      });
  }

  async describeInstances(_regionId: string, ids: readonly string[]) {
    return this.describe("DescribeInstances", ids);
  }

  async describeNetworkInterfaces(_regionId: string, ids: readonly string[]) {
    return this.describe("DescribeNetworkInterfaces", ids);
  }

  private status(action: string, ref: TargetRef): TargetStatus {
    let result: TargetStatus = { status: "", locks: [] };
    this.begin(action, ref.id, () => {
      const t = this.target(action, ref);
      if (t.statusSequence.length > 0) t.status = t.statusSequence.shift()!;
      result = { status: t.status, locks: [...t.locks] };
    });
    return result;
  }

  async describeInstanceAttribute(ref: TargetRef) {
    return this.status("DescribeInstanceAttribute", ref);
  }

  async describeNetworkInterfaceAttribute(ref: TargetRef) {
    return this.status("DescribeNetworkInterfaceAttribute", ref);
  }

  async tagTarget({ target, tags }: TagRequest) {
    const action = "TagResources";
    this.begin(action, `${target.id}+${Object.keys(tags).join(",")}`, () => {
      Object.assign(this.target(action, target).tags, tags);
    });
    return { requestId: `REQ-${++requestCounter}` };
  }

  async untagTarget(target: TargetRef, keys: readonly string[]) {
    const action = "UntagResources";
    this.begin(action, `${target.id}-${keys.join(",")}`, () => {
      const t = this.target(action, target);
      for (const key of keys) delete t.tags[key];
    });
    return { requestId: `REQ-${++requestCounter}` };
  }
}
