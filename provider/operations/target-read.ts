/** One fresh read of a target's groups and tags (batched with other reads), retried to the deadline. */

import type { TargetGroups } from "../ecs/ecs-api";
import { classify } from "../errors/failure";
import type { Operation } from "../errors/error-classes";
import { withRetries } from "../resilience/retry";
import { retryContext, type RetryDeps } from "../resilience/retry-context";
import type { ReadPurpose, TargetReader } from "../concurrency/target-reader";
import type { MembershipRef } from "../schema/model";

export interface ReadDeps extends RetryDeps {
  reader: TargetReader;
}

/** The target's groups and tags, or `null` when it does not exist. Throws `RetryStop`. */
export async function readTarget(
  subject: MembershipRef,
  operation: Operation,
  deps: ReadDeps,
  deadline: number,
  purpose: ReadPurpose = "confirm",
): Promise<TargetGroups | null> {
  const result = await withRetries(
    async () => {
      try {
        return { ok: true as const, value: await deps.reader.read(subject.target, purpose) };
      } catch (error) {
        return { ok: false as const, failure: classify(operation, error) };
      }
    },
    retryContext(deps, deadline),
  );
  return result.kind === "ok" ? result.value : null;
}
