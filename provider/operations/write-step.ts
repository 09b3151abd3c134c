/**
 * One Join or Leave with everything around it: the per-target write lock for each attempt,
 * classification of failures for the operation, waiting for the target's state, and retries
 * until the deadline.
 */

import type { TargetCoordinator } from "../concurrency/coordination";
import type { EcsApi, WriteResult } from "../ecs/ecs-api";
import type { Operation } from "../errors/error-classes";
import { classify, type Failure } from "../errors/failure";
import { withRetries, type Outcome, type RetryResult, type WaitVerdict } from "../resilience/retry";
import { retryContext, type RetryDeps } from "../resilience/retry-context";
import { targetKey, type MembershipRef } from "../schema/model";
import { waitForTargetState } from "./target-state";

export interface WriteDeps extends RetryDeps {
  api: EcsApi;
  coordinator: TargetCoordinator;
}

export const WRITE_ACTIONS = { join: "JoinSecurityGroup", leave: "LeaveSecurityGroup" } as const;

/** Join or leave, retried until done, gone, fatal or `deadline`. Throws `RetryStop`. */
export function runWrite(
  kind: keyof typeof WRITE_ACTIONS,
  subject: MembershipRef,
  operation: Operation,
  deps: WriteDeps,
  deadline: number,
): Promise<RetryResult<WriteResult>> {
  const request = { target: subject.target, securityGroupId: subject.securityGroupId };
  const attempt = async (): Promise<Outcome<WriteResult>> => {
    try {
      const value = await deps.coordinator.withWriteLock(targetKey(subject.target), () =>
        kind === "join"
          ? deps.api.joinSecurityGroup(request)
          : deps.api.leaveSecurityGroup(request),
      );
      return { ok: true, value };
    } catch (error) {
      return { ok: false, failure: classify(operation, error) };
    }
  };
  const waitForState = async (failure: Failure): Promise<WaitVerdict> => {
    const verdict = await waitForTargetState(deps, subject.target, deadline, failure);
    // A target that vanished is what delete wants, but a create cannot succeed any more.
    if (verdict.kind === "gone" && operation === "create") {
      return { kind: "fatal", reason: "the target no longer exists" };
    }
    return verdict;
  };
  return withRetries(attempt, { ...retryContext(deps, deadline), waitForState });
}
