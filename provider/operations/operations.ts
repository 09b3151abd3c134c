/**
 * The provider's operations over an `EcsApi`, free of Pulumi plumbing:
 *
 * | operation | ECS calls |
 * | --- | --- |
 * | check, diff | none (`../schema/validation.ts`, `../schema/diff.ts`) |
 * | create | a read, `TagResources` (the ownership record), `JoinSecurityGroup`, a read until the membership shows (`create.ts`) |
 * | read | one read (a lost ownership record reads as `owner: null`) |
 * | update | none; when `owner` changed, `TagResources` for the new record and `UntagResources` for the old |
 * | delete | a read, `LeaveSecurityGroup` unless another owner declares it, then `UntagResources` and a read (`delete.ts`) |
 *
 * A read is `DescribeInstances`/`DescribeNetworkInterfaces`, batched up to 100 targets per call.
 * Wait-for-state failures also poll `DescribeInstanceAttribute`/`DescribeNetworkInterfaceAttribute`.
 */

import type { OperationDeps } from "./deps";
import { SecurityGroupMembershipError, stopError } from "./operation-errors";
import { removeRecord, writeRecord } from "./record-writes";
import { readTarget } from "./target-read";
import { ownerOf, recordKey } from "../ownership/records";
import { RetryStop } from "../resilience/retry";
import { withProgress } from "../resilience/retry-context";
import { timeoutFor } from "../schema/durations";
import { formatMembershipId, parseMembershipId } from "../schema/membership-id";
import {
  buildOutputs,
  targetOf,
  type CheckedInputs,
  type MembershipOutputs,
  type MembershipRef,
} from "../schema/model";

export { createMembership } from "./create";
export { deleteMembership } from "./delete";
export type { OperationDeps } from "./deps";

/** The checked inputs a stored membership stands for (its ID names region, target and group). */
function inputsFromState(id: string, props: Record<string, unknown>): CheckedInputs {
  const { target, securityGroupId } = parseMembershipId(id);
  const timeouts =
    props.timeouts && typeof props.timeouts === "object" ? props.timeouts : undefined;
  return {
    securityGroupId,
    ...(target.kind === "instance" ? { instanceId: target.id } : { networkInterfaceId: target.id }),
    regionId: target.regionId,
    adoptExisting: props.adoptExisting === true,
    ...(timeouts ? { timeouts: timeouts as CheckedInputs["timeouts"] } : {}),
    ...(typeof props.owner === "string" ? { owner: props.owner } : {}),
  };
}

const subjectOf = (inputs: CheckedInputs): MembershipRef => ({
  target: targetOf(inputs),
  securityGroupId: inputs.securityGroupId,
});

/** Refresh (and `get`): gone when the target or its membership no longer exists. */
export async function readMembership(
  id: string,
  props: Record<string, unknown>,
  deps: OperationDeps,
): Promise<{ id: string; props: MembershipOutputs | Record<string, never> }> {
  const inputs = inputsFromState(id, props);
  const subject = subjectOf(inputs);
  const timeout = timeoutFor("read", inputs.timeouts, deps.timeout);
  const deadline = deps.clock.now() + timeout.ms;
  try {
    const opDeps = withProgress(deps, id, "read", deadline, timeout.name);
    const seen = await readTarget(subject, "read", opDeps, deadline, "refresh");
    if (!seen || !seen.securityGroupIds.includes(subject.securityGroupId))
      return { id: "", props: {} };
    const adopted = props.adopted === true;
    const owner = inputs.owner ? ownerOf(inputs.owner) : undefined;
    // A record someone removed (a tool that manages the target's whole tag map) shows as no
    // owner, so the next `pulumi up` writes it again.
    const recordLost =
      owner && deps.records.write && !(recordKey(subject.securityGroupId, owner) in seen.tags);
    const observed = recordLost ? { ...inputs, owner: undefined } : inputs;
    return {
      id,
      props: buildOutputs(observed, { adopted, targetSecurityGroupIds: seen.securityGroupIds }),
    };
  } catch (error) {
    throw error instanceof RetryStop ? stopError(subject, error, timeout) : error;
  }
}

/** Settings, the shim or the owner changed: rewrite outputs; a new owner moves the record. */
export async function updateMembership(
  olds: Record<string, unknown>,
  news: CheckedInputs,
  deps: OperationDeps,
): Promise<{ outs: MembershipOutputs }> {
  const groups = Array.isArray(olds.targetSecurityGroupIds) ? olds.targetSecurityGroupIds : [];
  const outs = buildOutputs(news, {
    adopted: olds.adopted === true,
    targetSecurityGroupIds: groups.filter((g): g is string => typeof g === "string"),
  });
  const oldOwner = typeof olds.owner === "string" ? ownerOf(olds.owner) : undefined;
  const newOwner = news.owner ? ownerOf(news.owner) : undefined;
  if (newOwner?.urn === oldOwner?.urn) return { outs };
  const subject = subjectOf(news);
  const timeout = timeoutFor("create", news.timeouts, deps.timeout);
  const deadline = deps.clock.now() + timeout.ms;
  const opDeps = withProgress(deps, formatMembershipId(subject), "update", deadline, timeout.name);
  try {
    // The new record first: killed in between, both stay, and the next `up` moves it again.
    if (newOwner) await writeRecord(subject, newOwner, opDeps, deadline);
    if (oldOwner && deps.records.mayRemove)
      await removeRecord(subject, oldOwner, "create", opDeps, deadline);
  } catch (error) {
    if (error instanceof RetryStop) throw stopError(subject, error, timeout);
    // The membership exists and stays; only its record could not be written (the tag limit).
    if (!(error instanceof SecurityGroupMembershipError)) throw error;
    deps.notify?.(`${error.message} The membership itself is unchanged.`);
    return { outs: { ...outs, owner: null } };
  }
  return { outs };
}
