/**
 * A classified failure (what the retry loop and operations work with) and the user-facing
 * error messages built from it. Every message names the action, the target and group, the ECS
 * code, the RequestId and what to do.
 */

import { formatDuration, type Timeout } from "../schema/durations";
import { classifyCode, type Classification, type Operation } from "./error-classes";
import { toEcsError } from "../ecs/ecs-error";
import { describeTarget, type MembershipRef } from "../schema/model";

/** A failed request, classified for one operation. Plain data: no SDK object inside. */
export interface Failure extends Classification {
  readonly action: string;
  readonly code: string;
  readonly detail: string;
  readonly status?: number;
  readonly requestId?: string;
  /** `x-acs-retry-after`, ms. */
  readonly retryAfterMs?: number;
  /** No answer was received. */
  readonly transport: boolean;
}

/**
 * Classify what an `EcsApi` call threw, for `operation`. The action is the error's own: every
 * failure of the adapter is an `EcsError` naming it (anything else, a bug, is named "an ECS
 * call" and, as `ClientInternal`, fatal).
 */
export function classify(operation: Operation, error: unknown): Failure {
  const e = toEcsError("an ECS call", error);
  return {
    ...classifyCode(operation, e.code),
    action: e.action,
    code: e.code,
    detail: e.detail,
    status: e.status,
    requestId: e.requestId,
    retryAfterMs: e.retryAfterMs,
    transport: e.transport,
  };
}

const subjectText = (s: MembershipRef) =>
  `${describeTarget(s.target)}, security group ${s.securityGroupId}, region ${s.target.regionId}`;

/** `Code (HTTP 403, RequestId X): detail` with unknown codes quoted verbatim. */
export function errorText(f: Failure): string {
  const code = f.known
    ? f.code
    : `"${f.code}" (an ECS code this provider does not know, quoted verbatim)`;
  const where = f.transport
    ? "no answer received, RequestId none"
    : `HTTP ${f.status ?? "unknown"}, RequestId ${f.requestId ?? "none"}`;
  return `${code} (${where}): ${f.detail.replace(/[\s.]+$/, "")}`;
}

/** The message of a failure that ends the operation. */
export function fatalMessage(subject: MembershipRef, f: Failure, note?: string): string {
  const extra = note ? ` ${note.replace(/\.?$/, ".")}` : "";
  return `${f.action} failed for ${subjectText(subject)}: ${errorText(f)}.${extra} What to do: ${f.hint}`;
}

/** The message when the deadline ends the retries: attempts made and the last error. */
export function deadlineMessage(
  subject: MembershipRef,
  f: Failure,
  attempts: number,
  timeout: Timeout,
  note?: string,
): string {
  const extra = note ? ` ${note.replace(/\.?$/, ".")}` : "";
  return (
    `${f.action} did not succeed for ${subjectText(subject)} within ${formatDuration(timeout.ms)} ` +
    `(${timeout.name}) after ${attempts} attempt${attempts === 1 ? "" : "s"}; last error: ${errorText(f)}.${extra} ` +
    `What to do: ${f.hint} If the cause is temporary, raise ${timeout.name} or run again.`
  );
}
