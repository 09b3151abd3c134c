/**
 * The errors the operations throw: every failure as a `SecurityGroupMembershipError` (built from
 * where the retries stopped), and a create that joined but could not confirm as a
 * `PartialCreateError`, which Pulumi records.
 */
import { deadlineMessage, fatalMessage } from "../errors/failure";
import type { ErrorClass } from "../errors/error-classes";
import type { RetryStop } from "../resilience/retry";
import type { Timeout } from "../schema/durations";
import type { MembershipRef } from "../schema/model";

/** The error every operation throws. It has no `id` field: Pulumi would read that as a partial create. */
export class SecurityGroupMembershipError extends Error {
  override name = "SecurityGroupMembershipError";
  constructor(
    message: string,
    readonly action: string,
    readonly code: string,
    readonly errorClass: ErrorClass,
    readonly requestId: string | undefined,
    readonly attempts: number,
  ) {
    super(message);
  }
}

/** The result of a create that did its change but could not confirm it. */
export class PartialCreateError extends Error {
  override name = "PartialCreateError";
  constructor(
    message: string,
    /** Read by the Pulumi dynamic provider host: the resource is recorded with this ID. */
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

/** The error for a stopped retry loop. */
export function stopError(
  subject: MembershipRef,
  stop: RetryStop,
  timeout: Timeout,
  note?: string,
) {
  const notes = [stop.note, note].filter(Boolean).join(". ") || undefined;
  const f = stop.failure;
  const message =
    stop.reason === "deadline"
      ? deadlineMessage(subject, f, stop.attempts, timeout, notes)
      : fatalMessage(subject, f, notes);
  return new SecurityGroupMembershipError(
    message,
    f.action,
    f.code,
    f.class,
    f.requestId,
    stop.attempts,
  );
}
