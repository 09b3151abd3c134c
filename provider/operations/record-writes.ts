/**
 * Writing and removing one ownership record, retried like any ECS call. Records are a safety
 * net, not the membership: when RAM denies the tag actions, the provider says so once and goes
 * on as before records (no record written); ECS's tag limit is a clear error before the Join.
 * Other failures end as the `RetryStop` of `withRetries`.
 */

import type { EcsApi } from "../ecs/ecs-api";
import { classify, errorText } from "../errors/failure";
import type { Operation } from "../errors/error-classes";
import { RetryStop, withRetries } from "../resilience/retry";
import { formatMembershipId } from "../schema/membership-id";
import type { MembershipRef } from "../schema/model";
import { SecurityGroupMembershipError } from "./operation-errors";
import { retryContext, type RetryDeps } from "../resilience/retry-context";
import { MAX_TAGS_PER_TARGET, recordKey, recordValue, type Owner } from "../ownership/records";

/**
 * Whether this process writes records (off when opted out, or after RAM denied a tag action)
 * and removes them (always, unless RAM denied a tag action: records written earlier still go).
 */
export class RecordPolicy {
  private deniedNoticed = false;
  mayRemove = true;
  constructor(public write: boolean) {}

  /** Stop writing and removing records, and say why once. */
  denied(notify: RetryDeps["notify"], text: string): void {
    this.write = false;
    this.mayRemove = false;
    if (this.deniedNoticed) return;
    this.deniedNoticed = true;
    notify?.(
      `ownership records are off for this run: ${text}. Memberships are still made and removed, ` +
        "but without records a stack cannot tell its own interrupted Joins from others' memberships; " +
        "grant ecs:TagResources and ecs:UntagResources (see the README's permissions)",
    );
  }
}

export interface RecordDeps extends RetryDeps {
  api: EcsApi;
  records: RecordPolicy;
}

async function tagCall(
  subject: MembershipRef,
  operation: Operation,
  deps: RecordDeps,
  deadline: number,
  call: () => Promise<unknown>,
): Promise<"done" | "denied"> {
  try {
    await withRetries(
      async () => {
        try {
          return { ok: true as const, value: await call() };
        } catch (error) {
          return { ok: false as const, failure: classify(operation, error) };
        }
      },
      retryContext(deps, deadline),
    );
    return "done";
  } catch (error) {
    if (!(error instanceof RetryStop)) throw error;
    const f = error.failure;
    if (f.group === "permission") {
      deps.records.denied(deps.notify, `${f.action} was denied: ${errorText(f)}`);
      return "denied";
    }
    if (f.group === "tag-limit") {
      const message =
        `${f.action} failed for ${formatMembershipId(subject)}: ${errorText(f)}. The ownership record ` +
        `needs one tag on the target, and ECS allows ${MAX_TAGS_PER_TARGET}: remove a tag the ` +
        "target no longer needs, or turn records off with SG_MEMBERSHIP_OWNERSHIP_RECORDS=false " +
        "(see the README). Nothing was changed.";
      throw new SecurityGroupMembershipError(
        message,
        f.action,
        f.code,
        f.class,
        f.requestId,
        error.attempts,
      );
    }
    throw error;
  }
}

/** Write `owner`'s record for the membership; `false` when records are (or just turned) off. */
export async function writeRecord(
  subject: MembershipRef,
  owner: Owner,
  deps: RecordDeps,
  deadline: number,
): Promise<boolean> {
  if (!deps.records.write) return false;
  const tags = { [recordKey(subject.securityGroupId, owner)]: recordValue(owner) };
  const call = () => deps.api.tagTarget({ target: subject.target, tags });
  return (await tagCall(subject, "create", deps, deadline, call)) === "done";
}

/** Remove `owner`'s record (absent is fine). A denial is noticed, not fatal. */
export async function removeRecord(
  subject: MembershipRef,
  owner: Owner,
  operation: Operation,
  deps: RecordDeps,
  deadline: number,
): Promise<void> {
  const keys = [recordKey(subject.securityGroupId, owner)];
  const call = () => deps.api.untagTarget(subject.target, keys);
  await tagCall(subject, operation, deps, deadline, call);
}
